"""The allowed statements about the law (content/advice/law.yaml), and [[wet:ID]] in advice texts.

Legal sentences live in one file so that an editor who changes the law text
changes it in one place; an advice text refers to a statement by its id. A
statement can say on which paths it holds ("when"/"unless": answer ids, as
for parts): the peer-sexting exception, for one, is never true for a child
under 12, and ``check_law_conditions`` refuses a page that would show it there.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from contentkit import Field, Problems, Schema, load_yaml_file
from contentkit.ids import ID
from contentkit.problems import did_you_mean

LAW_FILE = Path("advice") / "law.yaml"
# [[wet:forwarding]] on a line of its own in an advice text or part.
LAW_REFERENCE = re.compile(r"\[\[wet:([a-z0-9-]*)\]\]")
CONDITION_KEYS = ("when", "unless")


@dataclass(frozen=True)
class LawStatement:
    """One allowed sentence about the law, per language, and the answers under which it holds."""

    texts: dict[str, str]
    line: int
    when: frozenset[str] = frozenset()
    unless: frozenset[str] = frozenset()

    def holds(self, answers: Collection[str]) -> bool:
        if self.when and not self.when & set(answers):
            return False
        return not self.unless & set(answers)

    def conditions(self) -> str:
        said = []
        if self.when:
            said.append("when " + " or ".join(sorted(self.when)))
        if self.unless:
            said.append("unless " + " or ".join(sorted(self.unless)))
        return ", ".join(said)


@dataclass(frozen=True)
class LawUse:
    """Where a text writes [[wet:ID]]: reported there if the statement does not hold on a path."""

    statement: str
    path: Path
    line: int


LawStatements = dict[str, LawStatement]


def conditions(data: dict, key: str) -> frozenset[str]:
    """The answer ids under "when" or "unless" (the schema has reported a value of the wrong kind)."""
    value = data.get(key, [])
    return frozenset(v for v in value if isinstance(v, str)) if isinstance(value, list) else frozenset()


def load_law(content_dir: Path, languages: Sequence[str], problems: Problems) -> LawStatements:
    """Every statement in law.yaml, with its text in every language; problems for what is missing."""
    path = content_dir / LAW_FILE
    data = load_yaml_file(path, problems)
    if not isinstance(data, dict):
        if data is not None:
            problems.add(path, 1, "expected one statement per key, each with its text per language")
        return {}
    schema = Schema(
        *(Field(lang, str) for lang in languages),
        *(Field(key, list, required=False, items=str) for key in CONDITION_KEYS),
    )
    statements = {}
    for statement_id, texts in data.items():
        if not isinstance(statement_id, str) or not ID.match(statement_id):
            problems.add(
                path,
                data.line_of(statement_id),
                f'the statement id "{statement_id}" should be lowercase letters, digits and "-"',
            )
        elif schema.check(texts, path, problems, statement_id):
            statements[statement_id] = LawStatement(
                {lang: " ".join(texts[lang].split()) for lang in languages},
                data.line_of(statement_id),
                conditions(texts, "when"),
                conditions(texts, "unless"),
            )
    return statements


def expand_law(
    body: str,
    lang: str,
    law: LawStatements,
    path: Path,
    first_line: int,
    problems: Problems,
    used: list[LawUse] | None = None,
) -> str:
    """``body`` with each [[wet:ID]] replaced by that statement; a problem for each unknown id.

    Each statement found is added to ``used``, so its conditions can be checked on every path.
    """

    def statement(match: re.Match[str]) -> str:
        statement_id = match.group(1)
        line = first_line + body[: match.start()].count("\n")
        if statement_id in law:
            if used is not None:
                used.append(LawUse(statement_id, path, line))
            return law[statement_id].texts[lang]
        problems.add(
            path,
            line,
            f'there is no statement "{statement_id}" in {LAW_FILE.as_posix()}'
            + did_you_mean(statement_id, list(law)),
        )
        return match.group(0)

    return LAW_REFERENCE.sub(statement, body)
