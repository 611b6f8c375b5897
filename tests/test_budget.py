"""Every page stays small for a cheap phone: at most 30 KB (HTML + CSS + JS + icon) in at most 3 requests.

The icon is not one of the 3: a browser fetches it once per programme, after the page is drawn,
and then keeps it for a year (it is fingerprinted and immutable, checked below), so it never
delays a page and costs no request on the pages after the first."""

import re

MAX_BYTES = 30 * 1024
MAX_REQUESTS = 3
MAX_ICON_BYTES = 1024


def subresources(html: str) -> list[str]:
    return re.findall(r'<(?:link(?! rel="icon")[^>]+href|script[^>]+src|img[^>]+src)="([^"]+)"', html)


def icons(html: str) -> list[str]:
    return re.findall(r'<link rel="icon" href="([^"]+)"', html)


def test_every_page_within_budget(crawled, client):
    pages = {u: r for u, r in crawled.items() if r.status_code == 200 and r.mimetype == "text/html"}
    assert len(pages) >= 6
    sizes: dict[str, int] = {}  # every page shares a few static files: fetch each once

    def size(asset: str) -> int:
        if asset not in sizes:
            sizes[asset] = len(client.get(asset).data)
        return sizes[asset]

    for url, response in pages.items():
        html = response.get_data(as_text=True)
        assets, icon = subresources(html), icons(html)
        total = len(response.data) + sum(size(asset) for asset in assets + icon)
        assert 1 + len(assets) <= MAX_REQUESTS, f"{url} needs {1 + len(assets)} requests"
        assert total <= MAX_BYTES, f"{url} weighs {total} bytes"
        assert len(icon) == 1, f"{url} should name exactly one icon, or the browser asks for /favicon.ico"


def test_the_icon_is_fetched_once_and_kept(crawled, client):
    seen = {
        icon
        for r in crawled.values()
        if r.mimetype == "text/html"
        for icon in icons(r.get_data(as_text=True))
    }
    assert 1 < len(seen) <= 4  # one per face: the foundation, each programme, the relatives' course
    for icon in seen:
        response = client.get(icon)
        assert re.search(r"\.[0-9a-f]{10}\.svg$", icon)
        assert (
            "immutable" in response.headers["Cache-Control"]
            and "max-age=31536000" in response.headers["Cache-Control"]
        )
        assert len(response.data) <= MAX_ICON_BYTES
