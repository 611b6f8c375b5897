"""Pressing "Count my answer anonymously" in a real browser, with and without JavaScript: a plain
form post either way, and only the pressed rating is counted."""

from __future__ import annotations

from collections import Counter

import pytest
from playwright.sync_api import Browser, expect

from tests.support.counts import BROWSER, sqlite_rows
from tests.support.server import counting_server


@pytest.fixture
def counted_server(tmp_path):
    with counting_server(tmp_path, workers=1) as running:
        yield running


def outcomes(db) -> Counter:
    found: Counter = Counter()
    for _period, metric, item, n in sqlite_rows(db):
        if metric == "outcome":
            found[item] += n
    return found


def test_a_rating_counts_only_when_its_button_is_pressed_with_and_without_javascript(
    browser: Browser, counted_server
):
    server, db = counted_server
    with_js = browser.new_context(user_agent=BROWSER)
    page = with_js.new_page()
    page.goto(server.url + "/nl/stoppen/1")
    page.get_by_role("link", name="Beoordeel jezelf").click()  # "Hoe gaat het nu? Beoordeel jezelf, …"
    expect(page).to_have_url(server.url + "/nl/stoppen/1/meten")
    urge = page.locator("form[data-rating]").filter(has_text="Hoe sterk was de drang")
    urge.get_by_label("6", exact=True).check()
    # Choosing a rating without pressing its button counts nothing.
    page.locator("form[data-rating]").filter(has_text="Op hoeveel dagen").get_by_label(
        "2", exact=True
    ).check()
    urge.get_by_role("button", name="Tel mijn antwoord anoniem mee").click()
    expect(page.get_by_role("heading", name="Je antwoord is meegeteld")).to_be_visible()
    expect(page.get_by_text("(6)")).to_be_visible()
    with_js.close()

    without_js = browser.new_context(user_agent=BROWSER, java_script_enabled=False)
    page = without_js.new_page()
    page.goto(server.url + "/en/stopping/17/meten")
    change = page.locator("form[data-rating]").filter(has_text="Since you started this course")
    change.get_by_label("gone down").check()
    change.get_by_role("button", name="Count my answer anonymously").click()
    expect(page.get_by_role("heading", name="Your answer has been counted")).to_be_visible()
    page.get_by_role("link", name="Back to the questions").click()
    expect(page).to_have_url(server.url + "/en/stopping/17/meten")
    without_js.close()

    server.stop()  # the worker writes what it still holds when it exits
    assert outcomes(db) == {"stoppen-1|drang|6": 1, "stoppen-17|verandering|minder": 1}
