"""What a course is once its folder has been read: typed, checked, immutable."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from courses.progress import ProgressCodes


@dataclass(frozen=True)
class Choice:
    id: str
    label: str


@dataclass(frozen=True)
class Exercise:
    id: str
    type: str
    prompt: str
    hint: str | None = None
    min_label: str | None = None
    max_label: str | None = None
    # The options of a checklist, or the items of a plan.
    choices: tuple[Choice, ...] = ()

    def shape(self) -> tuple[str, str, tuple[str, ...]]:
        return (self.id, self.type, tuple(c.id for c in self.choices))


@dataclass(frozen=True)
class Module:
    course: str
    number: int
    lang: str
    title: str
    summary: str
    goals: tuple[str, ...]
    minutes: int
    html: str
    exercises: tuple[Exercise, ...]

    def exercise(self, exercise_id: str) -> Exercise | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)

    def plan_exercises(self) -> list[Exercise]:
        return [e for e in self.exercises if e.type == "plan"]


@dataclass(frozen=True)
class PlanSource:
    """An earlier plan answer that can fill in an item of the course's plan."""

    module: int
    exercise: str
    item: str

    @property
    def field(self) -> str:
        """How site.js finds the answer it kept: "4:mijn-redenen__voor-wie" (module:field name)."""
        return f"{self.module}:{self.exercise}__{self.item}"


@dataclass(frozen=True)
class Plan:
    """The plan printed with the answers of the plan module (Stoppen is Mogelijk: the stop plan)."""

    module: int
    exercise: str
    # The heading above the printed plan, per language; empty: the site's own words.
    title: Mapping[str, str] = field(default_factory=dict)
    # plan item id -> earlier answers that can fill it in
    sources: Mapping[str, tuple[PlanSource, ...]] = field(default_factory=dict)

    def sources_attribute(self, item_id: str) -> str:
        return " ".join(source.field for source in self.sources.get(item_id, ()))


@dataclass(frozen=True)
class Measure:
    """A self-rating the course asks at its start, its end or both (course.yaml, "measures")."""

    id: str
    asked: tuple[str, ...]  # "start" (module 1) and/or "end" (the last module)
    question: Mapping[str, str]  # per language
    values: tuple[str, ...]  # "0" … "10" for a scale, or the choices' ids
    labels: Mapping[str, Mapping[str, str]]  # choice id -> language -> label (a scale has none)
    low: Mapping[str, str] = field(default_factory=dict)  # what 0 means, per language
    high: Mapping[str, str] = field(default_factory=dict)  # what the highest number means
    better: tuple[str, ...] = ()  # the answers that count as "stopped or went down"
    line: int = 1

    @property
    def is_scale(self) -> bool:
        return not self.labels

    def label(self, value: str, lang: str) -> str:
        return self.labels[value][lang] if value in self.labels else value


# eq=False: a course is itself, compared and hashed by identity.
@dataclass(frozen=True, eq=False)
class Course:
    id: str
    programme: str
    slug: Mapping[str, str]
    name: Mapping[str, str]
    summary: Mapping[str, str]
    # Rendered Markdown per language; empty: the programme's own help block is shown.
    help_html: Mapping[str, str]
    module_count: int
    plan: Plan
    codes: ProgressCodes
    modules: Mapping[tuple[str, int], Module]
    # The site's one course from before there were several: its old codes and counts are its own.
    original: bool = False
    # The self-ratings it asks at its start and end; a visitor may have an answer counted.
    measures: tuple[Measure, ...] = ()
    # A face of its own (header name per language; colour and icon named after its id), or none.
    face_name: Mapping[str, str] = field(default_factory=dict)

    def moment(self, number: int) -> str | None:
        """ "start" for module 1, "end" for the last module, else None."""
        return "start" if number == 1 else "end" if number == self.module_count else None

    def measures_at(self, number: int) -> list[Measure]:
        moment = self.moment(number)
        return [m for m in self.measures if moment in m.asked]

    def measure(self, measure_id: str) -> Measure | None:
        return next((m for m in self.measures if m.id == measure_id), None)

    def module(self, lang: str, number: int) -> Module | None:
        return self.modules.get((lang, number))

    def in_language(self, lang: str) -> list[Module]:
        return [self.modules[(lang, n)] for n in range(1, self.module_count + 1) if (lang, n) in self.modules]

    def slug_for(self, lang: str) -> str:
        """Its URL slug in a language; a language the course is not written in gets the first one's."""
        return self.slug.get(lang) or next(iter(self.slug.values()))

    def has_slug(self, slug: str) -> bool:
        return slug in self.slug.values()


@dataclass(frozen=True)
class Catalogue:
    """Every course, in the order of their folder names."""

    courses: tuple[Course, ...] = ()

    def __iter__(self):
        return iter(self.courses)

    def __len__(self) -> int:
        return len(self.courses)

    def get(self, course_id: str) -> Course | None:
        return next((c for c in self.courses if c.id == course_id), None)

    def by_slug(self, slug: str) -> Course | None:
        return next((c for c in self.courses if c.has_slug(slug)), None)

    def in_programme(self, programme: str) -> list[Course]:
        return [c for c in self.courses if c.programme == programme]

    def slugs(self) -> set[str]:
        return {slug for c in self.courses for slug in c.slug.values()}
