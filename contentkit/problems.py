"""Problems found in content, collected first and reported together."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    """Content cannot be used; carries every problem that was found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Problems:
    """A collector: validators add to it, the caller raises once at the end."""

    def __init__(self, root: Path | None = None):
        self.root = root
        self._items: list[Problem] = []

    def add(self, path: Path | str, line: int, message: str) -> None:
        self._items.append(Problem(self.display(path), line, message))

    def extend(self, problems: Iterable[Problem]) -> None:
        self._items.extend(problems)

    def display(self, path: Path | str) -> str:
        path = Path(path)
        if self.root is not None:
            try:
                return str(path.resolve().relative_to(self.root.resolve().parent))
            except ValueError:
                pass
        return str(path)

    def has(self, path: Path | str) -> bool:
        """Whether a problem was already reported for this file."""
        shown = self.display(path)
        return any(problem.path == shown for problem in self._items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(sorted(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def raise_if_any(self) -> None:
        if self._items:
            raise ContentError(self._items)


def closest(value: object, choices: Iterable[str]) -> str | None:
    """The choice an editor most likely meant, if one is close enough."""
    matches = difflib.get_close_matches(str(value), list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """' (did you mean "x"?)' when a close match exists, else ''."""
    match = closest(value, choices)
    return f' (did you mean "{match}"?)' if match else ""
