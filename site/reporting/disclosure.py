"""Which numbers to hide, and how the others are shown, so that no small number can be worked out.

The figures form a web of sums (a `Line`: a table's rows add up to its total,
a cross table's cells to both margins, four quarters to the year). Any set of
tables is protected the same way: its cells (`values`) and its lines.

1. Primary: every number from 1 to 4 is hidden.
2. Secondary (a quick first choice): in every sum with a shown total, the
   hidden parts together are 0, or at least 5 and more than one; a hidden
   total needs a hidden part beside it. When not, the smallest shown number in
   that sum is hidden.
3. Proof (audit.py, an exact integer program): for every hidden number from 1
   to 4, some whole-number solution that fits every published number and every
   sum puts it at 5 or more. A reader may know that a hidden number is at least
   1 (zeros are always shown; "nobody" points to no one); a cell that is never
   published (`unpublished`) may be 0. Checked against the exact values of the
   shown numbers, so rounding them (below) only makes it safer. When the proof
   fails for a cell, a number next to it is hidden and the proof runs again.
4. Rounding: a shown number above zero is published rounded to the nearest
   multiple of 5 (5, 6, 7 → 5; 8 … 12 → 10). Someone who adds answers of their
   own knows how many they added; rounding means they still cannot subtract
   them to get the others' number. The proof checks that every number above
   zero (shown or hidden) keeps at least three possible values given all that
   is published, rounding included; a number that does not is hidden.

Cells in `exact` (totals published anyway, such as the advice requests) are
shown as they are and never hidden; `fixed_shown` and `fixed_hidden` keep the
choice of an earlier publication (a quarter, when its year is published).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from hulpwijzer.reporting.audit import Attack, Cell, Line, too_narrow

SMALLEST_SHOWN = 5
ROUNDING_BASE = 5
WIDTH = 2  # a number's possible values span at least this much (three values), whatever else is known
CACHE_SIZE = 64
_cache: dict[tuple, frozenset] = {}

__all__ = ["Cell", "Line", "SMALLEST_SHOWN", "protect", "published", "rounded", "rounding_range"]


def rounded(n: int) -> int:
    """A shown number as published: 0 stays 0, the rest to the nearest multiple of 5."""
    return (
        0 if n == 0 else max(ROUNDING_BASE, ROUNDING_BASE * ((2 * n + ROUNDING_BASE) // (2 * ROUNDING_BASE)))
    )


def rounding_range(shown: int) -> tuple[int, int]:
    """What a published rounded number can stand for (a shown number is never 1 to 4)."""
    if shown == 0:
        return (0, 0)
    half = ROUNDING_BASE // 2
    return (max(SMALLEST_SHOWN, shown - half), shown + half)


def published(values: Mapping[Cell, int], hidden: set[Cell], exact: Iterable[Cell] = ()) -> dict[Cell, int]:
    """Every cell not hidden, as it is published: exact cells as they are, the rest rounded."""
    exact = set(exact)
    return {c: (n if c in exact else rounded(n)) for c, n in values.items() if c not in hidden}


def protect(
    values: Mapping[Cell, int],
    lines: Iterable[Line],
    *,
    exact: Iterable[Cell] = (),
    unpublished: Iterable[Cell] = (),
    fixed_shown: Iterable[Cell] = (),
    fixed_hidden: Iterable[Cell] = (),
) -> set[Cell]:
    """The cells to hide (unpublished ones included); every cell in a line must be in values.

    The answer for the same figures is remembered: a period that has ended never changes, so its
    tables are worked out once per process.
    """
    lines = tuple(line for line in lines if line.parts)
    key = (
        frozenset(values.items()),
        lines,
        frozenset(exact),
        frozenset(unpublished),
        frozenset(fixed_shown),
        frozenset(fixed_hidden),
    )
    if key not in _cache:
        if len(_cache) >= CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[key] = frozenset(choose(values, list(lines), *key[2:]))
    return set(_cache[key])


def choose(
    values: Mapping[Cell, int],
    lines: list[Line],
    exact: frozenset,
    unpublished: frozenset,
    fixed_shown: frozenset,
    fixed_hidden: frozenset,
) -> set[Cell]:
    keep = exact | fixed_shown | fixed_hidden | unpublished  # never changed here
    hidden = {c for c, n in values.items() if 0 < n < SMALLEST_SHOWN and c not in keep}
    hidden |= fixed_hidden | unpublished
    lines_of: dict[Cell, list[Line]] = defaultdict(list)
    for line in lines:
        for cell in line.members():
            lines_of[cell].append(line)
    # Hiding more only widens what a reader must consider, so a cell once proven safe stays safe.
    safe: set[Cell] = set()
    wide: set[Cell] = set()
    while True:
        complete_lines(values, lines, hidden, keep, unpublished)
        stuck = small_unsafe(values, lines, hidden, unpublished, safe)
        narrow = [] if stuck else injection_unsafe(values, lines, hidden, exact, unpublished, wide)
        if not stuck and not narrow:
            return hidden
        # What is hidden for one cell often protects its neighbours as well: cells that share a sum
        # with a number hidden in this round wait for the next check.
        added: set[Cell] = set()
        near: set[Cell] = set()
        for cell in [*stuck, *narrow]:
            if cell in near:
                continue
            if cell in stuck or cell in hidden or cell in keep:
                extra = nearest_complement(cell, values, lines_of, hidden, keep)
            else:
                extra = cell
            if extra is not None and extra not in hidden:
                hidden.add(extra)
                added.add(extra)
                near |= {m for line in lines_of[extra] for m in line.members()}
        if not added:
            # Nothing above zero is left to hide; the tests check this never happens.
            return hidden


def floor(cell: Cell, unpublished: frozenset) -> int:
    return 0 if cell in unpublished else 1


def small_unsafe(
    values: Mapping[Cell, int], lines: list[Line], hidden: set[Cell], unpublished: frozenset, safe: set[Cell]
) -> list[Cell]:
    """Hidden numbers from 1 to 4 that no fitting solution puts at 5 or more (shown ones exact).

    Adds the ones proven safe to `safe`, and does not ask about those again.
    """
    ranges = {c: (floor(c, unpublished), float("inf")) if c in hidden else (n, n) for c, n in values.items()}
    small = {c: SMALLEST_SHOWN for c in hidden if 0 < values[c] < SMALLEST_SHOWN and c not in safe}
    if not small:
        return []
    reached = Attack(lines, ranges).reaches(small)
    safe |= reached
    return sorted(set(small) - reached, key=str)


def injection_unsafe(
    values: Mapping[Cell, int],
    lines: list[Line],
    hidden: set[Cell],
    exact: frozenset,
    unpublished: frozenset,
    wide: set[Cell],
) -> list[Cell]:
    """Numbers above zero that what is published (rounded) pins to fewer than three values.

    Adds the ones proven to keep three values to `wide`, and does not ask about those again.
    """
    shown = published(values, hidden, exact)
    ranges = {}
    for cell, n in values.items():
        if cell in hidden:
            ranges[cell] = (floor(cell, unpublished), float("inf"))
        elif cell in exact:
            ranges[cell] = (n, n)
        else:
            ranges[cell] = rounding_range(shown[cell])
    checked = [
        c for c, n in values.items() if n > 0 and c not in exact and c not in unpublished and c not in wide
    ]
    narrow = too_narrow(Attack(lines, ranges), values, checked, WIDTH)
    wide.update(set(checked) - set(narrow))
    if narrow:
        # A number that the exact totals and the zeros fix on their own (everyone in a total gave
        # this answer) says nothing the totals do not: hiding more would not change it.
        blind = {
            c: ranges[c] if c in exact or n == 0 else (floor(c, unpublished), float("inf"))
            for c, n in values.items()
        }
        fixed = set(too_narrow(Attack(lines, blind), values, narrow, WIDTH))
        wide |= fixed
        narrow = [c for c in narrow if c not in fixed]
    return sorted(narrow, key=str)


def nearest_complement(
    cell: Cell,
    values: Mapping[Cell, int],
    lines_of: Mapping[Cell, list[Line]],
    hidden: set[Cell],
    keep: frozenset,
) -> Cell | None:
    """A shown number to hide in a sum of this cell, or else of the hidden cells it is summed with.

    Nearest sums first; among them the smallest part, and the nearest total only when no sum has a
    part to hide (a hidden total hides more than it needs to: it asks for more hiding in its table).
    """
    seen, frontier = {cell}, [cell]
    checked: set[int] = set()
    first_total = None
    while frontier:
        following, parts, totals = [], [], []
        for current in frontier:
            for line in lines_of[current]:
                if id(line) in checked:
                    continue
                checked.add(id(line))
                for member in line.members():
                    if member in hidden:
                        if member not in seen:
                            seen.add(member)
                            following.append(member)
                    elif member not in keep and values[member] > 0:
                        (totals if member == line.total else parts).append(member)
        if parts:
            return min(parts, key=lambda c: (values[c], str(c)))
        first_total = first_total or min(totals, key=lambda c: (values[c], str(c)), default=None)
        frontier = following
    return first_total


def complete_lines(
    values: Mapping[Cell, int], lines: list[Line], hidden: set[Cell], keep: frozenset, unpublished: frozenset
) -> None:
    changed = True
    while changed:
        changed = False
        for line in lines:
            if line_protected(values, line, hidden, unpublished):
                continue
            extra = complement(values, line, hidden, keep)
            if extra is not None:
                hidden.add(extra)
                changed = True


def line_protected(values: Mapping[Cell, int], line: Line, hidden: set[Cell], unpublished: frozenset) -> bool:
    """Subtracting what this sum shows leaves nothing from 1 to 4, and no lone hidden number."""
    hidden_parts = [c for c in line.parts if c in hidden]
    parts = sum(values[c] for c in hidden_parts)
    if line.total not in hidden:
        # total − shown parts = the hidden parts together: 0, or at least 5 and not one published
        # number alone (a never-published one, such as "not answered", may be worked out).
        alone = len(hidden_parts) == 1 and hidden_parts[0] not in unpublished
        return parts == 0 or (parts >= SMALLEST_SHOWN and not alone)
    # The total is hidden too: it and the hidden parts differ by a shown amount; one alone is known.
    return sum(c in hidden for c in line.parts) >= 1


def complement(values: Mapping[Cell, int], line: Line, hidden: set[Cell], keep: frozenset) -> Cell | None:
    """The smallest shown number above zero in the line, a part rather than the total."""
    free = [c for c in line.members() if c not in hidden and c not in keep and values[c] > 0]
    parts = [c for c in free if c != line.total]
    if parts:
        return min(parts, key=lambda c: (values[c], str(c)))
    return free[0] if free else None
