"""Findable, never too findable: robots.txt, the sitemap, canonical addresses and noindex."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from tests.support.content import check_content

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
LANGUAGES = ("nl", "en")


class HeadParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and "name" in attributes:
            self.meta.setdefault(attributes["name"], []).append(attributes.get("content") or "")


def head_of(response) -> HeadParser:
    parser = HeadParser()
    parser.feed(response.get_data(as_text=True))
    return parser


def links_of(response) -> list[tuple[str, str, str | None]]:
    """(address, rel, hreflang) of each link in the response's Link header."""
    found = []
    for value in response.headers.getlist("Link"):
        for part in value.split(", <"):
            address, _, params = part.lstrip("<").partition(">")
            attributes = dict(re.findall(r'; (\w+)="([^"]*)"', params))
            found.append((address, attributes["rel"], attributes.get("hreflang")))
    return found


def sitemap_entries(client) -> dict[str, dict[str, str]]:
    """{loc: {hreflang: href}} from /sitemap.xml, after checking it is a sitemap."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{{{NS['s']}}}urlset"
    entries = {}
    for url in root.findall("s:url", NS):
        loc = url.find("s:loc", NS).text
        entries[loc] = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        assert all(link.get("rel") == "alternate" for link in url.findall("x:link", NS))
    return entries


def listed(response) -> bool:
    return response.status_code == 200 and "noindex" not in response.headers.get("X-Robots-Tag", "")


@pytest.fixture(scope="module")
def sitemap(app) -> dict[str, dict[str, str]]:
    return sitemap_entries(app.test_client())


def test_robots_txt_points_to_the_sitemap_and_lets_crawlers_see_noindex(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert "User-agent: *" in lines and "Sitemap: http://localhost/sitemap.xml" in lines
    # A page a crawler may not fetch cannot tell it "noindex"; nothing is disallowed.
    assert not [line for line in lines if line.startswith("Disallow:") and line != "Disallow:"]


def test_every_sitemap_address_answers_200_without_a_query_string(client, sitemap):
    assert len(sitemap) >= 2 * (3 + 1 + 2)  # pages, the advice start, two course overviews, both languages
    for loc, alternates in sitemap.items():
        parts = urlsplit(loc)
        assert parts.scheme == "http" and parts.netloc == "localhost" and not parts.query, loc
        assert client.get(parts.path).status_code == 200, loc
        assert set(alternates) == {*LANGUAGES, "x-default"}, loc
        assert loc in alternates.values()
        assert alternates["x-default"] == alternates["nl"]
        for href in alternates.values():
            assert href in sitemap, href


def test_the_sitemap_lists_exactly_the_public_pages_a_crawl_finds(crawled, sitemap):
    public = {
        "http://localhost" + url
        for url, response in crawled.items()
        if response.mimetype == "text/html" and listed(response)
    }
    assert public == set(sitemap)
    # Every kind of public page is there, in both languages.
    paths = {urlsplit(loc).path for loc in sitemap}
    for path in (
        "/nl/",
        "/en/",
        "/nl/privacy",
        "/en/advice/",
        "/nl/stoppen/",
        "/en/stopping/17",
        "/nl/naasten/6",
    ):
        assert path in paths, path


def test_every_public_page_has_one_canonical_its_alternates_and_a_description(crawled, sitemap):
    for url, response in crawled.items():
        if response.mimetype != "text/html" or not listed(response):
            continue
        links = links_of(response)
        assert [address for address, rel, _ in links if rel == "canonical"] == [urlsplit(url).path], url
        alternates = {hreflang: address for address, rel, hreflang in links if rel == "alternate"}
        assert alternates == {
            lang: urlsplit(href).path for lang, href in sitemap["http://localhost" + url].items()
        }
        head = head_of(response)
        assert "robots" not in head.meta, url  # indexable: the default, said by saying nothing
        [description] = head.meta["description"]
        assert 50 <= len(description) <= 160, (url, description)


def test_pages_with_a_code_answers_or_a_tag_are_noindex_and_not_listed(client, crawled, sitemap):
    with_query = {
        url: response for url, response in crawled.items() if "?" in url and response.status_code == 200
    }
    assert any("p=" in url for url in with_query)
    done = client.post("/nl/stoppen/1/klaar")
    with_code = urlsplit(done.headers["Location"])
    assert "voortgang=" in with_code.query
    for url in [
        f"{with_code.path}?{with_code.query}",
        "/nl/?utm_source=nieuwsbrief",
        "/nl/stoppen/3?voortgang=onzin",
    ]:
        with_query[url] = client.get(url)
    for url, response in with_query.items():
        assert response.headers["X-Robots-Tag"] == "noindex", url
        assert links_of(response) == [], url
        assert "http://localhost" + url not in sitemap


def test_answers_staff_pages_and_errors_are_noindex(client, course):
    slug = course.slug["nl"]
    answers = client.post(f"/nl/{slug}/1", data={})
    staff = client.get("/nl/beheer/")
    missing = client.get("/nl/bestaat-niet")
    for response in (answers, staff, missing):
        assert response.headers["X-Robots-Tag"] == "noindex", response.request.path


def test_the_public_address_comes_from_the_setting_never_from_the_host_header(make_app):
    app = make_app(SITE_URL="https://hulp.example.org/", PAGE_CACHE=False)
    client = app.test_client()
    hrefs = [
        address for address, _, _ in links_of(client.get("/en/privacy", headers={"Host": "evil.example"}))
    ]
    assert "https://hulp.example.org/en/privacy" in hrefs
    assert all(href.startswith("https://hulp.example.org/") for href in hrefs), hrefs
    entries = sitemap_entries(client)
    assert all(loc.startswith("https://hulp.example.org/") for loc in entries)
    assert "Sitemap: https://hulp.example.org/sitemap.xml" in client.get("/robots.txt").get_data(as_text=True)


def test_one_programme_alone_lists_only_its_own_pages(make_app):
    client = make_app(PROGRAMMES=("advice",), PAGE_CACHE=False).test_client()
    paths = {urlsplit(loc).path for loc in sitemap_entries(client)}
    assert "/nl/advies/" in paths and not [path for path in paths if "/stoppen/" in path]
    for path in paths:
        assert client.get(path).status_code == 200, path


def test_a_description_search_engines_would_cut_off_is_a_content_problem(broken):
    page = broken / "pages" / "en" / "privacy.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(
        re.sub(r"description: .*", "description: " + "word " * 40, text, count=1), encoding="utf-8"
    )
    result = check_content(broken)
    assert result.exit_code == 1
    assert (
        "pages/en/privacy.md:3: the description has 199 characters: search engines show 50 to 160"
        in result.output
    )


def test_a_language_whose_pages_are_not_written_yet_is_not_offered(make_app):
    client = make_app(LANGUAGES=("nl", "en", "ar"), PAGE_CACHE=False).test_client()
    entries = sitemap_entries(client)
    for loc, alternates in entries.items():
        assert client.get(urlsplit(loc).path).status_code == 200, loc
        assert "ar" not in alternates, loc
    links = links_of(client.get("/nl/privacy"))
    assert ("/en/privacy", "alternate", "en") in links
    assert not [link for link in links if link[2] == "ar"]


def test_robots_txt_and_the_sitemap_are_not_counted(visitor, counting_app):
    from tests.support.counts import totals

    before = totals(counting_app)
    for path in ("/robots.txt", "/sitemap.xml", "/robots.txt?bron=x"):
        assert visitor.get(path).status_code == 200
    assert totals(counting_app) == before
