"""The courses' self-ratings: counted only when the visitor presses the button, then protected
like every other answer in the report, the CSV files and `stats export --format json`."""

from __future__ import annotations

import csv
import json
import re
from datetime import date, timedelta

import pytest
from flask_babel import force_locale

from hulpwijzer import create_app
from hulpwijzer.recording.calendar import local_date
from hulpwijzer.reporting.cube import SETTLING_DAYS
from hulpwijzer.reporting.periods import Period
from hulpwijzer.reporting.report import HIDDEN, build_report
from tests.support.counts import BROWSER, sqlite_rows, totals

BUTTON = "Tel mijn antwoord anoniem mee"
SAME_SITE = {"Sec-Fetch-Site": "same-origin"}


@pytest.fixture
def app(tmp_path):
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path}/counts.sqlite3",
            "STATS_USER": "jaarverslag",
            "STATS_PASSWORD": "geheim",
        }
    )


@pytest.fixture
def visitor(app):
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = BROWSER
    return client


def rating_forms(html: str) -> list[dict]:
    """Each rating form on the page as the browser would send it: its action and its fields."""
    forms = []
    for action, body in re.findall(
        r'<form method="post" action="([^"]+)" class="rating"[^>]*>(.*?)</form>', html, re.S
    ):
        measure = re.search(r'name="measure" value="([^"]+)"', body).group(1)
        values = re.findall(r'name="value" value="([^"]+)"', body)
        button = re.search(r'<button type="submit" name="(\w+)" value="(\w+)"[^>]*>([^<]+)</button>', body)
        forms.append({"action": action, "measure": measure, "values": values, "button": button.groups()})
    return forms


def press(visitor, form: dict, value: str, button: bool = True):
    data = {"measure": form["measure"], "value": value}
    if button:
        name, pressed, _text = form["button"]
        data[name] = pressed
    return visitor.post(form["action"], data=data, headers=SAME_SITE)


def test_the_start_and_the_end_ask_the_declared_ratings_with_one_button_each(visitor):
    module = visitor.get("/nl/stoppen/1?voortgang=").get_data(as_text=True)
    assert (
        'href="/nl/stoppen/1/meten"' in module
        and '<form method="post" action="/nl/stoppen/1/meetellen' not in module
    )
    first = visitor.get("/nl/stoppen/1/meten").get_data(as_text=True)
    assert 'href="tel:' in first  # human help on this page too
    forms = {f["measure"]: f for f in rating_forms(first)}
    assert list(forms) == ["drang", "dagen", "vertrouwen"]
    assert forms["drang"]["values"] == [str(n) for n in range(11)]
    assert forms["dagen"]["values"] == [str(n) for n in range(8)]
    assert all(f["button"][2] == BUTTON for f in forms.values())
    assert "alleen de waarde die je koos en de maand" in first.lower()
    last = {f["measure"]: f for f in rating_forms(visitor.get("/nl/stoppen/17/meten").get_data(as_text=True))}
    assert list(last) == ["drang", "dagen", "vertrouwen", "verandering"]
    assert last["verandering"]["values"] == ["gestopt", "minder", "gelijk", "meer"]
    assert "/meten" not in visitor.get("/nl/stoppen/5").get_data(as_text=True)
    assert visitor.get("/nl/stoppen/5/meten").status_code == 404
    english = visitor.get("/en/relatives/6/meten").get_data(as_text=True)
    assert [f["measure"] for f in rating_forms(english)] == ["omgaan", "hulp-weten"]
    assert "Count my answer anonymously" in english and "the month" in english


def test_only_pressed_ratings_are_counted_and_found_in_the_report_the_csv_and_the_json(
    app, visitor, tmp_path, monkeypatch
):
    start = {f["measure"]: f for f in rating_forms(visitor.get("/nl/stoppen/1/meten").get_data(as_text=True))}
    end = {f["measure"]: f for f in rating_forms(visitor.get("/nl/stoppen/17/meten").get_data(as_text=True))}
    relatives = {
        f["measure"]: f for f in rating_forms(visitor.get("/nl/naasten/1/meten").get_data(as_text=True))
    }
    pressed = {
        ("stoppen", 1, "drang", "7"): 5,
        ("stoppen", 17, "drang", "3"): 6,
        ("stoppen", 17, "verandering", "gestopt"): 5,
        ("stoppen", 17, "verandering", "minder"): 5,
        ("stoppen", 1, "dagen", "0"): 2,  # too few to publish
        ("naasten", 1, "omgaan", "4"): 1,
    }
    forms = {"stoppen": {1: start, 17: end}, "naasten": {1: relatives}}
    for (course, module, measure, value), times in pressed.items():
        for _ in range(times):
            response = press(visitor, forms[course][module][measure], value)
            assert response.status_code == 200
            assert "Je antwoord is meegeteld" in response.get_data(as_text=True)
            assert "Set-Cookie" not in response.headers
    # The same forms without the press, a value that is not on the scale, a module that does not ask.
    assert press(visitor, start["drang"], "9", button=False).status_code == 400
    assert press(visitor, start["drang"], "11").status_code == 400
    assert press(visitor, start["drang"], "").status_code == 400
    cross_site = {"measure": "drang", "value": "9", "count": "yes"}
    assert (
        visitor.post(
            start["drang"]["action"], data=cross_site, headers={"Origin": "https://elders.example"}
        ).status_code
        == 403
    )
    wrong_module = {**start["drang"], "action": start["drang"]["action"].replace("/1/", "/5/")}
    assert "/5/" in wrong_module["action"]
    assert press(visitor, wrong_module, "9").status_code == 400
    # The exercises of the same page, sent with every button they have: nothing of them is counted.
    for action in ("bekijken", "download", "afronden"):
        visitor.post("/nl/stoppen/1", data={"startpunt": "8", "actie": action}, headers=SAME_SITE)

    counted = {item: n for (metric, item), n in totals(app).items() if metric == "outcome"}
    assert counted == {f"{c}-{m}|{q}|{v}": n for (c, m, q, v), n in pressed.items()}
    rows = sqlite_rows(app.config["DATABASE_URL"].removeprefix("sqlite:///"))
    assert all(len(row) == 4 for row in rows)
    month = local_date().isoformat()[:7]
    assert {period for period, metric, _item, _n in rows if metric == "outcome"} == {month}

    year = local_date().year
    store = app.extensions["hulpwijzer.recording.tally"].store
    runner = app.test_cli_runner()
    login = {"Authorization": "Basic amFhcnZlcnNsYWc6Z2VoZWlt"}

    def report_on(day: date):
        with app.test_request_context("/nl/beheer/"), force_locale("nl"):
            return build_report(store, Period.parse(str(year)), day)

    # While the year runs, the self-ratings are not published at all (someone who presses and
    # watches would see their own presses appear): no tables, no rows, no files, a line saying so.
    running = report_on(local_date())
    assert running.protected_state == "running" and running.outcomes == [] and running.outcome_rows == []
    result = runner.invoke(args=["stats", "export", "--format", "json", "--year", str(year)])
    assert result.exit_code == 0 and "has not ended" in result.stderr
    assert json.loads(result.stdout)["outcomes"] == []
    page = app.test_client().get(f"/nl/beheer/?period={year}", headers=login).get_data(as_text=True)
    assert "Zelfbeoordelingen" in page and "vanaf de tweede dag nadat de periode" in page
    assert "table-outcomes-stoppen-drang" not in page

    # From the second day after the year: published, 1 to 4 hidden, the others rounded to 5.
    settled = date(year + 1, 1, 1) + timedelta(days=SETTLING_DAYS)
    monkeypatch.setattr("hulpwijzer.reporting.cli.local_date", lambda: settled)
    monkeypatch.setattr("hulpwijzer.reporting.dashboard.local_date", lambda: settled)
    published = {k: 5 * ((n + 2) // 5) for k, n in pressed.items() if n >= 5}
    report = report_on(settled)
    tables = {t.key: t for t in report.outcomes}
    urge = {row.key: row.values for row in tables["outcomes-stoppen-drang"].rows}
    assert urge["7"][:2] == [5, 1.0] and urge["3"][2:] == [5, 1.0]  # 6 presses: rounded to 5
    assert urge["answered"] == [5, None, 5, None]
    change = {row.key: row.values for row in tables["outcomes-stoppen-verandering"].rows}
    assert change["better"] == [10, 1.0] and change["answered"] == [10, None]
    days = {row.key: row.values for row in tables["outcomes-stoppen-dagen"].rows}
    assert days["0"][0] == HIDDEN and days["answered"][0] == HIDDEN
    shown = [v for t in report.outcomes for row in t.rows for v in row.values[::2] if isinstance(v, int)]
    assert shown and all(n % 5 == 0 for n in shown)
    assert "niet dezelfde" in tables["outcomes-stoppen-drang"].note
    assert "afgerond" in tables["outcomes-stoppen-drang"].note

    result = runner.invoke(args=["stats", "export", "--format", "json", "--year", str(year)])
    assert result.exit_code == 0, result.output
    assert "has not ended" not in result.stderr
    outcomes = json.loads(result.stdout)["outcomes"]
    assert {
        (r["course"], r["module"], r["question"], r["value"]): r["count"] for r in outcomes if r["count"]
    } == published
    assert {r["period"] for r in outcomes} == {str(year)}
    assert set(outcomes[0]) == {"course", "module", "question", "value", "period", "count"}

    folder = tmp_path / "csv"
    assert (
        runner.invoke(args=["stats", "export", "--year", str(year), "--output", str(folder)]).exit_code == 0
    )
    name = f"zelfbeoordeling-stoppen-verandering-{year}.csv"
    with open(folder / name, encoding="utf-8-sig", newline="") as file:
        lines = list(csv.reader(file, delimiter=";"))
    assert lines[0] == ["Antwoord", "Eind (module 17)", "Deel van wie antwoordde (%)"]
    assert lines[1:3] == [["gestopt", "5", "50,0"], ["minder geworden", "5", "50,0"]]
    assert lines[-1] == ["Samen: gestopt, minder geworden", "10", "100,0"]
    with open(folder / f"zelfbeoordeling-stoppen-dagen-{year}.csv", encoding="utf-8-sig", newline="") as file:
        assert ["0 = Op geen enkele dag", HIDDEN, HIDDEN, "0", ""] in list(csv.reader(file, delimiter=";"))
    page = app.test_client().get(f"/nl/beheer/?period={year}", headers=login).get_data(as_text=True)
    assert "Zelfbeoordelingen" in page and 'id="table-outcomes-stoppen-drang"' in page


def test_a_measure_with_a_mistake_is_reported_with_its_line(broken):
    from contentkit import Problems
    from courses.load import load_course
    from hulpwijzer.links import links_for

    path = broken / "courses" / "naasten" / "course.yaml"
    text = path.read_text(encoding="utf-8").replace("asked: [start, end]", "asked: [start, eind]", 1)
    path.write_text(text.replace("scale: 10", "scale: 10\n    better: ['11']", 1), encoding="utf-8")
    problems = Problems(root=broken)
    load_course(path.parent, problems, ("nl", "en"), ("course", "advice"), links_for(broken).course)
    messages = [str(p) for p in problems]
    line = text.splitlines().index("    asked: [start, eind]") + 1
    assert any(f"courses/naasten/course.yaml:{line}: " in m and 'did you mean "end"' in m for m in messages)
    assert any('better lists "11"' in m for m in messages)
