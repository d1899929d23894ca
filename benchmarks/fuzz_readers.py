"""Byte-mutation fuzzing of the readers (issue 13): how many damaged inputs read, and how.

- texts: the seeds (every third one re-encoded as GB18030) with 1-5 random bytes overwritten;
  counts the ones read, the ones refused (ReadError), and checks every replaced byte's
  reported position (``text[start:end] == "\\ufffd"`` at the offset ``damaged_bytes`` gives);
- PDFs: a generated two-table report with 1-20 random bytes overwritten; counts the
  outcomes that are not a ReadError (each would be a 500 from the server, or the wrong
  error class in batch and check).

    python3 benchmarks/fuzz_readers.py [--texts 500] [--pdfs 60] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.read import ReadError, damaged_bytes, read_bytes  # noqa: E402
from extract.read_pdf import read_pdf_bytes  # noqa: E402
from tests import pdfgen  # noqa: E402


def mutate(data: bytes, rng: random.Random, most: int) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, most)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def fuzz_texts(n: int, rng: random.Random) -> None:
    seeds = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))
    read = refused = wrong = replaced = 0
    for i in range(n):
        data = seeds[i % len(seeds)].read_bytes()
        if i % 3 == 1:
            data = data.decode("utf-8").encode("gb18030")
        data = mutate(data, rng, 5)
        try:
            src = read_bytes(data, "f.txt")
        except ReadError:
            refused += 1
            continue
        read += 1
        runs = damaged_bytes(data, src.encoding or "utf-8")
        replaced += bool(runs)
        wrong += sum(1 for _, _, c in runs if src.text[c] != "\ufffd")
    print(
        f"texts: {n} mutated, {read} read ({replaced} with replaced bytes), {refused} refused; "
        f"{wrong} reported positions wrong"
    )


def fuzz_pdfs(n: int, rng: random.Random) -> None:
    good = pdfgen.render_pdf(pdfgen.sample_report())
    outcomes: Counter[str] = Counter()
    for i in range(n):
        try:
            read_pdf_bytes(mutate(good, rng, 20), f"m{i}.pdf", "x")
            outcomes["read"] += 1
        except ReadError:
            outcomes["ReadError"] += 1
        except Exception as e:  # noqa: BLE001 - what is counted
            outcomes[type(e).__name__] += 1
    other = n - outcomes["read"] - outcomes["ReadError"]
    print(
        f"PDFs: {n} mutated, {outcomes['read']} read, {outcomes['ReadError']} ReadError, {other} other "
        f"exceptions {dict(outcomes) if other else ''}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--texts", type=int, default=500)
    ap.add_argument("--pdfs", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    fuzz_texts(a.texts, random.Random(a.seed))
    fuzz_pdfs(a.pdfs, random.Random(a.seed))


if __name__ == "__main__":
    main()
