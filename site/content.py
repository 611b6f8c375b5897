"""Load all content once at start-up into typed objects; refuse to start if it is broken."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from contentkit import ContentError, Field, Problems, Schema, load_front_matter_file, load_yaml_file
from contentkit.markdown import LinkResolver, render
from hulpwijzer.config import LANGUAGES
from hulpwijzer.i18n import localized_path

PROGRAMME_KEYS = ("advice", "course")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Page:
    slug: str
    lang: str
    title: str
    html: str


@dataclass(frozen=True)
class ProgrammeText:
    name: str
    title: str
    summary: str
    help_html: str


@dataclass
class SiteContent:
    pages: dict[tuple[str, str], Page]
    programmes: dict[tuple[str, str], ProgrammeText]
    # Filled by the programmes' own loaders (the advice tree, the course).
    sections: dict[str, Any] = field(default_factory=dict)

    def page(self, lang: str, slug: str) -> Page | None:
        return self.pages.get((lang, slug))

    def programme(self, key: str, lang: str) -> ProgrammeText:
        return self.programmes[(key, lang)]


def link_resolver(lang: str) -> LinkResolver:
    """Internal links editors may write: page:privacy, advies:, module:6."""

    def resolve(target: str) -> str | None:
        scheme, _, rest = target.partition(":")
        if scheme == "page" and SLUG.match(rest):
            return f"/{lang}/{rest}"
        if scheme == "advies" and not rest:
            return localized_path("advice.start", lang)
        if scheme == "module" and rest.isdigit() and 1 <= int(rest) <= 17:
            return f"/{lang}/stoppen/{int(rest)}"
        return None

    return resolve


PAGE_SCHEMA = Schema(Field("title", str))


def load_pages(content_dir: Path, problems: Problems) -> dict[tuple[str, str], Page]:
    pages: dict[tuple[str, str], Page] = {}
    slugs_by_lang: dict[str, set[str]] = {}
    for lang in LANGUAGES:
        folder = content_dir / "pages" / lang
        slugs_by_lang[lang] = set()
        for path in sorted(folder.glob("*.md")):
            slug = path.stem
            slugs_by_lang[lang].add(slug)
            if not SLUG.match(slug):
                problems.add(
                    path, 1, f'the file name "{path.name}" should be lowercase letters, digits and "-"'
                )
                continue
            document = load_front_matter_file(path, problems)
            if document is None:
                continue
            # The body is checked even when the front matter is wrong: every problem in one run.
            meta_ok = PAGE_SCHEMA.check(document.meta, path, problems)
            html = render(document.body, link_resolver(lang), path, document.body_line, problems)
            if meta_ok:
                pages[(lang, slug)] = Page(slug, lang, document.meta["title"], html)
    every = set().union(*slugs_by_lang.values())
    for lang, slugs in slugs_by_lang.items():
        for missing in sorted(every - slugs):
            other = next(lg for lg in LANGUAGES if missing in slugs_by_lang[lg])
            problems.add(
                content_dir / "pages" / other / f"{missing}.md",
                1,
                f'this page has no "{lang}" version: add content/pages/{lang}/{missing}.md',
            )
    for required in ("home", "privacy", "veilig-weg"):
        if required not in every:
            problems.add(content_dir / "pages", 1, f'the page "{required}" is missing in every language')
    return pages


PROGRAMME_TEXT_SCHEMA = Schema(Field("title", str), Field("summary", str), Field("help", str))
PROGRAMME_SCHEMA = Schema(Field("name", str), *(Field(lang, dict) for lang in LANGUAGES))


def load_programmes(content_dir: Path, problems: Problems) -> dict[tuple[str, str], ProgrammeText]:
    path = content_dir / "programmes.yaml"
    data = load_yaml_file(path, problems)
    if data is None:
        return {}
    Schema(*(Field(key, dict) for key in PROGRAMME_KEYS)).check(data, path, problems)
    texts: dict[tuple[str, str], ProgrammeText] = {}
    for key in PROGRAMME_KEYS:
        programme = data.get(key) if isinstance(data, dict) else None
        if not PROGRAMME_SCHEMA.check(programme, path, problems, where=key):
            continue
        for lang in LANGUAGES:
            text = programme[lang]
            if not PROGRAMME_TEXT_SCHEMA.check(text, path, problems, where=f"{key}.{lang}"):
                continue
            help_html = render(text["help"], link_resolver(lang), path, text.line_of("help") + 1, problems)
            texts[(key, lang)] = ProgrammeText(programme["name"], text["title"], text["summary"], help_html)
    return texts


# Each programme adds its loader here: (section name, loader). Loaders add problems, never raise.
SectionLoader = Callable[[Path, Problems], Any]


def load_advice_tree(content_dir: Path, problems: Problems) -> Any:
    from wizard import load_tree

    return load_tree(content_dir, problems, link_resolver, LANGUAGES)


def load_course_section(content_dir: Path, problems: Problems) -> Any:
    from hulpwijzer.course_content import load_course  # imported here: it uses link_resolver above

    return load_course(content_dir, problems)


SECTION_LOADERS: list[tuple[str, SectionLoader]] = [
    ("advice", load_advice_tree),
    ("course", load_course_section),
]


def load_content(content_dir: Path) -> SiteContent:
    """Load and validate everything; raise ContentError listing every problem."""
    problems = Problems(root=content_dir)
    if not content_dir.is_dir():
        problems.add(content_dir, 1, "the content folder does not exist")
        problems.raise_if_any()
    content = SiteContent(load_pages(content_dir, problems), load_programmes(content_dir, problems))
    for name, loader in SECTION_LOADERS:
        content.sections[name] = loader(content_dir, problems)
    problems.raise_if_any()
    return content


CONTENT_KEY = "hulpwijzer.content"


def site_content() -> SiteContent:
    return current_app.extensions[CONTENT_KEY]


def init_app(app: Flask) -> None:
    if app.config["CONTENT_PREVIEW"]:
        from hulpwijzer import preview

        preview.init_app(app)
    else:
        app.extensions[CONTENT_KEY] = load_content(Path(app.config["CONTENT_DIR"]))


__all__ = ["ContentError", "SiteContent", "load_content", "site_content"]
