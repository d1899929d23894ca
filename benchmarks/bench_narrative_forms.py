"""Explanations found, and found with their change, on the real-forms test texts
(tests/narrative_cases.py, both punctuation widths) and on the seeds.

    python3 benchmarks/bench_narrative_forms.py            # this checkout
    cd ../main && python3 ../wt-narr/benchmarks/bench_narrative_forms.py   # another checkout

The cases are read from this file's checkout; the extraction is the one importable from the
current directory, so the same texts measure any version. Matching is by kind and item only
(older versions set no marker); "with change" means amount, rate and direction as expected.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))

from extract.narrative_reasons import extract_reasons  # noqa: E402
from extract.normalize import normalize  # noqa: E402

HERE = Path(__file__).resolve().parent.parent


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, HERE / "tests" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def _widths(text: str) -> list[str]:
    ascii_ = text.translate(str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")"}))
    full = "".join(
        "，"
        if ch == "," and not (0 < i < len(ascii_) - 1 and ascii_[i - 1].isdigit() and ascii_[i + 1].isdigit())
        else ch
        for i, ch in enumerate(ascii_)
    )
    full = full.translate(str.maketrans({":": "：", ";": "；", "(": "（", ")": "）"}))
    return [ascii_, full]


def main() -> None:
    _measure("real-forms texts", _load("narrative_cases").CASES)
    _measure("second set", _load_holdout())
    _seeds()


def _load_holdout():
    src = (HERE / "tests" / "narrative_cases_holdout.py").read_text(encoding="utf-8")
    ns: dict = {}
    exec(compile(src.replace("from .narrative_cases import Case", "Case = object"), "holdout", "exec"), ns)
    return ns["HOLDOUT"]


def _measure(label: str, cases: list) -> None:
    found = with_change = total = missing_total = missing_found = 0
    by_family: dict[str, list[int]] = {}
    for _cid, family, text, expected in cases:
        for t in _widths(text):
            reasons = extract_reasons(t, normalize(t), [])
            for exp in expected:
                kind = exp.get("kind", "reason")
                hits = [
                    r
                    for r in reasons
                    if (r.kind == kind or (kind == "reason" and r.kind == "variance"))
                    and ("item" not in exp or (r.item and exp["item"] in r.item))
                ]
                if kind == "missing":
                    missing_total += 1
                    missing_found += bool(hits)
                    continue
                total += 1
                fam = by_family.setdefault(family, [0, 0, 0])
                fam[0] += 1
                if not hits:
                    continue
                found += 1
                fam[1] += 1
                ok = any(
                    r.change is not None
                    and all(
                        exp[k] is None
                        or (
                            getattr(r.change, k) is not None
                            and (
                                abs(getattr(r.change, k) - exp[k]) < 1e-6
                                if isinstance(exp[k], float)
                                else getattr(r.change, k) == exp[k]
                            )
                        )
                        for k in ("amount", "rate", "direction")
                        if k in exp
                    )
                    for r in hits
                )
                with_change += ok
                fam[2] += ok
    print(
        f"{label}: {total} explanations; found {found} ({100 * found / total:.0f}%), "
        f"with their change {with_change} ({100 * with_change / max(found, 1):.0f}% of found); "
        f"unexplained changes flagged missing {missing_found}/{missing_total}"
    )
    for fam, (n, f, w) in sorted(by_family.items()):
        print(f"  {fam:8s} {n:3d} explanations, found {f}, with change {w}")


def _seeds() -> None:
    seeds = sorted((Path.cwd() / "corpus" / "seeds").glob("*.txt"))
    for p in seeds:
        text = p.read_text(encoding="utf-8")
        rs = extract_reasons(text, normalize(text), [])
        cued = [r for r in rs if r.kind != "missing"]
        ch = [
            r
            for r in cued
            if r.change is not None and (r.change.amount is not None or r.change.rate is not None)
        ]
        print(
            f"seed {p.name[:3]}: {len(cued)} explanations, {len(ch)} with a change, "
            f"{len(rs) - len(cued)} missing"
        )


if __name__ == "__main__":
    main()
