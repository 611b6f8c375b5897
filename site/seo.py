"""Findable, never too findable: robots.txt, sitemap.xml, and each page's canonical address.

Search engines may list the public pages (home, the site's pages, the advice module's start,
each course's overview and modules), each in every language. A page with anything in its query
string (a progress code, the advice answers, a campaign tag), an answers page, a staff page or
an error is never listed: it gets `X-Robots-Tag: noindex` and stays out of the sitemap.
Addresses are built from HULPWIJZER_SITE_URL, never from the Host header, since a page is
kept for replay by its path alone.
"""

from __future__ import annotations

import re
from html import unescape
from xml.sax.saxutils import escape, quoteattr

from flask import Blueprint, Flask, Response, current_app, g, request, url_for
from flask_babel import gettext as _
from werkzeug.routing import BuildError

from hulpwijzer.content import CONTENT_KEY, site_content

# The pages a search engine may list, when asked for without a query string.
INDEXABLE = frozenset({"pages.home", "pages.page", "advice.start", "course.overview", "course.module"})
# Answer to robots.txt and sitemap.xml themselves, the icon and the static files: no header needed.
UNMARKED = frozenset({"static", "favicon", "seo.robots", "seo.sitemap"})
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
# Longer descriptions are cut off in search results; content check holds editors to this.
DESCRIPTION_MAX = 160
_TAG = re.compile(r"<[^>]+>")
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)

bp = Blueprint("seo", __name__)


def indexable() -> bool:
    return (
        request.method in ("GET", "HEAD")
        and request.endpoint in INDEXABLE
        and not request.query_string
        and not g.get("progress_code")
    )


def site_url() -> str:
    """The public address without a trailing slash; "" (root-relative links) when not configured."""
    return current_app.config["SITE_URL"].rstrip("/")


def address_in(lang: str, endpoint: str | None = None, **values) -> str | None:
    """This page's (or endpoint's) path in a language, without a query string; None if it has none."""
    endpoint = endpoint or request.endpoint
    values = {**(request.view_args or {}), **values} if endpoint == request.endpoint else values
    try:
        return url_for(endpoint, **values, lang=lang)
    except BuildError:
        return None


def written_in(lang: str, endpoint: str, values: dict) -> bool:
    """Whether the page exists in this language: a language added before its pages are written
    answers 404 there, and so does a course in a language it is not written in."""
    if endpoint in ("pages.home", "pages.page"):
        return site_content().page(lang, values.get("slug", "home")) is not None
    course = values.get("course", g.get("course"))
    if endpoint.startswith("course.") and course is not None:
        return lang in course.slug
    return True


def alternates() -> list[tuple[str, str]]:
    """(hreflang, address) for each language this page exists in, then x-default (the first one)."""
    values = request.view_args or {}
    found = [
        (lang, path)
        for lang in current_app.config["LANGUAGES"]
        if written_in(lang, request.endpoint, values) and (path := address_in(lang))
    ]
    return [(lang, site_url() + path) for lang, path in found] + [("x-default", site_url() + found[0][1])]


def plain(html: str) -> str:
    return " ".join(unescape(_TAG.sub("", html)).split())


def shortened(text: str, limit: int = DESCRIPTION_MAX) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def description() -> str:
    """The editors' words for this page: its front matter, its course's or module's summary, the
    advice module's card; else the page's first paragraph; else one sentence about the site."""
    content, lang = site_content(), g.get("lang")
    endpoint, args = request.endpoint, request.view_args or {}
    text = ""
    if endpoint in ("pages.home", "pages.page"):
        page = content.page(lang, args.get("slug", "home"))
        text = page and (page.description or plain(first_paragraph(page.html)))
    elif endpoint == "advice.start":
        text = content.programme("advice", lang).summary
    elif endpoint in ("course.overview", "course.module") and g.get("course"):
        module = g.course.module(lang, args["number"]) if "number" in args else None
        text = (module and module.summary) or g.course.summary.get(lang, "")
    return shortened(" ".join((text or "").split())) or _(
        "Anonymous help from Offlimits (formerly EOKM), without cookies and without judgement."
    )


def first_paragraph(html: str) -> str:
    found = _FIRST_PARAGRAPH.search(html)
    return found.group(1) if found else html


def seo_context() -> dict:
    """For templates/_seo.html: the description of a page search engines may list."""
    # The preview's problem list has no content to describe.
    if request.endpoint not in INDEXABLE or CONTENT_KEY not in current_app.extensions:
        return {"seo": None}
    return {"seo": {"description": description()}}


def link_header() -> str:
    """The canonical address and the one in each language, as an HTTP Link header (RFC 8288).

    In the header rather than as <link> elements: search engines read both the same way, and
    the longest course module is within a few hundred bytes of the 30 KB page budget.
    """
    canonical = site_url() + (address_in(g.lang) or request.path)
    links = [f'<{canonical}>; rel="canonical"']
    links += [f'<{href}>; rel="alternate"; hreflang="{lang}"' for lang, href in alternates()]
    return ", ".join(links)


def mark_for_search_engines(response: Response) -> Response:
    if request.endpoint in UNMARKED:
        return response
    if indexable() and response.status_code == 200:
        response.headers["Link"] = link_header()
    else:
        response.headers["X-Robots-Tag"] = "noindex"
    return response


def listed_pages() -> list[dict[str, str]]:
    """Every public page as {language: path}, in every language it exists in."""
    content, served = site_content(), current_app.config["PROGRAMMES"]
    languages = current_app.config["LANGUAGES"]
    groups: list[dict[str, str]] = []

    def add(endpoint: str, **values) -> None:
        group = {
            lang: path
            for lang in languages
            if written_in(lang, endpoint, values) and (path := address_in(lang, endpoint, **values))
        }
        if group:
            groups.append(group)

    sole = served[0] if len(served) == 1 else None
    if not sole:  # a site with one programme opens on that programme's front page instead
        add("pages.home")
    for slug in sorted({slug for (_lang, slug) in content.pages} - {"home"}):
        add("pages.page", slug=slug)
    if "advice" in served and content.advice is not None:
        add("advice.start")
    for course in content.courses:
        if course.programme not in served:
            continue
        add("course.overview", course=course)
        for number in range(1, course.module_count + 1):
            add("course.module", course=course, number=number)
    return groups


@bp.get("/robots.txt")
def robots() -> Response:
    # Nothing is disallowed: a crawler must fetch a page with answers, a progress code or staff
    # content to read its "noindex"; a disallowed address can still be listed, bare, from a link.
    lines = ["User-agent: *", "Disallow:"]
    base = site_url() or request.url_root.rstrip("/")
    lines.append(f"Sitemap: {base}/sitemap.xml")
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    base = site_url() or request.url_root.rstrip("/")
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">',
    ]
    first = current_app.config["LANGUAGES"][0]
    for group in listed_pages():
        links = [(lang, base + path) for lang, path in group.items()]
        links.append(("x-default", base + group.get(first, next(iter(group.values())))))
        for path in group.values():
            out.append(f"<url><loc>{escape(base + path)}</loc>")
            out.extend(
                f'<xhtml:link rel="alternate" hreflang="{code}" href={quoteattr(url)}/>'
                for code, url in links
            )
            out.append("</url>")
    out.append("</urlset>")
    return Response("\n".join(out) + "\n", mimetype="application/xml")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.context_processor(seo_context)
    app.after_request(mark_for_search_engines)
