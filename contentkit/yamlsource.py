"""YAML and front matter that remember on which line each value was written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from contentkit.problems import Problems
from contentkit.yaml_errors import explain


class LineDict(dict):
    """A mapping from YAML with ``line`` (its own) and ``key_lines`` (per key)."""

    line: int = 1
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence from YAML with ``line`` and ``item_lines``."""

    line: int = 1
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _LineConstructor:
    """Builds LineDict/LineList and notes duplicate keys; mixed into a PyYAML loader."""

    line_offset = 0
    duplicate_keys: list[tuple[int, str]]

    def construct_line_mapping(self, node: yaml.MappingNode) -> LineDict:
        mapping = LineDict()
        mapping.line = node.start_mark.line + 1 + self.line_offset
        mapping.key_lines = {}
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1 + self.line_offset
            if key in mapping:
                self.duplicate_keys.append((line, str(key)))
            mapping[key] = self.construct_object(value_node, deep=True)
            mapping.key_lines[key] = line
        return mapping

    def construct_line_sequence(self, node: yaml.SequenceNode) -> LineList:
        sequence = LineList(self.construct_object(child, deep=True) for child in node.value)
        sequence.line = node.start_mark.line + 1 + self.line_offset
        sequence.item_lines = [c.start_mark.line + 1 + self.line_offset for c in node.value]
        return sequence


class _LineLoader(_LineConstructor, yaml.SafeLoader):
    """Pure Python: slow, but its syntax errors are the ones yaml_errors.explain words for editors."""


# libyaml (when PyYAML was built with it) reads the same YAML with the same marks ~15 times faster;
# content that does not parse is read again by _LineLoader, so every message stays the same.
_FastLineLoader: type | None = None
if getattr(yaml, "__with_libyaml__", False):

    class _FastLineLoader(_LineConstructor, yaml.CSafeLoader):  # type: ignore[no-redef]
        pass


for _loader in (_LineLoader, _FastLineLoader):
    if _loader is not None:
        _loader.add_constructor(
            yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineConstructor.construct_line_mapping
        )
        _loader.add_constructor(
            yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _LineConstructor.construct_line_sequence
        )


def _load(loader_class: type, text: str, line_offset: int) -> tuple[Any, list[tuple[int, str]]]:
    loader = loader_class(text)
    loader.line_offset = line_offset
    loader.duplicate_keys = []
    try:
        return loader.get_single_data(), loader.duplicate_keys
    finally:
        loader.dispose()


def parse_yaml(text: str, path: Path, problems: Problems, line_offset: int = 0) -> Any:
    """Parse YAML text; on a syntax error add a problem and return None."""
    try:
        if _FastLineLoader is None:
            raise yaml.YAMLError("no libyaml")
        data, duplicate_keys = _load(_FastLineLoader, text, line_offset)
    except yaml.YAMLError:
        try:
            data, duplicate_keys = _load(_LineLoader, text, line_offset)
        except yaml.MarkedYAMLError as error:
            line, message = explain(error)
            problems.add(path, line + 1 + line_offset, message)
            return None
        except yaml.YAMLError as error:
            problems.add(path, 1 + line_offset, f"this is not valid YAML ({error})")
            return None
    for line, key in duplicate_keys:
        problems.add(path, line, f'"{key}" is given twice; keep one')
    return data


def load_yaml_file(path: Path, problems: Problems) -> Any:
    text = read_text(path, problems)
    if text is None:
        return None
    data = parse_yaml(text, path, problems)
    if data is None and not problems.has(path):
        problems.add(path, 1, "this file is empty: expected YAML (key: value lines)")
    return data


@dataclass
class FrontMatterFile:
    path: Path
    meta: LineDict
    body: str
    body_line: int


def load_front_matter_file(path: Path, problems: Problems) -> FrontMatterFile | None:
    """Split a Markdown file into its YAML front matter and its body.

    Bad front matter is always reported, never silently treated as body text.
    """
    text = read_text(path, problems)
    if text is None:
        return None
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        problems.add(path, 1, 'expected front matter: a first line "---", then YAML, then "---"')
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            meta = parse_yaml("".join(lines[1:index]), path, problems, line_offset=1)
            if meta is None and not "".join(lines[1:index]).strip():
                problems.add(path, 2, "the front matter is empty")
                return None
            if meta is None:
                return None
            if not isinstance(meta, LineDict):
                problems.add(path, 2, "expected front matter of the form key: value")
                return None
            return FrontMatterFile(path, meta, "".join(lines[index + 1 :]), index + 2)
    problems.add(path, 1, 'the front matter is not closed: add a line "---" after it')
    return None


def read_text(path: Path, problems: Problems) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        problems.add(path, 1, f"this file is not UTF-8 text ({error.reason})")
    except OSError as error:
        problems.add(path, 1, f"cannot read this file: {error.strerror}")
    return None
