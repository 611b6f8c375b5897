"""A course's self-ratings (courses/measures.py), counted only when the visitor presses the button.

Each rating is its own small form with its own button, apart from the module's
exercises, so pressing it sends that one value and nothing typed elsewhere on
the page. What is counted is the course, the module, the measure and the
value, added to this month's total (site/metrics.py, "outcome").
"""

from __future__ import annotations

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from courses import Course, Measure
from hulpwijzer.serving.errors import refuse


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
