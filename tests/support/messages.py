"""Every message `content check` can print, read from the code that prints it.

A message is the third argument of a ``problems.add(path, line, message)`` call (or what the
YAML explainer returns). Its shape is the literal text with every inserted value written as
"…", without the "where" prefix and the "did you mean" that many carry.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
# Inserted pieces that are not part of the message itself: where it is, and "did you mean".
OPTIONAL_NAMES = {"prefix", "did_you_mean"}
# The packages whose code reports content problems.
CHECKING_CODE = ("contentkit", "wizard", "site", "courses", "course")


def _shape(node: ast.AST, assigned: dict[str, ast.AST]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_part(value) for value in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _shape(node.left, assigned), _shape(node.right, assigned)
        return None if left is None else left + (right or "")
    if isinstance(node, ast.Call):
        return ""  # did_you_mean(...) and the like: an optional tail
    if isinstance(node, ast.Name) and node.id in assigned:
        return _shape(assigned[node.id], assigned)
    return None


def _part(value: ast.AST) -> str:
    if isinstance(value, ast.Constant):
        return value.value
    inner = getattr(value, "value", None)
    if isinstance(inner, ast.Name) and inner.id in OPTIONAL_NAMES:
        return ""
    if isinstance(inner, ast.Call) and getattr(inner.func, "id", "") in OPTIONAL_NAMES:
        return ""
    return "…"


def _messages_in(path: Path) -> set[str]:
    found: set[str] = set()
    for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(function, ast.FunctionDef):
            continue
        assigned = {
            node.targets[0].id: node.value
            for node in ast.walk(function)
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
        }
        for node in ast.walk(function):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr == "add" and len(node.args) == 3:
                    found.add(_shape(node.args[2], assigned))
            explains_yaml = path.stem == "yaml_errors"
            if explains_yaml and isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple):
                found.add(_shape(node.value.elts[1], assigned))
    return {message.strip() for message in found if message}


def check_messages() -> set[str]:
    found: set[str] = set()
    for package in CHECKING_CODE:
        for path in sorted((REPO_ROOT / package).rglob("*.py")):
            found |= _messages_in(path)
    return found
