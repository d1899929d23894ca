"""The labelled data of ``corpus/labels/`` as model inputs and targets, per task."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from classify.learn.features import IndicatorInput, ReasonInput, indicator_input, reason_body

TASKS = ("cause", "quality", "category1", "category2")
REASONS_FILE = "reasons.jsonl"
INDICATORS_FILE = "indicators.jsonl"


@dataclass
class TaskData:
    task: str
    ids: list[str]
    inputs: list[ReasonInput] | list[IndicatorInput]
    labels: list[str]
    records: list[dict]

    def subset(self, idx) -> TaskData:
        return TaskData(
            self.task,
            [self.ids[i] for i in idx],
            [self.inputs[i] for i in idx],  # type: ignore[misc]
            [self.labels[i] for i in idx],
            [self.records[i] for i in idx],
        )


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def reason_input(rec: dict) -> ReasonInput:
    return ReasonInput(rec["text"], rec.get("kind") or "reason", rec.get("direction"), rec.get("item"))


def pair(c1: str, c2: str) -> str:
    """category2 is learned as the pair 一级/二级: 经济 under 成本 and under 效益 differ."""
    return f"{c1}/{c2}"


def task_of(task: str, recs: list[dict]) -> TaskData:
    """Reason records (cause, quality) or indicator records (category1, category2) as the
    inputs and targets of ``task``."""
    ids = [str(r.get("id", i)) for i, r in enumerate(recs)]
    if task in ("cause", "quality"):
        return TaskData(task, ids, [reason_input(r) for r in recs], [r[task] for r in recs], recs)
    inputs = [indicator_input(r["name"], r.get("target") or "") for r in recs]
    labels = [r["category1"] if task == "category1" else pair(r["category1"], r["category2"]) for r in recs]
    return TaskData(task, ids, inputs, labels, recs)


def load_task(labels_dir: Path, task: str) -> TaskData:
    if task in ("cause", "quality"):
        # Empty reasons are `missing` by definition (no model needed): not training data.
        return task_of(task, [r for r in read_jsonl(labels_dir / REASONS_FILE) if reason_body(r["text"])])
    return task_of(task, read_jsonl(labels_dir / INDICATORS_FILE))


def data_hash(labels_dir: Path) -> dict[str, str]:
    return {
        name: hashlib.sha256((labels_dir / name).read_bytes()).hexdigest()
        for name in (REASONS_FILE, INDICATORS_FILE)
    }
