"""One entry of the catalogue: its Chinese and its English (every part builds its entries with it)."""

from __future__ import annotations


def _m(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}
