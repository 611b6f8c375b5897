"""The course's progress code: which of the 17 modules are done, and nothing else.

Four Crockford base32 characters carry 17 bits (one per module); a fifth is a
Luhn mod 32 check character, so any single mistyped character is caught (and
every swap of two neighbours except "0Z" and "Z0"). The code is a pure function of the set of finished
modules: everyone with the same progress has the same code, so it identifies no one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from stdnum import luhn

MODULE_COUNT = 17
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
DATA_LENGTH = 4
CODE_LENGTH = DATA_LENGTH + 1
# What people type by mistake for a digit, as Crockford's base32 intends.
_ALIASES = str.maketrans("OIL", "011")
_SEPARATORS = str.maketrans("", "", " -_.")


class InvalidCode(ValueError):
    """The text is not a progress code: wrong characters, wrong length or a failed check."""


@dataclass(frozen=True)
class Progress:
    done: frozenset[int] = frozenset()

    @property
    def code(self) -> str:
        return encode(self.done)

    @property
    def done_count(self) -> int:
        return len(self.done)

    def is_done(self, number: int) -> bool:
        return number in self.done

    def with_done(self, number: int) -> Progress:
        return Progress(self.done | {number})

    def without(self, number: int) -> Progress:
        return Progress(self.done - {number})

    def next_module(self) -> int | None:
        """The first module not done yet, or None when all are done."""
        return next((n for n in range(1, MODULE_COUNT + 1) if n not in self.done), None)


def encode(done: Iterable[int]) -> str:
    value = 0
    for number in set(done):
        if not 1 <= number <= MODULE_COUNT:
            raise ValueError(f"there is no module {number}")
        value |= 1 << (number - 1)
    data = "".join(ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(DATA_LENGTH)))
    return data + luhn.calc_check_digit(data, ALPHABET)


def normalise(text: str) -> str:
    return text.translate(_SEPARATORS).upper().translate(_ALIASES)


def decode(text: str) -> Progress:
    """The progress a code stands for; raises InvalidCode for anything else."""
    code = normalise(text[:40])
    if len(code) != CODE_LENGTH or any(char not in ALPHABET for char in code):
        raise InvalidCode(text)
    if not luhn.is_valid(code, ALPHABET):
        raise InvalidCode(text)
    value = 0
    for char in code[:DATA_LENGTH]:
        value = value * 32 + ALPHABET.index(char)
    if value >= 1 << MODULE_COUNT:
        raise InvalidCode(text)
    return Progress(frozenset(n for n in range(1, MODULE_COUNT + 1) if value & (1 << (n - 1))))
