"""The default install runs every command (issue 14): every third-party module that the product
packages import is a default dependency, not only a test extra (reportlab for `jxscan generate`
was one), and the supported Pythons are those the pins have wheels for."""

from __future__ import annotations

import ast
import importlib.metadata as md
import re
import sys
import tomllib

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from .conftest import ROOT

PRODUCT = ("extract", "classify", "service", "corpus")
# Imported only by code that says how to get them when they are missing (docs/scale.md), or,
# for xlwt, only by corpus/generator/files.py: write_xls, which the tests alone call to make
# .xls inputs (`jxscan generate` writes html, docx and xlsx).
OPTIONAL = {"dask", "distributed", "xlwt"}
PROJECT = set(PRODUCT) | {"tests", "benchmarks"}


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _imported_modules() -> dict[str, str]:
    """Top-level modules imported anywhere in the product packages -> one file importing it."""
    out: dict[str, str] = {}
    for pkg in PRODUCT:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            if "holdout" in path.parts:
                continue  # the held-out set is not read (and imports nothing of note)
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                for n in names:
                    out.setdefault(n.split(".")[0], str(path.relative_to(ROOT)))
    return out


def _dist_name(req: str) -> str:
    return re.sub(r"[-_.]+", "-", Requirement(req).name).lower()


def test_every_imported_package_is_a_default_dependency():
    proj = _pyproject()["project"]
    default = {_dist_name(r) for r in proj["dependencies"]}
    dists = md.packages_distributions()
    missing = []
    for mod, where in sorted(_imported_modules().items()):
        if mod in sys.stdlib_module_names or mod in PROJECT or mod in OPTIONAL or mod == "__future__":
            continue
        provided = {re.sub(r"[-_.]+", "-", d).lower() for d in dists.get(mod, [])}
        # A module installed as a dependency of a dependency (numpy, scipy, starlette...) is fine:
        # it comes with the default install. What must not happen is a module whose only
        # provider is named in an extra (the test extra's reportlab before issue 14).
        if provided & default:
            continue
        requires = set()
        for d in default:
            try:
                requires |= {_dist_name(r) for r in (md.requires(d) or []) if "extra ==" not in r}
            except md.PackageNotFoundError:
                pass
        if not provided & requires:
            missing.append(f"{mod} ({where})")
    assert not missing, "imported by the product but not in the default install: " + ", ".join(missing)


def test_generator_dependencies_are_default():
    deps = {_dist_name(r) for r in _pyproject()["project"]["dependencies"]}
    assert {"reportlab", "python-docx", "openpyxl", "fastapi-offline", "threadpoolctl"} <= deps


def test_supported_pythons():
    spec = SpecifierSet(_pyproject()["project"]["requires-python"])
    assert all(v in spec for v in ("3.11", "3.12", "3.13")), spec
    assert "3.10" not in spec


def test_docs_point_inside_the_repo():
    """Issue 14: README and docs pointed at ../shared/spec/, absent from a clone. Every relative
    link of the Markdown docs names a file of the repo, and no text names the shared folder."""
    texts = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    texts += [p for pkg in PRODUCT for p in sorted((ROOT / pkg).rglob("*.py")) if "holdout" not in p.parts]
    bad = [
        str(p.relative_to(ROOT))
        for p in texts
        if re.search(r"shared/spec|\.\./shared", p.read_text(encoding="utf-8"))
    ]
    assert not bad, bad
    for md_file in texts[: 1 + len(list((ROOT / "docs").glob("*.md")))]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", md_file.read_text(encoding="utf-8")):
            if "://" in target:
                continue
            assert (md_file.parent / target).exists(), (md_file.name, target)
