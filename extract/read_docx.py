"""Word reader (.docx): paragraphs and tables in body order.

python-docx opens and validates the package; the body is then walked on its XML so that
merged cells are exact: a cell spanning columns (``gridSpan``) is followed by empty covered
cells, a cell continuing a vertical merge (``vMerge`` without ``restart``) is empty, and
``gridBefore``/``gridAfter`` keep a short row's cells in their columns. Cells are named
``表N!RrCc`` (N counts the body's tables; r, c the 1-based grid row and column).
Headers, footers and tracked deletions are not part of the text.
"""

from __future__ import annotations

import io
import zipfile

from extract.messages import t as say

from .source import ReadError, Source
from .textbuild import TextBuilder, zip_parts

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP = {_W + "del", _W + "instrText", _W + "delText", _MC_FALLBACK, _W + "rPr", _W + "pPr"}


def _val(el, tag: str) -> str | None:
    """The w:val of the child ``tag`` of ``el``'s properties (None when absent)."""
    found = el.find(tag)
    if found is None:
        return None
    return found.get(_W + "val", "")


def _int(v: str | None, default: int) -> int:
    try:
        return max(0, min(1000, int(v))) if v is not None else default
    except ValueError:
        return default


def _runs_text(el, inline_break: str, para_break: str = " ") -> str:
    """The visible text under ``el``: w:t, tabs, breaks (as ``inline_break``), in order."""
    parts: list[str] = []

    def go(node) -> None:
        tag = node.tag
        if not isinstance(tag, str) or tag in _SKIP:
            return
        if tag == _W + "t":
            parts.append(node.text or "")
        elif tag == _W + "tab":
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append(inline_break)
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
        elif tag == _W + "p" and parts:
            parts.append(para_break)  # a paragraph nested in a text box or cell
        for child in node:
            go(child)

    go(el)
    return "".join(parts)


def _cell_text(tc) -> str:
    # Paragraphs and breaks (nested tables' too) as line breaks: the rendering joins them
    # (textbuild.clean_cell: no space between Chinese characters, else one).
    return _runs_text(tc, "\n", "\n")


def _row_cells(tr) -> list:
    """The w:tc of a row, content controls (w:sdt) unwrapped."""
    out = []
    for child in tr:
        if child.tag == _W + "tc":
            out.append(child)
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                out.extend(content.findall(_W + "tc"))
    return out


def _table_rows(tbl, k: int) -> list[list[tuple[str, str]]]:
    rows: list[list[tuple[str, str]]] = []
    trs = [t for t in tbl if t.tag == _W + "tr"]
    for content in (c.find(_W + "sdtContent") for c in tbl if c.tag == _W + "sdt"):
        if content is not None:
            trs.extend(content.findall(_W + "tr"))
    for r, tr in enumerate(trs, 1):
        texts: list[str] = []
        trpr = tr.find(_W + "trPr")
        before = _int(_val(trpr, _W + "gridBefore"), 0) if trpr is not None else 0
        after = _int(_val(trpr, _W + "gridAfter"), 0) if trpr is not None else 0
        texts.extend([""] * before)
        for tc in _row_cells(tr):
            tcpr = tc.find(_W + "tcPr")
            span = _int(_val(tcpr, _W + "gridSpan"), 1) if tcpr is not None else 1
            vmerge = _val(tcpr, _W + "vMerge") if tcpr is not None else None
            covered = vmerge is not None and vmerge != "restart"
            texts.append("" if covered else _cell_text(tc))
            texts.extend([""] * (max(span, 1) - 1))
        texts.extend([""] * after)
        rows.append([(t, f"表{k}!R{r}C{c}") for c, t in enumerate(texts, 1)])
    return rows


def _walk(body, out: TextBuilder, counter: list[int]) -> None:
    for child in body:
        tag = child.tag
        if tag == _W + "p":
            out.line(_runs_text(child, "\n"))
        elif tag == _W + "tbl":
            cells = child.findall(f"{_W}tr/{_W}tc")
            if len(cells) == 1:  # a one-cell table is a frame around text, not a table
                _walk(cells[0], out, counter)
                continue
            counter[0] += 1
            out.table(_table_rows(child, counter[0]))
        elif tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                _walk(content, out, counter)
        elif tag in (_W + "customXml", _W + "ins"):
            _walk(child, out, counter)


def _open(data: bytes, name: str):
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    parts = zip_parts(data, name, ".docx")
    if "word/document.xml" not in parts:
        raise ReadError(f"{name}: " + say("read.corrupt_docx", detail=say("read.docx_no_document")))
    try:
        return Document(io.BytesIO(data))
    except PackageNotFoundError:
        raise ReadError(f"{name}: " + say("read.corrupt_docx", detail=say("read.docx_no_document"))) from None
    except zipfile.BadZipFile as e:
        raise ReadError(
            f"{name}: " + say("read.corrupt_docx", detail=say("read.damaged_zip", error=e))
        ) from None
    except ValueError as e:  # python-docx: a zip whose main part is not a Word document
        raise ReadError(f"{name}: " + say("read.not_docx", detail=" ".join(str(e).split())[:120])) from None
    except KeyError as e:
        raise ReadError(
            f"{name}: " + say("read.corrupt_docx", detail=say("read.missing_part", part=e))
        ) from None
    except Exception as e:  # noqa: BLE001 - lxml, zlib ...: the package is damaged
        raise ReadError(
            f"{name}: "
            + say("read.corrupt_docx", detail=f"{type(e).__name__}: {' '.join(str(e).split())[:120]}")
        ) from None


def read_docx_bytes(data: bytes, name: str, doc_id: str) -> Source:
    doc = _open(data, name)
    out = TextBuilder()
    _walk(doc.element.body, out, [0])
    text = out.text()
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        raise ReadError(f"{name}: {say('read.no_chinese_docx')}")
    return Source(name=name, text=text, doc_id=doc_id, kind="docx", cells=out.cells, grids=out.grids)
