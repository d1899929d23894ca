"""The HTTP API's worker side (``service/api.py`` serves, these run in its worker processes):
a ``Job`` read and screened into ``(outcome, value)``, the report serialised in the worker;
the lean report (``LEAN_DROPS`` left out); the worker's set-up and memory limits."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import signal
import time
from dataclasses import dataclass
from typing import Any

from extract.messages import t
from extract.read import ReadError, Source, read_bytes, read_text
from extract.read_pdf import read_pdf_bytes
from service import memory
from service.inputs import decoding_warnings
from service.screen import screen_source

DEFAULT_MAX_PAGES = 300


@dataclass(frozen=True)
class Job:
    """One document to screen, as sent to a worker process."""

    name: str
    data: bytes | None = None  # an upload
    text: str | None = None  # a JSON ``text``
    include_text: bool = False
    full: bool = False  # the whole report (tables, reasons ...), not only summary and findings
    max_pages: int = DEFAULT_MAX_PAGES
    test_sleep: float = 0.0  # test hook: seconds to sleep first (a hung worker)
    test_crash: bool = False  # test hook: the worker process dies
    test_hold_mb: int = 0  # test hook: the worker allocates and keeps this many MB (a leak, a bomb)


def _is_pdf(data: bytes, name: str) -> bool:
    # The same test read_bytes uses: the signature, or the name.
    return data[:1024].lstrip().startswith(b"%PDF") or name.lower().endswith(".pdf")


def _read(job: Job) -> Source:
    if job.text is not None:
        return read_text(job.text, job.name)
    assert job.data is not None
    if _is_pdf(job.data, job.name):
        # read_bytes has no page limit argument; the PDF reader it calls has.
        return read_pdf_bytes(
            job.data, job.name, hashlib.sha256(job.data).hexdigest(), max_pages=job.max_pages
        )
    return read_bytes(job.data, job.name)


# This worker's limits (set by _worker_init): its address space, and the resident size past
# which it asks to be replaced after a job.
_LIMITS = {"max_memory": 0, "recycle_mb": 0}
_HELD: list[bytearray] = []  # test hook X-JXScan-Test-Hold: memory a job leaves behind


def screen_job(job: Job) -> tuple[str, Any, bool]:
    """Worker entry point: ``(outcome, value, recycle)``, where ``recycle`` asks for this
    worker to be replaced (still big after the job, or it ran out of memory)."""
    outcome, value = _screen_job(job)
    return outcome, value, outcome == "too_large" or memory.needs_recycling(_LIMITS["recycle_mb"])


def _screen_job(job: Job) -> tuple[str, Any]:
    """``("ok", report as JSON bytes)``, ``("unreadable", message)`` or ``("too_large", message)``.

    The report is serialised here, in the worker, so that the server's event loop only
    passes bytes on (no unpickling and re-encoding of a large dict per request). Other
    exceptions travel back to the server as they are (a 500 there).
    """
    if job.test_sleep:
        time.sleep(job.test_sleep)
    if job.test_crash:
        os._exit(70)
    try:
        if job.test_hold_mb:
            _HELD.append(bytearray(job.test_hold_mb << 20))
        try:
            src = _read(job)
        except ReadError as e:
            return "unreadable", str(e)
        report = (
            screen_source(src, checks=True, include_text=job.include_text)
            if job.full
            else lean_report(src, job.include_text)
        )
    except MemoryError:
        _HELD.clear()
        cap = _LIMITS["max_memory"]
        return "too_large", t(
            "api.too_large_memory", name=job.name, cap=t("api.too_large_cap", cap=cap) if cap else ""
        )
    if job.data is not None and (warnings := decoding_warnings(src, job.data)):
        report["warnings"] = warnings
    # The same encoding as FastAPI's JSONResponse.
    return "ok", json.dumps(report, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode(
        "utf-8"
    )


# What the default (lean) answer leaves out: the structured reading behind the findings. It
# is most of the answer's size (tables alone ~95 KB of a 200 KB seed report) and of the
# time spent turning the report into JSON; findings carry their own evidence and offsets.
LEAN_DROPS = ("tables", "reasons", "goals", "figures", "sections")


def lean_report(src: Source, include_text: bool = False) -> dict[str, Any]:
    """The report of ``src`` without ``LEAN_DROPS``: the same screening (the checks read the
    whole extraction), but only the summary and findings are turned into a dict."""
    from classify.check import check_report
    from extract.pipeline import extract_source
    from service.serialize import report_dict

    report = extract_source(src)
    check_report(report, src.text)
    bare = dataclasses.replace(report, **{k: [] for k in LEAN_DROPS})
    d = report_dict(bare, src, include_text=include_text)
    for k in LEAN_DROPS:
        d.pop(k, None)
    return d


def _worker_init(max_memory: int = 0, recycle_mb: int = 0) -> None:
    # Ctrl-C on the server is the server's business; workers are killed by it, not by the
    # terminal's SIGINT (which would print a traceback per worker).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Capped like the batch's workers: a document that needs more fails alone (MemoryError).
    _LIMITS.update(max_memory=max_memory, recycle_mb=recycle_mb)
    memory.limit(max_memory)


def _serve_job(job: Job) -> tuple[tuple[str, Any], bool]:
    """The worker supervisor's handler (service.workers.JobPool): ``((outcome, value), recycle)``."""
    outcome, value, recycle = screen_job(job)
    return (outcome, value), recycle
