"""No number from 1 to 4 can be read or worked out from what the dashboard, the CSV files
and `flask stats export` publish, by subtraction, by an exact solver on all the sums of a
year's quarters and the year, or by adding answers of one's own through the real form."""

from __future__ import annotations

import base64
import csv
import io
import json
import random
import re
from collections import Counter
from datetime import date, timedelta
from html import unescape

import pytest
from flask_babel import force_locale
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from hulpwijzer.reporting.cube import SETTLING_DAYS, TableSet, build_cube
from hulpwijzer.reporting.disclosure import Line, protect
from hulpwijzer.reporting.export import to_json
from hulpwijzer.reporting.periods import Period
from hulpwijzer.reporting.report import build_report
from tests.support.attack import Model, attack_ranges, single_subtractions, worked_out
from tests.support.counts import BROWSER

YEAR = 2025  # a whole past year: every quarter has begun
RIGHT = {"Authorization": "Basic " + base64.b64encode(b"jaarverslag:geheim").decode()}
PROTECTED_PERIODS = [str(YEAR), *(f"{YEAR}-Q{q}" for q in range(1, 5))]
QUARTER_OF_MONTH = {m: f"{YEAR}-Q{(m - 1) // 3 + 1}" for m in range(1, 13)}
TOPICS = ["sextortion", "grooming", "spread-social"]
AGES = ["5-11", "12-18", "19-25", "26+"]
GENDERS = ["girl", "boy", "other"]
SINGLE = {"age": AGES, "gender": GENDERS, "police": ["yes", "no"], "useful": ["yes", "partly", "no"]}
CROSS = {"topic_age": "age", "topic_gender": "gender"}


def expected_lines(topics: list[str], answers: dict[str, list[str]], year: int = YEAR) -> list[tuple]:
    """The report's arithmetic, written down independently of site/reporting/cube.py."""
    lines = []
    cells = set()
    periods = [str(year), *(f"{year}-Q{q}" for q in range(1, 5))]
    for period in periods:

        def c(table, row, column="", period=period):
            cell = (table, row, column, period)
            cells.add(cell[:3])
            return cell

        requests = c("requests", "all")
        lines.append((requests, tuple(c("topic", t) for t in topics)))
        for name, values in answers.items():
            lines.append((requests, tuple(c(name, a) for a in [*values, "unknown"])))
        for cross, margin in CROSS.items():
            columns = [*answers[margin], "unknown"]
            lines += [(c("topic", t), tuple(c(cross, t, a) for a in columns)) for t in topics]
            lines += [(c(margin, a), tuple(c(cross, t, a) for t in topics)) for a in columns]
    for table, row, column in cells:
        quarters = tuple((table, row, column, p) for p in periods[1:])
        lines.append(((table, row, column, str(year)), quarters))
    return lines


def never_shown(cell: tuple) -> bool:
    """The cross-tables' "not answered" column: in the sums, never published."""
    return cell[0] in CROSS and cell[2] == "unknown"


def truth_from(monthly: dict[tuple[str, str, int], int], topics: list[str] = TOPICS) -> Counter:
    """True values per protected cell and period, from counts per (metric, item, month)."""
    truth: Counter = Counter()
    for (metric, item, month), n in monthly.items():
        for period in (QUARTER_OF_MONTH[month], str(YEAR)):
            if metric == "advice.reached":
                truth[("requests", "all", "", period)] += n
            elif metric == "advice.topic":
                truth[("topic", item, "", period)] += n
            elif metric.removeprefix("survey.") in CROSS:
                topic, answer = item.split("|")
                truth[(metric.removeprefix("survey."), topic, answer, period)] += n
            else:
                truth[(metric.removeprefix("survey."), item, "", period)] += n
    for period in PROTECTED_PERIODS:
        requests = truth[("requests", "all", "", period)]
        for name, values in SINGLE.items():
            truth[(name, "unknown", "", period)] = requests - sum(
                truth[(name, a, "", period)] for a in values
            )
        for cross, margin in CROSS.items():
            for topic in topics:
                answered = sum(truth[(cross, topic, a, period)] for a in SINGLE[margin])
                truth[(cross, topic, "unknown", period)] = truth[("topic", topic, "", period)] - answered
    return truth


def seed_months(app, monthly: dict[tuple[str, str, int], int]) -> None:
    tally = app.extensions["hulpwijzer.recording.tally"]
    for (metric, item, month), n in monthly.items():
        when = f"{YEAR}-{month:02d}" if metric.startswith("survey.") else f"{YEAR}-{month:02d}-14"
        tally.add((when, metric, item), n)
    assert tally.flush()


def consistent_months(draw_cells: dict[tuple[str, str, int], int]) -> dict[tuple[str, str, int], int]:
    """Counts as the site writes them: the answer tables are the cross-tables' margins, every
    advice request has one topic, and nobody answers more often than there were requests.
    Advice requests are published as they are (counted pages, in real life hundreds a month),
    so every month with answers also has at least five requests."""
    monthly: Counter = Counter()
    for (cross, topic, answer, month), n in draw_cells.items():
        if cross == "extra":
            continue
        monthly[(f"survey.{cross}", f"{topic}|{answer}", month)] += n
        monthly[(f"survey.{CROSS[cross]}", answer, month)] += n
    for month in {k[3] for k in draw_cells} | {3}:
        for topic in TOPICS:
            answered = max(
                sum(n for (x, t, _, m), n in draw_cells.items() if x == cross and t == topic and m == month)
                for cross in CROSS
            )
            extra = draw_cells.get(("extra", topic, "", month), 0) + (5 if topic == TOPICS[-1] else 0)
            monthly[("advice.topic", topic, month)] = answered + extra
        monthly[("advice.reached", "a1", month)] = sum(monthly[("advice.topic", t, month)] for t in TOPICS)
    return {k: n for k, n in monthly.items() if n}


# The issue's example: age 12–18 = 7 and sextortion|12–18 = 5 gave grooming|12–18 = 2.
ISSUE_EXAMPLE = {
    ("advice.reached", "a1", 3): 30,
    ("advice.topic", "sextortion", 3): 20,
    ("advice.topic", "grooming", 3): 10,
    ("survey.age", "12-18", 3): 7,
    ("survey.topic_age", "sextortion|12-18", 3): 5,
    ("survey.topic_age", "grooming|12-18", 3): 2,
    # The issue's other example: October 6, October–November 7, so November 1.
    ("advice.reached", "a1", 10): 7,
    ("advice.topic", "sextortion", 10): 7,
    ("survey.gender", "girl", 10): 6,
    ("survey.gender", "girl", 11): 1,
    ("survey.topic_gender", "sextortion|girl", 10): 6,
    ("survey.topic_gender", "sextortion|girl", 11): 1,
    ("advice.reached", "a1", 11): 1,
    ("advice.topic", "sextortion", 11): 1,
}


@pytest.fixture
def stats_app(make_app):
    app = make_app(STATS_USER="jaarverslag", STATS_PASSWORD="geheim")
    seed_months(app, ISSUE_EXAMPLE)
    return app


def cli_json(app, period: str) -> dict:
    result = app.test_cli_runner().invoke(args=["stats", "export", "--format", "json", "--period", period])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def published(report: dict) -> dict[tuple, int | str]:
    """{(table, row, column, period): value} for the protected tables of one period's JSON."""
    period = report["period"]["key"]
    found: dict[tuple, int | str] = {}
    for table in report["tables"]:
        key = table["key"].replace("-", "_")
        if key in CROSS:
            for row in table["rows"]:
                for column, value in zip(table["columns"][1:], row["values"], strict=True):
                    found[(key, row["key"], column["key"], period)] = value
        elif key in ("topic", *SINGLE):
            for row in table["rows"]:
                if row["key"] == "advice-requests":
                    found[("requests", "all", "", period)] = row["values"][0]
                elif row["key"] != "answered":
                    found[(key, row["key"], "", period)] = row["values"][0]
    return found


def all_published(app) -> dict[tuple, int]:
    """Every number the protected tables publish, for every quarter and the year."""
    known: dict[tuple, int] = {}
    for period in PROTECTED_PERIODS:
        for cell, value in published(cli_json(app, period)).items():
            if value != "×":
                known[cell] = value
    return known


def as_read(known: dict[tuple, int]) -> dict[tuple, tuple[int, int]]:
    """What a published number tells a reader: the advice requests are exact; any other number
    was rounded to 5 (0 stays 0, and a shown number is never 1 to 4)."""
    return {c: (n, n) if c[0] == "requests" or n == 0 else (max(5, n - 2), n + 2) for c, n in known.items()}


def test_the_issue_subtractions_give_nothing_under_five(stats_app):
    known = all_published(stats_app)
    q1 = f"{YEAR}-Q1"
    assert known[("age", "12-18", "", q1)] in (5, "×")  # 7, rounded
    assert ("topic_age", "grooming", "12-18", q1) not in known
    assert ("topic_age", "sextortion", "12-18", q1) not in known, "the complement of the small cell"
    # Every topic the advice module has, as the dashboard lists them.
    tables = {t["key"]: t for t in cli_json(stats_app, str(YEAR))["tables"]}
    topics = [row["key"] for row in tables["topic"]["rows"] if row["key"] != "advice-requests"]
    assert "sextortion" in topics and "grooming" in topics
    lines = expected_lines(topics, SINGLE)
    truth = truth_from(ISSUE_EXAMPLE, topics)
    # Shown numbers are published rounded; this attacker is even given their exact values.
    exact = {cell: truth[cell] for cell in known}
    assert single_subtractions(exact, lines) == []
    assert worked_out(exact, truth, lines, never_shown) == []
    assert worked_out(as_read(known), truth, lines, never_shown) == []


def test_periods_are_whole_months_quarters_or_years(stats_app):
    client = stats_app.test_client()
    for query in ("from=2025-10-19&to=2025-10-25", "period=2025-10-19", "period=2025-W42", "year=2025&to=x"):
        response = client.get(f"/nl/beheer/?{query}", headers=RIGHT)
        assert response.status_code == 400, query
        assert "kwartaal" in response.get_data(as_text=True)
    month = client.get("/en/beheer/?period=2025-11", headers=RIGHT).get_data(as_text=True)
    assert "Topic × gender" not in month and "per quarter and per year only" in month


def dashboard_cells(html: str, key: str) -> list[list[str]]:
    section = html.split(f'id="table-{key}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", section, re.S)[1:]
    return [
        [unescape(c).strip() for c in re.findall(r'<td class="number">(.*?)</td>', r, re.S)] for r in rows
    ]


def same_number(text: str, value, kind: str, decimal: str, grouping: str) -> bool:
    if value is None:
        return text == ""
    if value in ("×", "–"):
        return text == value
    number = float(text.replace(grouping, "").replace(decimal, ".").rstrip("%"))
    return abs(number - (100 * value if kind == "share" else value)) < 0.051


def test_dashboard_csv_and_cli_publish_the_same_numbers(stats_app, tmp_path):
    client = stats_app.test_client()
    for period in PROTECTED_PERIODS:
        report = cli_json(stats_app, period)
        html = client.get(f"/nl/beheer/?period={period}", headers=RIGHT).get_data(as_text=True)
        folder = tmp_path / period
        result = stats_app.test_cli_runner().invoke(
            args=["stats", "export", "--period", period, "--output", str(folder)]
        )
        assert result.exit_code == 0, result.output
        for table in report["tables"]:
            kinds = [c["kind"] for c in table["columns"][1:]]
            download = client.get(f"/nl/beheer/tabel/{table['key']}.csv?period={period}", headers=RIGHT)
            assert download.status_code == 200
            cli_file = (folder / table["file"]).read_bytes()
            assert download.data == cli_file, table["key"]
            rows = list(csv.reader(io.StringIO(download.data.decode("utf-8-sig")), delimiter=";"))[1:]
            shown = dashboard_cells(html, table["key"])
            for row, csv_row, html_row in zip(table["rows"], rows, shown, strict=True):
                for value, kind, in_csv, on_page in zip(
                    row["values"], kinds, csv_row[1:], html_row, strict=True
                ):
                    assert same_number(in_csv, value, kind, ",", ""), (table["key"], row["key"], in_csv)
                    assert same_number(on_page, value, kind, ",", "."), (table["key"], row["key"], on_page)


def test_a_hidden_count_never_has_a_shown_share(stats_app):
    for period in PROTECTED_PERIODS:
        for table in cli_json(stats_app, period)["tables"]:
            if [c["kind"] for c in table["columns"][1:]] == ["count", "share"]:
                for row in table["rows"]:
                    assert row["values"][0] != "×" or row["values"][1] == "×", (table["key"], row["key"])


class Store:
    description = "test data"
    path = None

    def __init__(self, monthly):
        self.monthly = monthly

    def rows(self, first, last):
        return [
            (f"{YEAR}-{m:02d}" if metric.startswith("survey.") else f"{YEAR}-{m:02d}-14", metric, item, n)
            for (metric, item, m), n in self.monthly.items()
        ]


# Shrinking a failure through the attacker takes minutes; the failing example is printed as found.
FIND_ONLY = [Phase.explicit, Phase.reuse, Phase.generate]
small = st.integers(0, 7)
cells = st.dictionaries(
    st.tuples(
        st.sampled_from(list(CROSS)),
        st.sampled_from(TOPICS),
        st.sampled_from(["12-18", "19-25", "girl", "boy"]),
        st.sampled_from([2, 3, 5, 11]),
    ).filter(lambda k: (k[2] in AGES) == (k[0] == "topic_age")),
    small,
    max_size=10,
)
extras = st.dictionaries(
    st.tuples(st.just("extra"), st.sampled_from(TOPICS), st.just(""), st.sampled_from([3, 5])),
    small,
    max_size=3,
)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], phases=FIND_ONLY)
@given(cells, extras)
def test_generated_years_give_nothing_under_five(drawn, extra):
    monthly = consistent_months({**drawn, **extra})
    answers = {**SINGLE, "platform": []}
    cube = build_cube(Store(monthly), YEAR, TOPICS, answers)
    truth = truth_from(monthly)
    assert {c: n for c, n in cube.values.items() if n} == {c: n for c, n in truth.items() if n}
    check_publication(cube, truth, TOPICS)


def check_publication(cube, truth, topics) -> None:
    """Nothing from 1 to 4 shown; every shown number rounded to 5; and the exact attacker, given
    the true value of every shown number, cannot keep any hidden 1 to 4 under 5."""
    shown = {cell: n for cell, n in cube.shown.items()}
    assert not [c for c, n in shown.items() if 0 < n < 5 and c[0] != "requests"], "a small number is shown"
    assert all(n % 5 == 0 for c, n in shown.items() if c[0] != "requests"), "a number is not rounded"
    lines = expected_lines(topics, SINGLE)
    exact = {cell: truth[cell] for cell in shown}
    assert single_subtractions(exact, lines) == []
    assert worked_out(exact, truth, lines, never_shown) == []


def generated_year(seed: int) -> dict[tuple[str, str, int], int]:
    """A year of answers as the site counts them: busy and quiet topics, months with few requests."""
    chance = random.Random(seed)
    monthly: Counter = Counter()
    busy = {t: chance.choice([0, 1, 2, 4, 8, 20]) for t in TOPICS}
    for month in range(1, 13):
        for topic in TOPICS:
            requests = chance.randint(0, busy[topic])
            monthly[("advice.topic", topic, month)] += requests
            for _ in range(requests):
                if chance.random() < 0.5:
                    age = chance.choice(AGES)
                    monthly[("survey.age", age, month)] += 1
                    monthly[("survey.topic_age", f"{topic}|{age}", month)] += 1
                if chance.random() < 0.5:
                    gender = chance.choice(GENDERS)
                    monthly[("survey.gender", gender, month)] += 1
                    monthly[("survey.topic_gender", f"{topic}|{gender}", month)] += 1
                for name in ("police", "useful"):
                    if chance.random() < 0.3:
                        monthly[(f"survey.{name}", chance.choice(SINGLE[name]), month)] += 1
        # Advice requests are counted pages, published as they are (in real life hundreds a month):
        # a quarter with fewer than 5 in all says "under 5" of every cell by itself.
        monthly[("advice.topic", TOPICS[-1], month)] += 2
        monthly[("advice.reached", "a1", month)] = sum(monthly[("advice.topic", t, month)] for t in TOPICS)
    return {k: n for k, n in monthly.items() if n}


@pytest.mark.slow
def test_24_generated_years_give_nothing_under_five_to_an_exact_solver():
    """Every published table set of 24 years (four quarters and the year, every sum between
    them), attacked cell by cell with an integer program: no hidden 1 to 4 stays under 5."""
    answers = {**SINGLE, "platform": []}
    hidden_small = 0
    for seed in range(24):
        monthly = generated_year(seed)
        cube = build_cube(Store(monthly), YEAR, TOPICS, answers)
        truth = truth_from(monthly)
        check_publication(cube, truth, TOPICS)
        hidden_small += sum(1 for c in cube.hidden if 0 < truth[c] < 5 and not never_shown(c))
    assert hidden_small > 200, "the generated years should have many small numbers to protect"


def test_protect_hides_the_complement_in_a_small_table():
    # age 12–18 = 7 = sextortion 5 + grooming 2: hiding only the 2 would give it away.
    values = {"age": 7, "sextortion": 5, "grooming": 2, "requests": 9, "other-age": 2}
    lines = [Line("age", ("sextortion", "grooming")), Line("requests", ("age", "other-age"))]
    hidden = protect(values, lines)
    assert {"grooming", "sextortion"} <= hidden
    assert "other-age" in hidden and "age" in hidden, "requests 9 − age 7 would give 2"


def test_answers_added_through_the_form_do_not_reveal_the_others(make_app):
    """The issue's attack: post known answers into cells with 1 to 4 and compare what is published
    before and after. Before: a running quarter publishes no topics or answers at all. After: the
    ended quarter and year, rounded; given every published number and every sum, the attacker's
    own answers subtracted, each original 1 to 4 still has at least two possible values."""
    app = make_app()
    today = date.today()
    quarter = Period("quarter", today.year, (today.month - 1) // 3 + 1)
    month = f"{today.year}-{today.month:02d}"
    original = {
        ("advice.reached", "a1"): 60,
        ("advice.topic", "sextortion"): 25,
        ("advice.topic", "grooming"): 35,
        ("survey.age", "12-18"): 2 + 9,
        ("survey.age", "19-25"): 3,
        ("survey.topic_age", "sextortion|12-18"): 2,
        ("survey.topic_age", "grooming|12-18"): 9,
        ("survey.topic_age", "grooming|19-25"): 3,
        ("survey.gender", "girl"): 1 + 12,
        ("survey.topic_gender", "sextortion|girl"): 1,
        ("survey.topic_gender", "grooming|girl"): 12,
        ("survey.police", "yes"): 4,
        ("survey.police", "no"): 20,
    }
    tally = app.extensions["hulpwijzer.recording.tally"]
    for (metric, item), n in original.items():
        when = month if metric.startswith("survey.") else f"{month}-01"
        tally.add((when, metric, item), n)
    assert tally.flush()
    store = tally.store

    def publication(period: Period, on: date) -> dict:
        with app.test_request_context("/nl/beheer/"), force_locale("nl"):
            return json.loads(to_json(build_report(store, period, on), "nl"))

    before = publication(quarter, today)
    assert not [t for t in before["tables"] if t["key"] in ("topic", "age", "topic-age")]

    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = BROWSER
    added = 5
    for _ in range(added):
        answers = {"topic": "sextortion", "age": "12-18", "gender": "girl", "police": "yes"}
        assert client.post("/nl/advies/vragen", data=answers).status_code == 200
    assert tally.flush()

    new_year = date(today.year + 1, 1, 1) + timedelta(days=SETTLING_DAYS)
    known: dict[tuple, int] = {}
    for period in [Period("year", today.year), *(Period("quarter", today.year, q) for q in range(1, 5))]:
        for cell, value in published(publication(period, new_year)).items():
            if value != "×":
                known[cell] = value
    # The reader knows the rule: every number but the advice requests is rounded to 5.
    assert all(n % 5 == 0 for c, n in known.items() if c[0] != "requests")
    tables = {t["key"]: t for t in publication(quarter, new_year)["tables"]}
    topics = [row["key"] for row in tables["topic"]["rows"] if row["key"] != "advice-requests"]
    lines = expected_lines(topics, SINGLE, today.year)
    model = Model(attack_ranges(as_read(known), lines, never_shown), lines)
    injected = {
        ("topic_age", "sextortion", "12-18"): 2,
        ("topic_gender", "sextortion", "girl"): 1,
        ("police", "yes", ""): 4,
    }
    for (table, row, column), before_value in injected.items():
        for key in (quarter.key, str(today.year)):
            low, high = model.span((table, row, column, key))
            possible = range(max(low - added, 0), high - added + 1)
            assert before_value in possible, (table, row, column, key, low, high)
            assert len(possible) >= 2, f"{table} {row} {column} {key}: the original is {possible[0]}"


def test_another_table_set_is_protected_with_the_same_proof():
    """A table set added by another part of the report (say, how people rate a module at its
    start) gets the same hiding, rounding and proof: its cells and its sums are all it gives."""
    scores = ["1", "2", "3", "4", "5"]

    def fill(cube, monthly, month):
        key = f"{YEAR}-{month:02d}"
        for score in scores:
            cube.values[("rating", score, "", key)] = monthly.get(("rating", score, month), 0)
        cube.values[("rating", "all", "", key)] = sum(monthly.get(("rating", s, month), 0) for s in scores)

    def sums(cube, key):
        return [Line(("rating", "all", "", key), tuple(("rating", s, "", key) for s in scores))]

    ratings = TableSet(fill, sums)
    chance = random.Random(7)
    monthly = generated_year(3)
    for month in range(1, 13):
        for score in scores:
            monthly[("rating", score, month)] = chance.choice([0, 1, 2, 3, 6, 9])
    cube = build_cube(Store(monthly), YEAR, TOPICS, {**SINGLE, "platform": []}, extra=[ratings])
    truth = {c: n for c, n in cube.values.items() if c[0] == "rating"}
    lines = [
        (("rating", "all", "", p), tuple(("rating", s, "", p) for s in scores)) for p in PROTECTED_PERIODS
    ]
    lines += [
        ((("rating", r, "", str(YEAR))), tuple(("rating", r, "", q) for q in PROTECTED_PERIODS[1:]))
        for r in [*scores, "all"]
    ]
    shown = {c: n for c, n in cube.shown.items() if c[0] == "rating"}
    assert not [c for c, n in shown.items() if 0 < n < 5] and all(n % 5 == 0 for n in shown.values())
    assert [c for c in truth if 0 < truth[c] < 5 and c in cube.hidden], "the test should have small ratings"
    assert worked_out({c: truth[c] for c in shown}, truth, lines) == []
