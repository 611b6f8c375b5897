"""Which URLs the benchmark drives: one of each page type, found in the real content."""

from __future__ import annotations


def benchmark_paths() -> list[tuple[str, str]]:
    return [("home page", "/nl/"), ("content page", "/nl/privacy")]
