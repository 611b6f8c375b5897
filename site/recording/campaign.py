"""Campaign visits, without tracking: ?bron=<tag> on the first page, counted once, then dropped.

Editors keep the tags in content/campaigns.yaml. A visit whose first address
carries ?bron= is counted once per day under its tag when the tag is on that
list, and under "other" when it is not: what was typed is never stored. The
site answers that first request with a redirect to the same address without
the tag, so it is not bookmarked, shared or kept in the page cache.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode

from flask import Flask, redirect, request
from werkzeug.wrappers import Response

from contentkit import Field, Problems, Schema, load_yaml_file
from contentkit.schema import check_unique
from hulpwijzer.config import NOT_PAGE_BLUEPRINTS, NOT_PAGE_ENDPOINTS

PARAMETER = "bron"
OTHER = "other"
FILE = "campaigns.yaml"
# What may stay as it is in the path of a Location header (RFC 3986 pchar and "/").
PATH_SAFE = "/:@!$&'()*+,;=-._~"
TAG = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
CAMPAIGN = Schema(Field("tag", str), Field("name", str))


@dataclass(frozen=True)
class Campaign:
    tag: str
    name: str  # for the dashboard


def load_campaigns(content_dir: Path, problems: Problems) -> dict[str, Campaign]:
    """{tag: Campaign} from content/campaigns.yaml; no file means no campaigns."""
    path = content_dir / FILE
    if not path.exists():
        return {}
    data = load_yaml_file(path, problems)
    if data is None or not Schema(Field("campaigns", list)).check(data, path, problems):
        return {}
    campaigns: dict[str, Campaign] = {}
    items = data["campaigns"]
    for index, item in enumerate(items):
        line = items.line_of(index) if hasattr(items, "line_of") else 1
        if not CAMPAIGN.check(item, path, problems, where=f"campaign {index + 1}"):
            continue
        if not TAG.match(item["tag"]) or item["tag"] == OTHER:
            problems.add(
                path,
                line,
                f'campaign {index + 1}: the tag "{item["tag"]}" should be lowercase letters, digits and "-" '
                f'(at most 40), and not "{OTHER}"',
            )
            continue
        campaigns.setdefault(item["tag"], Campaign(item["tag"], item["name"]))
    tagged = [(i, item) for i, item in enumerate(items) if isinstance(item, dict) and "tag" in item]
    tags = [(item["tag"], items.line_of(i)) for i, item in tagged]
    check_unique(tags, path, problems, "the campaign tag")
    return campaigns


def tag_in(query_string: str) -> str | None:
    """The raw value of ?bron= in a query string, or None when there is none."""
    if PARAMETER not in query_string:  # nearly every request: no parsing on the page path
        return None
    for name, value in parse_qsl(query_string, keep_blank_values=True):
        if name == PARAMETER:
            return value
    return None


def source(environ: dict, campaigns: dict[str, Campaign]) -> str | None:
    """The campaign item to count for this request: a listed tag, "other", or None."""
    raw = tag_in(environ.get("QUERY_STRING", ""))
    if raw is None:
        return None
    return raw if raw in campaigns else OTHER


def drop_the_tag() -> Response | None:
    """Redirect a page request carrying ?bron= to the same address without it."""
    if request.method not in ("GET", "HEAD") or PARAMETER not in request.args:
        return None
    endpoint = request.endpoint or ""
    if endpoint in NOT_PAGE_ENDPOINTS or endpoint.rpartition(".")[0] in NOT_PAGE_BLUEPRINTS:
        return None
    pairs = parse_qsl(request.query_string.decode("latin-1"), keep_blank_values=True)
    query = urlencode([(k, v) for k, v in pairs if k != PARAMETER])
    # The path as the browser sent it, percent-encoded again: a decoded %0a must never reach Location.
    path = quote(request.path, safe=PATH_SAFE)
    response = redirect(path + (f"?{query}" if query else ""), code=303)
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.before_request(drop_the_tag)
