"""Inputs as the user named them: every file named or found in a folder has one outcome.

``gather`` expands the command line's PATHs into the files to read *and* the inputs that
cannot be read (an unreadable folder, a dangling symbolic link, a link loop, a FIFO or
device), each with what is wrong, so that the commands give every input a row or an error
line instead of skipping it in silence. ``display_path`` turns any path -- a file name that
is not UTF-8, or holds a newline -- into one printable line that SQLite, JSON and a terminal
take as it is. ``read_file`` reads a regular file under a size limit (never opening a FIFO,
which would block) and reports the bytes a lenient decoding replaced.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import extract.read as _read
from extract.messages import t
from extract.read import ReadError, Source, damaged_bytes, expand_paths, read_bytes

# The file types a folder is searched for: the reader's list where it has one.
SUFFIXES: tuple[str, ...] = tuple(getattr(_read, "SUPPORTED", (".txt", ".pdf")))
# Positions listed in one undecodable-bytes warning (the count covers them all).
MAX_POSITIONS = 20


def display_path(path: str | os.PathLike[str]) -> str:
    """``path`` as one printable line: bytes that are not UTF-8 (kept by Python as
    surrogates) as ``\\xNN``, control characters (a newline in a name) as ``\\n``, ``\\x1b``..."""
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


@dataclass(frozen=True)
class Problem:
    """An input that cannot be read: its path (as given or found) and what is wrong."""

    path: str
    error: str


_KINDS = (
    (stat.S_ISFIFO, "read.kind_fifo"),
    (stat.S_ISSOCK, "read.kind_socket"),
    (stat.S_ISCHR, "read.kind_chr"),
    (stat.S_ISBLK, "read.kind_blk"),
)


def _kind(mode: int) -> str:
    return t(next((name for test, name in _KINDS if test(mode)), "read.kind_other"))


def _why(e: OSError) -> str:
    return e.strerror or str(e)


def probe(path: str) -> Problem | None:
    """Why ``path`` (a file name) cannot be read as a report file, or None if it can be."""
    try:
        st = os.stat(path)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return Problem(path, t("read.symlink_loop"))
        if e.errno == errno.ENOENT and os.path.islink(path):
            return Problem(path, t("read.dangling_link", target=display_path(os.readlink(path))))
        return Problem(path, t("read.cannot_read", why=_why(e)))
    if stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode):
        return None
    return Problem(path, t("read.not_regular", kind=_kind(st.st_mode)))


def _folder_problems(root: str) -> list[Problem]:
    """Problems under a folder: unreadable sub-folders, and entries with a report suffix that
    are not regular files (the walk, like the reader's expansion, does not follow links to
    folders)."""
    found: list[Problem] = []

    def unreadable(e: OSError) -> None:
        found.append(Problem(str(e.filename), t("read.cannot_read_folder", why=_why(e))))

    for folder, _dirs, names in os.walk(root, onerror=unreadable):
        for n in names:
            if os.path.splitext(n)[1].lower() in SUFFIXES:
                p = probe(os.path.join(folder, n))
                if p is not None:
                    found.append(p)
    return found


@dataclass
class Inputs:
    files: list[Path]  # regular files to read
    problems: list[Problem]  # inputs that cannot be read: each gets a row / an error line
    missing: list[str]  # messages for PATHs that do not exist (a usage error, not an input)


def gather(paths: list[str]) -> Inputs:
    """Expand PATHs (folders recursively, as ``extract.read.expand_paths`` does) into
    ``Inputs``: nothing named or found is dropped without a word."""
    out = Inputs([], [], [])
    for raw in paths:
        if not os.path.lexists(raw):
            out.missing.append(t("read.no_such_file", name=display_path(raw)))
            continue
        problem = probe(raw)
        if problem is not None:
            out.problems.append(problem)
        elif os.path.isdir(raw):
            files, errors = expand_paths([raw])
            problems = _folder_problems(raw)
            out.files.extend(files)
            out.problems.extend(problems)
            if not problems:  # "holds no report files" says nothing new when a problem does
                out.missing.extend(errors)
        else:
            out.files.append(Path(raw))
    return out


# ---------------------------------------------------------------------------- reading


def read_file_bytes(path: str | os.PathLike[str], max_bytes: int | None = None) -> bytes:
    """A regular file's bytes; ReadError (message without the path) when it is not a regular
    file, is over ``max_bytes`` or cannot be read. Opened non-blocking and checked before
    reading: a FIFO put in a file's place would otherwise block the reader for ever."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise ReadError(t("read.symlink_loop")) from None
        raise ReadError(t("read.cannot_read", why=_why(e))) from None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ReadError(t("read.not_regular", kind=_kind(st.st_mode)))
        if max_bytes is not None and st.st_size > max_bytes:
            raise ReadError(t("read.too_large_bytes", size=f"{st.st_size:,}", limit=f"{max_bytes:,}"))
        try:
            data = f.read() if max_bytes is None else f.read(max_bytes + 1)
        except OSError as e:
            raise ReadError(t("read.cannot_read", why=_why(e))) from None
    if max_bytes is not None and len(data) > max_bytes:  # grew since the fstat
        raise ReadError(t("read.too_large_grew", limit=f"{max_bytes:,}"))
    return data


def decoding_warnings(src: Source, data: bytes) -> list[dict[str, Any]]:
    """A warning for the bytes of a text file that did not decode and were replaced by U+FFFD:
    how many, and where -- byte offsets in the file and ``start``/``end`` in the text
    (``text[start:end] == "\\ufffd"``). Empty when nothing was replaced (a U+FFFD the file
    itself holds is not damage)."""
    if src.kind != "text" or "\ufffd" not in src.text or not src.encoding:
        return []
    runs = damaged_bytes(data, src.encoding)
    if not runs:
        return []
    total = sum(n for _, n, _ in runs)
    first = ", ".join(f"{b:,}" for b, _, _ in runs[:5]) + (", ..." if len(runs) > 5 else "")
    enc = src.encoding.removesuffix("-sig").upper()
    return [
        {
            "code": "undecodable_bytes",
            "message": (
                t("read.undecodable_byte", total=total, enc=enc, first=first)
                if total == 1
                else t("read.undecodable_bytes", total=total, enc=enc, first=first)
            ),
            "bytes": total,
            "positions": [
                {"byte": b, "length": n, "start": c, "end": c + 1} for b, n, c in runs[:MAX_POSITIONS]
            ],
        }
    ]


def read_file(
    path: str | os.PathLike[str], max_bytes: int | None = None, name: str | None = None
) -> tuple[Source, list[dict[str, Any]]]:
    """Read one report file: its Source (named ``name``, default the display path) and the
    decoding warnings. ReadError messages start with that name."""
    label = name if name is not None else display_path(path)
    try:
        data = read_file_bytes(path, max_bytes)
    except ReadError as e:
        raise ReadError(f"{label}: {e}") from None
    src = read_bytes(data, label)
    return src, decoding_warnings(src, data)
