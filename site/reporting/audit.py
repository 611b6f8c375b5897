"""The attacker, as an exact integer program: what can be worked out from everything published?

A reader knows every published number, every sum the tables form (a `Line`:
total = sum of parts) and a range for each number: exactly the number shown, a
rounding interval, "at least 1" for a hidden one. `Attack.reaches` answers,
for many cells at once, whether some whole-number solution that fits all of it
puts a cell at or beyond a value. It is solved by HiGHS (`scipy.optimize.milp`),
a maintained exact solver, not by a search of our own that could give up early.

Fast first: the relaxation without whole numbers (linear programming) is
solved for all asked cells together and then per cell. When even the
relaxation cannot reach a value, no whole-number solution can; when its
solution is whole, it is a proof; only otherwise is the integer program
solved. Every whole solution found settles every asked cell it reaches.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from math import inf

import numpy as np

Cell = Hashable
TOLERANCE = 1e-6
RANDOM_DIRECTIONS = 6
TIME_LIMIT = 20.0  # seconds per solve; a solve that runs out proves nothing (counted as not reached)


@dataclass(frozen=True)
class Line:
    """total = sum(parts)."""

    total: Cell
    parts: tuple[Cell, ...]

    def members(self) -> tuple[Cell, ...]:
        return (self.total, *self.parts)

    def sign(self, cell: Cell) -> int:
        return -1 if cell == self.total else 1


class Attack:
    """The integer program of one publication: cells with a range, lines that must add up.

    Cells that share no sum with an unknown cell are solved apart (a table whose total is
    published exactly is its own small program), which keeps every solve small.
    """

    def __init__(self, lines: Iterable[Line], ranges: Mapping[Cell, tuple[float, float]]):
        self.ranges = ranges
        self.open = sorted((c for c, (lo, hi) in ranges.items() if lo < hi), key=str)
        self.index = {c: i for i, c in enumerate(self.open)}
        rows, rhs = [], []
        for line in lines:
            coefficients: dict[int, int] = {}
            constant = 0.0
            for cell in line.members():
                sign = line.sign(cell)
                if cell in self.index:
                    i = self.index[cell]
                    coefficients[i] = coefficients.get(i, 0) + sign
                else:
                    constant -= sign * ranges[cell][0]
            coefficients = {i: k for i, k in coefficients.items() if k}
            if coefficients:
                rows.append(coefficients)
                rhs.append(constant)
        # Larger than any value a fitting solution needs: every known number and bound added up, and more.
        finite = [v for lo, hi in ranges.values() for v in (lo, hi) if v < inf]
        self.room = 2 * sum(abs(v) for v in finite) + 100
        self.programs = [
            Program(self, cells, [(rows[r], rhs[r]) for r in members])
            for cells, members in components(len(self.open), rows)
        ]
        self.program_of = {i: program for program in self.programs for i in program.cells}

    def value(self, solution: dict[int, float], cell: Cell) -> float | None:
        return solution.get(self.index[cell])

    def reaches(self, targets: Mapping[Cell, int], upward: bool = True) -> set[Cell]:
        """The cells for which some fitting whole-number solution has cell >= target (upward) or <= target."""
        reached = set()
        pending = {}
        for cell, target in targets.items():
            lo, hi = self.ranges[cell]
            if (hi >= target) if upward else (lo <= target):
                if cell in self.index:
                    pending[cell] = target
                else:
                    reached.add(cell)  # a known number that already lies there
        sign = 1 if upward else -1

        def take(solution: dict[int, float]) -> None:
            for c, t in list(pending.items()):
                x = solution.get(self.index[c])
                if x is not None and sign * (x - t) >= -TOLERANCE:
                    reached.add(c)
                    del pending[c]

        # First many at once, as a relaxation (no whole numbers asked): its corner is usually whole.
        # Cells in one sum compete, so then a few random halves of them (the same on every run).
        chance = random.Random(0)
        for attempt in range(RANDOM_DIRECTIONS + 1):
            for program in {self.program_of[self.index[c]] for c in pending}:
                weights = {
                    self.index[c]: sign
                    for c in sorted(pending, key=str)
                    if self.program_of[self.index[c]] is program and (attempt == 0 or chance.random() < 0.5)
                }
                solution = program.solve(weights, whole=False) if weights else None
                if solution is not None and whole_solution(solution):
                    take(solution)
        for cell in sorted(pending, key=str):
            if cell not in pending:
                continue
            i = self.index[cell]
            program = self.program_of[i]
            relaxed = program.solve({i: sign}, whole=False)
            if relaxed is None or sign * (relaxed[i] - pending[cell]) < -TOLERANCE:
                del pending[cell]  # not even the relaxation reaches it: no whole solution does
                continue
            if whole_solution(relaxed):
                take(relaxed)
            else:
                solution = program.solve({i: sign}, whole=True)
                if solution is not None:
                    take(solution)
                pending.pop(cell, None)
        return reached


def components(size: int, rows: list[dict[int, int]]) -> list[tuple[list[int], list[int]]]:
    """Groups of unknown cells linked by sums, each with the sums it is in."""
    parent = list(range(size))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for coefficients in rows:
        first, *rest = coefficients
        for other in rest:
            parent[root(other)] = root(first)
    cells: dict[int, list[int]] = {}
    for i in range(size):
        cells.setdefault(root(i), []).append(i)
    members: dict[int, list[int]] = {}
    for r, coefficients in enumerate(rows):
        members.setdefault(root(next(iter(coefficients))), []).append(r)
    return [(group, members.get(key, [])) for key, group in cells.items()]


class Program:
    """One group of linked unknown cells and its sums, ready to be solved."""

    def __init__(self, attack: Attack, cells: list[int], rows: list[tuple[dict[int, int], float]]):
        # SciPy is imported when a report is built, not when the site starts (it is half a second).
        from scipy.sparse import csr_array

        self.cells = cells
        position = {i: j for j, i in enumerate(cells)}
        self.position = position
        data, row_ids, column_ids = [], [], []
        for r, (coefficients, _) in enumerate(rows):
            for i, k in coefficients.items():
                data.append(k)
                row_ids.append(r)
                column_ids.append(position[i])
        self.matrix = csr_array((data, (row_ids, column_ids)), shape=(len(rows), len(cells)))
        self.rhs = np.array([constant for _, constant in rows])
        ranges = [attack.ranges[attack.open[i]] for i in cells]
        self.lower = np.array([lo for lo, _ in ranges], dtype=float)
        self.upper = np.array([hi for _, hi in ranges], dtype=float)
        self.room = attack.room

    def solve(self, weights: Mapping[int, int], whole: bool) -> dict[int, float] | None:
        """{cell index: value} maximising sum(weight * cell); None when none was found in time."""
        from scipy.optimize import Bounds, LinearConstraint, milp

        cost = np.zeros(len(self.cells))
        for i, weight in weights.items():
            cost[self.position[i]] = -weight
        upper = np.minimum(self.upper, self.room)  # bounded, so that a maximum exists
        result = milp(
            cost,
            constraints=LinearConstraint(self.matrix, self.rhs, self.rhs) if len(self.rhs) else None,
            integrality=np.full(len(self.cells), 1 if whole else 0),
            bounds=Bounds(self.lower, upper),
            # A linear program this small is solved fastest without HiGHS' presolve.
            options={"time_limit": TIME_LIMIT, "presolve": whole},
        )
        if result.x is None:
            return None
        return dict(zip(self.cells, result.x, strict=True))


def whole_solution(solution: dict[int, float]) -> bool:
    return all(abs(x - round(x)) < TOLERANCE for x in solution.values())


def too_narrow(attack: Attack, truth: Mapping[Cell, int], cells: Iterable[Cell], width: int) -> list[Cell]:
    """The cells whose possible values, given everything published, span less than `width`.

    The true values are one solution. A few solutions that push the cells every which way
    (random directions, the same ones on every run) settle most cells; the rest are asked one
    by one, as far up and as far down as they go.
    """
    cells = [c for c in cells if c in attack.ranges]
    up = {c: 0 for c in cells}
    down = {c: 0 for c in cells}

    def take(solution: dict[int, float]) -> None:
        for c in cells:
            x = solution.get(attack.index.get(c, -1))
            if x is not None:
                up[c] = max(up[c], round(x) - truth[c])
                down[c] = max(down[c], truth[c] - round(x))

    def short(c: Cell) -> bool:
        return up[c] + down[c] < width

    chance = random.Random(0)
    for program in attack.programs:
        inside = [c for c in cells if attack.index.get(c) in program.position]
        for _ in range(RANDOM_DIRECTIONS if inside else 0):
            weights = {attack.index[c]: chance.choice((-1, 1)) for c in inside}
            solution = program.solve(weights, whole=False)
            if solution is not None and whole_solution(solution):
                take(solution)
    for cell in [c for c in cells if short(c) and c in attack.index]:
        for direction in (1, -1):
            if not short(cell):
                break
            i = attack.index[cell]
            program = attack.program_of[i]
            relaxed = program.solve({i: direction}, whole=False)
            if relaxed is None:
                continue
            solution = relaxed if whole_solution(relaxed) else program.solve({i: direction}, whole=True)
            if solution is not None:
                take(solution)
    return [c for c in cells if short(c)]
