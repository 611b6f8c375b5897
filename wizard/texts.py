"""The Markdown side of the advice tree: advice pages and their parts, in every language."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from contentkit import Field, Problems, Schema, load_front_matter_file
from contentkit.markdown import LinkResolver, render
from contentkit.problems import did_you_mean
from contentkit.yamlsource import read_text
from wizard.law import LawStatements, LawUse, expand_law
from wizard.model import CONTACT_PART, AdvicePage, Section, Tree
from wizard.services import ServiceList

TREE_FILE = Path("advice") / "tree.yaml"
CONTACT_URL = "https://www.helpwanted.nl/"
# 113 Zelfmoordpreventie: a young person blackmailed at night must see it on every advice page.
CRISIS_LINE = "tel:08000113"
PAGE_SCHEMA = Schema(Field("title", str))
PART_SCHEMA = Schema(Field("title", str, required=False))


class MarkdownTexts:
    """Reads content/advice/LANG/ID.md and content/advice/LANG/parts/ID.md for the TreeLoader."""

    folder: Path
    problems: Problems
    resolver: Callable[[str], LinkResolver]
    languages: tuple[str, ...]
    tree_path: Path
    law: LawStatements
    services: ServiceList

    def markdown(self, body: str, lang: str, path: Path, first_line: int) -> tuple[str, tuple[LawUse, ...]]:
        """HTML for an advice text or part, with its [[wet:ID]] statements filled in, and those statements."""
        self.services.check_text(body, path, first_line, self.problems)
        used: list[LawUse] = []
        body = expand_law(body, lang, self.law, path, first_line, self.problems, used)
        return render(body, self.resolver(lang), path, first_line, self.problems), tuple(used)

    def load_page(self, advice_id: str, lang: str, line: int) -> AdvicePage | None:
        path = self.folder / lang / f"{advice_id}.md"
        if not path.is_file():
            self.problems.add(
                self.tree_path,
                line,
                f'the advice "{advice_id}" has no "{lang}" text: add content/advice/{lang}/{advice_id}.md',
            )
            return None
        document = load_front_matter_file(path, self.problems)
        if document is None or not PAGE_SCHEMA.check(document.meta, path, self.problems):
            return None
        html, laws = self.markdown(document.body, lang, path, document.body_line)
        return AdvicePage(document.meta["title"], html, laws)

    def load_parts(self) -> dict[tuple[str, str], Section]:
        parts = {}
        for lang in self.languages:
            for path in sorted((self.folder / lang / "parts").glob("*.md")):
                section = self.load_part(path, lang)
                if section is not None:
                    parts[(lang, path.stem)] = section
        return parts

    def load_part(self, path: Path, lang: str) -> Section | None:
        text = read_text(path, self.problems)
        if text is None:
            return None
        title, body, first_line = None, text, 1
        if text.startswith("---"):
            document = load_front_matter_file(path, self.problems)
            if document is None or not PART_SCHEMA.check(document.meta, path, self.problems):
                return None
            title, body, first_line = document.meta.get("title"), document.body, document.body_line
        if not body.strip():
            self.problems.add(path, first_line, "this part has no text: write it, or delete the file")
            return None
        html, laws = self.markdown(body, lang, path, first_line)
        return Section(title, html, laws)

    def stray_pages(self, advice_ids: list[str]) -> None:
        for lang in self.languages:
            for path in sorted((self.folder / lang).glob("*.md")):
                if path.stem not in advice_ids:
                    self.problems.add(
                        path,
                        1,
                        f'there is no advice "{path.stem}" in {TREE_FILE.as_posix()}'
                        + did_you_mean(path.stem, advice_ids),
                    )

    def check_parts(self, tree: Tree) -> None:
        answers = tree.answer_ids()
        for advice in tree.advice.values():
            for use in (*advice.intro, *advice.steps):
                for lang in self.languages:
                    section = tree.parts.get((lang, use.part))
                    if section is None and (self.folder / lang / "parts" / f"{use.part}.md").is_file():
                        continue  # the file itself is broken, and that is reported at the file
                    if section is None:
                        known = sorted({part for (lg, part) in tree.parts if lg == lang})
                        self.problems.add(
                            self.tree_path,
                            use.line,
                            f'the part "{use.part}" has no "{lang}" text: add content/advice/{lang}/parts/'
                            f"{use.part}.md" + did_you_mean(use.part, known),
                        )
                    elif use in advice.steps and section.title is None:
                        self.problems.add(
                            self.tree_path,
                            use.line,
                            f'the part "{use.part}" is a step, so it needs a title: start '
                            f'content/advice/{lang}/parts/{use.part}.md with "---", "title: ...", "---"',
                        )
                for answer in sorted(use.when | use.unless):
                    if answer not in answers:
                        self.problems.add(
                            self.tree_path,
                            use.line,
                            f'no question has the answer "{answer}"' + did_you_mean(answer, answers),
                        )
        for lang in self.languages:
            contact = tree.parts.get((lang, CONTACT_PART))
            path = self.folder / lang / "parts" / f"{CONTACT_PART}.md"
            if contact is None:
                self.problems.add(path, 1, "every advice page ends with this part: it is missing")
            else:
                if f'href="{CONTACT_URL}' not in contact.html:
                    self.problems.add(path, 1, f"this part must link to Helpwanted: {CONTACT_URL}")
                if f'href="{CRISIS_LINE}"' not in contact.html:
                    self.problems.add(
                        path,
                        1,
                        f"this part must give 113's free number as a link: [0800-0113]({CRISIS_LINE})",
                    )
