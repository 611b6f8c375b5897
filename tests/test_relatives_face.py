"""The relatives' course wears a face of its own (name, colour, icon), so a partner or a mother does
not land in what looks like the course for the person who viewed."""

from __future__ import annotations

import re

import pytest

from hulpwijzer.serving.assets import build_assets
from tests.support.content import REAL_CONTENT

STATIC = REAL_CONTENT.parent / "static"


def face(html: str) -> dict[str, str]:
    return {
        "body": re.search(r'<body class="([^"]+)"', html).group(1),
        "icon": re.search(r'<link rel="icon" href="/static/icons/([a-z]+)\.', html).group(1),
        "name": re.search(r'<a class="site-name" href="[^"]*">([^<]+)</a>', html).group(1),
        "title": re.search(r"<title>([^<]+)</title>", html).group(1),
    }


@pytest.mark.parametrize(
    ("lang", "name"), [("nl", "Stop it Now! voor naasten"), ("en", "Stop it Now! for loved ones")]
)
def test_the_relatives_course_looks_like_itself(client, lang, name):
    slugs = {"nl": ("naasten", "stoppen"), "en": ("relatives", "stopping")}[lang]
    for rest in ("", "1", "6"):
        relatives = face(client.get(f"/{lang}/{slugs[0]}/{rest}").get_data(as_text=True))
        viewer = face(client.get(f"/{lang}/{slugs[1]}/{rest}").get_data(as_text=True))
        assert relatives["body"] == "face-course face-naasten" and viewer["body"] == "face-course"
        assert relatives["icon"] == "naasten" and viewer["icon"] == "course"
        assert relatives["name"] == name and viewer["name"] == "Stop it Now!"
        assert relatives["title"].endswith(" – " + name)


def test_its_colour_and_icon_differ_from_the_other_course():
    css = build_assets(STATIC)["css/site-course.css"].decode()
    accent = re.search(r"\.face-naasten\{--accent:(#[0-9a-f]{6})", css).group(1)
    assert accent != re.search(r"\.face-course\{--accent:(#[0-9a-f]{6})", css).group(1)
    icon = (STATIC / "icons/naasten.svg").read_text()
    assert accent in icon and icon != (STATIC / "icons/course.svg").read_text()
