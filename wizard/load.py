"""Read the advice tree from content/advice/ and report every problem as path:line."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from contentkit import Field, Problems, Schema, load_yaml_file
from contentkit.ids import ID
from contentkit.markdown import LinkResolver
from contentkit.problems import did_you_mean
from wizard.check import check_graph, check_inserted, check_law_conditions
from wizard.figures import load_figures
from wizard.law import load_law
from wizard.model import Advice, Option, PartUse, Question, Topic, Tree
from wizard.services import load_services
from wizard.texts import TREE_FILE, MarkdownTexts

TREE_SCHEMA = Schema(
    Field("start", str),
    Field("questions", dict),
    Field("advice", dict),
    Field("figures", dict, required=False),
)
USE_KEYS = ("part", "when", "unless")


class TreeLoader(MarkdownTexts):
    def __init__(
        self,
        content_dir: Path,
        problems: Problems,
        resolver: Callable[[str], LinkResolver],
        languages: Sequence[str],
        age_bands: Sequence[str] = (),
    ):
        self.age_bands = tuple(age_bands)
        self.folder = content_dir / "advice"
        self.problems = problems
        self.resolver = resolver
        self.languages = tuple(languages)
        self.tree_path = content_dir / TREE_FILE

    def texts(self, mapping: Any, what: str, line: int) -> dict[str, str]:
        """The text in every language; a problem (at ``line``) for each language that is missing."""
        found = {}
        for lang in self.languages:
            value = mapping.get(lang) if isinstance(mapping, dict) else None
            if isinstance(value, str) and value.strip():
                found[lang] = value.strip()
            elif value is None or value == "":  # a value of the wrong kind is reported by the schema
                self.problems.add(
                    self.tree_path, line, f'{what} has no "{lang}" text: add a line "{lang}: ..."'
                )
        return found

    def ids_ok(self, mapping: dict, what: str) -> bool:
        ok = True
        for key in mapping:
            if not isinstance(key, str) or not ID.match(key):
                self.problems.add(
                    self.tree_path,
                    mapping.line_of(key),
                    f'the {what} id "{key}" should be lowercase letters, digits and "-"',
                )
                ok = False
        return ok

    def load_topics(self) -> dict[str, Topic]:
        path = self.folder / "topics.yaml"
        data = load_yaml_file(path, self.problems)
        if not isinstance(data, dict):
            if data is not None:
                self.problems.add(path, 1, "expected one topic per key, each with its text per language")
            return {}
        topics = {}
        language_schema = Schema(*(Field(lang, str) for lang in self.languages))
        for topic_id, labels in data.items():
            if ID.match(str(topic_id)) and language_schema.check(labels, path, self.problems, str(topic_id)):
                topics[topic_id] = Topic(topic_id, {lang: labels[lang] for lang in self.languages})
        return topics

    def load_question(self, question_id: str, data: Any, line: int) -> Question | None:
        what = f'the question "{question_id}"'
        fields = [Field(lang, str, required=False) for lang in self.languages]
        schema = Schema(
            *fields,
            Field("hint", dict, required=False),
            Field("answered_by", dict, required=False),
            Field("inserted", bool, required=False),
            Field("options", dict),
        )
        if not isinstance(data, dict):
            schema.check(data, self.tree_path, self.problems, question_id)
            return None
        schema.check(data, self.tree_path, self.problems, question_id)
        texts = self.texts(data, what, line)
        hint = data.get("hint")
        hints = {}
        if isinstance(hint, dict):
            Schema(*fields).check(hint, self.tree_path, self.problems, f"{question_id}: hint")
            hints = self.texts(hint, f"the hint of {what}", data.line_of("hint"))
        options = data.get("options")
        if not isinstance(options, dict) or not self.ids_ok(options, "answer"):
            return None
        if len(options) < 2:
            self.problems.add(self.tree_path, options.line, f"{what} needs at least two answers")
        option_schema = Schema(*fields, Field("next", str), Field("was", list, required=False, items=str))
        loaded = []
        for option_id, option in options.items():
            where = f"{question_id}: {option_id}"
            option_schema.check(option, self.tree_path, self.problems, where)
            # Keep following a flawed answer, so its flaw is not also reported as unreachable questions.
            if isinstance(option, dict) and isinstance(option.get("next"), str):
                option_line = options.line_of(option_id)
                labels = self.texts(option, f'the answer "{option_id}" of {what}', option_line)
                was = self.earlier_ids(option, option_id, options)
                loaded.append(Option(option_id, option["next"], labels, option_line, was))
        answered_by = self.answered_by(data, [option.id for option in loaded], what)
        inserted = data.get("inserted") is True
        return Question(question_id, texts, hints, tuple(loaded), line, answered_by, inserted)

    def answered_by(self, data: dict, option_ids: list[str], what: str) -> dict[str, str]:
        """``answered_by``: earlier answer -> this question's answer. Its keys are checked in load()."""
        mapping = data.get("answered_by")
        if not isinstance(mapping, dict):
            return {}
        found = {}
        for earlier, own in mapping.items():
            if own in option_ids:
                found[str(earlier)] = own
            else:
                self.problems.add(
                    self.tree_path,
                    mapping.line_of(earlier),
                    f'"{own}" is not an answer of {what}' + did_you_mean(own, option_ids),
                )
        return found

    def earlier_ids(self, option: dict, option_id: str, options: dict) -> tuple[str, ...]:
        """The answer's "was:" list, so links made before a rename keep working."""
        was = option.get("was")
        if not isinstance(was, list):
            return ()
        kept = []
        others = {
            other
            for key, o in options.items()
            if key != option_id and isinstance(o, dict)
            for other in [key, *(o["was"] if isinstance(o.get("was"), list) else [])]
        }
        for index, earlier in enumerate(was):
            line = was.line_of(index)
            if not isinstance(earlier, str) or not ID.match(earlier):
                continue  # the schema has reported it
            if earlier in others:
                self.problems.add(
                    self.tree_path, line, f'"{earlier}" is used by another answer of this question too'
                )
            else:
                kept.append(earlier)
        return tuple(kept)

    def part_uses(self, data: Any, key: str, where: str) -> tuple[PartUse, ...]:
        uses = []
        items = data.get(key, [])
        if not isinstance(items, list):
            return ()  # the schema has reported it
        for index, item in enumerate(items):
            line = items.line_of(index)
            if isinstance(item, str):
                uses.append(PartUse(item, line))
            elif self.use_ok(item, line, where):
                when = self.answer_list(item, "when", where)
                unless = self.answer_list(item, "unless", where)
                uses.append(PartUse(item["part"], line, when, unless))
        return tuple(uses)

    def use_ok(self, item: Any, line: int, where: str) -> bool:
        """A part with conditions: "part", and "when" or "unless" (an answer id or a list of them)."""
        if not isinstance(item, dict) or not isinstance(item.get("part"), str):
            self.problems.add(
                self.tree_path,
                line,
                f'{where}: write a part id, or "part: ID" with "when" or "unless" below it',
            )
            return False
        for key in item:
            if key not in USE_KEYS:
                self.problems.add(
                    self.tree_path,
                    item.line_of(key),
                    f'{where}: unknown key "{key}"' + did_you_mean(key, USE_KEYS),
                )
        return True

    def answer_list(self, item: dict, key: str, where: str) -> frozenset[str]:
        value = item.get(key, [])
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            self.problems.add(
                self.tree_path,
                item.line_of(key),
                f'{where}: "{key}" should be an answer id or a list of them',
            )
            return frozenset()
        return frozenset(values)

    def load_advice(self, advice_id: str, data: Any, topics: dict[str, Topic], line: int) -> Advice | None:
        schema = Schema(
            Field("topic", str, choices=tuple(topics) or None),
            Field("intro", list, required=False),
            Field("steps", list, required=False),
        )
        schema.check(data, self.tree_path, self.problems, advice_id)
        if not isinstance(data, dict):
            return None
        # Parts and pages are checked even when a key is wrong, so one run reports everything.
        pages = {}
        for lang in self.languages:
            page = self.load_page(advice_id, lang, line)
            if page is not None:
                pages[lang] = page
        intro = self.part_uses(data, "intro", advice_id)
        steps = self.part_uses(data, "steps", advice_id)
        return Advice(advice_id, str(data.get("topic", "")), intro, steps, pages, line)

    def load(self) -> Tree | None:
        before = len(self.problems)
        topics = self.load_topics()
        self.law = load_law(self.folder.parent, self.languages, self.problems)
        self.services = load_services(self.folder.parent, self.languages, self.problems)
        data = load_yaml_file(self.tree_path, self.problems)
        if data is None or not TREE_SCHEMA.check(data, self.tree_path, self.problems):
            return None
        questions_data, advice_data = data["questions"], data["advice"]
        self.ids_ok(questions_data, "question")
        self.ids_ok(advice_data, "advice")
        questions = {}
        for question_id, question in questions_data.items():
            loaded = self.load_question(question_id, question, questions_data.line_of(question_id))
            if loaded is not None:
                questions[question_id] = loaded
        advice = {}
        for advice_id, item in advice_data.items():
            loaded = self.load_advice(advice_id, item, topics, advice_data.line_of(advice_id))
            if loaded is not None:
                advice[advice_id] = loaded
        self.stray_pages(list(advice_data))
        figures = load_figures(data, questions, self.tree_path, self.problems, self.age_bands)
        tree = Tree(data["start"], questions, advice, topics, self.load_parts(), figures)
        self.check_parts(tree)
        self.check_answered_by(tree, data["questions"])
        check_graph(tree, data, self.tree_path, self.problems)
        check_inserted(tree, self.tree_path, self.problems)
        self.check_law_answers(tree)
        if len(self.problems) == before:  # walking every path needs a sound tree
            check_law_conditions(tree, self.law, self.problems)
        return tree

    def check_law_answers(self, tree: Tree) -> None:
        answers = tree.answer_ids()
        law_path = self.folder / "law.yaml"
        for statement_id, statement in self.law.items():
            for answer in sorted(statement.when | statement.unless):
                if answer not in answers:
                    self.problems.add(
                        law_path,
                        statement.line,
                        f'{statement_id}: no question has the answer "{answer}"'
                        + did_you_mean(answer, answers),
                    )

    def check_answered_by(self, tree: Tree, questions_data: dict) -> None:
        answers = tree.answer_ids()
        for question in tree.questions.values():
            lines = questions_data[question.id]["answered_by"] if question.answered_by else {}
            for earlier in question.answered_by:
                if earlier not in answers:
                    self.problems.add(
                        self.tree_path,
                        lines.line_of(earlier),
                        f'no question has the answer "{earlier}"' + did_you_mean(earlier, answers),
                    )


def load_tree(
    content_dir: Path,
    problems: Problems,
    resolver: Callable[[str], LinkResolver],
    languages: Sequence[str] = ("nl", "en"),
    age_bands: Sequence[str] = (),
) -> Tree | None:
    """Load and validate content/advice/; add every problem found, never raise.

    age_bands: the survey's age bands, which tree.yaml's "figures" may name.
    """
    return TreeLoader(content_dir, problems, resolver, languages, age_bands).load()
