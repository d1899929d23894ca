from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

from extract.model import Report
from extract.pipeline import extract_source
from extract.read import read_path

ROOT = Path(__file__).resolve().parent.parent

# Messages default to Chinese; the suite's tests state the English ones (tests/test_messages.py
# and tests/test_i18n_cli.py check the Chinese default, clearing this variable).
os.environ.setdefault("JXSCAN_LANG", "en")
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
