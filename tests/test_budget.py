"""Every page stays small for a cheap phone: at most 30 KB (HTML + CSS + JS) in at most 3 requests."""

import re

MAX_BYTES = 30 * 1024
MAX_REQUESTS = 3


def subresources(html: str) -> list[str]:
    return re.findall(r'<(?:link[^>]+href|script[^>]+src|img[^>]+src)="([^"]+)"', html)


def test_every_page_within_budget(crawled, client):
    pages = {u: r for u, r in crawled.items() if r.status_code == 200 and r.mimetype == "text/html"}
    assert len(pages) >= 6
    for url, response in pages.items():
        html = response.get_data(as_text=True)
        assets = subresources(html)
        total = len(response.data) + sum(len(client.get(asset).data) for asset in assets)
        assert 1 + len(assets) <= MAX_REQUESTS, f"{url} needs {1 + len(assets)} requests"
        assert total <= MAX_BYTES, f"{url} weighs {total} bytes"
