"""Notes the visitor downloaded, brought back into the course's plan: read, used, forgotten.

Every downloaded notes file ends with one line a program can read back: the course, the module
and the module's plan answers as JSON. Module 17 (the plan) can be filled from such files: they
are read in the request that posted them and never stored or logged.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage, MultiDict
from wtforms import Form

from courses import Course, Module, Plan
from hulpwijzer.programmes.course_forms import field_name

NOTES_MARK = "hulpwijzer-notes"
# A notes file is a few KB; the request as a whole is limited by MAX_CONTENT_LENGTH (config.py).
MAX_FILES = 40


def notes_line(course_id: str, module: Module, form: Form) -> str | None:
    """The machine-readable last line of a module's notes: its plan answers, if it has any."""
    answers = {
        name: text
        for exercise in module.exercises
        if exercise.type == "plan"
        for item in exercise.choices
        if (text := (form[name := field_name(exercise, item)].data or "").strip())
    }
    if not any(exercise.type == "plan" for exercise in module.exercises):
        return None
    return f"{NOTES_MARK} {course_id} {module.number} {json.dumps(answers, ensure_ascii=False)}"


def with_notes_line(text: str, course: Course, module: Module, form: Form) -> str:
    """A module's notes for download, with the line module 17 reads back (if it has plan answers)."""
    line = notes_line(course.id, module, form)
    if line is None:
        return text
    keep = _("For your plan in module %(number)s: keep the next line.", number=course.plan.module)
    return f"{text}\n{keep}\n{line}\n"


def read_notes(course_id: str, texts: Iterable[str]) -> dict[str, str]:
    """ "module:field" → answer, from notes of this course; any other line or file is passed over."""
    found: dict[str, str] = {}
    for text in texts:
        for line in text.splitlines():
            parts = line.strip().split(" ", 3)
            if len(parts) < 4 or parts[:2] != [NOTES_MARK, course_id] or not parts[2].isdigit():
                continue
            try:
                answers = json.loads(parts[3])
            except ValueError:
                continue
            if isinstance(answers, dict):
                found.update(
                    (f"{int(parts[2])}:{name}", text)
                    for name, text in answers.items()
                    if isinstance(name, str) and isinstance(text, str)
                )
    return found


def uploaded_texts(files: list[FileStorage]) -> list[str]:
    return [file.read().decode("utf-8", errors="replace") for file in files[:MAX_FILES]]


def plan_formdata(plan: Plan, module: Module, kept: dict[str, str]) -> tuple[MultiDict, int]:
    """The plan's fields filled from what the notes hold, and how many items got something."""
    exercise = module.exercise(plan.exercise)
    data, filled = MultiDict(), 0
    for item in exercise.choices:
        texts = [kept[source.field] for source in plan.sources.get(item.id, ()) if kept.get(source.field)]
        if texts:
            data[field_name(exercise, item)] = "\n".join(texts)
            filled += 1
    return data, filled
