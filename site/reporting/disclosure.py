"""Which numbers to hide so that no number from 1 to 4 can be shown or worked out.

The figures form a web of sums: a table's rows add up to its total, a cross
table's cells to both of its margins, four quarters to the year. Hiding a
small number is not enough when the others in the same sum are shown:
subtracting gives it back. So, for one year at a time:

1. Primary: every number from 1 to 4 is hidden.
2. Secondary: in every sum (a `Line`) with a shown total, the hidden parts
   together are 0 or at least 5, so subtracting the shown parts from the total
   never gives 1 to 4; a hidden total needs a hidden part beside it. When not,
   the smallest shown number above zero in that sum is hidden as well.
3. Audit: for every hidden number from 1 to 4, look for another set of values
   that fits every shown number and every sum just as well (a hidden number is
   at least 1, since zeros are shown; a never-shown one at least 0). When there
   is one, no one can work the hidden number out. When none is found, hide
   another number next to it and try again.

Zeros are always shown: nobody is no one to recognise, and a reader may rely
on a hidden number being at least 1 (the audit assumes that reader). Cells in
`always_shown` (totals that are published anyway, such as the number
of advice requests) are never hidden; cells in `always_hidden` (such as a
cross-table's "not answered" column) are never shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

Cell = Hashable
SMALLEST_SHOWN = 5
SEARCH_LIMIT = 4000  # moves tried per hidden number before it counts as not protected


@dataclass(frozen=True)
class Line:
    """total = sum(parts)."""

    total: Cell
    parts: tuple[Cell, ...]

    def members(self) -> tuple[Cell, ...]:
        return (self.total, *self.parts)

    def sign(self, cell: Cell) -> int:
        return -1 if cell == self.total else 1


def protect(
    values: Mapping[Cell, int],
    lines: Iterable[Line],
    always_hidden: Iterable[Cell] = (),
    always_shown: Iterable[Cell] = (),
) -> set[Cell]:
    """The cells to hide; every cell in a line must be in values."""
    lines = [line for line in lines if line.parts]
    shown = set(always_shown)
    unseen = set(always_hidden)
    hidden = {cell for cell, n in values.items() if 0 < n < SMALLEST_SHOWN and cell not in shown} | unseen
    lines_of: dict[Cell, list[Line]] = defaultdict(list)
    for line in lines:
        for cell in line.members():
            lines_of[cell].append(line)
    while True:
        complete_lines(values, lines, hidden, shown)
        stuck = unprotected(values, lines_of, hidden, unseen)
        if not stuck:
            return hidden
        before = len(hidden)
        for cell in stuck:
            extra = nearest_complement(cell, values, lines_of, hidden, shown)
            if extra is not None:
                hidden.add(extra)
        if len(hidden) == before:
            # Nothing above zero is left to hide (zeros are always shown, so that a reader can
            # rely on a hidden number being at least 1); the tests check this never happens.
            return hidden


def nearest_complement(
    cell: Cell,
    values: Mapping[Cell, int],
    lines_of: Mapping[Cell, list[Line]],
    hidden: set[Cell],
    shown: set[Cell],
) -> Cell | None:
    """A shown number to hide in a sum of this cell, or else of the hidden cells it is summed with."""
    seen, frontier = {cell}, [cell]
    while frontier:
        following = []
        for current in frontier:
            for line in lines_of[current]:
                extra = complement(values, line, hidden, shown)
                if extra is not None:
                    return extra
                following += [m for m in line.members() if m in hidden and m not in seen]
                seen.update(following)
        frontier = following
    return None


def complete_lines(
    values: Mapping[Cell, int], lines: list[Line], hidden: set[Cell], shown: set[Cell]
) -> None:
    changed = True
    while changed:
        changed = False
        for line in lines:
            if line_protected(values, line, hidden):
                continue
            extra = complement(values, line, hidden, shown)
            if extra is not None:
                hidden.add(extra)
                changed = True


def line_protected(values: Mapping[Cell, int], line: Line, hidden: set[Cell]) -> bool:
    """Subtracting what this sum shows leaves nothing from 1 to 4, and no lone hidden number."""
    parts = sum(values[c] for c in line.parts if c in hidden)
    if line.total not in hidden:
        # total − shown parts = the hidden parts together: 0 or at least 5.
        return parts == 0 or parts >= SMALLEST_SHOWN
    # The total is hidden too: it and the hidden parts differ by a shown amount; one alone is known.
    return sum(c in hidden for c in line.parts) >= 1


def complement(values: Mapping[Cell, int], line: Line, hidden: set[Cell], shown: set[Cell]) -> Cell | None:
    """The smallest shown number above zero in the line, a part rather than the total."""
    free = [c for c in line.members() if c not in hidden and c not in shown and values[c] > 0]
    parts = [c for c in free if c != line.total]
    if parts:
        return min(parts, key=lambda c: (values[c], str(c)))
    return free[0] if free else None


def unprotected(
    values: Mapping[Cell, int], lines_of: Mapping[Cell, list[Line]], hidden: set[Cell], unseen: set[Cell]
) -> list[Cell]:
    """Hidden numbers from 1 to 4 (never-shown ones too) for which no other fitting value was found.

    Larger hidden numbers only protect the small ones: one of them may be worked
    out exactly, that is no number under 5.
    """
    free: set[Cell] = set()
    stuck = []
    for cell in sorted((c for c in hidden if 0 < values[c] < SMALLEST_SHOWN), key=str):
        if cell in free:
            continue
        move = find_move(cell, values, lines_of, hidden, unseen)
        if move is None:
            stuck.append(cell)
        else:
            free.update(move)
    return stuck


def find_move(
    start: Cell,
    values: Mapping[Cell, int],
    lines_of: Mapping[Cell, list[Line]],
    hidden: set[Cell],
    unseen: set[Cell],
) -> dict[Cell, int] | None:
    """A change of ±1 to some hidden cells, `start` among them, that keeps every sum and bound.

    Zeros are shown, so a reader knows a hidden number is at least 1 (a never-shown one at least 0).
    """
    budget = [SEARCH_LIMIT]

    def fits(cell: Cell, step: int) -> bool:
        lowest = 0 if cell in unseen else min(values[cell], 1)
        return values[cell] + step >= lowest

    def off(line: Line, move: dict[Cell, int]) -> int:
        return sum(line.sign(c) * move[c] for c in line.members() if c in move)

    def search(move: dict[Cell, int], unbalanced: dict[int, Line]) -> dict[Cell, int] | None:
        budget[0] -= 1
        if budget[0] < 0:
            return None
        if not unbalanced:
            return move
        # The sum with the fewest ways to balance it first; in it, the cells that balance other sums too.
        options = []
        for line in unbalanced.values():
            gap = off(line, move)
            steps = []
            for cell in line.members():
                if cell in hidden and cell not in move:
                    step = -line.sign(cell) * (1 if gap > 0 else -1)
                    if fits(cell, step):
                        steps.append((cell, step))
            options.append((len(steps), id(line), steps))
            if not steps:
                return None
        _, _, steps = min(options, key=lambda o: o[:2])
        ranked = []
        for cell, step in steps:
            trial = {**move, cell: step}
            after = {id(ln): ln for ln in [*unbalanced.values(), *lines_of[cell]] if off(ln, trial)}
            ranked.append((len(after), str(cell), trial, after))
        for _, _, trial, after in sorted(ranked, key=lambda r: r[:2]):
            found = search(trial, after)
            if found is not None:
                return found
        return None

    for step in (1, -1):
        if fits(start, step):
            move = {start: step}
            found = search(move, {id(ln): ln for ln in lines_of[start]})
            if found is not None:
                return found
    return None
