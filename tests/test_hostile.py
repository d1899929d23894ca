"""Hostile inputs and clients (issue 13): every input gets a row, every request is bounded,
no 5xx on bad input. Real files (FIFOs, links, unreadable modes), a real SQLite file, a
real server on loopback with bounded request loops; no timing assertions.

As root (CI), "unreadable" needs the kernel's permission checks back: the commands that
meet unreadable files run under ``setpriv`` without CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from extract.read import ReadError, read_bytes
from extract.read_pdf import read_pdf_bytes
from service import batch, workers
from service.hooks import TestHooks
from service.inputs import display_path, read_file
from tests.conftest import ROOT, seed_path, seed_text
from tests.hooks import RUN_BATCH
from tests.pdfgen import bomb_pdf, tiny_pdf
from tests.test_api import running_server

BATCH = RUN_BATCH  # the JXSCAN_TEST_* hooks of the environment are injected (tests/hooks.py)
CLI = "import sys; from service.cli import main; sys.exit(main(sys.argv[1:]))"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
SETPRIV = shutil.which("setpriv")
# Root without the capabilities that bypass file modes (CAP_DAC_*): mode 000 then means unreadable.
NO_DAC = [SETPRIV, "--bounding-set=-dac_override,-dac_read_search"] if IS_ROOT and SETPRIV else []
needs_modes = pytest.mark.skipif(
    IS_ROOT and not SETPRIV, reason="root without setpriv: file modes are not enforced"
)


def py(
    code: str, *args: str | Path, env: dict[str, str] | None = None, timeout: float = 60, no_dac: bool = False
) -> subprocess.CompletedProcess:
    cmd = [*(NO_DAC if no_dac else []), sys.executable, "-c", code, *map(str, args)]
    return subprocess.run(
        cmd,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
    )


def rows(db: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(db) as c:
        return c.execute(sql, params).fetchall()


def broken_tree_pdf() -> bytes:
    """A page whose MediaBox holds a name: reading it fails, and pdfplumber's close() (which
    walks the page tree again) raised a second, unrelated error over the first."""
    return tiny_pdf(mediabox=b"[0 0 /x 842]")


def owner_password_pdf() -> bytes:
    """Chinese text, encrypted with an empty user password (permissions only): it opens, but
    reportlab encrypts the CID font's strings, so its characters cannot be mapped back."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    from corpus.generator.pdf import FONT

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=StandardEncryption("", "owner", canCopy=0, strength=128))
    c.setFont(FONT, 12)
    c.drawString(72, 750, "某局2023年度部门决算公开说明 项目支出绩效自评表")
    c.showPage()
    c.save()
    return buf.getvalue()


def user_password_pdf() -> bytes:
    from tests import pdfgen

    return pdfgen.encrypted_pdf()


def damaged_text(at: int, seed: str = "004") -> bytes:
    """A seed (UTF-8) with one byte -- the first ASCII character from offset ``at`` on -- set
    to 0xFF, a byte UTF-8 never uses: one undecodable byte."""
    data = bytearray(seed_path(seed).read_bytes())
    while not 0x21 <= data[at] <= 0x7E:
        at += 1
    data[at] = 0xFF
    return bytes(data)


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return bomb_pdf(1 << 30)  # 1 MB that inflates to 1 GiB


# ---------------------------------------------------------------------------- readers


def test_a_pdf_bomb_is_refused_while_inflating_not_after(bomb: bytes) -> None:
    """Under a 600 MB address-space cap the 1 GiB stream is refused by the stream limit --
    not by running out of memory: inflation stops at MAX_STREAM_BYTES."""
    assert len(bomb) < 1_100_000
    code = (
        "import resource, sys; from extract.read_pdf import read_pdf_bytes; from extract.read import ReadError\n"
        "data = open(sys.argv[1], 'rb').read()\n"
        "resource.setrlimit(resource.RLIMIT_AS, (600 << 20, 600 << 20))\n"
        "try:\n    read_pdf_bytes(data, 'bomb.pdf', 'x')\nexcept ReadError as e:\n    print(e)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)"
    )
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"jxscan-bomb-{os.getpid()}.pdf"
    path.write_bytes(bomb)
    try:
        p = py(code, path)
    finally:
        path.unlink()
    assert p.returncode == 0, p.stderr
    message, peak_mb = p.stdout.splitlines()
    assert message.startswith("bomb.pdf: too large to read: a stream inflates past 64 MB"), message
    assert int(peak_mb) < 600


def test_memory_error_while_parsing_is_named_too_large() -> None:
    """A PDF that needs more memory than the process may take: "too large", not "corrupt"."""
    code = (
        "import resource, sys; from extract.read_pdf import read_pdf_bytes; from extract.read import ReadError\n"
        "import pdfplumber  # imported before the cap: only the reading is to run short\n"
        "from tests.pdfgen import bomb_pdf\n"
        "data = bomb_pdf(60 << 20)\n"
        "size = int(open('/proc/self/statm').read().split()[0]) * resource.getpagesize()\n"
        "resource.setrlimit(resource.RLIMIT_AS, (size + (24 << 20),) * 2)\n"
        "try:\n    read_pdf_bytes(data, 'big.pdf', 'x')\nexcept ReadError as e:\n    print(e)\n"
    )
    p = py(code)
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("big.pdf: too large to read (out of memory while parsing the PDF)"), p.stdout


def test_the_reading_error_is_not_hidden_by_closing_the_pdf() -> None:
    with pytest.raises(ReadError, match=r"^b\.pdf: corrupt or truncated PDF \(TypeError"):
        read_pdf_bytes(broken_tree_pdf(), "b.pdf", "x")


def test_an_owner_password_pdf_is_called_encrypted() -> None:
    with pytest.raises(ReadError, match=r"encrypted PDF \(permissions password\)"):
        read_pdf_bytes(owner_password_pdf(), "o.pdf", "x")


def test_a_damaged_byte_is_replaced_and_its_offset_named(tmp_path: Path) -> None:
    data = damaged_text(40_000)
    with pytest.raises(UnicodeDecodeError) as strict:
        data.decode("utf-8")
    bad = strict.value.start  # where Python's own strict decoder stops
    assert bad >= 40_000
    (tmp_path / "d.txt").write_bytes(data)
    src, warnings = read_file(tmp_path / "d.txt")
    assert src.encoding == "utf-8" and src.text.count("\ufffd") == 1
    (w,) = warnings
    assert w["code"] == "undecodable_bytes" and w["bytes"] == 1
    assert w["message"] == f"1 undecodable byte replaced by U+FFFD (read as UTF-8) at byte offset {bad:,}"
    pos = w["positions"][0]
    assert pos["byte"] == bad and pos["length"] == 1
    assert src.text[pos["start"] : pos["end"]] == "\ufffd"
    # Everything before the damage decodes exactly as the intact file does.
    intact = seed_text("004")
    assert src.text[: pos["start"]] == intact[: pos["start"]]

    # The same in a GBK file: decoded as GB18030, the damage located in GBK bytes.
    gbk = bytearray(intact.encode("gbk"))
    gbk[30_001] = 0xFF
    gbk[30_002] = 0x20
    src = read_bytes(bytes(gbk), "g.txt")
    assert src.encoding == "gb18030" and "\ufffd" in src.text


def test_an_undecodable_file_names_its_first_bad_byte() -> None:
    good = seed_path("000").read_bytes()[:40_007]
    good = good[: good.rfind(b"\n") + 1]  # end on a character boundary
    data = good + b"\x80\xff" * 5000  # then 10 KB that is neither UTF-8 nor GB18030
    with pytest.raises(ReadError) as e:
        read_bytes(data, "x.txt")
    assert f"offset {len(good):,}" in str(e.value)


# ---------------------------------------------------------------------------- the hostile corpus


def hostile_corpus(d: Path, bomb: bytes) -> dict[str, str]:
    """A folder of hostile inputs: displayed name -> what its row must say ("ok" when read)."""
    d.mkdir()
    small = seed_path("003").read_bytes()  # the smallest seed, four distinct copies: quick to screen
    seeds = {k: small + f"\n{k}\n".encode() for k in ("000", "001", "002", "004")}
    expect: dict[str, str] = {}

    def put(name: str | bytes, data: bytes, want: str) -> None:
        path = os.path.join(os.fsencode(d) if isinstance(name, bytes) else d, name)
        with open(path, "wb") as f:
            f.write(data)
        expect[display_path(os.fsdecode(path))] = want

    put("good.txt", small, "ok")
    put(b"r\xe9port.txt", seeds["001"], "ok")  # a file name that is not UTF-8
    put("forged\nx.txt:1:1 IND001 fake.txt", seeds["002"], "ok")  # a newline in a name
    put("damaged.txt", damaged_text(5_000, "003"), "ok")
    put("empty.txt", b"", "empty file")
    put("binary.txt", bytes(range(256)) * 40, "binary file")
    put("bomb.pdf", bomb, "too large to read: a stream inflates past 64 MB")
    put("tree.pdf", broken_tree_pdf(), "corrupt or truncated PDF (TypeError")
    put("owner.pdf", owner_password_pdf(), "encrypted PDF (permissions password)")
    put("locked.pdf", user_password_pdf(), "encrypted PDF (password needed)")
    with open(d / "huge.txt", "wb") as f:  # sparse: costs no disk
        f.truncate(25 << 20)
    expect[str(d / "huge.txt")] = "too large (26,214,400 bytes; the limit is 20,971,520)"
    put("unreadable.txt", seeds["000"], "cannot read (Permission denied)")
    os.chmod(d / "unreadable.txt", 0)
    (d / "closed").mkdir()
    (d / "closed" / "inside.txt").write_bytes(seeds["004"])
    os.chmod(d / "closed", 0)
    expect[str(d / "closed")] = "cannot read the folder (Permission denied)"
    os.symlink(d / "gone.txt", d / "dangling.txt")
    expect[str(d / "dangling.txt")] = "dangling symbolic link"
    os.symlink(d / "loop.txt", d / "loop.txt")
    expect[str(d / "loop.txt")] = "symbolic link loop"
    os.mkfifo(d / "pipe.txt")
    expect[str(d / "pipe.txt")] = "not a regular file (a FIFO (named pipe))"
    return expect


@pytest.fixture()
def hostile(tmp_path: Path, bomb: bytes) -> Iterator[tuple[Path, dict[str, str]]]:
    d = tmp_path / "hostile"
    expect = hostile_corpus(d, bomb)
    yield d, expect
    os.chmod(d / "closed", 0o755)  # let pytest clean up


@needs_modes
def test_batch_gives_every_hostile_input_one_row(hostile, tmp_path: Path) -> None:
    d, expect = hostile
    db = tmp_path / "r.sqlite"
    res = py(BATCH, d, "--db", db, "--no-corpus", "--workers", "2", "--timeout", "30", no_dac=True)
    assert res.returncode == 2, res.stderr  # some inputs failed; the batch did not stop
    got = {p: (s, e) for p, s, e in rows(db, "SELECT path, status, error FROM documents")}
    assert set(got) == set(expect), set(got) ^ set(expect)
    for path, want in expect.items():
        status, error = got[path]
        if want == "ok":
            assert status == "ok", (path, error)
        else:
            assert status == "failed" and error.startswith(want), (path, error)
            assert f"{path}: {error}" in res.stderr  # one line each, naming the file
    n = len(expect)
    ok = sum(1 for w in expect.values() if w == "ok")
    assert f"{n} documents: {ok} screened, 0 skipped, {n - ok} failed" in res.stderr
    # The non-UTF-8 and newline names are stored escaped, one printable line each.
    assert any("r\\xe9port.txt" in p for p in got) and any("forged\\nx.txt" in p for p in got)
    # The damaged text was screened, with a warning that says where.
    (warn,) = rows(
        db,
        "SELECT json_extract(report, '$.warnings[0].positions[0].byte') FROM documents "
        "WHERE path LIKE '%damaged.txt'",
    )
    assert warn[0] >= 5_000 and "damaged.txt: warning: 1 undecodable byte replaced" in res.stderr
    assert rows(db, "SELECT count(*) FROM documents WHERE doc_id LIKE 'unread:%'") == [(5,)]


@needs_modes
def test_unreadable_inputs_keep_one_row_until_they_are_read(tmp_path: Path) -> None:
    d = tmp_path / "c"
    d.mkdir()
    shutil.copy(seed_path("003"), d / "good.txt")
    (d / "locked.txt").write_bytes(seed_path("003").read_bytes() + b"\nanother\n")
    os.chmod(d / "locked.txt", 0)
    os.mkfifo(d / "pipe.txt")
    db = tmp_path / "r.sqlite"
    first = py(BATCH, d, "--db", db, "--no-corpus", "--workers", "1", no_dac=True)
    assert "3 documents: 1 screened, 0 skipped, 2 failed" in first.stderr, first.stderr
    # Again: the read one is skipped, the unreadable ones still get their one row each.
    again = py(BATCH, d, "--db", db, "--no-corpus", "--workers", "1", no_dac=True)
    assert "3 documents: 0 screened, 1 skipped, 2 failed" in again.stderr, again.stderr
    assert rows(db, "SELECT count(*) FROM documents") == [(3,)]
    # A file that becomes readable replaces its "unreadable" row with its report.
    os.chmod(d / "locked.txt", 0o644)
    assert batch.main([str(d), "--db", str(db), "--no-corpus", "--workers", "1"]) == 2  # the FIFO still fails
    assert rows(db, "SELECT status, doc_id LIKE 'unread:%' FROM documents WHERE path LIKE '%locked.txt'") == [
        ("ok", 0)
    ]
    assert rows(db, "SELECT count(*) FROM documents") == [(3,)]


@needs_modes
def test_check_reports_every_hostile_input_and_escapes_names(hostile) -> None:
    d, expect = hostile
    res = py(CLI, "check", d, "--select", "IND", "--fail-on", "info", no_dac=True)
    assert res.returncode == 2, res.stderr
    for path, want in expect.items():
        if want != "ok":
            assert f"jxscan: {path}: {want}" in res.stderr, path
    bad = sum(1 for w in expect.values() if w != "ok")
    assert f"{len(expect) - bad} file(s), {bad} unreadable" in res.stderr
    # Every stdout line is one finding of a real file: the newline in a name forges nothing.
    for line in res.stdout.splitlines():
        assert line.startswith(str(d)), line
    assert "forged\\nx.txt:1:1 IND001 fake.txt:" in res.stdout
    assert "damaged.txt: warning: 1 undecodable byte replaced" in res.stderr


def test_check_has_the_same_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(21 << 20)
    res = py(CLI, "check", big, seed_path("003"), "--select", "IND")
    assert res.returncode == 2
    assert f"{big}: too large (22,020,096 bytes; the limit is 20,971,520)" in res.stderr
    res = py(CLI, "check", seed_path("003"), "--max-bytes", "1000")
    assert "too large" in res.stderr and res.returncode == 2


# ---------------------------------------------------------------------------- batch runs


def test_a_file_name_that_is_not_utf8_does_not_stop_the_batch(tmp_path: Path, capsys) -> None:
    """The issue's reproduction: a Latin-1 name (and a newline in a name) before a normal file."""
    d = tmp_path / "d"
    d.mkdir()
    small = seed_path("003").read_bytes()
    for k, name in enumerate((b"r\xe9port.txt", b"a\nb.txt", b"z.txt")):
        with open(os.path.join(os.fsencode(d), name), "wb") as f:
            f.write(small + f"\n{k}\n".encode())
    db = tmp_path / "x.sqlite"
    assert batch.main([str(d), "--db", str(db), "--no-corpus", "--workers", "1"]) == 0
    assert "3 documents: 3 screened, 0 skipped, 0 failed" in capsys.readouterr().err
    assert sorted(Path(p).name for (p,) in rows(db, "SELECT path FROM documents")) == [
        "a\\nb.txt",
        "r\\xe9port.txt",
        "z.txt",
    ]
    assert sorted(
        Path(s).name for (s,) in rows(db, "SELECT json_extract(report, '$.source') FROM documents")
    ) == ["a\\nb.txt", "r\\xe9port.txt", "z.txt"]
    assert batch.main([str(d), "--db", str(db), "--no-corpus"]) == 0  # and on every rerun
    assert "3 documents: 0 screened, 3 skipped, 0 failed" in capsys.readouterr().err


def test_transient_failures_are_retried_by_the_next_run(tmp_path: Path, capsys, monkeypatch) -> None:
    """A timeout under load is not the document's fault: the next run screens it again."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    for k in range(2):
        (corpus / f"r{k}.txt").write_bytes(seed_path("003").read_bytes() + f"\n{k}\n".encode())
    db = tmp_path / "r.sqlite"
    loaded = TestHooks(sleep=5)  # a machine so loaded that nothing finishes in time
    assert (
        batch.main(
            [str(corpus), "--db", str(db), "--no-corpus", "--workers", "2", "--timeout", "0.5"], hooks=loaded
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "2 failed (2 transient, tried again by the next run)" in err
    assert "timeout after 0.5 s (transient: the next run tries it again)" in err
    assert rows(db, "SELECT DISTINCT status, error, transient, attempts FROM documents") == [
        ("failed", "timeout after 0.5 s", 1, 1)
    ]
    assert (
        batch.main([str(corpus), "--db", str(db), "--no-corpus", "--workers", "2"]) == 0
    )  # no --retry-failed needed
    assert "2 screened, 0 skipped, 0 failed" in capsys.readouterr().err
    assert rows(db, "SELECT DISTINCT status, transient, attempts FROM documents") == [("ok", 0, 0)]


def test_batch_workers_recycled_after_every_document_still_screen_everything(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """A recycle threshold below any worker's size: each worker is replaced after each
    document (asked to stop once its record is in), and nothing is lost or failed."""
    d = tmp_path / "c"
    d.mkdir()
    for k in range(4):
        (d / f"r{k}.txt").write_bytes(seed_path("003").read_bytes() + f"\n{k}\n".encode())
    monkeypatch.setattr(workers, "RECYCLE_MB", 1)
    stopped: list[int] = []
    real_stop = workers._Worker.stop
    monkeypatch.setattr(workers._Worker, "stop", lambda w: (stopped.append(w.proc.pid), real_stop(w))[1])
    db = tmp_path / "r.sqlite"
    assert batch.main([str(d), "--db", str(db), "--no-corpus", "--workers", "1"]) == 0
    assert "4 documents: 4 screened, 0 skipped, 0 failed" in capsys.readouterr().err
    assert len(set(stopped)) >= 4  # a fresh worker for every document (and the last one stopped)


def test_a_document_that_always_times_out_is_kept_failed_after_three_runs(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(seed_path("003"), corpus / "hangs.txt")
    db = tmp_path / "r.sqlite"
    hangs = TestHooks(hang=frozenset({"hangs.txt"}))
    for attempt in (1, 2, 3):
        assert (
            batch.main(
                [str(corpus), "--db", str(db), "--no-corpus", "--workers", "1", "--timeout", "0.3"],
                hooks=hangs,
            )
            == 2
        )
        assert rows(db, "SELECT transient, attempts FROM documents") == [(int(attempt < 3), attempt)]
    assert "3 times in a row: kept as failed" in capsys.readouterr().err
    assert (
        batch.main([str(corpus), "--db", str(db), "--no-corpus", "--workers", "1", "--timeout", "0.3"]) == 0
    )
    assert "0 screened, 1 skipped, 0 failed" in capsys.readouterr().err


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_a_worker_killed_from_outside_is_retried(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(seed_path("003"), corpus / "r.txt")
    db = tmp_path / "r.sqlite"
    p = subprocess.Popen(
        [sys.executable, "-c", BATCH, str(corpus), "--db", str(db), "--no-corpus", "--workers", "1"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "JXSCAN_TEST_SLEEP": "30"},
    )
    try:
        workers: list[int] = []
        for _ in range(200):  # bounded: at most ~20 s for the worker to start
            try:
                workers = [int(c) for c in Path(f"/proc/{p.pid}/task/{p.pid}/children").read_text().split()]
            except OSError:
                workers = []
            if workers:
                break
            time.sleep(0.1)
        assert workers, "no worker started"
        os.kill(workers[0], signal.SIGKILL)  # an operator, or the OOM killer
        _, err = p.communicate(timeout=30)
    finally:
        p.kill()
    assert p.returncode == 2, err
    assert rows(db, "SELECT error, transient FROM documents") == [
        ("worker crashed (exit code -9: killed by SIGKILL)", 1)
    ]
    assert (
        batch.main([str(corpus), "--db", str(db), "--no-corpus", "--workers", "1"]) == 0
    )  # no --retry-failed needed
    assert rows(db, "SELECT status, transient FROM documents") == [("ok", 0)]


def test_two_batches_on_one_database(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(seed_path("003"), corpus / "r.txt")
    db = tmp_path / "r.sqlite"
    first = subprocess.Popen(
        [sys.executable, "-c", BATCH, str(corpus), "--db", str(db), "--no-corpus", "--workers", "1"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "JXSCAN_TEST_SLEEP": "2"},
    )
    try:
        lock = Path(f"{db}.lock")
        for _ in range(200):  # bounded wait for the first batch to hold its lock
            if lock.exists() and lock.read_text().strip() == str(first.pid):
                break
            time.sleep(0.05)
        assert batch.main([str(corpus), "--db", str(db), "--no-corpus"]) == 1
        assert (
            f"{db} is in use by another batch (pid {first.pid}); wait for it to finish"
            in capsys.readouterr().err
        )
        _, err = first.communicate(timeout=60)
    finally:
        first.kill()
    assert first.returncode == 0, err
    assert "1 screened, 0 skipped, 0 failed" in err
    # Released: the next batch runs (and skips the stored document).
    assert batch.main([str(corpus), "--db", str(db), "--no-corpus"]) == 0
    assert "0 screened, 1 skipped" in capsys.readouterr().err


# ---------------------------------------------------------------------------- the server

MAX_BYTES = 2_000_000


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("hostile-api") / "server.log"
    with running_server(
        log,
        JXSCAN_MAX_BYTES=str(MAX_BYTES),
        JXSCAN_TIMEOUT="20",
        JXSCAN_WORKERS="1",
        test_hooks=True,
        JXSCAN_MAX_MEMORY="1536",
        JXSCAN_RECYCLE_MB="400",
        JXSCAN_HEADER_TIMEOUT="1",
        JXSCAN_BODY_TIMEOUT="2",
    ) as base:
        yield base


def _port(base: str) -> int:
    return int(base.rsplit(":", 1)[1])


def _error(r: httpx.Response, status: int, code: str) -> str:
    assert r.status_code == status, r.text
    err = r.json()["error"]
    assert err["code"] == code, err
    return err["message"]


def test_malformed_json_is_400_and_the_connection_lives_on(server: str) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", _port(server), timeout=30)
    try:
        for body in (b"[" * 100_000 + b"]" * 100_000, b'{"text": "x", "include_text": ' + b"7" * 5000 + b"}"):
            conn.request("POST", "/v1/check", body=body, headers={"Content-Type": "application/json"})
            r = conn.getresponse()
            payload = json.loads(r.read())
            assert r.status == 400 and payload["error"]["code"] == "bad_request", payload
            assert r.getheader("connection") != "close"
        conn.request("GET", "/healthz")  # the same keep-alive connection still serves
        assert conn.getresponse().status == 200
    finally:
        conn.close()


def test_an_answer_before_the_body_is_read_says_connection_close(server: str) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(40):
            yield b"x" * 65536

    with httpx.Client(base_url=server, timeout=30) as c:
        r = c.post("/v1/check", content=chunks(), headers={"Content-Type": "application/json"})
    _error(r, 413, "too_large")
    assert r.headers["connection"] == "close"


def test_bombs_and_broken_pdfs_are_422_not_500(server: str, bomb: bytes) -> None:
    with httpx.Client(base_url=server, timeout=60) as c:
        msg = _error(c.post("/v1/check", files={"file": ("bomb.pdf", bomb)}), 422, "unreadable")
        assert "too large to read: a stream inflates past 64 MB" in msg
        msg = _error(c.post("/v1/check", files={"file": ("tree.pdf", broken_tree_pdf())}), 422, "unreadable")
        assert "corrupt or truncated PDF" in msg
        msg = _error(c.post("/v1/check", files={"file": ("o.pdf", owner_password_pdf())}), 422, "unreadable")
        assert "encrypted PDF (permissions password)" in msg
        r = c.post("/v1/check", files={"file": ("d.txt", damaged_text(20_000))}, data={"include_text": "1"})
        assert r.status_code == 200, r.text
        rep = r.json()
        (w,) = rep["warnings"]
        pos = w["positions"][0]
        assert rep["text"][pos["start"] : pos["end"]] == "\ufffd" and pos["byte"] >= 20_000


def test_server_workers_are_capped_in_memory_and_recycled(server: str) -> None:
    with httpx.Client(base_url=server, timeout=60) as c:
        before = c.get("/healthz").json()
        assert before["limits"]["max_memory_mb"] == 1536
        text = seed_text("003")
        # Over the cap: MemoryError in the worker, named as too large; the worker is replaced.
        msg = _error(
            c.post("/v1/check", json={"text": text}, headers={"X-JXScan-Test-Hold": "2000"}),
            422,
            "unreadable",
        )
        assert msg == "<text>: too large to screen in memory (over the 1536 MB limit)"
        # Under the cap but left behind (a leak): answered, then the worker is recycled.
        r = c.post("/v1/check", json={"text": text}, headers={"X-JXScan-Test-Hold": "500"})
        assert r.status_code == 200, r.text
        after = c.get("/healthz").json()
        assert after["workers_recycled"] == before["workers_recycled"] + 2
        assert after["workers_replaced"] == before["workers_replaced"]
        assert c.post("/v1/check", json={"text": text}).status_code == 200


def trickle(port: int, first: bytes, drip: bytes, steps: int = 30) -> bytes:
    """Send ``first``, then ``drip`` one byte every 0.2 s (``steps`` at most: bounded, 6 s),
    until the server answers; return everything it sent before closing."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(first)
        answer = b""
        for i in range(steps):
            s.settimeout(0.2)
            try:
                answer = s.recv(65536)
            except TimeoutError:
                pass
            if answer:
                break
            try:
                s.sendall(drip[i % len(drip) : i % len(drip) + 1])
            except OSError:
                break
        s.settimeout(10)
        while chunk := s.recv(65536):
            answer += chunk
    return answer


def test_slow_headers_are_timed_out(server: str) -> None:
    answer = trickle(_port(server), b"P", b"OST /v1/check HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100)
    assert answer.startswith(b"HTTP/1.1 408 "), answer[:200]
    assert b'"request_timeout"' in answer and b"connection: close" in answer.lower()


def test_slow_bodies_are_timed_out(server: str) -> None:
    answer = trickle(
        _port(server),
        b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b'Content-Length: 1000\r\n\r\n{"text": "',
        b"x",
    )
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408 "), answer[:300]
    assert b"connection: close" in head.lower()
    assert json.loads(body)["error"]["code"] == "request_timeout"


def test_serve_workers_must_be_positive(capsys) -> None:
    from service.cli import main

    for bad in ("-1", "0", "two"):
        with pytest.raises(SystemExit) as e:
            main(["serve", "--workers", bad])
        assert e.value.code == 2
        err = capsys.readouterr().err
        assert "usage:" in err and "argument --workers" in err


def test_check_json_carries_the_decoding_warning(tmp_path: Path) -> None:
    data = damaged_text(5_000, "003")
    (tmp_path / "d.txt").write_bytes(data)
    res = py(CLI, "check", tmp_path / "d.txt", "--format", "jsonl", "--include-text")
    (doc,) = [json.loads(line) for line in res.stdout.splitlines()]
    (w,) = doc["warnings"]
    pos = w["positions"][0]
    assert data[pos["byte"]] == 0xFF and doc["text"][pos["start"] : pos["end"]] == "\ufffd"
    assert f"d.txt: warning: {w['message']}" in res.stderr
