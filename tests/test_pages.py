"""Language in the URL, the base layout on every page, and friendly errors."""

import pytest


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("nl-NL,nl;q=0.9", "/nl/"),
        ("en-GB,en;q=0.8", "/en/"),
        ("de-DE", "/nl/"),
        (None, "/nl/"),
        ("fr;q=0.9, en;q=0.5, nl;q=0.4", "/en/"),
    ],
)
def test_root_redirects_to_best_language(client, accept, expected):
    headers = {"Accept-Language": accept} if accept else {}
    response = client.get("/", headers=headers)
    assert response.status_code == 302
    assert response.headers["Location"] == expected
    assert "Accept-Language" in response.headers["Vary"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_home_has_lang_and_links_to_other_language(client, lang):
    html = client.get(f"/{lang}/").get_data(as_text=True)
    other = "en" if lang == "nl" else "nl"
    assert f'<html lang="{lang}" dir="ltr">' in html
    assert f'href="/{other}/" hreflang="{other}"' in html


def test_language_switch_keeps_page_and_query(client):
    html = client.get("/nl/privacy?x=1").get_data(as_text=True)
    assert 'href="/en/privacy?x=1"' in html


def test_every_page_has_layout_essentials(crawled):
    html_pages = {url: r for url, r in crawled.items() if r.mimetype == "text/html" and r.status_code == 200}
    assert len(html_pages) >= 6
    for url, response in html_pages.items():
        html = response.get_data(as_text=True)
        assert 'class="skip-link" href="#main"' in html, url
        assert '<main id="main"' in html, url
        assert "data-quick-exit" in html, url
        assert 'class="help"' in html and 'href="tel:' in html, f"{url} has no route to human help"


@pytest.mark.parametrize(
    ("url", "text"), [("/nl/bestaat-niet", "Pagina niet gevonden"), ("/en/does-not-exist", "Page not found")]
)
def test_404_in_visitors_language_with_help(client, url, text):
    response = client.get(url)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert text in html and 'href="tel:' in html


def test_unknown_language_is_404_in_accepted_language(client):
    response = client.get("/de/", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_huge_query_string_is_refused_clearly(client):
    response = client.get("/nl/?q=" + "x" * 10_000)
    assert response.status_code == 414
    assert "Dit verzoek konden we niet gebruiken" in response.get_data(as_text=True)


def test_unexpected_error_is_a_friendly_500(make_app):
    app = make_app(TESTING=False)

    @app.get("/nl/kapot")
    def broken():
        raise RuntimeError("boom")

    response = app.test_client().get("/nl/kapot")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Er ging iets mis" in html and 'href="tel:' in html


def test_one_programme_alone_has_no_trace_of_the_other(make_app):
    app = make_app(TESTING=False, PROGRAMMES=("course",))
    html = app.test_client().get("/nl/").get_data(as_text=True)
    assert "Stop it Now!" in html
    assert "Helpwanted" not in html and "/advies/" not in html
