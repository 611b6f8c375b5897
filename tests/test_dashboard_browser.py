"""The dashboard with a year of figures, in real Chromium: no axe violations, at 320 px
nothing scrolls sideways (wide tables scroll inside their own box), and at 1280 px every
table fits without scrolling, labels on the left and numbers on the right."""

from __future__ import annotations

from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe

from hulpwijzer.recording.store import SQLiteStore
from tests.support.server import start_server

YEAR = date.today().year - 2  # ended and settled, even on 1 January: every table is published


@pytest.fixture(scope="module")
def dashboard_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dashboard")
    store = SQLiteStore(folder / "counts.sqlite3")
    store.create_schema()
    counts = {}
    for month in range(1, 13):
        day = f"{YEAR}-{month:02d}-15"
        counts[(day, "advice.reached", "a1")] = 400 + month
        counts[(day, "advice.topic", "sextortion")] = 300
        counts[(day, "advice.topic", "grooming")] = 100 + month
        counts[(day, "visit", "course")] = 900 + 10 * month
        counts[(day, "module.view", "1")] = 200
        counts[(day, "module.view", "17")] = 3
        counts[(f"{YEAR}-{month:02d}", "survey.age", "12-18")] = 40
        counts[(f"{YEAR}-{month:02d}", "survey.topic_age", "sextortion|12-18")] = 38
        counts[(f"{YEAR}-{month:02d}", "survey.topic_age", "grooming|12-18")] = 2
    store.add(counts)
    env = {
        "STATS_USER": "jaarverslag",
        "STATS_PASSWORD": "geheim-genoeg",
        "DATABASE_URL": f"sqlite:///{store.path}",
    }
    server = start_server(folder, env=env, workers=1)
    yield server
    server.stop()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_full_year_has_no_axe_violations_and_fits_320_px(browser, dashboard_server, lang):
    context = browser.new_context(http_credentials={"username": "jaarverslag", "password": "geheim-genoeg"})
    page = context.new_page()
    try:
        response = page.goto(dashboard_server.url + f"/{lang}/beheer/?period={YEAR}")
        assert response.status == 200
        assert page.locator("table").count() > 10
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
        for width in (320, 640):
            page.set_viewport_size({"width": width, "height": 800})
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"the dashboard scrolls sideways by {overflow}px at {width}px"
        page.set_viewport_size({"width": 1280, "height": 800})
        scrolling = page.evaluate(
            "[...document.querySelectorAll('.table-scroll')]"
            ".filter(box => box.scrollWidth > box.clientWidth)"
            ".map(box => box.getAttribute('aria-labelledby'))"
        )
        assert scrolling == [], f"these tables scroll sideways at 1280 px: {scrolling}"
        aligned = page.evaluate(
            "[getComputedStyle(document.querySelector('tbody th[scope=row]')).textAlign,"
            " getComputedStyle(document.querySelector('tbody td.number')).textAlign]"
        )
        assert aligned[0] in ("start", "left") and aligned[1] == "right", aligned
    finally:
        context.close()


def test_the_period_menu_offers_every_year_with_counts(browser, dashboard_server):
    context = browser.new_context(http_credentials={"username": "jaarverslag", "password": "geheim-genoeg"})
    page = context.new_page()
    try:
        page.goto(dashboard_server.url + "/en/beheer/")
        assert page.title().endswith("Offlimits staff") and "hulpwijzer" not in page.title()
        page.select_option("#period", f"{YEAR}-Q2")
        page.get_by_role("button", name="Show").click()
        assert page.url.endswith(f"/en/beheer/?period={YEAR}-Q2")
        assert page.locator("#table-topic-age").count() == 1
        assert page.locator("h1").inner_text() == "Figures for the annual report"
    finally:
        context.close()
