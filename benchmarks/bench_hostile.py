"""Hostile inputs (issue 13): server memory after N PDF bombs, and time to refuse each file.

Starts a real ``jxscan serve`` on a free loopback port (2 workers, default limits), uploads
``--bombs`` PDF bombs (1 MB files whose content stream inflates to 1 GiB) one after the
other, and prints the resident memory of the server and its workers (sum of VmRSS over the
process tree) before and after. Then times the refusal of each hostile upload (median of
``--repeat``), and, in-process, of each hostile file that only exists on disk (FIFO,
dangling link, link loop, unreadable folder) through ``service.inputs``.

    python3 benchmarks/bench_hostile.py                 # 10 bombs, 3 repeats
    python3 benchmarks/bench_hostile.py --bombs 20
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.inputs import gather, read_file  # noqa: E402
from tests.pdfgen import bomb_pdf  # noqa: E402
from tests.test_hostile import (  # noqa: E402
    broken_tree_pdf,
    damaged_text,
    owner_password_pdf,
    user_password_pdf,
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants. Children are listed per thread: the forkserver (and so
    the workers) is started from an executor thread of the server, not its main thread."""
    out = [pid]
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            kids = children.read_text().split()
        except OSError:
            continue
        for k in kids:
            out += _tree(int(k))
    return out


def rss_mb(pid: int) -> float:
    total = 0
    for p in _tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def start_server(log: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    cmd = [
        sys.executable,
        "-c",
        "import sys; from service.serve_args import main; sys.exit(main(sys.argv[1:]))",
        "--port",
        str(port),
        "--workers",
        "2",
        "--log-level",
        "warning",
    ]
    with log.open("wb") as f:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), stdout=f, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return proc, base
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(log.read_text(errors="replace"))


def timed(fn, repeat: int) -> tuple[float, str]:
    times, last = [], ""
    for _ in range(repeat):
        t = time.perf_counter()
        last = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), last


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bombs", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    bomb = bomb_pdf(1 << 30)
    with tempfile.TemporaryDirectory() as tmp:
        proc, base = start_server(Path(tmp) / "server.log")
        try:
            with httpx.Client(base_url=base, timeout=120) as c:
                before = rss_mb(proc.pid)
                for _ in range(a.bombs):
                    r = c.post("/v1/check", files={"file": ("bomb.pdf", bomb)})
                    assert r.status_code == 422, r.text
                time.sleep(1)
                after = rss_mb(proc.pid)
                print(
                    f"server + 2 workers, resident: {before:.0f} MB idle, {after:.0f} MB after {a.bombs} "
                    f"bombs of 1 GiB ({len(bomb):,} bytes each); "
                    f"{c.get('/healthz').json()['workers_recycled']} pool recycles"
                )
                uploads = {
                    "PDF bomb (1 GiB stream)": ("bomb.pdf", bomb),
                    "broken page tree PDF": ("tree.pdf", broken_tree_pdf()),
                    "owner-password PDF": ("owner.pdf", owner_password_pdf()),
                    "user-password PDF": ("locked.pdf", user_password_pdf()),
                    "empty file": ("empty.txt", b""),
                    "binary file": ("binary.txt", bytes(range(256)) * 40),
                    "text with a damaged byte (screened)": ("damaged.txt", damaged_text(20_000)),
                    "25 MB upload (413 before reading)": ("huge.txt", b" " * (25 << 20)),
                }
                print("\n| hostile input | answer | median time |\n| --- | --- | --- |")
                for label, (name, data) in uploads.items():
                    t, status = timed(
                        lambda n=name, d=data: str(c.post("/v1/check", files={"file": (n, d)}).status_code),
                        a.repeat,
                    )
                    print(f"| {label} | {status} | {t * 1000:.0f} ms |")
                for label, body in (
                    ("JSON nested 100,000 deep", b"[" * 100_000 + b"]" * 100_000),
                    (
                        "JSON with a 5,000-digit integer",
                        b'{"text": "x", "include_text": ' + b"7" * 5000 + b"}",
                    ),
                ):
                    t, status = timed(
                        lambda b=body: str(
                            c.post(
                                "/v1/check", content=b, headers={"Content-Type": "application/json"}
                            ).status_code
                        ),
                        a.repeat,
                    )
                    print(f"| {label} | {status} | {t * 1000:.0f} ms |")
        finally:
            proc.terminate()
            proc.wait(15)
        d = Path(tmp) / "disk"
        d.mkdir()
        os.mkfifo(d / "pipe.txt")
        os.symlink(d / "gone.txt", d / "dangling.txt")
        os.symlink(d / "loop.txt", d / "loop.txt")
        (d / "closed").mkdir()
        os.chmod(d / "closed", 0)
        t, found = timed(lambda: gather([str(d)]), a.repeat)
        print(
            f"| FIFO, dangling link, link loop, unreadable folder (one walk, {len(found.problems)} rows) | "
            f"row each | {t * 1000:.1f} ms |"
        )
        big = d / "huge.txt"
        with big.open("wb") as f:
            f.truncate(25 << 20)

        def refuse() -> str:
            try:
                read_file(big, 20 << 20)
            except Exception as e:  # noqa: BLE001
                return type(e).__name__
            return "read"

        t, what = timed(refuse, a.repeat)
        print(f"| 25 MB file from disk (`check`'s limit) | {what} | {t * 1000:.2f} ms |")
        os.chmod(d / "closed", 0o755)


if __name__ == "__main__":
    main()
