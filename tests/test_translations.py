"""Interface strings: the template is up to date and every string has a Dutch translation."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]


def extract(tmp_path: Path) -> set[str]:
    target = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-o",
            str(target),
            "--no-location",
            "--omit-header",
            "--sort-output",
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with target.open("rb") as f:
        return {m.id for m in read_po(f) if m.id}


def test_committed_template_matches_the_source(tmp_path):
    with (ROOT / "translations/messages.pot").open("rb") as f:
        committed = {m.id for m in read_po(f) if m.id}
    assert extract(tmp_path) == committed, "run the extract command in docs/translating.md"


def test_every_string_has_a_dutch_translation(tmp_path):
    with (ROOT / "translations/nl/LC_MESSAGES/messages.po").open("rb") as f:
        catalog = read_po(f)
    ids = extract(tmp_path)
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    assert ids - translated == set()


def test_dutch_pages_use_the_translations(client):
    html = client.get("/nl/").get_data(as_text=True)
    assert "Snel weg" in html and "Leave this site" not in html
