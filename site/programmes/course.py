"""Every course in content/courses/: its overview, its modules, the visitor's answers, progress.

A course's URLs start with its slug in the page's language (/nl/stoppen/,
/en/stopping/); another language's slug for the same course answers with a
permanent redirect to the right one. Progress travels only in the query string
(?voortgang=CODE): the server's log has the path without it, and the server keeps
nothing per visitor. Answers are turned into a page or a download in the
request that posted them, and then forgotten.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Flask, Response, current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.routing import BaseConverter

from contentkit.ids import ID_PATTERN
from courses import Catalogue, Course, InvalidCode, Module, Progress
from hulpwijzer import events
from hulpwijzer.content import site_content
from hulpwijzer.i18n import LANG_PREFIX, current_language
from hulpwijzer.programmes.course_forms import (
    answers_text,
    build_form,
    field_name,
    posted_pairs,
    read_answers,
)
from hulpwijzer.programmes.course_notes import plan_formdata, read_notes, uploaded_texts, with_notes_line
from hulpwijzer.programmes.rating import rated, ratings_page, thanks_page
from hulpwijzer.serving.errors import refuse
from hulpwijzer.serving.replay import render_page

PROGRAMME = "course"
bp = Blueprint("course", __name__, url_prefix=LANG_PREFIX + "/<course:course>")
CODE_PARAM = "voortgang"


def catalogue() -> Catalogue:
    return site_content().courses


def course() -> Course:
    return g.course


def find_module(number: int) -> Module:
    module = course().module(g.lang, number)
    if module is None:
        message = _(
            "There is no module %(number)s. The course has modules 1 to %(count)s.",
            number=number,
            count=course().module_count,
        )
        refuse(message, 404)
    return module


def load_progress() -> Progress:
    """The progress in this request's URL; raises InvalidCode for a code that is not right."""
    codes = request.args.getlist(CODE_PARAM)
    if not codes or (len(codes) == 1 and not codes[0].strip()):
        return course().codes.start()
    if len(codes) > 1:
        raise InvalidCode(codes[0])
    progress = course().codes.decode(codes[0])
    if progress.done_count:
        g.progress_code = course().codes.code(progress)
    return progress


def send(signal, **facts: Any) -> None:
    signal.send(current_app._get_current_object(), lang=g.lang, course=course().id, **facts)


def served(progress: Progress) -> None:
    if progress.done_count:
        send(events.course_progress_seen, done_count=progress.done_count)


def keep_code_in_links(html: str, code: str | None) -> str:
    """Links to other modules written in the text keep the visitor's progress code."""
    if not code:
        return html
    prefix = re.escape(f"/{g.lang}/{course().slug[g.lang]}/")
    return re.sub(rf'href="({prefix}\d+)"', rf'href="\1?{CODE_PARAM}={code}"', html)


@bp.url_value_preprocessor
def pull_course(endpoint: str | None, values: dict[str, Any] | None) -> None:
    slug = (values or {}).pop("course", None)
    g.course = catalogue().by_slug(slug) if slug else None
    g.programme = PROGRAMME
    g.course_slug = slug


@bp.url_defaults
def push_course(endpoint: str, values: dict[str, Any]) -> None:
    """Course URLs get the course's slug in the URL's language; a course or any slug may be given."""
    given = values.get("course", g.get("course") or g.get("course_slug"))
    found = catalogue().by_slug(given) if isinstance(given, str) else given
    if isinstance(found, Course):
        values["course"] = found.slug_for(values.get("lang") or current_language())
    elif isinstance(given, str):  # no such course: the language switch of its 404 page
        values["course"] = given


@bp.before_request
def belongs_to_course():
    if g.course is None or g.lang not in g.course.slug:  # no such course, or not in this language
        refuse(_("There is no such course."), 404)
    if g.course_slug != course().slug[g.lang]:
        # /en/stoppen/6 -> /en/stopping/6: old links and other languages' slugs keep working.
        url = request.path.replace(f"/{g.lang}/{g.course_slug}", f"/{g.lang}/{course().slug[g.lang]}", 1)
        if request.query_string:
            url += "?" + request.query_string.decode("latin-1")
        return redirect(url, 308)
    return None


def course_url(endpoint: str, **values) -> str:
    """A URL inside the course that keeps the visitor's progress code (if any)."""
    values.setdefault(CODE_PARAM, g.get("progress_code"))
    return url_for(endpoint, **values)


@bp.context_processor
def course_helpers() -> dict:
    return {"course_url": course_url, "course": g.get("course")}


@bp.errorhandler(InvalidCode)
def wrong_code(error: InvalidCode):
    g.pop("progress_code", None)
    message = _(
        "This progress code is not right. Check it for typing errors, or start again: "
        "your answers were never stored here, so nothing is lost."
    )
    return render_overview(course().codes.start(), code_error=message), 400


def render_overview(progress: Progress, code_error: str | None = None, just_done: int | None = None):
    code = course().codes.code(progress) if progress.done_count else None
    return render_page(
        "course/overview.html",
        programme_title=course().name[g.lang],
        programme_summary=course().summary[g.lang],
        modules=course().in_language(g.lang),
        module_count=course().module_count,
        progress=progress,
        code=code,
        code_length=course().codes.length,
        bookmark=url_for(".overview", **{CODE_PARAM: code}) if code else None,
        next_module=progress.next_module(),
        code_error=code_error,
        just_done=just_done,
    )


@bp.get("/")
def overview():
    progress = load_progress()
    just_done = request.args.get("klaar", type=int)
    served(progress)
    return render_overview(progress, just_done=just_done if progress.is_done(just_done or 0) else None)


def render_module(module: Module, progress: Progress, form, status: int = 200, filled: int | None = None):
    neighbours = {
        "previous": module.number - 1 if module.number > 1 else None,
        "next": module.number + 1 if module.number < course().module_count else None,
    }
    html = keep_code_in_links(module.html, g.get("progress_code"))
    plan, sources = course().plan, {}
    if module.number == plan.module:
        exercise = module.exercise(plan.exercise)
        sources = {field_name(exercise, item): plan.sources_attribute(item.id) for item in exercise.choices}
        sources = {name: value for name, value in sources.items() if value}
    page = render_page(
        "course/module.html",
        module=module,
        html=html,
        form=form,
        progress=progress,
        sources=sources,
        plan_exercise=plan.exercise if sources else None,
        filled=filled,
        **neighbours,
    )
    return page, status


@bp.get("/<int:number>")
def module(number: int):
    found = find_module(number)
    progress = load_progress()
    send(events.module_viewed, number=number)
    served(progress)
    return render_module(found, progress, build_form(found))


def sent_again_by_history() -> bool:
    """A form post the browser repeats on Back or Forward: a navigation without a user's tap.

    Chromium sends a page's form data again when Back reaches a posted page (seen in the
    tests); the visitor's own press carries Sec-Fetch-User: ?1, the repeat does not, and the
    page's own fetch (JavaScript) is not a navigation. Browsers without these headers are
    treated as before.
    """
    return (
        request.headers.get("Sec-Fetch-Mode") == "navigate" and request.headers.get("Sec-Fetch-User") != "?1"
    )


@bp.post("/<int:number>")
def answers(number: int):
    found = find_module(number)
    progress = load_progress()
    if sent_again_by_history():
        # After the quick exit and Back, the answers must not come back: the empty module instead.
        return redirect(course_url(".module", number=number), 303)
    form = build_form(found, request.form)
    if not form.validate():
        return render_module(found, progress, form, status=400)
    action = request.form.get("actie", "bekijken")
    if action == "wijzigen":
        return render_module(found, progress, form)
    answered = read_answers(found, form)
    if action == "download":
        name = course().name[g.lang]
        text = with_notes_line(answers_text(name, found, answered), course(), found, form)
        response = Response(text, mimetype="text/plain")
        # A name that says nothing about the course: it lands in a Downloads folder others may see.
        filename = _("notes-%(number)s.txt", number=f"{number:02d}")
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    just_done = None
    if action == "afronden":
        # Completing is a button of the exercises form itself, so typed answers are never dropped.
        progress = progress.with_done(number)
        send(events.module_completed, number=number)
        code = course().codes.code(progress)
        if not any(answer.parts for answer in answered):
            return redirect(url_for(".overview", **{CODE_PARAM: code, "klaar": number}), 303)
        g.progress_code = code
        just_done = number
    elif action != "bekijken":
        refuse(_("We did not understand which button was pressed. Please try again."), 400)
    served(progress)
    plan, plan_rows = course().plan, None
    if number == plan.module:
        exercise = found.exercise(plan.exercise)
        plan_rows = [(item.label, form[field_name(exercise, item)].data or "") for item in exercise.choices]
    return render_template(
        "course/answers.html",
        module=found,
        answers=answered,
        pairs=posted_pairs(form),
        progress=progress,
        plan_rows=plan_rows,
        plan_title=plan.title.get(g.lang) or _("My personal plan"),
        plan_exercise=plan.exercise,
        just_done=just_done,
    )


@bp.post("/<int:number>/aantekeningen")
def fill_plan(number: int):
    """The plan module filled from notes downloaded earlier: read here, used, forgotten."""
    found = find_module(number)
    progress = load_progress()
    if number != course().plan.module or sent_again_by_history():
        return redirect(course_url(".module", number=number), 303)
    kept = read_notes(course().id, uploaded_texts(request.files.getlist("aantekeningen")))
    data, filled = plan_formdata(course().plan, found, kept)
    return render_module(found, progress, build_form(found, data), filled=filled)


@bp.post("/<int:number>/klaar")
def complete(number: int):
    find_module(number)
    progress = load_progress().with_done(number)
    send(events.module_completed, number=number)
    code = course().codes.code(progress)
    return redirect(url_for(".overview", **{CODE_PARAM: code, "klaar": number}), 303)


@bp.post("/<int:number>/niet-klaar")
def undo(number: int):
    """A module marked done by mistake can be marked not done again."""
    find_module(number)
    progress = load_progress().without(number)
    code = {CODE_PARAM: course().codes.code(progress)} if progress.done_count else {}
    return redirect(url_for(".module", number=number, **code), 303)


@bp.get("/<int:number>/meten")
def ratings(number: int):
    return ratings_page(course(), find_module(number), load_progress())


@bp.post("/<int:number>/meetellen")
def rating(number: int):
    """One self-rating, counted because the visitor pressed its button (rating.py)."""
    found = find_module(number)
    measure, value = rated(course(), number, request.form)
    send(events.outcome_rated, number=number, measure=measure.id, value=value)
    return thanks_page(found, measure, value, load_progress())


class CourseSlug(BaseConverter):
    """Anything shaped like a slug; pull_course finds the course, or the page is a 404.

    Not a list of today's slugs: the editor's preview picks up a new course without a restart.
    Static segments (/advies/, /beheer/) win over a converter, so no other page is taken.
    """

    regex = ID_PATTERN


def init_app(app: Flask) -> None:
    if PROGRAMME not in app.config["PROGRAMMES"]:
        return
    app.url_map.converters["course"] = CourseSlug
    app.register_blueprint(bp)
