"""Commands for editors: `flask --app wsgi content check`.

The command group is also installed as a Flask plugin, so `content check`
works even when broken content keeps the app itself from loading.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask import Flask, current_app

from contentkit import ContentError, Problem
from hulpwijzer.config import LANGUAGES, setting

if TYPE_CHECKING:
    from hulpwijzer.content import SiteContent


class ContentCheckFailed(click.ClickException):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) found")
        self.problems = problems

    def show(self, file=None) -> None:  # type: ignore[override]
        for problem in self.problems:
            click.echo(str(problem), err=True)
        noun = "problem" if len(self.problems) == 1 else "problems"
        click.echo(
            f"{len(self.problems)} {noun} found; the site will not start until they are fixed.", err=True
        )


def content_dir_option() -> Path:
    try:
        return Path(current_app.config["CONTENT_DIR"])
    except RuntimeError:  # no app: running as a plugin command
        return Path(setting("CONTENT_DIR"))


def load_or_fail(content_dir: Path | None) -> SiteContent:
    """All content from the given (or the site's) folder, or every problem for the editor."""
    from hulpwijzer.content import load_content

    try:
        return load_content(content_dir or content_dir_option())
    except ContentError as error:
        raise ContentCheckFailed(error.problems) from None


def content_dir_choice(help_text: str):
    return click.option("--content-dir", type=click.Path(path_type=Path), default=None, help=help_text)


@click.group("content", help="Check and review the site's content.")
def content_cli() -> None:
    pass


@content_cli.command("check")
@content_dir_choice("Folder to check (default: the site's content folder).")
def check(content_dir: Path | None) -> None:
    """Validate all content; print one `path:line: message` per problem."""
    content = load_or_fail(content_dir)
    courses = ", ".join(f"{c.id} ({c.module_count} modules)" for c in content.courses) or "none"
    click.echo(f"Content is fine: {len(content.pages)} pages, the advice tree, courses: {courses}.")


@content_cli.command("tree")
@content_dir_choice("Folder to read (default: the site's content folder).")
@click.option("--lang", type=click.Choice(LANGUAGES), default=LANGUAGES[0], show_default=True)
@click.option(
    "--format",
    "style",
    type=click.Choice(["outline", "paths", "mermaid", "dot"]),
    default="outline",
    show_default=True,
    help="outline: the questions as an outline; paths: every path and its steps; "
    "mermaid or dot: source for a diagram.",
)
def tree(content_dir: Path | None, lang: str, style: str) -> None:
    """Print the advice module's decision tree, so every path can be reviewed."""
    from wizard.outline import FORMATS

    click.echo(FORMATS[style](load_or_fail(content_dir).advice, lang))


def init_app(app: Flask) -> None:
    if "content" not in app.cli.commands:
        app.cli.add_command(content_cli)
