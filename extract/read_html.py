"""HTML reader (.html/.htm): the page's text, one block per line, data tables as tab rows.

What a government web page holds is kept as text, web chrome included (发布时间, 来源,
浏览量, 字号 ...): the checks need only ignore it, and offsets must index one rendering.
Scripts, styles and the ``<head>`` are dropped. A table that holds another table, or has a
single cell, is page layout (old CMS pages wrap the whole article in one): its cells are
read as blocks, and so are a table's cells when one holds a heading, or when one holds an
article's worth of text and fewer than three rows have two cells (side-by-side page columns). Every other table is data: its grid (colspan/rowspan expanded, covered
cells empty) is rendered by :class:`extract.textbuild.TextBuilder`, cells named
``表N!RrCc`` (N counts data tables, r and c the 1-based grid row and column).
"""

from __future__ import annotations

import codecs
import re

from extract.messages import t as say

from .source import ReadError, Source
from .textbuild import TextBuilder

_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "meta",
        "link",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "canvas",
        "button",
        "select",
    }
)
_BLOCK = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "aside",
        "main",
        "blockquote",
        "form",
        "fieldset",
        "address",
        "figure",
        "figcaption",
        "hr",
        "center",
        "caption",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "body",
        "html",
        "pre",
        "legend",
        "details",
        "summary",
        "menu",
    }
)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
# A line break in the source between two Chinese characters is where the page's author
# wrapped the HTML, not a space in the text (CSS text level 3 removes it too).
_CJK_WRAP = re.compile(
    r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])[ \t]*[\r\n][ \t\r\n]*"
    r"(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])"
)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _spaces(s: str) -> str:
    """HTML whitespace collapsed: wraps between Chinese characters vanish, other runs are one space."""
    return _HTML_SPACE.sub(" ", _CJK_WRAP.sub("", s))


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# GB2312 and GBK pages routinely hold characters outside their declared set: GB18030 is
# the superset that decodes them all.
_GB = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "ms936", "euc-cn", "hz-gb-2312", "csgb2312"}
_MAX_SPAN = 200  # colspan/rowspan beyond this are typos (colspan="1000"), clamped


def _charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    if name in _GB:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes, name: str) -> tuple[str, str]:
    """BOM, then the declared charset, then UTF-8, then GB18030."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc), enc + "-sig"
            except UnicodeDecodeError as e:
                raise ReadError(
                    f"{name}: " + say("read.html_undecodable_bom", enc=enc, offset=e.start)
                ) from None
    declared = _charset(data)
    for enc in dict.fromkeys(e for e in (declared, "utf-8", "gb18030") if e):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise ReadError(f"{name}: " + say("read.html_undecodable", declared=declared or say("read.no_charset")))


def _tag(el) -> str:
    t = el.tag
    return t.lower() if isinstance(t, str) else ""  # comments, processing instructions: ""


def _hidden(el) -> bool:
    """An element the page never shows (share widgets, print-only copies)."""
    return el.get("hidden") is not None or bool(_HIDDEN.search(el.get("style") or ""))


def _span(el, attr: str) -> int:
    try:
        return max(1, min(_MAX_SPAN, int(str(el.get(attr, "1")).strip() or 1)))
    except ValueError:
        return 1


def _own_rows(table) -> list:
    """The table's rows, not those of tables nested in it."""
    rows = []
    for child in table:
        t = _tag(child)
        if t == "tr":
            rows.append(child)
        elif t in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if _tag(r) == "tr")
    return rows


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
LAYOUT_CELL_CHARS = 800  # a cell holding more text than this is a page column, not a table cell


def _is_data_table(table) -> bool:
    """A table of data, not page layout: no table or heading inside, two cells or more, and
    not side-by-side page columns (a cell holding an article's worth of text in a table
    with fewer than three rows of two cells; a form's long goal cell sits among many)."""
    if any(_tag(e) in ("table", *_HEADINGS) for e in table.iterdescendants()):
        return False
    rows = [[c for c in r if _tag(c) in ("td", "th")] for r in _own_rows(table)]
    if sum(len(r) for r in rows) < 2:
        return False
    if any(len(c.text_content()) > LAYOUT_CELL_CHARS for r in rows for c in r):
        return sum(1 for r in rows if sum(1 for c in r if c.text_content().strip()) >= 2) >= 3
    return True


class _Walker:
    def __init__(self) -> None:
        self.out = TextBuilder()
        self.buf: list[str] = []
        self.n_tables = 0

    def flush(self) -> None:
        if self.buf:
            self.out.line(_spaces("".join(self.buf)))
            self.buf = []

    def walk(self, root) -> None:
        """Depth first with an explicit stack: badly closed pages nest thousands deep."""
        stack: list[tuple[object, bool]] = [(root, False)]
        while stack:
            el, closing = stack.pop()
            t = _tag(el)
            if closing:
                if t in _BLOCK:
                    self.flush()
                self._tail(el)
                continue
            if not isinstance(el.tag, str) or t in _SKIP or _hidden(el):  # comments, PIs too
                self._tail(el)
            elif t == "br":
                self.flush()
                self._tail(el)
            elif t == "table" and _is_data_table(el):
                self.flush()
                self._table(el)
                self._tail(el)
            elif t == "pre":
                self.flush()
                for ln in el.text_content().splitlines():
                    self.out.line(ln)
                self._tail(el)
            else:
                if t in _BLOCK:
                    self.flush()
                if el.text:
                    self.buf.append(el.text)
                stack.append((el, True))
                stack.extend((child, False) for child in reversed(el))

    def _tail(self, el) -> None:
        if el.tail:
            self.buf.append(el.tail)

    def _table(self, table) -> None:
        self.n_tables += 1
        k = self.n_tables
        for cap in (c for c in table if _tag(c) == "caption"):
            self.out.line(_cell_text(cap))
        grid: dict[tuple[int, int], str] = {}
        taken: set[tuple[int, int]] = set()
        rows = _own_rows(table)
        for r, tr in enumerate(rows):
            c = 0
            for td in (x for x in tr if _tag(x) in ("td", "th")):
                while (r, c) in taken:
                    c += 1
                cs, rs = _span(td, "colspan"), _span(td, "rowspan")
                grid[(r, c)] = _cell_text(td)
                for dr in range(min(rs, len(rows) - r)):
                    for dc in range(cs):
                        taken.add((r + dr, c + dc))
                c += cs
        width = max((c + 1 for _, c in taken), default=0)
        self.out.table(
            [
                [(grid.get((r, c), ""), f"表{k}!R{r + 1}C{c + 1}") for c in range(width)]
                for r in range(len(rows))
            ]
        )


def _cell_text(td) -> str:
    """A cell's text on one line: block boundaries and <br> join the text around them without
    a space between Chinese characters (a name wrapped by Enter: 预防<br>接种), else with one."""
    parts: list[str] = [td.text or ""]
    stack: list[tuple[object, bool]] = [(child, False) for child in reversed(td)]
    while stack:
        el, closing = stack.pop()
        t = _tag(el)
        if closing:
            if t in _BLOCK:
                parts.append("\n")
            parts.append(el.tail or "")
            continue
        if not isinstance(el.tag, str) or t in _SKIP or _hidden(el):
            parts.append(el.tail or "")
            continue
        if t == "br" or t in _BLOCK:
            parts.append("\n")
        parts.append(el.text or "")
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    return _spaces("".join(parts)).strip()


def read_html_bytes(data: bytes, name: str, doc_id: str) -> Source:
    import lxml.etree
    import lxml.html

    text, enc = decode_html(data, name)
    text = _XML_DECL.sub("", text, count=1)  # lxml refuses a str that declares an encoding
    if not text.strip():
        raise ReadError(f"{name}: {say('read.empty_file')}")
    try:
        # huge_tree: libxml2 otherwise drops everything nested deeper than 256 (unclosed
        # <font> tags nest that deep on old pages).
        root = lxml.html.document_fromstring(text, parser=lxml.html.HTMLParser(huge_tree=True))
    except (lxml.etree.ParserError, ValueError) as e:
        raise ReadError(f"{name}: " + say("read.html_unreadable", detail=e)) from None
    w = _Walker()
    w.walk(root)
    w.flush()
    rendered = w.out.text()
    if not any("\u4e00" <= ch <= "\u9fff" for ch in rendered):
        raise ReadError(f"{name}: {say('read.no_chinese_html')}")
    return Source(
        name=name,
        text=rendered,
        doc_id=doc_id,
        kind="html",
        encoding=enc,
        cells=w.out.cells,
        grids=w.out.grids,
    )
