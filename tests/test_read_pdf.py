"""PDF reader: generated report PDFs (pdfgen) read back as seed-like text with char boxes."""

from __future__ import annotations

import io
import re
import time

import pdfplumber
import pytest

from extract.read import ReadError, read_bytes, read_path
from extract.read_pdf import _LOOKALIKES, read_pdf_bytes

try:
    from tests import pdfgen
except ImportError:  # tests/ itself on sys.path
    import pdfgen


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample report (narrative on page 1 with table 1, table 2 on page 2) read back."""
    blocks = pdfgen.sample_report()
    path = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    data = pdfgen.render_pdf(blocks, path)
    return blocks, path, data, read_path(path)


# --------------------------------------------------------------------------- text


def test_source_basics(sample):
    _, path, _, src = sample
    assert src.kind == "pdf"
    assert src.pages == 2
    assert src.name == str(path)
    assert len(src.boxes) == len(src.text)
    assert src.text.endswith("\n") and not src.text.startswith("\n")


def test_paragraph_text_exact(sample):
    _, _, _, src = sample
    lines = src.text.split("\n")
    for para in pdfgen.SAMPLE_PARAGRAPHS:
        # Wrapped paragraphs come out as several visual lines; every one is an exact slice
        # of the paragraph and together they spell it (the space at a wrap point is lost).
        assert _squash(para) in _squash(src.text)
        start = next(i for i, ln in enumerate(lines) if ln and para.startswith(ln))
        got = []
        for ln in lines[start:]:
            if not ln:
                break
            assert ln in para, ln
            got.append(ln)
        assert _squash("".join(got)) == _squash(para)
    # Headings are their own paragraph (blank line around them).
    assert "\n\n一、部门主要职责\n\n" in src.text
    assert src.text.startswith("某区档案局 2023 年度部门决算公开说明\n\n")
    assert "\n\n项目支出绩效自评表\n\n(2023 年度)\n\n项目名称\t档案数字化加工经费\t" in src.text


def test_table_rows_are_tab_lines(sample):
    blocks, _, _, src = sample
    lines = src.text.split("\n")
    specs = [b for b in blocks if isinstance(b, pdfgen.TableSpec)]
    assert len(specs) == 2
    for spec in specs:
        expected = pdfgen.table_lines(spec)
        i = lines.index(expected[0])
        assert lines[i : i + len(expected)] == expected
    header = "\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施"
    assert lines.count(header) == 2
    row = next(ln for ln in lines if "档案数字化加工数量" in ln).split("\t")
    assert row == [
        "年度绩效指标完成情况",
        "产出指标",
        "数量指标",
        "档案数字化加工数量",
        ">=2000 件",
        "=2092 件",
        "10",
        "10.00",
        "",
    ]
    # Merged 一级/二级 cells read as empty cells on the rows they cover.
    row = next(ln for ln in lines if "档案整理卷数" in ln).split("\t")
    assert row == [
        "",
        "",
        "",
        "档案整理卷数",
        ">=300 卷",
        "=280 卷",
        "10",
        "9.33",
        "部分档案移交时间推迟，下年度加快整理进度",
    ]
    assert "总分\t\t\t\t\t\t100\t99.93 分\t" in lines
    assert "主管部门\t某区档案局\t\t\t实施单位\t某区档案馆\t\t\t" in lines
    assert "\t其中：当年财政拨款\t50.00\t50.00\t48.00\t—\t—\t—\t" in lines


def test_wrapped_cells_joined_without_separator(sample):
    _, path, _, src = sample
    # pdfplumber itself sees these cells over several lines ...
    with pdfplumber.open(path) as pdf:
        cells = [c for row in pdf.pages[0].find_tables()[0].extract() for c in row if c]
    assert "部分档案移交时间推迟，下\n年度加快整理进度" in cells
    assert "年度绩效\n指标完成\n情况" in cells
    assert "其中：当\n年财政拨\n款" in cells
    # ... the reader joins them with nothing in between (Chinese wraps mid-word).
    assert "\t部分档案移交时间推迟，下年度加快整理进度" in src.text
    assert "\n年度绩效指标完成情况\t" in src.text
    assert "\t服务对象满意度指标\t" in src.text


def test_pdf_text_matches_text_twin(sample):
    blocks, _, _, src = sample
    twin = pdfgen.report_text(blocks)
    # Same table lines in the same order ...
    assert [ln for ln in src.text.split("\n") if "\t" in ln] == [ln for ln in twin.split("\n") if "\t" in ln]
    # ... and the same text apart from where narrative lines wrap.
    assert _squash(src.text) == _squash(twin)


def test_ascii_words_wrapped_in_cell_keep_their_space(tmp_path):
    spec = pdfgen.TableSpec(
        rows=[["编号", "说明"], ["A1", "Budget execution rate of project funds"]],
        col_widths=[40, 60],
    )
    src = read_bytes(pdfgen.render_pdf([spec], page_numbers=False), "ascii.pdf")
    assert src.text == "编号\t说明\nA1\tBudget execution rate of project funds\n"
    with pdfplumber.open(io.BytesIO(pdfgen.render_pdf([spec]))) as pdf:
        assert "\n" in pdf.pages[0].extract_tables()[0][1][1]  # it really wraps


def test_gaps_become_spaces_and_fake_bold_is_deduplicated():
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont(pdfgen.FONT, 12)
    c.drawString(72, 700, "年度指标值")
    c.drawString(72 + 5 * 12 + 20, 700, ">=22")  # a 20pt gap, no space glyph
    c.drawString(72 + 5 * 12 + 20 + 4 * 6.1, 700, "个")  # touching: no space
    for dx in (0, 0.3):  # bold faked by printing twice, slightly shifted
        c.drawString(72 + dx, 650, "粗体标题")
    c.showPage()
    c.save()
    src = read_bytes(buf.getvalue(), "gaps.pdf")
    assert src.text == "年度指标值 >=22个\n粗体标题\n"
    assert src.boxes[5] is None and src.boxes[6].x0 == 152.0


def test_page_numbers_dropped(sample):
    _, _, _, src = sample
    assert "- 1 -" not in src.text and "- 2 -" not in src.text
    assert not re.search(r"^\s*-\s*\d+\s*-\s*$", src.text, re.M)


# --------------------------------------------------------------------------- boxes


def test_boxes_on_page_and_inside_it(sample):
    _, path, _, src = sample
    with pdfplumber.open(path) as pdf:
        sizes = [(float(p.width), float(p.height)) for p in pdf.pages]
    inserted = 0
    for ch, box in zip(src.text, src.boxes, strict=True):
        if box is None:
            inserted += 1
            assert ch in "\n\t ", repr(ch)  # only separators are reader-made
            continue
        assert ch not in "\n\t"
        w, h = sizes[box.page - 1]
        assert 0 <= box.x0 < box.x1 <= w
        assert 0 <= box.top < box.bottom <= h
    assert inserted > 100
    # Everything up to the first 自评表 is on page 1; the second project is on page 2.
    first = src.text.index("档案数字化加工经费")
    second = src.text.index("档案馆安全运行保障经费")
    assert {b.page for b in src.boxes[:first] if b} == {1}
    assert {b.page for b in src.boxes[second:] if b} == {2}


def test_locate_cell_matches_pdf(sample):
    _, path, _, src = sample
    i = src.text.index("\t=2092 件\t") + 1
    loc = src.locate(i, i + len("=2092 件"))
    assert loc["page"] == 1
    x0, top, x1, bottom = loc["bbox"]
    assert x1 - x0 > 20 and 5 < bottom - top < 12
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        inside = page.within_bbox((x0 - 0.5, top - 0.5, x1 + 0.5, bottom + 0.5))
        assert inside.extract_text() == "=2092 件"
        # The cell sits in the table's 实际完成值 column, right of the 年度指标值 cell.
        j = src.text.index(">=2000 件")
        assert src.locate(j, j + 8)["bbox"][2] <= x0
    # A wrapped cell: union box over its lines, still on one page.
    k = src.text.index("部分档案移交时间推迟，下年度加快整理进度")
    loc = src.locate(k, k + 20)
    assert loc["page"] == 1 and loc["bbox"][3] - loc["bbox"][1] > 15  # two lines tall
    j = src.text.index("档案馆安全运行保障经费")
    assert src.locate(j, j + 5)["page"] == 2
    assert src.locate(src.text.index("\n"), src.text.index("\n") + 1) is None


def test_boxes_are_page_relative_when_mediabox_is_offset():
    src = read_bytes(pdfgen.offset_mediabox_pdf(), "offset.pdf")
    assert src.text == "偏移页面的文字\n\n指标\t分值\n满意度\t10\n"
    first = src.boxes[0]
    assert first.x0 == 72.0 and first.x1 == 84.0  # 72pt from the page's left edge
    assert 88 < first.top < 100 < first.bottom < 104  # baseline 100pt below the top edge
    loc = src.locate(src.text.index("满意度"), src.text.index("满意度") + 3)
    assert loc["bbox"][0] == 74.0  # table at x=72 plus 2pt cell padding


# --------------------------------------------------------------------------- pages


def test_multi_page_order():
    src = read_bytes(pdfgen.many_page_pdf(12), "many.pdf")
    assert src.pages == 12
    assert src.text == "".join(f"第{n}页\n" for n in range(1, 13))
    for n in range(1, 13):
        i = src.text.index(f"第{n}页")
        assert {b.page for b in src.boxes[i : i + len(f"第{n}页")]} == {n}


def test_long_table_over_page_break():
    inds = [
        pdfgen.Indicator("产出指标", "数量指标", f"第{i}项任务完成数量", f">={i} 件", f"={i} 件", "2", "2.00")
        for i in range(1, 41)
    ]
    blocks = pdfgen.self_eval_blocks(
        project="长表项目",
        dept="某局",
        unit="某单位",
        funds=[pdfgen.Funds("年度资金总额", "1.00", "1.00", "1.00", "10", "100%", "10")],
        goal_expected="目标",
        goal_actual="完成",
        indicators=inds,
        total_score="100 分",
    )
    src = read_bytes(pdfgen.render_pdf(blocks), "long.pdf")
    assert src.pages >= 2
    lines = src.text.split("\n")
    assert [ln for ln in lines if "\t" in ln] == pdfgen.table_lines(blocks[-1])
    # Rows keep document order across the page break, and the tail rows are on later pages.
    pos = [src.text.index(f"\t第{i}项任务完成数量\t") for i in range(1, 41)]
    assert pos == sorted(pos)
    assert src.boxes[pos[-1] + 1].page > src.boxes[pos[0] + 1].page


def test_page_limit():
    data = pdfgen.many_page_pdf(6)
    with pytest.raises(ReadError, match=r"many\.pdf: PDF has 6 pages, more than the limit of 5"):
        read_pdf_bytes(data, "many.pdf", "x", max_pages=5)
    assert read_pdf_bytes(data, "many.pdf", "x", max_pages=6).pages == 6


# --------------------------------------------------------------------------- errors


@pytest.fixture(scope="module")
def good_bytes():
    return pdfgen.render_pdf(pdfgen.sample_report())


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d: pdfgen.truncated_pdf(d, 0.4), "truncated PDF"),
        (lambda d: pdfgen.truncated_pdf(d, 0.97), "truncated PDF"),
        (lambda d: d[: len(d) // 2] + b"\n%%EOF\n", "corrupt or truncated PDF"),
        (lambda d: d[:2000] + bytes(b ^ 0x55 for b in d[2000:4000]) + d[4000:], "corrupt"),
        (lambda d: b"%PDF-1.4\n" + bytes(range(256)) * 20 + b"\n%%EOF\n", "corrupt or truncated PDF"),
        (lambda d: pdfgen.encrypted_pdf(), "encrypted PDF (password needed)"),
        (lambda d: pdfgen.no_text_pdf(), "no text layer (scanned PDF? OCR it first)"),
        (lambda d: pdfgen.zero_page_pdf(), "PDF has no pages"),
        (lambda d: b"this is not a pdf at all %%EOF", "not a PDF file"),
    ],
    ids=[
        "cut40",
        "cut97",
        "cut-with-eof",
        "garbled-stream",
        "garbage",
        "encrypted",
        "no-text",
        "zero-pages",
        "not-pdf",
    ],
)
def test_bad_pdfs_raise_readerror(tmp_path, good_bytes, make, message):
    path = tmp_path / "坏文件.pdf"
    path.write_bytes(make(good_bytes))
    with pytest.raises(ReadError) as exc:
        read_path(path)
    msg = str(exc.value)
    assert msg.startswith(f"{path}: ")
    assert message in msg
    assert "\n" not in msg


def test_owner_password_only_reads():
    src = read_bytes(pdfgen.owner_only_pdf(), "restricted.pdf")
    assert src.text == "Budget 2023: 1,234.56 (copy restricted)\n"
    assert src.boxes[0].page == 1


def test_signature_dispatch_without_pdf_name(good_bytes):
    src = read_bytes(good_bytes, "upload.bin")
    assert src.kind == "pdf" and "档案数字化加工经费" in src.text


def test_lookalike_radicals_fold_to_ideographs():
    # Word/WPS PDFs map 一/目/行 to Kangxi radicals; the reader folds them 1:1.
    assert _LOOKALIKES[0x2F00] == "一"
    assert _LOOKALIKES[ord("⽬")] == "目"
    assert all(len(v) == 1 for v in _LOOKALIKES.values())


def test_speed_per_page(good_bytes):
    blocks = (pdfgen.sample_report() + [pdfgen.PAGE_BREAK]) * 5
    data = pdfgen.render_pdf(blocks)
    t = time.perf_counter()
    src = read_bytes(data, "speed.pdf")
    per_page = (time.perf_counter() - t) / src.pages
    assert src.pages == 10
    assert per_page < 0.5, f"{per_page:.3f} s/page"
