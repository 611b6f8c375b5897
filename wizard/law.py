"""The allowed statements about the law (content/advice/law.yaml), and [[wet:ID]] in advice texts.

Legal sentences live in one file so that an editor who changes the law text
changes it in one place; an advice text refers to a statement by its id.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from contentkit import Field, Problems, Schema, load_yaml_file
from contentkit.ids import ID
from contentkit.problems import did_you_mean

LAW_FILE = Path("advice") / "law.yaml"
# [[wet:forwarding]] on a line of its own in an advice text or part.
LAW_REFERENCE = re.compile(r"\[\[wet:([a-z0-9-]*)\]\]")

# statement id -> language -> the sentence(s)
LawStatements = dict[str, dict[str, str]]


def load_law(content_dir: Path, languages: Sequence[str], problems: Problems) -> LawStatements:
    """Every statement in law.yaml, with its text in every language; problems for what is missing."""
    path = content_dir / LAW_FILE
    data = load_yaml_file(path, problems)
    if not isinstance(data, dict):
        if data is not None:
            problems.add(path, 1, "expected one statement per key, each with its text per language")
        return {}
    schema = Schema(*(Field(lang, str) for lang in languages))
    statements = {}
    for statement_id, texts in data.items():
        if not isinstance(statement_id, str) or not ID.match(statement_id):
            problems.add(
                path,
                data.line_of(statement_id),
                f'the statement id "{statement_id}" should be lowercase letters, digits and "-"',
            )
        elif schema.check(texts, path, problems, statement_id):
            statements[statement_id] = {lang: " ".join(texts[lang].split()) for lang in languages}
    return statements


def expand_law(
    body: str, lang: str, law: LawStatements, path: Path, first_line: int, problems: Problems
) -> str:
    """``body`` with each [[wet:ID]] replaced by that statement; a problem for each unknown id."""

    def statement(match: re.Match[str]) -> str:
        statement_id = match.group(1)
        if statement_id in law:
            return law[statement_id][lang]
        line = first_line + body[: match.start()].count("\n")
        problems.add(
            path,
            line,
            f'there is no statement "{statement_id}" in {LAW_FILE.as_posix()}'
            + did_you_mean(statement_id, list(law)),
        )
        return match.group(0)

    return LAW_REFERENCE.sub(statement, body)
