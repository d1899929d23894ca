"""Compare two trained model directories after canonicalisation (docs/models.md, Retraining).

    python3 -m corpus.train.compare models models.new

On one machine ``jxscan train`` writes the same bytes whatever the thread settings. Across
machines numpy/BLAS kernels differ by CPU and may move the last bits of a coefficient, which
then changes a file's bytes and the hashes in the manifest. The canonical comparison: the
file names equal; every ``.npz`` has the same members, the same JSON ``meta`` (vocabularies,
classes, thresholds, segmenter) and arrays equal within ``ATOL``; the manifest equal once its
``files`` hashes are set aside; other files (the card, a spaCy pipeline) byte-equal except
for the card's hash column. Exit 0 when equivalent, 1 with the differences otherwise.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np

from classify.learn.linear import load_arrays

ATOL = 1e-5  # float32 coefficients of order 1-10: far above a last-bit difference, far below any effect


def _npz(a: Path, b: Path) -> list[str]:
    x, y = load_arrays(a), load_arrays(b)
    if sorted(x) != sorted(y):
        return [f"{a.name}: members {sorted(x)} vs {sorted(y)}"]
    out = []
    for k in sorted(x):
        if k == "meta":
            if json.loads(x[k].tobytes()) != json.loads(y[k].tobytes()):
                out.append(f"{a.name}: meta (vocabularies, classes or thresholds) differ")
        elif x[k].shape != y[k].shape:
            out.append(f"{a.name}: {k} shape {x[k].shape} vs {y[k].shape}")
        elif not np.allclose(x[k], y[k], rtol=0, atol=ATOL):
            out.append(f"{a.name}: {k} differs by up to {float(np.max(np.abs(x[k] - y[k]))):.3g}")
    return out


def _card(text: str) -> str:
    return re.sub(r"`[0-9a-f]{16}…`", "`<hash>`", text)  # the artifacts' hash column


def compare(a: Path, b: Path) -> list[str]:
    """The differences that survive canonicalisation (empty: equivalent)."""
    fa = sorted(str(p.relative_to(a)) for p in a.rglob("*") if p.is_file())
    fb = sorted(str(p.relative_to(b)) for p in b.rglob("*") if p.is_file())
    if fa != fb:
        return [f"files differ: {sorted(set(fa) ^ set(fb))}"]
    out: list[str] = []
    for name in fa:
        pa, pb = a / name, b / name
        if pa.read_bytes() == pb.read_bytes():
            continue
        if name.endswith(".npz"):
            out += _npz(pa, pb)
        elif name == "manifest.json":
            ma, mb = (json.loads(p.read_text(encoding="utf-8")) for p in (pa, pb))
            ma.pop("files", None)
            mb.pop("files", None)
            if ma != mb:
                out.append("manifest.json: differs beyond the file hashes")
        elif name == "MODEL_CARD.md":
            if _card(pa.read_text(encoding="utf-8")) != _card(pb.read_text(encoding="utf-8")):
                out.append("MODEL_CARD.md: differs beyond the hash column")
        else:
            out.append(f"{name}: bytes differ")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("a", type=Path)
    ap.add_argument("b", type=Path)
    args = ap.parse_args(argv)
    diffs = compare(args.a, args.b)
    for d in diffs:
        print(d)
    print("equivalent" if not diffs else f"{len(diffs)} difference(s)")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
