"""The risk score's distribution over a corpus, and how well it ranks planted anomalies.

    python3 -m service.cli generate --n 300 --seed 5 --out /tmp/E300
    python3 -m service.cli batch /tmp/E300/docs --db /tmp/E300.sqlite --out /tmp/E300.jsonl
    python3 benchmarks/risk_distribution.py /tmp/E300.jsonl --manifest /tmp/E300/manifest.jsonl

The reports (a batch's JSONL export, or ``jxscan check --format jsonl``) are re-scored with
classify/risk.py from their findings and size, so the figures follow the formula in the code.
With the generator's manifest it also prints the Spearman correlation between the risk and
the number of anomalies planted in each document, and the share of (heavy, clean) pairs
ranked right (≥ 3 planted vs none), for the current formula and for the one before issue 14
(``100·(1 − exp(−(3e + w + 0.2i)/10))`` on the severity counts alone). The text histogram
is what docs/scoring.md shows.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from classify.risk import report_risk  # noqa: E402

BINS = 10
BAR = 50  # characters of the longest bar


def read_reports(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def planted_counts(manifest: Path) -> dict[str, int]:
    """Planted anomalies per document, keyed by the file name (docs/00012.txt)."""
    out: dict[str, int] = {}
    for rec in read_reports(manifest):
        if rec.get("kind") == "document":
            out[Path(rec["file"]).name] = len(rec.get("planted") or ())
    return out


def old_risk(report: dict) -> float:
    c = report.get("counts") or {}
    load = 3.0 * c.get("error", 0) + c.get("warning", 0) + 0.2 * c.get("info", 0)
    return round(100.0 * (1.0 - math.exp(-load / 10.0)), 1)


def ranks(xs: list[float]) -> list[float]:
    """Average ranks (ties share their mean rank), for Spearman's rho."""
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    r = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2.0
        i = j + 1
    return r


def spearman(xs: list[float], ys: list[float]) -> float:
    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = math.sqrt(sum((a - mx) ** 2 for a in rx))
    vy = math.sqrt(sum((b - my) ** 2 for b in ry))
    return cov / (vx * vy) if vx and vy else float("nan")


def pairwise(risks: list[float], planted: list[int], heavy: int = 3) -> float:
    """Share of (≥ heavy planted, none planted) pairs where the heavy one scores higher (ties 1/2)."""
    hi = [r for r, p in zip(risks, planted, strict=True) if p >= heavy]
    lo = [r for r, p in zip(risks, planted, strict=True) if p == 0]
    if not hi or not lo:
        return float("nan")
    return sum((a > b) + 0.5 * (a == b) for a in hi for b in lo) / (len(hi) * len(lo))


def histogram(risks: list[float]) -> list[str]:
    counts = [0] * BINS
    for r in risks:
        counts[min(BINS - 1, int(r // (100 / BINS)))] += 1
    top = max(counts) or 1
    width = 100 // BINS
    return [
        f"{i * width:3d}-{(i + 1) * width - (0 if i == BINS - 1 else 1):3d} | "
        f"{'#' * round(BAR * n / top):<{BAR}} {n}"
        for i, n in enumerate(counts)
    ]


def quantile(xs: list[float], q: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, int(q * len(s)))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "reports", type=Path, help="JSON lines of reports (batch --out X.jsonl, or check --format jsonl)"
    )
    ap.add_argument(
        "--manifest", type=Path, help="the generator's manifest.jsonl: rank against planted anomalies"
    )
    args = ap.parse_args(argv)
    reps = [r for r in read_reports(args.reports) if r.get("findings") is not None]
    risks = [report_risk(r) for r in reps]
    print(
        f"{len(reps)} documents; risk median {quantile(risks, 0.5):.1f}, p90 {quantile(risks, 0.9):.1f}, "
        f"max {max(risks):.1f}; ≥ 63: {sum(r >= 63 for r in risks)}"
    )
    print("\n".join(histogram(risks)))
    if args.manifest:
        planted = planted_counts(args.manifest)
        pairs = [
            (r, rep, planted[Path(rep["source"]).name])
            for r, rep in zip(risks, reps, strict=True)
            if Path(str(rep.get("source"))).name in planted
        ]
        new = [r for r, _, _ in pairs]
        old = [old_risk(rep) for _, rep, _ in pairs]
        n = [p for _, _, p in pairs]
        print(
            f"ranking against planted anomalies ({len(pairs)} documents, "
            f"{sum(p == 0 for p in n)} with none, {sum(p >= 3 for p in n)} with 3 or more):"
        )
        for name, rs in (("this formula", new), ("before (counts only)", old)):
            print(
                f"  {name:22s} Spearman {spearman(rs, [float(p) for p in n]):.3f}   "
                f"pairs (≥3 vs 0) ranked right {pairwise(rs, n):.3f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
