"""`flask --app wsgi stats export|init-db`: the annual report's tables on the command line."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from flask_babel import force_locale

from hulpwijzer.recording.calendar import local_date
from hulpwijzer.recording.hook import tally
from hulpwijzer.reporting.export import file_name, to_csv, to_json
from hulpwijzer.reporting.periods import Period
from hulpwijzer.reporting.report import build_report

stats_cli = AppGroup("stats", help="Counts for the annual report.")


def parse_period(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Period | None:
    try:
        return Period.parse(value) if value else None
    except ValueError:
        raise click.BadParameter("a whole year (2026), a quarter (2026-Q4) or a month (2026-11)") from None


@stats_cli.command("export")
@click.option("--period", callback=parse_period, help="2026, 2026-Q4 or 2026-11. Default: this year.")
@click.option("--year", type=click.IntRange(2000, 2999), default=None, help="Same as --period YEAR.")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the CSV files (one per table). Without it, JSON is printed.",
)
def export(period: Period | None, year: int | None, fmt: str, lang: str, output: Path | None) -> None:
    """The same tables as the dashboard, with the same numbers hidden.

    CSV: one file per table in --output (Dutch: ";" and a decimal comma). JSON: printed.
    """
    chosen = period or Period.parse(str(year or local_date().year))
    if fmt == "csv" and output is None:
        raise click.UsageError("--format csv writes one file per table: give a folder with --output")
    store = tally().store
    with current_app.test_request_context(f"/{lang}/beheer/"), force_locale(lang):
        try:
            report = build_report(store, chosen, local_date())
        except Exception as error:
            raise click.ClickException(f"cannot read the {store.description}: {error}") from None
        if report.protected_state == "running":
            click.echo(
                f"{chosen.key} has not ended: its topics and answers are published"
                " from the second day after it ends.",
                err=True,
            )
        if fmt == "json":
            click.echo(to_json(report, lang))
            return
        output.mkdir(parents=True, exist_ok=True)
        for table in report.tables():
            (output / file_name(table, report, lang)).write_text(
                to_csv(table, lang), encoding="utf-8", newline=""
            )
        click.echo(f"{len(report.tables())} tables written to {output}")


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
