"""The plan module filled from notes the visitor downloaded earlier, in a fresh browser, with and
without JavaScript; the notes are read in the request that posts them and reach neither the
counts' store nor the server's log. Real Chromium."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from hulpwijzer.programmes.course_notes import read_notes

MODULES = (2, 4, 9)
DOWNLOAD = "Mijn antwoorden downloaden"
FILL = "Mijn plan invullen"


def plan_fields(page: Page) -> list[str]:
    """The names of the module's plan answers (an exercise's items: "exercise__item")."""
    return page.eval_on_selector_all(
        "form[data-course-answers] textarea[name*='__']", "a => a.map(e => e.name)"
    )


def download_notes(browser: Browser, base: str, folder: Path) -> tuple[list[Path], dict[str, str]]:
    """Write a plan answer in every plan field of a few modules and download each module's notes."""
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    files, written = [], {}
    for number in MODULES:
        page.goto(f"{base}/nl/stoppen/{number}")
        for name in plan_fields(page):
            written[f"{number}:{name}"] = f"Notitie {number} {name} alleen van mij"
            page.fill(f"textarea[name='{name}']", written[f"{number}:{name}"])
        with page.expect_download() as download:
            page.get_by_role("button", name=DOWNLOAD).first.click()
        files.append(folder / f"notes-{number}.txt")
        download.value.save_as(files[-1])
    context.close()
    return files, written


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_plan_is_filled_from_downloaded_notes_and_they_are_kept_nowhere(
    browser: Browser, live_server, app, tmp_path, javascript
):
    files, written = download_notes(browser, live_server.url, tmp_path)
    texts = [file.read_text(encoding="utf-8") for file in files]
    # Each file is a readable copy of the answers, with the line the plan reads back.
    assert all("Notitie" in text for text in texts) and read_notes("stoppen", texts) == written

    fresh = browser.new_context(java_script_enabled=javascript)
    page = fresh.new_page()
    page.goto(f"{live_server.url}/nl/stoppen/17")
    page.set_input_files("#notes", [str(file) for file in files])
    page.get_by_role("button", name=FILL).click()
    expect(page.get_by_role("status")).to_contain_text("Ingevuld uit je aantekeningen")
    with app.app_context():
        from hulpwijzer.content import site_content

        plan = site_content().courses.by_slug("stoppen").plan
    for item, sources in plan.sources.items():
        expected = [written[source.field] for source in sources if source.field in written]
        value = page.input_value(f"textarea[name='{plan.exercise}__{item}']")
        assert value.splitlines() == expected, item
    fresh.close()

    time.sleep(3)  # the counts' writer thread writes every two seconds
    database = Path(os.environ["DATABASE_URL"].removeprefix("sqlite:///"))
    stored = b"".join(path.read_bytes() for path in database.parent.glob(database.name + "*"))
    for text in written.values():
        assert text.encode() not in stored and text not in live_server.logs()
