"""The self-ratings' cells are protected like every other answer (a TableSet of the cube): hidden,
rounded to 5, and the independent attacker (tests/support/attack.py), who knows every sum and even
the shown numbers before rounding, finds no hidden number from 1 to 4 that cannot be 5 or more."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hulpwijzer import metrics
from hulpwijzer.reporting import outcomes
from hulpwijzer.reporting.cube import build_cube
from hulpwijzer.reporting.periods import periods_of_year
from tests.support.attack import single_subtractions, worked_out

YEAR = 2025
SCALE = outcomes.Measure("stoppen", "Stoppen", "drang", "Drang?", tuple("0123"), {}, (1, 17))
CHANGE = outcomes.Measure(
    "stoppen",
    "Stoppen",
    "verandering",
    "Kijken?",
    ("gestopt", "minder", "meer"),
    {},
    (17,),
    ("gestopt", "minder"),
)
MEASURES = [SCALE, CHANGE]
ANSWERS = {q.name: q.values() for q in metrics.SURVEY}


class Store:
    description = "test data"

    def __init__(self, monthly: dict[tuple[int, str], int]):
        self.monthly = monthly

    def rows(self, first, last):
        return [
            (f"{YEAR}-{month:02d}", metrics.OUTCOME.name, item, n)
            for (month, item), n in self.monthly.items()
        ]


def cells_and_lines(measures):
    """Every cell of the year and its quarters, and every sum a reader knows."""
    keys = [p.key for p in periods_of_year(YEAR) if p.kind != "month"]
    quarters = [k for k in keys if "Q" in k]
    lines = []
    for key in keys:
        lines += [(line.total, line.parts) for line in outcomes.lines(measures, key)]
    for m in measures:
        for module in m.modules:
            for value in (*m.values, outcomes.ANSWERED):
                year_cell = outcomes.cell(m, value, module, str(YEAR))
                lines.append((year_cell, tuple(outcomes.cell(m, value, module, q) for q in quarters)))
    return lines


def attack(monthly: dict[tuple[int, str], int]):
    """What a settled year publishes of the ratings, and what the attacker works out from it."""
    cube = build_cube(Store(monthly), YEAR, [], ANSWERS, None, extra=[outcomes.table_set(MEASURES)])
    truth = {cell: n for cell, n in cube.values.items() if cell[0] == outcomes.TABLE}
    shown = {cell: n for cell, n in cube.shown.items() if cell[0] == outcomes.TABLE}
    assert set(shown) == set(truth) - cube.hidden
    assert all(not 0 < n < 5 and n % 5 == 0 for n in shown.values())
    assert all(abs(shown[c] - truth[c]) <= 2 for c in shown)  # rounded to the nearest 5
    known = {cell: truth[cell] for cell in shown}  # stronger than any reader: before rounding
    lines = cells_and_lines(MEASURES)
    return single_subtractions(known, lines), worked_out(known, truth, lines), shown


def item(module: int, measure: str, value: str) -> str:
    return metrics.outcome_item("stoppen", module, measure, value)


def test_a_small_start_answer_cannot_be_worked_out():
    monthly = {
        (1, item(1, "drang", "3")): 6,
        (1, item(1, "drang", "0")): 2,  # small: hidden, and so is what gives it away
        (4, item(1, "drang", "3")): 7,
        (5, item(17, "verandering", "gestopt")): 5,
        (5, item(17, "verandering", "minder")): 6,
        (6, item(17, "verandering", "meer")): 1,
    }
    subtractions, solved, shown = attack(monthly)
    assert subtractions == [] and solved == []
    q2 = f"{YEAR}-Q2"
    # "gone up" (1) is hidden, and another answer with it, so 12 - 5 - 6 cannot give it away.
    assert outcomes.cell(CHANGE, "meer", 17, q2) not in shown
    assert outcomes.cell(CHANGE, "gestopt", 17, q2) not in shown
    assert shown[outcomes.cell(CHANGE, "minder", 17, q2)] == 5  # 6, rounded
    assert shown[outcomes.cell(CHANGE, outcomes.ANSWERED, 17, q2)] == 10  # 12, rounded


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.tuples(
            st.integers(1, 12),
            st.sampled_from(
                [item(1, "drang", v) for v in "0123"]
                + [item(17, "drang", v) for v in "0123"]
                + [item(17, "verandering", v) for v in ("gestopt", "minder", "meer")]
            ),
        ),
        st.integers(1, 9),
        max_size=12,
    )
)
def test_generated_years_give_nothing_under_five(monthly):
    subtractions, solved, _shown = attack(monthly)
    assert subtractions == [] and solved == []
