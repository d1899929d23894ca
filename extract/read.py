"""Readers: bytes in, decoded text (and for PDFs the page/bbox of every character) out.

Offsets everywhere index ``Source.text``: for text files the decoded file exactly as
received (BOM stripped, CRLF kept); for PDFs the text the PDF reader produced; for web
pages, Word documents and spreadsheets the text rendering their reader produced
(:mod:`extract.textbuild`), with ``Source.cells`` naming every table cell in it.

The reader is chosen by the file's type: its signature where it has one (PDF, zip, OLE2),
else its suffix; see :func:`read_bytes`.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import threading
from pathlib import Path

from extract.messages import t as say

# The reader's types live in extract.source (the readers import them from there); they are
# re-exported here, where callers have always found them.
from .source import CharBox, ReadError, Source  # noqa: F401 - re-exported

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


# Undecodable bytes a text file may hold and still be read (each replaced by U+FFFD and
# reported with its byte offset): a few damaged bytes must not reject a whole report, while a
# file in another encoding fails on far more than this share of its bytes.
MAX_DAMAGED_SHARE = 0.01


class _Runs(threading.local):
    found: list[tuple[int, int]] | None = None


_RUNS = _Runs()


def _note_run(e: UnicodeError) -> tuple[str, int]:
    """Codec error handler ``jxscan-runs``: what ``replace`` does, noting each bad run."""
    assert isinstance(e, UnicodeDecodeError) and _RUNS.found is not None
    _RUNS.found.append((e.start, e.end))
    return "\ufffd", e.end


codecs.register_error("jxscan-runs", _note_run)


def damaged_bytes(data: bytes, encoding: str) -> list[tuple[int, int, int]]:
    """Every undecodable run of ``data`` read as ``encoding`` (a ``decode_text`` label, such
    as ``utf-8`` or ``utf-16-le-sig``): ``(byte offset in data, byte length, offset of its
    U+FFFD in the decoded text)``. ``data.decode(..., "replace")`` puts one U+FFFD per run."""
    base, body = encoding, data
    if encoding.endswith("-sig"):
        base = encoding[:-4]
        bom = next(b for b, e in _BOMS if e == base)
        body = data[len(bom) :] if data.startswith(bom) else data
    skip = len(data) - len(body)
    _RUNS.found = []
    try:
        body.decode(base, "jxscan-runs")  # one pass over the bytes, noting every bad run
        found = _RUNS.found
    finally:
        _RUNS.found = None
    runs: list[tuple[int, int, int]] = []
    chars = prev = 0
    for start, stop in found:
        # The decoders used here (UTF-8/16, GB18030) restart cleanly after a bad run, so the
        # valid stretch before it decodes on its own to exactly its share of the text.
        chars += len(body[prev:start].decode(base))
        runs.append((skip + start, stop - start, chars))
        chars += 1
        prev = stop
    return runs


def _plausible_chinese(text: str) -> bool:
    # GB18030 decodes almost any byte soup; insist that the result reads as Chinese text.
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    printable = sum(1 for ch in text if ch.isprintable() or ch in "\r\n\t")
    return printable >= 0.95 * len(text) and cjk >= 0.2 * len(text.strip())


def _bad_share(data: bytes, encoding: str) -> tuple[float, int | None]:
    """Share of ``data``'s bytes that do not decode as ``encoding``, and the first one's offset."""
    try:
        data.decode(encoding)
        return 0.0, None
    except UnicodeDecodeError as e:
        first = e.start
    bad = len(data) - len(data.decode(encoding, "ignore").encode(encoding))
    return bad / max(len(data), 1), first


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode report bytes: BOM, then UTF-8, then GB18030 (a superset of GBK/GB2312).

    Lenient where it stays honest: a text with a few undecodable bytes (up to
    MAX_DAMAGED_SHARE) is decoded with each bad run replaced by one U+FFFD -- ``damaged_bytes``
    says where, for the caller's warning. Raises ReadError for empty, binary or undecodable
    input, naming the first bad byte's offset in the file.
    """
    if not data.strip():
        raise ReadError(f"{name}: {say('read.empty_file')}")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            share, first = _bad_share(data[len(bom) :], enc)
            if share > MAX_DAMAGED_SHARE:
                raise ReadError(
                    f"{name}: " + say("read.undecodable_bom", enc=enc, offset=f"{len(bom) + (first or 0):,}")
                )
            return data[len(bom) :].decode(enc, "replace"), enc + "-sig"
    if data[:4096].count(b"\x00") > 4:  # a stray NUL in a text is damage, not a binary file
        raise ReadError(f"{name}: {say('read.binary_nul')}")
    utf8, first = _bad_share(data, "utf-8")
    if utf8 == 0:
        return data.decode("utf-8"), "utf-8"
    gb, _ = _bad_share(data, "gb18030")
    if gb == 0 and _plausible_chinese(data.decode("gb18030")):
        return data.decode("gb18030"), "gb18030"
    if utf8 <= MAX_DAMAGED_SHARE and utf8 <= gb:
        return data.decode("utf-8", "replace"), "utf-8"
    if gb <= MAX_DAMAGED_SHARE:
        text = data.decode("gb18030", "replace")
        if _plausible_chinese(text):
            return text, "gb18030"
    if utf8 <= MAX_DAMAGED_SHARE:
        return data.decode("utf-8", "replace"), "utf-8"
    raise ReadError(f"{name}: " + say("read.undecodable", offset=f"{first:,}"))


# Characters a text holds that ``str.isprintable`` refuses: line and page breaks, tabs.
_LAYOUT_CHARS = "\r\n\t\f"
_CJK_CHAR = re.compile("[\u4e00-\u9fff]")


# The unprintable characters a text commonly holds (controls, no-break, full-width and
# zero-width spaces, the BOM), removed and counted by one regex; built from candidate
# ranges filtered by ``str.isprintable`` itself, so the class holds nothing printable.
_COMMON_UNPRINTABLE = re.compile(
    "["
    + "".join(
        re.escape(c)
        for c in map(
            chr,
            [*range(0x20), *range(0x7F, 0xA1), 0xAD, 0x1680, *range(0x2000, 0x2010), *range(0x2028, 0x2030)]
            + [*range(0x205F, 0x2065), 0x3000, 0xFEFF],
        )
        if not (c.isprintable() or c in _LAYOUT_CHARS)
    )
    + "]"
)


def unprintable_count(chunk: str) -> int:
    """How many characters of ``chunk`` are neither printable nor layout (``\\r\\n\\t\\f``).

    Without a Python step per character: the layout characters and the common unprintable
    ones are removed (``str.replace``, one regex) and ``str.isprintable`` asked of the rest,
    all in C; only what is left unprintable after that is counted per distinct character."""
    rest = chunk
    for ch in _LAYOUT_CHARS:
        if ch in rest:
            rest = rest.replace(ch, "")
    if rest.isprintable():
        return 0
    rest, n = _COMMON_UNPRINTABLE.subn("", rest)
    if rest.isprintable():
        return n
    return n + sum(rest.count(ch) for ch in set(rest) if not ch.isprintable())


def _check_text(text: str, name: str) -> None:
    if unprintable_count(text[:20000]) > 0.05 * min(len(text), 20000):
        raise ReadError(f"{name}: {say('read.binary_control')}")
    if _CJK_CHAR.search(text) is None:
        raise ReadError(f"{name}: {say('read.no_chinese')}")


SUPPORTED = (".txt", ".pdf", ".html", ".htm", ".docx", ".xlsx", ".xls")
_SUPPORTED_LIST = " ".join(SUPPORTED)
# A suffix names a file type only when it looks like one (``x.2023`` or ``<text>`` do not).
_SUFFIX = re.compile(r"\.([A-Za-z][A-Za-z0-9]{0,7})$")
_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|body|table|style|div)\b",
    re.I | re.S,
)
_SPREADSHEETML = b"urn:schemas-microsoft-com:office:spreadsheet"
_CONVERT = {
    ".doc": "old Word .doc",
    ".wps": "WPS .wps",
    ".et": "WPS .et",
    ".rtf": "RTF",
    ".ofd": "OFD",
    ".odt": "OpenDocument .odt",
    ".ods": "OpenDocument .ods",
}


def file_type(name: str) -> str:
    """The lower-case suffix of ``name`` when it names a type (``.docx``), else ``""``."""
    m = _SUFFIX.search(name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])
    return "." + m.group(1).lower() if m else ""


def _zip_kind(data: bytes) -> str | None:
    """``.docx`` or ``.xlsx`` for an Office Open XML package, by its main part."""
    import io
    import zipfile

    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "word/document.xml" in names:
        return ".docx"
    if "xl/workbook.xml" in names:
        return ".xlsx"
    return None


def _sniff(data: bytes, suffix: str) -> str:
    """The reader to use: the signature decides where there is one, else the suffix."""
    head = data[:1024]
    if head.lstrip().startswith(b"%PDF"):
        return ".pdf"
    if data.startswith(_ZIP) and suffix in ("", ".docx", ".xlsx", ".xls", ".doc"):
        # A misnamed package (an .xlsx saved as .xls, a .docx as .doc) is read for what it is.
        return _zip_kind(data) or (suffix or ".zip")
    if suffix in (".xls", ".doc", "") and _HTML_START.match(head):
        return ".html"  # web systems export "Excel"/"Word" files that are HTML tables
    if suffix in (".xls", "") and _SPREADSHEETML in data[:4096]:
        return ".xml-spreadsheet"  # Excel 2003 XML, as web systems export "Excel" files
    if suffix == "" and data.startswith(_OLE2):
        return ".xls"  # an Excel 97-2003 workbook, or an old .doc (the xls reader says so)
    if suffix == ".xls" and not data.startswith(_OLE2) and b"\t" in head:
        return ".txt"  # tab-separated text saved as .xls by a web export: the tab layout as is
    return suffix or ".txt"


def unsupported_error(name: str, suffix: str) -> ReadError:
    if suffix in _CONVERT:
        return ReadError(
            f"{name}: "
            + say("read.unsupported_convert", suffix=suffix, how=_CONVERT[suffix], supported=_SUPPORTED_LIST)
        )
    return ReadError(f"{name}: " + say("read.unsupported", suffix=suffix, supported=_SUPPORTED_LIST))


def read_bytes(data: bytes, name: str) -> Source:
    """Read one report from bytes; PDFs, zip and OLE2 files are recognised by their
    signature, the rest by the name's suffix (none, or .txt: text)."""
    doc_id = hashlib.sha256(data).hexdigest()
    suffix = file_type(name)
    if not data.strip():
        raise ReadError(f"{name}: {say('read.empty_file')}")
    kind = _sniff(data, suffix)
    if kind == ".pdf":
        from .read_pdf import read_pdf_bytes

        return read_pdf_bytes(data, name, doc_id)
    if kind in (".html", ".htm"):
        from .read_html import read_html_bytes

        return read_html_bytes(data, name, doc_id)
    if kind == ".docx":
        from .read_docx import read_docx_bytes

        return read_docx_bytes(data, name, doc_id)
    if kind == ".xlsx":
        from .read_xlsx import read_xlsx_bytes

        return read_xlsx_bytes(data, name, doc_id)
    if kind == ".xls":
        from .read_xlsx import read_xls_bytes

        return read_xls_bytes(data, name, doc_id)
    if kind == ".xml-spreadsheet":
        from .read_xlsx import read_spreadsheetml_bytes

        return read_spreadsheetml_bytes(data, name, doc_id)
    if kind != ".txt":
        raise unsupported_error(name, kind if kind != ".zip" else suffix or ".zip")
    text, enc = decode_text(data, name)
    _check_text(text, name)
    return Source(name=name, text=text, doc_id=doc_id, kind="text", encoding=enc)


def read_text(text: str, name: str = "<text>") -> Source:
    """A report given as a str (HTTP JSON, tests): offsets index this exact string."""
    if not text.strip():
        raise ReadError(f"{name}: {say('read.empty_text')}")
    _check_text(text, name)
    doc_id = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Source(name=name, text=text, doc_id=doc_id, kind="text", encoding="utf-8")


def read_path(path: str | Path) -> Source:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise ReadError(f"{p}: " + say("read.cannot_read", why=e.strerror or e)) from None
    return read_bytes(data, str(p))


def expand_paths(paths: list[str]) -> tuple[list[Path], list[str]]:
    """Files to read: directories expand (recursively, sorted) to their files of a supported type.

    Returns (files, errors) where errors name paths that do not exist.
    """
    files: list[Path] = []
    errors: list[str] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in SUPPORTED)
            if not found:
                errors.append(f"{p}: " + say("read.no_report_files", supported=_SUPPORTED_LIST))
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            errors.append(f"{p}: " + say("read.no_such_path"))
    return files, errors
