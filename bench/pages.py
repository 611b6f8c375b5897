"""Which URLs the benchmark drives: one of each page type, taken from the real content."""

from __future__ import annotations

from courses.progress import ProgressCodes

# Stoppen is Mogelijk's codes (17 modules, the original course).
encode = ProgressCodes(17, "0").encode

# The programme's 2016 sextortion flow: one question on the way, and its advice.
QUESTION = "zelf.onder-18.chat"
ADVICE = "zelf.onder-18.chat.ja.ja.geld.verteld"


def benchmark_paths() -> list[tuple[str, str]]:
    return [
        ("home page", "/nl/"),
        ("wizard question", f"/nl/advies/vraag?p={QUESTION}"),
        ("advice page", f"/nl/advies/uitkomst?p={ADVICE}"),
        ("course module", "/nl/stoppen/6"),
        ("course overview with code", f"/nl/stoppen/?voortgang={encode({1, 2, 3, 4, 5})}"),
    ]
