"""Language lives in the URL (/nl/..., /en/...), never in a cookie."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Flask, current_app, g, redirect, request, url_for
from flask_babel import Babel
from werkzeug.wrappers import Response

from hulpwijzer.config import LANGUAGES

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}
# Route prefix for every page: only the languages we have match, anything else is a 404.
LANG_PREFIX = f"/<any({', '.join(LANGUAGES)}):lang>"


# Pages whose path is in the visitor's language, by endpoint. A path of another
# language under the same /<lang>/ answers with a permanent redirect, so old links keep working.
LOCALIZED_PATHS: dict[str, dict[str, str]] = {
    "advice.start": {"nl": "/advies/", "en": "/advice/"},
    "advice.question": {"nl": "/advies/vraag", "en": "/advice/question"},
    "advice.answer": {"nl": "/advies/volgende", "en": "/advice/next"},
    "advice.result": {"nl": "/advies/uitkomst", "en": "/advice/result"},
    "advice.survey": {"nl": "/advies/vragen", "en": "/advice/questions"},
    "survey.submit": {"nl": "/advies/vragen", "en": "/advice/questions"},
}


def localized_path(endpoint: str, lang: str) -> str:
    return f"/{lang}{LOCALIZED_PATHS[endpoint][lang]}"


def localized_route(bp: Blueprint, name: str, methods: tuple[str, ...] = ("GET",)) -> Callable:
    """Register a view under its path in each language, plus redirects from the other languages' paths."""
    endpoint = f"{bp.name}.{name}"
    paths = LOCALIZED_PATHS[endpoint]

    def register(view: Callable) -> Callable:
        for lang in LANGUAGES:
            bp.add_url_rule(
                localized_path(endpoint, lang), name, view, methods=methods, defaults={"lang": lang}
            )
            for other, path in paths.items():
                if path != paths[lang]:
                    bp.add_url_rule(
                        f"/{lang}{path}",
                        f"{name}_moved_{lang}_{other}",
                        moved_to(endpoint, lang),
                        methods=methods,
                        defaults={"lang": lang},
                    )
        return view

    return register


def moved_to(endpoint: str, lang: str) -> Callable[[], Response]:
    def moved() -> Response:
        url = url_for(endpoint, lang=lang)
        if request.query_string:
            url += "?" + request.query_string.decode("latin-1")
        # 308 keeps a form post a post; a plain visit gets the familiar 301.
        return redirect(url, 301 if request.method in ("GET", "HEAD") else 308)

    return moved


def best_language() -> str:
    languages = current_app.config["LANGUAGES"]
    first = request.path.strip("/").split("/", 1)[0]
    if first in languages:
        return first
    return request.accept_languages.best_match(languages, default=languages[0])


def current_language() -> str:
    return g.get("lang") or best_language()


def pull_language(endpoint: str | None, values: dict[str, Any] | None) -> None:
    if values and "lang" in values:
        g.lang = values.pop("lang")


def push_language(endpoint: str, values: dict[str, Any]) -> None:
    if "lang" not in values and current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        values["lang"] = current_language()


def other_languages() -> list[dict[str, str]]:
    """Links to this same page in each other language, query string kept."""
    links = []
    for lang in current_app.config["LANGUAGES"]:
        if lang == current_language():
            continue
        if request.endpoint and request.url_rule and "lang" in request.url_rule.arguments:
            url = url_for(request.endpoint, **(request.view_args or {}), lang=lang)
            if request.query_string:
                url += "?" + request.query_string.decode("latin-1")
        else:
            url = url_for("pages.home", lang=lang)
        links.append({"lang": lang, "name": LANGUAGE_NAMES[lang], "url": url})
    return links


def root_redirect() -> Response:
    response = redirect(url_for("pages.home", lang=best_language()))
    response.headers["Vary"] = "Accept-Language"
    return response


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=current_language)
    app.url_value_preprocessor(pull_language)
    app.url_defaults(push_language)
    app.add_url_rule("/", "root", root_redirect)
    app.context_processor(lambda: {"lang": current_language(), "other_languages": other_languages()})
