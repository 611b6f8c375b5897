"""The annual-report dashboard for the foundation's staff, behind HTTP Basic auth.

Credentials come from STATS_USER and STATS_PASSWORD; when either is unset the
dashboard is closed to everyone. Basic auth needs no cookie and no session.
"""

from __future__ import annotations

import hmac
import logging

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    g,
    make_response,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from hulpwijzer.content import site_content
from hulpwijzer.counting.calendar import local_date
from hulpwijzer.counting.charts import bar_chart, day_chart
from hulpwijzer.counting.hook import original_course, tally
from hulpwijzer.counting.report import ANSWER_METRICS, Period, Report, build_report, to_csv
from hulpwijzer.i18n import LANG_PREFIX
from hulpwijzer.programmes import survey
from hulpwijzer.programmes.survey import N_
from hulpwijzer.serving.errors import refuse

log = logging.getLogger("hulpwijzer.counting.hook")
bp = Blueprint("dashboard", __name__, url_prefix=LANG_PREFIX + "/beheer")
REALM = 'Basic realm="hulpwijzer statistics", charset="UTF-8"'


def same(given: str | None, expected: str) -> bool:
    return hmac.compare_digest((given or "").encode(), expected.encode())


def credentials_ok() -> bool:
    user, password = current_app.config["STATS_USER"], current_app.config["STATS_PASSWORD"]
    auth = request.authorization
    if not user or not password or auth is None or auth.type != "basic":
        return False
    # Both compared, always: the time taken does not tell which one was wrong.
    return same(auth.username, user) & same(auth.password, password)


@bp.before_request
def require_credentials() -> Response | None:
    if credentials_ok():
        return None
    message = _("This page is for the foundation's staff. Log in with the name and password you were given.")
    response = make_response(render_template("error.html", code=401, description=message), 401)
    response.headers["WWW-Authenticate"] = REALM
    return response


@bp.after_request
def keep_private(response: Response) -> Response:
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def chosen_period() -> Period:
    args = request.args
    try:
        return Period.parse(args.get("year"), args.get("from"), args.get("to"), local_date())
    except ValueError:
        refuse(_("Choose a year (for example 2026), or a start and end date of at most three years apart."))


def read_report() -> tuple[Period, Report]:
    """The figures for the chosen period; a 503 page when the store cannot be read."""
    period = chosen_period()
    try:
        return period, build_report(tally().store, period, original_course())
    except Exception as error:
        log.error("dashboard: cannot read the %s (%s)", tally().store.description, error.__class__.__name__)
        abort(make_response(render_template("dashboard.html", period=period, report=None), 503))


def answer_labels() -> dict[str, dict[str, str]]:
    form = survey.SurveyForm()
    return {f"survey.{name}": {c.value: _(c.label) for c in form[name].choices} for name in survey.QUESTIONS}


def topic_labels() -> dict[str, str]:
    """The advice module's own names for its topics, in the dashboard's language."""
    topics = getattr(site_content().advice, "topics", None) or {}
    lang = g.get("lang", "nl")
    return {key: getattr(topic, "labels", {}).get(lang, key) for key, topic in topics.items()}


# Names for the keys the counters store (site/counting.py).
SECTIONS = {
    "site": N_("Other pages (home, privacy, …)"),
    "advice": N_("Advice module"),
    "course": N_("Self-help course"),
}
REASONS = {
    "head": N_("HEAD request (only the headers)"),
    "method": N_("Not a page load (a form post)"),
    "prefetch": N_("Fetched in advance (prefetch or prerender)"),
    "no-user-agent": N_("No user agent"),
    "bot": N_("Bot (crawlerdetect)"),
    "not-html": N_("Not an HTML page"),
    "status": N_("Not found, an error or a redirect"),
}


def named(names: dict[str, str], key: str) -> str:
    return _(names[key]) if key in names else key


def module_name(item: str) -> str:
    """ "Stopping is possible – Module 6: Fantasies" for "stoppen-6", with the titles it has."""
    course_id, _dash, number = item.rpartition("-")
    course = site_content().courses.get(course_id)
    if course is None or not number.isdigit():
        return item
    lang = g.get("lang", current_app.config["LANGUAGES"][0])
    found = course.module(lang, int(number))
    name = _("Module %(number)s", number=number)
    return f"{course.name[lang]} – " + (f"{name}: {found.title}" if found else name)


@bp.get("/")
def overview():
    period, report = read_report()
    labels = answer_labels()
    answers = []
    for metric in ANSWER_METRICS:
        rows = [(labels[metric].get(item, item), n) for item, n in report.table(metric)]
        answers.append((metric, rows, bar_chart(rows)))
    topic_names = topic_labels()
    topic_rows = [(topic_names.get(item, item), n) for item, n in report.table("advice.topic")]
    module_rows = [(module_name(item), n) for item, n in report.table("module.view")]
    done_rows = [(module_name(item), n) for item, n in report.table("module.done")]
    return render_template(
        "dashboard.html",
        period=period,
        report=report,
        labels=labels,
        answers=answers,
        topic_names=topic_names,
        topics=bar_chart(topic_rows),
        module_rows=module_rows,
        modules=bar_chart(module_rows),
        done_rows=done_rows,
        visit_rows=[(named(SECTIONS, item), n) for item, n in report.table("visit")],
        rejected_rows=[(named(REASONS, item), n) for item, n in report.table("rejected")],
        visits=day_chart(report.daily_visits()),
        course_visits=day_chart(report.daily_visits("course")),
        csv_url=url_for(".export", **request.args),
        this_year=local_date().year,
    )


@bp.get("/export.csv")
def export():
    period, report = read_report()
    response = make_response(to_csv(report))
    response.mimetype = "text/csv"
    name = f"hulpwijzer-{period.first.isoformat()}-{period.last.isoformat()}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
