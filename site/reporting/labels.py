"""Names for the keys the counters store, in the language of the page or export.

Needs an app context with a locale (a request, or flask_babel.force_locale).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import g
from flask_babel import get_locale
from flask_babel import gettext as _

from hulpwijzer import metrics
from hulpwijzer.content import site_content
from hulpwijzer.metrics import N_
from hulpwijzer.reporting import outcomes
from hulpwijzer.reporting.cube import MULTIPLE_ANSWER, SINGLE_ANSWER

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
    "embedded": N_("Loaded by a page, not opened by the visitor (an image, a frame, a script)"),
}
QUESTION_TITLES = {q.name: q.title for q in metrics.SURVEY}
CHOICES = {q.name: q.answers for q in metrics.SURVEY}

# The CSV files' names on the Dutch page and in a Dutch export; the English names are the table keys.
DUTCH_FILE_NAMES = {
    "key-figures": "kerncijfers",
    "months": "per-maand",
    "topic": "onderwerpen",
    "age": "leeftijd",
    "gender": "gender",
    "police": "politie-eerder",
    "useful": "advies-nuttig",
    "platform": "platforms",
    "topic-age": "onderwerp-leeftijd",
    "topic-gender": "onderwerp-gender",
    "campaigns": "campagnes",
    "visits": "bezoeken",
    "page-views": "paginaweergaven",
    "not-counted": "niet-geteld",
}
ARCHIVE_NAMES = {"nl": "offlimits-cijfers", "en": "offlimits-figures"}


def file_stem(table_key: str, lang: str) -> str:
    """A table's file name without period and extension, in the export's language."""
    if lang != "nl":
        return table_key
    if table_key.startswith("modules-"):
        return table_key  # the course's own id
    if table_key.startswith("outcomes-"):
        return "zelfbeoordeling-" + table_key.removeprefix("outcomes-")  # then the course's and measure's ids
    return DUTCH_FILE_NAMES.get(table_key, table_key)


@dataclass(frozen=True)
class Course:
    key: str
    name: str
    modules: list[tuple[int, str]]  # (number, title), in order


def answer_ids() -> dict[str, list[str]]:
    """The answers of each question, in the order the form asks them."""
    return {name: [c.value for c in CHOICES[name]] for name in (*SINGLE_ANSWER, *MULTIPLE_ANSWER)}


def section_names() -> dict[str, str]:
    return {key: _(name) for key, name in SECTIONS.items()}


def reason_names() -> dict[str, str]:
    return {key: _(name) for key, name in REASONS.items()}


def answer_labels() -> dict[str, dict[str, str]]:
    return {name: {c.value: _(c.label) for c in choices} for name, choices in CHOICES.items()}


def language() -> str:
    return g.get("lang") or str(get_locale() or "nl")


def topic_ids() -> list[str]:
    return list(getattr(site_content().advice, "topics", None) or {})


def topic_labels() -> dict[str, str]:
    """The advice module's own names for its topics."""
    topics = getattr(site_content().advice, "topics", None) or {}
    lang = language()
    return {key: getattr(topic, "labels", {}).get(lang, key) for key, topic in topics.items()}


def courses() -> list[Course]:
    """Every course the content defines, with its modules in order."""
    lang = language()
    return [
        Course(c.id, c.name.get(lang, c.id), [(m.number, m.title) for m in c.in_language(lang)])
        for c in site_content().courses
    ]


def original_course() -> str | None:
    """The course that counts from before courses carried their id belong to."""
    return next((c.id for c in site_content().courses if c.original), None)


def campaign_names() -> dict[str, str]:
    """{tag: name} for every campaign in content/campaigns.yaml, and a name for the rest."""
    campaigns = site_content().campaigns
    return {**{tag: c.name for tag, c in campaigns.items()}, "other": _("Another or mistyped tag")}


def outcome_measures() -> list[outcomes.Measure]:
    """Every course's self-ratings (course.yaml, "measures"), in the reader's language."""
    lang = language()
    return [
        outcomes.Measure(
            course=c.id,
            course_name=c.name.get(lang, c.id),
            id=m.id,
            question=m.question.get(lang, m.id),
            values=m.values,
            value_labels=value_labels(m, lang),
            modules=tuple(n for n in (1, c.module_count) if c.moment(n) in m.asked),
            better=m.better,
        )
        for c in site_content().courses
        for m in c.measures
    ]


def value_labels(measure, lang: str) -> dict[str, str]:
    """A choice's own words; a scale's number, with what its ends mean ("0 = No urge at all")."""
    found = {v: measure.label(v, lang) for v in measure.values}
    if measure.is_scale:
        low, high = measure.values[0], measure.values[-1]
        found[low] = f"{low} = {measure.low.get(lang, '')}".rstrip(" =")
        found[high] = f"{high} = {measure.high.get(lang, '')}".rstrip(" =")
    return found
