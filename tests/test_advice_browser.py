"""The 2016 sextortion flow in real Chromium: by tapping at phone size, and by keyboard only."""

import pytest
from playwright.sync_api import Page, expect

from tests.support.keyboard import tab_to
from wizard import encode_path

# The programme's 2016 reference flow, as a visitor under 18 answers it (Dutch labels).
FLOW_2016 = [
    ("Voor wie zoek je advies?", "Voor mezelf"),
    ("Hoe oud ben je?", "12 tot 18"),
    ("Waar gaat het over?", "Iemand wil seks, naaktbeelden of seksuele dingen van mij"),
    (
        "Wat is er aan de hand?",
        "Ik chat met iemand die ik alleen van internet ken en ik twijfel of het goed zit",
    ),
    ("Stuurde die persoon je zomaar een bericht, terwijl jullie elkaar niet kenden?", "Ja"),
    ("Vraagt die persoon je om naaktfoto's, of om seksuele dingen te doen voor de webcam?", "Ja"),
    (
        "Heb je foto's gestuurd, of iets gedaan voor de webcam?",
        "Ja, en nu dreigt die persoon de beelden te verspreiden als ik niet betaal",
    ),
    ("Heb je het al aan iemand verteld?", "Nee"),
]
ADVICE_TITLE = "Iemand dreigt je beelden te verspreiden"
PHONE = {"width": 360, "height": 740}


def assert_nothing_stored(page: Page) -> None:
    assert page.context.cookies() == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0


def assert_2016_advice(page: Page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(ADVICE_TITLE)
    expect(page.get_by_role("heading", name="Betaal niet")).to_be_visible()
    expect(page.get_by_text("Blijf hier niet alleen mee zitten")).to_be_visible()
    contact = page.locator(".advice-contact").get_by_role("link", name="helpwanted.nl")
    expect(contact).to_have_attribute("href", "https://www.helpwanted.nl/")
    expect(page.locator(".summary-row")).to_have_count(len(FLOW_2016))


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def walk_2016_flow(page: Page, base_url: str, tap: bool = False) -> None:
    """From the home page through the 2016 flow, by tapping or by clicking."""
    page.goto(base_url + "/nl/")
    press = "tap" if tap else "click"
    getattr(page.get_by_role("link", name="Krijg advies van Helpwanted"), press)()
    getattr(page.get_by_role("link", name="Begin", exact=True), press)()
    for question, answer in FLOW_2016:
        expect(page.locator("legend")).to_contain_text(question)
        getattr(page.get_by_label(answer, exact=True), press)()
        getattr(page.get_by_role("button", name="Verder"), press)()


def test_2016_flow_by_tapping_at_phone_size(phone: Page, live_server):
    walk_2016_flow(phone, live_server.url, tap=True)
    assert_2016_advice(phone)
    # The address carries codes, no answer words (wizard/address.py).
    path = ("zelf", "onder-18", "seksueel-contact", "chat", "ja", "ja", "geld", "niet-verteld")
    assert "p=" + encode_path(path) in phone.url
    # Nothing is wider than the phone's screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # "Change" on an answer goes back to that question with the answer still chosen.
    phone.get_by_role("link", name="Wijzig je antwoord op: Hoe oud ben je?").tap()
    expect(phone.get_by_label("12 tot 18", exact=True)).to_be_checked()
    assert_nothing_stored(phone)


def test_2016_flow_by_keyboard_only(page: Page, live_server):
    page.goto(live_server.url + "/nl/advies/")
    tab_to(page, "a.button")
    page.keyboard.press("Enter")
    for question, answer in FLOW_2016:
        expect(page.locator("legend")).to_contain_text(question)
        labels = page.locator(".choice span").all_inner_texts()
        tab_to(page, "input[type=radio]")
        page.keyboard.press("Space")
        for _ in range(labels.index(answer)):
            page.keyboard.press("ArrowDown")
        expect(page.get_by_label(answer, exact=True)).to_be_checked()
        expect(page.get_by_label(answer, exact=True)).to_be_focused()
        tab_to(page, "button[type=submit]")
        page.keyboard.press("Enter")
    assert_2016_advice(page)
    assert_nothing_stored(page)


def test_back_link_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/en/advice/question?p=zelf")
    page.get_by_label("18 or older").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("legend")).to_have_text("What is it about?")
    page.get_by_role("link", name="Back").click()
    expect(page.get_by_label("18 or older")).to_be_checked()
    context.close()


def question_paths() -> list[tuple[str, ...]]:
    """One path to every question of the real tree: the shortest that shows it."""
    from tests.support.advice import real_tree
    from wizard import all_paths, walk

    tree = real_tree()
    found: dict[str, tuple[str, ...]] = {}
    for path in all_paths(tree):
        for end in range(len(path)):
            node = walk(tree, path[:end]).node
            if node.id not in found or end < len(found[node.id]):
                found[node.id] = path[:end]
    return [found[question_id] for question_id in sorted(found) if question_id in tree.questions]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_question_fits_in_one_and_a_half_phone_screens(phone: Page, live_server, lang):
    """At 360 px the "Continue" button of every question is within 1.5 screens: no long scrolling."""
    from wizard import format_path

    question = "advies/vraag" if lang == "nl" else "advice/question"
    too_long = {}
    for path in question_paths():
        phone.goto(f"{live_server.url}/{lang}/{question}?p={format_path(path)}")
        button = phone.locator("button[type=submit]")
        bottom = phone.evaluate(
            "b => b.getBoundingClientRect().bottom + window.scrollY", button.element_handle()
        )
        if bottom > 1.5 * PHONE["height"]:
            too_long[format_path(path)] = round(bottom)
    assert not too_long, too_long


@pytest.mark.parametrize(
    "path",
    [
        "/nl/advies/volgende?p=zelf",  # a question sent without an answer
        "/en/advice/question?p=zelf.onder-18.oud-antwoord",  # a stale link
        "/nl/advies/uitkomst?p=ander.18-plus.dreiging",
        "/nl/advies/uitkomst?p=ander.onder-12.dreigen-delen.bang",  # the adult's part for a child under 12
        "/en/advice/result?p=vriend.onder-18.seksueel-contact.relatie",  # a friend, sent to an adult first
        "/nl/advies/uitkomst?p=zelf.onder-12.kind-gevraagd",  # a child's page, its age taken from the tree
        "/en/advies/uitkomst?p=school.onder-18.groepschat",  # the school's steps as a list
        # Warning signs; the adult age bands.
        "/nl/advies/uitkomst?p=zelf.18-plus.seksueel-contact.chat.via-via.nee",
    ],
)
def test_error_and_advice_pages_pass_axe(page: Page, live_server, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(live_server.url + path)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
