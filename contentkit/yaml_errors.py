"""PyYAML's syntax errors, said in words an editor can act on."""

from __future__ import annotations

import yaml


def explain(error: yaml.MarkedYAMLError) -> tuple[int, str]:
    """The 0-based line to point at and what to do about it."""
    problem = error.problem or ""
    context = error.context or ""
    mark = error.problem_mark or error.context_mark
    line = mark.line if mark else 0
    if "'\\t'" in problem:
        return line, "a tab character: YAML only accepts spaces for indentation; replace the tab with spaces"
    if "quoted scalar" in context:
        start = error.context_mark.line if error.context_mark else line
        return start, "a quote (\" or ') is opened on this line but never closed: add the closing quote"
    if "flow sequence" in context or "flow mapping" in context:
        start = error.context_mark.line if error.context_mark else line
        closer = "]" if "sequence" in context else "}"
        return start, f'a "{closer}" is missing: the list or mapping opened on this line is never closed'
    if "mapping values are not allowed" in problem:
        return line, (
            'a ":" where YAML does not expect one: check the indentation of this line, '
            'or put text that contains ": " in quotes'
        )
    if "block end" in problem or "block collection" in context or "block mapping" in context:
        return line, (
            "the indentation of this line does not match the lines above it: "
            "line it up with the other keys at the same level (use spaces)"
        )
    if "could not find expected ':'" in problem:
        return line, 'expected "key: value" on this line: a ":" is missing, or the text needs quotes'
    if "undefined alias" in problem:
        return line, 'a "*" at the start of a value: put the text in quotes'
    return line, f"this is not valid YAML ({problem or context or error})"
