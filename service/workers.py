"""The worker supervisor: documents screened in worker processes under a deadline, a
memory cap and a recycling rule, every failure one document's failed record.

Behind ``jxscan batch`` (:class:`WorkerPool`) and its Dask engine (``service.engine_dask``
runs :func:`screen_file` in its screening processes and builds the same records with
:func:`timeout_record` and :func:`crash_record`, word for word). What it guarantees:

- **deadlines**: a document that overruns ``timeout`` seconds fails alone with
  ``timeout after N s`` (its worker is killed, a fresh one takes its place);
- **memory caps**: each worker's address space is capped (``max_memory_mb``), so a document
  that needs more raises MemoryError in its own worker (``too large to screen in memory``);
- **crash messages**: a worker that dies fails its own document with ``worker crashed
  (exit code N[: killed by SIGNAL])``, transient when the signal came from outside;
- **recycling**: a worker still over ``RECYCLE_MB`` resident after a document is replaced;
- **one version**: :func:`tool_version`, which every stored row and every answer carries.

Why our own worker loop rather than ``concurrent.futures.ProcessPoolExecutor``: a pool
cannot stop ONE running task (a hung PDF keeps its worker forever; ``cancel()`` only works
on queued tasks), and when a worker dies the whole pool breaks (BrokenProcessPool) and
fails every pending future without saying which document killed it. Here every worker is
a process with its own pipe and at most one document at a time, so the parent always
knows which document a worker holds.

Test hooks (a slow machine, a parser that hangs or crashes on a file) are injected as a
:class:`service.hooks.TestHooks`, never read from the environment.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.metadata
import multiprocessing as mp
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from extract.messages import t
from extract.read import ReadError, read_bytes

from . import memory, store
from .hooks import NO_HOOKS, TestHooks
from .inputs import decoding_warnings, display_path, read_file

# A worker still this big (resident MB) after a document is replaced by a fresh one.
RECYCLE_MB = memory.DEFAULT_RECYCLE_MB
# Signals that come from outside (an operator, the OOM killer, a shutdown), not from the
# document crashing the parser (SIGSEGV, SIGBUS, SIGABRT ...): the next run retries.
_EXTERNAL_SIGNALS = frozenset({signal.SIGKILL, signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT})


def tool_version() -> str:
    try:
        return importlib.metadata.version("jxscan")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"


class EngineError(RuntimeError):
    """The screening engine cannot go on, through no document's fault (a distributed engine's
    worker of another version, a lost connection): the batch stops, and a re-run resumes it."""


@dataclass(frozen=True)
class Task:
    path: str
    doc_id: str  # sha256 of the bytes the parent read
    size: int


# ---------------------------------------------------------------------------- worker side


def _strip_name(msg: str, path: str) -> str:
    """Reader messages start with the file name; the documents row has the path already."""
    return msg[len(path) + 2 :] if msg.startswith(path + ": ") else msg


def screen_file(
    task: Task, checks: bool, max_memory_mb: int = 0, data: bytes | None = None, hooks: TestHooks = NO_HOOKS
) -> store.DocRecord:
    """Screen one file into a record; every failure becomes a failed record, never an exception.

    ``data``: the file's bytes, when the parent shipped them (a worker on another machine
    that cannot read the path; ``--engine dask --ship-bytes``). The record and the report
    name the file by its displayable path (``inputs.display_path``)."""
    # Imported here so that the parent side (and report_html's tool_version) needs no pipeline;
    # whoever starts workers imports service.screen first, so a deadline never times imports.
    from .screen import screen_source

    t0 = time.perf_counter()
    shown = display_path(task.path)
    try:
        hooks.before_document(Path(task.path).name)
        if data is None:
            src, warnings = read_file(task.path, name=shown)
        else:
            src = read_bytes(data, shown)
            warnings = decoding_warnings(src, data)
        report = screen_source(src, checks=checks)
        if warnings:
            report["warnings"] = warnings
        # The text goes along (compressed here, in parallel): the corpus pass needs it, and
        # the file may be gone or changed by then.
        rec = store.record_from_report(
            report, shown, src.kind, task.size, time.perf_counter() - t0, text=src.text
        )
        rec.warnings = [w["message"] for w in warnings]
        return rec
    except ReadError as e:
        error = _strip_name(str(e), shown)
    except MemoryError:
        error = t("batch.fail.memory_limit", mb=max_memory_mb) if max_memory_mb else t("batch.fail.memory")
    except Exception as e:  # noqa: BLE001 - one broken document never stops the batch
        msg = " ".join(str(e).split())[:300]
        error = t("batch.fail.screening", error=f"{type(e).__name__}: {msg}" if msg else type(e).__name__)
    return store.failed_record(task.doc_id, shown, error, task.size, time.perf_counter() - t0)


def timeout_record(task: Task, timeout: float) -> store.DocRecord:
    """A document whose worker overran the time limit: transient (the machine may have been
    busy), so the next run tries it again, up to ``store.MAX_TRANSIENT_ATTEMPTS`` times."""
    return store.failed_record(
        task.doc_id,
        task.path,
        t("batch.fail.timeout", seconds=f"{timeout:g}"),
        task.size,
        timeout,
        transient=True,
    )


def crash_record(task: Task, code: int | None) -> store.DocRecord:
    """A document whose worker died: transient when a signal from outside killed it."""
    external = code is not None and code < 0 and -code in {int(s) for s in _EXTERNAL_SIGNALS}
    return store.failed_record(task.doc_id, task.path, crash_message(code), task.size, transient=external)


def die_with_parent(parent_pid: int) -> None:
    """Linux: have the kernel SIGKILL this worker when the parent dies (kill -9 included),
    so that no orphan keeps screening -- or hanging -- after its batch is gone."""
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(0)


def limit_memory(mb: int) -> None:
    """Cap the worker's address space: a document that needs more raises MemoryError in its
    own worker instead of pulling the machine into swap or the OOM killer."""
    memory.limit(mb)


@dataclass(frozen=True)
class ScreenFiles:
    """The batch's worker job: a Task in, its DocRecord out (never an exception)."""

    checks: bool
    max_memory_mb: int
    hooks: TestHooks = NO_HOOKS

    def __call__(self, task: Task) -> tuple[store.DocRecord, bool]:
        return screen_file(task, self.checks, self.max_memory_mb, hooks=self.hooks), False


def _worker_main(
    conn: Connection,
    parent_pid: int | None,
    handler: Callable[[Any], tuple[Any, bool]],
    max_memory_mb: int,
    recycle_mb: int,
    init: Callable[..., None] | None = None,
    init_args: tuple = (),
) -> None:
    """A worker process: one message at a time, ``handler(message) -> (result, recycle)``;
    it answers ``(result, recycle or still over recycle_mb resident)`` and stops on None.

    ``parent_pid``: the supervisor's process, watched (None: whoever started this one, the
    forkserver of a server's workers)."""
    parent_pid = os.getppid() if parent_pid is None else parent_pid
    die_with_parent(parent_pid)
    # Ctrl-C reaches the whole process group; the parent alone handles it (and stops us).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limit_memory(max_memory_mb)
    if init is not None:
        init(*init_args)
    while True:
        try:
            while not conn.poll(1.0):
                if os.getppid() != parent_pid:  # orphaned (where PR_SET_PDEATHSIG is missing)
                    return
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        result, recycle = handler(msg)
        try:
            # With the result: whether this worker is still big after it (to be replaced).
            conn.send((result, recycle or memory.needs_recycling(recycle_mb)))
        except (BrokenPipeError, OSError):
            return


def crash_message(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return t("batch.fail.crash_signal", code=code, signal=signal.Signals(-code).name)
        except ValueError:
            pass
    return t("batch.fail.crash", code=code)


class _Worker:
    """One worker process, its pipe, and the message it holds (if any)."""

    def __init__(
        self,
        ctx,
        handler: Callable[[Any], tuple[Any, bool]],
        max_memory_mb: int,
        recycle_mb: int,
        init: Callable[..., None] | None = None,
        init_args: tuple = (),
    ) -> None:
        here, there = ctx.Pipe(duplex=True)
        # A forked worker watches this process; one from a forkserver, the forkserver.
        parent = os.getpid() if ctx.get_start_method() == "fork" else None
        self.proc = ctx.Process(
            target=_worker_main,
            args=(there, parent, handler, max_memory_mb, recycle_mb, init, init_args),
            daemon=True,
            name="jxscan-worker",
        )
        self.proc.start()
        there.close()  # the parent keeps only its end: the worker's death then reads as EOF
        self.conn: Connection = here
        self.task: Task | None = None
        self.deadline = float("inf")
        self.recycle = False  # it said it is still big after its last document
        self.jobs = 0  # messages answered (JobPool replaces a worker after max_jobs)

    def send(self, task: Task, timeout: float) -> bool:
        try:
            self.conn.send(task)
        except (BrokenPipeError, OSError):
            return False
        self.task = task
        self.deadline = time.monotonic() + timeout
        return True

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def ask_to_stop(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.send(None)

    def stop(self) -> None:
        """Wait for an idle worker asked to stop (killed if it has not within a second)."""
        self.proc.join(1)
        if self.proc.is_alive():
            self.kill()
        self.conn.close()


class WorkerPool:
    """N workers, each screening one document at a time under a deadline (see module doc)."""

    def __init__(
        self, workers: int, timeout: float, checks: bool, max_memory_mb: int, hooks: TestHooks = NO_HOOKS
    ) -> None:
        self.n = max(1, workers)
        self.hooks = hooks
        self.timeout = timeout
        self.checks = checks
        self.max_memory_mb = max_memory_mb
        # fork: workers start in milliseconds with the pipeline already imported, which
        # matters when a crash or timeout makes us start a replacement.
        methods = mp.get_all_start_methods()
        self.ctx = mp.get_context("fork" if "fork" in methods else "spawn")
        self.recycled = 0  # workers replaced because they stayed big after a document

    def _spawn(self) -> _Worker:
        return _Worker(
            self.ctx, ScreenFiles(self.checks, self.max_memory_mb, self.hooks), self.max_memory_mb, RECYCLE_MB
        )

    def run(self, tasks: list[Task]) -> Iterator[store.DocRecord]:
        """Yield one record per task, in completion order; workers are gone when this ends."""
        pending = deque(tasks)
        workers: list[_Worker] = []
        try:
            while True:
                while len(workers) < self.n and len(workers) < len(pending) + self._busy(workers):
                    workers.append(self._spawn())
                for i, w in enumerate(workers):
                    while w.task is None and pending:
                        if not w.send(pending[0], self.timeout):  # died while idle: replace it
                            w.kill()
                            w = workers[i] = self._spawn()
                            continue
                        pending.popleft()
                busy = [w for w in workers if w.task is not None]
                if not busy:
                    return
                left = min(w.deadline for w in busy) - time.monotonic()
                ready = set(wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], max(0.0, left)))
                for w in busy:
                    rec = self._collect(w, ready)
                    if rec is None:
                        continue
                    if w.task is not None:  # it died or overran: a new one takes its place above
                        w.kill()
                        workers.remove(w)
                    elif w.recycle:  # still big after its document: a fresh one takes its place
                        w.ask_to_stop()
                        w.stop()
                        workers.remove(w)
                        self.recycled += 1
                    elif pending and w.send(pending[0], self.timeout):
                        pending.popleft()  # it screens the next one while we store this one
                    yield rec
        finally:
            idle = [w for w in workers if w.task is None]
            for w in workers:
                if w.task is not None:
                    w.kill()
            for w in idle:
                w.ask_to_stop()
            for w in idle:
                w.stop()

    def _collect(self, w: _Worker, ready: set) -> store.DocRecord | None:
        """The worker's record, a failed record if it died or overran, or None (still working).

        Leaves ``w.task`` set when the worker must be replaced."""
        task = w.task
        assert task is not None
        if w.conn in ready:
            try:
                rec, w.recycle = w.conn.recv()
            except Exception:  # noqa: BLE001 - EOF or a message cut short: the worker died
                rec = None
            if rec is not None:
                w.task = None
                return rec
        if w.conn in ready or w.proc.sentinel in ready:
            w.proc.join(5)
            return crash_record(task, w.proc.exitcode)
        if time.monotonic() >= w.deadline:
            return timeout_record(task, self.timeout)
        return None

    @staticmethod
    def _busy(workers: list[_Worker]) -> int:
        return sum(1 for w in workers if w.task is not None)


# ---------------------------------------------------------------------------- the server's jobs


class JobTimeout(Exception):
    """The job overran its deadline; its worker was killed (a fresh one takes its place)."""


class WorkerCrashed(Exception):
    """The worker died on the job (``exit_code`` says how)."""

    def __init__(self, exit_code: int | None) -> None:
        super().__init__(crash_message(exit_code))
        self.exit_code = exit_code


class Busy(Exception):
    """More jobs are waiting for a worker than the queue allows."""


def _call(w: _Worker, msg: Any, timeout: float) -> tuple[str, Any, bool]:
    """Hand ``msg`` to an idle worker and wait for it: ``("ok", result, recycle)``,
    ``("timeout", None, False)`` or ``("crashed", exit code, False)``. Blocking (a thread's)."""
    if not w.send(msg, timeout):
        w.kill()
        return "crashed", w.proc.exitcode, False
    if w.conn.poll(timeout):
        try:
            result, recycle = w.conn.recv()
        except Exception:  # noqa: BLE001 - EOF or a message cut short: the worker died
            w.proc.join(5)
            code = w.proc.exitcode
            w.kill()
            return "crashed", code, False
        w.task = None
        return "ok", result, recycle
    w.kill()
    return "timeout", None, False


class JobPool:
    """The server's side of the supervisor: ``await pool.run(message)`` screens one job in a
    worker process of its own, under the pool's deadline, memory cap and recycling rule.

    At most ``workers`` jobs run at once, each in its own process (one job per process at a
    time, as the batch's): a hung job is killed alone, past ``timeout`` seconds counted from
    the moment a worker is free for it (:class:`JobTimeout`); a job whose worker dies fails
    alone (:class:`WorkerCrashed`); a worker still big after a job, or that asked for it, is
    replaced (``recycled``). At most ``max_queue`` jobs wait for a worker; more get
    :class:`Busy`. ``handler(message) -> (result, recycle)`` runs in the worker, after
    ``init(*init_args)`` once per worker.
    """

    def __init__(
        self,
        handler: Callable[[Any], tuple[Any, bool]],
        workers: int,
        timeout: float,
        max_queue: int,
        max_memory_mb: int = 0,
        recycle_mb: int = 0,
        init: Callable[..., None] | None = None,
        init_args: tuple = (),
        start_method: str = "forkserver",
        max_jobs: int = 500,
    ) -> None:
        import asyncio

        self.workers = max(1, workers)
        self.timeout = timeout
        self.max_queue = max_queue
        # A fresh process now and then also bounds what a long-lived parser might leak
        # below the recycling size.
        self.max_jobs = max_jobs
        self._make = (handler, max_memory_mb, recycle_mb, init, init_args)
        self.ctx = mp.get_context(start_method)
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
        self._slots = asyncio.Semaphore(self.workers)
        self._waiting = 0
        self.replaced = 0  # workers killed or dead on a job (hung, crashed)
        self.recycled = 0  # workers replaced because they stayed big after a job

    def _spawn(self) -> _Worker:
        handler, max_memory_mb, recycle_mb, init, init_args = self._make
        return _Worker(self.ctx, handler, max_memory_mb, recycle_mb, init, init_args)

    def warm_up(self) -> None:
        """Start the workers now rather than on the first request (blocking)."""
        while len(self._idle) < self.workers:
            self._idle.append(self._spawn())

    async def run(self, msg: Any) -> Any:
        import asyncio

        if self._waiting >= self.max_queue:
            raise Busy
        self._waiting += 1
        try:
            await self._slots.acquire()
        finally:
            self._waiting -= 1
        try:
            w = self._idle.pop() if self._idle else await asyncio.to_thread(self._spawn)
            self._busy.add(w)
            try:
                status, value, recycle = await asyncio.to_thread(_call, w, msg, self.timeout)
            except BaseException:  # cancelled (the client went away): the worker state is unknown
                await asyncio.to_thread(w.kill)
                raise
            finally:
                self._busy.discard(w)
            if status == "timeout":
                self.replaced += 1
                raise JobTimeout
            if status == "crashed":
                self.replaced += 1
                raise WorkerCrashed(value)
            w.jobs += 1
            if recycle or w.jobs >= self.max_jobs:
                self.recycled += bool(recycle)
                w.ask_to_stop()
                await asyncio.to_thread(w.stop)
            else:
                self._idle.append(w)
            return value
        finally:
            self._slots.release()

    def close(self) -> None:
        """Server shutdown: kill the busy workers (their jobs end as crashed), stop the idle ones."""
        for w in list(self._busy):
            with contextlib.suppress(Exception):
                w.proc.kill()
        idle, self._idle = self._idle, []
        for w in idle:
            w.ask_to_stop()
        for w in idle:
            w.stop()
