"""The dashboard: closed without the right credentials, and figures that match the counts."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.counts import BROWSER

YEAR = date.today().year


def basic(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


RIGHT = basic("jaarverslag", "geheim wachtwoord")


@pytest.fixture
def stats_app(make_app):
    return make_app(STATS_USER="jaarverslag", STATS_PASSWORD="geheim wachtwoord")


def seed(app) -> None:
    """Counts as the counters would have written them this year."""
    tally = app.extensions["hulpwijzer.counting.tally"]
    day, month = f"{YEAR}-03-14", f"{YEAR}-03"
    for key, n in {
        (day, "advice.reached", "a1"): 30,
        (day, "advice.start", "nl"): 40,
        (day, "advice.topic", "sextortion"): 20,
        (day, "advice.topic", "grooming"): 10,
        (month, "survey.age", "12-18"): 7,
        (month, "survey.age", "5-11"): 2,
        (month, "survey.gender", "girl"): 3,
        (month, "survey.topic_age", "sextortion|12-18"): 6,
        (month, "survey.topic_age", "grooming|12-18"): 1,
        (month, "survey.topic_gender", "sextortion|girl"): 3,
        (day, "visit", "course"): 12,
        # Counted before courses carried their id: read as the original course's (stoppen).
        (day, "course.returning", "course"): 3,
        (day, "module.view", "6"): 9,
        (day, "module.view", "10"): 5,
        # Counted since.
        (day, "course.returning", "stoppen"): 1,
        (day, "module.view", "stoppen-10"): 3,
        (f"{YEAR - 1}-12-31", "visit", "course"): 1000,
        (day, "rejected", "bot"): 5,
    }.items():
        tally.add(key, n)
    assert tally.flush()


@pytest.mark.parametrize(
    "headers",
    [
        {},
        basic("jaarverslag", "fout"),
        basic("iemand", "geheim wachtwoord"),
        {"Authorization": "Bearer geheim wachtwoord"},
        {"Authorization": "Basic !!!"},
    ],
)
def test_401_without_or_with_wrong_credentials(stats_app, headers):
    for url in ("/nl/beheer/", "/en/beheer/export.csv"):
        response = stats_app.test_client().get(url, headers=headers)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Basic ")
        assert "Set-Cookie" not in response.headers
        assert "sextortion" not in response.get_data(as_text=True)


def test_closed_when_credentials_are_unset(make_app):
    app = make_app(TESTING=False, STATS_USER="", STATS_PASSWORD="")
    assert app.test_client().get("/nl/beheer/", headers=basic("", "")).status_code == 401


def test_200_with_the_right_credentials(stats_app):
    seed(stats_app)
    response = stats_app.test_client().get("/nl/beheer/", headers=RIGHT)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]
    html = response.get_data(as_text=True)
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "<svg" in html and "<script>" not in html and "style=" not in html
    assert "<td>Dreigen met naaktbeelden (afpersing, sextortion)</td><td>20</td><td>66.7%</td>" in html
    assert "eerlijke benadering" in html  # returning visitors labelled as a proxy
    assert "<td>Stoppen is Mogelijk – Module 6: Fantasieën</td><td>9</td>" in html
    assert re.search(r"<td>Stoppen is Mogelijk – Module 10: [^<]+</td><td>8</td>", html)
    assert "<td>Zelfhulpcursus</td><td>12</td>" in html
    assert "<td>Robot (crawlerdetect)</td><td>5</td>" in html
    assert f"{YEAR}-03-14: 12</title>" in html  # course visits per day, drawn as a chart


def test_small_answer_cells_show_as_less_than_five(stats_app):
    seed(stats_app)
    html = stats_app.test_client().get("/en/beheer/", headers=RIGHT).get_data(as_text=True)
    assert "<td>12 to 18</td><td>7</td>" in html
    assert "<td>5 to 11</td><td>&lt;5</td>" in html
    assert "<td>Girl or woman</td><td>&lt;5</td>" in html
    assert (
        "<td>2</td>" not in html and ">3<" not in html.split("Voluntary questions")[1].split("Self-help")[0]
    )


def test_period_choice_and_bad_periods(stats_app):
    seed(stats_app)
    client = stats_app.test_client()
    last_year = client.get(f"/en/beheer/?year={YEAR - 1}", headers=RIGHT).get_data(as_text=True)
    assert "1000" in last_year and "(sextortion)</td>" not in last_year
    march = client.get(f"/en/beheer/?from={YEAR}-03-01&to={YEAR}-03-31", headers=RIGHT)
    assert (
        march.status_code == 200
        and "<td>Threats to share nude images (sextortion)</td><td>20</td>" in march.get_data(as_text=True)
    )
    for query in (
        "year=abc",
        "year=99999",
        f"from={YEAR}-03-31&to={YEAR}-03-01",
        "from=2001-01-01&to=2020-01-01",
    ):
        response = client.get(f"/nl/beheer/?{query}", headers=RIGHT)
        assert response.status_code == 400, query
        assert "Kies een jaar" in response.get_data(as_text=True)


def test_csv_download_has_the_same_figures_and_suppression(stats_app):
    seed(stats_app)
    response = stats_app.test_client().get(f"/nl/beheer/export.csv?year={YEAR}", headers=RIGHT)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = {
        (r["figure"], r["item"]): r["value"]
        for r in csv.DictReader(io.StringIO(response.get_data(as_text=True)))
    }
    assert rows[("advice requests", "")] == "30"
    assert rows[("advice topic", "sextortion")] == "20"
    assert rows[("answer: age", "12-18")] == "7"
    assert rows[("answer: age", "5-11")] == "<5"
    assert rows[("topic x age band", "grooming|12-18")] == "<5"
    assert rows[("topic x age band", "sextortion|12-18")] == "6"
    assert rows[("topic x gender", "sextortion|girl")] == "<5"
    assert rows[("returning visitors (visits resumed with a progress code)", "")] == "4"
    assert rows[("module views", "stoppen-6")] == "9"
    assert rows[("module views", "stoppen-10")] == "8"
    assert rows[("visits per day", f"{YEAR}-03-14")] == "12"
    assert rows[("course visits per day", f"{YEAR}-03-14")] == "12"
    assert rows[("course visits, average per day", "")] == str(round(12 / (366 if YEAR % 4 == 0 else 365), 1))


def test_store_down_dashboard_says_so_without_a_500(make_app, tmp_path):
    missing = f"sqlite:///{tmp_path}/missing/counts.sqlite3"
    app = make_app(TESTING=False, DATABASE_URL=missing, STATS_USER="a", STATS_PASSWORD="b")
    response = app.test_client().get("/nl/beheer/", headers=basic("a", "b"))
    assert response.status_code == 503
    assert "database" in response.get_data(as_text=True)


def test_the_dashboard_is_not_linked_and_not_counted(stats_app, crawled):
    assert not [url for url in crawled if "beheer" in url]
    client = stats_app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = BROWSER
    client.get("/nl/beheer/", headers=RIGHT)
    client.get("/nl/beheer/")
    tally = stats_app.extensions["hulpwijzer.counting.tally"]
    assert tally.flush()
    assert tally.store.rows("0000", "9999") == []


def test_cli_export_csv_and_json(stats_app):
    seed(stats_app)
    runner = stats_app.test_cli_runner()
    result = runner.invoke(args=["stats", "export", "--format", "csv", "--year", str(YEAR)])
    assert result.exit_code == 0, result.output
    assert "advice topic,sextortion,20" in result.output
    assert "answer: age,5-11,<5" in result.output
    result = runner.invoke(args=["stats", "export", "--format", "json", "--year", str(YEAR)])
    data = json.loads(result.output)
    figures = {(f["figure"], f["item"]): f["value"] for f in data["figures"]}
    assert data["period"] == {"from": f"{YEAR}-01-01", "to": f"{YEAR}-12-31"}
    assert figures[("advice requests", "")] == 30
    assert figures[("answer: gender", "girl")] == "<5"
    previous = runner.invoke(args=["stats", "export", "--format", "json", "--year", str(YEAR - 1)])
    assert {(f["figure"], f["item"]): f["value"] for f in json.loads(previous.output)["figures"]}[
        ("course visits", "")
    ] == 1000


def test_cli_refuses_bad_options_and_reports_a_store_down(stats_app, make_app, tmp_path):
    runner = stats_app.test_cli_runner()
    assert runner.invoke(args=["stats", "export", "--format", "xml"]).exit_code == 2
    assert runner.invoke(args=["stats", "export", "--year", "nineteen"]).exit_code == 2
    assert runner.invoke(args=["stats", "init-db"]).exit_code == 0
    down = make_app(TESTING=False, DATABASE_URL=f"sqlite:///{tmp_path}/missing/c.sqlite3")
    result = down.test_cli_runner().invoke(args=["stats", "export"])
    assert result.exit_code == 1 and "cannot read the SQLite database" in result.output


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dictionaries(
        st.sampled_from(["year", "from", "to", "x"]),
        st.one_of(st.text(max_size=20), st.dates().map(str), st.integers(-5, 5000).map(str)),
        max_size=3,
    )
)
def test_any_period_query_is_shown_or_refused_never_a_500(stats_app, query):
    client = stats_app.test_client()
    for url in ("/en/beheer/", "/en/beheer/export.csv"):
        response = client.get(url, query_string=query, headers=RIGHT)
        assert response.status_code in (200, 400), (url, query)
