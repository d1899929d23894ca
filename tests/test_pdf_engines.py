"""The PDF reader's two engines give the same reports: pdfium (the fast path) and pdfplumber.

Every generated PDF (``jxscan generate --n 60 --seed 3 --pdf-share 1``) and the seed-like
PDFs of ``tests/pdfgen.py`` are read both ways; the texts must be identical, the boxes the
same characters' boxes (the two parsers round font metrics differently: within 1 pt), and
the screened reports equal field for field (page/bbox within 1 pt). ``engine="pdfium"`` is
strict (it raises where the reader would fall back to pdfplumber), so a pass means pdfium
really read every page.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from corpus.generator.cli import main as generate_main
from corpus.generator.pdf import TableSpec
from extract.read import ReadError, Source
from extract.read_pdf import read_pdf_bytes
from service.screen import screen_source

from . import pdfgen

BOX_TOLERANCE = 1.0  # points


def _read(data: bytes, name: str, engine: str) -> Source:
    return read_pdf_bytes(data, name, "doc", engine=engine)


def _same_boxes(a: Source, b: Source) -> None:
    assert len(a.boxes) == len(b.boxes) == len(a.text)
    for i, (x, y) in enumerate(zip(a.boxes, b.boxes, strict=True)):
        assert (x is None) == (y is None), (i, a.text[max(0, i - 10) : i + 10])
        if x is not None:
            assert x.page == y.page
            assert (
                max(abs(x.x0 - y.x0), abs(x.top - y.top), abs(x.x1 - y.x1), abs(x.bottom - y.bottom))
                <= BOX_TOLERANCE
            ), (i, a.text[i], x, y)


def _same(a: Any, b: Any, path: str = "") -> None:
    """Equal, field for field; a ``bbox`` within BOX_TOLERANCE."""
    if isinstance(a, dict) and isinstance(b, dict):
        assert a.keys() == b.keys(), path
        for k in a:
            if k == "bbox" and a[k] is not None and b[k] is not None:
                assert len(a[k]) == len(b[k]) == 4, path
                assert all(abs(p - q) <= BOX_TOLERANCE for p, q in zip(a[k], b[k], strict=True)), (
                    path,
                    a[k],
                    b[k],
                )
            elif k != "doc_id":
                _same(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list) and isinstance(b, list):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{path}[{i}]")
    else:
        assert a == b, (path, a, b)


def _compare(data: bytes, name: str) -> dict[str, Any]:
    fast, slow = _read(data, name, "pdfium"), _read(data, name, "pdfplumber")
    assert fast.text == slow.text, name
    assert fast.pages == slow.pages
    _same_boxes(fast, slow)
    fast_rep, slow_rep = screen_source(fast), screen_source(slow)
    _same(fast_rep, slow_rep, name)
    return fast_rep


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("gen") / "c"
    assert generate_main(["--n", "60", "--seed", "3", "--pdf-share", "1", "--out", str(out), "--quiet"]) == 0
    pdfs = sorted((out / "docs").glob("*.pdf"))
    assert len(pdfs) >= 55  # (a few documents of a corpus are written as text whatever the share)
    return pdfs


def test_generated_pdfs_read_the_same_with_both_engines(generated):
    tables = rows = 0
    for path in generated:
        rep = _compare(path.read_bytes(), path.name)
        tables += len(rep["tables"])
        rows += sum(len(t["rows"]) for t in rep["tables"])
    assert tables >= 60 and rows >= 300  # the comparison covered real tables, not empty reports


@pytest.mark.parametrize(
    "make",
    [
        lambda: pdfgen.render_pdf(pdfgen.sample_report()),
        lambda: pdfgen.render_pdf(pdfgen.sample_report(page_break_between_tables=False), page_numbers=False),
        lambda: pdfgen.render_pdf((pdfgen.sample_report() + [pdfgen.PAGE_BREAK]) * 3),
        # the same tables drawn without ruling lines (pdf_unruled reads them from positions)
        lambda: pdfgen.render_pdf(
            [
                dataclasses.replace(b, ruled=False) if isinstance(b, TableSpec) else b
                for b in pdfgen.sample_report()
            ]
        ),
    ],
    ids=["sample", "one-page-flow", "three-copies", "unruled"],
)
def test_seed_like_pdfs_read_the_same_with_both_engines(make):
    rep = _compare(make(), "seedlike.pdf")
    assert rep["tables"] and all(t["rows"] for t in rep["tables"])


def test_a_character_wrapped_alone_is_kept():
    # pdfium drops a text object whose glyphs have no box (a non-embedded CJK font and no
    # CJK system font); the reader's box font gives them one. 款 wraps alone in this cell.
    src = _read(pdfgen.render_pdf(pdfgen.sample_report()), "s.pdf", "pdfium")
    assert "其中：当年财政拨款\t" in src.text


def test_boxes_are_page_relative_with_an_offset_mediabox():
    fast = _read(pdfgen.offset_mediabox_pdf(), "o.pdf", "pdfium")
    slow = _read(pdfgen.offset_mediabox_pdf(), "o.pdf", "pdfplumber")
    assert fast.text == slow.text
    _same_boxes(fast, slow)


def test_what_pdfium_should_not_read_falls_back_to_pdfplumber():
    data = pdfgen.owner_only_pdf()  # encrypted (owner password only)
    with pytest.raises(ReadError, match=r"r\.pdf: not read with pdfium \(encrypted\)"):
        _read(data, "r.pdf", "pdfium")
    assert _read(data, "r.pdf", "auto").text == "Budget 2023: 1,234.56 (copy restricted)\n"
    # a scanned page (no text): pdfplumber's path says so
    with pytest.raises(ReadError, match="no text layer"):
        _read(pdfgen.no_text_pdf(), "scan.pdf", "auto")


def test_a_bomb_is_refused_before_pdfium_inflates_it():
    from extract import read_pdfium

    bomb = pdfgen.bomb_pdf(96 << 20)  # one stream inflating past the 64 MB limit
    with pytest.raises(read_pdfium.Unsupported, match="inflates past"):
        read_pdfium.check_streams(bomb, 64 << 20, 512 << 20)
    with pytest.raises(ReadError, match="too large to read"):
        _read(bomb, "bomb.pdf", "auto")
