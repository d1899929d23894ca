"""`jxscan check` answers byte for byte what tests/data/check_snapshot.jsonl recorded, on the
five seeds and 300 generated reports (text and PDF): speed work must change no output.

A branch that changes findings or reports ON PURPOSE regenerates the snapshot with

    python3 benchmarks/snapshot.py

and commits it with the change (benchmarks/snapshot.py says what it records).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import snapshot  # noqa: E402 - benchmarks/ is not a package


def test_check_output_matches_snapshot(tmp_path: Path) -> None:
    expected = snapshot.load()
    assert len(expected) == 305  # 5 seeds + 300 generated
    corpus = snapshot.generate_corpus(tmp_path / "gen")
    got = list(snapshot.snapshot_lines(corpus))
    # No rule raises on any of them (a rule that raises is reported in rulebook.rule_failures
    # and its findings are lost: SUM008 once sorted a part of no known role with str).
    assert [(g["file"], g["rule_failures"]) for g in got if "rule_failures" in g] == []
    diff = snapshot.compare(expected, got)
    assert not diff, (
        f"{len(diff)} differences, first: {diff[:5]}; if intended, regenerate with "
        "`python3 benchmarks/snapshot.py` and commit tests/data/check_snapshot.jsonl"
    )


def test_compare_sees_a_changed_report() -> None:
    """The comparison itself fails on a change (so the test above can fail)."""
    expected = snapshot.load()[:3]
    changed = [dict(x) for x in expected]
    changed[1]["report"] = "0" * 32
    assert snapshot.compare(expected, expected) == []
    assert snapshot.compare(expected, changed) == [f"{expected[1]['file']}: report differs (findings equal)"]
