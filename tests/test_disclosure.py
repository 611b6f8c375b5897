"""No number from 1 to 4 can be read or worked out from what the dashboard, the CSV files
and `flask stats export` publish, by subtraction or any other arithmetic on the sums."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
from collections import Counter
from html import unescape

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from hulpwijzer.reporting.cube import build_cube
from hulpwijzer.reporting.disclosure import Line, protect
from tests.support.attack import single_subtractions, worked_out

YEAR = 2025  # a whole past year: every quarter has begun
RIGHT = {"Authorization": "Basic " + base64.b64encode(b"jaarverslag:geheim").decode()}
PROTECTED_PERIODS = [str(YEAR), *(f"{YEAR}-Q{q}" for q in range(1, 5))]
QUARTER_OF_MONTH = {m: f"{YEAR}-Q{(m - 1) // 3 + 1}" for m in range(1, 13)}
TOPICS = ["sextortion", "grooming", "spread-social"]
AGES = ["5-11", "12-18", "19-25", "26+"]
GENDERS = ["girl", "boy", "other"]
SINGLE = {"age": AGES, "gender": GENDERS, "police": ["yes", "no"], "useful": ["yes", "partly", "no"]}
CROSS = {"topic_age": "age", "topic_gender": "gender"}


def expected_lines(topics: list[str], answers: dict[str, list[str]]) -> list[tuple]:
    """The report's arithmetic, written down independently of site/reporting/cube.py."""
    lines = []
    cells = set()
    for period in PROTECTED_PERIODS:

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
        quarters = tuple((table, row, column, p) for p in PROTECTED_PERIODS[1:])
        lines.append(((table, row, column, str(YEAR)), quarters))
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
    known: dict[tuple, int] = {}
    for period in PROTECTED_PERIODS:
        for cell, value in published(cli_json(app, period)).items():
            if value != "×":
                known[cell] = value
    return known


def test_the_issue_subtractions_give_nothing_under_five(stats_app):
    known = all_published(stats_app)
    q1 = f"{YEAR}-Q1"
    assert known[("age", "12-18", "", q1)] == 7
    assert ("topic_age", "grooming", "12-18", q1) not in known
    assert ("topic_age", "sextortion", "12-18", q1) not in known, "the complement of the small cell"
    # Every topic the advice module has, as the dashboard lists them.
    tables = {t["key"]: t for t in cli_json(stats_app, str(YEAR))["tables"]}
    topics = [row["key"] for row in tables["topic"]["rows"] if row["key"] != "advice-requests"]
    assert "sextortion" in topics and "grooming" in topics
    lines = expected_lines(topics, SINGLE)
    assert single_subtractions(known, lines) == []
    truth = truth_from(ISSUE_EXAMPLE, topics)
    ceiling = truth[("requests", "all", "", str(YEAR))]
    assert worked_out(known, truth, lines, ceiling, never_shown) == []


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
    if value == "×":
        return text == "×"
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
            cli_file = (folder / f"{table['key']}-{period}.csv").read_bytes()
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


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], phases=FIND_ONLY)
@given(cells, extras)
def test_generated_years_give_nothing_under_five(drawn, extra):
    monthly = consistent_months({**drawn, **extra})
    answers = {**SINGLE, "platform": []}
    cube = build_cube(Store(monthly), YEAR, TOPICS, answers)
    known = {cell: n for cell, n in cube.values.items() if cell not in cube.hidden}
    # Advice requests are counted pages, published as they are (in real life hundreds a month).
    assert not [c for c, n in known.items() if 0 < n < 5 and c[0] != "requests"], "a small number is shown"
    lines = expected_lines(TOPICS, SINGLE)
    truth = truth_from(monthly)
    assert {c: n for c, n in cube.values.items() if n} == {c: n for c, n in truth.items() if n}
    assert single_subtractions(known, lines) == []
    ceiling = max(truth[("requests", "all", "", str(YEAR))], 1)
    assert worked_out(known, truth, lines, ceiling, never_shown) == []


def test_protect_hides_the_complement_in_a_small_table():
    # age 12–18 = 7 = sextortion 5 + grooming 2: hiding only the 2 would give it away.
    values = {"age": 7, "sextortion": 5, "grooming": 2, "requests": 9, "other-age": 2}
    lines = [Line("age", ("sextortion", "grooming")), Line("requests", ("age", "other-age"))]
    hidden = protect(values, lines)
    assert {"grooming", "sextortion"} <= hidden
    assert "other-age" in hidden and "age" in hidden, "requests 9 − age 7 would give 2"
