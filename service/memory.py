"""Memory bounds of worker processes (batch and server alike).

A worker is capped (``limit``: RLIMIT_AS, so a document that needs more fails in its own
worker with MemoryError) and recycled: after each document it hands freed memory back to
the system (``malloc_trim``) and, if its resident size is still over a threshold, asks to be
replaced -- CPython keeps the arenas a large document fragmented, so without this one big
document would leave a worker at its peak for the rest of its life.
"""

from __future__ import annotations

import contextlib
import ctypes
import os

DEFAULT_MAX_MEMORY_MB = 2048
DEFAULT_RECYCLE_MB = 768


def limit(mb: int) -> None:
    """Cap this process's address space at ``mb`` MB (0: no cap)."""
    if mb <= 0:
        return
    with contextlib.suppress(Exception):
        import resource

        cap = mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def rss_mb() -> float | None:
    """Resident set size of this process in MB (Linux /proc; None elsewhere)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
    except (OSError, ValueError, IndexError):
        return None


def _trim() -> None:
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def needs_recycling(recycle_mb: float) -> bool:
    """After a document: give freed memory back, then say whether this worker is still over
    ``recycle_mb`` MB resident and should be replaced (0: never)."""
    if recycle_mb <= 0:
        return False
    _trim()
    rss = rss_mb()
    return rss is not None and rss > recycle_mb
