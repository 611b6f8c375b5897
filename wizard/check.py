"""Checks on the shape of the tree: it starts, every answer leads somewhere, no circles, no orphans."""

from __future__ import annotations

from pathlib import Path

from contentkit import Problems
from contentkit.problems import did_you_mean
from wizard.address import code_clashes
from wizard.law import LawStatements
from wizard.model import Question, Tree
from wizard.walk import all_paths, format_path, walk


def check_graph(tree: Tree, data: dict, path: Path, problems: Problems) -> None:
    """Every path from the start must end at advice, and every question and advice must be on one."""
    node_ids = [*tree.questions, *tree.advice]
    declared = [*data["questions"], *data["advice"]]
    for node_id in set(data["questions"]) & set(data["advice"]):
        problems.add(
            path,
            data["advice"].line_of(node_id),
            f'"{node_id}" is both a question and an advice: give one of them another id',
        )
    if tree.start not in data["questions"]:
        problems.add(
            path,
            data.line_of("start"),
            f'the first question "{tree.start}" does not exist' + did_you_mean(tree.start, tree.questions),
        )
    if tree.start not in tree.questions:
        return
    dangling = False
    for question in tree.questions.values():
        for option in question.options:
            if option.next not in declared:
                dangling = True
                next_line = data["questions"][question.id]["options"][option.id].line_of("next")
                problems.add(
                    path,
                    next_line,
                    f'the answer "{option.id}" of "{question.id}" leads to "{option.next}", '
                    "which is not a question or advice" + did_you_mean(option.next, declared),
                )
    for first, second in code_clashes(tree):
        # Both would travel in the address as the same code (wizard/address.py).
        problems.add(
            path,
            data.line_of("questions"),
            f'the answers "{first}" and "{second}" get the same address code: give one of them another id',
        )
    reached = find_cycles(tree, path, problems)
    if dangling or len(node_ids) < len(declared):
        return  # what looks unreachable is most likely cut off by the problems above
    for node_id in node_ids:
        if node_id not in reached:
            node = tree.node(node_id)
            kind = "question" if isinstance(node, Question) else "advice"
            problems.add(path, node.line, f'no answer leads to the {kind} "{node_id}": nobody can reach it')


def find_cycles(tree: Tree, path: Path, problems: Problems) -> set[str]:
    """Depth-first from the start; report each answer that leads back up the same path."""
    reached: set[str] = set()
    on_path: list[str] = []

    def visit(node_id: str) -> None:
        reached.add(node_id)
        question = tree.questions.get(node_id)
        if question is None:
            return
        on_path.append(node_id)
        for option in question.options:
            if option.next in on_path:
                circle = " → ".join([*on_path[on_path.index(option.next) :], option.next])
                problems.add(
                    path,
                    option.line,
                    f'the answer "{option.id}" of "{question.id}" leads back to "{option.next}": '
                    f"the questions go round in a circle ({circle})",
                )
            elif option.next not in reached:
                visit(option.next)
        on_path.pop()

    visit(tree.start)
    return reached


def check_inserted(tree: Tree, path: Path, problems: Problems) -> None:
    """An inserted question must know, for every old answer after it, which of its answers leads there."""
    for question in tree.questions.values():
        if not question.inserted:
            continue
        owner: dict[str, str] = {}
        for option in question.options:
            after = tree.questions.get(option.next)
            for answer in sorted(after.ids() if after else ()):
                if answer in question.ids():
                    problems.add(
                        path,
                        option.line,
                        f'"{answer}" is an answer of "{question.id}" and of "{after.id}" after it: '
                        "old links could not tell them apart; give one of them another id",
                    )
                elif answer in owner and owner[answer] != option.id:
                    problems.add(
                        path,
                        option.line,
                        f'the answer "{answer}" follows both "{owner[answer]}" and "{option.id}" of the '
                        f'inserted question "{question.id}": old links could not tell which; rename one',
                    )
                else:
                    owner[answer] = option.id


def check_law_conditions(tree: Tree, law: LawStatements, problems: Problems) -> None:
    """A statement about the law may only be shown on paths where its conditions (law.yaml) hold."""
    reported: set[tuple[Path, int, str]] = set()
    for walk_path in all_paths(tree):
        end = walk(tree, walk_path)
        for lang, page in end.node.pages.items():
            shown = tree.render(end.node, lang, end.answers)
            uses = [*page.laws, *(u for s in (*shown.intro, *shown.steps) for u in s.laws)]
            for use in uses:
                statement = law.get(use.statement)
                if statement is None or statement.holds(end.answers):
                    continue
                key = (use.path, use.line, use.statement)
                if key not in reported:
                    reported.add(key)
                    problems.add(
                        use.path,
                        use.line,
                        f'the statement "{use.statement}" holds only {statement.conditions()} '
                        f"(advice/law.yaml), but is shown on the path {format_path(walk_path)} "
                        f'→ "{end.node.id}": show this text only where it holds (when/unless in tree.yaml)',
                    )
