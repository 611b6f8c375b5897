"""The holes a hostile sweep found (issue 10), each reproduced through the app's front door.

The same requests against the real server are in test_hostile.py.
"""

from __future__ import annotations

import base64
import logging
import time

import pytest

from hulpwijzer.recording.bots import BOTS, MAX_AGENT_LENGTH
from hulpwijzer.serving.security import SECURITY_HEADERS, relative_location
from tests.support.counts import BROWSER, totals

UNUSABLE_HOSTS = ["a..b", "x" * 64 + ".nl", "a b", "[::1", "host:99x", "bücher.nl", "a" * 300, ".", "-x.nl"]


def assert_secure(response) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, name
    assert "Set-Cookie" not in response.headers


def test_a_64_kb_user_agent_is_checked_in_milliseconds():
    # Before: crawlerdetect on 8,000 characters took 7 s (super-linear); now it sees 512 at most.
    started = time.perf_counter()
    BOTS.is_bot("a" * 65_536)
    BOTS.is_bot("Mozilla/5.0 " + "1" * 65_536)
    assert time.perf_counter() - started < 0.5
    assert BOTS.is_bot("x" * (MAX_AGENT_LENGTH - 20) + " Googlebot/2.1") is True


def test_a_long_user_agent_on_the_survey_post_costs_no_time(visitor):
    started = time.perf_counter()
    response = visitor.post(
        "/nl/advies/vragen", data={"topic": "sextortion"}, headers={"User-Agent": "a" * 65_536}
    )
    assert response.status_code == 200
    assert time.perf_counter() - started < 0.5


def test_an_unusable_host_header_gets_a_400_page_with_every_security_header(make_app, caplog):
    client = make_app(PAGE_CACHE=True).test_client()
    client.get("/nl/privacy?x=SECRET")  # in the page cache now: a bad Host must still get its 400
    for host in UNUSABLE_HOSTS:
        with caplog.at_level(logging.INFO):
            response = client.get("/nl/privacy?x=SECRET", headers={"Host": host})
        assert response.status_code == 400, host
        assert_secure(response)
        html = response.get_data(as_text=True)
        assert 'href="tel:' in html and 'lang="nl"' in html
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_usable_hosts_are_served(client):
    for host in (
        "example.nl",
        "www.stopitnow.nl:443",
        "127.0.0.1:5000",
        "[::1]:8000",
        "localhost",
        "xn--bcher-kva.nl",
    ):
        assert client.get("/nl/", headers={"Host": host}).status_code == 200, host


@pytest.mark.parametrize("host", ["example.org", "evil.example:8080"])
def test_redirects_are_relative_whatever_the_host_says(client, host):
    response = client.get("/nl/advies", headers={"Host": host})  # werkzeug's redirect to add the slash
    assert response.status_code == 308
    assert response.headers["Location"] == "/nl/advies/"
    assert client.get("/en/stoppen/", headers={"Host": host}).headers["Location"] == "/en/stopping/"
    assert client.get("/", headers={"Host": host}).headers["Location"] == "/nl/"


def test_a_location_never_leaves_the_site():
    assert relative_location("http://x.nl/nl/stoppen/?voortgang=ABC#m") == "/nl/stoppen/?voortgang=ABC#m"
    assert relative_location("https://x.nl//evil.example/a") == "/evil.example/a"
    assert relative_location("//evil.example/a") == "/a"
    assert relative_location("http://x.nl/\\evil.example/a") == "/evil.example/a"
    assert relative_location("http://x.nl/\\/\\evil.example/") == "/evil.example/"
    assert relative_location("/nl/") == "/nl/"
    assert relative_location("/\\evil.example/") == "/evil.example/"


def test_pages_carry_hsts_corp_and_a_policy_that_starts_from_nothing(client):
    response = client.get("/nl/")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=63072000")
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_script_name_does_not_poison_the_page_cache(make_app):
    client = make_app(PAGE_CACHE=True).test_client()
    client.get("/nl/", environ_base={"SCRIPT_NAME": "/nl"})
    html = client.get("/nl/").get_data(as_text=True)
    assert 'href="/nl/nl/' not in html and "/nl/static/" not in html
    assert 'href="/static/' in html or 'src="/static/' in html


def test_an_unexpected_error_is_a_logged_500_without_traceback_or_query(make_app, caplog):
    app = make_app()

    def broken():
        raise KeyError("SECRET-VALUE")

    app.add_url_rule("/nl/broken", "broken", broken)
    with caplog.at_level(logging.INFO):
        response = app.test_client().get("/nl/broken?voortgang=SECRET-CODE")
    assert response.status_code == 500
    assert_secure(response)
    lines = [r.getMessage() for r in caplog.records]
    assert any("unexpected KeyError in tests/test_serving_holes.py:" in line for line in lines), lines
    assert all("GET /nl/broken" in line for line in lines if "unexpected" in line)
    text = "\n".join(lines) + "".join(str(r.exc_info) for r in caplog.records)
    assert "SECRET" not in text and "Traceback" not in text and "None" in str(caplog.records[0].exc_info)


def test_a_malformed_form_body_is_a_400(client):
    response = client.post(
        "/nl/advies/vragen",
        data=b"--zz\r\nContent-Disposition: form-data; name=topic\r\n\r\nsext",
        content_type="multipart/form-data; boundary=zz",
    )
    assert response.status_code == 400


@pytest.fixture
def dashboard(make_app):
    app = make_app(STATS_USER="staff", STATS_PASSWORD="right horse battery")
    return app, app.test_client()


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


STAFF = basic("staff", "right horse battery")


@pytest.mark.parametrize("query", ["endpoint=x", "_method=POST", "_external=1", "_scheme=https", "_anchor=x"])
def test_dashboard_links_are_built_only_from_the_period(dashboard, query):
    _, client = dashboard
    response = client.get(f"/nl/beheer/?year=2026&{query}", headers={**STAFF, "Host": "evil.example"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "evil.example" not in html and 'href="http' not in html.split("<main", 1)[1].split("</main>")[0]


@pytest.mark.parametrize(
    "headers",
    [{"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}, {"Origin": "http://localhost:1"}],
)
def test_cross_site_posts_are_refused_and_not_counted(counting_app, visitor, headers):
    survey = visitor.post("/nl/advies/vragen", data={"topic": "sextortion", "age": "12-18"}, headers=headers)
    done = visitor.post("/nl/stoppen/6/klaar", headers=headers)
    assert survey.status_code == done.status_code == 403
    assert_secure(survey)
    found = totals(counting_app)
    assert not [key for key in found if key[0].startswith("survey") or key[0] == "module.done"]


@pytest.mark.parametrize(
    "headers",
    [{"Sec-Fetch-Site": "same-origin"}, {"Origin": "null"}, {"Origin": "http://localhost"}, {}],
)
def test_the_sites_own_posts_are_accepted(counting_app, visitor, headers):
    headers = {"User-Agent": BROWSER, **headers}
    assert visitor.post("/nl/stoppen/6/klaar", headers=headers).status_code == 303
    assert totals(counting_app)[("module.done", "stoppen-6")] == 1


@pytest.mark.parametrize("path", ["/nl/%0aX", "/nl/%0d%0aSet-Cookie:%20a=b", "/nl/%00", "/nl/caf%C3%A9 x"])
def test_a_campaign_tag_on_a_malformed_address_is_redirected_safely(client, path):
    response = client.get(f"{path}?bron=nieuwsbrief&x=1")
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location.isascii() and location.isprintable() and " " not in location
    assert "bron" not in location and location.endswith("?x=1")
    assert "set-cookie" not in {name.lower() for name in response.headers.keys()}
