"""`flask --app wsgi stats export|init-db`: the annual report's figures on the command line."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from hulpwijzer.counting.calendar import local_date
from hulpwijzer.counting.hook import original_course, tally
from hulpwijzer.counting.report import Period, build_report, to_csv, to_json

stats_cli = AppGroup("stats", help="Counts for the annual report.")


@stats_cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--year", type=click.IntRange(2000, 2999), default=None, help="Default: this year.")
def export(fmt: str, year: int | None) -> None:
    """Print the same figures as the dashboard (1 to 4 shown as <5 where the dashboard does)."""
    store = tally().store
    try:
        report = build_report(store, Period.year(year or local_date().year), original_course())
    except Exception as error:
        raise click.ClickException(f"cannot read the {store.description}: {error}") from None
    click.echo(to_csv(report) if fmt == "csv" else to_json(report), nl=fmt == "json")


@stats_cli.command("init-db")
def init_db() -> None:
    """Create the counts table (the site also does this when it starts)."""
    store = tally().store
    try:
        store.create_schema()
    except Exception as error:
        raise click.ClickException(f"cannot prepare the {store.description}: {error}") from None
    click.echo(f"The counts table is ready in the {store.description}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(stats_cli)
