"""Content primitives shared by the web layer and the wizard engine.

Nothing here imports Flask: it reads files, validates them against declarative
schemas and reports problems as ``path:line: message``.
"""

from contentkit.problems import ContentError, Problem, Problems
from contentkit.schema import Field, Schema
from contentkit.yamlsource import load_front_matter_file, load_yaml_file

__all__ = [
    "ContentError",
    "Field",
    "Problem",
    "Problems",
    "Schema",
    "load_front_matter_file",
    "load_yaml_file",
]
