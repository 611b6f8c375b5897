"""Advice addresses without answer words: each answer id travels as a short code.

A path such as ``zelf.onder-18.dreiging`` would put the visitor's situation in the browser's
history list. Instead each answer id becomes four characters of a hash of the id, the same for
ever, so an address never changes while the tree grows, and the codes say nothing to someone
who reads the history. Readable addresses from before (``?p=zelf.onder-18``) are still read:
answer ids are lower case and codes upper case, so the two can never be mistaken for each other.
"""

from __future__ import annotations

import base64
import hashlib
import re

from wizard.model import Tree
from wizard.walk import MAX_ANSWERS, InvalidPath, parse_path

CODE_LENGTH = 4
CODED_PATH = re.compile(rf"^(?:[A-Z2-7]{{{CODE_LENGTH}}}){{1,{MAX_ANSWERS}}}$")
# The last tree's code table: the tree is loaded once, and the preview rarely swaps it.
_table: tuple[Tree, dict[str, str]] | None = None


def answer_code(answer_id: str) -> str:
    digest = hashlib.sha256(f"hulpwijzer-answer:{answer_id}".encode()).digest()
    return base64.b32encode(digest).decode("ascii")[:CODE_LENGTH]


def encode_path(path: tuple[str, ...]) -> str:
    return "".join(answer_code(answer) for answer in path)


def code_table(tree: Tree) -> dict[str, str]:
    """Code → answer id, for every answer and every id an answer had before ("was:")."""
    global _table
    if _table is None or _table[0] is not tree:
        ids = {i for q in tree.questions.values() for o in q.options for i in (o.id, *o.was)}
        _table = (tree, {answer_code(answer): answer for answer in sorted(ids)})
    return _table[1]


def code_clashes(tree: Tree) -> list[tuple[str, str]]:
    """Pairs of answer ids that share a code (an editor renames one); almost always none."""
    seen: dict[str, str] = {}
    clashes = []
    for question in tree.questions.values():
        for answer in (i for o in question.options for i in (o.id, *o.was)):
            other = seen.setdefault(answer_code(answer), answer)
            if other != answer:
                clashes.append((other, answer))
    return sorted(set(clashes))


def read_path(tree: Tree, text: str | None) -> tuple[str, ...]:
    """The answer ids in an address: coded (new) or readable (old links); InvalidPath if neither."""
    if not text or not CODED_PATH.match(text):
        return parse_path(text)
    table, path = code_table(tree), []
    for start in range(0, len(text), CODE_LENGTH):
        answer = table.get(text[start : start + CODE_LENGTH])
        if answer is None:
            raise InvalidPath("an answer code is not in the tree", tuple(path), stale=True)
        path.append(answer)
    return tuple(path)


def read_answer(tree: Tree, text: str | None) -> str:
    """One answer, as a code (from the form) or an id (old links); "" if it is neither."""
    if not text:
        return ""
    return code_table(tree).get(text, text)
