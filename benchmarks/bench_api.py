"""HTTP API latency: p50/p95 of ``POST /v1/check`` at N concurrent clients (default 20).

Starts a real ``jxscan serve`` (uvicorn) on a free loopback port, sends a fixed number of
requests with a ~50 KB report (seed 001, 49 KB of UTF-8) from ``--concurrency`` client
tasks, and prints latency percentiles and throughput. Loopback only; bounded request count.

    python3 benchmarks/bench_api.py                      # 400 requests, 20 clients, JSON
    python3 benchmarks/bench_api.py --mode upload        # multipart .txt upload instead
    python3 benchmarks/bench_api.py --workers 1 --requests 200
    python3 benchmarks/bench_api.py --full               # ?full=1: the whole report, not the lean answer

It also prints, measured in this process beforehand, the CPU one screening costs in a worker
(``screen_job``: read, extract, label, check, dict, JSON) for the lean and the full answer, and
the answer sizes: at C concurrent clients on W busy cores, latency is at least about C/W times
that cost (queueing), whatever the server does around it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SEED = next((ROOT / "corpus" / "seeds").glob("001_*.txt"))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(workers: int | None, log_path: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    cmd = [
        sys.executable,
        "-c",
        "import sys; from service.serve_args import main; sys.exit(main(sys.argv[1:]))",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    if workers:
        cmd += ["--workers", str(workers)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return proc, base
        except httpx.TransportError:
            time.sleep(0.2)
        if proc.poll() is not None:
            break
    proc.kill()
    raise SystemExit(f"server did not start:\n{log_path.read_text(errors='replace')}")


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of an ascending list."""
    k = max(0, min(len(sorted_values) - 1, round(q / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[k]


def worker_cost(text: str, rounds: int = 10) -> dict[str, tuple[float, int]]:
    """CPU ms per ``screen_job`` and answer bytes, lean and full (median of ``rounds``)."""
    sys.path.insert(0, str(ROOT))  # this checkout's service, as the server started below uses
    from service.api_jobs import Job, screen_job

    out: dict[str, tuple[float, int]] = {}
    for label, full in (("lean", False), ("full", True)):
        job = Job(name=SEED.name, text=text, full=full)
        size = len(screen_job(job)[1])  # warm: models loaded, patterns compiled
        times = []
        for _ in range(rounds):
            t0 = time.process_time()
            screen_job(job)
            times.append(time.process_time() - t0)
        out[label] = (statistics.median(times) * 1000, size)
    return out


async def run_load(
    base: str, mode: str, data: bytes, requests: int, concurrency: int, full: bool = False
) -> tuple[list[float], int]:
    # Encoded once: the client's own work should not weigh on a loopback measurement.
    body = json.dumps({"text": data.decode("utf-8"), "name": SEED.name}, ensure_ascii=False).encode("utf-8")
    json_headers = {"Content-Type": "application/json"}
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(requests):
        queue.put_nowait(i)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:

        async def one() -> httpx.Response:
            url = "/v1/check?full=1" if full else "/v1/check"
            if mode == "json":
                return await client.post(url, content=body, headers=json_headers)
            return await client.post(url, files={"file": (SEED.name, data, "text/plain")})

        async def worker() -> None:
            nonlocal errors
            while True:
                try:
                    queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                t0 = time.perf_counter()
                r = await one()
                latencies.append(time.perf_counter() - t0)
                if r.status_code != 200:
                    errors += 1

        for _ in range(min(4, requests)):  # warm-up: workers started, caches filled
            await one()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--concurrency", type=int, default=20)
    ap.add_argument(
        "--workers", type=int, default=None, help="server worker processes (default: the server's)"
    )
    ap.add_argument("--mode", choices=("json", "upload"), default="json")
    ap.add_argument("--full", action="store_true", help="ask for the whole report (?full=1)")
    args = ap.parse_args()
    if not 1 <= args.requests <= 20_000:
        ap.error("--requests must be in 1..20000")

    data = SEED.read_bytes()
    cost = worker_cost(data.decode("utf-8"))
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        proc, base = start_server(args.workers, Path(tmp) / "server.log")
        try:
            health = httpx.get(base + "/healthz").json()
            t0 = time.perf_counter()
            latencies, errors = asyncio.run(
                run_load(base, args.mode, data, args.requests, args.concurrency, args.full)
            )
            wall = time.perf_counter() - t0
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    load_after = os.getloadavg()
    lat = sorted(x * 1000 for x in latencies)
    print(
        f"jxscan {health['version']} API benchmark ({platform.python_version()}, {os.cpu_count()} CPUs, "
        f"{health['workers']} worker processes)"
    )
    print(
        f"report: {SEED.name} ({len(data) / 1000:.1f} KB), mode {args.mode}, "
        f"{args.requests} requests from {args.concurrency} concurrent clients, loopback, "
        f"{'full' if args.full else 'lean'} answer"
    )
    print(
        "one screening in a worker, CPU: "
        + ", ".join(f"{k} {ms:.1f} ms ({size / 1000:.1f} KB answer)" for k, (ms, size) in cost.items())
    )
    print(f"load average (1 min) before {load_before[0]:.2f}, after {load_after[0]:.2f}")
    print(
        f"latency ms: p50 {percentile(lat, 50):.0f}  p95 {percentile(lat, 95):.0f}  "
        f"p99 {percentile(lat, 99):.0f}  mean {statistics.fmean(lat):.0f}  max {lat[-1]:.0f}"
    )
    print(f"throughput: {len(lat) / wall:.1f} requests/s; errors: {errors}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
