"""Benchmarks of scale (docs/scale.md has the figures and how they were taken).

    python benchmarks/bench_scale.py text  [--n 500]                 # text path, documents/s per core
    python benchmarks/bench_scale.py pdf   [--n 20]                  # PDF path per page vs pdfplumber
    python benchmarks/bench_scale.py batch [--sizes 1000,3000,10000] [--engines local,dask] [--workers 2]
    python benchmarks/bench_scale.py dup   [--sizes 10000,30000,100000] [--bases 300]
    (common: --dir DIR keeps the generated corpora between runs; default /tmp/jxscan-bench)

Corpora come from the generator (``python -m corpus.generator.cli``, docs/generator.md):
realistic reports of varied departments, layouts and sizes, with planted anomalies (its
near-copies included). Where the generator is absent they fall back to the seeds, each copy
with a unique line appended (as benchmarks/bench_batch.py does).

- ``text``: N generated text reports read once (I/O not timed), then, in this one process,
  extraction alone and the whole screening (extraction + checks + report dict) timed over all
  of them, caches cleared before each round; CPU time per document (process_time) gives
  documents/s per core, which other load on a shared machine inflates far less than wall time.
- ``pdf``: N generated PDFs; per page, our whole PDF path (``read_path``: pdfplumber chars
  and ruled tables -> text) and our screening of it, against pdfplumber's own
  ``extract_text()`` + ``extract_tables()`` of every page of the same file. Each timed
  once per round, alternating, best of --rounds.
- ``batch``: for each size and engine, the real command (``jxscan batch``, a fresh process,
  fresh database, ``--quiet``) on a generated corpus of that size, corpus pass included; a
  sampler polls the process tree (psutil, 4 Hz) for the RSS of the parent and of each worker
  process and for the CPU time of every process; the parent's peak is split into the
  screening and the corpus pass (split at the summary line the command prints between them).
- ``dup``: ``classify.corpus_pass.analyse_corpus`` alone on N synthetic reports, each size in a
  fresh process (peak RSS = ``ru_maxrss``). The N reports are built lazily from --bases
  generated reports screened once: report i is base ``i % B`` with 12% of its CJK characters
  replaced at random (seeded by i; a distinct document: 5-gram Jaccard ~0.16 to any other
  variant of its base), one in eight instead a near-copy of report i-1 (0.5% replaced) under
  another department -- a planted DUP001 pair; departments publish one report a year over
  six years (stickiness has pairs to compare). Goals and reasons are the same spans of the
  mutated text. Building a report costs ~1 ms; the time spent building is measured inside
  the sequence and reported apart from the checks' time.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RUN = "import sys; from service.batch import main; sys.exit(main(sys.argv[1:]))"


# ---------------------------------------------------------------------------- common


def machine() -> str:
    """The machine's state now: the figures mean little without it (a shared machine)."""
    la = os.getloadavg()
    mem = ""
    try:
        import psutil

        vm = psutil.virtual_memory()
        mem = f", memory {vm.total / 2**30:.1f} GiB ({vm.available / 2**30:.1f} available)"
    except ImportError:
        pass
    return (
        f"{os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), load average "
        f"{la[0]:.2f} {la[1]:.2f} {la[2]:.2f}{mem}, Python {platform.python_version()}"
    )


def corpus(work: Path, n: int, seed: int, pdf_share: float) -> Path:
    """A generated corpus of n documents (cached under work/), its docs/ directory."""
    out = work / f"gen_n{n}_s{seed}_p{pdf_share:g}"
    docs = out / "docs"
    if docs.is_dir() and sum(1 for _ in docs.iterdir()) == n:
        return docs
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    if (ROOT / "corpus" / "generator" / "cli.py").exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "corpus.generator.cli",
                "--n",
                str(n),
                "--seed",
                str(seed),
                "--out",
                str(out),
                "--pdf-share",
                str(pdf_share),
                "--quiet",
            ],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    else:  # no generator: the seeds, each copy with a unique line (a distinct hash)
        seeds = [p.read_bytes() for p in sorted((ROOT / "corpus" / "seeds").glob("*.txt"))]
        docs.mkdir(parents=True)
        for i in range(n):
            (docs / f"doc_{i:06d}.txt").write_bytes(seeds[i % len(seeds)] + f"\n{i}\n".encode())
    size = sum(p.stat().st_size for p in docs.iterdir())
    print(
        f"  corpus: {n} documents ({size / 1e6:.1f} MB, {size / n / 1e3:.1f} KB each) generated in "
        f"{time.perf_counter() - t0:.1f} s -> {docs}"
    )
    return docs


# ---------------------------------------------------------------------------- text


def bench_text(args: argparse.Namespace) -> None:
    from extract.pipeline import clear_caches, extract_source
    from extract.read import read_path
    from service.screen import screen_source

    docs = corpus(args.dir, args.n, args.seed, 0.0)
    sources = [read_path(p) for p in sorted(docs.glob("*.txt"))]
    chars = sum(len(s.text) for s in sources) / len(sources)
    kb = sum(len(s.text.encode()) for s in sources) / len(sources) / 1e3
    for s in sources[:20]:  # warm-up: imports, regexes, jieba's dictionary
        screen_source(s)
    print(f"text path: {len(sources)} generated documents, {chars:,.0f} characters ({kb:.1f} KB UTF-8) each")
    for name, fn in (
        ("extraction", extract_source),
        ("screening (extraction + checks + report)", screen_source),
    ):
        best_cpu, best_wall = float("inf"), float("inf")
        for _ in range(args.rounds):
            clear_caches()
            w0, c0 = time.perf_counter(), time.process_time()
            for s in sources:
                fn(s)
            best_cpu = min(best_cpu, time.process_time() - c0)
            best_wall = min(best_wall, time.perf_counter() - w0)
        n = len(sources)
        print(
            f"  {name}: {1000 * best_cpu / n:.1f} ms CPU/document -> {n / best_cpu:.0f} documents/s per core "
            f"({n / best_wall:.0f}/s wall clock; {n * kb / 1e3 / best_cpu:.2f} MB/s per core)"
        )


# ---------------------------------------------------------------------------- pdf


def _plumber(path: Path) -> int:
    """pdfplumber's own text and table extraction of every page; the page count."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
        return len(pdf.pages)


def bench_pdf(args: argparse.Namespace) -> None:
    from extract.read import read_path
    from service.screen import screen_source

    docs = corpus(args.dir, args.n, args.seed, 1.0)
    files = sorted(docs.glob("*.pdf"))
    read_path(files[0])
    _plumber(files[0])  # warm-up
    ours_read = ours_screen = theirs = 0.0
    pages = 0
    for f in files:
        best = [float("inf")] * 3
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            n = _plumber(f)
            t1 = time.perf_counter()
            src = read_path(f)
            t2 = time.perf_counter()
            screen_source(src)
            t3 = time.perf_counter()
            best = [min(best[0], t1 - t0), min(best[1], t2 - t1), min(best[2], t3 - t2)]
        theirs += best[0]
        ours_read += best[1]
        ours_screen += best[1] + best[2]
        pages += n
    print(
        f"PDF path: {len(files)} generated PDFs, {pages} pages ({pages / len(files):.1f} per file), "
        f"best of {args.rounds}"
    )
    print(f"  pdfplumber extract_text + extract_tables: {1000 * theirs / pages:.1f} ms/page")
    print(
        f"  ours, read (text + tables -> text):       {1000 * ours_read / pages:.1f} ms/page  "
        f"(ratio {ours_read / theirs:.2f})"
    )
    print(
        f"  ours, read + screen (all checks):         {1000 * ours_screen / pages:.1f} ms/page  "
        f"(ratio {ours_screen / theirs:.2f})"
    )


# ---------------------------------------------------------------------------- batch


class Sampler(threading.Thread):
    """Polls a process tree: peak RSS per role, peak summed RSS, last CPU time per process."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        import psutil

        self.psutil = psutil
        self.root = psutil.Process(pid)
        self.interval = interval
        self.stop = threading.Event()
        self.phase = "screening"
        self.parent_cpu_at_switch: float | None = None  # the parent's CPU when screening ended
        self.peak: dict[str, int] = {}  # role (and phase for the parent) -> peak RSS of one process
        self.peak_total = 0
        self.cpu: dict[int, float] = {}
        self.role_of: dict[int, str] = {}
        self.procs: dict[str, set[int]] = {}

    def role(self, p) -> str:
        known = self.role_of.get(p.pid)
        if known is not None:
            return known
        cmd = " ".join(p.cmdline())
        if not cmd:  # being started (or gone): ask again next time
            return "starting"
        if "engine_dask import child_main" in cmd:
            return "dask: screening process"
        if "spawn_main" in cmd:
            return "dask: worker process"
        if "resource_tracker" in cmd:
            return "other"
        return "worker" if p.pid != self.root.pid else "parent"

    def run(self) -> None:
        ps = self.psutil
        while not self.stop.is_set():
            total = 0
            try:
                tree = [self.root, *self.root.children(recursive=True)]
            except ps.Error:
                return
            for p in tree:
                try:
                    with p.oneshot():
                        if p.status() == ps.STATUS_ZOMBIE:
                            continue
                        rss = p.memory_info().rss
                        t = p.cpu_times()
                        role = self.role(p)
                except ps.Error:
                    continue
                if role == "starting":
                    continue
                total += rss
                key = f"parent ({self.phase})" if role == "parent" else role
                self.peak[key] = max(self.peak.get(key, 0), rss)
                self.cpu[p.pid] = t.user + t.system
                self.role_of[p.pid] = role
                self.procs.setdefault(role, set()).add(p.pid)
            self.peak_total = max(self.peak_total, total)
            self.stop.wait(self.interval)


def run_batch(docs: Path, db: Path, engine: str, workers: int) -> dict[str, Any]:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    cmd = [
        sys.executable,
        "-c",
        RUN,
        str(docs),
        "--db",
        str(db),
        "--workers",
        str(workers),
        "--quiet",
        "--engine",
        engine,
    ]
    t0 = time.perf_counter()
    # English messages: the summary lines below are parsed (the command speaks Chinese by default).
    env = dict(os.environ, JXSCAN_LANG="en")
    proc = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE, text=True, env=env)
    sampler = Sampler(proc.pid)
    sampler.start()
    lines = []
    assert proc.stderr is not None
    for line in proc.stderr:
        lines.append(line.rstrip())
        if re.match(r"jxscan batch: \d+ documents:", line):
            sampler.phase = "corpus pass"
            sampler.parent_cpu_at_switch = sampler.cpu.get(proc.pid)
    proc.wait()
    wall = time.perf_counter() - t0
    sampler.stop.set()
    sampler.join()
    if proc.returncode not in (0, 2):
        sys.exit(f"batch failed ({proc.returncode}):\n" + "\n".join(lines))
    summary = next(x for x in lines if re.match(r"jxscan batch: \d+ documents:", x))
    screening = float(re.search(r" in ([\d.]+) s \(", summary).group(1))
    corpus_line = next((x for x in lines if "corpus checks over" in x), "")
    m = re.search(r" in ([\d.]+) s$", corpus_line)
    with sqlite3.connect(db) as c:
        ok, failed = c.execute("SELECT sum(status = 'ok'), sum(status = 'failed') FROM documents").fetchone()
        worker_s = c.execute("SELECT sum(seconds) FROM documents WHERE status = 'ok'").fetchone()[0]
    return {
        "wall": wall,
        "screening": screening,
        "corpus": float(m.group(1)) if m else None,
        "corpus_line": corpus_line,
        "summary": summary,
        "ok": ok,
        "failed": failed,
        "worker_ms": 1000 * worker_s / max(ok, 1),
        "cpu": sum(sampler.cpu.values()),
        "peak": sampler.peak,
        "peak_total": sampler.peak_total,
        "procs": {k: len(v) for k, v in sampler.procs.items()},
        "parent_screening_cpu": sampler.parent_cpu_at_switch,
        "cpu_role": {
            r: sum(c for p, c in sampler.cpu.items() if sampler.role_of.get(p) == r)
            for r in set(sampler.role_of.values())
        },
        "db_mb": sum(Path(f"{db}{s}").stat().st_size for s in ("", "-wal") if Path(f"{db}{s}").exists())
        / 1e6,
    }


def bench_batch(args: argparse.Namespace) -> None:
    sizes = [int(x) for x in args.sizes.split(",")]
    engines = args.engines.split(",")
    print(f"batch: sizes {sizes}, engines {engines}, {args.workers} workers")
    for n in sizes:
        docs = corpus(args.dir, n, args.seed, args.pdf_share)
        for engine in engines:
            print(f"  [{time.strftime('%H:%M:%S')}] {machine()}")
            r = run_batch(docs, args.dir / f"batch_{engine}_{n}.sqlite", engine, args.workers)
            screened = r["ok"] + r["failed"]
            mb = {k: f"{v / 2**20:.0f}" for k, v in sorted(r["peak"].items())}
            print(f"  n={n} engine={engine}: {r['summary'].split(': ', 1)[1]}")
            print(
                f"    screening {screened / r['screening']:.1f} documents/s ({screened / r['screening'] / args.workers:.1f}"
                f" per worker), worker time {r['worker_ms']:.1f} ms/document; corpus pass "
                f"{r['corpus']} s; whole command {r['wall']:.1f} s; CPU of the tree "
                f"{1000 * r['cpu'] / n:.1f} ms/document; database {r['db_mb']:.0f} MB"
            )
            print(
                f"    peak RSS MB (largest process of each role): {mb}; peak summed RSS of the tree "
                f"{r['peak_total'] / 2**20:.0f} MB; processes {r['procs']}"
            )
            cpu = {k: f"{1000 * v / n:.1f}" for k, v in sorted(r["cpu_role"].items())}
            pcpu = r["parent_screening_cpu"]
            print(
                f"    CPU ms/document by role (whole command): {cpu}; the parent's until the end of the "
                f"screening: {1000 * pcpu / n if pcpu is not None else float('nan'):.1f}"
            )
            if r["corpus_line"]:
                print(f"    {r['corpus_line'].split(': ', 1)[1]}")
        print(f"  [{time.strftime('%H:%M:%S')}] {machine()}")


# ---------------------------------------------------------------------------- dup


def _mutate(text: str, seed: int, rate: float) -> str:
    """Replace a share of the CJK ideographs by random ones (length-preserving: spans hold)."""
    import numpy as np

    a = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).copy()
    cjk = np.flatnonzero((a >= 0x4E00) & (a <= 0x9FFF))
    rng = np.random.default_rng(seed)
    pick = cjk[rng.random(len(cjk)) < rate]
    a[pick] = rng.integers(0x4E00, 0x4E00 + 20000, len(pick), dtype=np.uint32)
    return a.tobytes().decode("utf-32-le")


REGIONS = [
    "哈密市",
    "吐鲁番市",
    "阿克苏地区",
    "喀什地区",
    "和田地区",
    "伊犁州",
    "塔城地区",
    "阿勒泰地区",
    "博州",
    "巴州",
    "克州",
    "石河子市",
    "五家渠市",
    "北屯市",
    "铁门关市",
    "双河市",
    "可克达拉市",
    "昆玉市",
    "胡杨河市",
    "新星市",
    "桂林市",
    "柳州市",
    "梧州市",
    "北海市",
    "南宁市",
    "玉林市",
    "百色市",
    "贺州市",
    "河池市",
    "来宾市",
    "崇左市",
    "防城港市",
]
AGENCIES = [
    "教育局",
    "民政局",
    "司法局",
    "财政局",
    "审计局",
    "水利局",
    "林业和草原局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "卫生健康委员会",
    "应急管理局",
    "统计局",
    "医疗保障局",
    "档案馆",
    "图书馆",
    "人力资源和社会保障局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "市场监督管理局",
    "体育局",
    "信访局",
    "机关事务管理局",
    "政务服务管理局",
    "退役军人事务局",
    "科学技术局",
    "工业和信息化局",
    "发展和改革委员会",
    "疾病预防控制中心",
    "乡村振兴局",
]
YEARS = 6


class SyntheticReports(Sequence):
    """n reports built on access from B screened bases (see the module doc)."""

    def __init__(self, n: int, bases: list[dict[str, Any]]) -> None:
        self.n = n
        self.bases = bases
        self.build_s = 0.0
        self.built = 0

    def __len__(self) -> int:
        return self.n

    @staticmethod
    def near_copy(i: int) -> bool:
        return i % 8 == 7

    def department(self, i: int) -> tuple[str, int]:
        k = i // YEARS  # a department publishes one report a year
        name = f"{REGIONS[k % len(REGIONS)]}{AGENCIES[(k // len(REGIONS)) % len(AGENCIES)]}"
        if k >= len(REGIONS) * len(AGENCIES):
            name += f"第{k // (len(REGIONS) * len(AGENCIES))}分局"
        return name, 2019 + i % YEARS

    def _text(self, i: int) -> tuple[dict[str, Any], str]:
        if self.near_copy(i) and i > 0:
            base, text = self._text(i - 1)
            return base, _mutate(text, 1_000_000_007 + i, 0.005)
        base = self.bases[i % len(self.bases)]
        return base, _mutate(base["text"], i, 0.12)

    def __iter__(self):
        return (self[i] for i in range(self.n))

    def __getitem__(self, i: int) -> dict[str, Any]:  # type: ignore[override]
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError(i)
        t0 = time.perf_counter()
        base, text = self._text(i)
        dept, year = self.department(i)

        def span(s: Any, e: Any, fallback: str) -> str:
            return (
                text[s:e]
                if isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)
                else fallback
            )

        goals = [
            dict(g, expected=span(*(g.get("expected_span") or (None, None)), g.get("expected") or ""))
            for g in base.get("goals") or ()
        ]
        reasons = [
            dict(r, text=span(r.get("start"), r.get("end"), r.get("text") or ""))
            for r in base.get("reasons") or ()
        ]
        rep = {
            "doc_id": f"syn{i:07d}",
            "source": f"syn{i:07d}.txt",
            "title": f"{dept}{year}年度部门决算公开说明",
            "department": dept,
            "year": year,
            "goals": goals,
            "reasons": reasons,
            "text": text,
        }
        self.build_s += time.perf_counter() - t0
        self.built += 1
        return rep


def _bases(args: argparse.Namespace) -> Path:
    """B generated text reports screened once, with their texts (pickled for the size runs)."""
    out = args.dir / f"dup_bases_{args.bases}_s{args.seed}.pickle"
    if out.exists():
        return out
    from classify.corpus import REPORT_KEYS
    from extract.read import read_path
    from service.screen import screen_source

    docs = corpus(args.dir, args.bases, args.seed, 0.0)
    bases = []
    for p in sorted(docs.glob("*.txt")):
        rep = screen_source(read_path(p), include_text=True)
        bases.append({k: rep.get(k) for k in (*REPORT_KEYS, "text")})
    out.write_bytes(pickle.dumps(bases))
    return out


def dup_one(n: int, bases_file: Path) -> dict[str, Any]:
    """One size, in this (fresh) process: time and peak memory of analyse_corpus."""
    from classify.corpus_pass import analyse_corpus

    bases = pickle.loads(bases_file.read_bytes())
    reports = SyntheticReports(n, bases)
    reports[0]  # noqa: B018 - warm numpy
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0, c0 = time.perf_counter(), time.process_time()
    res = analyse_corpus(reports)
    total = time.perf_counter() - t0
    cpu = time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    planted = {(f"syn{i - 1:07d}", f"syn{i:07d}") for i in range(1, n) if SyntheticReports.near_copy(i)}
    found = set()
    per_code: dict[str, int] = {}
    for doc_id, fs in res.findings.items():
        for f in fs:
            per_code[f["code"]] = per_code.get(f["code"], 0) + 1
            if f["code"] == "DUP001" and f["details"].get("kind") == "document":
                other = f["details"]["other"]["doc_id"]
                found.add(tuple(sorted((doc_id, other))))
    st = res.stats
    return {
        "n": n,
        "seconds": total,
        "cpu_s": cpu,
        "build_s": reports.build_s,
        "built": reports.built,
        "checks_s": total - reports.build_s,
        "base_rss_mb": base_rss / 1024,
        "peak_rss_mb": peak / 1024,
        "stage_s": st["seconds"],
        "findings": per_code,
        "planted_pairs": len(planted),
        "planted_found": len(planted & found),
        "other_doc_pairs": len(found - planted),
        "per_kind": {
            k: {
                kk: v.get(kk)
                for kk in ("units", "distinct_texts", "candidate_pairs", "estimated_pairs", "verified_pairs")
                if kk in v
            }
            for k, v in st["dup001"]["per_kind"].items()
        },
        "stickiness_pairs": len(st.get("stickiness") or ()),
    }


def bench_dup(args: argparse.Namespace) -> None:
    bases_file = _bases(args)
    sizes = [int(x) for x in args.sizes.split(",")]
    print(f"dup: analyse_corpus on {sizes} synthetic reports from {args.bases} generated bases")
    for n in sizes:
        print(f"  [{time.strftime('%H:%M:%S')}] {machine()}")
        res = subprocess.run(
            [sys.executable, __file__, "_dup_one", "--n", str(n), "--bases-file", str(bases_file)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if res.returncode != 0:  # a signal (killed) leaves stderr empty: say so
            sys.exit(f"  n={n}: the measuring process failed (return code {res.returncode})\n{res.stderr}")
        r = json.loads(res.stdout.strip().splitlines()[-1])
        print(
            f"  n={n}: {r['seconds']:.1f} s in all (CPU {r['cpu_s']:.1f} s), of which {r['build_s']:.1f} s building {r['built']} reports "
            f"-> checks {r['checks_s']:.1f} s ({1000 * r['checks_s'] / n:.2f} ms/document); peak RSS "
            f"{r['peak_rss_mb']:.0f} MB ({r['peak_rss_mb'] - r['base_rss_mb']:.0f} MB over the "
            f"{r['base_rss_mb']:.0f} MB before the checks)"
        )
        print(
            f"    stages {r['stage_s']}; findings {r['findings']}; planted near-copy pairs found "
            f"{r['planted_found']}/{r['planted_pairs']}, other document pairs {r['other_doc_pairs']}; "
            f"stickiness pairs {r['stickiness_pairs']}"
        )
        print(f"    per kind {r['per_kind']}")
    print(f"  [{time.strftime('%H:%M:%S')}] {machine()}")


# ---------------------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=("text", "pdf", "batch", "dup", "_dup_one"))
    ap.add_argument(
        "--dir", type=Path, default=Path("/tmp/jxscan-bench"), help="work directory (corpora kept)"
    )
    ap.add_argument("--n", type=int, default=None)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--sizes", default=None)
    ap.add_argument("--engines", default="local,dask")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--pdf-share", type=float, default=0.0, help="batch: share of PDFs in the corpora")
    ap.add_argument("--bases", type=int, default=300)
    ap.add_argument("--bases-file", type=Path)
    args = ap.parse_args()
    if args.what == "_dup_one":
        print(json.dumps(dup_one(args.n, args.bases_file), ensure_ascii=False))
        return
    args.dir.mkdir(parents=True, exist_ok=True)
    print(f"[{time.strftime('%Y-%m-%d %H:%M:%S')}] {machine()}")
    if args.what == "text":
        args.n = args.n or 500
        bench_text(args)
    elif args.what == "pdf":
        args.n = args.n or 20
        bench_pdf(args)
    elif args.what == "batch":
        args.sizes = args.sizes or "1000,3000,10000"
        bench_batch(args)
    else:
        args.sizes = args.sizes or "10000,30000,100000"
        bench_dup(args)


if __name__ == "__main__":
    main()
