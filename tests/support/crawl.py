"""A small crawler over Flask's test client: follows every same-site link, and
every choice of a GET form (radio buttons, plus its hidden fields)."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urldefrag, urlencode, urljoin, urlsplit


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self._form: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag in ("link", "script") and (attributes.get("href") or attributes.get("src")):
            self.links.append(attributes.get("href") or attributes.get("src"))
        if tag == "form" and (attributes.get("method") or "get").lower() == "get":
            self._form = {"action": attributes.get("action") or "", "hidden": [], "radios": {}}
        if tag == "input" and self._form is not None and attributes.get("name"):
            kind = (attributes.get("type") or "text").lower()
            if kind == "hidden":
                self._form["hidden"].append((attributes["name"], attributes.get("value") or ""))
            elif kind == "radio":
                self._form["radios"].setdefault(attributes["name"], []).append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            form, self._form = self._form, None
            for name, values in form["radios"].items():
                for value in values:
                    self.links.append(f"{form['action']}?{urlencode([*form['hidden'], (name, value)])}")
            if not form["radios"] and form["hidden"]:
                self.links.append(f"{form['action']}?{urlencode(form['hidden'])}")


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
    """Breadth-first over every same-site link and GET-form choice; returns {url: response}."""
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
            base = "http://localhost" + url
            queue.extend(u for u in same_site_links(base, response.get_data(as_text=True)) if u not in seen)
    return seen


def page_types(app, crawled: dict) -> dict[tuple[str, str], str]:
    """One URL per (endpoint, language) among the crawled 200 HTML pages."""
    adapter = app.url_map.bind("localhost")
    found: dict[tuple[str, str], str] = {}
    for url, response in crawled.items():
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        path = urlsplit(url).path
        endpoint, values = adapter.match(path)
        found.setdefault((endpoint, values.get("lang", "")), url)
    return found
