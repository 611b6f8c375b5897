"""A course's progress code: which of its modules are done, and nothing else.

The code is Crockford base32: one character per five modules, then a Luhn mod 32
check character, so any single mistyped character is caught (and every swap of
two neighbours except "0Z" and "Z0"). The check is computed over a hidden
character that stands for the course, so a code made in one course is refused by
every other course whose codes have the same length (the content check makes
sure no two such courses share that character). The original course's hidden
character is "0", which adds nothing to the check: its codes from before there
were several courses stay valid. The code is a pure function of the set of
finished modules: everyone with the same progress has the same code, so it
identifies no one.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from stdnum import luhn

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BITS_PER_CHARACTER = 5
# What people type by mistake for a digit, as Crockford's base32 intends.
_ALIASES = str.maketrans("OIL", "011")
_SEPARATORS = str.maketrans("", "", " -_.")
# Longer input is cut before it is read: no code is anywhere near this long.
_MAX_INPUT = 40


class InvalidCode(ValueError):
    """The text is not a progress code of this course: wrong characters, length or check."""


@dataclass(frozen=True)
class Progress:
    total: int
    done: frozenset[int] = frozenset()

    @property
    def done_count(self) -> int:
        return len(self.done)

    def is_done(self, number: int) -> bool:
        return number in self.done

    def with_done(self, number: int) -> Progress:
        return Progress(self.total, self.done | {number})

    def without(self, number: int) -> Progress:
        return Progress(self.total, self.done - {number})

    def next_module(self) -> int | None:
        """The first module not done yet, or None when all are done."""
        return next((n for n in range(1, self.total + 1) if n not in self.done), None)


def course_character(course_id: str, original: bool) -> str:
    """The hidden character that ties a course's codes to that course."""
    if original:
        return ALPHABET[0]
    return ALPHABET[1 + zlib.crc32(course_id.encode()) % (len(ALPHABET) - 1)]


@dataclass(frozen=True)
class ProgressCodes:
    """Encodes and decodes the progress codes of one course."""

    module_count: int
    course_character: str

    @property
    def data_length(self) -> int:
        return max(1, -(-self.module_count // BITS_PER_CHARACTER))

    @property
    def length(self) -> int:
        return self.data_length + 1

    def start(self) -> Progress:
        return Progress(self.module_count)

    def encode(self, done: Iterable[int]) -> str:
        value = 0
        for number in set(done):
            if not 1 <= number <= self.module_count:
                raise ValueError(f"there is no module {number}")
            value |= 1 << (number - 1)
        data = "".join(
            ALPHABET[(value >> (BITS_PER_CHARACTER * i)) & 31] for i in reversed(range(self.data_length))
        )
        return data + luhn.calc_check_digit(self.course_character + data, ALPHABET)

    def code(self, progress: Progress) -> str:
        return self.encode(progress.done)

    def decode(self, text: str) -> Progress:
        """The progress a code stands for; raises InvalidCode for anything else."""
        code = normalise(text[:_MAX_INPUT])
        if len(code) != self.length or any(char not in ALPHABET for char in code):
            raise InvalidCode(text)
        if not luhn.is_valid(self.course_character + code, ALPHABET):
            raise InvalidCode(text)
        value = 0
        for char in code[: self.data_length]:
            value = value * 32 + ALPHABET.index(char)
        if value >= 1 << self.module_count:
            raise InvalidCode(text)
        numbers = range(1, self.module_count + 1)
        return Progress(self.module_count, frozenset(n for n in numbers if value & (1 << (n - 1))))


def normalise(text: str) -> str:
    return text.translate(_SEPARATORS).upper().translate(_ALIASES)
