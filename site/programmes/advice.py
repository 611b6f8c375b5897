"""Helpwanted's advice module on the web: one question per page, the answers in the URL.

The path of answers travels in the query string as codes (?p=2XRO3UW2XHG7, see
wizard/address.py), so the browser's history list shows no answer words; the server's
access log records only the path, and nothing is stored anywhere else. Page titles name
the step ("Question 2", "Advice"), never the situation.
"""

from __future__ import annotations

import re
from html import unescape

from flask import Blueprint, Flask, abort, current_app, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from hulpwijzer.content import site_content
from hulpwijzer.events import advice_reached, advice_started
from hulpwijzer.i18n import localized_route
from hulpwijzer.programmes.survey import QUESTIONS as SURVEY_QUESTIONS
from hulpwijzer.programmes.survey import survey_form
from hulpwijzer.serving.replay import render_page
from wizard import InvalidPath, Tree, Walk, answer_code, encode_path, read_answer, read_path, walk

bp = Blueprint("advice", __name__)


@bp.before_request
def mark_programme() -> None:
    g.programme = "advice"


def tree() -> Tree:
    return site_content().advice


def path_url(endpoint: str, path: tuple[str, ...], answer: str | None = None) -> str:
    return url_for(endpoint, p=encode_path(path) or None, a=answer_code(answer) if answer else None)


def current_walk() -> Walk:
    """Where the visitor's path leads; InvalidPath (handled below) if it is malformed or stale."""
    given = request.args.getlist("p")
    if len(given) > 1:
        raise InvalidPath("the path is given twice")
    path = read_path(tree(), given[0] if given else "")
    here = walk(tree(), path)
    if here.path != path:
        # A link made before an answer was renamed or a question skipped: send it on. (A readable
        # address from before, ?p=zelf.onder-18, is answered as it is: old links keep working.)
        chosen = read_answer(tree(), request.args.get("a"))
        abort(redirect(path_url(request.endpoint, here.path, chosen or None), 301))
    return here


def back_url(here: Walk) -> str:
    """Back to the previous question with the answer given there still chosen."""
    step = here.back
    return path_url(".question", step.before, step.option.id) if step else url_for(".start")


def render_question(here: Walk, chosen: str | None, error: bool = False) -> str:
    question = here.node
    return render_page(
        "advice/question.html",
        question=question,
        text=question.texts[g.lang],
        hint=question.hints.get(g.lang),
        path=encode_path(here.path),
        step=len(here.asked) + 1,
        code=answer_code,
        chosen=chosen,
        error=error,
        back_url=back_url(here),
    )


@localized_route(bp, "start")
def start() -> str:
    return render_page("advice/start.html", programme=site_content().programme("advice", g.lang))


@localized_route(bp, "question")
def question() -> str | Response:
    here = current_walk()
    if here.is_advice:
        return redirect(path_url(".result", here.path))
    answer = read_answer(tree(), request.args.get("a"))
    option = here.node.option(answer)
    via = tree().via(here.node, answer) if option is None and here.node.inserted else None
    if via is not None:
        # "Change your answer" from before the question was inserted: show the question it belongs to.
        return redirect(path_url(".question", (*here.path, via.id), answer), 301)
    chosen = option.id if option else None
    if not here.path and chosen is None:
        # Coming back to the first question carries the earlier answer, so it is not counted twice.
        advice_started.send(current_app._get_current_object(), lang=g.lang)
    return render_question(here, chosen)


@localized_route(bp, "answer")
def answer() -> Response | tuple[str, int]:
    here = current_walk()
    if here.is_advice:
        return redirect(path_url(".result", here.path))
    option = here.node.option(read_answer(tree(), request.args.get("a")))
    if option is None:
        return render_question(here, None, error=True), 400
    path = (*here.path, option.id)
    endpoint = ".result" if walk(tree(), path).is_advice else ".question"
    return redirect(path_url(endpoint, path), code=303)


@localized_route(bp, "result")
def result() -> str | Response:
    here = current_walk()
    if not here.is_advice:
        return redirect(path_url(".question", here.path))
    advice = here.node
    advice_reached.send(
        current_app._get_current_object(), lang=g.lang, advice_id=advice.id, topic=advice.topic
    )
    page = tree().render(advice, g.lang, here.answers)
    return render_page(
        "advice/result.html",
        page=page,
        summary_line=first_sentence(page.html),
        summary=[(step, path_url(".question", step.before, step.option.id)) for step in here.asked],
        back_url=back_url(here),
        advice_id=advice.id,
        topic=advice.topic,
        answers=here.answers,
        survey_url=path_url(".survey", here.path) if "survey.submit" in current_app.view_functions else None,
        survey_count=survey_question_count(advice.topic, here.answers),
    )


def first_sentence(html: str) -> str:
    """The advice's opening sentence as plain text: its one-line summary on a phone's first screen."""
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    found = re.match(r"(.+?[.!?])(?:\s|$)", text)
    return found.group(1) if found else text


def survey_question_count(topic: str, answers) -> int:
    """How many questions the visitor will see: the age is not asked again when the advice knows it."""
    return len(SURVEY_QUESTIONS) - (1 if survey_form(topic, answers).age_from_tree else 0)


@localized_route(bp, "survey")
def survey() -> str | Response:
    """The optional questions, on their own page behind a link under the advice."""
    here = current_walk()
    if not here.is_advice or "survey.submit" not in current_app.view_functions:
        return redirect(path_url(".question", here.path))
    return render_page(
        "advice/survey.html",
        topic=here.node.topic,
        answers=here.answers,
        path=encode_path(here.path),
        advice_url=path_url(".result", here.path),
    )


@bp.errorhandler(InvalidPath)
def invalid_path(error: InvalidPath) -> tuple[str, int]:
    """A friendly way out of an old or mistyped link: start again, or go on where it still fits."""
    resume = path_url(".question", error.valid) if error.valid else None
    return render_template("advice/stale.html", stale=error.stale, resume_url=resume), (
        404 if error.stale else 400
    )


def init_app(app: Flask) -> None:
    if "advice" in app.config["PROGRAMMES"]:
        app.register_blueprint(bp)
