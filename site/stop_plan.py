"""Module 17's personal stop plan: its items, and which earlier answers feed each one.

The plan is filled in by the visitor. With answers kept in the browser (opt-in),
site.js can bring in what they wrote in earlier modules; SOURCES says from where.
The content check makes sure every source still exists, so renaming an id in an
earlier module cannot silently break the stop plan.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from contentkit import Problems

if TYPE_CHECKING:
    from hulpwijzer.course_content import Module

MODULE, EXERCISE = 17, "stopplan"
ITEMS = ("redenen", "risicosituaties", "waarschuwingssignalen", "wat-ik-dan-doe", "mensen", "goed-leven")
# stop plan item -> earlier plan answers: (module, plan exercise id, item id)
SOURCES: dict[str, tuple[tuple[int, str, str], ...]] = {
    "redenen": (
        (4, "mijn-redenen", "belangrijkste-reden"),
        (4, "mijn-redenen", "voor-wie"),
        (4, "mijn-redenen", "wie-ik-wil-zijn"),
    ),
    "risicosituaties": (
        (2, "mijn-patroon", "risicomomenten"),
        (2, "mijn-patroon", "plek-apparaat"),
        (2, "contact-plan", "plekken"),
        (9, "mijn-risicoplan", "grootste-risico"),
        (9, "mijn-risicoplan", "kinderen"),
    ),
    "waarschuwingssignalen": (
        (2, "contact-plan", "signaal"),
        (9, "mijn-risicoplan", "vroeg-signaal"),
        (16, "waarschuwingssignalen", "vroeg"),
        (16, "waarschuwingssignalen", "gedrag"),
        (16, "waarschuwingssignalen", "laat"),
    ),
    "wat-ik-dan-doe": (
        (2, "contact-plan", "stoppen"),
        (7, "drang-plan", "twintig-minuten"),
        (9, "mijn-risicoplan", "als-de-drang-komt"),
        (14, "pauzeknop", "pauze"),
        (16, "noodplan", "direct"),
        (16, "noodplan", "afleiding"),
    ),
    "mensen": (
        (1, "mijn-plan", "steun"),
        (2, "contact-plan", "praten"),
        (9, "mijn-risicoplan", "steun"),
        (11, "steunkaart", "dichtbij"),
        (11, "steunkaart", "hulp"),
        (16, "noodplan", "bellen"),
    ),
    "goed-leven": (
        (17, "mijn-doel", "doel"),
        (17, "mijn-doel", "eerste-stap"),
    ),
}


def sources_attribute(item_id: str) -> str:
    """The data-sources value site.js reads: "4:mijn-redenen__voor-wie ..." (module:field name)."""
    return " ".join(f"{number}:{exercise}__{item}" for number, exercise, item in SOURCES.get(item_id, ()))


def check(
    modules: dict[tuple[str, int], Module],
    files: dict[tuple[str, int], tuple[Path, Any]],
    lang: str,
    problems: Problems,
) -> None:
    """Module 17 has the stop plan the site prints, and every earlier answer it draws on exists."""
    module = modules.get((lang, MODULE))
    if module is not None:
        exercise = module.exercise(EXERCISE)
        if exercise is None or exercise.type != "plan" or exercise.shape()[2] != ITEMS:
            problems.add(
                files[(lang, MODULE)][0],
                1,
                f'module {MODULE} needs a plan exercise "{EXERCISE}" with the items {", ".join(ITEMS)}: '
                "the printable stop plan is made from it",
            )
    for item_id, sources in SOURCES.items():
        for number, exercise_id, source_item in sources:
            source = modules.get((lang, number))
            if source is None:
                continue
            exercise = source.exercise(exercise_id)
            if exercise is None or exercise.type != "plan" or source_item not in exercise.shape()[2]:
                problems.add(
                    files[(lang, number)][0],
                    1,
                    f'the stop plan of module {MODULE} ("{item_id}") takes its text from the plan item '
                    f'"{exercise_id}" > "{source_item}" here, but there is no such item: '
                    "keep the id, or change SOURCES in site/stop_plan.py",
                )
