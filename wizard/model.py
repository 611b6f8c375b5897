"""The decision tree as plain data: questions, answers, advice pages and their parts."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from wizard.law import LawUse

# A tree answer that says "adult" (tree.yaml, "figures"): the survey then asks which adult band.
ADULT = "adult"


@dataclass(frozen=True)
class AgeFigures:
    own: str = ""  # the answer that says the advice is for the visitor themself
    # tree answer -> the survey's age band, or ADULT
    bands: dict[str, str] = field(default_factory=dict)

    def band(self, answers: Collection[str]) -> str | None:
        """The band the tree's answers give, ADULT, or None when the tree does not know."""
        if self.own not in answers:
            return None
        return next((self.bands[a] for a in answers if a in self.bands), None)


@dataclass(frozen=True)
class Topic:
    """What an advice page counts under in the annual figures (domain.md's table)."""

    id: str
    labels: dict[str, str]


@dataclass(frozen=True)
class Option:
    """One answer to a question. Its id travels in the URL, so it is the same in every language."""

    id: str
    next: str
    labels: dict[str, str]
    line: int
    # Ids this answer had before: links made with them still lead here.
    was: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    id: str
    texts: dict[str, str]
    hints: dict[str, str]
    options: tuple[Option, ...]
    line: int
    # Earlier answer -> this question's answer: if the visitor gave it, the question is skipped.
    answered_by: dict[str, str] = field(default_factory=dict)
    # Put in front of questions that existed before: an old link that answers one of the
    # questions after it directly is taken through the answer that leads there (walk.py).
    inserted: bool = False

    def implied(self, answers: Iterable[str]) -> Option | None:
        """The answer an earlier answer already gives, if any."""
        for earlier in answers:
            if earlier in self.answered_by:
                return self.option(self.answered_by[earlier])
        return None

    def option(self, option_id: str) -> Option | None:
        """The answer with this id, or with this as an earlier id."""
        return next((o for o in self.options if option_id == o.id or option_id in o.was), None)

    def ids(self) -> set[str]:
        """Every id an answer of this question has, or had."""
        return {answer for o in self.options for answer in (o.id, *o.was)}


@dataclass(frozen=True)
class PartUse:
    """A reusable part on an advice page, shown only if the visitor's answers fit."""

    part: str
    line: int
    when: frozenset[str] = frozenset()
    unless: frozenset[str] = frozenset()

    def applies(self, answers: Collection[str]) -> bool:
        if self.when and not self.when & set(answers):
            return False
        return not self.unless & set(answers)


@dataclass(frozen=True)
class Section:
    """A rendered part: a title (steps have one) and its HTML."""

    title: str | None
    html: str
    # The [[wet:ID]] statements in it, so their conditions are checked on every path that shows it.
    laws: tuple[LawUse, ...] = ()


@dataclass(frozen=True)
class AdvicePage:
    """An advice page in one language: its title and opening text."""

    title: str
    html: str
    laws: tuple[LawUse, ...] = ()


@dataclass(frozen=True)
class Advice:
    id: str
    topic: str
    intro: tuple[PartUse, ...]
    steps: tuple[PartUse, ...]
    pages: dict[str, AdvicePage]
    line: int


@dataclass(frozen=True)
class RenderedAdvice:
    """Everything an advice page shows, for one visitor's answers, in one language."""

    advice: Advice
    title: str
    html: str
    intro: tuple[Section, ...]
    steps: tuple[Section, ...]
    contact: Section


# The part added to the end of every advice page: how to reach Helpwanted.
CONTACT_PART = "helpwanted"


@dataclass
class Tree:
    start: str
    questions: dict[str, Question]
    advice: dict[str, Advice]
    topics: dict[str, Topic]
    parts: dict[tuple[str, str], Section] = field(default_factory=dict)
    # Which answers give the survey's age band (tree.yaml, "figures").
    figures: AgeFigures = field(default_factory=AgeFigures)

    def node(self, node_id: str) -> Question | Advice | None:
        return self.questions.get(node_id) or self.advice.get(node_id)

    def via(self, question: Question, answer: str) -> Option | None:
        """For an inserted question: its option that leads to the question that has ``answer``."""
        for option in question.options:
            after = self.questions.get(option.next)
            if after is not None and after.option(answer) is not None:
                return option
        return None

    def render(self, advice: Advice, lang: str, answers: Collection[str]) -> RenderedAdvice:
        """The advice page as this visitor sees it: only the parts their answers call for."""

        def sections(uses: tuple[PartUse, ...]) -> tuple[Section, ...]:
            return tuple(self.parts[(lang, use.part)] for use in uses if use.applies(answers))

        page = advice.pages[lang]
        return RenderedAdvice(
            advice,
            page.title,
            page.html,
            sections(advice.intro),
            sections(advice.steps),
            self.parts[(lang, CONTACT_PART)],
        )

    def answer_ids(self) -> set[str]:
        return {option.id for question in self.questions.values() for option in question.options}
