"""The annual-report dashboard for the foundation's staff, behind HTTP Basic auth.

Who may log in is decided in staff.py (per-person accounts, and STATS_USER/STATS_PASSWORD);
with neither, the dashboard is closed to everyone.
"""

from __future__ import annotations

import logging

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    g,
    make_response,
    render_template,
    request,
)
from flask_babel import format_date, format_decimal, format_percent
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from hulpwijzer.i18n import LANG_PREFIX
from hulpwijzer.recording.calendar import local_date
from hulpwijzer.recording.hook import tally
from hulpwijzer.reporting import staff, staff_cli
from hulpwijzer.reporting.charts import bar_lengths, day_chart
from hulpwijzer.reporting.export import archive_name, file_name, to_csv, to_zip
from hulpwijzer.reporting.periods import Period, periods_of_year
from hulpwijzer.reporting.report import Report, cached_report
from hulpwijzer.reporting.tables import HIDDEN, NO_DATA, period_label
from hulpwijzer.serving.errors import refuse

log = logging.getLogger("hulpwijzer.recording.hook")
bp = Blueprint("dashboard", __name__, url_prefix=LANG_PREFIX + "/beheer")
PERIOD_ARGS = ("year", "from", "to")
MENU_YEARS = 20  # how far back the period menu looks for counts


@bp.before_request
def require_credentials() -> Response | None:
    return staff.require_login()


@bp.errorhandler(HTTPException)
def staff_error(error: HTTPException):
    """4xx pages of the dashboard, without the visitors' quick exit and help block."""
    description = getattr(error, "public_message", None) or error.description
    return render_template("staff/error.html", code=error.code, description=description), error.code


@bp.after_request
def keep_private(response: Response) -> Response:
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def chosen_period() -> Period:
    """?period=2026, 2026-Q4 or 2026-11 (or ?year=2026); a 400 page for anything else."""
    args = request.args
    text = args.get("period") or args.get("year") or str(local_date().year)
    try:
        if "from" in args or "to" in args:
            raise ValueError("periods are whole months, quarters or years")
        return Period.parse(text)
    except ValueError:
        refuse(period_help())


def period_help() -> str:
    return _("Choose a whole year (2026), a quarter (2026-Q4) or a month (2026-11).")


def read_report() -> Report:
    """The tables for the chosen period; a 503 page when the store cannot be read."""
    period = chosen_period()
    try:
        return cached_report(tally().store, period, local_date())
    except Exception as error:
        log.error("dashboard: cannot read the %s (%s)", tally().store.description, error.__class__.__name__)
        abort(make_response(render_template("staff/dashboard.html", period=period, report=None), 503))


def count(value: object) -> str:
    """A number as the page's language writes it: 5.881 in Dutch, 5,881 in English."""
    if value is None:
        return ""
    if value in (HIDDEN, NO_DATA):
        return str(value)
    if isinstance(value, float):
        return format_decimal(value, format="#,##0.0")
    return format_decimal(value)


def percent(value: object) -> str:
    """A share as the page's language writes it: 44,1% in Dutch, 44.1% in English."""
    if value is None or value in (HIDDEN, NO_DATA):
        return "" if value is None else str(value)
    return format_percent(value, format="#,##0.0%")


def figure(value: object, kind: str) -> str:
    return percent(value) if kind == "share" else count(value)


def period_choices(period: Period) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(year, [(key, name), …]), …] for the period menu: every year with counts, newest first."""
    today = local_date()
    years = sorted({*years_counted(today.year), period.year}, reverse=True)
    return [
        (str(year), [(p.key, period_label(p)) for p in periods_of_year(year) if p.first <= today])
        for year in years
    ]


_years_counted: dict[tuple, list[int]] = {}


def years_counted(this_year: int) -> list[int]:
    """This year and each earlier year with counts (remembered: the past stays as it is)."""
    store = tally().store
    key = (id(store), store.description, this_year)
    if key not in _years_counted:
        years = [this_year]
        try:
            for year in range(this_year - 1, this_year - 1 - MENU_YEARS, -1):
                if store.rows(f"{year}-01", f"{year}-12-31"):
                    years.append(year)
        except Exception:
            return years  # the report itself says that the store cannot be read
        _years_counted[key] = years
    return _years_counted[key]


@bp.get("/")
def overview():
    report = read_report()
    chart = day_chart(
        report.daily_visits,
        lambda day: format_date(day, "MMM"),
        lambda n: format_decimal(n),
    )
    return render_template(
        "staff/dashboard.html",
        period=report.period,
        report=report,
        period_name=period_label(report.period),
        choices=period_choices(report.period),
        visits_chart=chart,
        bar_lengths=bar_lengths,
        figure=figure,
        hidden=HIDDEN,
        no_data=NO_DATA,
        first_day=format_date(report.period.first, "d MMMM yyyy"),
        last_day=format_date(min(report.period.last, report.today), "d MMMM yyyy"),
    )


def download(body: str | bytes, mimetype: str, name: str) -> Response:
    response = make_response(body)
    response.mimetype = mimetype
    if mimetype == "text/csv":
        response.charset = "utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/tabel/<key>.csv")
def table_csv(key: str):
    report = read_report()
    table = next((t for t in report.tables() if t.key == key), None)
    if table is None:
        refuse(_("There is no table with that name for this period."), 404)
    return download(to_csv(table, g.lang), "text/csv", file_name(table, report, g.lang))


@bp.get("/tabellen.zip")
def all_tables():
    report = read_report()
    return download(to_zip(report, g.lang), "application/zip", archive_name(report, g.lang))


def init_app(app: Flask) -> None:
    staff.init_app(app)
    staff_cli.init_app(app)
    app.register_blueprint(bp)
