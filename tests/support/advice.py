"""The real advice tree, read once for every test module that generates tests from it."""

from __future__ import annotations

from functools import cache

from contentkit import Problems
from hulpwijzer.links import links_for
from tests.support.content import REAL_CONTENT
from wizard import Tree, load_tree


@cache
def real_tree() -> Tree:
    """Only the tree (not the whole site's content): collection stays quick."""
    problems = Problems(root=REAL_CONTENT)
    tree = load_tree(REAL_CONTENT, problems, links_for(REAL_CONTENT).site)
    assert tree is not None and not problems, "\n".join(map(str, problems)) or "run flask content check"
    return tree
