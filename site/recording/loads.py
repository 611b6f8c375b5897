"""What one response adds to the counts: decided in two steps, so a page never waits for it.

When a page is answered, the counting hook (hook.py) only notes a *load*: the
day, the response's ``Plan`` and the four facts about the request that the
verdict needs (user agent, ``Sec-Fetch-Site``, whether it was a prefetch,
``Sec-Fetch-Dest``), each cut to what the verdict reads: the user agent to 512
characters, the headers to one of their legal values (bots.py). A
replayed page's plan is worked out once and kept with the page. The counting
thread (tally.py) adds equal loads up and turns each distinct one into counter
keys here, with ``load_keys``: the bot check and every rule of what counts run
there, once per distinct load rather than once per request. The user agent is
never written anywhere; it is dropped when the batch is added up, at most
``COUNTS_FLUSH_SECONDS`` after the request.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from hulpwijzer import events, metrics
from hulpwijzer.recording.bots import EMBEDDED, agent_verdict, verdict_known
from hulpwijzer.recording.store import Key

# An id from the content (advice, topic, course, language) as a counter item.
ITEM = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
# A voluntary answer ("26+") or a topic with an answer ("grooming|12-18").
ANSWER = re.compile(r"^[a-z0-9][a-z0-9_+|-]{0,63}$")
# Where a visit that starts on a page outside the programmes is counted.
SITE = "site"


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: equal loads share one plan
class Plan:
    """What a response adds to the counts, whoever asked for it."""

    page: str  # the "page" counter's item: the path, never the query string
    section: str  # where a visit that starts here is counted: a programme, or "site"
    method: str | None  # "method" (not GET or HEAD) or "head": rejected before anything else
    response: str | None  # "not-html" or "status": rejected when the visitor was a person
    acts: bool  # the request succeeded (status below 400): a person's actions count
    campaign: str | None = None  # the campaign tag the address carried, or "other"
    actions: tuple[tuple[str, str], ...] = ()  # programme events: (metric, item)
    returning: tuple[str, ...] = ()  # courses whose progress code shows a returning visitor
    answers: tuple[tuple[str, str], ...] = ()  # voluntary answers, filed by month


# (day, plan, user agent, Sec-Fetch-Site, "prefetch" or None, Sec-Fetch-Dest): what a page
# load leaves for the thread; the headers already reduced to their legal values (bots.py).
Load = tuple[str, Plan, str, str | None, str | None, str | None]


def load_keys(load: Load) -> list[Key]:
    """The counter keys of one page load; the rules of docs/counting.md, "What is counted"."""
    day, plan, agent, fetch_site, prefetch, dest = load
    # Loaded by a page rather than opened by the visitor: another site's image, frame or fetch
    # counts nothing; so does our own script's GET (a fetch that followed a redirect: the page it
    # then opens is counted). Our own script's form post still counts what the person did.
    if dest == EMBEDDED and (fetch_site != "same-origin" or plan.method != "method"):
        return [(day, "rejected", EMBEDDED)]
    human = "head" if plan.method == "head" else prefetch or agent_verdict(agent)
    reason = plan.method or human or plan.response
    # A visit starts with a page that was not opened from a page of this site.
    entry = not reason and fetch_site != "same-origin"
    if reason:
        keys = [(day, "rejected", reason)]
    else:
        keys = [(day, "page", plan.page)]
        if entry:
            keys.append((day, "visit", plan.section))
    # A person's actions count even when they are not page loads (marking a module done is a
    # form post answered with a redirect); a bot's or a prefetch's never do.
    if human or not plan.acts:
        return keys
    if plan.campaign:
        keys.append((day, "campaign", plan.campaign))
    keys += [(day, metric, item) for metric, item in plan.actions]
    if entry:
        keys += [(day, "course.returning", course) for course in plan.returning]
    # The voluntary answers are filed by month, so no day ties them to one visit.
    keys += [(day[:7], metric, item) for metric, item in plan.answers]
    return keys


def quick(load: Load) -> bool:
    """Whether load_keys is cheap for this load: its user agent was judged before."""
    return verdict_known(load[2])


def method_reason(method: str) -> str | None:
    if method == "HEAD":
        return "head"
    return None if method == "GET" else "method"


def response_reason(status: int, content_type: str) -> str | None:
    if not content_type.startswith("text/html"):
        return "not-html"
    return None if status == 200 else "status"


def page_key(path: str, route: str) -> str:
    """The page as route and language: the path, never the query string.

    A route that takes a whole path (which could carry a visitor's answers)
    is counted by its pattern instead.
    """
    if "<path:" in route:
        return f"{path.split('/')[1] if path.count('/') > 1 else ''}:{route}"[:200]
    return path[:200]


def programme_counts(sent: Iterable[tuple[Any, dict]]) -> tuple[list[tuple[str, str]], list[str]]:
    """(metric, item) for each programme event the page sent, and the returning visitors' courses.

    Malformed values are left out.
    """
    found, returning = [], []
    for signal, kwargs in sent:
        if signal is events.advice_started:
            found.append((metrics.ADVICE_START.name, kwargs.get("lang")))
        elif signal is events.advice_reached:
            found += [
                (metrics.ADVICE_REACHED.name, kwargs.get("advice_id")),
                (metrics.ADVICE_TOPIC.name, kwargs.get("topic")),
            ]
        elif signal is events.module_viewed:
            found.append((metrics.MODULE_VIEW.name, module_item(kwargs.get("course"), kwargs.get("number"))))
        elif signal is events.module_completed:
            found.append((metrics.MODULE_DONE.name, module_item(kwargs.get("course"), kwargs.get("number"))))
        elif signal is events.course_progress_seen:
            done = kwargs.get("done_count")
            if isinstance(done, int) and done >= 1:
                returning.append(kwargs.get("course"))
    valid = [(metric, item) for metric, item in found if isinstance(item, str) and ITEM.match(item)]
    return valid, [course for course in returning if isinstance(course, str) and ITEM.match(course)]


def survey_counts(sent: Iterable[tuple[Any, dict]]) -> list[tuple[str, str]]:
    """(metric, item) for the voluntary answers sent: each on its own, age and gender with the topic;
    and the course self-ratings a visitor chose to have counted (site/metrics.py)."""
    found = []
    for signal, kwargs in sent:
        if signal is events.outcome_rated:
            course, number = kwargs.get("course"), kwargs.get("number")
            if isinstance(course, str) and isinstance(number, int):
                item = metrics.outcome_item(
                    course, number, str(kwargs.get("measure")), str(kwargs.get("value"))
                )
                found.append((metrics.OUTCOME.name, item))
        if signal is not events.survey_answered:
            continue
        topic, answers = kwargs.get("topic"), kwargs.get("answers") or {}
        for question in metrics.SURVEY:
            given = answers.get(question.name, ())
            found += [(question.metric.name, answer) for answer in given]
            if question.crossed:
                found += [(question.crossed_metric.name, f"{topic}|{answer}") for answer in given]
    return [(metric, item) for metric, item in found if isinstance(item, str) and ANSWER.match(item)]


def module_item(course: object, number: object) -> str | None:
    """A module's counter item: "<course id>-<number>", e.g. "naasten-6"."""
    if isinstance(course, str) and isinstance(number, int) and 1 <= number <= 99:
        return f"{course}-{number}"
    return None
