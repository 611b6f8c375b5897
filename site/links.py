"""What the internal links editors write resolve to: page:privacy, advies:, module:6.

The one place in the web layer that turns content links into URLs. The content
loaders (pages, the advice tree, the courses) get these resolvers passed in, so
they never import the web layer.
"""

from __future__ import annotations

from contentkit.ids import ID
from contentkit.markdown import LinkResolver


def site_links(lang: str) -> LinkResolver:
    """Links every text may contain: another page, the advice module."""

    def resolve(target: str) -> str | None:
        scheme, _, rest = target.partition(":")
        if scheme == "page" and ID.match(rest):
            return f"/{lang}/{rest}"
        if scheme == "advies" and not rest:
            return f"/{lang}/advies/"
        return None

    return resolve


def course_links(lang: str, slug: str, module_count: int) -> LinkResolver:
    """A course's texts may also link to its own modules: [module 10](module:10)."""
    site = site_links(lang)

    def resolve(target: str) -> str | None:
        scheme, _, rest = target.partition(":")
        if scheme == "module" and rest.isdigit() and 1 <= int(rest) <= module_count:
            return f"/{lang}/{slug}/{int(rest)}"
        return site(target)

    return resolve
