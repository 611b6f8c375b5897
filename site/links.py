"""What the internal links editors write resolve to: page:privacy, advies:, module:6.

The one place in the web layer that turns content links into URLs. The content
loaders (pages, the advice tree, the courses) get these resolvers passed in, so
they never import the web layer. Each resolver is a table of every target that
exists, so a link to a page or module that doesn't exist is reported by
`content check` (with a "did you mean") instead of reaching visitors as a 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from contentkit.ids import ID
from contentkit.markdown import LinkTable
from hulpwijzer.config import LANGUAGES
from hulpwijzer.i18n import localized_path


@dataclass
class Links:
    pages: frozenset[str]
    # course id -> (its URL slug per language, its number of modules)
    courses: dict[str, tuple[Mapping[str, str], int]] = field(default_factory=dict)

    def add_course(self, course_id: str, slug: Mapping[str, str], module_count: int) -> None:
        """From now on every text may link to this course's modules as module:<course>/<number>."""
        self.courses[course_id] = (slug, module_count)

    def site(self, lang: str) -> LinkTable:
        """Links every text may contain: another page, the advice module, a course's module."""
        urls = {f"page:{slug}": f"/{lang}/{slug}" for slug in sorted(self.pages)}
        urls["advies:"] = localized_path("advice.start", lang)
        for course_id, (slug, module_count) in self.courses.items():
            urls.update(module_urls(f"{course_id}/", lang, slug[lang], module_count))
        return LinkTable(urls)

    def course(self, lang: str, slug: str, module_count: int) -> LinkTable:
        """A course's texts may also link to its own modules: [module 10](module:10)."""
        return LinkTable({**self.site(lang).urls, **module_urls("", lang, slug, module_count)})


def module_urls(prefix: str, lang: str, slug: str, module_count: int) -> dict[str, str]:
    return {f"module:{prefix}{n}": f"/{lang}/{slug}/{n}" for n in range(1, module_count + 1)}


def links_for(content_dir: Path) -> Links:
    """The link table for a content folder: its pages are known from their file names."""
    pages = {path.stem for lang in LANGUAGES for path in (content_dir / "pages" / lang).glob("*.md")}
    return Links(frozenset(slug for slug in pages if ID.match(slug)))
