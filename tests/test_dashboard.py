"""The dashboard: closed without the right credentials, and figures that match the counts."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import zipfile
from datetime import date
from html import unescape

import pytest
from flask_babel import force_locale
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hulpwijzer import create_app
from hulpwijzer.recording.calendar import local_date
from hulpwijzer.reporting.periods import Period
from hulpwijzer.reporting.report import build_report
from tests.support.apps import CHEAP_HASH
from tests.support.counts import BROWSER

YEAR = date.today().year
PAST = YEAR - 2  # a year that has ended and settled (even on 1 January): its topics and answers are published


def basic(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


RIGHT = basic("jaarverslag", "geheim wachtwoord")


@pytest.fixture
def stats_app(tmp_path):
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path}/counts.sqlite3",
            "STATS_USER": "jaarverslag",
            "STATS_PASSWORD": "geheim wachtwoord",
            "STAFF_PASSWORD_HASH": CHEAP_HASH,
        }
    )


def seed(app, year: int = YEAR) -> None:
    """Counts as the counters would have written them in a year (this year unless told)."""
    tally = app.extensions["hulpwijzer.recording.tally"]
    day, month = f"{year}-03-14", f"{year}-03"
    for key, n in {
        (day, "advice.reached", "a1"): 30,
        (day, "advice.start", "nl"): 40,
        (day, "advice.topic", "sextortion"): 20,
        (day, "advice.topic", "grooming"): 10,
        (month, "survey.age", "12-18"): 7,
        (month, "survey.age", "5-11"): 2,
        # As the survey counts them: every age answer also in the cross-table with its topic.
        (month, "survey.topic_age", "sextortion|5-11"): 2,
        (month, "survey.gender", "girl"): 3,
        (month, "survey.topic_age", "sextortion|12-18"): 6,
        (month, "survey.topic_age", "grooming|12-18"): 1,
        (month, "survey.topic_gender", "sextortion|girl"): 3,
        (day, "visit", "course"): 12,
        # Counted before courses carried their id: read as the original course's (stoppen).
        (day, "course.returning", "course"): 3,
        (day, "module.view", "6"): 9,
        (day, "module.view", "10"): 5,
        (day, "module.view", "1"): 20,
        # Counted since.
        (day, "course.returning", "stoppen"): 1,
        (day, "module.view", "stoppen-10"): 3,
        (f"{year - 1}-12-31", "visit", "course"): 1000,
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
    for url in ("/nl/beheer/", "/en/beheer/tabel/age.csv"):
        response = stats_app.test_client().get(url, headers=headers)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Basic ")
        assert "Set-Cookie" not in response.headers
        assert "sextortion" not in response.get_data(as_text=True)


def test_closed_when_credentials_are_unset(tmp_path):
    app = create_app(
        {"DATABASE_URL": f"sqlite:///{tmp_path}/c.sqlite3", "STATS_USER": "", "STATS_PASSWORD": ""}
    )
    assert app.test_client().get("/nl/beheer/", headers=basic("", "")).status_code == 401


def test_200_with_the_right_credentials(stats_app):
    seed(stats_app, PAST)
    response = stats_app.test_client().get(f"/nl/beheer/?period={PAST}", headers=RIGHT)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]
    html = response.get_data(as_text=True)
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "<svg" in html and "<script>" not in html and "style=" not in html
    assert row(html, "Dreigen met naaktbeelden (afpersing, sextortion)") == ["20", "66,7%"]
    assert "eerlijke benadering" in html  # returning visitors labelled as a proxy
    assert row(html, "Module 6: Fantasieën") == ["9", "45,0%", "0"]
    assert row(html, "Module 10: Herkennen en omgaan met gevoelens") == ["8", "40,0%", "0"]
    assert row(html, "Robot (crawlerdetect)") == ["5"]


def row(html: str, label: str) -> list[str]:
    """The cells of the first table row headed by this label."""
    found = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', unescape(html), re.S)
    assert found, label
    return [unescape(c).strip() for c in re.findall(r'<td class="number">(.*?)</td>', found.group(1), re.S)]


def test_key_figures_come_first_with_the_year_before_beside(stats_app):
    seed(stats_app, PAST)
    html = stats_app.test_client().get(f"/en/beheer/?period={PAST}", headers=RIGHT).get_data(as_text=True)
    assert html.index("Key figures") < html.index("Per month") < html.index("Advice module")
    # A year that has ended beside the whole year before it; that year had no counts until 31 December.
    assert row(html, "Advice requests (advice pages shown)") == ["30", "0"]
    assert row(html, "Visits to the courses") == ["12", "1,000"]
    assert row(html, "Returning visits: Stopping is possible") == ["4", "0"]
    assert row(html, "Returning visits: When it is someone you love") == ["0", "0"]


def test_a_running_year_is_compared_with_last_year_up_to_the_same_day(stats_app):
    tally = stats_app.extensions["hulpwijzer.recording.tally"]
    for key, n in {
        ("2025-01-10", "advice.reached", "a1"): 100,
        ("2025-03-14", "advice.reached", "a1"): 7,  # the same day: included
        ("2025-03-15", "advice.reached", "a1"): 50,  # a day later: only in the whole year
        ("2025-11-02", "visit", "course"): 365,
        ("2026-02-01", "advice.reached", "a1"): 40,
        ("2026-02-01", "visit", "course"): 73,
    }.items():
        tally.add(key, n)
    assert tally.flush()
    report = report_for(stats_app, "2026", date(2026, 3, 14), lang="en")
    headings = [c.heading for c in report.key_figures.columns[1:]]
    assert headings == ["2026, up to 14 Mar", "2025, up to 14 Mar", "2025, the whole period"]
    key = {r.key: r.values for r in report.key_figures.rows}
    assert key["advice-requests"] == [40, 107, 157]
    assert key["course-visits"] == [73, 0, 365]
    assert key["course-visits-per-day"] == [pytest.approx(73 / 73), 0.0, pytest.approx(1.0)]
    # Before counting began there is nothing to compare with: "–", not 0.
    early = report_for(stats_app, "2025", date(2025, 3, 14), lang="en")
    assert {r.key: r.values for r in early.key_figures.rows}["advice-requests"] == [107, "–", "–"]
    assert [r.values[1] for r in early.monthly.rows] == ["–", "–", "–"]
    # An ended period: the whole of it beside the whole of the same period a year earlier.
    ended = report_for(stats_app, "2026-Q1", date(2026, 6, 1), lang="en")
    assert [c.heading for c in ended.key_figures.columns[1:]] == ["Q1 2026", "Q1 2025"]
    assert {r.key: r.values for r in ended.key_figures.rows}["advice-requests"] == [40, 157]


def test_staff_pages_have_no_quick_exit_or_help_block(stats_app):
    client = stats_app.test_client()
    for url in (f"/nl/beheer/?period={YEAR}", "/nl/beheer/?period=x", "/nl/beheer/tabel/x.csv"):
        html = client.get(url, headers=RIGHT).get_data(as_text=True)
        assert "quick-exit" not in html and 'class="help"' not in html, url
    # Without credentials: the staff's own 401 page, asking to log in, without the visitors' crisis lines.
    refused = client.get("/nl/beheer/")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 401 and "WWW-Authenticate" in refused.headers
    assert "quick-exit" not in html and 'class="help"' not in html and 'href="tel:' not in html
    assert "Log in met de naam en het wachtwoord" in html and "Inloggen om de cijfers te zien" in html


def report_for(app, period: str, today: date, lang: str = "nl"):
    with app.test_request_context(f"/{lang}/beheer/"), force_locale(lang):
        return build_report(app.extensions["hulpwijzer.recording.tally"].store, Period.parse(period), today)


def test_the_average_per_day_divides_by_the_days_that_have_begun(stats_app):
    seed(stats_app)
    key = {r.key: r.values for r in report_for(stats_app, str(YEAR), date(YEAR, 3, 14)).key_figures.rows}
    # 1 January to 14 March: 31 + 28/29 + 14 days, today included.
    days = 31 + (29 if YEAR % 4 == 0 else 28) + 14
    assert key["course-visits-per-day"][0] == pytest.approx(12 / days)
    assert key["course-visits-per-day"][1] == "–"  # last year's counts began on 31 December
    assert key["course-visits-per-day"][2] == pytest.approx(1000 / (366 if (YEAR - 1) % 4 == 0 else 365))
    future = report_for(stats_app, f"{YEAR}-Q4", date(YEAR, 3, 14))
    assert {r.key: r.values for r in future.key_figures.rows}["course-visits-per-day"][0] == "–"
    assert future.daily_visits == [] and future.monthly.rows[-1].key == f"{YEAR}-03"


def test_no_rows_for_days_or_months_that_have_not_happened(stats_app):
    seed(stats_app)
    report = report_for(stats_app, str(YEAR), date(YEAR, 3, 14))
    assert [r.key for r in report.monthly.rows] == [f"{YEAR}-01", f"{YEAR}-02", f"{YEAR}-03"]
    assert report.daily_visits[-1] == (date(YEAR, 3, 14), 12)
    assert len(report.daily_visits) == report.days


def test_dutch_and_english_number_and_date_formats(stats_app):
    tally = stats_app.extensions["hulpwijzer.recording.tally"]
    tally.add((f"{PAST}-03-02", "advice.reached", "a1"), 5881)
    tally.add((f"{PAST}-03-02", "advice.topic", "sextortion"), 2594)
    tally.add((f"{PAST}-03-02", "advice.topic", "grooming"), 3287)
    tally.add((f"{PAST}-03-02", "visit", "course"), 11724)
    assert tally.flush()
    client = stats_app.test_client()
    dutch = client.get(f"/nl/beheer/?period={PAST}", headers=RIGHT).get_data(as_text=True)
    assert row(dutch, "Adviesaanvragen (adviespagina's getoond)")[0] == "5.881"
    # Topics are rounded to 5: 2,594 is published as 2,595.
    assert row(dutch, "Dreigen met naaktbeelden (afpersing, sextortion)") == ["2.595", "44,1%"]
    days = 366 if PAST % 4 == 0 else 365
    assert row(dutch, "Cursusbezoeken, gemiddeld per dag")[0] == f"{11724 / days:.1f}".replace(".", ",")
    assert row(dutch, "maart")[0] == "5.881" and "1 januari" in dutch
    english = client.get(f"/en/beheer/?period={PAST}-Q1", headers=RIGHT).get_data(as_text=True)
    assert row(english, "Threats to share nude images (sextortion)") == ["2,595", "44.1%"]
    assert row(english, "March")[0] == "5,881" and "Q1 " in english


def test_the_module_funnel_runs_from_1_to_17(stats_app):
    seed(stats_app)
    html = stats_app.test_client().get(f"/en/beheer/?period={YEAR}", headers=RIGHT).get_data(as_text=True)
    funnel = html.split('id="table-modules-stoppen"', 1)[1].split("</table>", 1)[0]
    numbers = [int(n) for n in re.findall(r'<th scope="row">Module (\d+):', funnel)]
    assert numbers == list(range(1, 18))
    assert row(funnel, "Module 1: Understanding why") == ["20", "100.0%", "0"]


def test_charts_scale_with_the_page_and_have_text(stats_app):
    seed(stats_app)
    html = stats_app.test_client().get(f"/en/beheer/?period={YEAR}", headers=RIGHT).get_data(as_text=True)
    svgs = re.findall(r"<svg[^>]*>", html)
    assert svgs and not [s for s in svgs if " width=" in s or " height=" in s]
    assert '<svg viewBox="0 0 400 180" role="img" aria-labelledby="visits-title visits-desc">' in html
    assert 'class="axis-label"' in html and "<desc" in html
    assert f"{YEAR}-03-14: 12</title>" in html


def test_period_choice_and_bad_periods(stats_app):
    seed(stats_app)
    client = stats_app.test_client()
    last_year = client.get(f"/en/beheer/?year={YEAR - 1}", headers=RIGHT).get_data(as_text=True)
    assert row(last_year, "Visits to the courses") == ["1,000", "–"]  # no counts the year before
    march = client.get(f"/en/beheer/?period={YEAR}-Q1", headers=RIGHT)
    assert march.status_code == 200
    assert row(march.get_data(as_text=True), "Threats to share nude images (sextortion)") == ["20", "66.7%"]
    for query in ("year=abc", "year=99999", f"from={YEAR}-03-31&to={YEAR}-03-01", "period=2026-13"):
        response = client.get(f"/nl/beheer/?{query}", headers=RIGHT)
        assert response.status_code == 400, query
        assert "Kies een heel jaar" in response.get_data(as_text=True)


def test_one_csv_per_table_with_bom_and_semicolons_in_dutch(stats_app):
    seed(stats_app, PAST)
    client = stats_app.test_client()
    response = client.get(f"/nl/beheer/tabel/topic.csv?period={PAST}", headers=RIGHT)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="onderwerpen-{PAST}.csv"'
    assert response.data.startswith(b"\xef\xbb\xbf")
    lines = response.data.decode("utf-8-sig").splitlines()
    assert lines[0] == "Onderwerp;Aantal;Aandeel van de adviesaanvragen (%)"
    assert "Dreigen met naaktbeelden (afpersing, sextortion);20;66,7" in lines
    english = client.get(f"/en/beheer/tabel/topic.csv?period={PAST}", headers=RIGHT)
    assert english.headers["Content-Disposition"] == f'attachment; filename="topic-{PAST}.csv"'
    assert (
        "Threats to share nude images (sextortion),20,66.7" in english.data.decode("utf-8-sig").splitlines()
    )
    months = client.get(f"/nl/beheer/tabel/months.csv?period={YEAR}", headers=RIGHT).data.decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(months), delimiter=";"))
    assert header[:3] == ["Maand", f"Adviesaanvragen {YEAR}", f"Adviesaanvragen {YEAR - 1}"]
    assert len(rows) == local_date().month  # no rows for months still to come
    assert client.get(f"/nl/beheer/tabel/nope.csv?period={YEAR}", headers=RIGHT).status_code == 404
    # A running year publishes no topics yet: they would change under the eyes of anyone adding answers.
    assert client.get(f"/nl/beheer/tabel/topic.csv?period={YEAR}", headers=RIGHT).status_code == 404


def test_all_tables_as_one_zip_with_dutch_names(stats_app):
    seed(stats_app, PAST)
    response = stats_app.test_client().get(f"/nl/beheer/tabellen.zip?period={PAST}", headers=RIGHT)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == f'attachment; filename="offlimits-cijfers-{PAST}.zip"'
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        names = archive.namelist()
        assert f"onderwerpen-{PAST}.csv" in names and f"onderwerp-leeftijd-{PAST}.csv" in names
        assert f"kerncijfers-{PAST}.csv" in names and f"modules-stoppen-{PAST}.csv" in names
        assert archive.read(f"leeftijd-{PAST}.csv").startswith(b"\xef\xbb\xbf")
    english = stats_app.test_client().get(f"/en/beheer/tabellen.zip?period={PAST}", headers=RIGHT)
    with zipfile.ZipFile(io.BytesIO(english.data)) as archive:
        assert f"topic-{PAST}.csv" in archive.namelist()


def test_store_down_dashboard_says_so_without_a_500(tmp_path):
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path}/missing/counts.sqlite3",
            "STATS_USER": "a",
            "STATS_PASSWORD": "b",
        }
    )
    response = app.test_client().get("/nl/beheer/", headers=basic("a", "b"))
    assert response.status_code == 503
    assert "database" in response.get_data(as_text=True)


def test_the_dashboard_is_not_linked_and_not_counted(stats_app, crawled):
    assert not [url for url in crawled if "beheer" in url]
    client = stats_app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = BROWSER
    client.get("/nl/beheer/", headers=RIGHT)
    client.get("/nl/beheer/")
    tally = stats_app.extensions["hulpwijzer.recording.tally"]
    assert tally.flush()
    assert tally.store.rows("0000", "9999") == []


def test_cli_export_writes_the_same_tables(stats_app, tmp_path):
    seed(stats_app, PAST)
    runner = stats_app.test_cli_runner()
    folder = tmp_path / "tables"
    result = runner.invoke(args=["stats", "export", "--year", str(PAST), "--output", str(folder)])
    assert result.exit_code == 0, result.output
    download = stats_app.test_client().get(f"/nl/beheer/tabel/topic.csv?period={PAST}", headers=RIGHT)
    assert (folder / f"onderwerpen-{PAST}.csv").read_bytes() == download.data
    result = runner.invoke(
        args=["stats", "export", "--format", "json", "--period", f"{PAST}-Q1", "--lang", "en"]
    )
    data = json.loads(result.output)
    assert data["period"] == {"key": f"{PAST}-Q1", "from": f"{PAST}-01-01", "to": f"{PAST}-03-31"}
    tables = {t["key"]: t for t in data["tables"]}
    assert tables["topic"]["file"] == f"topic-{PAST}-Q1.csv"
    topics = {r["key"]: r["values"] for r in tables["topic"]["rows"]}
    assert topics["sextortion"] == [20, pytest.approx(2 / 3)]
    assert {r["key"]: r["values"] for r in tables["topic-age"]["rows"]}["grooming"][1] == "×"
    previous = json.loads(
        runner.invoke(args=["stats", "export", "--format", "json", "--year", str(PAST - 1)]).output
    )
    key = {r["key"]: r["values"] for r in previous["tables"][0]["rows"]}
    assert key["course-visits"][0] == 1000
    assert runner.invoke(args=["stats", "export", "--year", str(YEAR)]).exit_code == 2  # csv needs --output
    running = runner.invoke(args=["stats", "export", "--format", "json", "--period", f"{YEAR + 1}"])
    assert running.exit_code == 0 and "has not ended" in running.stderr
    assert not [t for t in json.loads(running.stdout)["tables"] if t["key"] == "topic"]


def test_cli_refuses_bad_options_and_reports_a_store_down(stats_app, tmp_path):
    runner = stats_app.test_cli_runner()
    assert runner.invoke(args=["stats", "export", "--format", "xml"]).exit_code == 2
    assert runner.invoke(args=["stats", "export", "--year", "nineteen"]).exit_code == 2
    assert runner.invoke(args=["stats", "export", "--period", "2026-10-19"]).exit_code == 2
    assert runner.invoke(args=["stats", "init-db"]).exit_code == 0
    down = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/missing/c.sqlite3"})
    result = down.test_cli_runner().invoke(args=["stats", "export", "--format", "json"])
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
    for url in ("/en/beheer/", "/en/beheer/tabel/age.csv", "/nl/beheer/tabellen.zip"):
        response = client.get(url, query_string=query, headers=RIGHT)
        # The age table of a period that has not ended is not published: 404.
        expected = (200, 400, 404) if url.endswith("age.csv") else (200, 400)
        assert response.status_code in expected, (url, query)


def test_the_funnel_covers_every_course_the_content_defines(stats_app):
    """Every course gets its own funnel, module 1 → its last module."""
    tally = stats_app.extensions["hulpwijzer.recording.tally"]
    tally.add((f"{YEAR}-01-05", "module.view", "naasten-1"), 10)
    tally.add((f"{YEAR}-01-05", "module.view", "naasten-3"), 6)
    tally.add((f"{YEAR}-01-05", "module.done", "naasten-3"), 2)
    assert tally.flush()
    report = report_for(stats_app, str(YEAR), date(YEAR, 12, 31))
    funnels = {t.key: t for t in report.funnels}
    assert set(funnels) == {"modules-stoppen", "modules-naasten"}
    with stats_app.app_context():
        naasten = stats_app.extensions["hulpwijzer.content"].courses.get("naasten")
    table = funnels["modules-naasten"]
    assert [r.key for r in table.rows] == [str(n) for n in range(1, naasten.module_count + 1)]
    assert table.rows[2].values == [6, 0.6, 2] and table.title.startswith(naasten.name["nl"])
    assert [r.key for r in funnels["modules-stoppen"].rows] == [str(n) for n in range(1, 18)]
