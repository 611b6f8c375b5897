"""An attacker who knows every published number and every sum, and works out what they can.

Written apart from site/reporting/audit.py on purpose (its own model of the sums, its own
reading of what a published number means), with the same kind of exact solver a journalist
would use: HiGHS through `scipy.optimize.milp`, maximising and minimising each hidden number
as a whole-number program. A mistake in the product's reasoning shows up here.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

Cell = Hashable
Lines = list[tuple[Cell, tuple[Cell, ...]]]  # total = sum(parts)
BIG = 10**6  # "no upper bound", as a number the solver can work with


def single_subtractions(known: Mapping[Cell, int], lines: Lines) -> list[tuple[Cell, int]]:
    """What the issue's reader does: a shown total minus its shown parts, when that leaves 1 to 4."""
    found = []
    for total, parts in lines:
        if total in known and any(p not in known for p in parts):
            rest = known[total] - sum(known[p] for p in parts if p in known)
            if 0 < rest < 5:
                found.append((total, rest))
    return found


class Model:
    """The sums as a whole-number program over the cells that are not known exactly."""

    def __init__(self, ranges: Mapping[Cell, tuple[int, int]], lines: Lines):
        self.ranges = ranges
        self.unknown = sorted((c for c, (lo, hi) in ranges.items() if lo < hi), key=str)
        self.index = {c: i for i, c in enumerate(self.unknown)}
        matrix, rhs = [], []
        for total, parts in lines:
            row = np.zeros(len(self.unknown))
            constant = 0
            for member, sign in [(total, -1), *((p, 1) for p in parts)]:
                if member in self.index:
                    row[self.index[member]] += sign
                else:
                    constant -= sign * ranges[member][0]
            if row.any():
                matrix.append(row)
                rhs.append(constant)
            else:
                assert constant == 0, f"the published numbers contradict a sum: {total}"
        self.constraints = LinearConstraint(np.array(matrix), rhs, rhs) if matrix else None
        self.bounds = Bounds(
            [ranges[c][0] for c in self.unknown], [min(ranges[c][1], BIG) for c in self.unknown]
        )

    def extreme(self, cell: Cell, direction: int) -> int:
        """The largest (direction 1) or smallest (-1) whole value the cell can take."""
        if cell not in self.index:
            return self.ranges[cell][0]
        cost = np.zeros(len(self.unknown))
        cost[self.index[cell]] = -direction
        # The relaxation first (no whole numbers asked, quick): when its best corner is whole, it
        # is the whole-number answer too. Otherwise the integer program decides.
        for whole in (0, 1):
            result = milp(
                cost,
                constraints=self.constraints,
                integrality=np.full(len(self.unknown), whole),
                bounds=self.bounds,
                options={"presolve": bool(whole)},
            )
            assert result.status == 0, f"the attacker's program failed: {result.message}"
            if whole or np.all(np.abs(result.x - np.round(result.x)) < 1e-6):
                return round(result.x[self.index[cell]])
        raise AssertionError("unreachable")

    def span(self, cell: Cell) -> tuple[int, int]:
        return self.extreme(cell, -1), self.extreme(cell, 1)


def attack_ranges(
    known: Mapping[Cell, int | tuple[int, int]],
    lines: Lines,
    never_shown: Callable[[Cell], bool] = lambda cell: False,
) -> dict[Cell, tuple[int, int]]:
    """What a reader may assume about every cell in the sums: a known number (or range) as it is,
    a hidden one at least 1 (zeros are shown), one never published at least 0."""
    ranges: dict[Cell, tuple[int, int]] = {}
    for total, parts in lines:
        for cell in (total, *parts):
            if cell in known:
                value = known[cell]
                ranges[cell] = value if isinstance(value, tuple) else (value, value)
            else:
                ranges[cell] = (0 if never_shown(cell) else 1, BIG)
    return ranges


def worked_out(
    known: Mapping[Cell, int | tuple[int, int]],
    truth: Mapping[Cell, int],
    lines: Lines,
    never_shown: Callable[[Cell], bool] = lambda cell: False,
    cells: Iterable[Cell] | None = None,
) -> list[tuple[Cell, int, int]]:
    """Hidden cells with a true value of 1 to 4 whose largest possible value is below 5.

    A cell never published is not asked about: it is in the sums, but never shown as a number.
    """
    ranges = attack_ranges(known, lines, never_shown)
    model = Model(ranges, lines)
    asked = cells if cells is not None else ranges
    found = []
    for cell in sorted(asked, key=str):
        if cell in known or never_shown(cell) or not 0 < truth.get(cell, 0) < 5:
            continue
        highest = model.extreme(cell, 1)
        if highest < 5:
            found.append((cell, truth[cell], highest))
    return found
