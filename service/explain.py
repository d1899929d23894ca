"""One plain sentence under each finding, built from its ``details``.

The page and the reports show this sentence; the raw ``details`` stay behind a toggle.
The sentence is made of *recipes*: a recipe names the detail keys it needs, the message
(``explain.*`` in :mod:`extract.messages`) it fills, and how each field is formatted. The
recipes are plain data so that the web page (``service/web/app.js``) interprets the very
same list, received in ``service/web/messages.js`` (generated: ``python3 -m service.explain``).

Sign convention, everywhere: a change is a direction word followed by its magnitude
(减少1.28万元，下降14.07% / down 1.28, down 14.07%), never a minus sign after a direction.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from extract.messages import CATALOGUE, current_lang, normalize_lang, t

# A recipe: message id, the keys it needs (all present and not None), optional codes it is
# limited to, and the format of each field (``fmt``: key -> formatter name; default "num").
RECIPES: list[dict[str, Any]] = [
    {
        "id": "explain.overlap_goal_duties",
        "keys": ["containment", "threshold"],
        "codes": ["GOL002"],
        "fmt": {"containment": "share", "threshold": "share"},
    },
    {
        "id": "explain.overlap_result_goal",
        "keys": ["containment", "threshold"],
        "codes": ["GOL001"],
        "fmt": {"containment": "share", "threshold": "share"},
    },
    {
        "id": "explain.same_goal",
        "keys": ["same_as", "jaccard"],
        "codes": ["GOL003"],
        "fmt": {"same_as": "text", "jaccard": "share"},
    },
    {"id": "explain.similarity", "keys": ["jaccard"], "codes": ["DUP001"], "fmt": {"jaccard": "share"}},
    {"id": "explain.status", "keys": ["status"], "fmt": {"status": "status"}},
    {"id": "explain.target", "keys": ["target_raw"], "fmt": {"target_raw": "quantity"}},
    {"id": "explain.actual", "keys": ["actual_raw"], "fmt": {"actual_raw": "quantity"}},
    {"id": "explain.target_value", "keys": ["target"], "codes": ["RSN005"]},
    {"id": "explain.actual_value", "keys": ["actual"], "codes": ["RSN005"]},
    {"id": "explain.score", "keys": ["score", "weight"], "not_codes": ["SUM004"]},
    {
        "id": "explain.expected_score",
        "keys": ["expected"],
        "codes": ["IND001", "IND002", "IND004"],
        "fmt": {"expected": "expected"},
    },
    {"id": "explain.rule", "keys": ["rule"], "fmt": {"rule": "rule"}},
    {"id": "explain.ratio", "keys": ["ratio"]},
    {
        "id": "explain.cost",
        "keys": ["completion", "cost_row", "cost_target", "cost_actual"],
        "fmt": {"completion": "share", "cost_row": "text"},
    },
    {"id": "explain.change", "keys": ["change"], "fmt": {"change": "change"}},
    {"id": "explain.quality", "keys": ["quality"], "fmt": {"quality": "quality"}},
    {"id": "explain.same_reason", "keys": ["same_as"], "codes": ["RSN004"], "fmt": {"same_as": "text"}},
    {"id": "explain.contradiction", "keys": ["contradiction"], "fmt": {"contradiction": "text"}},
    {"id": "explain.pair", "keys": ["pair"], "fmt": {"pair": "text"}},
    {"id": "explain.total_vs_sum", "keys": ["declared_total", "sum"]},
    {"id": "explain.weights_sum", "keys": ["weights_sum"]},
    {"id": "explain.exec_rate", "keys": ["executed", "adjusted", "rate", "expected"]},
    {
        "id": "explain.exec_score",
        "keys": ["rate", "weight", "score", "expected"],
        "codes": ["SUM004"],
        "fmt": {"expected": "expected"},
    },
    {"id": "explain.share", "keys": ["part", "whole", "share", "expected"]},
    {
        "id": "explain.growth",
        "keys": ["previous", "current", "rate", "expected"],
        "fmt": {"rate": "signed_pct", "expected": "signed_pct"},
    },
    # 预决算差异率 is a signed figure in the reports themselves (no direction word to pair with)
    {
        "id": "explain.variance",
        "keys": ["budget", "final", "rate", "expected"],
        "fmt": {"rate": "pct", "expected": "pct"},
    },
    {"id": "explain.total_parts", "keys": ["total", "sum"], "codes": ["SUM008"]},
    {"id": "explain.funds", "keys": ["年初预算数"], "codes": ["SUM005"], "fmt": {"年初预算数": "funds"}},
    {
        "id": "explain.funds_adjusted",
        "keys": ["全年预算数"],
        "codes": ["SUM005"],
        "fmt": {"全年预算数": "funds"},
    },
    {
        "id": "explain.funds_executed",
        "keys": ["全年执行数"],
        "codes": ["SUM005"],
        "fmt": {"全年执行数": "funds"},
    },
    {"id": "explain.narrative_vs_tables", "keys": ["narrative", "tables_sum", "tables"]},
    {"id": "explain.stated_vs_tables", "keys": ["stated", "tables"]},
    {"id": "explain.other_doc", "keys": ["other"], "fmt": {"other": "other"}},
]


def num(v: Any) -> str:
    """A number as a reader writes it: 6 not 6.0, 0.93 not 0.9300."""
    if isinstance(v, bool) or not isinstance(v, int | float):
        return str(v)
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _share(v: Any) -> str:
    return f"{num(round(float(v) * 100, 1))}%" if isinstance(v, int | float) else str(v)


def _quantity(raw: Any) -> str:
    """``>=1 次`` -> ``≥1次``, ``=0 次`` -> ``0次``: the operator a reader expects, no stray space."""
    s = " ".join(str(raw).split())
    for a, b in ((">=", "≥"), ("<=", "≤")):
        s = s.replace(a, b)
    s = s.removeprefix("=")
    return "".join(s.split(" ")) if any("\u4e00" <= ch <= "\u9fff" for ch in s) or "%" in s else s


def _signed_pct(v: Any, lang: str) -> str:
    if not isinstance(v, int | float):
        return str(v)
    if v == 0:
        return "0%"
    word = t("explain.dir.up" if v > 0 else "explain.dir.down", lang)
    return t("explain.dir_pct", lang, direction=word, v=num(abs(v)))


def _change(c: Any, lang: str) -> str:
    if not isinstance(c, dict):
        return ""
    parts = []
    if c.get("rate_kind") == "completion":
        if c.get("rate") is not None:
            parts.append(t("explain.completion", lang, rate=num(abs(c["rate"]))))
        return t("explain.comma", lang).join(parts)
    d = str(c.get("direction") or "")
    word = {
        "增加": "explain.dir.increase",
        "减少": "explain.dir.decrease",
        "增长": "explain.dir.increase",
        "下降": "explain.dir.decrease",
    }.get(d)
    direction = t(word, lang) if word else d
    if c.get("amount") is not None:
        parts.append(t("explain.change_amount", lang, direction=direction, amount=num(abs(c["amount"]))))
    if c.get("rate") is not None:
        # a rate takes 增长/下降 where the amount takes 增加/减少
        rate_word = {
            "explain.dir.increase": "explain.dir.up",
            "explain.dir.decrease": "explain.dir.down",
        }.get(word or "")
        fields = {"direction": t(rate_word, lang) if rate_word else direction, "rate": num(abs(c["rate"]))}
        parts.append(
            t("explain.change_points", lang, **fields)
            if c.get("rate_kind") == "points"
            else t("explain.change_rate", lang, **fields)
        )
    return t("explain.comma", lang).join(parts)


def _expected(v: Any, lang: str) -> str:
    if isinstance(v, dict):
        vals = sorted({num(x) for x in v.values() if isinstance(x, int | float)}, key=float)
        return t("explain.or", lang).join(vals)
    return num(v)


def _rule(v: Any, lang: str) -> str:
    if v == "none":
        return t("explain.rule_none_short", lang)
    return t(f"scoring.{v}", lang) if f"scoring.{v}" in CATALOGUE else str(v)


def _funds(v: Any, lang: str) -> str:
    if not isinstance(v, dict):
        return str(v)
    return t("explain.funds_sum", lang, total=num(v.get("total")), sum=num(v.get("sum")))


def _other(v: Any, lang: str) -> str:
    if isinstance(v, dict):
        return " ".join(str(v[k]) for k in ("department", "year", "source") if v.get(k)) or str(
            v.get("doc_id", "")
        )
    return str(v)


def _lookup(prefix: str, v: Any, lang: str) -> str:
    return t(f"{prefix}.{v}", lang) if f"{prefix}.{v}" in CATALOGUE else str(v)


FORMATS = {
    "num": lambda v, lang: num(v),
    "text": lambda v, lang: " ".join(str(v).split()),
    "share": lambda v, lang: _share(v),
    "pct": lambda v, lang: f"{num(v)}%",
    "quantity": lambda v, lang: _quantity(v),
    "signed_pct": _signed_pct,
    "change": _change,
    "expected": _expected,
    "rule": _rule,
    "status": lambda v, lang: _lookup("status", v, lang),
    "quality": lambda v, lang: _lookup("quality", v, lang),
    "funds": _funds,
    "other": _other,
}


def _applies(recipe: dict[str, Any], code: str, details: dict[str, Any]) -> bool:
    if "codes" in recipe and code not in recipe["codes"]:
        return False
    if code in recipe.get("not_codes", ()):
        return False
    return all(details.get(k) is not None for k in recipe["keys"])


def explain(finding: dict[str, Any], lang: str | None = None) -> str:
    """The plain sentence for a finding (empty when its details say nothing readable)."""
    lang = normalize_lang(lang) or current_lang()
    details = finding.get("details")
    if not isinstance(details, dict) or not details:
        return ""
    code = str(finding.get("code") or "")
    parts = []
    used: set[str] = set()
    for r in RECIPES:
        if not _applies(r, code, details) or used >= set(r["keys"]) and r["keys"]:
            continue
        fmt = r.get("fmt", {})
        fields = {_field(k): FORMATS[fmt.get(k, "num")](details[k], lang) for k in r["keys"]}
        if all(fields.values()):  # a value of another shape (SUM007's numeric "change") says nothing here
            parts.append(t(r["id"], lang, **fields))
            used.update(r["keys"])
    return t("explain.sep", lang).join(parts) + t("explain.end", lang) if parts else ""


def _field(key: str) -> str:
    # Detail keys that are not identifiers (SUM005's column names) are the field "v".
    return key if key.isidentifier() and key.isascii() else "v"


# ------------------------------------------------------------------ the web page's copy

WEB_PREFIXES = ("page.", "explain.", "status.", "quality.", "severity.", "scoring.")
WEB_FILE = Path(__file__).resolve().parent / "web" / "messages.js"


def web_messages_js() -> str:
    """``service/web/messages.js``: the page's messages and the recipes, from this module."""
    from extract.messages import catalogue_json

    data = {"messages": catalogue_json(WEB_PREFIXES), "recipes": RECIPES}
    body = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    return (
        "// Generated by `python3 -m service.explain` from extract/messages/ and service/explain.py:\n"
        "// do not edit (tests/test_messages.py checks it is current).\n"
        f"window.JXSCAN_I18N = {body};\n"
    )


if __name__ == "__main__":
    WEB_FILE.write_text(web_messages_js(), encoding="utf-8")
    print(f"wrote {WEB_FILE}", file=sys.stderr)
