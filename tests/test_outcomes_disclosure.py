"""The self-ratings' cells are protected like every other answer: the independent attacker
(tests/support/attack.py) knows every published number and every sum and finds nothing under 5."""

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
    cube = build_cube(Store(monthly), YEAR, [], ANSWERS, None, MEASURES)
    truth = {cell: n for cell, n in cube.values.items() if cell[0] == outcomes.TABLE}
    known = {cell: n for cell, n in truth.items() if cell not in cube.hidden}
    lines = cells_and_lines(MEASURES)
    assert all(not 0 < n < 5 for n in known.values())
    ceiling = max(truth.values(), default=0) + 1
    return single_subtractions(known, lines), worked_out(known, truth, lines, ceiling), known


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
    subtractions, solved, known = attack(monthly)
    assert subtractions == [] and solved == []
    q2 = f"{YEAR}-Q2"
    # "gone up" (1) is hidden, and the smallest other answer with it, so 12 - 6 cannot give it away.
    assert outcomes.cell(CHANGE, "meer", 17, q2) not in known
    assert outcomes.cell(CHANGE, "gestopt", 17, q2) not in known
    assert known[outcomes.cell(CHANGE, "minder", 17, q2)] == 6
    assert known[outcomes.cell(CHANGE, outcomes.ANSWERED, 17, q2)] == 12


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
    subtractions, solved, _known = attack(monthly)
    assert subtractions == [] and solved == []
