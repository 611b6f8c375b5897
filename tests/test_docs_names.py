"""Every file, command and setting the docs name exists, so the docs cannot drift from the code."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from hulpwijzer.config import SETTINGS

REPO_ROOT = Path(__file__).resolve().parent.parent
DOCS = [REPO_ROOT / "README.md", REPO_ROOT / "ARCHITECTURE.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]
TOP = ("site/", "tests/", "bench/", "bin/", "docs/", "content/", "static/", "translations/", "contentkit/")
TOP += ("wizard/", "courses/", ".ci/")
# Written as examples of files an editor would add, or with a placeholder for a name.
EXAMPLE = re.compile(r"<|…|NAME|NEW-ID|/ID\.md|CODE|stiekem-gefilmd|groep-toegevoegd|/ouders/")
SPAN = re.compile(r"`([^`\n]+)`")


def spans() -> list[tuple[str, str]]:
    return [(doc.name, span) for doc in DOCS for span in SPAN.findall(doc.read_text(encoding="utf-8"))]


def named_paths() -> list[tuple[str, str]]:
    found = []
    for doc, span in spans():
        word = span.split()[0] if span.split() else ""
        if word.startswith(TOP) and not EXAMPLE.search(word) and "?" not in word:
            found.append((doc, word))
    return sorted(set(found))


def commands() -> list[tuple[str, list[str]]]:
    found = []
    for doc, span in spans():
        words = span.replace("|", " | ").split()
        if words[:1] in (["flask"], [".venv/bin/flask"]):
            found.append((doc, words))
    return found


def test_the_scans_find_what_they_should():
    paths = [path for _, path in named_paths()]
    assert "site/serving/server.py" in paths and "docs/sources.md" in paths and "bin/test" in paths
    assert any(words[-2:] == ["content", "check"] for _, words in commands())


@pytest.mark.parametrize(("doc", "path"), named_paths())
def test_every_file_the_docs_name_exists(doc, path):
    if "*" in path:
        assert list(REPO_ROOT.glob(path)), f"{doc} names {path}, which matches nothing"
    else:
        assert (REPO_ROOT / path).exists(), f"{doc} names {path}, which does not exist"


def test_every_python_file_named_alone_exists_somewhere():
    names = {span for _, span in spans() if re.fullmatch(r"[a-z_]+\.py", span)}
    assert "hook.py" in names or "cube.py" in names
    existing = {
        path.name
        for folder in ("site", "contentkit", "wizard", "courses", "bench")
        for path in (REPO_ROOT / folder).rglob("*.py")
    } | {"wsgi.py"}
    assert names <= existing, f"the docs name files that do not exist: {sorted(names - existing)}"


def test_every_module_run_with_python_m_exists():
    modules = {match for _, span in spans() for match in re.findall(r"python -m ([\w.]+)", span)}
    assert "bench.run" in modules and "bench.startup" in modules
    for module in modules:
        assert importlib.util.find_spec(module) is not None, f"python -m {module}: no such module"


def test_every_flask_command_the_docs_name_exists(app):
    import click
    from flask.cli import FlaskGroup, ScriptInfo

    group = FlaskGroup(create_app=lambda: app)
    # Closing the context pops the app context that loading a command pushes.
    with click.Context(group, obj=ScriptInfo(create_app=lambda: app)) as context:
        for doc, words in commands():
            rest = words[1:]
            if rest[:2] == ["--app", "wsgi"]:
                rest = rest[2:]
            name, *sub = rest
            command = group.get_command(context, name)
            assert command is not None, f"{doc}: flask {name} does not exist"
            # `content check|tree`: each alternative is a subcommand.
            choices = [word for word in sub[: sub.index("|") + 2] if word != "|"] if "|" in sub else sub[:1]
            for choice in choices:
                if isinstance(command, click.Group) and not choice.startswith("-"):
                    assert choice in command.commands, f"{doc}: flask {name} {choice} does not exist"


def test_every_setting_the_docs_name_is_a_setting():
    variables = {setting.variable for setting in SETTINGS}
    for doc in DOCS:
        for name in set(re.findall(r"\bHULPWIJZER_[A-Z_]+", doc.read_text(encoding="utf-8"))):
            assert name in variables, f"{doc.name} names {name}, which is not in site/config.py"
