"""Report → JSON-ready dict, with page/bbox added to every span for PDF input."""

from __future__ import annotations

import json
from typing import Any

from extract.model import Report
from extract.read import Source


def _annotate(obj: Any, src: Source) -> None:
    """Add ``page``/``bbox`` beside every ``start``/``end`` pair (PDF sources only)."""
    if isinstance(obj, dict):
        s, e = obj.get("start"), obj.get("end")
        if isinstance(s, int) and isinstance(e, int) and 0 <= s < e:
            loc = src.locate(s, e)
            if loc:
                obj.update(loc)
        for v in obj.values():
            if isinstance(v, dict | list):
                _annotate(v, src)
    elif isinstance(obj, list):
        for v in obj:
            _annotate(v, src)


def report_dict(report: Report, src: Source | None = None, include_text: bool = False) -> dict[str, Any]:
    d = report.to_dict(include_text=include_text)
    if src is not None and src.boxes:
        _annotate(d, src)
    return d


def dumps(d: dict[str, Any], indent: int | None = None) -> str:
    return json.dumps(d, ensure_ascii=False, indent=indent)
