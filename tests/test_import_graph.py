"""No import circle between the rule labels (classify/reasons.py) and the learned labels
(classify/learn/): both read reasons through classify/reason_text.py (issue 15).

The graph counts every import statement of the package's modules, those inside functions
too (a lazy import still ties two modules together)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph(package: str) -> dict[str, set[str]]:
    """module -> the modules of ``package`` it imports (absolute and relative imports)."""
    files = {_module_name(p): p for p in (ROOT / package).rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in files}
    for mod, path in files.items():
        is_pkg = path.name == "__init__.py"
        base = mod.split(".") if is_pkg else mod.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    up = base[:len(base) - node.level + 1]
                    stem = ".".join(up + ([node.module] if node.module else []))
                else:
                    stem = node.module or ""
                targets = [stem] + [f"{stem}.{a.name}" for a in node.names]
            for t in targets:
                if t in files and t != mod:
                    graph[mod].add(t)
    return graph


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for n in graph.get(todo.pop(), ()):
            if n not in seen:
                seen.add(n)
                todo.append(n)
    return seen


def test_graph_sees_imports() -> None:
    g = import_graph("classify")
    assert "classify.learn.features" in g["classify.reasons"]  # reasons asks the models (lazily)
    assert "classify.reason_text" in g["classify.learn.features"]
    assert "classify.reason_text" in g["classify.reasons"]


def test_no_circle_between_reasons_and_learn() -> None:
    g = import_graph("classify")
    back = sorted(m for m in reachable(g, "classify.reasons")
                  if m.startswith("classify.learn") and "classify.reasons" in reachable(g, m))
    assert back == [], f"classify.reasons and {back} import each other"
