"""No product module (classify/, extract/, service/) grows past 650 lines.

A module over ~600 lines usually holds more than one job; issue 15 split them where the cut
is clean (classify/corpus.py, extract/clauses.py, extract/read_pdf.py, extract/narrative.py's
shared state, service/evaluate.py out of the runtime, the RSN/IND/SUM rule families into
packages, the message catalogue into one data module per area). No module is exempt: a
module that grows past the limit is split, not listed.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("classify", "extract", "service")
LIMIT = 650


def _sizes() -> dict[str, int]:
    out = {}
    for top in PRODUCT:
        for p in sorted((ROOT / top).rglob("*.py")):
            out[p.relative_to(ROOT).as_posix()] = len(p.read_text(encoding="utf-8").splitlines())
    return out


def over_the_limit(sizes: dict[str, int]) -> dict[str, int]:
    return {m: n for m, n in sizes.items() if n > LIMIT}


def test_no_product_module_over_the_limit():
    assert over_the_limit(_sizes()) == {}


def test_the_check_sees_a_long_module():
    assert over_the_limit({"a.py": LIMIT + 1, "b.py": LIMIT}) == {"a.py": LIMIT + 1}
    # the scan reads every module, subpackages included, and counts its lines
    sizes = _sizes()
    assert len(sizes) > 100 and "classify/rules/sum/growth.py" in sizes
    text = (ROOT / "extract/messages/lookup.py").read_text(encoding="utf-8")
    assert sizes["extract/messages/lookup.py"] == text.count("\n") > 100
