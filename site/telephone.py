"""Phone numbers in running text become tel: links, so a phone can call them with one tap.

Editors write numbers as links ([0800-0113](tel:08000113)), but not always; this catches the
rest in the rendered HTML of course modules and advice pages. Numbers already inside a link,
and anything inside a tag, are left alone.
"""

from __future__ import annotations

import re

from markupsafe import Markup

# Dutch free and information numbers as the content writes them: 0800-0113, 0800-266 64 36, 0900-8844.
NUMBER = re.compile(r"(?<![\w-])0[89]00-\d{3,4}(?: \d{2}){0,2}(?![\w-])")
# A link with everything in it, or any other tag: the parts the numbers are not looked for in.
SKIPPED = re.compile(r"(<a\b.*?</a>|<[^>]*>)", re.S | re.I)


def link_numbers(html: str) -> Markup:
    parts = SKIPPED.split(html)
    for index in range(0, len(parts), 2):  # the even parts are text between tags
        parts[index] = NUMBER.sub(
            lambda found: f'<a href="tel:{re.sub(r"[^0-9]", "", found.group())}">{found.group()}</a>',
            parts[index],
        )
    return Markup("".join(parts))
