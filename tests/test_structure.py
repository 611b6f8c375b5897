"""The shape of the code: site/ has no import cycle, and knows no course by name or size."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from hulpwijzer.content import load_content
from tests.support.content import REAL_CONTENT

SITE = Path(__file__).resolve().parents[1] / "site"
# Small numbers are everywhere (0-10 scales, HTTP, sizes); a course's size is only told apart above this.
SMALLEST_TELLING_COUNT = 10


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SITE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(["hulpwijzer", *parts])


def import_graph() -> dict[str, set[str]]:
    """Which of site/'s modules each module imports, anywhere in it (function-level imports too)."""
    modules = {module_name(p): p for p in SITE.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        imported = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    imported.add(full if full in modules else node.module)
        graph[name] = {m for m in imported if m in modules and m != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_site_has_no_import_cycle():
    graph = import_graph()
    assert "hulpwijzer.programmes.course" in graph and graph["hulpwijzer.content"]
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_the_cycle_finder_finds_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def code_strings(path: Path) -> list[tuple[int, str]]:
    """String constants of a module that are not docstrings: what the code does, not what it says."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    constants = [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and id(n) not in docstrings]
    return [(n.lineno, n.value) for n in constants if isinstance(n.value, (str, int))]


def test_site_names_no_course_and_counts_no_modules():
    courses = list(load_content(REAL_CONTENT).courses)
    words = {w for c in courses for w in (c.id, *c.slug.values())}
    counts = {c.module_count for c in courses if c.module_count > SMALLEST_TELLING_COUNT}
    word = re.compile(r"\b(" + "|".join(map(re.escape, sorted(words))) + r")\b")
    found = []
    for path in sorted(SITE.rglob("*.py")):
        for line, value in code_strings(path):
            if isinstance(value, str) and word.search(value):
                found.append(f"{path.relative_to(SITE.parent)}:{line}: {value!r}")
            elif isinstance(value, int) and not isinstance(value, bool) and value in counts:
                found.append(f"{path.relative_to(SITE.parent)}:{line}: {value}")
    for path in sorted((SITE / "templates").rglob("*.html")):
        for line, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if word.search(text) or any(re.search(rf"\b{n}\b", text) for n in counts):
                found.append(f"{path.relative_to(SITE.parent)}:{line}: {text.strip()}")
    assert found == []


def test_recording_never_imports_reporting():
    graph = import_graph()
    recording = {m for m in graph if m == "hulpwijzer.recording" or m.startswith("hulpwijzer.recording.")}
    leaks = {
        (module, imported)
        for module in recording
        for imported in graph[module]
        if imported == "hulpwijzer.reporting" or imported.startswith("hulpwijzer.reporting.")
    }
    assert not leaks, f"recording imports reporting: {sorted(leaks)}"
