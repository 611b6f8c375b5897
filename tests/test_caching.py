"""Caching: fingerprinted static files for a year, pages never stored, rendered pages reused."""

import re

from hulpwijzer import create_app
from hulpwijzer.pagecache import PageCache


def test_static_files_are_fingerprinted_and_immutable(client):
    html = client.get("/nl/").get_data(as_text=True)
    assets = re.findall(r'(/static/[^"]+)"', html)
    assert any(re.search(r"/css/site\.[0-9a-f]{10}\.css$", a) for a in assets)
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


def test_rendered_page_is_reused_and_equal():
    app = create_app({"TESTING": True})
    cache = app.extensions["hulpwijzer.pagecache"]
    client = app.test_client()
    first = client.get("/en/privacy").data
    assert len(cache) == 1
    assert client.get("/en/privacy").data == first
    assert len(cache) == 1
    client.get("/en/privacy?x=1")
    assert len(cache) == 2


def test_page_cache_is_bounded_and_keeps_recent_pages():
    cache = PageCache(max_entries=2)
    cache.put("a", "A")
    cache.put("b", "B")
    assert cache.get("a") == "A"
    cache.put("c", "C")
    assert cache.get("b") is None and cache.get("a") == "A" and cache.get("c") == "C"
