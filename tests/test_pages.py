"""Language in the URL, the base layout on every page, and friendly errors."""

import re

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
    assert f'<html lang="{lang}">' in html
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
    response = app.test_client().get("/nl/", follow_redirects=True)
    html = response.get_data(as_text=True)
    # Stop it Now! has several courses, so its front page is the home page in its own face, listing them.
    assert response.request.path == "/nl/" and '<body class="face-course">' in html
    assert 'href="/nl/stoppen/"' in html and 'href="/nl/naasten/"' in html
    assert "Stop it Now!" in html
    assert "Helpwanted" not in html and "/advies/" not in html


def test_the_advice_module_alone_opens_on_its_own_front_page(make_app):
    client = make_app(PROGRAMMES=("advice",)).test_client()
    for start in ("/", "/nl/"):
        response = client.get(start, headers={"Accept-Language": "nl"}, follow_redirects=True)
        assert response.status_code == 200 and response.request.path == "/nl/advies/"
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.data == client.get(f"/static/{icon_name(client, 'advice')}").data


def icon_name(client, face: str) -> str:
    return client.application.extensions["hulpwijzer.serving.assets"][f"icons/{face}.svg"]


def test_each_programme_shows_its_own_name_colour_and_help_first(client):
    for url, face, name in [
        ("/nl/advies/", "advice", "Helpwanted"),
        ("/en/advies/vraag", "advice", "Helpwanted"),
        ("/nl/stoppen/", "course", "Stop it Now!"),
        ("/en/", "foundation", "Offlimits"),
        ("/nl/privacy", "foundation", "Offlimits"),
    ]:
        html = client.get(url, follow_redirects=True).get_data(as_text=True)
        assert f'<body class="face-{face}">' in html, url
        assert 'class="site-name" href="' in html and f">{name}</a>" in html, url
        assert f"/static/icons/{face}." in html, url
        if face != "foundation":
            first_help = html.split('class="help-programme help-', 1)[1]
            assert first_help.startswith(face), url


def test_home_introduces_the_foundation_and_puts_the_advice_first(client):
    for lang, foundation in [("nl", "Offlimits (voorheen EOKM)"), ("en", "Offlimits (formerly EOKM)")]:
        html = client.get(f"/{lang}/").get_data(as_text=True)
        assert foundation in html
        advice, course = html.index('id="route-advice"'), html.index('id="route-course"')
        assert advice < course
        # The advice is the one call to action; the course is a plain link further down.
        assert html.count('class="button') == 1 and "button" not in html[course:].split("</section>")[0]


def test_favicon_is_answered_and_fingerprinted(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    html = client.get("/nl/").get_data(as_text=True)
    icon = re.search(r'<link rel="icon" href="(/static/icons/foundation\.[0-9a-f]{10}\.svg)"', html).group(1)
    cached = client.get(icon)
    assert cached.status_code == 200 and "immutable" in cached.headers["Cache-Control"]
    assert len(cached.data) < 1024


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/en/advies/", "/en/advice/"),
        ("/en/advies/vraag?p=zelf&a=onder-18", "/en/advice/question?p=zelf&a=onder-18"),
        ("/en/advies/volgende?p=zelf&a=onder-18", "/en/advice/next?p=zelf&a=onder-18"),
        (
            "/en/advies/uitkomst?p=zelf.onder-18.ongewenst.gezien",
            "/en/advice/result?p=zelf.onder-18.ongewenst.gezien",
        ),
        (
            "/en/advies/vragen?p=zelf.onder-18.ongewenst.gezien",
            "/en/advice/questions?p=zelf.onder-18.ongewenst.gezien",
        ),
        ("/nl/advice/question?p=zelf", "/nl/advies/vraag?p=zelf"),
    ],
)
def test_advice_urls_are_in_the_pages_language_and_old_links_move_permanently(client, old, new):
    response = client.get(old)
    assert response.status_code == 301 and response.headers["Location"] == new
    assert client.get(new).status_code in (200, 303)


def test_a_survey_posted_to_the_old_english_address_stays_a_post(client):
    response = client.post("/en/advies/vragen", data={"topic": "grooming"})
    assert response.status_code == 308 and response.headers["Location"] == "/en/advice/questions"
