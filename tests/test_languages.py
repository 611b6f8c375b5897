"""A third language stays cheap: names and writing direction come from the CLDR, never a 500."""

from __future__ import annotations

import re

from hulpwijzer.i18n import language_name, text_direction
from tests.support.messages import REPO_ROOT


def test_language_names_in_their_own_language():
    assert language_name("nl") == "Nederlands" and language_name("en") == "English"
    assert language_name("de") == "Deutsch" and language_name("fr") == "Français"
    assert language_name("ar") == "العربية"
    assert language_name("xx") == "xx" and language_name("") == ""


def test_right_to_left_languages_are_known():
    assert text_direction("ar") == text_direction("fa") == text_direction("he") == "rtl"
    assert text_direction("nl") == text_direction("tr") == "ltr"
    assert text_direction("xx") == "ltr"


def test_a_language_without_a_name_of_our_own_does_not_break_pages(make_app):
    client = make_app(LANGUAGES=("nl", "en", "ar", "tr")).test_client()
    for path in ("/nl/", "/en/privacy", "/nl/stoppen/3", "/nl/advies/", "/nl/bestaat-niet"):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        html = response.get_data(as_text=True)
        # Left to right is HTML's default: dir is written only where the direction changes.
        assert '<html lang="' + path[1:3] + '">' in html
        assert 'hreflang="ar" lang="ar" dir="rtl">العربية</a>' in html
        assert 'hreflang="tr" lang="tr">Türkçe</a>' in html
    # The new language's own pages: not written yet, so a 404, right to left, with the route to help.
    response = client.get("/ar/")
    html = response.get_data(as_text=True)
    assert response.status_code == 404 and '<html lang="ar" dir="rtl">' in html and 'href="tel:' in html
    assert client.get("/ar/stoppen/").status_code == 404


def test_the_stylesheet_uses_logical_directions():
    """margin-inline-start, not margin-left: a right-to-left page mirrors without extra CSS."""
    css = (REPO_ROOT / "static" / "css" / "site.css").read_text(encoding="utf-8")
    physical = re.findall(r"[{;]\s*((?:margin|padding|border)-(?:left|right)[a-z-]*|left|right)\s*:", css)
    assert physical == []
    assert not re.search(r"text-align\s*:\s*(left|right)", css)
