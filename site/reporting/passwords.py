"""Staff passwords: argon2id hashes, and the rule that refuses a weak password when it is set.

The hash parameters come from the app's config (STAFF_PASSWORD_HASH), so they are defined once;
each stored hash carries its own parameters, so changing them needs no migration.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

import zxcvbn
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MINIMUM_LENGTH = 12
MAXIMUM_LENGTH = 1024
# zxcvbn's top score: at least 10^10 guesses. Against the argon2 cost per guess of a login
# (docs/deployment.md) that is centuries of guessing.
MINIMUM_SCORE = 4
# zxcvbn knows English; these are the Dutch and in-house words a guesser would try first.
OWN_WORDS = (
    "wachtwoord",
    "welkom",
    "geheim",
    "inloggen",
    "beheer",
    "medewerker",
    "jaarverslag",
    "statistiek",
    "hulpwijzer",
    "offlimits",
    "eokm",
    "helpwanted",
    "stopitnow",
    "stichting",
    "zomer",
    "winter",
    "voorjaar",
    "najaar",
    "maandag",
    "januari",
    "amsterdam",
)
# zxcvbn refuses longer input; the first part of a long password is what a guesser would try.
ZXCVBN_LIMIT = 72
ADVICE = "A few unrelated words with spaces between them is strong and easy to remember."


def hasher(parameters: Mapping[str, int]) -> PasswordHasher:
    """argon2id (argon2-cffi's default type) with the configured cost."""
    return PasswordHasher(**parameters)


def verify(method: PasswordHasher, stored: str, password: str) -> bool:
    """True when the password matches the hash; a damaged hash is a wrong password, not an error."""
    try:
        return method.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def weakness(name: str, password: str) -> str | None:
    """Why this password may not be used for this name, or None when it is strong enough."""
    if any(unicodedata.category(c).startswith("C") for c in password):
        return "The password contains a control character (a tab, newline or similar): type it again."
    if len(password) < MINIMUM_LENGTH:
        return f"The password is too short: use at least {MINIMUM_LENGTH} characters. {ADVICE}"
    if len(password) > MAXIMUM_LENGTH:
        return f"The password is too long: use at most {MAXIMUM_LENGTH} characters."
    if password.strip().casefold() in name.casefold() or name.casefold() in password.casefold():
        return f"The password contains the name. {ADVICE}"
    result = zxcvbn.zxcvbn(password[:ZXCVBN_LIMIT], user_inputs=[name, *OWN_WORDS])
    if result["score"] < MINIMUM_SCORE:
        warning = result["feedback"]["warning"].rstrip(".")
        return f"The password is too easy to guess{f' ({warning})' if warning else ''}. {ADVICE}"
    return None
