"""Which URLs the benchmark drives: one of each page type, taken from the real content."""

from __future__ import annotations

import tempfile

from hulpwijzer import create_app

# The programme's 2016 sextortion flow: one question on the way, and its advice.
QUESTION = "zelf.onder-18.chat"
ADVICE = "zelf.onder-18.chat.ja.ja.geld.verteld"


def progress_code(course_id: str, done: set[int]) -> str:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"DATABASE_URL": f"sqlite:///{folder}/counts.sqlite3", "COUNTING": False})
    courses = app.extensions["hulpwijzer.content"].courses
    return next(course for course in courses if course.id == course_id).codes.encode(done)


def benchmark_paths() -> list[tuple[str, str]]:
    return [
        ("home page", "/nl/"),
        ("wizard question", f"/nl/advies/vraag?p={QUESTION}"),
        ("advice page", f"/nl/advies/uitkomst?p={ADVICE}"),
        ("course module", "/nl/stoppen/6"),
        ("course overview with code", f"/nl/stoppen/?voortgang={progress_code('stoppen', {1, 2, 3, 4, 5})}"),
    ]
