"""Bounded decoding for the pdfminer reader (extract/read_pdf.py): a decompression bomb
stops at the limits instead of filling memory.
"""

from __future__ import annotations

import io
import logging
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

# Decoded size of one stream, and of all the streams one read decodes: a FlateDecode stream
# inflates up to 1000 times its size, so a 1 MB file can hold 1 GB (a decompression bomb).
# Real reports stay far below: page content streams are KBs, a full embedded CJK font ~20 MB.
MAX_STREAM_BYTES = 64 * 1024 * 1024
MAX_DECODED_BYTES = 512 * 1024 * 1024


# ---------------------------------------------------------------------------- limits
# pdfminer inflates a stream whole (``zlib.decompress``) and caches it: one FlateDecode
# stream of a 1 MB file can take 1 GB. Its inflaters are swapped (once, on first use) for
# bounded ones that stop at MAX_STREAM_BYTES *while* inflating, and every decoded stream
# is charged to the budget of the read running in its thread (MAX_DECODED_BYTES).


class DecodeLimit(Exception):
    """A stream would decode past the limits (not ``zlib.error``, which pdfminer retries)."""


class _Budget(threading.local):
    left: int | None = None  # decoded bytes the running read may still take (None: no read)
    exceeded: str | None = None  # what passed a limit, when pdfminer swallowed the exception


_BUDGET = _Budget()


def _over(what: str) -> DecodeLimit:
    _BUDGET.exceeded = _BUDGET.exceeded or what
    return DecodeLimit(what)


def _stream_limit() -> DecodeLimit:
    return _over(f"a stream inflates past {MAX_STREAM_BYTES >> 20} MB (a decompression bomb?)")


class _BoundedInflater:
    """``zlib.decompressobj`` that raises DecodeLimit once its output passes MAX_STREAM_BYTES."""

    def __init__(self, inner=None, total: int = 0) -> None:
        self._d = inner if inner is not None else zlib.decompressobj()
        self.total = total

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        room = MAX_STREAM_BYTES - self.total + 1  # one byte more than allowed: "over" is visible
        out = self._d.decompress(data, room if max_length <= 0 else min(max_length, room))
        self.total += len(out)
        if self.total > MAX_STREAM_BYTES:
            raise _stream_limit()
        return out

    def copy(self) -> _BoundedInflater:
        return _BoundedInflater(self._d.copy(), self.total)

    @property
    def eof(self) -> bool:
        return self._d.eof

    def flush(self) -> bytes:
        return self.decompress(self._d.unconsumed_tail) if self._d.unconsumed_tail else self._d.flush()


class _BoundedZlib:
    """What pdfminer.pdftypes sees as ``zlib``: the same API, bounded output."""

    error = zlib.error

    @staticmethod
    def decompressobj(*args) -> _BoundedInflater:
        return _BoundedInflater(zlib.decompressobj(*args))

    @staticmethod
    def decompress(data: bytes) -> bytes:
        d = _BoundedInflater()
        out = d.decompress(data)
        if not d.eof:
            raise zlib.error("incomplete or truncated stream")  # as zlib.decompress says
        return out


def _inflate_damaged(data: bytes) -> bytes:
    """pdfminer's ``decompress_corrupted`` (keep what inflates before damage near the end),
    bounded and in linear time: the original feeds zlib one byte at a time and concatenates
    the output, quadratic in it."""
    d = _BoundedInflater()
    out: list[bytes] = []
    pos, step = 0, 1 << 14
    while pos < len(data):
        trial = d.copy()
        try:
            out.append(trial.decompress(data[pos : pos + step]))
        except zlib.error:
            if step > 1:
                step = 1  # find the damaged byte one at a time
                continue
            if pos < len(data) - 3:
                raise
            logging.getLogger("pdfminer.pdftypes").warning("Data-loss while decompressing corrupted data")
            break
        d, pos = trial, pos + step
    return b"".join(out)


def _lzw_bounded(data: bytes) -> bytes:
    from pdfminer.lzw import LZWDecoder

    out: list[bytes] = []
    n = 0
    for chunk in LZWDecoder(io.BytesIO(data)).run():
        n += len(chunk)
        if n > MAX_STREAM_BYTES:
            raise _stream_limit()
        out.append(chunk)
    return b"".join(out)


_LIMITS_INSTALLED = False


def _install_limits() -> None:
    global _LIMITS_INSTALLED
    if _LIMITS_INSTALLED:
        return
    from pdfminer import pdftypes

    pdftypes.zlib = _BoundedZlib()  # type: ignore[assignment]
    pdftypes.decompress_corrupted = _inflate_damaged
    pdftypes.lzwdecode = _lzw_bounded
    decode = pdftypes.PDFStream.decode

    def charged_decode(self) -> None:
        decode(self)
        if _BUDGET.left is not None:
            _BUDGET.left -= len(self.data or b"")
            if _BUDGET.left < 0:
                raise _over(
                    f"its streams inflate past {MAX_DECODED_BYTES >> 20} MB in all (a decompression bomb?)"
                )

    pdftypes.PDFStream.decode = charged_decode
    _LIMITS_INSTALLED = True


@contextmanager
def _decode_budget() -> Iterator[None]:
    _BUDGET.left, _BUDGET.exceeded = MAX_DECODED_BYTES, None
    try:
        yield
    finally:
        _BUDGET.left = None
