"""One document through the whole pipeline: read → extract → label and check → report dict.

The CLI, the batch runner and the HTTP API all screen documents through here, so they
return the same report object.
"""

from __future__ import annotations

from typing import Any

from extract.pipeline import extract_source
from extract.read import Source

from .serialize import report_dict


def screen_source(src: Source, checks: bool = True, include_text: bool = False) -> dict[str, Any]:
    """The report of ``src`` as a JSON-ready dict (findings, counts and risk when ``checks``)."""
    report = extract_source(src)
    if checks:
        from classify.check import check_report

        check_report(report, src.text)
    return report_dict(report, src, include_text=include_text)
