"""A module's exercises as a WTForms form, and the visitor's answers read back from it.

The answers only ever live in the request that posted them: they are turned into
a page or a download and then forgotten.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict
from wtforms import Form, RadioField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from courses import Choice, Exercise, Module

MAX_ANSWER_LENGTH = 4000
SCALE = [str(n) for n in range(11)]


def field_name(exercise: Exercise, item: Choice | None = None) -> str:
    # Ids never contain "__", so exercise and item stay apart.
    return f"{exercise.id}__{item.id}" if item else exercise.id


# Validators that speak at validation time, so the message is in the visitor's language.
class ChosenFrom:
    """Every ticked box is one of the module's own options."""

    def __init__(self, ids: list[str]):
        self.ids = set(ids)

    def __call__(self, form: Form, field: SelectMultipleField) -> None:
        if any(value not in self.ids for value in field.data or []):
            raise ValidationError(_("Choose only from the options shown."))


def on_the_scale(form: Form, field: RadioField) -> None:
    if field.data not in SCALE:
        raise ValidationError(_("Choose a number from 0 to 10."))


def short_enough(form: Form, field: TextAreaField) -> None:
    if len(field.data) > MAX_ANSWER_LENGTH:
        raise ValidationError(_("Please keep this answer under %(max)s characters.", max=MAX_ANSWER_LENGTH))


def text_field(label: str) -> TextAreaField:
    return TextAreaField(label, validators=[Optional(), short_enough])


@lru_cache(maxsize=64)
def form_class(module: Module) -> type[Form]:
    """A form class with one field per answer, in the module's order."""

    class ModuleForm(Form):
        pass

    for exercise in module.exercises:
        if exercise.type == "scale":
            field = RadioField(
                exercise.prompt,
                choices=[SelectChoice(n, n) for n in SCALE],
                validate_choice=False,
                validators=[Optional(), on_the_scale],
            )
            setattr(ModuleForm, field_name(exercise), field)
        elif exercise.type == "checklist":
            field = SelectMultipleField(
                exercise.prompt,
                choices=[SelectChoice(c.id, c.label) for c in exercise.choices],
                validate_choice=False,
                widget=ListWidget(prefix_label=False),
                option_widget=CheckboxInput(),
                validators=[ChosenFrom([c.id for c in exercise.choices])],
            )
            setattr(ModuleForm, field_name(exercise), field)
        elif exercise.type == "reflection":
            setattr(ModuleForm, field_name(exercise), text_field(exercise.prompt))
        else:
            for item in exercise.choices:
                setattr(ModuleForm, field_name(exercise, item), text_field(item.label))
    return ModuleForm


def build_form(module: Module, formdata: MultiDict | None = None) -> Form:
    return form_class(module)(formdata)


@dataclass(frozen=True)
class Answer:
    exercise: Exercise
    # (label, text) pairs: a plan item's label, or None where the prompt says it all.
    parts: tuple[tuple[str | None, str], ...]


def read_answers(module: Module, form: Form) -> list[Answer]:
    """What the visitor filled in, exercise by exercise, from a validated form."""
    answers = []
    for exercise in module.exercises:
        if exercise.type == "plan":
            parts = tuple(
                (item.label, text)
                for item in exercise.choices
                if (text := (form[field_name(exercise, item)].data or "").strip())
            )
        else:
            value = form[field_name(exercise)].data
            if exercise.type == "checklist":
                chosen = set(value or [])
                parts = tuple((None, c.label) for c in exercise.choices if c.id in chosen)
            elif exercise.type == "scale":
                parts = ((None, _("%(value)s out of 10", value=value)),) if value else ()
            else:
                parts = ((None, value.strip()),) if value and value.strip() else ()
        answers.append(Answer(exercise, parts))
    return answers


def posted_pairs(form: Form) -> list[tuple[str, str]]:
    """The validated answers as name/value pairs, to post them once more (the download)."""
    pairs = []
    for field in form:
        values = field.data if isinstance(field.data, list) else [field.data]
        pairs.extend((field.name, value) for value in values if value)
    return pairs


def answers_text(programme_title: str, module: Module, answers: list[Answer]) -> str:
    """A plain-text copy of the answers for the visitor's own device."""
    heading = f"{programme_title} – " + _(
        "Module %(number)s: %(title)s", number=module.number, title=module.title
    )
    lines = [heading, "=" * len(heading), "", _("Your own answers. This site has not stored them."), ""]
    for index, answer in enumerate(answers, start=1):
        lines.append(f"{index}. {answer.exercise.prompt}")
        if answer.exercise.type == "scale":
            lines.append(
                "   "
                + _(
                    "(0 = %(low)s; 10 = %(high)s)",
                    low=answer.exercise.min_label,
                    high=answer.exercise.max_label,
                )
            )
        if not answer.parts:
            lines.append("   " + _("(not answered)"))
        for label, text in answer.parts:
            if label:
                lines.append(f"   {label}:")
            prefix = "   - " if answer.exercise.type == "checklist" else "   "
            lines.extend(prefix + line if line else "" for line in text.splitlines())
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
