"""A small crawler over Flask's test client: follows every same-site link and form."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag in ("link", "script") and (attributes.get("href") or attributes.get("src")):
            self.links.append(attributes.get("href") or attributes.get("src"))


def same_site_links(base: str, html: str) -> list[str]:
    parser = LinkParser()
    parser.feed(html)
    found = []
    for href in parser.links:
        url = urldefrag(urljoin(base, href)).url
        parts = urlsplit(url)
        if parts.scheme in ("", "http") and parts.netloc in ("", "localhost"):
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl_site(client, start: list[str], limit: int = 3000) -> dict:
    """Breadth-first over every same-site link; returns {url: response}."""
    seen: dict = {}
    queue = list(start)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response
        if response.status_code in (301, 302, 303, 307, 308):
            queue.append(response.headers["Location"])
        elif response.mimetype == "text/html":
            queue.extend(
                u
                for u in same_site_links("http://localhost" + url, response.get_data(as_text=True))
                if u not in seen
            )
    return seen
