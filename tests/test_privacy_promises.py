"""Every sentence of the privacy page's other sections, and the tests that back it.

(The counting sections are in test_counting_privacy.py, the course's in
test_course_privacy.py.)"""

from __future__ import annotations

import importlib
import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from hulpwijzer import REPO_ROOT
from tests.support.counts import BROWSER


def section_sentences(html: str, heading: str) -> list[str]:
    """The sentences under one h2 of the page, as a reader sees them (links as their text)."""
    body = html.split(f">{heading}</h2>", 1)[1].split("<h2", 1)[0]
    blocks = [unescape(re.sub(r"<[^>]+>", "", block)) for block in re.split(r"</p>|</li>", body)]
    chunks = [" ".join(block.split()) for block in blocks if block.strip()]
    return [s for chunk in chunks for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"'])", chunk) if s]


COOKIES = "tests.test_privacy::test_no_response_sets_a_cookie"
STORAGE = "tests.test_browser::test_no_request_leaves_this_host_and_nothing_is_stored"
NO_IDENTITY = "tests.test_privacy_promises::test_no_form_asks_who_you_are"
OWN_HOST = "tests.test_privacy::test_pages_use_nothing_from_other_hosts"
LOG = "tests.test_logs::test_server_log_has_no_ip_address_user_agent_or_query"
DATABASE = "tests.test_counting_privacy::test_after_a_crawl_the_database_holds_nothing_about_the_visitor"
REFERRER = "tests.test_privacy_promises::test_a_link_to_another_site_does_not_say_where_you_came_from"
LANGUAGE = "tests.test_pages::test_home_has_lang_and_links_to_other_language"
SWITCH = "tests.test_pages::test_language_switch_keeps_page_and_query"
IN_QUERY = "tests.test_advice_web::test_no_cookie_and_answers_stay_out_of_the_path"
ANSWER_LOG = "tests.test_advice_web::test_the_server_log_never_sees_the_answers"
HISTORY = "tests.test_browser::test_quick_exit_replaces_the_page_in_history"
SAFETY_LINK = "tests.test_pages::test_every_page_has_layout_essentials"
CACHE = "tests.test_privacy_promises::test_the_page_cache_keeps_nothing_about_the_visitor"
CACHE_GONE = "tests.test_privacy_promises::test_the_page_cache_starts_empty"
WHOSE = "tests.test_privacy_promises::test_every_page_says_whose_site_it_is"
PROXY = "tests.test_privacy_promises::test_the_deployment_guide_forbids_the_proxy_to_log_addresses_or_queries"
FORGET = (
    "tests.test_course_browser::test_answers_stay_in_the_browser_only_after_opting_in_and_forget_everything"
)
COURSE_LOG = "tests.test_course_privacy::test_neither_the_code_nor_the_answers_reach_the_server_log"
NOT_KEPT = "tests.test_course_privacy::test_answers_are_not_kept"
NOTHING_KEPT = [DATABASE, LOG, COOKIES, CACHE, NOT_KEPT]

PROMISES = {
    "nl": {
        "Wie is verantwoordelijk": {
            "Deze site is van Offlimits (voorheen EOKM).": [WHOSE],
            "Offlimits is verantwoordelijk voor hoe de site met gegevens omgaat.": [WHOSE],
            "Heb je een vraag over je privacy?": [WHOSE],
            "Neem dan contact op via de contactpagina van Offlimits.": [WHOSE],
        },
        "Je rechten, als er niets over je bewaard is": {
            "De privacywet (AVG) geeft je het recht om te vragen welke gegevens een organisatie over jou "
            "heeft, en om die te laten wissen.": NOTHING_KEPT,
            "Bij deze site is er niets om op te vragen of te wissen: we bewaren niets waarmee we jou kunnen "
            "herkennen.": NOTHING_KEPT,
            "Dat is geen weigering, maar zo is de site gebouwd: wat je invult, wordt nergens bewaard waar we "
            "het later kunnen terugvinden.": [*NOTHING_KEPT, ANSWER_LOG, COURSE_LOG],
            'Wat je zelf in je browser bewaart, kun je zelf wissen met de knop "Alles vergeten".': [FORGET],
        },
        "De server voor onze server": {
            "Tussen jou en onze site staat nog een server, die de verbinding beveiligt.": [PROXY],
            "Ook die mag geen IP-adressen opschrijven, en van elk adres alleen het deel vóór het "
            "vraagteken.": [PROXY],
            "Zo komen je antwoorden en je voortgangscode in geen enkel logboek.": [
                PROXY,
                ANSWER_LOG,
                COURSE_LOG,
            ],
        },
        "Geen cookies en geen account": {
            "Deze site zet geen cookies op je telefoon of computer.": [COOKIES, STORAGE],
            "Je maakt geen account aan en we vragen nooit je naam, je e-mailadres of je telefoonnummer.": [
                NO_IDENTITY
            ],
        },
        "Alles komt van deze site zelf": {
            "Elke pagina haalt alles van onze eigen server: geen lettertypes, filmpjes, knoppen of "
            "tellers van andere bedrijven.": [STORAGE, OWN_HOST],
            "Andere partijen zien dus niet dat je hier bent.": [STORAGE, OWN_HOST],
        },
        "We bewaren geen IP-adres": {
            "Een IP-adres is het adres van je internetverbinding.": [LOG],
            "Onze server schrijft dat adres niet op, ook niet in de logbestanden.": [LOG, DATABASE],
        },
        "Links naar andere sites": {
            "Klik je op een link naar bijvoorbeeld de politie of een hulplijn?": [REFERRER],
            "Dan vertelt je browser die site niet dat je van ons komt.": [REFERRER],
        },
        "Je taal staat in het adres": {
            "Of je de site in het Nederlands of Engels leest, zie je aan het begin van het adres: /nl/ of "
            "/en/.": [LANGUAGE, SWITCH],
            "Dat onthouden we nergens anders.": [COOKIES, STORAGE],
        },
        "Je antwoorden in de adviesmodule": {
            "Je antwoorden op de vragen van de adviesmodule staan alleen in het adres van de pagina, na het "
            "vraagteken.": [IN_QUERY],
            "Onze server schrijft ze niet op: in het logboek komt alleen het deel van het adres vóór het "
            "vraagteken.": [ANSWER_LOG],
            "In de geschiedenis van je browser staan ze wel.": [IN_QUERY, HISTORY],
        },
        "Snelle pagina's": {
            "Om de site snel te houden, onthoudt de server kant-en-klare pagina's in zijn werkgeheugen, "
            "samen met hun adres.": [CACHE],
            "Daarbij staat niet van wie een pagina was, wanneer die werd bekeken of vanaf welk apparaat.": [
                CACHE
            ],
            "Als de server herstart, is alles weer weg.": [CACHE_GONE],
        },
        "Wat je niet kunt voorkomen": {
            "Je browser bewaart zelf een geschiedenis van de pagina's die je bekijkt.": [HISTORY],
            "Deel je een telefoon of computer met anderen?": [SAFETY_LINK],
            "Lees dan de pagina veilig weg.": [SAFETY_LINK],
        },
    },
    "en": {
        "Who is responsible": {
            "This site is run by Offlimits (formerly EOKM).": [WHOSE],
            "Offlimits is responsible for how the site handles data.": [WHOSE],
            "Do you have a question about your privacy?": [WHOSE],
            "Then get in touch via the contact page of Offlimits.": [WHOSE],
        },
        "Your rights, when nothing about you is kept": {
            "The privacy law (the GDPR) gives you the right to ask an organisation what data it has about "
            "you, and to have it erased.": NOTHING_KEPT,
            "On this site there is nothing to ask for or erase: we keep nothing that could identify you.": (
                NOTHING_KEPT
            ),
            "That is not a refusal, it is how the site is built: what you type is not kept anywhere we could "
            "find it later.": [*NOTHING_KEPT, ANSWER_LOG, COURSE_LOG],
            "You can erase what you keep in your own browser yourself, with the "
            '"Forget everything" button.': [FORGET],
        },
        "The server in front of ours": {
            "Between you and our site there is one more server, which secures the connection.": [PROXY],
            "It too must not write down IP addresses, and of each address only the part before the question "
            "mark.": [PROXY],
            "That way your answers and your progress code end up in no log at all.": [
                PROXY,
                ANSWER_LOG,
                COURSE_LOG,
            ],
        },
        "No cookies, no account": {
            "This site sets no cookies on your phone or computer.": [COOKIES, STORAGE],
            "You don't create an account, and we never ask for your name, email address or phone number.": [
                NO_IDENTITY
            ],
        },
        "Everything comes from this site itself": {
            "Every page loads everything from our own server: no fonts, videos, buttons or counters from "
            "other companies.": [STORAGE, OWN_HOST],
            "So no one else can see that you are here.": [STORAGE, OWN_HOST],
        },
        "We don't keep IP addresses": {
            "An IP address is the address of your internet connection.": [LOG],
            "Our server doesn't write it down, not even in its log files.": [LOG, DATABASE],
        },
        "Links to other sites": {
            "If you follow a link to, say, the police or a helpline, your browser won't tell that site that "
            "you came from us.": [REFERRER],
        },
        "Your language is in the address": {
            "Whether you read this site in Dutch or in English shows at the start of the address: /nl/ or "
            "/en/.": [LANGUAGE, SWITCH],
            "We don't remember it anywhere else.": [COOKIES, STORAGE],
        },
        "Your answers in the advice module": {
            "Your answers to the advice questions are only in the address of the page, after the question "
            "mark.": [IN_QUERY],
            "Our server does not write them down: its log only keeps the part of the address before the "
            "question mark.": [ANSWER_LOG],
            "They do stay in your browser history.": [IN_QUERY, HISTORY],
        },
        "Fast pages": {
            "To keep the site fast, the server remembers ready-made pages in its working memory, together "
            "with their address.": [CACHE],
            "It does not note whose page it was, when it was viewed or from which device.": [CACHE],
            "When the server restarts, all of it is gone.": [CACHE_GONE],
        },
        "What you can't prevent through us": {
            "Your browser keeps its own history of the pages you visit.": [HISTORY],
            "If you share a phone or computer with others, read the page leaving quickly.": [SAFETY_LINK],
        },
    },
}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_other_sentence_of_the_privacy_page_is_backed_by_a_test(client, lang):
    html = client.get(f"/{lang}/privacy").get_data(as_text=True)
    headings = [unescape(h) for h in re.findall(r"<h2[^>]*>([^<]+)</h2>", html)]
    for heading, promises in PROMISES[lang].items():
        assert heading in headings, heading
        escaped = re.search(r">([^<]*)</h2>", html[html.index(heading[:8]) - 1 :]).group(1)
        assert section_sentences(html, escaped) == list(promises), heading
        for tests in promises.values():
            for test in tests:
                module, name = test.split("::")
                assert callable(getattr(importlib.import_module(module), name)), test


IDENTITY_WORDS = {"name", "naam", "email", "mail", "phone", "telefoon", "tel", "adres", "address", "birthday"}


def test_no_form_asks_who_you_are(crawled):
    for url, response in crawled.items():
        html = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
        for field in re.findall(r"<(?:input|textarea|select)[^>]*>", html):
            assert not re.search(r'type="(email|tel|password)"', field), (url, field)
            name = re.search(r'name="([^"]*)"', field)
            words = set(re.split(r"[-_]+", name.group(1).lower())) if name else set()
            assert not words & IDENTITY_WORDS, (url, field)


def test_a_link_to_another_site_does_not_say_where_you_came_from(page: Page, live_server):
    seen = []

    def helpline(route):
        seen.append(route.request.headers)
        route.fulfill(body="helpline", content_type="text/html")

    page.route("https://stopitnow.nl/**", helpline)
    page.goto(live_server.url + "/nl/stoppen/")
    page.locator('a[href="https://stopitnow.nl/"]').first.click()
    page.wait_for_url("https://stopitnow.nl/")
    assert seen and "referer" not in {name.lower() for name in seen[0]}


def test_the_page_cache_keeps_nothing_about_the_visitor(make_app):
    app = make_app(PAGE_CACHE=True)
    client = app.test_client()
    for url in ("/nl/", "/en/privacy", "/nl/stoppen/6", "/nl/advies/vraag?p=zelf"):
        client.get(url, headers={"User-Agent": BROWSER}, environ_base={"REMOTE_ADDR": "203.0.113.77"})
    entries = list(app.extensions["hulpwijzer.serving.replay"]._entries.items())
    assert len(entries) == 4
    for key, entry in entries:
        assert set(vars(entry)) == {"status", "headers", "body", "route", "events", "memo"}
        kept = repr((key, entry.status, entry.headers, entry.route, entry.events, entry.memo))
        kept += entry.body.decode()
        assert "203.0.113.77" not in kept and "Mozilla" not in kept
        assert not any(name.lower() in ("date", "last-modified") for name, _ in entry.headers)
        assert urlsplit(key).path.startswith(("/nl/", "/en/"))


def test_the_page_cache_starts_empty(make_app):
    app = make_app(PAGE_CACHE=True)
    assert len(app.extensions["hulpwijzer.serving.replay"]) == 0


@pytest.mark.parametrize(
    ("lang", "foundation"), [("nl", "Offlimits (voorheen EOKM)"), ("en", "Offlimits (formerly EOKM)")]
)
def test_every_page_says_whose_site_it_is(crawled, client, lang, foundation):
    """The foundation named as responsible is the one every page names, and no contact detail is made up."""
    privacy = client.get(f"/{lang}/privacy").get_data(as_text=True)
    responsible = privacy.split("</h2>", 2)[1].split("<h2", 1)[0]
    assert foundation in responsible
    # No address, e-mail or phone number until the foundation gives us one (see domain.md).
    assert "href=" not in responsible and "@" not in responsible and not re.search(r"\d{3}", responsible)
    assert foundation in client.get(f"/{lang}/").get_data(as_text=True)
    pages = [
        r
        for u, r in crawled.items()
        if u.startswith(f"/{lang}/") and r.status_code == 200 and r.mimetype == "text/html"
    ]
    for response in pages:
        html = response.get_data(as_text=True)
        face = re.search(r'<body class="face-(\w+)[ "]', html).group(1)
        assert face == "foundation" and ">Offlimits</a>" in html or foundation in html


def test_the_deployment_guide_forbids_the_proxy_to_log_addresses_or_queries():
    guide = (REPO_ROOT / "docs" / "deployment.md").read_text()
    heading = "**Configure the proxy to log nothing identifying either**"
    paragraph = guide.split(heading, 1)[1].split("\n\n")[0]
    section = " ".join(paragraph.split())
    assert "no IP addresses" in section and "no query strings" in section
    # The example nginx log format names the method, the path without its query and the status, nothing else.
    variables = set(re.findall(r"\$\w+", section))
    assert variables == {"$request_method", "$uri", "$status"}, variables
