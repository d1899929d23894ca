from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from extract.model import Report
from extract.pipeline import extract_source
from extract.read import read_path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))


def seed_path(prefix: str) -> Path:
    return next(p for p in SEEDS if p.name.startswith(prefix))


@cache
def seed_text(prefix: str) -> str:
    return read_path(seed_path(prefix)).text


@cache
def seed_report(prefix: str) -> Report:
    return extract_source(read_path(seed_path(prefix)))


@pytest.fixture(params=["000", "001", "002", "003", "004"])
def seed(request):
    return request.param
