"""The plan a course prints with the answers of its plan module, and where its items come from.

Stoppen is Mogelijk prints the personal stop plan of module 17. A course may
list, in plan.yaml, which earlier plan answers can fill in each item of its
plan (with answers kept in the browser, opt-in, site.js brings them in). The
content check makes sure every source still exists, so renaming an id in an
earlier module cannot silently break the plan.
"""

from __future__ import annotations

from pathlib import Path

from contentkit import Field, Problems, Schema, load_yaml_file
from courses.model import Module, Plan, PlanSource
from courses.modules import ExerciseFiles

FILE_NAME = "plan.yaml"
PLAN_FILE = Schema(
    Field("exercise", str, required=False),
    Field("title", dict, required=False),
    Field("sources", dict, required=False),
)
SOURCE = Schema(Field("module", int, minimum=1), Field("exercise", str), Field("item", str))


def load_plan(folder: Path, plan_module: int, languages: tuple[str, ...], problems: Problems) -> Plan:
    """plan.yaml if the course has one; without it the plan module's last plan exercise, no sources."""
    path = folder / FILE_NAME
    if not path.exists():
        return Plan(plan_module, "")
    raw = load_yaml_file(path, problems)
    if raw is None or not PLAN_FILE.check(raw, path, problems):
        return Plan(plan_module, "")
    title = raw.get("title", {})
    if title and Schema(*(Field(lang, str) for lang in languages)).check(title, path, problems, "title"):
        title = dict(title)
    sources: dict[str, tuple[PlanSource, ...]] = {}
    for item_id, listed in raw.get("sources", {}).items():
        where = f"sources > {item_id}"
        if not isinstance(listed, list):
            problems.add(
                path, raw["sources"].line_of(item_id), f"{where}: expected a list of earlier answers"
            )
            continue
        found = []
        for index, source in enumerate(listed):
            if SOURCE.check(source, path, problems, where=f"{where}, {index + 1}"):
                found.append(PlanSource(source["module"], source["exercise"], source["item"]))
        sources[item_id] = tuple(found)
    return Plan(plan_module, raw.get("exercise", ""), title if isinstance(title, dict) else {}, sources)


def resolve_exercise(plan: Plan, modules: dict[tuple[str, int], Module], lang: str) -> Plan:
    """The plan with its exercise named: plan.yaml's, or the plan module's last plan exercise."""
    module = modules.get((lang, plan.module))
    if plan.exercise or module is None or not module.plan_exercises():
        return plan
    return Plan(plan.module, module.plan_exercises()[-1].id, plan.title, plan.sources)


def check(
    plan: Plan,
    folder: Path,
    modules: dict[tuple[str, int], Module],
    files: ExerciseFiles,
    lang: str,
    problems: Problems,
) -> None:
    """The plan module has the plan exercise, and every earlier answer it draws on exists."""
    where = folder / FILE_NAME if (folder / FILE_NAME).exists() else folder / "course.yaml"
    module = modules.get((lang, plan.module))
    if module is None:
        return
    exercise = module.exercise(plan.exercise)
    if exercise is None or exercise.type != "plan":
        problems.add(
            files[(lang, plan.module)][0],
            1,
            f'module {plan.module} needs a plan exercise "{plan.exercise}": '
            f"the printable plan is made from it (see {where.name})",
        )
        return
    items = exercise.shape()[2]
    for item_id, sources in plan.sources.items():
        if item_id not in items:
            problems.add(
                files[(lang, plan.module)][0],
                1,
                f'the plan exercise "{plan.exercise}" has no item "{item_id}", but {where.name} '
                "lists earlier answers for it: keep the id, or change the sources",
            )
        for source in sources:
            earlier = modules.get((lang, source.module))
            if earlier is None:
                if (lang, source.module) not in files:
                    problems.add(
                        where, 1, f'"{item_id}" draws on module {source.module}, which does not exist'
                    )
                continue
            found = earlier.exercise(source.exercise)
            if found is None or found.type != "plan" or source.item not in found.shape()[2]:
                problems.add(
                    files[(lang, source.module)][0],
                    1,
                    f'the plan of module {plan.module} ("{item_id}") takes its text from the plan item '
                    f'"{source.exercise}" > "{source.item}" here, but there is no such item: '
                    f"keep the id, or change the sources in {where.name}",
                )
