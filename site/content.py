"""Load all content once at start-up into typed objects; refuse to start if it is broken."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app

from contentkit import ContentError, Field, Problems, Schema, load_front_matter_file, load_yaml_file
from contentkit.ids import ID, ID_RULE
from contentkit.markdown import render
from courses import Catalogue, load_courses
from hulpwijzer import metrics
from hulpwijzer.config import LANGUAGES, PROGRAMMES
from hulpwijzer.links import Links, links_for
from hulpwijzer.recording.campaign import Campaign, load_campaigns
from wizard import Tree, load_tree

REQUIRED_PAGES = ("home", "privacy", "veilig-weg")


@dataclass(frozen=True)
class Page:
    slug: str
    lang: str
    title: str
    html: str
    # What search engines show under the title (front matter "description"); "" for the fallback.
    description: str = ""


@dataclass(frozen=True)
class ProgrammeText:
    name: str
    # The card on the home page; empty for a programme whose courses have the cards.
    title: str
    summary: str
    help_html: str


@dataclass
class SiteContent:
    pages: dict[tuple[str, str], Page]
    programmes: dict[tuple[str, str], ProgrammeText]
    advice: Tree | None
    courses: Catalogue
    # Campaign tags for counting (content/campaigns.yaml): {tag: Campaign}.
    campaigns: dict[str, Campaign] = field(default_factory=dict)

    def page(self, lang: str, slug: str) -> Page | None:
        return self.pages.get((lang, slug))

    def programme(self, key: str, lang: str) -> ProgrammeText:
        """A programme's texts; a language added before its texts are written gets the first one's,
        so its pages still show the route to help."""
        return self.programmes.get((key, lang)) or self.programmes[(key, LANGUAGES[0])]


PAGE_SCHEMA = Schema(Field("title", str), Field("description", str, required=False))
# Search engines cut a description off after about this many characters; shorter says too little.
DESCRIPTION_LENGTH = (50, 160)


def check_description(meta: dict, path: Path, problems: Problems) -> str:
    """The page's description for search engines, or "" (then seo.py falls back to its first lines)."""
    text = " ".join(str(meta.get("description") or "").split())
    shortest, longest = DESCRIPTION_LENGTH
    if text and not shortest <= len(text) <= longest:
        problems.add(
            path,
            meta.line_of("description"),
            f"the description has {len(text)} characters: search engines show {shortest} to {longest}",
        )
    return text


def load_pages(content_dir: Path, problems: Problems, links: Links) -> dict[tuple[str, str], Page]:
    pages: dict[tuple[str, str], Page] = {}
    slugs_by_lang: dict[str, set[str]] = {}
    for lang in LANGUAGES:
        folder = content_dir / "pages" / lang
        slugs_by_lang[lang] = set()
        for path in sorted(folder.glob("*.md")):
            slug = path.stem
            slugs_by_lang[lang].add(slug)
            if not ID.match(slug):
                problems.add(path, 1, f'the file name "{path.name}" should be {ID_RULE}')
                continue
            document = load_front_matter_file(path, problems)
            if document is None:
                continue
            # The body is checked even when the front matter is wrong: every problem in one run.
            meta_ok = PAGE_SCHEMA.check(document.meta, path, problems)
            html = render(document.body, links.site(lang), path, document.body_line, problems)
            if meta_ok:
                description = check_description(document.meta, path, problems)
                pages[(lang, slug)] = Page(slug, lang, document.meta["title"], html, description)
    every = set().union(*slugs_by_lang.values())
    for lang, slugs in slugs_by_lang.items():
        for missing in sorted(every - slugs):
            other = next(lg for lg in LANGUAGES if missing in slugs_by_lang[lg])
            problems.add(
                content_dir / "pages" / other / f"{missing}.md",
                1,
                f'this page has no "{lang}" version: add content/pages/{lang}/{missing}.md',
            )
    for required in REQUIRED_PAGES:
        if required not in every:
            problems.add(content_dir / "pages", 1, f'the page "{required}" is missing in every language')
    return pages


# title and summary make the home page card; a programme with courses has theirs instead.
PROGRAMME_TEXT_SCHEMA = Schema(
    Field("title", str, required=False), Field("summary", str, required=False), Field("help", str)
)
PROGRAMME_SCHEMA = Schema(Field("name", str), *(Field(lang, dict) for lang in LANGUAGES))


def load_programmes(
    content_dir: Path, problems: Problems, links: Links
) -> dict[tuple[str, str], ProgrammeText]:
    path = content_dir / "programmes.yaml"
    data = load_yaml_file(path, problems)
    if data is None:
        return {}
    Schema(*(Field(key, dict) for key in PROGRAMMES)).check(data, path, problems)
    texts: dict[tuple[str, str], ProgrammeText] = {}
    for key in PROGRAMMES:
        programme = data.get(key) if isinstance(data, dict) else None
        if not PROGRAMME_SCHEMA.check(programme, path, problems, where=key):
            continue
        for lang in LANGUAGES:
            text = programme[lang]
            if not PROGRAMME_TEXT_SCHEMA.check(text, path, problems, where=f"{key}.{lang}"):
                continue
            help_html = render(text["help"], links.site(lang), path, text.line_of("help") + 1, problems)
            title, summary = text.get("title", ""), text.get("summary", "")
            texts[(key, lang)] = ProgrammeText(programme["name"], title, summary, help_html)
    return texts


def check_cards(
    content_dir: Path, texts: dict[tuple[str, str], ProgrammeText], courses: Catalogue, problems: Problems
) -> None:
    """Every programme has a card on the home page: its own, or its courses'."""
    for (key, lang), text in texts.items():
        if not (text.title and text.summary) and not courses.in_programme(key):
            problems.add(
                content_dir / "programmes.yaml",
                1,
                f"{key}.{lang}: title and summary are missing, and no course belongs to this programme",
            )


def load_content(content_dir: Path) -> SiteContent:
    """Load and validate everything; raise ContentError listing every problem."""
    problems = Problems(root=content_dir)
    if not content_dir.is_dir():
        problems.add(content_dir, 1, "the content folder does not exist")
        problems.raise_if_any()
    links = links_for(content_dir)
    advice = load_tree(content_dir, problems, links.site, LANGUAGES, metrics.AGE.values())
    courses = load_courses(content_dir, problems, LANGUAGES, PROGRAMMES, links.course)
    for course in courses:
        links.add_course(course.id, course.slug, course.module_count)
    # Pages and help blocks come after the courses, so they may link to any course's modules.
    pages = load_pages(content_dir, problems, links)
    programmes = load_programmes(content_dir, problems, links)
    check_cards(content_dir, programmes, courses, problems)
    campaigns = load_campaigns(content_dir, problems)
    problems.raise_if_any()
    return SiteContent(pages, programmes, advice, courses, campaigns)


CONTENT_KEY = "hulpwijzer.content"


def site_content() -> SiteContent:
    return current_app.extensions[CONTENT_KEY]


def init_app(app: Flask) -> None:
    """Load the content once; the editor's preview (preview.py) loads it itself instead."""
    app.extensions[CONTENT_KEY] = load_content(Path(app.config["CONTENT_DIR"]))


__all__ = ["ContentError", "SiteContent", "load_content", "site_content"]
