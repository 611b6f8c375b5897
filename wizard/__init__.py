"""Helpwanted's advice module as a decision tree: load, validate and walk it.

Nothing here imports Flask: the web layer (hulpwijzer.programmes.advice) asks this package
where a path of answers leads, and renders what it gets back.
"""

from wizard.address import answer_code, code_clashes, encode_path, read_answer, read_path
from wizard.load import TREE_FILE, load_tree
from wizard.model import ADULT, Advice, AdvicePage, AgeFigures, Option, Question, Section, Topic, Tree
from wizard.walk import InvalidPath, Step, Walk, all_paths, format_path, parse_path, walk

__all__ = [
    "ADULT",
    "AgeFigures",
    "TREE_FILE",
    "all_paths",
    "answer_code",
    "code_clashes",
    "encode_path",
    "read_answer",
    "read_path",
    "format_path",
    "Advice",
    "AdvicePage",
    "InvalidPath",
    "Option",
    "Question",
    "Section",
    "Step",
    "Topic",
    "Tree",
    "Walk",
    "load_tree",
    "parse_path",
    "walk",
]
