"""Each kind of content file, broken the ways editors break files: a path:line, never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.content import REAL_CONTENT, check_content

# One file of each kind an editor edits.
KINDS = [
    "pages/nl/privacy.md",
    "programmes.yaml",
    "advice/tree.yaml",
    "advice/topics.yaml",
    "advice/law.yaml",
    "advice/services.yaml",
    next(p.relative_to(REAL_CONTENT).as_posix() for p in sorted((REAL_CONTENT / "advice/nl").glob("*.md"))),
    next(
        p.relative_to(REAL_CONTENT).as_posix()
        for p in sorted((REAL_CONTENT / "advice/en/parts").glob("*.md"))
        if p.read_text(encoding="utf-8").startswith("---\n")  # a step, with its title
    ),
    "courses/stoppen/nl/06-fantasieen.md",
    "courses/stoppen/en/06-fantasies.yaml",
    "courses/stoppen/course.yaml",
    "courses/stoppen/plan.yaml",
]
PROBLEM_LINE = re.compile(r"^content/\S+:\d+: .+")


def breakages(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    if path.suffix == ".md":
        return {
            "truncated in the front matter": "".join(lines[:2]),
            "unknown key": text.replace("---\n", "---\nsoort: extra\n", 1),
            "wrong type": text.replace("---\n", "---\ntitle: [1, 2]\n", 1)
            if "title:" not in lines[1]
            else "".join([lines[0], "title: [1, 2]\n", *lines[2:]]),
            "duplicate key": "".join([lines[0], lines[1], lines[1], *lines[2:]]),
            "empty file": "",
        }
    first_key = next(line for line in lines if re.match(r"^[a-z]", line))
    return {
        "truncated": "".join(lines[: max(1, len(lines) // 3)]) + "  - [unclosed\n",
        "unknown key": text + "onbekend: 1\n",
        "wrong type": "- een lijst\n- in plaats van een mapping\n",
        "duplicate key": text + first_key,
        "empty file": "",
    }


CASES = [(kind, name) for kind in KINDS for name in breakages(REAL_CONTENT / kind)]


@pytest.mark.parametrize(("kind", "breakage"), CASES, ids=[f"{k}:{b}" for k, b in CASES])
def test_broken_file_is_reported_at_its_path_and_line(broken, kind, breakage):
    path = broken / kind
    path.write_text(breakages(path)[breakage], encoding="utf-8")
    result = check_content(broken)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    problems = [line for line in result.output.splitlines() if line.startswith("content/")]
    assert problems and all(PROBLEM_LINE.match(line) for line in problems), result.output
    assert any(line.startswith(f"content/{kind}:") for line in problems), result.output
