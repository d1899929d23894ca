"""``jxscan batch --engine dask``: the per-document screening on Dask distributed (docs/scale.md).

Only the screening moves: the parent still plans (hashes, skips what is stored), alone writes
SQLite one transaction per document, and runs the corpus pass afterwards -- exactly as with
the default engine (service/batch.py). ``DaskPool.run`` has ``WorkerPool.run``'s contract: one
``DocRecord`` per task, in completion order, every per-document failure a failed record.

Where the time limit lives. A Dask task cannot be stopped once running (``Future.cancel``
forgets the result; the worker thread goes on), and restarting a whole worker to stop one
document would also kill the documents its other threads hold. So the limit is enforced on
the worker's side: each Dask worker thread keeps one *screening process* (a plain
subprocess running ``workers.screen_file``, the code the default engine's workers run) and
talks to it over a socket. The thread sends one document and waits at most ``--timeout``
seconds; past it, it SIGKILLs the process and returns ``timeout after N s``; if the process
dies it returns ``worker crashed (exit code N)`` -- the default engine's rows, word for word.
The Dask worker itself never runs the parser, so a hung or segfaulting PDF never costs a
Dask worker (no KilledWorker retries of a poisonous document on three machines), the
``--max-memory`` cap applies to the screening process only, and the cluster needs no
administrative rights (no worker restarts). The screening process asks the kernel to kill
it when its Dask worker dies and outlives no batch on a LocalCluster; on a long-lived
cluster it stays, warm, for the next batch.

A Dask task is a chunk of up to ``DOCS_PER_TASK`` documents: Dask's per-task bookkeeping
then costs the parent little beside its SQLite writes.

What the parent sees as a task *error* is the engine's trouble, not a document's: a chunk
on which Dask lost three workers (``KilledWorker``) is retried one document per task, and a
document that still does it gets a failed row; anything else (a worker running another jxscan version, a screening process
that cannot start, a cancelled task) stops the batch with an error and the next run
resumes it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterator
from multiprocessing.connection import Connection, Pipe
from pathlib import Path

from . import store
from .hooks import NO_HOOKS, TestHooks
from .workers import (
    EngineError,
    Task,
    crash_record,
    die_with_parent,
    limit_memory,
    screen_file,
    timeout_record,
    tool_version,
)

# Seconds a new screening process may take to import the pipeline and say it is ready.
START_TIMEOUT = 120.0
# Tasks in flight per Dask worker thread: one screening, one queued behind it, so a worker
# never waits for the parent (which is busy writing SQLite) to hand it the next documents.
IN_FLIGHT_PER_THREAD = 2
# Documents per Dask task. Dask's bookkeeping costs the parent (client and, for a local
# cluster, scheduler) ~5 ms of CPU per task, a third of a document's screening: 8 documents
# a task make it negligible and leave the parent free to write SQLite (docs/scale.md).
DOCS_PER_TASK = 8
# ... and at most this many bytes of files per task (what --ship-bytes sends in one message).
CHUNK_BYTES = 16 * 1024 * 1024
# How often the parent asks the scheduler how many worker threads there are (workers may
# join or leave a real cluster during a batch).
NTHREADS_REFRESH = 2.0
# Seconds to wait for the first worker of an existing cluster.
WORKER_WAIT = 60.0


def _pickle(rec: store.DocRecord) -> bytes:
    return pickle.dumps(rec, protocol=pickle.HIGHEST_PROTOCOL)


class VersionMismatch(EngineError):
    """A Dask worker runs another jxscan version than the client: its rows would lie."""


# ---------------------------------------------------------------------------- screening process


CHILD = "import sys; from service.engine_dask import child_main; child_main(sys.argv[1:])"


def child_main(argv: list[str]) -> None:
    """The screening process: ``fd parent_pid max_memory_mb [hooks-json]``; screens ``(task,
    data, checks)`` messages one at a time, answering each with a pickled DocRecord, until it
    receives None. The test hooks, if any, come on its command line (injected by the batch)."""
    fd, parent_pid, max_memory_mb = int(argv[0]), int(argv[1]), int(argv[2])
    hooks = TestHooks.from_json(argv[3]) if len(argv) > 3 else NO_HOOKS
    conn = Connection(fd)
    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the batch parent's to handle
    import classify.check  # noqa: F401 - imported before "ready": the deadline times screening only
    import service.screen  # noqa: F401

    limit_memory(max_memory_mb)
    conn.send(("ready", tool_version()))
    while True:
        try:
            while not conn.poll(1.0):
                if os.getppid() != parent_pid:  # orphaned
                    return
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        task, data, checks = msg
        rec = screen_file(task, checks, max_memory_mb, data=data, hooks=hooks)
        try:
            conn.send_bytes(_pickle(rec))
        except OSError:
            return


class _Child:
    """One screening process, owned by the Dask worker thread using it."""

    def __init__(self, max_memory_mb: int, hooks: TestHooks = NO_HOOKS) -> None:
        self.max_memory_mb = max_memory_mb
        self.hooks = hooks
        here, there = Pipe(duplex=True)
        extra = [hooks.to_json()] if hooks != NO_HOOKS else []
        try:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    CHILD,
                    str(there.fileno()),
                    str(os.getpid()),
                    str(max_memory_mb),
                    *extra,
                ],
                pass_fds=(there.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
            )
        finally:
            there.close()  # the process holds the only other end: its death reads as EOF
        self.conn: Connection = here
        try:
            hello = self.conn.recv() if self.conn.poll(START_TIMEOUT) else None
        except (EOFError, OSError):
            hello = None
        if not (isinstance(hello, tuple) and hello[0] == "ready"):
            self.kill()
            raise EngineError(
                f"the screening process did not start on this worker (exit code "
                f"{self.proc.returncode}; is jxscan installed where the worker runs?)"
            )
        self.version: str = hello[1]  # of the code it loaded, which screens

    def alive(self) -> bool:
        return self.proc.poll() is None

    def screen(self, task: Task, data: bytes | None, timeout: float) -> tuple[bytes, bool] | None:
        """The pickled record, and whether this process may screen the next document; None
        when it could not even be handed the document (it died idle).

        The record stays pickled on its way through the Dask worker: unpickling it there
        only to have Dask pickle it again for the parent cost a few ms per document."""
        try:
            self.conn.send((task, data, True))
        except OSError:
            self.kill()
            return None
        if self.conn.poll(timeout):
            try:
                return self.conn.recv_bytes(), True
            except Exception:  # noqa: BLE001 - EOF or a message cut short: it died
                return _pickle(self._crashed(task)), False
        self.kill()
        return _pickle(timeout_record(task, timeout)), False

    def _crashed(self, task: Task) -> store.DocRecord:
        try:
            code = self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.kill()
            code = self.proc.returncode
        self.conn.close()
        return crash_record(task, code)

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.proc.kill()
        with contextlib.suppress(Exception):
            self.proc.wait(5)
        self.conn.close()


# Idle screening processes of this Dask worker process, per memory cap and test hooks. A
# thread takes one (or starts one) for each task and puts it back after; Dask threads come
# and go, so processes are not tied to threads.
_IDLE: dict[tuple[int, TestHooks], list[_Child]] = {}
_IDLE_LOCK = threading.Lock()


def _take_child(max_memory_mb: int, version: str, hooks: TestHooks = NO_HOOKS) -> _Child:
    """An idle screening process of the batch's version, or a new one."""
    with _IDLE_LOCK:
        idle = _IDLE.setdefault((max_memory_mb, hooks), [])
        while idle:
            child = idle.pop()
            # It may have died idle (PR_SET_PDEATHSIG fires when the thread that started
            # it ends), or be left from a batch of another version: no document's fault,
            # start another.
            if child.alive() and child.version == version:
                return child
            child.kill()
    child = _Child(max_memory_mb, hooks)
    if child.version != version:
        child.kill()
        raise VersionMismatch(f"a Dask worker runs jxscan {child.version}, the batch {version}")
    return child


def _screen_one(
    task: Task,
    data: bytes | None,
    timeout: float,
    max_memory_mb: int,
    version: str,
    hooks: TestHooks = NO_HOOKS,
) -> bytes:
    """One document in a screening process under the time limit: the pickled record."""
    child = _take_child(max_memory_mb, version, hooks)
    got = child.screen(task, data, timeout)
    if got is None:  # died between our check and the hand-over: a fresh one takes the document
        child = _take_child(max_memory_mb, version, hooks)
        got = child.screen(task, data, timeout)
        if got is None:
            raise EngineError("screening processes die on this worker before taking a document")
    rec, reusable = got
    if reusable:
        with _IDLE_LOCK:
            _IDLE.setdefault((max_memory_mb, hooks), []).append(child)
    return rec


def screen_on_worker(
    chunk: list[tuple[Task, bytes | None]],
    timeout: float,
    max_memory_mb: int,
    version: str,
    hooks: TestHooks = NO_HOOKS,
) -> list[bytes]:
    """The Dask task: a few documents, one after the other, each in a screening process under
    its own time limit; their pickled ``DocRecord``s, in order."""
    return [_screen_one(task, data, timeout, max_memory_mb, version, hooks) for task, data in chunk]


# ---------------------------------------------------------------------------- the parent


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Start the local cluster's workers with SIGINT ignored: Ctrl-C reaches the whole process
    group, and the parent alone should handle it (stop, store nothing half-done, close the
    cluster). An ignored signal stays ignored across exec, and Python then installs no
    KeyboardInterrupt handler, so the workers do not die printing tracebacks."""
    try:
        old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


class DaskPool:
    """``WorkerPool``'s contract on a Dask cluster: a LocalCluster of ``workers`` processes
    (one thread each) on loopback, or the existing cluster at ``scheduler``."""

    def __init__(
        self,
        workers: int,
        timeout: float,
        max_memory_mb: int,
        scheduler: str | None = None,
        ship_bytes: bool = False,
        quiet: bool = False,
        chunk: int = DOCS_PER_TASK,
        hooks: TestHooks = NO_HOOKS,
    ) -> None:
        self.n = max(1, workers)
        self.hooks = hooks
        self.chunk = max(1, chunk)
        self.timeout = timeout
        self.max_memory_mb = max_memory_mb
        self.scheduler = scheduler
        self.ship_bytes = ship_bytes
        self.quiet = quiet
        self.version = tool_version()

    def _say(self, msg: str) -> None:
        if not self.quiet:
            print(f"jxscan batch: {msg}", file=sys.stderr)

    @contextlib.contextmanager
    def _client(self) -> Iterator:
        import dask
        from distributed import Client, LocalCluster

        quiet_logs = logging.ERROR  # dask's own INFO/WARNING lines would bury the batch's
        if self.scheduler:
            try:
                client = Client(self.scheduler, timeout=30)
            except (OSError, TimeoutError) as e:
                raise EngineError(f"cannot connect to the Dask scheduler at {self.scheduler} ({e})") from None
            try:
                try:
                    client.wait_for_workers(1, timeout=WORKER_WAIT)
                except TimeoutError:
                    raise EngineError(
                        f"no Dask worker joined the scheduler at {self.scheduler} within {WORKER_WAIT:g} s"
                    ) from None
                nt = client.nthreads()
                self._say(
                    f"dask engine: scheduler {self.scheduler}, {len(nt)} workers, {sum(nt.values())} threads"
                )
                yield client
            finally:
                client.close()
            return
        # One thread per worker process, as the default engine has one document per process;
        # loopback only and no dashboard: a local batch opens no port to the network.
        # The workers' statistical profiler samples every thread 100 times a second, for a
        # dashboard a local batch does not open.
        with _sigint_ignored(), dask.config.set({"distributed.worker.profile.enabled": False}):
            cluster = LocalCluster(
                n_workers=self.n,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=quiet_logs,
            )
        try:
            client = Client(cluster)
            try:
                self._say(f"dask engine: local cluster of {self.n} workers at {cluster.scheduler_address}")
                yield client
            finally:
                client.close()
        finally:
            cluster.close()

    def run(self, tasks: list[Task]) -> Iterator[store.DocRecord]:
        """Yield one record per task, in completion order (see the module doc)."""
        if not tasks:
            return
        from distributed import as_completed

        pending = deque(tasks)
        alone: deque[Task] = deque()  # documents of a chunk Dask lost workers on: retried one by one
        with self._client() as client:
            inflight: dict = {}
            ready: deque[store.DocRecord] = deque()  # records made here (unreadable file when shipping)
            ac = as_completed()
            limit, checked = self.n * IN_FLIGHT_PER_THREAD, 0.0
            try:
                while True:
                    if time.monotonic() - checked > NTHREADS_REFRESH:
                        limit = max(1, sum(client.nthreads().values())) * IN_FLIGHT_PER_THREAD
                        checked = time.monotonic()
                    while (pending or alone) and len(inflight) < limit:
                        chunk = [alone.popleft()] if alone else self._chunk(pending)
                        fut = self._submit(client, chunk, ready)
                        if fut is not None:
                            inflight[fut] = chunk
                            ac.add(fut)
                    if ready:
                        yield ready.popleft()
                        continue
                    if not inflight:
                        return
                    fut = next(ac)
                    chunk = inflight.pop(fut)
                    recs = self._records(fut, chunk, alone)
                    fut.release()  # the worker may drop the results now
                    ready.extend(recs)
            finally:
                for fut in inflight:
                    fut.cancel()

    def _chunk(self, pending: deque[Task]) -> list[Task]:
        """The next documents for one task: up to ``chunk`` of them and ``CHUNK_BYTES``."""
        out = [pending.popleft()]
        size = out[0].size
        while pending and len(out) < self.chunk and size + pending[0].size <= CHUNK_BYTES:
            size += pending[0].size
            out.append(pending.popleft())
        return out

    def _submit(self, client, chunk: list[Task], ready: deque):
        items = []
        for task in chunk:
            data = None
            if self.ship_bytes:
                try:
                    data = Path(task.path).read_bytes()
                except OSError as e:
                    ready.append(
                        store.failed_record(
                            task.doc_id, task.path, f"cannot read ({e.strerror or e})", task.size
                        )
                    )
                    continue
            items.append((task, data))
        if not items:
            return None
        return client.submit(
            screen_on_worker,
            items,
            self.timeout,
            self.max_memory_mb,
            self.version,
            self.hooks,
            key=f"jxscan-screen-{chunk[0].doc_id[:16]}-{uuid.uuid4().hex[:8]}",
            pure=False,
        )

    def _records(self, fut, chunk: list[Task], alone: deque[Task]) -> list[store.DocRecord]:
        from distributed import KilledWorker

        try:
            return [pickle.loads(b) for b in fut.result()]
        except KilledWorker:
            if len(chunk) > 1:
                # Dask lost a worker each time it ran this chunk (allowed-failures, 3 by
                # default): find out which document does it, one document per task.
                alone.extend(chunk)
                return []
            task = chunk[0]
            return [
                store.failed_record(
                    task.doc_id,
                    task.path,
                    "worker crashed (Dask lost every worker that ran it: KilledWorker)",
                    task.size,
                )
            ]
        except EngineError:
            raise
        except Exception as e:  # noqa: BLE001 - cancelled, lost, unpicklable: the engine's trouble
            raise EngineError(f"dask task for {chunk[0].path} failed ({type(e).__name__}: {e})") from None
