"""A rule's documentation in one language, from its bilingual docstring.

The format (every rule of ``classify/rules/*.py``): the Chinese text first, then a line
``[en] English title`` and the English text::

    未达目标却得满分……（中文说明）

    [en] Full score despite a missed target
    A row that missed its target ... (English documentation)

``jxscan rules`` prints the part of the current language; the Chinese title is the
``@rule(title=...)`` one. A docstring without the marker is shown whole in both languages.
"""

from __future__ import annotations

import re
from typing import Any

from extract.messages import current_lang, normalize_lang, t

_MARKER = re.compile(r"^\[en\][ \t]*(?P<title>[^\n]*)$", re.M)


def split_doc(doc: str) -> tuple[str, str | None, str | None]:
    """``(chinese, english title, english text)``; the last two None without the marker."""
    m = _MARKER.search(doc)
    if m is None:
        return doc.strip(), None, None
    return doc[: m.start()].strip(), m["title"].strip() or None, doc[m.end() :].strip()


def rule_dict(rule: Any) -> dict[str, Any]:
    """The rule as data (``/v1/rules``, ``jxscan rules --format json``): ``doc`` stays the whole
    bilingual docstring (the contract), and each language gets its own fields so a client
    need not split it: ``title_zh``/``doc_zh`` and ``title_en``/``doc_en`` (None without ``[en]``)."""
    zh, title_en, en = split_doc(rule.doc)
    return {**rule.to_dict(), "title_zh": rule.title, "title_en": title_en, "doc_zh": zh, "doc_en": en}


def scoring_rule_dict(s: Any) -> dict[str, Any]:
    """A scoring rule as data: its Chinese ``title`` and English ``doc`` as they were, and the
    other language of each from the catalogue."""
    return {
        "name": s.name,
        "title": s.title,
        "doc": s.doc,
        "title_zh": s.title,
        "title_en": t(f"scoring.{s.name}", "en"),
        "doc_zh": t(f"scoring_doc.{s.name}", "zh"),
        "doc_en": " ".join(s.doc.split()),
    }


def rule_doc(rule: Any, lang: str | None = None) -> str:
    zh, _title, en = split_doc(rule.doc)
    return en if (normalize_lang(lang) or current_lang()) == "en" and en else zh


def rule_title(rule: Any, lang: str | None = None) -> str:
    _zh, title, _en = split_doc(rule.doc)
    return title if (normalize_lang(lang) or current_lang()) == "en" and title else rule.title
