"""A course's self-ratings (courses/measures.py), counted only when the visitor presses the button.

The first and the last module link to a page of their own with the ratings
(/<n>/meten): each rating is its own small form with its own button, apart
from the module's exercises, so pressing it sends that one value and nothing
typed elsewhere. What is counted is the course, the module, the measure and the
value, added to this month's total (site/metrics.py, "outcome").
"""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from courses import Course, Measure, Module, Progress
from hulpwijzer.serving.errors import refuse
from hulpwijzer.serving.replay import render_page


def ratings_page(course: Course, module: Module, progress: Progress):
    """The self-ratings of the first or the last module, on a page of their own."""
    measures = course.measures_at(module.number)
    if not measures:
        refuse(_("This module has no questions to rate yourself."), 404)
    return render_page("course/ratings.html", module=module, measures=measures, progress=progress)


def thanks_page(module: Module, measure: Measure, value: str, progress: Progress) -> str:
    return render_template(
        "course/rating_thanks.html", module=module, measure=measure, value=value, progress=progress
    )


def rated(course: Course, number: int, form: MultiDict) -> tuple[Measure, str]:
    """The measure and value a rating form sent; a clear 400 for anything else."""
    if form.get("count") != "yes":  # only the button counts: never a form sent some other way
        refuse(_("Nothing was counted: only pressing “Count my answer anonymously” counts an answer."))
    measure = course.measure(form.get("measure", ""))
    if measure is None or measure not in course.measures_at(number):
        refuse(_("We could not read this answer, so nothing was counted. Please go back and try again."))
    values = form.getlist("value")
    if len(values) != 1 or values[0] not in measure.values:
        refuse(_("Choose an answer first, then press the button. Nothing was counted."))
    return measure, values[0]
