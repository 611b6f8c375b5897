"""The courses in the real content, for tests that run once per course."""

from __future__ import annotations

from flask import Flask

from courses import Course
from tests.support.content import REAL_CONTENT

# Folder names only: listing them builds no app, so collection stays quick.
COURSE_IDS = sorted(p.name for p in (REAL_CONTENT / "courses").iterdir() if (p / "course.yaml").is_file())


def course_of(app: Flask, course_id: str) -> Course:
    course = app.extensions["hulpwijzer.content"].courses.get(course_id)
    assert course is not None, f"no course {course_id}"
    return course


def course_path(course: Course, lang: str, rest: str = "") -> str:
    """/nl/stoppen/ + rest: a course's path in one language."""
    return f"/{lang}/{course.slug[lang]}/{rest}"
