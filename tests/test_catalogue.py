"""The rule registry is the one catalogue: no rule code is listed anywhere else by hand.

Where a code literal (``IND001`` …) may appear in the source:

- in its own rule module, ``classify/rules/<family>.py`` or a module of the family's
  package ``classify/rules/<family>/`` (the registration and the rule's own messages), and
  only codes of that family;
- in the generator's planters (``corpus/generator/plant.py``, ``plant_narr.py``, and
  ``grid.py``'s columns a plant needs): a planter is keyed by the code it plants, and the
  key set is tested here against the registry;
- in docstrings and comments, and in docs/*.md (documentation names codes);
- in tests, which assert specific findings on specific inputs -- but no test keeps a list
  of the catalogue: a literal list/set/tuple/dict naming more than 10 codes fails.

Everywhere else (classify, extract, service outside the rule modules) a code in a string
literal fails: other modules name a rule by its function (``near_copies.rule_code``) or ask
the registry (``classify.rules.all_rules``). Allowed exceptions, each for a stated reason:
``service/cli.py`` (``--select`` help shows the syntax ``IND,SUM001``) and
``classify/learn/card.py`` (the model card's prose names the rules the labels feed; the
training code leaves the runtime package with helper ``users``' work).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from classify.registry import example_documents
from classify.rules import all_rules
from corpus.generator.plant import FORMS_ONLY_CODES, PER_DOC_CODES, PLANTERS

ROOT = Path(__file__).resolve().parent.parent
CODE = re.compile(r"\b(?:[A-Z]{3})\d{3}\b")
PRODUCT = ("classify", "extract", "service", "corpus/generator")
PLANTER_MODULES = ("corpus/generator/plant.py", "corpus/generator/plant_narr.py", "corpus/generator/grid.py")
ALLOWED = {  # help texts naming an example code or the corpus checks in prose, as docs do
    "extract/messages/cli.py": {"SUM001"},
    "extract/messages/report.py": {"DUP001", "DUP002"},
}
# Presentation keyed by code: the finding-sentence recipes a code limits itself to. Allowed
# because each code there is checked against the registry (test_explain_recipes_name_real_codes).
KEYED_BY_CODE = ("service/explain.py",)
MAX_CODES_IN_A_TEST_LITERAL = 10


def _families() -> set[str]:
    return {r.family for r in all_rules()}


def _string_literals(tree: ast.AST) -> list[ast.Constant]:
    """Every str constant that is not a docstring."""
    docs = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and n.body:
            first = n.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docs.add(id(first.value))
    return [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
    ]


def code_literals(source: str, families: set[str]) -> set[str]:
    """Rule codes named in string literals of a module (docstrings and comments excluded)."""
    out: set[str] = set()
    for n in _string_literals(ast.parse(source)):
        out |= {c for c in CODE.findall(n.value) if c[:3] in families}
    return out


def test_no_code_listed_by_hand_in_product_code():
    families = _families()
    bad = {}
    for top in PRODUCT:
        for p in sorted((ROOT / top).rglob("*.py")):
            rel = p.relative_to(ROOT).as_posix()
            if rel in PLANTER_MODULES or rel in KEYED_BY_CODE:
                continue
            found = code_literals(p.read_text(encoding="utf-8"), families)
            m = re.fullmatch(r"classify/rules/([a-z]{3})(?:/\w+)?\.py", rel)
            if m:
                found = {c for c in found if c[:3].lower() != m.group(1)}
            found -= ALLOWED.get(rel, set())
            if found:
                bad[rel] = sorted(found)
    assert bad == {}


def test_no_test_keeps_a_catalogue():
    families = _families()
    bad = []
    for p in sorted((ROOT / "tests").glob("*.py")):
        for n in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(n, ast.List | ast.Set | ast.Tuple | ast.Dict):
                elts = n.keys if isinstance(n, ast.Dict) else n.elts
                codes = {
                    e.value
                    for e in elts
                    if isinstance(e, ast.Constant)
                    and isinstance(e.value, str)
                    and CODE.fullmatch(e.value)
                    and e.value[:3] in families
                }
                if len(codes) > MAX_CODES_IN_A_TEST_LITERAL:
                    bad.append((p.name, n.lineno, len(codes)))
    assert bad == []


def test_the_scanner_sees_a_hand_kept_list():
    fams = {"IND", "SUM"}
    assert code_literals('X = ["IND001", "SUM002"]\n', fams) == {"IND001", "SUM002"}
    assert (
        code_literals('def f():\n    """IND001 in a docstring."""\n    return 1  # SUM002\n', fams) == set()
    )
    assert code_literals('msg = f"{n} IND001 findings"\n', fams) == {"IND001"}


def test_allowed_exceptions_are_still_needed():
    families = _families()
    for rel, codes in ALLOWED.items():
        assert codes <= code_literals((ROOT / rel).read_text(encoding="utf-8"), families), rel


def test_planters_cover_the_per_document_catalogue():
    """One planter per per-document rule; the plan cycles through all but the forms-only ones."""
    document = {r.code for r in all_rules(scope="document")}
    assert set(PLANTERS) == document
    assert set(PER_DOC_CODES) == document - set(FORMS_ONLY_CODES)
    assert set(FORMS_ONLY_CODES) <= document


def test_generator_plants_corpus_codes_only_from_the_registry():
    corpus = {r.code for r in all_rules(scope="corpus")}
    text = (ROOT / "corpus/generator/plant.py").read_text(encoding="utf-8")
    planted = {c for c in re.findall(r'Plant\("([A-Z]{3}\d{3})"', text)} | set(
        re.findall(r'_p\("([A-Z]{3}\d{3})"', text)
    )
    assert corpus <= planted and planted <= {r.code for r in all_rules()}


@pytest.fixture(scope="module")
def screen():
    from extract.read import read_text
    from service.screen import screen_source

    def run(example: str) -> list[dict]:
        return [
            screen_source(read_text(t, f"example{i}.txt"), checks=True, include_text=True)
            for i, t in enumerate(example_documents(example))
        ]

    return run


@pytest.mark.parametrize("code", [r.code for r in all_rules(scope="corpus")])
def test_corpus_rule_examples_fire_and_quiet_ones_do_not(code, screen):
    from classify.corpus_pass import corpus_findings
    from classify.registry import RULES

    r = RULES[code]
    fired = corpus_findings(screen(r.example), select=[code])
    assert fired and all(
        f["code"] == code and f["severity"] == r.severity for fs in fired.values() for f in fs
    )
    quiet = screen(r.quiet)
    assert len(quiet) >= 2
    assert corpus_findings(quiet, select=[code]) == {}


def test_explain_recipes_name_real_codes():
    from service.explain import RECIPES

    named = {c for r in RECIPES for c in (*r.get("codes", ()), *r.get("not_codes", ()))}
    assert named and named <= {r.code for r in all_rules()}
