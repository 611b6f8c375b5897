"""tree.yaml's "figures": which answers the survey after an advice takes the age band from.

The annual report's age figures use the tree's own answer when the advice is
for the visitor themself, so the survey does not ask again. Those answer ids
are declared in tree.yaml, next to the questions, and checked here: renaming
one without its declaration is a path:line problem, not silently wrong figures.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contentkit import Field, Problems, Schema
from contentkit.problems import did_you_mean
from wizard.model import ADULT, AgeFigures, Question

KEY = "figures"
FIGURES = Schema(Field("own", dict), Field("age", dict))
OWN = Schema(Field("question", str), Field("answer", str))
AGE = Schema(Field("question", str), Field("bands", dict))


def load_figures(
    data: Any, questions: dict[str, Question], path: Path, problems: Problems, age_bands: Collection[str]
) -> AgeFigures:
    """The declaration, checked against the tree's questions and the survey's age bands."""
    raw = data.get(KEY)
    if raw is None or not FIGURES.check(raw, path, problems, KEY):
        return AgeFigures()
    own, age = raw["own"], raw["age"]
    ok = OWN.check(own, path, problems, f"{KEY} > own") & AGE.check(age, path, problems, f"{KEY} > age")
    if not ok:
        return AgeFigures()
    before = len(problems)
    found = Answers(questions, path, problems)
    found.check(own, own["answer"], own.line_of("answer"))
    bands = age["bands"]
    allowed = [*age_bands, ADULT]
    for answer, band in bands.items():
        found.check(age, answer, bands.line_of(answer))
        if age_bands and band not in allowed:
            problems.add(
                path,
                bands.line_of(answer),
                f'{KEY} > age: "{band}" is not an age band of the survey' + did_you_mean(band, allowed),
            )
    return AgeFigures(own["answer"], dict(bands)) if len(problems) == before else AgeFigures()


@dataclass
class Answers:
    questions: dict[str, Question]
    path: Path
    problems: Problems

    def check(self, where: Any, answer: str, line: int) -> None:
        """A problem unless ``answer`` is an answer of the question ``where`` names."""
        question_id = where["question"]
        question = self.questions.get(question_id)
        if question is None:
            self.problems.add(
                self.path,
                where.line_of("question"),
                f'{KEY}: there is no question "{question_id}"' + did_you_mean(question_id, self.questions),
            )
            return
        ids = [o.id for o in question.options]
        if answer not in ids:
            self.problems.add(
                self.path,
                line,
                f'{KEY}: "{answer}" is not an answer of the question "{question_id}"'
                + did_you_mean(answer, ids),
            )
