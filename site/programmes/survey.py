"""The voluntary questions at the end of an advice, and where their answers go.

Each answer is added to its own monthly total. Only age band and gender are
also counted together with the advice's topic (the annual report's two
cross-tables); nothing else ties one visitor's answers to each other.
"""

from __future__ import annotations

from collections.abc import Collection

from flask import Blueprint, Flask, current_app, g, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import Form, RadioField, SelectChoice, SelectMultipleField, StringField
from wtforms.validators import InputRequired, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from contentkit.ids import ID
from hulpwijzer import events, metrics
from hulpwijzer.content import site_content
from hulpwijzer.i18n import localized_route
from hulpwijzer.metrics import N_
from hulpwijzer.serving.errors import refuse
from wizard import ADULT, InvalidPath, encode_path, read_path, walk

bp = Blueprint("survey", __name__)


def choices(answers: tuple[metrics.Answer, ...]) -> list[SelectChoice]:
    return [SelectChoice(a.value, a.label) for a in answers]


SKIP = SelectChoice("", N_("I'd rather not say"))
ADULT_BANDS = choices(metrics.ADULT_BANDS)


def one_answer(question: metrics.Question) -> RadioField:
    return RadioField(
        question.prompt, choices=[*choices(question.answers), SKIP], default="", validators=[Optional()]
    )


class SurveyForm(Form):
    topic = StringField(validators=[InputRequired(), Regexp(ID)])


# One field per question of the table, in its order.
for _question in metrics.SURVEY:
    if _question.several:
        _field = SelectMultipleField(
            _question.prompt,
            choices=choices(_question.answers),
            widget=ListWidget(prefix_label=False),
            option_widget=CheckboxInput(),
        )
    else:
        _field = one_answer(_question)
    setattr(SurveyForm, _question.name, _field)


QUESTIONS = tuple(q.name for q in metrics.SURVEY)


def known_topics() -> set[str] | None:
    """The advice module's topics, when its content lists them."""
    topics = getattr(site_content().advice, "topics", None)
    return set(topics) if topics else None


def survey_form(topic: str, answers: Collection[str] = ()) -> SurveyForm:
    """The form for an advice page; ``answers`` are the tree's answers that led there."""
    form = SurveyForm(topic=topic)
    form.age_from_tree = None
    tree = site_content().advice
    band = tree.figures.band(answers) if tree is not None else None
    if band == ADULT:
        form.age.choices = [*ADULT_BANDS, SKIP]
    elif band is not None:
        form.age_from_tree = next(c for c in choices(metrics.AGE.answers) if c.value == band)
    return form


@bp.before_request
def in_advice_programme() -> None:
    g.programme = "advice"


@localized_route(bp, "submit", methods=("POST",))
def submit():
    form = SurveyForm(request.form)
    topics = known_topics()
    if not form.validate() or (topics is not None and form.topic.data not in topics):
        refuse(_("We could not read these answers, so nothing was saved. You can go back and try again."))
    events.survey_answered.send(
        current_app._get_current_object(), lang=g.lang, topic=form.topic.data, answers=answers_of(form)
    )
    return render_template("survey_thanks.html", advice_url=advice_url())


def answers_of(form: SurveyForm) -> dict[str, tuple[str, ...]]:
    """What was chosen, per question; a question left at "I'd rather not say" has no answer."""
    answers = {}
    for name in QUESTIONS:
        data = form[name].data
        answers[name] = tuple(answer for answer in (data if isinstance(data, list) else [data]) if answer)
    return answers


def advice_url() -> str:
    """Back to the visitor's own advice when the form says which one, else to the advice module."""
    tree = site_content().advice
    try:
        here = walk(tree, read_path(tree, request.form.get("p", "")))
    except InvalidPath:
        here = None
    if here is not None and here.is_advice and here.path:
        return url_for("advice.result", p=encode_path(here.path))
    if "advice.start" in current_app.view_functions:
        return url_for("advice.start")
    return url_for("pages.home")


def init_app(app: Flask) -> None:
    if "advice" not in app.config["PROGRAMMES"]:
        return
    app.register_blueprint(bp)
    app.context_processor(lambda: {"survey_form": survey_form})
