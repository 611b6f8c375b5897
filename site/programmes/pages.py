"""Home page and the editors' content pages (privacy, safety, ...)."""

from __future__ import annotations

from flask import Blueprint, Flask, abort, current_app, g, url_for

from hulpwijzer.content import site_content
from hulpwijzer.i18n import LANG_PREFIX
from hulpwijzer.serving.replay import render_page

bp = Blueprint("pages", __name__, url_prefix=LANG_PREFIX)

# The first page of each programme, once its blueprint is registered.
PROGRAMME_ENTRIES = {"advice": "advice.start", "course": "course.overview"}


def programme_links() -> list[dict[str, str]]:
    """A card per programme, or per course for a programme made of courses."""
    content, links = site_content(), []
    for key in current_app.config["PROGRAMMES"]:
        endpoint = PROGRAMME_ENTRIES[key]
        if endpoint not in current_app.view_functions:
            continue
        text = content.programme(key, g.lang)
        courses = content.courses.in_programme(key)
        for course in courses:
            links.append(
                {
                    "key": key,
                    "name": text.name,
                    "title": course.name[g.lang],
                    "summary": course.summary[g.lang],
                    "url": url_for(endpoint, course=course),
                }
            )
        if not courses:
            links.append(
                {
                    "key": key,
                    "name": text.name,
                    "title": text.title,
                    "summary": text.summary,
                    "url": url_for(endpoint),
                }
            )
    return links


@bp.get("/")
def home():
    page = site_content().page(g.lang, "home")
    if page is None:  # a language whose pages are not written yet
        abort(404)
    return render_page("home.html", page=page, programmes=programme_links())


@bp.get("/<slug>")
def page(slug: str):
    found = site_content().page(g.lang, slug)
    if found is None or slug == "home":
        abort(404)
    return render_page("page.html", page=found)


def help_blocks() -> list[dict[str, str]]:
    """The route to human help on this page: its course's or programme's, else every served one."""
    keys = [g.programme] if g.get("programme") else list(current_app.config["PROGRAMMES"])
    content = site_content()
    lang = g.get("lang") or current_app.config["LANGUAGES"][0]
    course = g.get("course")
    return [
        {
            "key": key,
            "name": content.programme(key, lang).name,
            "html": course.help_html[lang]
            if course and course.help_html
            else content.programme(key, lang).help_html,
        }
        for key in keys
    ]


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.context_processor(lambda: {"help_blocks": help_blocks})
