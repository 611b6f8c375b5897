"""Everything the site counts, declared once: the metrics and the voluntary questions.

The forms (programmes/survey.py), the counting (recording/loads.py), the report
and its CSV and JSON files (reporting/), the dashboard's labels and the table in
docs/counting.md are all built from these entries, and a test compares the
documentation with them. A new metric is one entry here plus its line in
docs/counting.md (``python -m hulpwijzer.metrics`` prints the table). No Flask:
recording and reporting both import it; labels are gettext markers, translated
where they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass

# Filed under: a day "2026-11-25" (what pages do), or a month "2026-11" (what a person told us).
DAY, MONTH = "day", "month"
# Disclosure rule: "none" counts pages and is shown as it is; "protected" is shown for ended
# quarters and years only, every number from 1 to 4 hidden, the others rounded to 5
# (reporting/disclosure.py).
NONE, PROTECTED = "none", "protected"


def N_(message: str) -> str:
    """Marks a label for translation; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Metric:
    name: str
    item: str  # what the item is, for docs/counting.md
    counted: str  # when one is added, for docs/counting.md
    filed: str = DAY
    disclosure: str = NONE


@dataclass(frozen=True)
class Answer:
    value: str
    label: str  # a gettext marker; a brand name is not translated


@dataclass(frozen=True)
class Question:
    """One of the voluntary questions after an advice."""

    name: str
    prompt: str  # as the form asks it
    title: str  # as the report heads its table
    answers: tuple[Answer, ...]
    several: bool = False  # several answers per person: no "unknown", no total
    crossed: bool = False  # also counted with the advice's topic (a cross-table)

    @property
    def metric(self) -> Metric:
        return Metric(
            f"survey.{self.name}", "the answer", "per month, each answer on its own", MONTH, PROTECTED
        )

    @property
    def crossed_metric(self) -> Metric:
        return Metric(
            f"survey.topic_{self.name}",
            "`topic|answer`",
            "per month: the annual report's cross-table of topic and this answer",
            MONTH,
            PROTECTED,
        )

    def values(self) -> list[str]:
        return [a.value for a in self.answers]


AGE = Question(
    "age",
    N_("How old are you?"),
    N_("Age band"),
    (
        Answer("5-11", N_("5 to 11")),
        Answer("12-18", N_("12 to 18")),
        Answer("19-25", N_("19 to 25")),
        Answer("26+", N_("26 or older")),
    ),
    crossed=True,
)
GENDER = Question(
    "gender",
    N_("Are you a…"),
    N_("Gender"),
    (
        Answer("girl", N_("Girl or woman")),
        Answer("boy", N_("Boy or man")),
        Answer("other", N_("Something else")),
    ),
    crossed=True,
)
PLATFORM = Question(
    "platform",
    N_("Where did it happen? Tick all that apply."),
    N_("Platforms"),
    (
        Answer("snapchat", "Snapchat"),
        Answer("instagram", "Instagram"),
        Answer("whatsapp", "WhatsApp"),
        Answer("tiktok", "TikTok"),
        Answer("other", N_("Another app or website")),
    ),
    several=True,
)
POLICE = Question(
    "police",
    N_("Did you contact the police about this before today?"),
    N_("Contacted the police before"),
    (Answer("yes", N_("Yes")), Answer("no", N_("No"))),
)
USEFUL = Question(
    "useful",
    N_("Was this advice useful?"),
    N_("Was the advice useful?"),
    (Answer("yes", N_("Yes")), Answer("partly", N_("Partly")), Answer("no", N_("No"))),
)
# In the order the survey asks them.
SURVEY = (AGE, GENDER, PLATFORM, POLICE, USEFUL)
# When the advice tree already knows the visitor is an adult, the form offers these instead.
ADULT_BANDS = (Answer("12-18", N_("18 years old")), *AGE.answers[2:])

PAGE = Metric(
    "page",
    "the path, e.g. `/nl/<course slug>/6` (never the query string)",
    "a real page load answered with 200",
)
VISIT = Metric(
    "visit",
    "`site`, `advice` or `course` (where the visit landed)",
    "a real page load that did not come from a page of this site (`Sec-Fetch-Site` is not "
    "`same-origin`; a request without the header counts as an entry)",
)
ADVICE_START = Metric("advice.start", "language", "the advice module's first question was shown")
ADVICE_REACHED = Metric(
    "advice.reached", "advice id", 'an advice page was shown (this is an "advice request")'
)
ADVICE_TOPIC = Metric("advice.topic", "topic", "same moment, by the advice's topic", disclosure=PROTECTED)
MODULE_VIEW = Metric(
    "module.view",
    "`<course id>-<module number>` (counts from before there were several courses have a bare "
    "number: they are read as the original course's, the one with `original: true`)",
    "a course module was shown",
)
MODULE_DONE = Metric("module.done", "the same as `module.view`", "a course module was marked done")
COURSE_RETURNING = Metric(
    "course.returning",
    "the course id (before: `course`, read as the original course's)",
    "a *visit* (see above) whose first page carried a progress code with at least one module done: "
    "the honest proxy for a returning visitor, not a count of people",
)
CAMPAIGN = Metric(
    "campaign",
    "a tag from `content/campaigns.yaml`, or `other`",
    'a request from a person whose address carried `?bron=` (see "Campaign links" below)',
)
REJECTED = Metric("rejected", "reason", "a request that was not a real page load (below)")
OUTCOME = Metric(
    "outcome",
    "`<course id>-<module number>|<measure id>|<value>`",
    "per month: a visitor pressed “Count my answer anonymously” under one of a course's "
    "self-ratings (`measures` in its `course.yaml`)",
    MONTH,
    PROTECTED,
)

METRICS: tuple[Metric, ...] = (
    PAGE,
    VISIT,
    ADVICE_START,
    ADVICE_REACHED,
    ADVICE_TOPIC,
    MODULE_VIEW,
    MODULE_DONE,
    COURSE_RETURNING,
    CAMPAIGN,
    REJECTED,
    *(q.metric for q in SURVEY),
    *(q.crossed_metric for q in SURVEY if q.crossed),
    OUTCOME,
)
BY_NAME = {m.name: m for m in METRICS}


def outcome_item(course: str, number: int, measure: str, value: str) -> str:
    return f"{course}-{number}|{measure}|{value}"


def parse_outcome_item(item: str) -> tuple[str, int, str, str] | None:
    """(course, module, measure, value) from an "outcome" item; None for anything else."""
    parts = item.split("|")
    if len(parts) != 3:
        return None
    course, _, number = parts[0].rpartition("-")
    if not course or not number.isdigit():
        return None
    return course, int(number), parts[1], parts[2]


def doc_table() -> str:
    """The table of docs/counting.md, "What is counted": one line per metric."""
    lines = ["| metric | item | filed by | counted when |", "|---|---|---|---|"]
    for m in METRICS:
        filed = f"{m.filed}, protected" if m.disclosure == PROTECTED else m.filed
        item = m.item.replace("|", "\\|")  # a | inside a cell would end it
        lines.append(f"| `{m.name}` | {item} | {filed} | {m.counted} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(doc_table())
