"""`flask --app wsgi staff add|password|remove|list`: the staff accounts of the dashboard."""

from __future__ import annotations

import difflib
import sys

import click
from flask import Flask
from flask.cli import AppGroup

from hulpwijzer.reporting import passwords
from hulpwijzer.reporting.accounts import normal_name, valid_name
from hulpwijzer.reporting.staff import staff

staff_cli = AppGroup("staff", help="Staff accounts for the dashboard (/nl/beheer/).")

FROM_STDIN = click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input (for scripts) instead of asking twice.",
)


def chosen_name(name: str) -> str:
    name = normal_name(name)
    if not valid_name(name):
        raise click.ClickException(
            "A name is letters, digits and . _ - @ + (at most 100, starting with a letter or digit), "
            "for example anna or anna@example.org."
        )
    return name


def new_password(name: str, from_stdin: bool) -> str:
    """The password, asked twice without showing it (or one line of stdin); refused when weak."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(
            f"New password for {name}",
            hide_input=True,
            confirmation_prompt="The same password again",
            prompt_suffix=": ",
        )
    if weak := passwords.weakness(name, password):
        raise click.ClickException(weak)
    return password


def save_new_password(accounts, name: str, password_stdin: bool) -> None:
    """Ask for (or read) a strong new password and keep only its hash."""
    stored = accounts.method.hash(new_password(name, password_stdin))
    with accounts.file.changing() as found:
        found[name] = stored


def unknown(name: str, names: list[str]) -> click.ClickException:
    close = difflib.get_close_matches(name, names, n=1)
    hint = f' Did you mean "{close[0]}"?' if close else " `flask --app wsgi staff list` shows the names."
    return click.ClickException(f'There is no staff account "{name}".{hint}')


@staff_cli.command("add")
@click.argument("name")
@FROM_STDIN
def add(name: str, password_stdin: bool) -> None:
    """Give NAME an account (asks for a new password)."""
    accounts = staff()
    name = chosen_name(name)
    if name in accounts.names():
        raise click.ClickException(
            f'"{name}" already has an account: `flask --app wsgi staff password {name}` changes its password.'
        )
    save_new_password(accounts, name, password_stdin)
    click.echo(f"{name} can now log in at /nl/beheer/ (saved in {accounts.file.path}).")


@staff_cli.command("password")
@click.argument("name")
@FROM_STDIN
def change_password(name: str, password_stdin: bool) -> None:
    """Give NAME's account a new password."""
    accounts = staff()
    name = normal_name(name)
    if name not in accounts.names():
        raise unknown(name, accounts.names())
    save_new_password(accounts, name, password_stdin)
    click.echo(f"{name}'s password is changed; the old one no longer works.")


@staff_cli.command("remove")
@click.argument("name")
def remove(name: str) -> None:
    """Take NAME's account away: their password stops working at once."""
    accounts = staff()
    name = normal_name(name)
    with accounts.file.changing() as found:
        if found.pop(name, None) is None:
            raise unknown(name, sorted(found))
    click.echo(f"{name} can no longer log in.")


@staff_cli.command("list")
def list_accounts() -> None:
    """The names that can log in (never their passwords)."""
    accounts = staff()
    names = accounts.names()
    for name in names:
        click.echo(name)
    if accounts.from_environment:
        click.echo(f"{accounts.from_environment} (from STATS_USER and STATS_PASSWORD)")
    if not names and not accounts.from_environment:
        click.echo(f"No staff accounts in {accounts.file.path}: `flask --app wsgi staff add NAME` adds one.")


def init_app(app: Flask) -> None:
    app.cli.add_command(staff_cli)
