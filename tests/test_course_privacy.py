"""Each sentence the privacy page says about the course, and the test that backs it.

The browser-storage sentences are backed in real Chromium in tests/test_course_browser.py.
"""

import urllib.parse
import urllib.request
from html import unescape

import pytest

from courses.progress import ProgressCodes

# Stoppen is Mogelijk's codes: 17 modules, the original course.
STOPPEN = ProgressCodes(17, "0")
decode, encode = STOPPEN.decode, STOPPEN.encode

SENTENCES = {
    "nl": [
        "Die code zegt alleen welke modules van die cursus je hebt afgerond.",
        "Iedereen die even ver is, heeft dezelfde code.",
        "De code staat in het adres van de pagina, maar onze server schrijft hem niet op.",
        "Je antwoorden op de oefeningen bewaren we niet.",
        "Je ziet ze op de pagina na het versturen, en in het bestand als je ze downloadt.",
        "Onze server schrijft ze nergens op, ook niet in de logbestanden.",
        "Dat gebeurt alleen als je zelf op de knop drukt.",
        "Je antwoorden blijven dan op je apparaat en komen niet bij ons.",
        "Maar iedereen die dezelfde browser gebruikt, kan ze lezen.",
        'Met de knop "Alles vergeten" haal je ze weer weg.',
    ],
    "en": [
        "That code only says which modules of that course you have finished.",
        "Everyone who has got just as far has the same code.",
        "The code is in the page's address, but our server doesn't write it down.",
        "We don't keep your answers to the exercises.",
        "You see them on the page after you send them, and in the file if you download them.",
        "Our server doesn't write them down anywhere, not even in its log files.",
        "That only happens when you press the button yourself.",
        "Your answers then stay on your device and never reach us.",
        "But anyone who uses the same browser can read them.",
        'The "Forget everything" button removes them again.',
    ],
}


def plain(html: str) -> str:
    return " ".join(unescape(html).split())


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_privacy_page_says_it(client, lang):
    page = plain(client.get(f"/{lang}/privacy").get_data(as_text=True))
    for sentence in SENTENCES[lang]:
        assert sentence in page


def test_the_code_only_says_which_modules_are_done(client):
    """'That code only says which modules of that course you have finished.'"""
    code = client.post("/en/stopping/3/klaar").headers["Location"].split("voortgang=")[1].split("&")[0]
    assert decode(code).done == frozenset({3})
    # Five characters: 17 yes/no bits and a check character; there is no room for anything else.
    assert len(code) == 5


def test_everyone_who_got_as_far_has_the_same_code(app):
    """'Everyone who has got just as far has the same code.'"""

    def finish(lang, numbers):
        client, code = app.test_client(), ""
        for number in numbers:
            slug = {"nl": "stoppen", "en": "stopping"}[lang]
            location = client.post(f"/{lang}/{slug}/{number}/klaar?voortgang={code}").headers["Location"]
            code = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)["voortgang"][0]
        return code

    assert finish("nl", [1, 2, 5]) == finish("en", [5, 1, 2]) == encode({1, 2, 5})


def post(url: str, data: dict) -> str:
    body = urllib.parse.urlencode(data, doseq=True).encode()
    with urllib.request.urlopen(urllib.request.Request(url, data=body), timeout=5) as response:
        return response.read().decode()


def test_neither_the_code_nor_the_answers_reach_the_server_log(live_server):
    """'... our server doesn't write it down.', 'You see them on the page ... and in the file ...'
    and 'Our server doesn't write them down anywhere.'"""
    code = encode({2, 7, 11})
    secret = "Mijn-geheime-antwoord-8152"
    urllib.request.urlopen(f"{live_server.url}/nl/stoppen/?voortgang={code}", timeout=5).read()
    page = post(f"{live_server.url}/nl/stoppen/6?voortgang={code}", {"afsluiting": secret, "startpunt": "3"})
    assert secret in page  # the visitor sees it ...
    download = post(f"{live_server.url}/nl/stoppen/6", {"afsluiting": secret, "actie": "download"})
    assert secret in download
    post(f"{live_server.url}/nl/stoppen/6/klaar?voortgang={code}", {})
    log = live_server.logs()
    assert '"POST /nl/stoppen/6" 200' in log and '"GET /nl/stoppen/" 200' in log
    assert secret not in log and code not in log and encode({2, 6, 7, 11}) not in log


def test_answers_are_not_kept(client, app):
    """'We don't keep your answers to the exercises.'"""
    secret = "Niet-bewaren-2291"
    answered = client.post("/nl/stoppen/10", data={"startpunt": "5", "afsluiting": secret})
    assert secret in answered.get_data(as_text=True)
    assert answered.headers["Cache-Control"] == "no-store"
    for later in (client.get("/nl/stoppen/10"), app.test_client().get("/nl/stoppen/10")):
        assert secret not in later.get_data(as_text=True)
