"""Where a path of answers leads: the question or advice at its end, and the way back."""

from __future__ import annotations

import re
from dataclasses import dataclass

from contentkit.ids import ID_PATTERN
from wizard.model import Advice, Option, Question, Tree

# An answer id as the content writes it (contentkit.ids), at most 40 characters in a URL.
ANSWER_ID = re.compile(rf"^(?=.{{1,40}}$){ID_PATTERN}$")
SEPARATOR = "."
# Far more answers than any real path has; a longer path is not from us.
MAX_ANSWERS = 40


class InvalidPath(ValueError):
    """The path cannot be followed. ``stale`` paths were valid once; ``valid`` is how far they still fit."""

    def __init__(self, message: str, valid: tuple[str, ...] = (), stale: bool = False):
        super().__init__(message)
        self.valid = valid
        self.stale = stale


@dataclass(frozen=True)
class Step:
    """One question on the way and the answer given to it."""

    question: Question
    option: Option
    # The path that shows this question, so "change" can go back to it.
    before: tuple[str, ...]
    # Not asked: an earlier answer already answered it (the question's "answered_by").
    implied: bool = False


@dataclass(frozen=True)
class Walk:
    steps: tuple[Step, ...]
    node: Question | Advice

    @property
    def asked(self) -> tuple[Step, ...]:
        """The questions the visitor saw, with their answers."""
        return tuple(step for step in self.steps if not step.implied)

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(step.option.id for step in self.asked)

    @property
    def answers(self) -> frozenset[str]:
        """Every answer, the implied ones included: what the advice's conditions look at."""
        return frozenset(step.option.id for step in self.steps)

    @property
    def is_advice(self) -> bool:
        return isinstance(self.node, Advice)

    @property
    def back(self) -> Step | None:
        """The last answer given: going back shows its question with that answer chosen."""
        return self.asked[-1] if self.asked else None


def parse_path(text: str | None) -> tuple[str, ...]:
    """Split ``zelf.onder-18.dreiging`` into answer ids; raise InvalidPath if it is malformed."""
    if not text:
        return ()
    parts = tuple(text.split(SEPARATOR))
    if len(parts) > MAX_ANSWERS or not all(ANSWER_ID.match(part) for part in parts):
        raise InvalidPath("the path is not a list of answers")
    return parts


def format_path(path: tuple[str, ...]) -> str:
    return SEPARATOR.join(path)


def walk(tree: Tree, path: tuple[str, ...]) -> Walk:
    """Follow ``path`` from the first question; raise InvalidPath where it stops fitting the tree.

    Three kinds of old links still work, and yield the current (canonical) path: answers
    given by an earlier id ("was:"), answers to a question that is now skipped
    because an earlier answer already answers it ("answered_by:"), and answers that
    skip a question inserted in front of theirs ("inserted:").
    """
    node: Question | Advice | None = tree.questions[tree.start]
    steps: list[Step] = []
    remaining = list(path)

    def skip_answered() -> None:
        nonlocal node
        while isinstance(node, Question):
            option = node.implied(step.option.id for step in steps)
            if option is None:
                return
            if remaining and node.option(remaining[0]) is option:
                remaining.pop(0)
            steps.append(Step(node, option, asked_path(steps), implied=True))
            node = tree.node(option.next)

    skip_answered()
    while remaining:
        answer = remaining.pop(0)
        done = asked_path(steps)
        if not isinstance(node, Question):
            raise InvalidPath("the path goes on after the advice", done, stale=True)
        option = node.option(answer)
        if option is None and node.inserted and tree.via(node, answer) is not None:
            # A link from before this question was inserted: go through the answer that leads on.
            option = tree.via(node, answer)
            remaining.insert(0, answer)
        if option is None:
            raise InvalidPath(f'"{answer}" is not an answer to "{node.id}"', done, stale=True)
        steps.append(Step(node, option, done))
        node = tree.node(option.next)
        if node is None:  # only possible on a tree that failed validation
            raise InvalidPath(f'"{option.next}" does not exist', done, stale=True)
        skip_answered()
    return Walk(tuple(steps), node)


def asked_path(steps: list[Step]) -> tuple[str, ...]:
    return tuple(step.option.id for step in steps if not step.implied)


def all_paths(tree: Tree) -> list[tuple[str, ...]]:
    """Every path from the first question to an advice, in the order an outline shows them."""
    found: list[tuple[str, ...]] = []

    def visit(node_id: str, path: tuple[str, ...], answers: frozenset[str]) -> None:
        question = tree.questions.get(node_id)
        if question is None:
            found.append(path)
            return
        implied = question.implied(answers)
        if implied is not None:
            visit(implied.next, path, answers | {implied.id})
            return
        for option in question.options:
            visit(option.next, (*path, option.id), answers | {option.id})

    visit(tree.start, (), frozenset())
    return found
