"""libyaml reads content exactly as the pure-Python loader does: the same values, the same lines,
and broken YAML gets the same path:line message."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from contentkit import yamlsource
from contentkit.problems import Problems
from contentkit.yamlsource import LineDict, LineList

REAL_CONTENT = Path(__file__).resolve().parent.parent / "content"
needs_libyaml = pytest.mark.skipif(yamlsource._FastLineLoader is None, reason="PyYAML without libyaml")


def with_lines(value):
    """The value with every mapping's and list's line numbers, to compare two loads in full."""
    if isinstance(value, LineDict):
        return ("map", value.line, {k: (value.key_lines[k], with_lines(v)) for k, v in value.items()})
    if isinstance(value, LineList):
        return ("list", value.line, value.item_lines, [with_lines(v) for v in value])
    return value


def yaml_texts() -> list[tuple[Path, str, int]]:
    """Every YAML file and every front matter in the real content, with its line offset."""
    found = []
    for path in sorted(REAL_CONTENT.rglob("*")):
        if path.suffix == ".yaml":
            found.append((path, path.read_text(encoding="utf-8"), 0))
        elif path.suffix == ".md":
            lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
            end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
            if lines and lines[0].strip() == "---" and end:
                found.append((path, "".join(lines[1:end]), 1))
    return found


def parse_with(loader, text: str, path: Path, offset: int):
    problems = Problems(root=REAL_CONTENT)
    saved = yamlsource._FastLineLoader
    yamlsource._FastLineLoader = loader
    try:
        data = yamlsource.parse_yaml(text, path, problems, offset)
    finally:
        yamlsource._FastLineLoader = saved
    return data, [str(problem) for problem in problems]


@needs_libyaml
def test_every_content_file_reads_the_same_with_libyaml():
    texts = yaml_texts()
    assert len(texts) > 250
    for path, text, offset in texts:
        fast = parse_with(yamlsource._FastLineLoader, text, path, offset)
        slow = parse_with(None, text, path, offset)
        assert with_lines(fast[0]) == with_lines(slow[0]), path
        assert fast[1] == slow[1] == [], path


@needs_libyaml
@pytest.mark.parametrize(
    "text",
    [
        "title: x\n\tbody: y\n",
        'title: "open\nnext: 1\n',
        "items: [1, 2\nnext: 3\n",
        "a:\n  b: 1\n c: 2\n",
        "a: b: c\n",
        "title: x\ntitle: y\n",
        "- a\nb: c\n",
        "a: *nope\n",
    ],
)
def test_broken_yaml_gets_the_same_message_either_way(text):
    path = REAL_CONTENT / "example.yaml"
    assert parse_with(yamlsource._FastLineLoader, text, path, 3) == parse_with(None, text, path, 3)
    assert yaml.__with_libyaml__
