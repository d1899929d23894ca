"""A reason is stripped of its item's names in one order whatever Python's hash seed: the
whole 类/款/项 path first, then its leaf (a set's order once decided which, and with it how
much text was left for the quality label)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from classify.reasons import _names

ROOT = Path(__file__).resolve().parent.parent
ITEM = "一般公共服务支出(类)政府办公厅(室)及相关机构事务(款)行政运行(项)"
REASON = (
    "一般公共服务支出(类)政府办公厅(室)及相关机构事务(款)行政运行(项)支出增加，主要原因是行政运行人员增加。"
)


def test_names_longest_first() -> None:
    assert _names(ITEM) == [ITEM, "行政运行"]
    assert _names("公用 经费") == ["公用经费"]  # leaf and whole name are one: once
    assert _names(None) == [] and _names("") == []


def test_strip_generic_same_under_every_hash_seed() -> None:
    code = (
        "from classify.reasons import _strip_generic, _drivers;"
        f"print(repr(_strip_generic({REASON!r}, {ITEM!r})), _drivers({REASON!r}, {ITEM!r}))"
    )
    outs = set()
    for seed in ("0", "1", "2", "3", "7", "42"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        r = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
        outs.add(r.stdout)
    assert len(outs) == 1
    # The whole path went first: its leaf's second mention (in the cause) is gone too, and
    # nothing of the path is left over.
    assert "行政运行" not in outs.pop()
