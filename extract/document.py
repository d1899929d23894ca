"""One document context, built once per document: the exact text, its normalised form, its
outline and its source (PDF boxes, table cells), with a memo for whatever else a stage
derives from them. Extraction builds it (extract/pipeline.py), labels and rules read it
(``CheckContext.doc``) instead of normalising, folding or sectioning the text again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .model import Section
from .normalize import NormText, normalize
from .read import Source
from .segment import extract_sections


@dataclass
class Document:
    text: str
    source: Source | None = None
    _norm: NormText | None = None
    _cache: dict[str, Any] = field(default_factory=dict)

    @property
    def norm(self) -> NormText:
        """The normalised text (width folded, line wraps joined), computed on first use."""
        if self._norm is None:
            self._norm = normalize(self.text)
        return self._norm

    @property
    def folded(self) -> str:
        """The width-folded text, same offsets as ``text``."""
        return self.norm.folded or ""

    @property
    def outline(self) -> list[Section]:
        """Every heading of the text, tables not excluded (the narrative-table reader's
        view: it runs before the tables are known)."""
        return self.cached("outline", lambda: extract_sections(self.text, folded=self.folded))

    def cached(self, key: str, make: Callable[[], Any]) -> Any:
        """Memo of anything derived from the document alone (one computation per document)."""
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]


_LAST = threading.local()


def remember(doc: Document) -> None:
    """Keep ``doc`` as this thread's last extracted document, so that a caller handing the
    same text on to the checks (``check_report(extract_source(src), src.text)``) reuses it."""
    _LAST.doc = doc


def document_of(text: str) -> Document:
    """The context of ``text``: the one extraction built if it is this very string, else a
    new one."""
    doc = getattr(_LAST, "doc", None)
    if doc is not None and doc.text is text:
        return doc
    return Document(text)
