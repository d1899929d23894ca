"""Synthetic report PDFs (and their plain-text twins) for tests.

The drawing is the product's own (``corpus.generator.pdf``: STSong-Light text, centred
titles, ruled 自评表 grids with merged cells, byte-deterministic output); this module adds
what only the tests need: a hand-written sample report, a 自评表 built from literal cell
texts, the tab-layout text twin of a document, and broken PDFs for the error paths.

A document is a list of *blocks* (see ``corpus.generator.pdf``): ``str`` body paragraphs,
``Title(text)`` / ``Center(text)``, ``TableSpec(rows, spans, col_widths)`` and ``PAGE_BREAK``.

Typical use (this is what a PDF-vs-text extraction test does)::

    from tests import pdfgen
    blocks = pdfgen.sample_report()                 # narrative + two 自评表
    data = pdfgen.render_pdf(blocks, tmp_path / "r.pdf")   # bytes (also written to the path)
    text = pdfgen.report_text(blocks)               # the same content as tab-layout text
    src_pdf = read_bytes(data, "r.pdf")
    src_txt = read_text(text, "r.txt")
    # extract both and compare the structures (tables/rows/values); the PDF text differs
    # from ``text`` only in where narrative paragraphs wrap ("\\n" inside paragraphs).

Build your own content with ``self_eval_blocks(...)`` (one titled 自评表) and
``Indicator(...)`` rows; ``render_report_pdf(path, paragraphs, tables, title)`` is a
shortcut for "title, paragraphs, then tables".  Bad inputs for error tests:
``truncated_pdf``, ``encrypted_pdf``, ``no_text_pdf``, ``zero_page_pdf``, ``many_page_pdf``
(and ``owner_only_pdf``, encrypted but readable without a password).
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Sequence
from dataclasses import astuple, dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas as rl_canvas

from corpus.generator.pdf import (
    FONT,
    PAGE_BREAK,
    Block,
    Center,
    Heading,
    TableSpec,
    Title,
    project_table,
    render_blocks,
    table_piece,
)


@dataclass
class Indicator:
    level1: str  # 一级指标 (产出指标 ...)
    level2: str  # 二级指标 (数量指标 ...)
    name: str  # 三级指标
    target: str  # 年度指标值
    actual: str  # 实际完成值
    weight: str  # 分值
    score: str  # 得分
    reason: str = ""  # 偏差原因分析及改进措施


@dataclass
class Funds:
    label: str  # 年度资金总额 / 其中：当年财政拨款 / 其他资金
    initial: str  # 年初预算数
    budget: str  # 全年预算数
    executed: str  # 全年执行数
    weight: str = "—"  # 分值
    rate: str = "—"  # 执行率
    score: str = "—"  # 得分


# ---------------------------------------------------------------- the 自评表 layout


def self_eval_table(
    project: str,
    dept: str,
    unit: str,
    funds: Sequence[Funds],
    goal_expected: str,
    goal_actual: str,
    indicators: Sequence[Indicator],
    total_weight: str = "100",
    total_score: str = "",
) -> TableSpec:
    """The 项目支出绩效自评表 grid (9 columns), see ``corpus.generator.pdf.project_table``."""
    # The dataclasses' field order is the table's column order.
    return project_table(
        project,
        dept,
        unit,
        [astuple(f) for f in funds],
        goal_expected,
        goal_actual,
        [astuple(i) for i in indicators],
        total_weight,
        total_score,
    )


def self_eval_blocks(year: str = "2023", **kwargs) -> list[Block]:
    """Title ``项目支出绩效自评表``, the ``(YEAR 年度)`` line and the table (kwargs: self_eval_table)."""
    return [Title("项目支出绩效自评表"), Center(f"({year} 年度)"), self_eval_table(**kwargs)]


# ---------------------------------------------------------------- sample content


SAMPLE_PARAGRAPHS = [
    "一、部门主要职责",
    "负责贯彻落实国家和自治区有关档案工作的方针政策和法律法规，统筹规划全区档案事业发展，"
    "指导和监督各单位档案工作，做好档案的收集、整理、保管和利用工作。",
    "二、收入支出决算总体情况说明",
    "2023 年度收入总计 1,234.56 万元，比上年增加 120.30 万元，增长 10.80%，主要原因是人员调整"
    "及档案数字化项目资金增加。支出总计 1,234.56 万元，其中基本支出 1,000.12 万元，占 81.01%；"
    "项目支出 234.44 万元，占 18.99%。",
    "三、预算绩效情况说明",
    "本部门组织对 2023 年度一般公共预算项目支出全面开展绩效自评，共涉及项目 2 个，资金 80.00 万元，"
    "占一般公共预算项目支出总额的 100%。从评价情况来看，项目执行情况较好，绩效目标基本实现。",
]

#: The two sample 自评表 of the 档案馆: project, money (年初, 全年预算, 执行), the 资金总额 row's
#: (分值, 执行率, 得分), goals (expected, actual), indicator rows, 总分 score.
_SAMPLE_TABLES = [
    (
        "档案数字化加工经费",
        ("50.00", "50.00", "48.00"),
        ("10", "96.00%", "9.60"),
        (
            "完成馆藏档案数字化加工 2000 件，提升档案利用效率，保障档案实体安全。",
            "完成馆藏档案数字化加工 2092 件，档案查阅利用更加便捷。",
        ),
        [
            ("产出指标", "数量指标", "档案数字化加工数量", ">=2000 件", "=2092 件", "10", "10.00"),
            (
                "产出指标",
                "数量指标",
                "档案整理卷数",
                ">=300 卷",
                "=280 卷",
                "10",
                "9.33",
                "部分档案移交时间推迟，下年度加快整理进度",
            ),
            ("产出指标", "质量指标", "数字化成果验收合格率", "=100%", "=100%", "10", "10.00"),
            ("产出指标", "时效指标", "项目完成时间", "<=2023 年 12 月", "=2023 年 12 月", "10", "10.00"),
            ("成本指标", "经济成本指标", "档案数字化加工成本", "<=50 万元", "=48 万元", "10", "10.00"),
            ("效益指标", "社会效益指标", "档案利用效率提升", "有效提升", "有效提升", "20", "20.00"),
            ("满意度指标", "服务对象满意度指标", "查档群众满意度", ">=95%", "=98%", "20", "20.00"),
        ],
        "99.93 分",
    ),
    (
        "档案馆安全运行保障经费",
        ("30.00", "30.00", "30.00"),
        ("10", "100.00%", "10.00"),
        (
            "保障档案馆库房恒温恒湿及消防安防设施正常运行，确保档案实体安全。",
            "库房设施全年正常运行，未发生安全事故。",
        ),
        [
            ("产出指标", "数量指标", "设备维护保养次数", ">=12 次", "=12 次", "20", "20.00"),
            ("产出指标", "质量指标", "设施正常运行率", ">=98%", "=99%", "20", "20.00"),
            ("效益指标", "社会效益指标", "档案实体安全保障", "有效保障", "有效保障", "30", "30.00"),
            ("满意度指标", "满意度指标", "使用人员满意度", ">=90%", "=96%", "20", "20.00"),
        ],
        "100.00 分",
    ),
]


def sample_tables() -> list[list[Block]]:
    """Two 自评表 (as block lists), with wrapped cells, merged runs and a deviation reason."""
    out = []
    for project, money, scores, (expected, actual), rows, total in _SAMPLE_TABLES:
        funds = [
            Funds("年度资金总额", *money, *scores),
            Funds("其中：当年财政拨款", *money),
            Funds("其他资金", "0.00", "0.00", "0.00"),
        ]
        out.append(
            self_eval_blocks(
                project=project,
                dept="某区档案局",
                unit="某区档案馆",
                funds=funds,
                goal_expected=expected,
                goal_actual=actual,
                indicators=[Indicator(*r) for r in rows],
                total_weight="100",
                total_score=total,
            )
        )
    return out


def sample_report(page_break_between_tables: bool = True) -> list[Block]:
    """A short 部门决算公开说明: title, narrative paragraphs, then two 自评表."""
    blocks: list[Block] = [Title("某区档案局 2023 年度部门决算公开说明")]
    blocks += SAMPLE_PARAGRAPHS
    tables = sample_tables()
    for i, t in enumerate(tables):
        if i and page_break_between_tables:
            blocks.append(PAGE_BREAK)
        blocks += t
    return blocks


# ---------------------------------------------------------------- rendering and text twins


def render_pdf(blocks: Sequence[Block], path: str | Path | None = None, page_numbers: bool = True) -> bytes:
    """Render blocks to an A4 PDF; returns the bytes and writes them to ``path`` if given.

    ``page_numbers`` draws ``- N -`` in the bottom margin of every page, as real reports do
    (the reader drops such lines, so they are not part of ``report_text``).
    """
    data = render_blocks(blocks, author="pdfgen", page_numbers=page_numbers)
    if path is not None:
        Path(path).write_bytes(data)
    return data


def render_report_pdf(
    path: str | Path | None,
    paragraphs: Sequence[str],
    tables: Sequence[TableSpec | Sequence[Block]],
    title: str,
) -> bytes:
    """Shortcut: title, the paragraphs, then each table (a TableSpec or a self_eval_blocks list)."""
    return render_pdf(_report_blocks(paragraphs, tables, title), path)


def report_text_for(
    paragraphs: Sequence[str], tables: Sequence[TableSpec | Sequence[Block]], title: str
) -> str:
    """The tab-layout text twin of ``render_report_pdf``'s content."""
    return report_text(_report_blocks(paragraphs, tables, title))


def _report_blocks(paragraphs, tables, title) -> list[Block]:
    blocks: list[Block] = [Title(title), *paragraphs]
    for t in tables:
        blocks += [t] if isinstance(t, TableSpec) else list(t)
    return blocks


def table_lines(spec: TableSpec) -> list[str]:
    """Rows as the reader emits them: cells joined by tab, covered cells empty, empty rows dropped."""
    return ["\t".join(row) for row in spec.rows if any(row)]


def report_text(blocks: Sequence[Block]) -> str:
    """The same content as plain text in the seeds' layout: paragraphs and titles separated by
    blank lines, every table row one line with cells joined by tabs."""
    parts: list[str] = []
    for b in blocks:
        if b is PAGE_BREAK:
            continue
        if isinstance(b, TableSpec):
            parts.append("\n".join(table_lines(b)))
        elif isinstance(b, (Title, Center, Heading)):
            parts.append(b.text)
        else:
            parts.append(b)
    return "\n\n".join(parts) + "\n"


# ---------------------------------------------------------------- bad PDFs


def truncated_pdf(data: bytes, keep: float = 0.4) -> bytes:
    """The first ``keep`` fraction of a PDF's bytes (a cut-off download)."""
    return data[: max(16, int(len(data) * keep))]


def encrypted_pdf(user_password: str = "secret", text: str = "加密的报告") -> bytes:
    """A one-page PDF that needs a user password to open (RC4 128-bit standard security)."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    buf = io.BytesIO()
    enc = StandardEncryption(user_password, "owner-" + user_password, strength=128)
    c = rl_canvas.Canvas(buf, pagesize=A4, encrypt=enc)
    c.setFont(FONT, 12)
    c.drawString(72, 750, text)
    c.showPage()
    c.save()
    return buf.getvalue()


def owner_only_pdf(text: str = "Budget 2023: 1,234.56 (copy restricted)") -> bytes:
    """Encrypted with an empty user password (copy/print restrictions only): opens without one.

    ASCII text in Helvetica: reportlab encrypts the STSong CIDSystemInfo strings so that
    pdfminer cannot map that font back to Unicode in an encrypted file.
    """
    from reportlab.lib.pdfencrypt import StandardEncryption

    buf = io.BytesIO()
    enc = StandardEncryption("", "owner", canCopy=0, canModify=0, strength=128)
    c = rl_canvas.Canvas(buf, pagesize=A4, encrypt=enc)
    c.setFont("Helvetica", 12)
    c.drawString(72, 750, text)
    c.showPage()
    c.save()
    return buf.getvalue()


def no_text_pdf(pages: int = 2) -> bytes:
    """A PDF with only drawn lines and rectangles (like a scan without OCR): no characters."""
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=A4)
    for _ in range(pages):
        c.rect(72, 500, 300, 200)
        for i in range(5):
            c.line(72, 520 + i * 30, 372, 520 + i * 30)
        c.showPage()
    c.save()
    return buf.getvalue()


def offset_mediabox_pdf() -> bytes:
    """A page whose MediaBox does not start at (0, 0): [10 10 610 810].

    Content: the line ``偏移页面的文字`` with its baseline 100pt below the page top and 72pt
    from its left edge, and below it a 2x2 ruled table (指标/分值, 满意度/10).
    """
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(600, 800), pageCompression=0)
    c.translate(10, 10)
    c.setFont(FONT, 12)
    c.drawString(72, 700, "偏移页面的文字")
    t = table_piece(TableSpec(rows=[["指标", "分值"], ["满意度", "10"]], col_widths=[60, 60]), 0, 2)
    t.wrapOn(c, 400, 400)
    t.drawOn(c, 72, 500)
    c.showPage()
    c.save()
    data = buf.getvalue()
    # Same length, so the xref offsets stay right.
    assert data.count(b"/MediaBox [ 0 0 600 800 ]") == 1
    return data.replace(b"/MediaBox [ 0 0 600 800 ]", b"/MediaBox [10 10 610 810]")


def zero_page_pdf() -> bytes:
    """A syntactically valid PDF whose page tree is empty."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()


def many_page_pdf(pages: int, text: str = "第{n}页") -> bytes:
    """A PDF with ``pages`` short pages (for the page-limit guard and page-order tests)."""
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=A4)
    for n in range(1, pages + 1):
        c.setFont(FONT, 12)
        c.drawString(72, 750, text.format(n=n))
        c.showPage()
    c.save()
    return buf.getvalue()


# ---------------------------------------------------------------- hand-built PDFs (hostile inputs)


def tiny_pdf(
    mediabox: bytes = b"[0 0 595 842]",
    content: bytes = b"BT /F1 12 Tf 72 750 Td (x) Tj ET",
    stream: bytes | None = None,
) -> bytes:
    """A one-page PDF, built by hand so that one field can be broken on purpose; ``stream``:
    its content stream already deflated."""
    stream = zlib.compress(content) if stream is None else stream
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox " + mediabox + b" /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def bomb_pdf(inflated: int) -> bytes:
    """A valid one-page PDF of ~inflated/1000 bytes whose content stream inflates to
    ``inflated`` bytes of spaces. Built in a second: each MB is deflated once after a full
    flush (which makes the next block independent of it), and the block repeated."""
    chunk = b" " * (1 << 20)
    c = zlib.compressobj(9)
    first = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    n = inflated >> 20
    adler = 1
    for _ in range(n):
        adler = zlib.adler32(chunk, adler)
    # b"\x03\x00": an empty final block (fixed Huffman); then the checksum of the whole output.
    return tiny_pdf(stream=first + block * (n - 1) + b"\x03\x00" + struct.pack(">I", adler))
