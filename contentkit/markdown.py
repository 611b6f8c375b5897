"""Markdown to safe HTML, with internal links such as ``module:6`` resolved."""

from __future__ import annotations

import re
from collections.abc import Callable
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
    def __init__(self, md: markdown.Markdown, resolve: LinkResolver, unresolved: list[str]):
        super().__init__(md)
        self.resolve = resolve
        self.unresolved = unresolved

    def run(self, root):  # type: ignore[override]
        for link in root.iter("a"):
            href = link.get("href", "")
            if href.startswith(_EXTERNAL) or not _INTERNAL.match(href):
                continue
            url = self.resolve(href)
            if url is None:
                self.unresolved.append(href)
                link.set("href", "#")
            else:
                link.set("href", url)


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


def render(
    source: str,
    resolve: LinkResolver,
    path: Path | None = None,
    first_line: int = 1,
    problems: Problems | None = None,
) -> str:
    """Render Markdown to sanitised HTML; report raw HTML and dead internal links."""
    unresolved: list[str] = []
    md = markdown.Markdown(extensions=["sane_lists"])
    md.treeprocessors.register(_LinkRewriter(md, resolve, unresolved), "internal_links", 1)
    html = md.convert(source)
    if problems is not None and path is not None:
        for line in raw_html_lines(source):
            problems.add(path, first_line + line - 1, "raw HTML is not allowed here: write it in Markdown")
        for target in unresolved:
            problems.add(
                path,
                first_line + link_lines(source, target) - 1,
                f'the link "{target}" leads nowhere: no such page'
                + did_you_mean(target, getattr(resolve, "urls", ())),
            )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}, "th": {"scope"}},
        url_schemes={"http", "https", "mailto", "tel"},
    )
