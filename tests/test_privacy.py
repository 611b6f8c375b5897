"""The privacy page's promises that a test client can check (the browser checks the rest)."""

from hulpwijzer.serving.security import SECURITY_HEADERS


def test_crawl_reaches_every_kind_of_page(crawled):
    urls = set(crawled)
    assert {"/nl/", "/en/", "/nl/privacy", "/en/privacy", "/nl/veilig-weg", "/en/veilig-weg"} <= urls


def test_no_response_sets_a_cookie(crawled, client):
    error_pages = [client.get(u) for u in ("/", "/nl/nope", "/xx/", "/nl/?" + "a=1&" * 2000)]
    for response in [*crawled.values(), *error_pages]:
        assert "Set-Cookie" not in response.headers
    assert all(r.status_code < 500 for r in crawled.values())


def test_security_headers_on_every_response(crawled, client, app):
    responses = [
        *crawled.values(),
        client.get("/nl/nope"),
        client.get("/static/" + app.extensions["hulpwijzer.serving.assets"]["css/site.css"]),
    ]
    for response in responses:
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value


def test_policy_is_strict():
    policy = SECURITY_HEADERS["Content-Security-Policy"]
    for directive in (
        "default-src 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert SECURITY_HEADERS["Referrer-Policy"] == "no-referrer"
    assert SECURITY_HEADERS["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in SECURITY_HEADERS["Permissions-Policy"]
    assert SECURITY_HEADERS["Cross-Origin-Resource-Policy"] == "same-origin"
    assert SECURITY_HEADERS["Strict-Transport-Security"].startswith("max-age=")


def test_pages_use_nothing_from_other_hosts(crawled):
    import re

    for url, response in crawled.items():
        if response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        for attribute in re.findall(r'(?:src|href)="(https?://[^"]+)"', html):
            tag_context = html[: html.index(attribute)].rsplit("<", 1)[-1]
            assert tag_context.startswith("a "), f"{url} loads {attribute} from another host"


def test_session_cannot_be_written(app):
    with app.test_request_context("/nl/"):
        from flask import session

        assert session.__class__.__name__ == "NullSession"
