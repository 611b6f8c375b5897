"""Markdown to safe HTML, with internal links such as ``module:6`` resolved."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

from contentkit.problems import Problems, did_you_mean

# Resolves an internal link target ("module:6") to a URL, or None if unknown.
LinkResolver = Callable[[str], str | None]


class LinkTable:
    """Every internal link target editors may write, with its URL: a LinkResolver that
    knows its targets, so a typo gets a "did you mean" instead of a dead link."""

    def __init__(self, urls: dict[str, str]):
        self.urls = urls

    def __call__(self, target: str) -> str | None:
        return self.urls.get(target)


ALLOWED_TAGS = {
    "a",
    "p",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "code",
    "pre",
    "br",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
_INTERNAL = re.compile(r"^[a-z]+:(?!//)")
_EXTERNAL = ("http://", "https://", "mailto:", "tel:", "#", "/")
_RAW_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
_CODE_SPAN = re.compile(r"`[^`]*`")


class _LinkRewriter(Treeprocessor):
    def __init__(self, md: markdown.Markdown, resolve: LinkResolver):
        super().__init__(md)
        self.resolve = resolve

    def run(self, root):  # type: ignore[override]
        for link in root.iter("a"):
            href = link.get("href", "")
            if href.startswith(_EXTERNAL) or not _INTERNAL.match(href):
                continue
            url = self.resolve(href)
            link.set("href", "#" if url is None else url)


def raw_html_lines(source: str) -> list[int]:
    """Line numbers (1-based, in ``source``) that contain raw HTML tags."""
    found = []
    fenced = False
    for number, line in enumerate(source.splitlines(), start=1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if not fenced and _RAW_HTML.search(_CODE_SPAN.sub("", line)):
            found.append(number)
    return found


def link_lines(source: str, target: str) -> int:
    """The first line (1-based) of ``source`` that mentions ``target``."""
    for number, line in enumerate(source.splitlines(), start=1):
        if f"({target})" in line:
            return number
    return 1


@dataclass(frozen=True)
class _Rendered:
    html: str
    # Every internal link target in the text, with the URL it was resolved to (None: unknown).
    links: tuple[tuple[str, str | None], ...]


class _Renderer:
    """One Markdown converter, reused: building one costs more than converting a short text.

    Texts already rendered come from a memo, as long as each of their internal links still
    resolves to the same URL: the editor's preview reads all content again on every save, and
    most texts have not changed.
    """

    MEMO_ENTRIES = 20_000
    VARIANTS = 8

    def __init__(self) -> None:
        self.md = markdown.Markdown(extensions=["sane_lists"])
        self.links: list[tuple[str, str | None]] = []
        self.resolve: LinkResolver = lambda target: None
        self.md.treeprocessors.register(_LinkRewriter(self.md, self._resolve), "internal_links", 1)
        self.memo: dict[str, tuple[_Rendered, ...]] = {}

    def _resolve(self, target: str) -> str | None:
        url = self.resolve(target)
        self.links.append((target, url))
        return url

    def __call__(self, source: str, resolve: LinkResolver) -> _Rendered:
        # The same text may sit in several places whose links lead elsewhere (a help block in
        # two courses): one rendering per set of link targets.
        variants = self.memo.get(source, ())
        for known in variants:
            if all(resolve(target) == url for target, url in known.links):
                return known
        self.resolve, self.links = resolve, []
        try:
            html = self.md.reset().convert(source)
        finally:
            self.resolve = lambda target: None
        rendered = _Rendered(_sanitise(html), tuple(self.links))
        if len(self.memo) >= self.MEMO_ENTRIES:
            self.memo.clear()
        self.memo[source] = (rendered, *variants[: self.VARIANTS - 1])
        return rendered


# Dutch free and information numbers as editors write them: 0800-0113, 0800-266 64 36, 0900-8844.
# One left as plain text becomes a tel: link, so a phone calls it with one tap.
PHONE_NUMBER = re.compile(r"(?<![\w-])0[89]00-\d{3,4}(?: \d{2}){0,2}(?![\w-])")
# A link with everything in it, or any other tag: the parts numbers are not looked for in.
NOT_TEXT = re.compile(r"(<a\b.*?</a>|<[^>]*>)", re.S | re.I)


def link_numbers(html: str) -> str:
    """Phone numbers in the text between tags as tel: links; numbers already in a link stay as they are."""
    parts = NOT_TEXT.split(html)
    for index in range(0, len(parts), 2):  # the even parts are text between tags
        parts[index] = PHONE_NUMBER.sub(
            lambda found: f'<a href="tel:{re.sub(r"[^0-9]", "", found.group())}">{found.group()}</a>',
            parts[index],
        )
    return "".join(parts)


# Only a link to another site can leak a referrer or an opener; on the site's own, tel: and
# mailto: links the attribute would only add bytes to pages with a budget (tests/test_budget.py).
_EXTERNAL_LINK = re.compile(r'<a href="((?!/(?!/)|#|tel:|mailto:)[^"]*)">', re.IGNORECASE)


def _sanitise(html: str) -> str:
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}, "th": {"scope"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
    )
    return _EXTERNAL_LINK.sub(r'<a href="\1" rel="noopener noreferrer">', link_numbers(clean))


_renderers = threading.local()


def render(
    source: str,
    resolve: LinkResolver,
    path: Path | None = None,
    first_line: int = 1,
    problems: Problems | None = None,
) -> str:
    """Render Markdown to sanitised HTML; report raw HTML and dead internal links."""
    renderer = getattr(_renderers, "renderer", None)
    if renderer is None:
        renderer = _renderers.renderer = _Renderer()
    rendered = renderer(source, resolve)
    if problems is not None and path is not None:
        for line in raw_html_lines(source):
            problems.add(path, first_line + line - 1, "raw HTML is not allowed here: write it in Markdown")
        for target in [target for target, url in rendered.links if url is None]:
            problems.add(
                path,
                first_line + link_lines(source, target) - 1,
                f'the link "{target}" leads nowhere: no such page'
                + did_you_mean(target, getattr(resolve, "urls", ())),
            )
    return rendered.html
