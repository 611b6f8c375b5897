"""An attacker who knows every published number and every sum, and tries to work out hidden ones.

Independent of site/reporting/disclosure.py on purpose: it does not look for
±1 moves, it solves the sums as a small integer constraint problem (bounds
propagation and search), so a mistake in the product's reasoning shows up here.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping

Cell = Hashable
Lines = list[tuple[Cell, tuple[Cell, ...]]]  # total = sum(parts)


def single_subtractions(known: Mapping[Cell, int], lines: Lines) -> list[tuple[Cell, int]]:
    """What the issue's reader does: a shown total minus its shown parts, when that leaves 1 to 4."""
    found = []
    for total, parts in lines:
        if total in known and any(p not in known for p in parts):
            rest = known[total] - sum(known[p] for p in parts if p in known)
            if 0 < rest < 5:
                found.append((total, rest))
        if total not in known and all(p in known for p in parts):
            continue  # the total is hidden but computable: a sum of shown numbers, not a small cell
    return found


class Solver:
    def __init__(
        self,
        known: Mapping[Cell, int],
        unknown: Iterable[Cell],
        lines: Lines,
        ceiling: int,
        floor: Mapping[Cell, int],
    ):
        self.unknown = sorted(set(unknown), key=str)
        self.ceiling = ceiling
        self.floor = floor
        # Each equation as ({unknown: coefficient}, constant): sum(coef * x) == constant.
        self.equations = []
        for total, parts in lines:
            terms: dict[Cell, int] = {}
            constant = 0
            for cell, coef in [(total, -1), *((p, 1) for p in parts)]:
                if cell in known:
                    constant -= coef * known[cell]
                else:
                    terms[cell] = terms.get(cell, 0) + coef
            terms = {c: k for c, k in terms.items() if k}
            if terms:
                self.equations.append((terms, constant))
            elif constant:
                raise AssertionError(f"published numbers contradict a sum: {total}")

    def propagate(self, low: dict, high: dict) -> bool:
        changed = True
        while changed:
            changed = False
            for terms, constant in self.equations:
                for cell, coef in terms.items():
                    rest_low = sum(min(k * low[c], k * high[c]) for c, k in terms.items() if c != cell)
                    rest_high = sum(max(k * low[c], k * high[c]) for c, k in terms.items() if c != cell)
                    # coef * x = constant - rest, with coef ±1
                    lo, hi = sorted((coef * (constant - rest_high), coef * (constant - rest_low)))
                    if lo > low[cell]:
                        low[cell], changed = lo, True
                    if hi < high[cell]:
                        high[cell], changed = hi, True
                    if low[cell] > high[cell]:
                        return False
        return True

    def solve(self, low: dict, high: dict, budget: list[int]) -> bool:
        budget[0] -= 1
        if budget[0] < 0:
            raise AssertionError("the attacker ran out of patience: make the fixture smaller")
        if not self.propagate(low, high):
            return False
        open_cells = [c for c in self.unknown if low[c] < high[c]]
        if not open_cells:
            return all(sum(k * low[c] for c, k in t.items()) == constant for t, constant in self.equations)
        cell = min(open_cells, key=lambda c: (high[c] - low[c], str(c)))
        for value in range(low[cell], high[cell] + 1):
            if self.solve({**low, cell: value}, {**high, cell: value}, budget):
                return True
        return False

    def other_value_possible(self, cell: Cell, value: int) -> bool:
        """Is there a solution in which this hidden cell is not `value`?"""
        for low_value, high_value in ((self.floor.get(cell, 0), value - 1), (value + 1, self.ceiling)):
            if low_value > high_value:
                continue
            low = {c: self.floor.get(c, 0) for c in self.unknown}
            high = dict.fromkeys(self.unknown, self.ceiling)
            low[cell], high[cell] = low_value, high_value
            if self.solve(low, high, [200_000]):
                return True
        return False


def worked_out(
    known: Mapping[Cell, int],
    truth: Mapping[Cell, int],
    lines: Lines,
    ceiling: int,
    never_shown: Callable[[Cell], bool] = lambda cell: False,
) -> list[tuple[Cell, int]]:
    """Hidden cells with a true value of 1 to 4 that the published numbers pin down.

    The attacker knows that zeros are shown, so a hidden published cell is at least 1; a cell
    that is never published at all (never_shown) may be 0.
    """
    hidden = {cell for total, parts in lines for cell in (total, *parts) if cell not in known}
    floor = {cell: 0 if never_shown(cell) else 1 for cell in hidden}
    solver = Solver(known, hidden, lines, ceiling, floor)
    return [
        (cell, truth[cell])
        for cell in sorted(hidden, key=str)
        if 0 < truth[cell] < 5 and not solver.other_value_possible(cell, truth[cell])
    ]
