"""Which URLs the benchmark drives: one of each page type, taken from the real content."""

from __future__ import annotations

import tempfile

from hulpwijzer import create_app

# The programme's 2016 sextortion flow: one question on the way, and its advice.
QUESTION = "zelf.onder-18.chat"
ADVICE = "zelf.onder-18.chat.ja.ja.geld.verteld"


def site_app():
    with tempfile.TemporaryDirectory() as folder:
        return create_app({"DATABASE_URL": f"sqlite:///{folder}/counts.sqlite3", "COUNTING": False})


def progress_code(app, course_id: str, done: set[int]) -> str:
    courses = app.extensions["hulpwijzer.content"].courses
    return next(course for course in courses if course.id == course_id).codes.encode(done)


def current_address(app, old: str) -> str:
    """Where an old readable advice address leads today: the coded address a visitor's page has
    (a restructured tree sends old paths on with a redirect, which the benchmark must not measure)."""
    response = app.test_client().get(old, follow_redirects=True)
    assert response.status_code == 200, (old, response.status_code)
    query = response.request.query_string.decode()
    return response.request.path + (f"?{query}" if query else "")


def benchmark_paths() -> list[tuple[str, str]]:
    app = site_app()
    return [
        ("home page", "/nl/"),
        ("wizard question", current_address(app, f"/nl/advies/vraag?p={QUESTION}")),
        ("advice page", current_address(app, f"/nl/advies/uitkomst?p={ADVICE}")),
        ("course module", "/nl/stoppen/6"),
        (
            "course overview with code",
            f"/nl/stoppen/?voortgang={progress_code(app, 'stoppen', {1, 2, 3, 4, 5})}",
        ),
    ]
