"""Numbers in running text are tel: links on every course module and advice ending, so a phone can
call them with one tap; a number already in a link is left as it is."""

from __future__ import annotations

import re

import pytest

from contentkit.markdown import NOT_TEXT, PHONE_NUMBER, link_numbers
from hulpwijzer.i18n import localized_path
from tests.support.advice import real_tree
from tests.support.courses import course_path
from wizard import all_paths, encode_path


def plain_numbers(html: str) -> list[str]:
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    # A field's label stays plain: a link inside it would take the tap meant for the field.
    main = re.sub(r"<label\b.*?</label>", "", main, flags=re.S)
    return [found for part in NOT_TEXT.split(main)[::2] for found in PHONE_NUMBER.findall(part)]


def test_a_number_becomes_a_link_once():
    html = '<p>Bel 0800-0432 of <a href="tel:08000113">0800-0113</a>, of 0800-266 64 36.</p>'
    linked = link_numbers(html)
    assert '<a href="tel:08000432">0800-0432</a>' in linked
    assert '<a href="tel:08002666436">0800-266 64 36</a>' in linked
    assert linked.count("tel:08000113") == 1 and link_numbers(linked) == linked


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_plain_number_in_a_module(client, course, lang):
    for number in range(1, course.module_count + 1):
        html = client.get(course_path(course, lang, str(number))).get_data(as_text=True)
        assert not plain_numbers(html), (number, plain_numbers(html))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_plain_number_in_an_advice_ending(client, lang):
    linked = 0
    for path in all_paths(real_tree()):
        response = client.get(localized_path("advice.result", lang), query_string={"p": encode_path(path)})
        html = response.get_data(as_text=True)
        assert not plain_numbers(html), (path, plain_numbers(html))
        linked += len(re.findall(r'href="tel:', html))
    assert linked
