"""Precision and recall of the narrative checks on the development set
(tests/narrative_dev_cases.py), per code and overall.

A fragment counts once per code: a code found in a fragment that marks it is a true
positive, a code found in a fragment that does not mark it a false positive, a marked code
not found a false negative. Clean fragments report any narrative code they raise.

    python3 benchmarks/score_narrative_dev.py            # table + the misses and false alarms
    python3 benchmarks/score_narrative_dev.py --quiet    # table only
    python3 benchmarks/score_narrative_dev.py --fresh    # the second set (written after tuning)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from classify.check import check_report  # noqa: E402
from extract.pipeline import extract_source  # noqa: E402
from extract.read import read_text  # noqa: E402
from tests.narrative_dev_cases import CASES, CODES, FRESH  # noqa: E402


def codes_of(text: str) -> tuple[set[str], list[dict]]:
    """The narrative codes jxscan raises on one fragment, with the findings."""
    src = read_text(text)
    rep = check_report(extract_source(src), src.text)
    found = [f for f in rep.findings if f["code"] in CODES]
    return {f["code"] for f in found}, found


def score(cases: list = CASES) -> tuple[dict[str, list[int]], list[str]]:
    """Per code [tp, fp, fn], and one line per wrong fragment."""
    counts = {c: [0, 0, 0] for c in CODES}
    notes = []
    for cid, _form, text, want in cases:
        got, found = codes_of(text)
        for c in got & want:
            counts[c][0] += 1
        for c in got - want:
            counts[c][1] += 1
            msgs = "; ".join(f["message"][:70] for f in found if f["code"] == c)
            notes.append(f"FP {c} {cid}: {msgs}")
        for c in want - got:
            counts[c][2] += 1
            notes.append(f"FN {c} {cid}")
    return counts, notes


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "  - "


def main(argv: list[str]) -> int:
    cases = FRESH if "--fresh" in argv else CASES
    counts, notes = score(cases)
    print(f"{'code':8} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6}")
    tot = [0, 0, 0]
    for c in CODES:
        tp, fp, fn = counts[c]
        tot = [tot[0] + tp, tot[1] + fp, tot[2] + fn]
        print(f"{c:8} {tp:4} {fp:4} {fn:4} {_ratio(tp, tp + fp):>6} {_ratio(tp, tp + fn):>6}")
    tp, fp, fn = tot
    print(f"{'all':8} {tp:4} {fp:4} {fn:4} {_ratio(tp, tp + fp):>6} {_ratio(tp, tp + fn):>6}")
    n_clean = sum(1 for *_, w in cases if not w)
    print(f"fragments {len(cases)} (clean {n_clean}, anomalous {len(cases) - n_clean})")
    if "--quiet" not in argv:
        print("\n".join(notes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
