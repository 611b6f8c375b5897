"""The editors' documentation stays true: every message `content check` can print is explained."""

from __future__ import annotations

import re

from tests.support.messages import REPO_ROOT, check_messages

EDITING = REPO_ROOT / "docs" / "editing.md"
SECTION = "## Every message, and what to do"


def documented_messages() -> set[str]:
    text = EDITING.read_text(encoding="utf-8")
    assert SECTION in text, f"docs/editing.md needs the section {SECTION!r}"
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `(.+?)` \|", section, flags=re.M))


def test_the_message_scan_finds_what_it_should():
    messages = check_messages()
    assert 'unknown key "…"' in messages
    assert "raw HTML is not allowed here: write it in Markdown" in messages
    assert len(messages) > 40


def test_every_content_check_message_is_explained_in_editing_md():
    missing = sorted(check_messages() - documented_messages())
    assert not missing, (
        "add these to docs/editing.md, "
        + SECTION
        + ":\n"
        + "\n".join(f"| `{message}` | ... |" for message in missing)
    )


def test_editing_md_explains_no_message_that_no_longer_exists():
    stale = sorted(documented_messages() - check_messages())
    assert not stale, "docs/editing.md explains messages the check no longer prints:\n" + "\n".join(stale)
