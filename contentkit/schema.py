"""Declarative schemas for YAML mappings, in the spirit of MkDocs' config options.

A schema lists its fields; ``check`` collects every problem (missing key,
unknown key with a suggestion, wrong type, value not among the choices)
instead of stopping at the first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contentkit.problems import Problems, closest, did_you_mean

_KIND_WORDS = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "yes or no",
    list: "a list",
    dict: "a mapping (key: value lines)",
}


def describe_value(value: Any) -> str:
    """What arrived, in words an editor understands."""
    if value is None:
        return "nothing"
    for kind in (bool, str, int, float, list, dict):
        if isinstance(value, kind):
            word = _KIND_WORDS[kind]
            if kind in (str, int, float) and len(repr(value)) <= 40:
                return f"{word} {value!r}"
            return word
    return type(value).__name__


def is_kind(value: Any, kind: type) -> bool:
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is str:
        return isinstance(value, str) and value.strip() != ""
    return isinstance(value, kind)


@dataclass(frozen=True)
class Field:
    name: str
    kind: type
    required: bool = True
    items: type | None = None
    choices: tuple[str, ...] | None = None
    minimum: int | None = None
    maximum: int | None = None

    def expected(self) -> str:
        if self.kind is list and self.items is not None:
            return f"a list of {_KIND_WORDS[self.items]} items"
        if self.choices:
            return "one of " + ", ".join(f'"{c}"' for c in self.choices)
        return _KIND_WORDS[self.kind]


class Schema:
    def __init__(self, *fields: Field):
        self.fields = {f.name: f for f in fields}

    def check(self, mapping: Any, path: Path, problems: Problems, where: str = "") -> bool:
        """Add a problem for everything wrong in ``mapping``; True if it is fine."""
        before = len(problems)
        line = getattr(mapping, "line", 1)
        prefix = f"{where}: " if where else ""
        if not isinstance(mapping, dict):
            problems.add(
                path, line, f"{prefix}expected a mapping (key: value lines), got {describe_value(mapping)}"
            )
            return False
        # A misspelt required key is one mistake: report the typo, not also the missing key.
        meant = set()
        for key in mapping:
            if key not in self.fields:
                absent = closest(key, [name for name in self.fields if name not in mapping])
                meant.add(absent)
                problems.add(
                    path,
                    mapping.line_of(key) if hasattr(mapping, "line_of") else line,
                    f'{prefix}unknown key "{key}"{did_you_mean(absent or key, self.fields)}',
                )
        for field in self.fields.values():
            if field.name not in mapping:
                if field.required and field.name not in meant:
                    problems.add(
                        path, line, f'{prefix}"{field.name}" is missing: expected {field.expected()}'
                    )
                continue
            self._check_value(field, mapping, path, problems, prefix)
        return len(problems) == before

    def _check_value(self, field: Field, mapping: Any, path: Path, problems: Problems, prefix: str) -> None:
        value = mapping[field.name]
        line = mapping.line_of(field.name) if hasattr(mapping, "line_of") else 1
        wrong = f'{prefix}"{field.name}" should be {field.expected()}, got {describe_value(value)}'
        if not is_kind(value, field.kind):
            problems.add(path, line, wrong)
            return
        if field.kind is list and field.items is not None:
            for index, item in enumerate(value):
                if not is_kind(item, field.items):
                    item_line = value.line_of(index) if hasattr(value, "line_of") else line
                    problems.add(
                        path,
                        item_line,
                        f'{prefix}item {index + 1} of "{field.name}" should be '
                        f"{_KIND_WORDS[field.items]}, got {describe_value(item)}",
                    )
            if not value:
                problems.add(path, line, f'{prefix}"{field.name}" is an empty list')
        if field.choices and value not in field.choices:
            problems.add(
                path,
                line,
                f'{prefix}"{field.name}" is "{value}"; expected {field.expected()}'
                + did_you_mean(value, field.choices),
            )
        if field.minimum is not None and is_kind(value, int) and value < field.minimum:
            problems.add(path, line, f'{prefix}"{field.name}" is {value}; expected at least {field.minimum}')
        if field.maximum is not None and is_kind(value, int) and value > field.maximum:
            problems.add(path, line, f'{prefix}"{field.name}" is {value}; expected at most {field.maximum}')


def check_unique(ids: Iterable[tuple[str, int]], path: Path, problems: Problems, what: str) -> None:
    """Report every id that appears more than once, at its later lines."""
    seen: dict[str, int] = {}
    for value, line in ids:
        if value in seen:
            problems.add(path, line, f'{what} "{value}" is used twice (first on line {seen[value]})')
        else:
            seen[value] = line
