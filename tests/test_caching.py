"""Caching: fingerprinted static files for a year, pages never stored, rendered pages reused."""

import re

from flask import g, request

from hulpwijzer import events
from hulpwijzer.content import site_content
from hulpwijzer.serving.replay import render_page


def test_static_files_are_fingerprinted_and_immutable(client):
    html = client.get("/nl/").get_data(as_text=True)
    assets = re.findall(r'(/static/[^"]+)"', html)
    assert any(re.search(r"/css/site-foundation\.[0-9a-f]{10}\.css$", a) for a in assets)
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200
        assert response.cache_control.max_age == 365 * 24 * 3600
        assert response.cache_control.immutable and response.cache_control.public


def test_only_current_fingerprints_are_served(client):
    assert client.get("/static/css/site.css").status_code == 404
    assert client.get("/static/css/site.0123456789.css").status_code == 404
    assert client.get("/static/../wsgi.py").status_code == 404


def test_pages_are_never_stored(crawled):
    for response in crawled.values():
        if response.mimetype == "text/html":
            assert response.headers["Cache-Control"] == "no-store"


def replaying_app(make_app):
    """The real app plus one page that sends an event, to watch the replay."""
    app = make_app(PAGE_CACHE=True)
    calls = []

    @app.get("/<any(nl, en):lang>/test-page")
    def test_page():
        calls.append(request.args.get("x"))
        events.module_viewed.send(app, lang=g.lang, number=3)
        return render_page("page.html", page=site_content().page(g.lang, "privacy"))

    return app, calls


def test_a_page_seen_before_is_served_from_memory_with_its_events(make_app):
    app, calls = replaying_app(make_app)
    seen = []
    replay_cache_of(app).hooks.append(
        lambda environ, entry: seen.append((entry.status, entry.route, entry.events))
    )
    client = app.test_client()
    first = client.get("/en/test-page")
    second = client.get("/en/test-page")
    assert second.data == first.data and second.headers == first.headers
    assert calls == [None]
    sent = [(events.module_viewed, {"lang": "en", "number": 3})]
    assert seen == [("200 OK", "/<any(nl, en):lang>/test-page", sent)] * 2
    client.get("/en/test-page?x=1")
    assert calls == [None, "1"]


def test_only_successful_gets_of_rendered_pages_are_kept(make_app):
    app, calls = replaying_app(make_app)
    client = app.test_client()
    client.get("/nl/bestaat-niet")
    client.head("/nl/test-page")
    client.get("/static/" + app.extensions["hulpwijzer.serving.assets"]["css/site.css"])
    assert len(replay_cache_of(app)) == 0
    client.get("/nl/test-page")
    assert len(replay_cache_of(app)) == 1


def test_cache_is_bounded(make_app):
    app = make_app(PAGE_CACHE=True, PAGE_CACHE_ENTRIES=2)
    client = app.test_client()
    for path in ("/nl/", "/en/", "/nl/privacy", "/en/privacy"):
        client.get(path)
    assert len(replay_cache_of(app)) == 2


def test_cache_can_be_switched_off(make_app):
    app = make_app(PAGE_CACHE=False)
    app.test_client().get("/nl/")
    assert len(replay_cache_of(app)) == 0


def replay_cache_of(app):
    return app.extensions["hulpwijzer.serving.replay"]


def test_every_crawled_page_is_the_same_when_replayed(make_app):
    from tests.support.crawl import crawl_site

    app = make_app(PAGE_CACHE=True)
    first = crawl_site(app.test_client(), ["/nl/", "/en/"])
    assert len(replay_cache_of(app)) > 50
    client = app.test_client()
    for url, response in first.items():
        again = client.get(url)
        assert (again.status_code, again.data) == (response.status_code, response.data), url
        if response.mimetype == "text/html":
            assert again.headers == response.headers, url


def test_each_face_gets_one_minified_stylesheet_with_the_shared_rules(client, app):
    names = app.extensions["hulpwijzer.serving.assets"]
    shared = client.get("/static/" + names["css/site.css"]).data
    assert b"/*" not in shared, "comments are minified away"
    for url, face in [("/nl/", "foundation"), ("/nl/advies/", "advice"), ("/en/stopping/", "course")]:
        html = client.get(url).get_data(as_text=True)
        sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
        assert sheets == ["/static/" + names[f"css/site-{face}.css"]]
        joined = client.get(sheets[0]).data
        assert joined.startswith(shared) and len(joined) > len(shared)
    script = client.get("/static/" + names["js/site.js"])
    assert script.mimetype == "text/javascript" and b"/*" not in script.data
