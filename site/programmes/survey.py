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
from hulpwijzer import events
from hulpwijzer.content import site_content
from hulpwijzer.i18n import localized_route
from hulpwijzer.serving.errors import refuse
from wizard import InvalidPath, encode_path, read_path, walk

bp = Blueprint("survey", __name__)


def N_(message: str) -> str:
    """Marks a label for translation; the template translates it when the page is drawn."""
    return message


SKIP = SelectChoice("", N_("I'd rather not say"))
AGE_BANDS = [
    SelectChoice("5-11", N_("5 to 11")),
    SelectChoice("12-18", N_("12 to 18")),
    SelectChoice("19-25", N_("19 to 25")),
    SelectChoice("26+", N_("26 or older")),
]
GENDERS = [
    SelectChoice("girl", N_("Girl or woman")),
    SelectChoice("boy", N_("Boy or man")),
    SelectChoice("other", N_("Something else")),
]
PLATFORMS = [
    SelectChoice("snapchat", "Snapchat"),
    SelectChoice("instagram", "Instagram"),
    SelectChoice("whatsapp", "WhatsApp"),
    SelectChoice("tiktok", "TikTok"),
    SelectChoice("other", N_("Another app or website")),
]
# The advice tree's answers to "Hoe oud ben je?" (content/advice/tree.yaml, question
# "leeftijd"), only asked when the advice is for the visitor themself ("zelf"). The
# survey does not ask an age the tree already knows: a child's band follows from it,
# and an adult chooses only among the adult bands (18 itself falls in "12-18").
OWN_ADVICE = "zelf"
AGE_FROM_TREE = {"onder-12": AGE_BANDS[0], "onder-18": AGE_BANDS[1]}
ADULT_IN_TREE = "18-plus"
ADULT_BANDS = [SelectChoice("12-18", N_("18 years old")), *AGE_BANDS[2:]]
YES_NO = [SelectChoice("yes", N_("Yes")), SelectChoice("no", N_("No"))]
USEFUL = [SelectChoice("yes", N_("Yes")), SelectChoice("partly", N_("Partly")), SelectChoice("no", N_("No"))]


class SurveyForm(Form):
    topic = StringField(validators=[InputRequired(), Regexp(ID)])
    age = RadioField(N_("How old are you?"), choices=[*AGE_BANDS, SKIP], default="", validators=[Optional()])
    gender = RadioField(N_("Are you a…"), choices=[*GENDERS, SKIP], default="", validators=[Optional()])
    platform = SelectMultipleField(
        N_("Where did it happen? Tick all that apply."),
        choices=PLATFORMS,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    police = RadioField(
        N_("Did you contact the police about this before today?"),
        choices=[*YES_NO, SKIP],
        default="",
        validators=[Optional()],
    )
    useful = RadioField(
        N_("Was this advice useful?"), choices=[*USEFUL, SKIP], default="", validators=[Optional()]
    )


QUESTIONS = events.SURVEY_QUESTIONS


def known_topics() -> set[str] | None:
    """The advice module's topics, when its content lists them."""
    topics = getattr(site_content().advice, "topics", None)
    return set(topics) if topics else None


def survey_form(topic: str, answers: Collection[str] = ()) -> SurveyForm:
    """The form for an advice page; ``answers`` are the tree's answers that led there."""
    form = SurveyForm(topic=topic)
    form.age_from_tree = None
    if OWN_ADVICE in answers:
        band = next((AGE_FROM_TREE[a] for a in answers if a in AGE_FROM_TREE), None)
        if band is not None:
            form.age_from_tree = band
        elif ADULT_IN_TREE in answers:
            form.age.choices = [*ADULT_BANDS, SKIP]
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
