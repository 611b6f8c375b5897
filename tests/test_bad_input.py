"""Odd input on every route and parameter: never a 5xx, never a cookie, a 4xx page in the right language."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.crawl import page_types
from tests.support.hostile import VALUES as BAD_VALUES


@pytest.fixture(scope="session")
def type_urls(app, crawled) -> list[str]:
    """One crawled URL per page type and language (crawled once per session, not at import)."""
    return sorted(page_types(app, crawled).values())


@pytest.fixture(scope="session")
def parameters(crawled) -> list[str]:
    """Every query parameter the crawl met."""
    return sorted({name for url in crawled for name, _ in parse_qsl(urlsplit(url).query)})


def rule_paths(app, lang: str, value: str) -> list[str]:
    """Every route of the app, with each converter filled by ``value``."""
    paths = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = rule.rule.replace("<language:lang>", lang)
        path = re.sub(r"<[^>]+>", quote(value, safe=""), path)
        paths.append(path)
    return paths


def assert_handled(response, lang: str | None) -> None:
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    assert "Set-Cookie" not in response.headers
    if 400 <= response.status_code < 500 and response.mimetype == "text/html" and response.data:
        html = response.get_data(as_text=True)
        if lang:
            assert f'<html lang="{lang}">' in html
        if response.status_code == 401:
            # The staff's login page: for Offlimits' staff, so without the visitors' crisis lines.
            assert "WWW-Authenticate" in response.headers
            return
        assert 'href="tel:' in html, "an error page without the route to help"


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("value", BAD_VALUES)
def test_every_route_survives_bad_path_values(app, client, lang, value):
    for path in rule_paths(app, lang, value):
        for method in ("GET", "POST", "HEAD"):
            assert_handled(client.open(path, method=method), lang if path.startswith(f"/{lang}/") else None)


@pytest.mark.parametrize("value", BAD_VALUES)
def test_every_parameter_survives_bad_values(client, type_urls, parameters, value):
    assert type_urls and parameters
    for url in type_urls:
        lang = urlsplit(url).path.split("/")[1]
        path = urlsplit(url).path
        for name in [*parameters, "unknown"]:
            assert_handled(client.get(f"{path}?{urlencode({name: value})}"), lang)
            assert_handled(client.post(path, data={name: value}), lang)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(segment=st.text(min_size=1, max_size=60), query=st.text(max_size=80))
def test_random_text_anywhere(app, client, segment, query):
    for lang in ("nl", "en"):
        for path in rule_paths(app, lang, segment)[:50]:
            assert_handled(client.get(path + "?" + quote(query, safe="=&%+")), None)


def test_absurd_methods_and_bodies(client):
    assert_handled(client.open("/nl/", method="PATCH"), "nl")
    assert_handled(client.post("/en/privacy", data=b"\xff" * 100_000, content_type="text/plain"), "en")
    assert_handled(client.post("/en/privacy", data={"x": "y" * 200_000}), "en")
