"""The services the advice names (content/advice/services.yaml), and the check that each is linked.

One list holds every helpline, hotline and website the advice sends people to:
its name, numbers, address, what it is for, and whether it may be called open
day and night. Advice texts name services in plain words; the check makes sure
that every number and address they link to is on the list, that every service
they name is linked right there, and that a name that is nearly one on the list
gets a "did you mean".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from contentkit import Field, Problems, Schema, load_yaml_file
from contentkit.ids import ID
from contentkit.problems import did_you_mean

SERVICES_FILE = Path("advice") / "services.yaml"
LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")
# A Dutch service number written out (0800-0432, 0900-8844, 0800-266 64 36), outside a link.
LOOSE_NUMBER = re.compile(r"\b0[89]00[- ]?\d{3,4}(?: ?\d{2,3})*\b")
WORD = re.compile(r"[\wÀ-ÿ!'-]+")
# How alike a name must be to one on the list to be taken as a misspelling of it.
NEARLY = 0.85


@dataclass(frozen=True)
class Service:
    id: str
    names: tuple[str, ...]
    numbers: tuple[str, ...]
    url: str | None
    purpose: dict[str, str]
    day_and_night: bool
    line: int

    def dial(self) -> set[str]:
        return {re.sub(r"\D", "", number) for number in self.numbers}

    def link(self, name: str) -> str:
        """The Markdown an editor should write where the text names the service."""
        if self.url:
            return f"[{name}]({self.url})"
        return f"[{self.numbers[0]}](tel:{re.sub(r'[^0-9]', '', self.numbers[0])})"


def digits(target: str) -> str:
    return re.sub(r"\D", "", target)


def same_address(link: str, url: str) -> bool:
    return link.rstrip("/") == url.rstrip("/") or link.startswith(url.rstrip("/") + "/")


@functools.lru_cache(maxsize=65536)
def nearly_same(a: str, b: str) -> bool:
    """A near miss of a service's name; the quick upper bounds first, as most words are far off."""
    matcher = SequenceMatcher(None, a, b)
    return all(bound() >= NEARLY for bound in (matcher.real_quick_ratio, matcher.quick_ratio, matcher.ratio))


class ServiceList:
    """The services in services.yaml; ``check_text`` reports what an advice text names or links badly."""

    def __init__(self, services: Sequence[Service], path: Path):
        self.services = tuple(services)
        self.path = path

    def by_id(self, service_id: str) -> Service | None:
        return next((s for s in self.services if s.id == service_id), None)

    def names(self) -> list[str]:
        return [name for service in self.services for name in service.names]

    def check_text(self, body: str, path: Path, first_line: int, problems: Problems) -> None:
        links = [
            (m.group(2), number) for number, line in enumerate(body.splitlines()) for m in LINK.finditer(line)
        ]
        listed = SERVICES_FILE.as_posix()
        for target, index in links:
            line = first_line + index
            if target.startswith("tel:"):
                if not any(digits(target) in s.dial() for s in self.services):
                    numbers = [n for s in self.services for n in s.numbers]
                    problems.add(
                        path,
                        line,
                        f'the number "{target[4:]}" is not in {listed}: add the service it belongs to'
                        + did_you_mean(target[4:], numbers),
                    )
            elif target.startswith(("http://", "https://")):
                if not any(s.url and same_address(target, s.url) for s in self.services):
                    urls = [s.url for s in self.services if s.url]
                    problems.add(
                        path,
                        line,
                        f'the address "{target}" is not in {listed}: link only to services on the list'
                        + did_you_mean(target, urls),
                    )
        for index, line_text in enumerate(body.splitlines()):
            loose = LOOSE_NUMBER.search(LINK.sub("", line_text))
            if loose:
                problems.add(
                    path,
                    first_line + index,
                    f'the number "{loose.group(0)}" is not a link: write [{loose.group(0)}]'
                    f"(tel:{digits(loose.group(0))})",
                )
        self.check_names(body, [t for t, _ in links], path, first_line, problems, listed)

    def check_names(
        self, body: str, links: list[str], path: Path, first_line: int, problems: Problems, listed: str
    ) -> None:
        lines = body.splitlines()
        for service in self.services:
            if not service.url:
                continue  # the police: only its numbers are links, and those are checked above
            for name in service.names:
                # A name may be broken over two lines of the Markdown.
                found = re.search(r"\s+".join(map(re.escape, name.split())), body)
                if found is not None and not any(same_address(t, service.url) for t in links):
                    problems.add(
                        path,
                        first_line + body[: found.start()].count("\n"),
                        f'"{name}" is named without a link to it: write {service.link(name)} '
                        f"(the address in {listed})",
                    )
                    break
        known = {name.lower() for name in self.names()}
        names = [(name, name.lower(), len(name.split())) for name in self.names()]
        for index, text in enumerate(lines):
            words = WORD.findall(LINK.sub(r"\1", text))
            # A name starts with a capital: only those words can begin a near miss.
            capitals = [start for start, word in enumerate(words) if word[:1].isupper()]
            for name, lowered, size in names:
                for start in capitals:
                    if start + size > len(words):
                        break
                    candidate = re.sub(r"'s$", "", " ".join(words[start : start + size]))
                    if candidate.lower() in known:
                        continue
                    if nearly_same(candidate.lower(), lowered):
                        problems.add(
                            path,
                            first_line + index,
                            f'"{candidate}" is not a service in {listed}: add it there, or fix the name'
                            f' (did you mean "{name}"?)',
                        )


def load_services(content_dir: Path, languages: Sequence[str], problems: Problems) -> ServiceList:
    """Every service in services.yaml; problems for what is missing or malformed."""
    path = content_dir / SERVICES_FILE
    data = load_yaml_file(path, problems)
    if not isinstance(data, dict):
        if data is not None:
            problems.add(path, 1, "expected one service per key: name, numbers or url, for, day_and_night")
        return ServiceList((), path)
    schema = Schema(
        Field("name", str),
        Field("also", list, required=False, items=str),
        Field("numbers", list, required=False, items=str),
        Field("url", str, required=False),
        Field("for", dict),
        Field("day_and_night", bool),
    )
    purpose_schema = Schema(*(Field(lang, str) for lang in languages))
    services = []
    for service_id, item in data.items():
        if not isinstance(service_id, str) or not ID.match(service_id):
            problems.add(
                path,
                data.line_of(service_id),
                f'the service id "{service_id}" should be lowercase letters, digits and "-"',
            )
            continue
        if not schema.check(item, path, problems, service_id):
            continue
        if not purpose_schema.check(item["for"], path, problems, f"{service_id}: for"):
            continue
        line = data.line_of(service_id)
        url = item.get("url")
        if url is not None and not url.startswith("https://"):
            problems.add(path, item.line_of("url"), f'{service_id}: the address should start with "https://"')
        if not item.get("numbers") and not url:
            problems.add(path, line, f"{service_id}: give its numbers, its url, or both")
            continue
        services.append(
            Service(
                service_id,
                (item["name"], *item.get("also", [])),
                tuple(item.get("numbers", [])),
                url,
                {lang: item["for"][lang] for lang in languages},
                item["day_and_night"],
                line,
            )
        )
    return ServiceList(services, path)
