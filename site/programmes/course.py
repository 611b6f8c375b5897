"""Stoppen is Mogelijk: the course overview, its modules, the visitor's answers, progress.

Progress travels only in the query string (?voortgang=CODE): the server's log has
the path without it, and the server keeps nothing per visitor. Answers are turned
into a page or a download in the request that posted them, and then forgotten.
"""

from __future__ import annotations

import re

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from hulpwijzer import events, stop_plan
from hulpwijzer.content import site_content
from hulpwijzer.course_content import Course, Module
from hulpwijzer.i18n import LANG_PREFIX
from hulpwijzer.programmes.course_forms import (
    answers_text,
    build_form,
    field_name,
    posted_pairs,
    read_answers,
)
from hulpwijzer.progress import MODULE_COUNT, InvalidCode, Progress, decode
from hulpwijzer.serving.errors import refuse
from hulpwijzer.serving.replay import render_page

bp = Blueprint("course", __name__, url_prefix=LANG_PREFIX + "/stoppen")
CODE_PARAM = "voortgang"


def course() -> Course:
    return site_content().sections["course"]


def find_module(number: int) -> Module:
    module = course().module(g.lang, number)
    if module is None:
        refuse(_("There is no module %(number)s. The course has modules 1 to 17.", number=number), 404)
    return module


def load_progress() -> Progress:
    """The progress in this request's URL; raises InvalidCode for a code that is not right."""
    codes = request.args.getlist(CODE_PARAM)
    if not codes or (len(codes) == 1 and not codes[0].strip()):
        return Progress()
    if len(codes) > 1:
        raise InvalidCode(codes[0])
    progress = decode(codes[0])
    if progress.done_count:
        g.progress_code = progress.code
    return progress


def served(progress: Progress) -> None:
    if progress.done_count:
        events.course_progress_seen.send(
            current_app._get_current_object(), lang=g.lang, done_count=progress.done_count
        )


def keep_code_in_links(html: str, code: str | None) -> str:
    """Links to other modules written in the text keep the visitor's progress code."""
    if not code:
        return html
    return re.sub(rf'href="(/{g.lang}/stoppen/\d+)"', rf'href="\1?{CODE_PARAM}={code}"', html)


@bp.before_request
def belongs_to_course() -> None:
    g.programme = "course"


def course_url(endpoint: str, **values) -> str:
    """A URL inside the course that keeps the visitor's progress code (if any)."""
    values.setdefault(CODE_PARAM, g.get("progress_code"))
    return url_for(endpoint, **values)


@bp.context_processor
def course_helpers() -> dict:
    return {"course_url": course_url}


@bp.errorhandler(InvalidCode)
def wrong_code(error: InvalidCode):
    g.pop("progress_code", None)
    message = _(
        "This progress code is not right. Check it for typing errors, or start again: "
        "your answers were never stored here, so nothing is lost."
    )
    return render_overview(Progress(), code_error=message), 400


def render_overview(progress: Progress, code_error: str | None = None, just_done: int | None = None):
    code = progress.code if progress.done_count else None
    text = site_content().programme("course", g.lang)
    return render_page(
        "course/overview.html",
        programme_title=text.title,
        programme_summary=text.summary,
        modules=course().in_language(g.lang),
        progress=progress,
        code=code,
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


def render_module(module: Module, progress: Progress, form, status: int = 200):
    neighbours = {
        "previous": module.number - 1 if module.number > 1 else None,
        "next": module.number + 1 if module.number < MODULE_COUNT else None,
    }
    html = keep_code_in_links(module.html, g.get("progress_code"))
    sources = {}
    if module.number == stop_plan.MODULE:
        plan = module.exercise(stop_plan.EXERCISE)
        sources = {field_name(plan, item): stop_plan.sources_attribute(item.id) for item in plan.choices}
    page = render_page(
        "course/module.html",
        module=module,
        html=html,
        form=form,
        progress=progress,
        sources=sources,
        **neighbours,
    )
    return page, status


@bp.get("/<int:number>")
def module(number: int):
    found = find_module(number)
    progress = load_progress()
    events.module_viewed.send(current_app._get_current_object(), lang=g.lang, number=number)
    served(progress)
    return render_module(found, progress, build_form(found))


@bp.post("/<int:number>")
def answers(number: int):
    found = find_module(number)
    progress = load_progress()
    form = build_form(found, request.form)
    if not form.validate():
        return render_module(found, progress, form, status=400)
    action = request.form.get("actie", "bekijken")
    if action == "wijzigen":
        return render_module(found, progress, form)
    answered = read_answers(found, form)
    if action == "download":
        title = site_content().programme("course", g.lang).title
        response = Response(answers_text(title, found, answered), mimetype="text/plain")
        filename = _("stopping-is-possible-module-%(number)s.txt", number=f"{number:02d}")
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    if action != "bekijken":
        refuse(_("We did not understand which button was pressed. Please try again."), 400)
    served(progress)
    plan_rows = None
    if number == stop_plan.MODULE:
        plan = found.exercise(stop_plan.EXERCISE)
        plan_rows = [(item.label, form[field_name(plan, item)].data or "") for item in plan.choices]
    return render_template(
        "course/answers.html",
        module=found,
        answers=answered,
        pairs=posted_pairs(form),
        progress=progress,
        stop_plan=plan_rows,
    )


@bp.post("/<int:number>/klaar")
def complete(number: int):
    find_module(number)
    progress = load_progress().with_done(number)
    events.module_completed.send(current_app._get_current_object(), lang=g.lang, number=number)
    return redirect(url_for(".overview", **{CODE_PARAM: progress.code, "klaar": number}), 303)


@bp.post("/<int:number>/niet-klaar")
def undo(number: int):
    """A module marked done by mistake can be marked not done again."""
    find_module(number)
    progress = load_progress().without(number)
    code = {CODE_PARAM: progress.code} if progress.done_count else {}
    return redirect(url_for(".module", number=number, **code), 303)


def init_app(app: Flask) -> None:
    if "course" in app.config["PROGRAMMES"]:
        app.register_blueprint(bp)
