"""Language lives in the URL (/nl/..., /en/...), never in a cookie."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from babel import Locale, UnknownLocaleError
from flask import Blueprint, Flask, current_app, g, redirect, request, url_for
from flask_babel import Babel
from werkzeug.routing import BaseConverter, BuildError, ValidationError
from werkzeug.wrappers import Response

from hulpwijzer.config import LANGUAGES

# Route prefix for every page: only the app's languages match, anything else is a 404.
LANG_PREFIX = "/<language:lang>"


class LanguageConverter(BaseConverter):
    """A language code of this app (config LANGUAGES); any other code does not match: a 404."""

    regex = "[a-z]{2,3}"
    # Tried after a fixed any(nl, en) part, so a route added for one test with one still matches.
    weight = 200
    languages: tuple[str, ...] = ()

    def to_python(self, value: str) -> str:
        if value not in self.languages:
            raise ValidationError()
        return value


def language_converter(languages: tuple[str, ...]) -> type[LanguageConverter]:
    return type("AppLanguage", (LanguageConverter,), {"languages": tuple(languages)})


@cache
def language_name(code: str) -> str:
    """A language's name in that language ("Nederlands", "العربية"), from the CLDR via Babel."""
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


@cache
def text_direction(code: str) -> str:
    """ "rtl" for a language written from right to left (Arabic, Persian ...), else "ltr"."""
    try:
        return Locale.parse(code).text_direction
    except (ValueError, UnknownLocaleError):
        return "ltr"


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
    """The page's path in a language; a language added without its own path uses the first one's."""
    paths = LOCALIZED_PATHS[endpoint]
    return f"/{lang}{paths.get(lang) or paths[LANGUAGES[0]]}"


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
        url = None
        if request.endpoint and request.url_rule and "lang" in request.url_rule.arguments:
            try:
                url = url_for(request.endpoint, **(request.view_args or {}), lang=lang)
            except BuildError:  # this page has no address in that language (yet): its home page
                url = None
            if url and request.query_string:
                url += "?" + request.query_string.decode("latin-1")
        url = url or url_for("pages.home", lang=lang)
        links.append({"lang": lang, "name": language_name(lang), "dir": text_direction(lang), "url": url})
    return links


def root_redirect() -> Response:
    response = redirect(url_for("pages.home", lang=best_language()))
    response.headers["Vary"] = "Accept-Language"
    return response


def init_app(app: Flask) -> None:
    # Before any blueprint is registered: their rules start with LANG_PREFIX.
    app.url_map.converters["language"] = language_converter(app.config["LANGUAGES"])
    Babel(app, locale_selector=current_language)
    app.url_value_preprocessor(pull_language)
    app.url_defaults(push_language)
    app.add_url_rule("/", "root", root_redirect)
    app.context_processor(
        lambda: {
            "lang": current_language(),
            "text_direction": text_direction(current_language()),
            "other_languages": other_languages(),
        }
    )
