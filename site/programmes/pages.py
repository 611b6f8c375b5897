"""Home page and the editors' content pages (privacy, safety, ...)."""

from __future__ import annotations

from flask import Blueprint, Flask, abort, current_app, g, redirect, request, send_from_directory, url_for
from werkzeug.wrappers import Response

from hulpwijzer.content import site_content
from hulpwijzer.i18n import LANG_PREFIX
from hulpwijzer.programmes.course import CODE_PARAM
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


# The foundation behind both programmes: the face of pages that belong to neither.
FOUNDATION = "Offlimits"


def sole_programme() -> str | None:
    """The one programme this site serves, when it serves only one."""
    served = [
        key
        for key in current_app.config["PROGRAMMES"]
        if PROGRAMME_ENTRIES[key] in current_app.view_functions
    ]
    return served[0] if len(served) == 1 else None


def front_page(key: str) -> str | None:
    """A programme's own front page: the advice module's start, or its one course's overview."""
    if key != "course":
        return url_for(PROGRAMME_ENTRIES[key])
    courses = site_content().courses.in_programme(key)
    return url_for(PROGRAMME_ENTRIES[key], course=courses[0]) if len(courses) == 1 else None


def site_face() -> dict[str, str]:
    """Whose page this is: its programme's (name, colour, icon), else the foundation's."""
    key = g.get("programme") or sole_programme()
    if not key:
        return {"key": "foundation", "name": FOUNDATION, "url": url_for("pages.home")}
    lang = g.get("lang") or current_app.config["LANGUAGES"][0]
    if g.get("course"):
        # Inside a course its overview is home, and the link keeps the visitor's progress code.
        url = url_for("course.overview", course=g.course, **{CODE_PARAM: g.get("progress_code")})
        if g.course.face_name:
            # A course with a face of its own (the relatives'), so it does not look like another.
            return {"key": key, "variant": g.course.id, "name": g.course.face_name[lang], "url": url}
    else:
        url = front_page(key) or url_for("pages.home")
    return {"key": key, "name": site_content().programme(key, lang).name, "url": url}


@bp.get("/")
def home() -> str | Response:
    sole = sole_programme()
    if sole and front_page(sole):
        # A site that serves one programme opens on that programme's own front page.
        return redirect(front_page(sole))
    page = site_content().page(g.lang, "home")
    if page is None:  # a language whose pages are not written yet
        abort(404)
    return render_page("home.html", page=page, programmes=programme_links())


@bp.get("/<slug>")
def page(slug: str):
    found = site_content().page(g.lang, slug)
    if found is None and site_content().courses.by_slug(slug):
        # A course's address typed without its closing slash, as /nl/advies becomes /nl/advies/.
        query = request.query_string.decode("latin-1")
        return redirect(f"/{g.lang}/{slug}/" + (f"?{query}" if query else ""), 308)
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


def favicon() -> Response:
    """Browsers ask for /favicon.ico on their own; answer with the site's icon instead of a 404."""
    key = sole_programme() or "foundation"
    return send_from_directory(
        current_app.static_folder, f"icons/{key}.svg", mimetype="image/svg+xml", max_age=7 * 24 * 3600
    )


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_url_rule("/favicon.ico", "favicon", favicon)
    app.context_processor(lambda: {"help_blocks": help_blocks, "site_face": site_face})
