"""One document context per document (issue 15): extraction normalises and outlines the
text once, and the checks reuse that context instead of recomputing it."""

from __future__ import annotations

import pytest

import classify.check as check
import extract.document as document
from classify.check import check_report
from extract.pipeline import extract_document, extract_source
from extract.read import read_path
from tests.conftest import seed_path


@pytest.mark.parametrize("prefix", ["000", "001"])
def test_text_normalised_once_per_document(prefix: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = document.normalize

    def counting(text: str, *a, **k):
        calls.append(len(text))
        return real(text, *a, **k)

    monkeypatch.setattr(document, "normalize", counting)
    src = read_path(seed_path(prefix))
    report, doc = extract_document(src)
    check_report(report, src.text)  # the default: the document this thread extracted last
    assert calls == [len(src.text)]
    assert doc.source is src and doc.norm.text


def test_checks_get_the_extracted_context(monkeypatch: pytest.MonkeyPatch) -> None:
    src = read_path(seed_path("000"))
    report, doc = extract_document(src)
    seen = {}
    real = check.CheckContext

    class Spy(real):  # type: ignore[misc, valid-type]
        def __post_init__(self) -> None:
            super().__post_init__()
            seen["doc"] = self.doc

    monkeypatch.setattr(check, "CheckContext", Spy)
    check_report(report, src.text, doc=doc)
    assert seen["doc"] is doc
    # Another string with the same characters is another document: a new context.
    other = document.document_of("".join(list(src.text)))
    assert other is not doc and other.text == src.text


def test_outline_is_every_heading_and_same_as_before() -> None:
    """The narrative-table reader's outline (tables not excluded) is the one the pipeline
    computed before the context existed; the report's sections exclude table headings."""
    from extract.segment import extract_sections

    src = read_path(seed_path("002"))
    report, doc = extract_document(src)
    assert [(s.start, s.title) for s in doc.outline] == [
        (s.start, s.title) for s in extract_sections(src.text)
    ]
    assert len(report.sections) <= len(doc.outline)
    assert extract_source(src).to_dict() == report.to_dict()
