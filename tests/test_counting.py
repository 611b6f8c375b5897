"""What counts as a real page load, and what the signals from the programmes add."""

from __future__ import annotations

import pytest
from flask import url_for

from hulpwijzer import events
from tests.support.counts import BROWSER, totals
from tests.support.crawl import crawl_site


def test_a_page_load_counts_a_page_view_and_a_visit(counting_app, visitor):
    assert visitor.get("/nl/privacy?code=abc").status_code == 200
    found = totals(counting_app)
    assert found[("page", "/nl/privacy")] == 1
    assert found[("visit", "site")] == 1
    assert not [key for key in found if "code" in key[1] or "abc" in key[1]]


def test_a_page_opened_from_our_own_site_is_not_a_new_visit(counting_app, visitor):
    visitor.get("/nl/", headers={"Sec-Fetch-Site": "none"})
    visitor.get("/nl/privacy", headers={"Sec-Fetch-Site": "same-origin"})
    visitor.get("/en/", headers={"Sec-Fetch-Site": "cross-site"})
    found = totals(counting_app)
    assert found[("visit", "site")] == 2
    assert found[("page", "/nl/")] == found[("page", "/nl/privacy")] == found[("page", "/en/")] == 1


@pytest.mark.parametrize(
    ("request_kwargs", "reason"),
    [
        ({"method": "HEAD"}, "head"),
        ({"method": "POST"}, "method"),
        ({"headers": {"Sec-Purpose": "prefetch;prerender"}}, "prefetch"),
        ({"headers": {"Purpose": "prefetch"}}, "prefetch"),
        ({"headers": {"X-Purpose": "preview"}}, "prefetch"),
        ({"headers": {"X-Moz": "prefetch"}}, "prefetch"),
        (
            {
                "headers": {
                    "User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
                }
            },
            "bot",
        ),
        ({"headers": {"User-Agent": "curl/8.5.0"}}, "bot"),
        ({"headers": {"User-Agent": ""}}, "no-user-agent"),
        ({"path": "/nl/bestaat-niet"}, "status"),
        ({"path": "/"}, "status"),
    ],
)
def test_what_is_not_a_real_page_load_is_counted_only_as_a_rejection(
    counting_app, visitor, request_kwargs, reason
):
    kwargs = {"path": "/nl/privacy", "method": "GET", **request_kwargs}
    visitor.open(**kwargs)
    found = totals(counting_app)
    assert found[("rejected", reason)] == 1
    assert sum(n for (metric, _), n in found.items() if metric in ("page", "visit")) == 0


def test_static_files_are_neither_pages_nor_rejections(counting_app, visitor):
    with counting_app.test_request_context():
        stylesheet = url_for("static", filename="css/site.css")
    assert visitor.get(stylesheet).status_code == 200
    assert totals(counting_app) == {}


def send_during_request(app, client, signal, **kwargs):
    """Send a programme's signal from inside a real page load, as the programmes do."""

    @app.get("/<any(nl, en):lang>/test-signal")
    def signal_page(lang=None):
        signal.send(app, **kwargs)
        return "<p>page</p>"

    return client.get("/nl/test-signal", headers={"Sec-Fetch-Site": "none"})


@pytest.mark.parametrize(
    ("signal", "kwargs", "expected"),
    [
        (events.advice_started, {"lang": "nl"}, {("advice.start", "nl"): 1}),
        (
            events.advice_reached,
            {"lang": "nl", "advice_id": "sextortion-tell-someone", "topic": "sextortion"},
            {("advice.reached", "sextortion-tell-someone"): 1, ("advice.topic", "sextortion"): 1},
        ),
        (
            events.module_viewed,
            {"lang": "en", "course": "naasten", "number": 6},
            {("module.view", "naasten-6"): 1},
        ),
        (
            events.module_completed,
            {"lang": "nl", "course": "stoppen", "number": 10},
            {("module.done", "stoppen-10"): 1},
        ),
        (
            events.course_progress_seen,
            {"lang": "nl", "course": "naasten", "done_count": 3},
            {("course.returning", "naasten"): 1},
        ),
    ],
)
def test_each_programme_signal_is_counted(counting_app, visitor, signal, kwargs, expected):
    send_during_request(counting_app, visitor, signal, **kwargs)
    found = totals(counting_app)
    for key, n in expected.items():
        assert found[key] == n


def test_a_returning_visitor_is_only_counted_when_the_visit_starts(counting_app, visitor):
    @counting_app.get("/<any(nl, en):lang>/test-progress")
    def progress(lang=None):
        events.course_progress_seen.send(counting_app, lang="nl", course="stoppen", done_count=2)
        return "<p>module</p>"

    visitor.get("/nl/test-progress", headers={"Sec-Fetch-Site": "cross-site"})
    visitor.get("/nl/test-progress", headers={"Sec-Fetch-Site": "same-origin"})
    visitor.get("/nl/test-progress", headers={"Sec-Fetch-Site": "none"})
    assert totals(counting_app)[("course.returning", "stoppen")] == 2


def test_signals_from_a_bot_or_a_prefetch_are_not_counted(counting_app, visitor):
    @counting_app.get("/<any(nl, en):lang>/test-started")
    def started(lang=None):
        events.advice_started.send(counting_app, lang="nl")
        return "<p>question</p>"

    visitor.get("/nl/test-started", headers={"User-Agent": "Googlebot/2.1"})
    visitor.get("/nl/test-started", headers={"Sec-Purpose": "prefetch"})
    found = totals(counting_app)
    assert found[("advice.start", "nl")] == 0
    assert found[("rejected", "bot")] == found[("rejected", "prefetch")] == 1


def test_malformed_signal_values_are_ignored(counting_app, visitor):
    send_during_request(
        counting_app, visitor, events.advice_reached, lang="nl", advice_id="<script>", topic="A" * 300
    )
    found = totals(counting_app)
    assert not [key for key in found if key[0].startswith("advice")]
    assert found[("page", "/nl/test-signal")] == 1


def test_a_signal_outside_a_request_is_ignored(counting_app):
    with counting_app.app_context():
        events.module_viewed.send(counting_app, lang="nl", course="stoppen", number=3)
    assert totals(counting_app) == {}


def test_pages_replayed_from_the_page_cache_are_counted_with_their_events(make_app):
    app = make_app(PAGE_CACHE=True)
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = BROWSER
    start = client.get("/nl/advies/")
    assert start.status_code == 200
    advice_url = next(
        url
        for url, response in crawl_site(client, ["/nl/advies/"]).items()
        if 'class="survey-offer' in response.get_data(as_text=True)
    )
    before = totals(app)
    for _ in range(3):
        assert client.get(advice_url, headers={"Sec-Fetch-Site": "same-origin"}).status_code == 200
    assert len(app.extensions["hulpwijzer.serving.replay"]) > 0, "the page cache should be serving these"
    after = totals(app)
    reached = [key for key in after if key[0] == "advice.reached" and after[key] - before[key] == 3]
    assert len(reached) == 1
    assert after[("advice.start", "nl")] - before[("advice.start", "nl")] == 0
    path = advice_url.split("?")[0]
    assert after[("page", path)] - before[("page", path)] == 3


def test_bot_verdicts_are_remembered_by_keyed_hash_not_by_user_agent():
    import sys

    from hulpwijzer.recording.bots import BotCheck

    check = BotCheck(size=2)
    bot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
    assert check.is_bot(bot) and check.is_bot(bot)
    assert not check.is_bot(BROWSER) and not check.is_bot(BROWSER)
    check.is_bot("curl/8.5.0")
    assert len(check.verdicts) <= 2, "the cache stays bounded"
    assert all(isinstance(key, int) for key in check.verdicts)
    for agent in (bot, BROWSER, "curl/8.5.0"):
        assert agent not in repr(check.verdicts)
    # Python's string hash is keyed with a random value per process (SipHash), unless someone
    # turned that off: then the numbers could be matched against known user agents.
    assert sys.flags.hash_randomization


def test_counting_can_be_switched_off_for_benchmarks(make_app):
    app = make_app(COUNTING=False)
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = BROWSER
    assert client.get("/nl/privacy").status_code == 200
    assert client.post("/nl/advies/vragen", data={"topic": "sextortion", "age": "12-18"}).status_code == 200
    assert totals(app) == {}


def test_the_page_judges_nothing_the_counting_thread_judges_each_distinct_load_once(make_app, monkeypatch):
    from hulpwijzer.recording import loads

    judged = []
    verdict = loads.agent_verdict
    monkeypatch.setattr(loads, "agent_verdict", lambda agent: judged.append(agent) or verdict(agent))
    app = make_app(PAGE_CACHE=True, COUNTS_FLUSH_SECONDS=3600)
    client = app.test_client()
    bot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
    for _ in range(20):
        client.get("/nl/privacy", headers={"User-Agent": BROWSER})
    for _ in range(5):
        client.get("/nl/privacy", headers={"User-Agent": bot})
    assert judged == [], "while the visitor waits, no user agent is judged"
    found = totals(app)
    assert found[("page", "/nl/privacy")] == 20 and found[("rejected", "bot")] == 5
    # The rendered page and its 19 replays are one load; the bot's five are another.
    assert sorted(judged) == sorted([BROWSER, bot])


def test_after_the_batch_is_added_up_no_user_agent_is_held(make_app):
    app = make_app(PAGE_CACHE=True, COUNTS_FLUSH_SECONDS=3600)
    client = app.test_client()
    agent = BROWSER + " held-only-until-the-flush"
    client.get("/nl/privacy", headers={"User-Agent": agent})
    tally = app.extensions["hulpwijzer.recording.tally"]
    assert agent in repr(vars(tally)), "the load waits in memory for the counting thread"
    assert tally.flush()
    assert agent not in repr(vars(tally))


@pytest.mark.parametrize("dest", ["image", "iframe", "empty", "script", "style", "video", "nonsense", ""])
@pytest.mark.parametrize("site", ["cross-site", "same-site", "same-origin", None])
def test_what_a_page_loads_rather_than_a_visitor_opens_counts_nothing(counting_app, visitor, dest, site):
    headers = {"Sec-Fetch-Dest": dest, **({"Sec-Fetch-Site": site} if site else {})}
    assert visitor.get("/nl/stoppen/2", headers=headers).status_code == 200
    found = totals(counting_app)
    assert found == {("rejected", "embedded"): 1}


@pytest.mark.parametrize("dest", [{"Sec-Fetch-Dest": "document"}, {}])
def test_a_navigation_counts_and_so_does_a_browser_that_does_not_say(counting_app, visitor, dest):
    visitor.get("/nl/stoppen/2", headers={"Sec-Fetch-Site": "cross-site", **dest})
    found = totals(counting_app)
    assert found[("page", "/nl/stoppen/2")] == 1 and found[("visit", "course")] == 1
    assert found[("module.view", "stoppen-2")] == 1


def test_the_sites_own_script_marking_a_module_done_counts_the_completion(counting_app, visitor):
    fetched = {"Sec-Fetch-Dest": "empty", "Sec-Fetch-Site": "same-origin"}
    done = visitor.post("/nl/stoppen/4/klaar", headers=fetched)
    assert done.status_code == 303
    visitor.get(done.headers["Location"], headers=fetched)  # fetch() follows the redirect ...
    visitor.get(done.headers["Location"], headers={"Sec-Fetch-Site": "same-origin"})  # ... and opens it
    found = totals(counting_app)
    assert found[("module.done", "stoppen-4")] == 1
    assert sum(n for (metric, _), n in found.items() if metric == "page") == 1
    assert found[("rejected", "embedded")] == 1


def test_another_sites_form_posted_into_a_frame_counts_nothing(counting_app, visitor):
    visitor.post("/nl/stoppen/4/klaar", headers={"Sec-Fetch-Dest": "iframe", "Sec-Fetch-Site": "cross-site"})
    assert totals(counting_app)[("module.done", "stoppen-4")] == 0


def test_fetch_metadata_is_queued_as_one_of_its_legal_values_whatever_was_sent(counting_app, visitor):
    from hulpwijzer.recording.bots import DOCUMENT, EMBEDDED, FETCH_SITES

    tally = counting_app.extensions["hulpwijzer.recording.tally"]
    sent = [
        ({"Sec-Fetch-Site": "x" * 32_000, "Sec-Fetch-Dest": "y" * 32_000}, None, EMBEDDED),
        ({"Sec-Fetch-Site": "same-origin".upper(), "Sec-Fetch-Dest": "document"}, None, DOCUMENT),
        ({"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Dest": "document"}, "cross-site", DOCUMENT),
    ]
    for headers, _site, _dest in sent:
        visitor.get("/nl/privacy", headers={**headers, "User-Agent": "é" * 4000})
    queued = list(tally._loads)[-3:]
    for load, (_headers, site, dest) in zip(queued, sent, strict=True):
        assert load[3] is (FETCH_SITES[site] if site else None) and load[5] is dest
        assert len(load[2].encode("latin-1", "replace")) <= 512 and load[2].isascii() is False
