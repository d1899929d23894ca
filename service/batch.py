"""``jxscan batch``: screen a corpus into SQLite, in parallel, resumably (docs/batch.md).

Flow: the parent expands the paths, hashes every file (the doc_id) and drops those already
stored for this tool version; worker processes screen the rest and send back ready-made
rows; the parent alone writes them, one transaction per document. Then the corpus pass
(the corpus rules and stickiness) runs over every ok document in the database and its
findings replace the previous pass's in one transaction (skipped when no document changed
since); exports come last.

The workers are the supervisor's (:mod:`service.workers`: deadlines, memory caps, crash
messages, recycling): past its deadline a worker is killed and that document alone fails
with "timeout"; a worker that dies fails its own document with its exit code; a fresh
worker takes its place and the batch goes on.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import signal
import sqlite3
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from extract.messages import t
from extract.read import ReadError

from . import memory, store
from .export import FORMATS, export
from .hooks import NO_HOOKS, TestHooks
from .inputs import display_path, gather, read_file_bytes
from .workers import EngineError, Task, WorkerPool, tool_version  # noqa: F401 - Task, tool_version re-exported

DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_MEMORY_MB = memory.DEFAULT_MAX_MEMORY_MB

# ---------------------------------------------------------------------------- the command


def _hash_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class Plan:
    tasks: list[Task]
    too_large: list[store.DocRecord]  # failed at once, unread: too large, or unreadable inputs
    skipped: list[tuple[str, str]]  # (path, doc_id) already stored or repeated in this run
    errors: list[str]  # PATHs that do not exist
    total: int


def plan(
    paths: list[str],
    known: dict[str, tuple[str, str, bool]],
    version: str,
    max_bytes: int,
    retry_failed: bool,
    force: bool,
) -> Plan:
    """Hash every input and decide: screen it, fail it at once (too large, unreadable), or skip
    it. Every input found gets one of these (``inputs.gather``): nothing is dropped."""
    found = gather(paths)
    errors = list(found.missing)
    tasks: list[Task] = []
    too_large: list[store.DocRecord] = []
    skipped: list[tuple[str, str]] = []
    this_run: set[str] = set()

    def unreadable(path: str, error: str) -> None:
        rid = store.unread_id(path)
        if rid not in this_run:
            this_run.add(rid)
            too_large.append(store.failed_record(rid, path, error))

    for problem in found.problems:
        unreadable(problem.path, problem.error)
    for f in found.files:
        try:
            size = f.stat().st_size
            doc_id = _hash_file(f) if size > max_bytes else hashlib.sha256(read_file_bytes(f)).hexdigest()
        except ReadError as e:
            unreadable(str(f), str(e))
            continue
        except OSError as e:
            unreadable(str(f), f"cannot read ({e.strerror or e})")
            continue
        prior = known.get(doc_id)
        # Skipped: stored by this version, ok -- or failed for good (a transient failure, a
        # timeout or a worker killed from outside, is tried again).
        if doc_id in this_run or (
            not force
            and prior is not None
            and prior[0] == version
            and (prior[1] == "ok" or not (retry_failed or prior[2]))
        ):
            skipped.append((str(f), doc_id))
            continue
        this_run.add(doc_id)
        if size > max_bytes:
            too_large.append(
                store.failed_record(
                    doc_id, str(f), t("read.too_large_bytes", size=f"{size:,}", limit=f"{max_bytes:,}"), size
                )
            )
        else:
            tasks.append(Task(str(f), doc_id, size))
    return Plan(tasks, too_large, skipped, errors, len(found.files) + len(found.problems))


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """``kill`` (SIGTERM) stops a batch as cleanly as Ctrl-C does."""

    def raise_interrupt(signum, frame):
        raise KeyboardInterrupt

    try:
        old = signal.signal(signal.SIGTERM, raise_interrupt)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def _progress(total: int, quiet: bool):
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: we fork workers while the bar is live
    return tqdm(
        total=total,
        unit=t("batch.bar.unit"),
        desc=t("batch.bar.screening"),
        file=sys.stderr,
        dynamic_ncols=True,
        disable=quiet or not sys.stderr.isatty(),
    )


def _err(msg: str) -> None:
    print(f"jxscan: {msg}", file=sys.stderr)


@dataclass
class Tally:
    screened: int = 0
    failed: int = 0
    transient: int = 0  # of failed: to be retried by the next run


def _screen(
    conn, p: Plan, args: argparse.Namespace, version: str, tally: Tally, hooks: TestHooks = NO_HOOKS
) -> None:
    """Screen the plan's tasks, storing each record as it arrives (KeyboardInterrupt passes)."""
    bar = _progress(p.total, args.quiet)
    bar.update(len(p.skipped))
    workers = args.workers or os.cpu_count() or 1
    if getattr(args, "engine", "local") == "dask":
        from .engine_dask import DaskPool  # imported only here: dask is an optional extra

        pool = DaskPool(
            workers, args.timeout, args.max_memory, args.scheduler, args.ship_bytes, args.quiet, hooks=hooks
        )
    else:
        pool = WorkerPool(workers, args.timeout, True, args.max_memory, hooks=hooks)
    try:
        with contextlib.closing(pool.run(p.tasks)) as results:
            for rec in _chain(p.too_large, results):
                attempts = store.write_document(conn, rec, version, hooks=hooks)
                shown = display_path(rec.path)
                if rec.status == "ok":
                    tally.screened += 1
                    for w in rec.warnings if not args.quiet else ():
                        bar.write("jxscan: " + t("cli.warning", name=shown, message=w), file=sys.stderr)
                else:
                    tally.failed += 1
                    note = ""
                    if rec.transient and attempts < store.MAX_TRANSIENT_ATTEMPTS:
                        tally.transient += 1
                        note = t("batch.transient")
                    elif rec.transient:
                        note = t("batch.transient_kept", attempts=attempts)
                    if not args.quiet:
                        bar.write(f"jxscan: {shown}: {rec.error}{note}", file=sys.stderr)
                bar.update(1)
    finally:
        bar.close()


def _summary(p: Plan | None, tally: Tally, elapsed: float, interrupted: bool) -> str:
    if p is None:
        return "jxscan batch: " + t("batch.interrupted_reading")
    done = tally.screened + tally.failed
    rate = done / elapsed if elapsed > 0 else 0.0
    retry = t("batch.summary_transient", n=tally.transient) if tally.transient else ""
    return "jxscan batch: " + t(
        "batch.summary",
        total=p.total,
        screened=tally.screened,
        skipped=len(p.skipped),
        failed=tally.failed,
        retry=retry,
        seconds=f"{elapsed:.1f}",
        rate=f"{rate:.1f}",
        interrupted=t("batch.summary_interrupted") if interrupted else "",
    )


def _corpus_pass(
    conn: sqlite3.Connection, args: argparse.Namespace, version: str, hooks: TestHooks = NO_HOOKS
) -> int:
    """The corpus checks over every ok document in the database (docs/batch.md): 0 done or
    not needed, 1 failed (the per-document results stay as they are). KeyboardInterrupt passes."""
    state = store.corpus_state(conn, version)
    if state.documents == 0:
        return 0
    if state.up_to_date and not args.force:
        print("jxscan batch: " + t("batch.corpus_unchanged", n=state.documents), file=sys.stderr)
        return 0
    t0 = time.perf_counter()
    from tqdm import tqdm

    from classify.corpus_pass import analyse_corpus, corpus_codes

    bar = tqdm(
        total=state.documents,
        unit=t("batch.bar.unit"),
        desc=t("batch.bar.corpus"),
        file=sys.stderr,
        dynamic_ncols=True,
        disable=args.quiet or not sys.stderr.isatty(),
    )
    try:
        reports = store.CorpusReports(conn, on_read=lambda i: bar.update(1))
        result = analyse_corpus(reports)
    except Exception as e:  # noqa: BLE001 - the screened documents are stored; say what failed
        _err("batch: " + t("batch.corpus_failed", error=f"{type(e).__name__}: {e}"))
        return 1
    finally:
        bar.close()
    try:
        written = store.write_corpus(conn, result.findings, result.stats, state, version, hooks=hooks)
    except store.CorpusChanged as e:
        _err("batch: " + t("batch.corpus_not_stored", error=e))
        return 1
    counts = t("explain.comma").join(
        t("batch.corpus_count", n=written.findings.get(c, 0), code=c) for c in sorted(corpus_codes())
    )
    sticky = len(result.stats.get("stickiness") or ())
    no_text = t("batch.corpus_no_text", n=reports.missing_text) if reports.missing_text else ""
    print(
        "jxscan batch: "
        + t(
            "batch.corpus_done",
            documents=state.documents,
            counts=counts,
            flagged=written.documents,
            sticky=sticky,
            no_text=no_text,
            seconds=f"{time.perf_counter() - t0:.1f}",
        ),
        file=sys.stderr,
    )
    return 0


def run_batch_cmd(args: argparse.Namespace, hooks: TestHooks = NO_HOOKS) -> int:
    """``jxscan batch``; ``hooks``: test hooks (the test suite's, injected; none in use)."""
    if not args.paths and not args.out:
        _err("batch: " + t("batch.need_input"))
        return 2
    if args.out and Path(args.out).suffix.lower() not in FORMATS:
        _err("batch: " + t("batch.bad_out", formats=", ".join(FORMATS)))
        return 2
    engine = getattr(args, "engine", "local")
    if engine != "dask" and (getattr(args, "scheduler", None) or getattr(args, "ship_bytes", False)):
        _err("batch: " + t("batch.dask_only"))
        return 2
    if engine == "dask":
        try:
            import distributed  # noqa: F401
        except ImportError:
            _err("batch: " + t("batch.dask_missing"))
            return 2
    # Imported here, once, so that forked workers inherit the pipeline and the checks ready
    # to run (a worker's deadline then times screening, not imports).
    import classify.check  # noqa: F401
    import service.screen  # noqa: F401

    t0 = time.perf_counter()
    version = tool_version()
    try:
        conn = store.connect(args.db)
    except sqlite3.Error as e:
        _err("batch: " + t("batch.db_open", db=args.db, error=e))
        return 1
    try:
        lock = store.lock(args.db)
    except store.Locked as e:
        conn.close()
        _err(f"batch: {e}")
        return 1
    except OSError as e:
        conn.close()
        _err("batch: " + t("batch.lock_file", path=f"{args.db}.lock", error=e.strerror or e))
        return 1
    tally, p, interrupted, corpus_failed = Tally(), None, False, 0
    try:
        with _sigterm_as_interrupt():
            try:
                p = plan(
                    args.paths, store.known(conn), version, args.max_bytes, args.retry_failed, args.force
                )
                for e in p.errors:
                    _err(e)
                store.write_paths(conn, p.skipped)
                _screen(conn, p, args, version, tally, hooks)
            except KeyboardInterrupt:
                interrupted = True
            except EngineError as e:
                print(_summary(p, tally, time.perf_counter() - t0, False), file=sys.stderr)
                _err("batch: " + t("batch.engine_error", error=e))
                return 1
            print(_summary(p, tally, time.perf_counter() - t0, interrupted), file=sys.stderr)
            if interrupted:
                return 130
            if not args.no_corpus:
                try:
                    corpus_failed = _corpus_pass(conn, args, version, hooks)
                except KeyboardInterrupt:
                    print("jxscan batch: " + t("batch.corpus_interrupted"), file=sys.stderr)
                    return 130
        if args.out:
            try:
                n = export(conn, args.out)
            except OSError as e:
                _err("batch: " + t("batch.cannot_write", out=args.out, error=e.strerror or e))
                return 1
            print("jxscan batch: " + t("batch.exported", n=n, out=args.out), file=sys.stderr)
    except sqlite3.Error as e:
        _err("batch: " + t("batch.db_error", db=args.db, error=e))
        return 1
    finally:
        conn.close()
        lock.release()
    assert p is not None
    return 2 if tally.failed or p.errors else corpus_failed


def _chain(first: list[store.DocRecord], rest: Iterator[store.DocRecord]) -> Iterator[store.DocRecord]:
    yield from first
    yield from rest


def _positive(kind):
    def parse(s: str):
        v = kind(s)
        if v <= 0:
            raise argparse.ArgumentTypeError(t("cli.positive", value=s))
        return v

    return parse


def add_batch_parser(subparsers) -> argparse.ArgumentParser:
    b = subparsers.add_parser("batch", help=t("cli.cmd.batch"), description=t("batch.description"))
    b.add_argument("paths", nargs="*", metavar="PATH", help=t("cli.paths"))
    b.add_argument("--db", default="results.sqlite", help=t("batch.arg.db"))
    b.add_argument("--workers", type=_positive(int), default=None, help=t("batch.arg.workers"))
    b.add_argument("--engine", choices=("local", "dask"), default="local", help=t("batch.arg.engine"))
    b.add_argument("--scheduler", metavar="ADDRESS", help=t("batch.arg.scheduler"))
    b.add_argument("--ship-bytes", action="store_true", help=t("batch.arg.ship_bytes"))
    b.add_argument("--timeout", type=_positive(float), default=DEFAULT_TIMEOUT, help=t("batch.arg.timeout"))
    b.add_argument(
        "--max-bytes", type=_positive(int), default=DEFAULT_MAX_BYTES, help=t("batch.arg.max_bytes")
    )
    b.add_argument(
        "--max-memory", type=int, default=DEFAULT_MAX_MEMORY_MB, metavar="MB", help=t("batch.arg.max_memory")
    )
    b.add_argument("--out", help=t("batch.arg.out"))
    b.add_argument("--retry-failed", action="store_true", help=t("batch.arg.retry_failed"))
    b.add_argument("--force", action="store_true", help=t("batch.arg.force"))
    b.add_argument("--no-corpus", action="store_true", help=t("batch.arg.no_corpus"))
    b.add_argument("--quiet", action="store_true", help=t("batch.arg.quiet"))
    b.set_defaults(func=run_batch_cmd)
    return b


def main(argv: list[str] | None = None, hooks: TestHooks = NO_HOOKS) -> int:
    """``jxscan batch`` on its own: ``main(["corpus/", "--db", "r.sqlite"])``; the tests
    inject their hooks here."""
    p = argparse.ArgumentParser(prog="jxscan")
    add_batch_parser(p.add_subparsers(dest="command", required=True))
    args = p.parse_args(["batch", *(sys.argv[1:] if argv is None else argv)])
    return run_batch_cmd(args, hooks)


if __name__ == "__main__":
    sys.exit(main())
