"""Campaign links (?bron=<tag>): counted once per visit, only tags on the editors' list by name,
the tag dropped from the address straight away, with or without the page cache."""

from __future__ import annotations

import pytest

from tests.support.counts import BROWSER, totals


@pytest.fixture(params=[True, False], ids=["page-cache", "no-cache"])
def browser_client(make_app, request):
    app = make_app(PAGE_CACHE=request.param)
    client = app.test_client()
    client.environ_base.update({"HTTP_USER_AGENT": BROWSER, "HTTP_SEC_FETCH_SITE": "cross-site"})
    return app, client


def campaign_counts(app) -> dict[str, int]:
    return {item: n for (metric, item), n in totals(app).items() if metric == "campaign"}


def test_a_listed_tag_is_counted_once_per_visit(browser_client):
    app, client = browser_client
    for _ in range(3):
        response = client.get("/nl/?bron=banner-2026", follow_redirects=True)
        assert response.status_code == 200
        assert [r.status_code for r in response.history] == [303]
    # The page the visit lands on is counted as a visit, the campaign once per tagged link.
    assert campaign_counts(app) == {"banner-2026": 3}
    assert totals(app)[("visit", "site")] == 3


def test_an_unlisted_tag_counts_as_other_and_is_never_stored(browser_client):
    app, client = browser_client
    for typed in ("Jan de Vries 0612345678", "BANNER-2026", "", "banner-2026x"):
        client.get("/en/stoppen/", query_string={"bron": typed})
    assert campaign_counts(app) == {"other": 4}
    stored = " ".join(
        str(v) for row in app.extensions["hulpwijzer.recording.tally"].store.rows("0", "9") for v in row
    )
    for typed in ("Jan", "0612345678", "BANNER", "banner-2026x"):
        assert typed not in stored


def test_the_tag_is_dropped_from_the_address(browser_client):
    _app, client = browser_client
    response = client.get("/nl/stoppen/?bron=banner-2026&voortgang=abc")
    assert response.status_code == 303
    assert response.headers["Location"] == "/nl/stoppen/?voortgang=abc"
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get("/en/?bron=banner-2026").headers["Location"] == "/en/"


def test_bots_prefetches_and_posts_are_not_campaign_visits(make_app):
    app = make_app()
    client = app.test_client()
    client.get(
        "/nl/?bron=banner-2026", headers={"User-Agent": "Googlebot/2.1 (+http://www.google.com/bot.html)"}
    )
    client.get("/nl/?bron=banner-2026", headers={"User-Agent": BROWSER, "Sec-Purpose": "prefetch"})
    client.head("/nl/?bron=banner-2026", headers={"User-Agent": BROWSER})
    assert campaign_counts(app) == {}


def test_the_dashboard_lists_every_campaign(make_app):
    import base64

    app = make_app(STATS_USER="a", STATS_PASSWORD="b")
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = BROWSER
    client.get("/nl/?bron=banner-2026")
    client.get("/nl/?bron=iets-anders")
    totals(app)
    auth = {"Authorization": "Basic " + base64.b64encode(b"a:b").decode()}
    html = client.get("/nl/beheer/", headers=auth).get_data(as_text=True)
    assert '<th scope="row">Banner 2026</th>\n    <td class="number">1</td>' in html
    assert '<th scope="row">Een ander of verkeerd getypt label</th>\n    <td class="number">1</td>' in html


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("campaigns:\n  - tag: Banner 2026\n    name: x\n", 'the tag "Banner 2026" should be lowercase'),
        (
            "campaigns:\n  - tag: a\n    name: x\n  - tag: a\n    name: y\n",
            'the campaign tag "a" is used twice',
        ),
        ("campaigns:\n  - tag: other\n    name: x\n", 'and not "other"'),
        ("campaigns:\n  - tag: a\n", '"name" is missing'),
        ("campaign:\n  - tag: a\n", 'unknown key "campaign"'),
    ],
)
def test_a_broken_campaign_list_is_reported_with_its_line(broken, text, message):
    from hulpwijzer.content import ContentError, load_content

    (broken / "campaigns.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_content(broken)
    assert "campaigns.yaml:" in str(raised.value) and message in str(raised.value)
