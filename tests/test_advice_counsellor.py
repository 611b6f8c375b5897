"""What a helpline counsellor checks on every path, in both languages (issue 22).

Generated from the real tree: a new answer or advice is walked here without anyone
writing a test for it.
"""

import re
from html import unescape
from pathlib import Path

import pytest

from contentkit import Problems
from tests.support.advice import real_tree
from tests.support.content import REAL_CONTENT, check_content
from wizard import all_paths, encode_path, format_path, parse_path, walk
from wizard.law import load_law
from wizard.services import load_services

LANGUAGES = ("nl", "en")
TREE = real_tree()
PATHS = all_paths(TREE)
LAW = load_law(REAL_CONTENT, LANGUAGES, Problems(root=REAL_CONTENT))
SERVICES = load_services(REAL_CONTENT, LANGUAGES, Problems(root=REAL_CONTENT))
OLD_PATHS = Path(__file__).parent / "support" / "advice_paths_2026_12.txt"
ADULT_PART = "volwassene-onder-12"
VEILIG_THUIS = 'href="tel:08002000"'
POLICE = 'href="tel:09008844"'
CSG = 'href="https://centrumseksueelgeweld.nl/"'


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def sections(path):
    end = walk(TREE, path)
    return end, {lang: TREE.render(end.node, lang, end.answers) for lang in LANGUAGES}


def shown_html(page) -> str:
    return " ".join([page.html, *(s.html for s in (*page.intro, *page.steps))])


def step_ids(end) -> list[str]:
    return [use.part for use in end.node.steps if use.applies(end.answers)]


UNDER_12 = [p for p in PATHS if "onder-12" in walk(TREE, p).answers]


@pytest.mark.parametrize("path", UNDER_12, ids=format_path)
def test_no_page_about_a_child_under_12_states_the_peer_sexting_exception(path):
    _, pages = sections(path)
    for lang, page in pages.items():
        assert LAW["sexting"].texts[lang] not in text(shown_html(page)), lang


@pytest.mark.parametrize("path", UNDER_12, ids=format_path)
def test_every_page_about_a_child_under_12_has_the_adults_part(path):
    end, pages = sections(path)
    assert ADULT_PART in step_ids(end)
    for lang, page in pages.items():
        adult = TREE.parts[(lang, ADULT_PART)]
        assert adult.title in [s.title for s in page.steps]
        assert VEILIG_THUIS in adult.html and POLICE in adult.html and 'href="tel:112"' in adult.html
        assert "Veilig Thuis" in text(adult.html)
        # Never send the adult to the person who has the images.
        shown = text(shown_html(page)).lower()
        assert "vraag die persoon dan om ze te verwijderen" not in shown
        assert "ask that person to delete them" not in shown
    # The page for a child who sent images does not ask anyone to request their deletion.
    if end.node.id == "ander-bang":
        assert "ander-vragen-verwijderen" not in step_ids(end)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_service_named_on_every_page_is_linked_there(lang):
    unlinked = []
    for path in PATHS:
        end = walk(TREE, path)
        page = TREE.render(end.node, lang, end.answers)
        for section in (page, *page.intro, *page.steps, page.contact):
            body = text(section.html)
            for service in SERVICES.services:
                named = [
                    name for name in service.names if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", body)
                ]
                if named and service.url and f'href="{service.url}"' not in section.html:
                    unlinked.append((format_path(path), getattr(section, "title", None), service.names[0]))
    assert not unlinked, unlinked[:10]


def test_the_services_on_the_list_are_the_checked_addresses():
    allowed = {
        "www.helpwanted.nl",
        "www.113.nl",
        "www.kindertelefoon.nl",
        "takeitdown.ncmec.org",
        "stopncii.org",
        "veiligthuis.nl",
        "stopitnow.nl",
        "offlimits.nl",
        "centrumseksueelgeweld.nl",
    }
    hosts = {re.match(r"https://([^/]+)/", s.url).group(1) for s in SERVICES.services if s.url}
    assert hosts == allowed
    numbers = {n for s in SERVICES.services for n in s.numbers}
    assert {"0800-0113", "0800-0432", "0800-2000", "0800-0188", "0900-8844", "0800-266 64 36"} <= numbers
    # "Day and night" is claimed only where the foundation's facts confirm it.
    for service in SERVICES.services:
        if service.id in {"helpwanted", "kindertelefoon", "stop-it-now"}:
            assert not service.day_and_night, service.id


def test_links_to_services_leave_without_a_referrer(client):
    html = client.get("/nl/advies/uitkomst?p=ander.onder-12.dreigen-delen.bang").get_data(as_text=True)
    external = re.findall(r'<a href="https://[^"]+"[^>]*>', html)
    assert external and all('rel="noopener noreferrer"' in link for link in external), external
    assert "takeitdown.ncmec.org" in html and "https://veiligthuis.nl/" in html


KNOWN_ADULT_OR_MEETING = {"bekende-volwassene", "ander-bekende", "benaderd", "ander-benaderd"}


@pytest.mark.parametrize(
    "path", [p for p in PATHS if walk(TREE, p).node.id in KNOWN_ADULT_OR_MEETING], ids=format_path
)
def test_pages_about_a_known_adult_or_a_meeting_name_the_centrum_seksueel_geweld(path):
    _, pages = sections(path)
    for lang, page in pages.items():
        assert CSG in shown_html(page) and 'href="tel:08000188"' in shown_html(page), lang


# Each new situation (issue 22): the answer, and the advice it has for itself and for someone else.
NEW_SITUATIONS = {
    "relatie": ("druk-relatie", "ander-druk-relatie"),
    "nep-gemaakt": ("nep-gemaakt", "ander-gedaan"),
    "gedreigd": ("gedreigd", "ander-gedaan"),
    "jonger-kind": ("jonger-kind", "ander-gedaan"),
    "webcam-mail": ("webcam-mail", None),
    "stiekem": ("stiekem-gefilmd", "ander-stiekem"),
    "expose": ("expose", "ander-expose"),
}


@pytest.mark.parametrize("answer", sorted(NEW_SITUATIONS))
def test_each_new_situation_is_an_answer_with_its_own_advice(answer):
    own, other = NEW_SITUATIONS[answer]
    reached = {p[0]: walk(TREE, p).node.id for p in PATHS if answer in p}
    assert reached["zelf"] == own
    if other:
        assert reached["ander"] == other and reached["vriend"] == other
    titles = {advice.pages["nl"].title for advice in TREE.advice.values()}
    assert len(titles) == len(TREE.advice)  # every advice its own title


def test_what_if_they_post_it_anyway_and_the_young_person_who_did_something():
    for path in PATHS:
        end = walk(TREE, path)
        if end.node.id in {"bang-gedeeld", "afpersing", "druk-relatie"}:
            assert "toch-geplaatst" in step_ids(end)
        if end.node.id == "jonger-kind":
            # Stop it Now! and Helpwanted, never a step that helps to go on.
            page = TREE.render(end.node, "nl", end.answers)
            html = shown_html(page) + page.contact.html
            assert 'href="https://stopitnow.nl/"' in html and 'href="https://www.helpwanted.nl/"' in html
            assert "stop-it-now" in step_ids(end)


def test_the_bluff_mail_says_it_is_usually_a_bluff_sent_to_thousands():
    end = walk(TREE, ("zelf", "18-plus", "dreigen-delen", "webcam-mail"))
    for lang, words in (("nl", ("bluf", "duizenden")), ("en", ("bluff", "thousands"))):
        shown = text(shown_html(TREE.render(end.node, lang, end.answers)))
        assert all(word in shown for word in words)
    assert "niet-betalen" in step_ids(end)


@pytest.mark.parametrize("path", [p for p in PATHS if p[0] == "vriend"], ids=format_path)
def test_a_minor_helping_a_friend_is_sent_to_an_adult_before_any_task(path):
    end, pages = sections(path)
    assert step_ids(end)[0] == "vriend-eerst"
    for lang, page in pages.items():
        assert page.steps[0].title == TREE.parts[(lang, "vriend-eerst")].title


def test_the_trusted_adult_need_not_be_a_parent():
    for lang, words in (
        ("nl", "hoeft niet je vader of moeder"),
        ("en", "doesn't have to be your mum or dad"),
    ):
        assert words in text(TREE.parts[(lang, "praten-onder-18")].html)
        assert words in text(TREE.parts[(lang, "vriend-eerst")].html)
    # The outing threat: someone outside the family, and the honour-related risk named.
    end = walk(TREE, ("zelf", "onder-18", "dreigen-delen", "outing"))
    assert "outing-veilig" in step_ids(end)
    assert "eer van de familie" in text(TREE.parts[("nl", "outing-veilig")].html)
    assert "eer van de familie" in text(TREE.parts[("nl", "ander-doorsturen-stoppen")].html)


def recorded_paths():
    for line in OLD_PATHS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            path, advice_id = line.split()
            yield path, advice_id


def test_every_path_of_the_old_tree_still_leads_to_the_same_advice():
    recorded = list(recorded_paths())
    assert len(recorded) >= 180
    for path, advice_id in recorded:
        end = walk(TREE, parse_path(path))
        assert end.is_advice and end.node.id == advice_id, path


def test_old_addresses_are_sent_on_to_the_same_advice(client):
    sent_on = 0
    for path, advice_id in recorded_paths():
        response = client.get(f"/nl/advies/uitkomst?p={path}")
        if response.status_code == 301:
            # Sent on through the inserted group question to the address in codes (issue 23).
            coded = encode_path(walk(TREE, parse_path(path)).path)
            assert response.headers["Location"].endswith(f"?p={coded}"), path
            sent_on += 1
            response = client.get(response.headers["Location"])
        assert response.status_code == 200, path
        assert TREE.advice[advice_id].pages["nl"].title in unescape(response.get_data(as_text=True)), path
    assert sent_on >= 100  # most old paths pass the group question that was put in front


def test_content_check_refuses_a_service_that_is_not_on_the_list(broken):
    part = broken / "advice/nl/parts/praten-18-plus.md"
    text_ = (
        part.read_text(encoding="utf-8")
        + "Of bel de Hulplijn: [0800-1234](tel:08001234).\nOok de Kindertelfoon helpt.\n"
    )
    part.write_text(text_, encoding="utf-8")
    lines = text_.splitlines()
    output = check_content(broken).output
    number_line = next(i for i, line in enumerate(lines, 1) if "0800-1234" in line)
    name_line = next(i for i, line in enumerate(lines, 1) if "Kindertelfoon" in line)
    assert (
        f'content/advice/nl/parts/praten-18-plus.md:{number_line}: the number "08001234" is not in '
        "advice/services.yaml: add the service it belongs to"
    ) in output
    assert (
        f'content/advice/nl/parts/praten-18-plus.md:{name_line}: "Kindertelfoon" is not a service in '
        'advice/services.yaml: add it there, or fix the name (did you mean "Kindertelefoon"?)'
    ) in output


def test_content_check_refuses_a_service_named_without_its_link(broken):
    part = broken / "advice/en/parts/praten-18-plus.md"
    part.write_text(part.read_text(encoding="utf-8") + "\nVeilig Thuis can help too.\n", encoding="utf-8")
    line = len(part.read_text(encoding="utf-8").splitlines())
    output = check_content(broken).output
    assert (
        f'content/advice/en/parts/praten-18-plus.md:{line}: "Veilig Thuis" is named without a link to it: '
        "write [Veilig Thuis](https://veiligthuis.nl/)"
    ) in output


def test_content_check_refuses_the_sexting_exception_on_a_page_about_a_child_under_12(broken):
    tree = broken / "advice/tree.yaml"
    source = tree.read_text(encoding="utf-8")
    guarded = "      - part: sexting-wet\n        when: onder-18\n      - part: ander-bang-jong"
    assert source.count(guarded) == 1
    tree.write_text(
        source.replace(guarded, "      - sexting-wet\n      - part: ander-bang-jong"), encoding="utf-8"
    )
    result = check_content(broken)
    assert result.exit_code == 1
    assert re.search(
        r'content/advice/nl/parts/sexting-wet\.md:1: the statement "sexting" holds only when onder-18, '
        r"unless onder-12 \(advice/law\.yaml\), but is shown on the path \w+\.onder-12\.dreigen-delen\.bang "
        r'→ "ander-bang": show this text only where it holds',
        result.output,
    ), result.output


@pytest.mark.parametrize("lang", LANGUAGES)
def test_day_and_night_is_said_only_of_services_that_are(lang):
    """Opening hours are confirmed only for some services (services.yaml "day_and_night")."""
    words = {"nl": "dag en nacht", "en": "day and night"}[lang]
    open_always = [s for s in SERVICES.services if s.day_and_night]
    sections = [TREE.parts[key] for key in TREE.parts if key[0] == lang]
    sections += [advice.pages[lang] for advice in TREE.advice.values()]
    for section in sections:
        for paragraph in re.split(r"</p>|</li>", section.html):
            if words in text(paragraph):
                assert any(
                    (s.url and s.url in paragraph) or any(f"tel:{n}" in paragraph for n in s.dial())
                    for s in open_always
                ), text(paragraph)
