"""The outcome measures a course declares in its course.yaml: a few self-ratings.

A measure is asked at the start (module 1), at the end (the last module) or
both. A visitor may choose to have one answer counted, anonymously: only the
course, the module, the measure and the value are added to a monthly total
(site/programmes/rating.py). Nothing here knows about counting or the web.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from contentkit import Field, Problems, Schema
from contentkit.ids import ID, ID_RULE
from contentkit.problems import did_you_mean
from courses.model import Measure

KEY = "measures"
MOMENTS = ("start", "end")
MEASURE = Schema(
    Field("id", str),
    Field("asked", list, items=str),
    Field("question", dict),
    Field("scale", int, required=False, minimum=1, maximum=10),
    Field("low", dict, required=False),
    Field("high", dict, required=False),
    Field("choices", list, required=False),
    Field("better", list, required=False, items=str),
)


def load_measures(
    raw: Any, path: Path, languages: tuple[str, ...], problems: Problems
) -> tuple[Measure, ...]:
    """The course's measures, in their order; every problem reported with its line."""
    listed = raw.get(KEY)
    if listed is None:
        return ()
    if not isinstance(listed, list):
        problems.add(
            path, raw.line_of(KEY), f"{KEY}: expected a list of measures, each starting with '- id:'"
        )
        return ()
    found: list[Measure] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(listed):
        line = listed.line_of(index)
        measure = load_measure(item, line, path, languages, problems, f"{KEY}, {index + 1}")
        if measure is None:
            continue
        if measure.id in seen:
            problems.add(
                path, line, f'the measure "{measure.id}" is used twice (first on line {seen[measure.id]})'
            )
            continue
        seen[measure.id] = line
        found.append(measure)
    return tuple(found)


def texts(
    item: Any, key: str, path: Path, languages: tuple[str, ...], problems: Problems, where: str
) -> dict:
    value = item.get(key)
    if value is None:
        return {}
    schema = Schema(*(Field(lang, str) for lang in languages))
    return dict(value) if schema.check(value, path, problems, f"{where} > {key}") else {}


def load_measure(
    item: Any, line: int, path: Path, languages: tuple[str, ...], problems: Problems, where: str
) -> Measure | None:
    if not MEASURE.check(item, path, problems, where):
        return None
    before = len(problems)
    measure_id = item["id"]
    where = f"{KEY} > {measure_id}"
    if not ID.match(measure_id):
        problems.add(path, item.line_of("id"), f"{where}: the id should be {ID_RULE}")
    for moment in item["asked"]:
        if moment not in MOMENTS:
            problems.add(
                path,
                item.line_of("asked"),
                f'{where}: asked "{moment}"; expected start, end or both' + did_you_mean(moment, MOMENTS),
            )
    question = texts(item, "question", path, languages, problems, where)
    low = texts(item, "low", path, languages, problems, where)
    high = texts(item, "high", path, languages, problems, where)
    has_scale, has_choices = "scale" in item, "choices" in item
    if has_scale == has_choices:
        problems.add(
            path, line, f'{where}: give either "scale" (0 to a number) or "choices", not both or neither'
        )
        return None
    labels: dict[str, dict[str, str]] = {}
    if has_scale:
        values = tuple(str(n) for n in range(item["scale"] + 1))
    else:
        values = load_choices(item["choices"], path, languages, problems, where, labels)
    better = tuple(item.get("better", ()))
    for value in better:
        if value not in values:
            problems.add(
                path,
                item.line_of("better"),
                f'{where}: better lists "{value}", which is not one of its answers'
                + did_you_mean(value, values),
            )
    if len(problems) > before:
        return None
    return Measure(measure_id, tuple(item["asked"]), question, values, labels, low, high, better, line)


def load_choices(
    listed: Any, path: Path, languages: tuple[str, ...], problems: Problems, where: str, labels: dict
) -> tuple[str, ...]:
    schema = Schema(Field("id", str), *(Field(lang, str) for lang in languages))
    values = []
    for index, choice in enumerate(listed):
        if not schema.check(choice, path, problems, f"{where} > choices, {index + 1}"):
            continue
        if not ID.match(choice["id"]) or choice["id"] in values:
            problems.add(
                path,
                choice.line_of("id"),
                f'{where}: the choice "{choice["id"]}" should be a new id, {ID_RULE}',
            )
            continue
        values.append(choice["id"])
        labels[choice["id"]] = {lang: choice[lang] for lang in languages}
    if len(values) < 2:
        problems.add(path, getattr(listed, "line", 1), f"{where}: give at least two choices")
    return tuple(values)
