"""Where training reads and writes: importing this costs nothing (the CLI builds its parser from it
without loading numpy or scikit-learn)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "corpus" / "labels"
MODELS = ROOT / "models"  # the models in use (classify/learn/models.py loads them)
DEFAULT_OUT = Path("models.new")  # where `jxscan train` writes unless told otherwise
