"""The privacy page says exactly what is counted: every sentence of its counting
sections is listed here with the tests that prove it, and the database after a
crawl holds nothing that could point to a visitor."""

from __future__ import annotations

import importlib
import logging
import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.support.apps import build_app
from tests.support.counts import BROWSER, totals
from tests.support.crawl import crawl_site

DAY = "tests.test_counting_privacy::test_only_totals_per_day_or_month_are_stored"
NOTHING = "tests.test_counting_privacy::test_after_a_crawl_the_database_holds_nothing_about_the_visitor"
PAGES = "tests.test_counting::test_a_page_load_counts_a_page_view_and_a_visit"
VISITS = "tests.test_counting::test_a_page_opened_from_our_own_site_is_not_a_new_visit"
SIGNALS = "tests.test_counting::test_each_programme_signal_is_counted"
RETURNING = "tests.test_counting::test_a_returning_visitor_is_only_counted_when_the_visit_starts"
OPTIONAL = "tests.test_survey::test_the_questions_are_shown_as_optional"
SKIPPED = "tests.test_survey::test_skipping_everything_counts_nothing"
ANSWERS = "tests.test_survey::test_each_answer_is_tallied_on_its_own_and_only_age_and_gender_with_the_topic"
MONTH = "tests.test_survey::test_answers_are_counted_per_month"
FILTER = "tests.test_counting::test_what_is_not_a_real_page_load_is_counted_only_as_a_rejection"
SMALL = "tests.test_disclosure::test_the_issue_subtractions_give_nothing_under_five"
GENERATED = "tests.test_disclosure::test_generated_years_give_nothing_under_five"
EXPORT = "tests.test_disclosure::test_dashboard_csv_and_cli_publish_the_same_numbers"
RATINGS_SHOWN = (
    "tests.test_outcomes::test_the_start_and_the_end_ask_the_declared_ratings_with_one_button_each"
)
RATINGS_PRESSED = (
    "tests.test_outcomes::test_only_pressed_ratings_are_counted_and_found_in_the_report_the_csv_and_the_json"
)
CAMPAIGN_ONCE = "tests.test_campaigns::test_a_listed_tag_is_counted_once_per_visit"
CAMPAIGN_OTHER = "tests.test_campaigns::test_an_unlisted_tag_counts_as_other_and_is_never_stored"
CAMPAIGN_DROPPED = "tests.test_campaigns::test_the_tag_is_dropped_from_the_address"

# Every sentence of the page's counting sections, and the tests that back it.
PROMISES = {
    "nl": {
        "Om te weten of deze site mensen helpt, telt de site zelf een paar dingen.": [NOTHING],
        "We tellen alleen totalen per dag, nooit wie iets deed.": [DAY],
        "Hoe vaak elke pagina is bekeken, per taal.": [PAGES, NOTHING],
        "Hoeveel bezoeken er per dag zijn.": [VISITS],
        "Een bezoek begint als je een pagina opent zonder van een andere pagina van deze site te komen.": [
            VISITS
        ],
        "In de adviesmodule: hoe vaak iemand aan de vragen begint, welk advies iemand krijgt en over welk "
        "onderwerp dat advies gaat.": [SIGNALS],
        "In de cursussen: hoe vaak elke module is bekeken en afgerond, en hoe vaak een bezoek begint met een "
        "voortgangscode waarin al een module af is.": [SIGNALS, RETURNING],
        "Aan het eind van een advies staan een paar vragen.": [OPTIONAL],
        "Je mag ze overslaan.": [OPTIONAL, SKIPPED],
        "Elk antwoord tellen we apart op bij een totaal per maand.": [ANSWERS, MONTH],
        "Alleen je leeftijdsgroep en je gender tellen we samen met het onderwerp van het advies.": [ANSWERS],
        "In de eerste en de laatste module van een cursus staan een paar vragen waarmee je jezelf een "
        "cijfer geeft.": [RATINGS_SHOWN],
        'Een antwoord tellen we alleen als je op de knop "Tel mijn antwoord anoniem mee" drukt.': [
            RATINGS_SHOWN,
            RATINGS_PRESSED,
        ],
        "We tellen dan alleen de waarde en de maand, los van al het andere.": [RATINGS_PRESSED],
        "Of een bezoek begon via een link uit een van onze campagnes, zoals een banner.": [CAMPAIGN_ONCE],
        "Zo'n link heeft een label.": [CAMPAIGN_ONCE, CAMPAIGN_DROPPED],
        "We tellen alleen labels die op onze eigen lijst staan; een ander label tellen we als "
        '"anders", zonder op te schrijven wat er stond.': [CAMPAIGN_OTHER],
        "Daarna halen we het label meteen uit het adres, zodat het niet in een bladwijzer of een gedeelde "
        "link terechtkomt.": [CAMPAIGN_DROPPED],
        "Bezoeken van zoekmachines en andere robots tellen we niet mee, net als pagina's die je browser "
        "alvast ophaalt zonder dat je ze ziet.": [FILTER],
        "Die tellen we alleen per reden, zodat we kunnen nagaan of dit filter goed werkt.": [FILTER],
        "We bewaren geen IP-adres, niets over je browser of apparaat, geen volledig webadres en geen "
        "voortgangscode.": [NOTHING],
        "We bewaren ook geen tijdstip, alleen de dag of de maand.": [DAY, MONTH],
        "In de overzichten voor het jaarverslag verbergen we elk antwoord dat 1 tot en met 4 keer is "
        "gegeven, en ook de getallen waarmee je het zou kunnen uitrekenen, zodat niemand te herkennen "
        "is.": [SMALL, GENERATED, EXPORT],
    },
    "en": {
        "To know whether this site helps people, the site itself counts a few things.": [NOTHING],
        "We only count totals per day, never who did what.": [DAY],
        "How often each page was viewed, per language.": [PAGES, NOTHING],
        "How many visits there are each day.": [VISITS],
        "A visit starts when you open a page without coming from another page of this site.": [VISITS],
        "In the advice module: how often someone starts the questions, which advice someone gets and what "
        "topic that advice is about.": [SIGNALS],
        "In the courses: how often each module was viewed and completed, and how often a visit starts with a "
        "progress code in which at least one module is done.": [SIGNALS, RETURNING],
        "At the end of an advice there are a few questions.": [OPTIONAL],
        "You can skip them.": [OPTIONAL, SKIPPED],
        "We add each answer separately to a total per month.": [ANSWERS, MONTH],
        "Only your age group and your gender are counted together with the topic of the advice.": [ANSWERS],
        "In the first and the last module of a course there are a few questions where you rate yourself.": [
            RATINGS_SHOWN
        ],
        'We only count an answer if you press the button "Count my answer anonymously".': [
            RATINGS_SHOWN,
            RATINGS_PRESSED,
        ],
        "We then count only the value and the month, apart from everything else.": [RATINGS_PRESSED],
        "Whether a visit started from a link in one of our campaigns, such as a banner.": [CAMPAIGN_ONCE],
        "Such a link carries a label.": [CAMPAIGN_ONCE, CAMPAIGN_DROPPED],
        "We only count labels that are on our own list; any other label is counted as "
        '"other", without writing down what it said.': [CAMPAIGN_OTHER],
        "Then we remove the label from the address straight away, so that it does not end up in a bookmark "
        "or a shared link.": [CAMPAIGN_DROPPED],
        "We don't count visits by search engines and other robots, nor pages your browser fetches in advance "
        "without you seeing them.": [FILTER],
        "We only count those per reason, so that we can check that this filter works.": [FILTER],
        "We keep no IP address, nothing about your browser or device, no full web address and no progress "
        "code.": [NOTHING],
        "We don't keep the time either, only the day or the month.": [DAY, MONTH],
        "In the overviews for the annual report, we hide every answer given 1 to 4 times, and also the "
        "numbers from which it could be worked out, so that no one can be recognised.": [
            SMALL,
            GENERATED,
            EXPORT,
        ],
    },
}
HEADINGS = {
    "nl": ("Wat we tellen", "Wat we bij het tellen nooit bewaren"),
    "en": ("What we count", "What we never keep when counting"),
}


def site_content_of(app):
    return app.extensions["hulpwijzer.content"]


def section_sentences(html: str, heading: str) -> list[str]:
    body = html.split(f">{heading}</h2>", 1)[1].split("<h2", 1)[0]
    text = unescape(re.sub(r"<[^>]+>", "\n", body))
    chunks = [" ".join(chunk.split()) for chunk in re.split(r"\n\s*\n", text)]
    return [s for chunk in chunks for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"'])", chunk) if s]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_sentence_about_counting_is_backed_by_a_test(client, lang):
    html = client.get(f"/{lang}/privacy").get_data(as_text=True)
    sentences = [s for heading in HEADINGS[lang] for s in section_sentences(html, heading)]
    assert sentences == list(PROMISES[lang]), "update PROMISES (and its tests) together with the privacy page"
    for tests in PROMISES[lang].values():
        for test in tests:
            module, name = test.split("::")
            assert callable(getattr(importlib.import_module(module), name)), test


@pytest.fixture(scope="module")
def crawled_counts(tmp_path_factory):
    """A crawl of the whole site by a browser-like client from a known address, with odd query strings."""
    app = build_app(tmp_path_factory.mktemp("crawl-counts"))
    client = app.test_client()
    client.environ_base.update({"HTTP_USER_AGENT": BROWSER, "REMOTE_ADDR": "203.0.113.77"})
    # Real progress codes: mark modules done, then crawl on from the pages that carry the code.
    resumed = [
        client.post(path).headers["Location"] for path in ("/nl/stoppen/6/klaar", "/en/stopping/10/klaar")
    ]
    codes = [parse_qsl(urlsplit(url).query)[0][1] for url in resumed]
    start = ["/nl/", "/en/", "/nl/privacy?code=K7Q2-ZX91&v=3", "/en/?voortgang=abc123secret", *resumed]
    pages = crawl_site(client, start)
    assert all(any(code in url for url in pages) for code in codes)
    tally = app.extensions["hulpwijzer.recording.tally"]
    assert tally.flush()
    return app, pages, tally.store.rows("0000", "9999"), codes


def test_after_a_crawl_the_database_holds_nothing_about_the_visitor(crawled_counts):
    app, pages, rows, codes = crawled_counts
    assert rows, "the crawl should have been counted"
    stored = " ".join(str(value) for row in rows for value in row)
    for forbidden in ("203.0.113", "Mozilla", "Chrome", "AppleWebKit", "?", "K7Q2", "abc123secret", *codes):
        assert forbidden not in stored
    # Whatever the crawl carried in a query string (answers, progress codes) is in no counted page.
    page_items = " ".join(item for _, metric, item, _ in rows if metric == "page")
    for url in pages:
        query = urlsplit(url).query
        assert not query or query not in stored, url
        for _name, value in parse_qsl(query):
            assert len(value) < 3 or value not in page_items, url
    # The programmes' counts hold only ids from the content, never what a visitor typed or chose.
    tree = site_content_of(app).advice
    items = {metric: {item for _, m, item, _ in rows if m == metric} for metric in {r[1] for r in rows}}
    assert items.get("advice.reached", set()) <= set(tree.advice)
    assert items.get("advice.topic", set()) <= set(tree.topics)
    assert items.get("advice.start", set()) <= {"nl", "en"}
    metrics = {metric for _, metric, _, _ in rows}
    assert metrics <= {"page", "visit", "rejected", "advice.start", "advice.reached", "advice.topic"} | {
        "module.view",
        "module.done",
        "course.returning",
    }
    html_pages = [u for u, r in pages.items() if r.status_code == 200 and r.mimetype == "text/html"]
    page_total = sum(n for _, metric, _, n in rows if metric == "page")
    assert page_total == len(html_pages)
    assert {item for _, metric, item, _ in rows if metric == "page"} >= {"/nl/privacy", "/en/privacy"}


def test_only_totals_per_day_or_month_are_stored(crawled_counts, make_app, tmp_path):
    _app, _pages, rows, _codes = crawled_counts
    assert all(len(row) == 4 and isinstance(row[3], int) for row in rows)
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", period) for period, *_ in rows)
    import sqlite3

    app = make_app()
    with sqlite3.connect(tmp_path / "counts.sqlite3") as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(counts)")]
    assert columns == ["period", "metric", "item", "n"]
    assert app


def test_store_down_every_page_is_still_served_and_counts_are_retried(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="hulpwijzer.recording.hook")
    folder = tmp_path / "not-yet"
    app = build_app(folder)
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = BROWSER
    pages = crawl_site(client, ["/nl/", "/en/"])
    assert pages and all(r.status_code in (200, 302, 303) for r in pages.values())
    assert sum(r.status_code == 200 for r in pages.values()) > 100
    tally = app.extensions["hulpwijzer.recording.tally"]
    assert not tally.flush() and not tally.flush()
    failures = [r for r in caplog.records if "cannot write to the SQLite database" in r.getMessage()]
    assert len(failures) == 1, "the failure is logged once, not once per try"
    kept = tally.pending()
    assert kept >= len(pages)
    folder.mkdir()
    assert tally.flush()
    assert sum(totals(app).values()) == kept
    assert [r for r in caplog.records if "works again" in r.getMessage()]


def test_counts_still_unwritten_at_exit_wait_in_the_spool(tmp_path, caplog):
    app = build_app(tmp_path / "missing", COUNTS_SPOOL=str(tmp_path / "spool"))
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = BROWSER
    client.get("/nl/")
    client.get("/nl/privacy")
    app.extensions["hulpwijzer.recording.tally"].close()
    # Two page views and two visits.
    assert any("counting: 4 counts the SQLite database" in r.getMessage() for r in caplog.records)
    (spooled,) = (tmp_path / "spool").iterdir()
    assert sorted(line.split("\t")[1:] for line in spooled.read_text().splitlines()) == [
        ["page", "/nl/", "1"],
        ["page", "/nl/privacy", "1"],
        ["visit", "site", "2"],
    ]


def test_counts_neither_store_nor_spool_can_take_are_reported_lost(tmp_path, caplog):
    (tmp_path / "not-a-folder").write_text("")
    app = build_app(tmp_path / "missing", COUNTS_SPOOL=str(tmp_path / "not-a-folder"))
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = BROWSER
    client.get("/nl/")
    client.get("/nl/privacy")
    app.extensions["hulpwijzer.recording.tally"].close()
    assert any("counting: 4 counts lost" in r.getMessage() for r in caplog.records)
