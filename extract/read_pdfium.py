"""A PDF's characters and ruling lines read with pdfium (pypdfium2): the fast path of
:mod:`extract.read_pdf`.

pdfium parses a page's content stream in C, about an order of magnitude faster than
pdfminer (which pdfplumber runs in Python). This module gives, per page, what the reader
needs from pdfplumber, in the same terms:

- the visible characters, with pdfium's *loose* box across (the glyph's advance) and one
  font size up from the font's descent (what pdfminer calls a char's box), page-relative (origin at
  the MediaBox's top-left corner, y downwards); characters pdfium inserts itself
  (spaces and line breaks it guesses) are left out;
- the straight, axis-parallel segments of every painted path (lines, rectangle sides,
  polygon sides), as pdfplumber's *edges*: its table finder (``TableFinder``, lines
  strategy) runs on them unchanged.

Whenever pdfium would read a document differently from pdfminer, or might be unsafe on it,
:class:`Unsupported` is raised and the caller reads the document with pdfplumber instead:
encryption, a rotated page, a character without a Unicode mapping, a page without text,
LZW streams, and streams that inflate past the reader's limits (a decompression bomb is
refused by pdfplumber's bounded inflater, with its message).
"""

from __future__ import annotations

import ctypes
import re
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as c

_LOCK = threading.Lock()  # pdfium is not thread-safe
_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_ENDSTREAM = b"endstream"
_INFERRED = frozenset(" \r\n")
# What pdfium gives for a glyph it cannot map to Unicode (pdfplumber then says "(cid:N)").
_BAD = frozenset("\x00\ufffd\ufffe") | frozenset(chr(u) for u in range(0xD800, 0xE000))


class Unsupported(Exception):
    """pdfium should not read this document (read it with pdfplumber)."""


@dataclass
class RawPage:
    width: float
    height: float
    chars: list[tuple[str, float, float, float, float, float]]  # (text, x0, top, x1, bottom, size)
    edges: list[
        dict[str, Any]
    ]  # pdfplumber edge dicts (object_type, x0, x1, top, bottom, width, height, orientation)
    paths: int  # painted path objects (the ruling count the reader limits)


# ---------------------------------------------------------------------------- fonts
# A font the PDF does not embed is laid out with a system font; without one for its script
# (no CJK font installed) every glyph box is empty, and pdfium's text page silently drops a
# text object whose glyphs all have empty boxes (a character wrapped alone onto a line of a
# table cell). pdfium's default font lookup is kept, and where it finds nothing for a CJK
# font, a one-glyph box font answers instead (extract/data/box.ttf: only glyph boxes come
# from it; characters come from the PDF's encoding, advances from its widths).

_BOX_FONT = (Path(__file__).resolve().parent / "data" / "box.ttf").read_bytes()
_BOX_NAME = b"JXScanBox"
_CJK_CHARSETS = {128, 129, 134, 136}  # Shift-JIS, Hangul, GB2312, Big5
_KEEP: list[Any] = []  # the callbacks and structs pdfium holds pointers to
_FONTS_SET = False


def _install_box_font() -> None:
    global _FONTS_SET
    if _FONTS_SET:
        return
    _FONTS_SET = True
    fields = dict(c.FPDF_SYSFONTINFO._fields_)
    default_ptr = c.FPDF_GetDefaultSystemFontInfo()
    default = default_ptr.contents if default_ptr else None
    handle = ctypes.c_int(1)
    ours = ctypes.cast(ctypes.pointer(handle), ctypes.c_void_p).value

    def forward(name: str, fallback: Any):
        fn = getattr(default, name, None) if default is not None else None
        return (lambda *args: fn(default_ptr, *args[1:])) if fn else (lambda *args: fallback)

    enum, map_font = forward("EnumFonts", None), forward("MapFont", None)
    get_font, get_data = forward("GetFont", None), forward("GetFontData", 0)
    get_face, get_charset, delete = (
        forward("GetFaceName", 0),
        forward("GetFontCharset", 0),
        forward("DeleteFont", None),
    )

    def map_cb(this, weight, italic, charset, pitch, face, exact):
        found = map_font(this, weight, italic, charset, pitch, face, exact)
        return found if found or charset not in _CJK_CHARSETS else ours

    def data_cb(this, font, table, buf, size):
        if font != ours:
            return get_data(this, font, table, buf, size)
        if table != 0:
            return 0  # the whole file only
        if buf and size >= len(_BOX_FONT):
            ctypes.memmove(buf, _BOX_FONT, len(_BOX_FONT))
        return len(_BOX_FONT)

    def face_cb(this, font, buf, size):
        if font != ours:
            return get_face(this, font, buf, size)
        if buf and size > len(_BOX_NAME):
            ctypes.memmove(buf, _BOX_NAME + b"\0", len(_BOX_NAME) + 1)
        return len(_BOX_NAME) + 1

    info = c.FPDF_SYSFONTINFO(
        version=1,
        Release=fields["Release"](lambda this: None),
        EnumFonts=fields["EnumFonts"](lambda this, mapper: enum(this, mapper)),
        MapFont=fields["MapFont"](map_cb),
        GetFont=fields["GetFont"](lambda this, face: get_font(this, face)),
        GetFontData=fields["GetFontData"](data_cb),
        GetFaceName=fields["GetFaceName"](face_cb),
        GetFontCharset=fields["GetFontCharset"](
            lambda this, font: 134 if font == ours else get_charset(this, font)
        ),
        DeleteFont=fields["DeleteFont"](lambda this, font: None if font == ours else delete(this, font)),
    )
    _KEEP.extend([info, handle, default_ptr])
    c.FPDF_SetSystemFontInfo(ctypes.byref(info))


def _headroom() -> int | None:
    """Bytes of address space this process may still take (RLIMIT_AS), None if unlimited."""
    try:
        import resource

        limit = resource.getrlimit(resource.RLIMIT_AS)[0]
        if limit == resource.RLIM_INFINITY:
            return None
        with open("/proc/self/statm") as f:
            used = int(f.read().split()[0]) * resource.getpagesize()
        return limit - used
    except (OSError, ValueError, ImportError):
        return None


def check_memory(inflated: int) -> None:
    """Raise Unsupported unless the document fits easily in the memory left: pdfium aborts
    the whole process when an allocation fails, where pdfminer raises MemoryError (which
    the reader reports as "too large to read"). Four times the inflated streams, plus
    room for pdfium itself."""
    room = _headroom()
    if room is not None and 4 * inflated + (256 << 20) > room:
        raise Unsupported("too little memory left for pdfium")


def check_streams(data: bytes, max_stream: int, max_total: int) -> int:
    """Raise Unsupported when a Flate stream of ``data`` inflates past ``max_stream`` bytes,
    or all of them past ``max_total`` (pdfium has no such bound: it would inflate a bomb
    whole); else the bytes they inflate to. Output is discarded while inflating, so memory
    stays small."""
    if b"/LZWDecode" in data or b"/LZW" in data:
        raise Unsupported("LZW streams")
    total = 0
    for m in _STREAM.finditer(data):
        start = m.end()
        end = data.find(_ENDSTREAM, start)
        if end < 0:
            end = len(data)
        d = zlib.decompressobj()
        size = 0
        chunk = memoryview(data)[start:end]
        try:
            while chunk:
                out = d.decompress(chunk, 1 << 20)
                size += len(out)
                if size > max_stream or total + size > max_total:
                    raise Unsupported("a stream inflates past the limits")
                chunk = d.unconsumed_tail
                if d.eof or not out:
                    break
        except zlib.error:
            pass  # not Flate (an image, a font in the clear), or damaged: pdfium copes or fails
        total += size
    return total


def _matrix(obj) -> tuple[float, float, float, float, float, float]:
    m = c.FS_MATRIX()
    if not c.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner, outer):
    """``inner`` then ``outer`` (PDF row-vector convention: p' = p · inner · outer)."""
    a, b, cc, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        cc * A + d * C,
        cc * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _objects(parent, count_fn, get_fn, outer) -> Iterator[tuple[Any, tuple]]:
    """Every page object (into form XObjects too) with its matrix to page space."""
    for i in range(count_fn(parent)):
        obj = get_fn(parent, i)
        kind = c.FPDFPageObj_GetType(obj)
        m = _matrix(obj)
        full = _compose(m, outer) if outer is not None else m
        if kind == c.FPDF_PAGEOBJ_FORM:
            # A form's objects are in the form's space; its matrix maps that to the page.
            yield from _objects(obj, c.FPDFFormObj_CountObjects, c.FPDFFormObj_GetObject, full)
        elif kind == c.FPDF_PAGEOBJ_PATH:
            yield obj, full


def _path_edges(obj, m, x0: float, y1: float, out: list[dict[str, Any]]) -> None:
    """The axis-parallel straight segments of a path, as pdfplumber edges."""
    fill = ctypes.c_int()
    stroke = ctypes.c_int()
    if c.FPDFPath_GetDrawMode(obj, fill, stroke) and not fill.value and not stroke.value:
        return  # not painted (pdfminer drops such paths too)
    a, b, cc, d, e, f = m
    x = ctypes.c_float()
    y = ctypes.c_float()
    start = prev = None
    for i in range(c.FPDFPath_CountSegments(obj)):
        seg = c.FPDFPath_GetPathSegment(obj, i)
        c.FPDFPathSegment_GetPoint(seg, x, y)
        px, py = x.value, y.value
        pt = (a * px + cc * py + e - x0, y1 - (b * px + d * py + f))
        kind = c.FPDFPathSegment_GetType(seg)
        if kind == c.FPDF_SEGMENT_MOVETO:
            start = prev = pt
            continue
        if kind == c.FPDF_SEGMENT_LINETO and prev is not None:
            _edge(prev, pt, out)
        prev = pt
        if c.FPDFPathSegment_GetClose(seg) and start is not None and prev != start:
            _edge(prev, start, out)
            prev = start


def _edge(p: tuple[float, float], q: tuple[float, float], out: list[dict[str, Any]]) -> None:
    # Rounded like the coordinates pdfminer computes in doubles from the same numbers, so a
    # rectangle's sides meet exactly and "vertical" means x0 == x1 as in pdfplumber.
    px, py, qx, qy = round(p[0], 4), round(p[1], 4), round(q[0], 4), round(q[1], 4)
    if px == qx:
        orientation = "v"
    elif py == qy:
        orientation = "h"
    else:
        return  # a diagonal (a header's slash) rules no cell
    out.append(
        {
            "object_type": "path_edge",
            "x0": min(px, qx),
            "x1": max(px, qx),
            "top": min(py, qy),
            "bottom": max(py, qy),
            "width": abs(px - qx),
            "height": abs(py - qy),
            "orientation": orientation,
        }
    )


def _chars(page, x0: float, y1: float) -> list[tuple[str, float, float, float, float, float]]:
    """``(text, x0, top, x1, bottom, size)`` of every glyph of the page, in content order."""
    tp = c.FPDFText_LoadPage(page)
    if not tp:
        raise Unsupported("no text page")
    try:
        n = c.FPDFText_CountChars(tp)
        if n <= 0:
            return []
        buf = ctypes.create_string_buffer((n + 1) * 2)
        got = c.FPDFText_GetText(tp, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
        text = buf.raw[: max(0, got - 1) * 2].decode("utf-16-le", errors="replace")
        if len(text) != n:
            raise Unsupported("characters outside the BMP")  # indices would not line up
        # Hot loop (one pass per glyph): pdfium calls bound to locals, one rect reused.
        is_generated, map_error = c.FPDFText_IsGenerated, c.FPDFText_HasUnicodeMapError
        loose, font_size = c.FPDFText_GetLooseCharBox, c.FPDFText_GetFontSize
        rect = c.FS_RECTF()
        ref = ctypes.byref(rect)
        out: list[tuple[str, float, float, float, float, float]] = []
        for i, ch in enumerate(text):
            if ch in _INFERRED and (ch in "\r\n" or is_generated(tp, i) == 1):
                continue  # a space or line break pdfium inferred (it infers nothing else): no glyph
            if ch in _BAD or map_error(tp, i) == 1:
                raise Unsupported("a character without a Unicode mapping")
            loose(tp, i, ref)
            size = font_size(tp, i)
            height = rect.top - rect.bottom
            if height > 0 and not 0.5 * height <= size <= 2 * height:
                size = height  # a size scaled by the text matrix (1 Tf, then Tm 12 0 0 12)
            # Across: the loose box (the advance). Down: one font size above the box's
            # bottom (the font's descent), as pdfminer makes it: the ascent pdfium reads
            # from a font can differ, and a height that differs by font would reorder lines
            # whose tops nearly tie (a label centred in a merged cell).
            bottom = y1 - rect.bottom
            out.append((ch, rect.left - x0, bottom - size, rect.right - x0, bottom, size))
        return out
    finally:
        c.FPDFText_ClosePage(tp)


def read_pages(
    data: bytes, max_pages: int, max_stream: int, max_total: int, max_paths: int
) -> tuple[int, list[RawPage]]:
    """The page count, and each page's characters and edges (none past ``max_paths`` path
    objects: a vector drawing, not a form); no pages when the count passes ``max_pages``."""
    check_memory(len(data) + check_streams(data, max_stream, max_total))
    with _LOCK:
        _install_box_font()
        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as e:
            raise Unsupported(f"pdfium cannot open it ({e})") from None
        try:
            if c.FPDF_GetSecurityHandlerRevision(doc.raw) != -1:
                raise Unsupported("encrypted")
            count = len(doc)
            pages = [] if count > max_pages else [_read_page(doc, i, max_paths) for i in range(count)]
        finally:
            doc.close()
    return count, pages


def _read_page(doc, index: int, max_paths: int) -> RawPage:
    page = c.FPDF_LoadPage(doc.raw, index)
    if not page:
        raise Unsupported(f"page {index + 1} does not load")
    try:
        if c.FPDFPage_GetRotation(page) != 0:
            raise Unsupported("a rotated page")
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        if not c.FPDFPage_GetMediaBox(page, left, bottom, right, top):
            raise Unsupported("no MediaBox")
        x0, y0, x1, y1 = left.value, bottom.value, right.value, top.value
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        if x1 - x0 < 1 or y1 - y0 < 1:
            raise Unsupported("a page without area")  # a damaged MediaBox: pdfplumber names the damage
        chars = _chars(page, x0, y1)
        if all(ch[0].isspace() for ch in chars):
            raise Unsupported("a page without text")  # blank, scanned or damaged: pdfplumber says which
        edges: list[dict[str, Any]] = []
        paths = 0
        for obj, m in _objects(page, c.FPDFPage_CountObjects, c.FPDFPage_GetObject, None):
            paths += 1
            if paths > max_paths:
                edges = []
                break
            _path_edges(obj, m, x0, y1, edges)
        return RawPage(width=x1 - x0, height=y1 - y0, chars=chars, edges=edges, paths=paths)
    finally:
        c.FPDF_ClosePage(page)
