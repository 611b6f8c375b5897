"""`flask --app wsgi content check`: passes on real content, names path:line on broken content."""

from pathlib import Path

import pytest

from tests.support.content import REAL_CONTENT
from tests.support.content import check_content as check


def test_real_content_passes(runner):
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    assert "Content is fine" in result.output


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "text", "expected"),
    [
        (
            "pages/nl/privacy.md",
            "---\ntitle: Privacy\n---\nTekst <script>x</script>\n",
            "content/pages/nl/privacy.md:4: raw HTML is not allowed here",
        ),
        (
            "pages/nl/privacy.md",
            "---\ntitel: Privacy\n---\nTekst\n",
            'content/pages/nl/privacy.md:2: unknown key "titel" (did you mean "title"?)',
        ),
        (
            "pages/nl/privacy.md",
            "---\ntitle: [unclosed\n---\nTekst\n",
            'content/pages/nl/privacy.md:2: a "]" is missing',
        ),
        (
            "pages/nl/privacy.md",
            "---\ntitle: Privacy\nextra:\n\tdiep: 1\n---\nTekst\n",
            "content/pages/nl/privacy.md:4: a tab character: YAML only accepts spaces",
        ),
        (
            "pages/nl/privacy.md",
            '---\ntitle: "Privacy\n---\nTekst\n',
            "content/pages/nl/privacy.md:2: a quote (\" or ') is opened on this line but never closed",
        ),
        (
            "programmes.yaml",
            "advice:\n  name: Helpwanted\n   nl: x\n",
            'content/programmes.yaml:3: a ":" where YAML does not expect one: check the indentation',
        ),
        (
            "programmes.yaml",
            "advice:\n  name: Helpwanted\n  nl:\n    title: x\n  - y\n",
            "content/programmes.yaml:5: the indentation of this line does not match the lines above it",
        ),
        (
            "pages/nl/privacy.md",
            "Geen front matter\n",
            "content/pages/nl/privacy.md:1: expected front matter",
        ),
        (
            "pages/nl/privacy.md",
            "---\ntitle: Privacy\nTekst zonder einde\n",
            "content/pages/nl/privacy.md:1: the front matter is not closed",
        ),
        (
            "pages/nl/privacy.md",
            "---\ntitle: Privacy\n---\nZie [dit](page:bestaat-niet) en [dat](modul:3).\n",
            'content/pages/nl/privacy.md:4: the link "modul:3" leads nowhere',
        ),
        (
            "pages/nl/privacy.md",
            "---\ntitle: 12\n---\nTekst\n",
            'content/pages/nl/privacy.md:2: "title" should be text, got a whole number 12',
        ),
        (
            "pages/nl/extra.md",
            "---\ntitle: Extra\n---\nAlleen in het Nederlands.\n",
            'content/pages/nl/extra.md:1: this page has no "en" version',
        ),
        (
            "programmes.yaml",
            "advice:\n  name: Helpwanted\ncourse: 3\n",
            'content/programmes.yaml:2: advice: "nl" is missing',
        ),
    ],
)
def test_broken_content_is_reported_with_path_and_line(broken, file, text, expected):
    write(broken / file, text)
    result = check(broken)
    assert result.exit_code == 1
    assert expected in result.output
    assert "Traceback" not in result.output


def test_a_link_to_a_page_that_does_not_exist_is_refused(broken):
    """A dead page: link would be a 404 for visitors; the check names it with a suggestion."""
    write(broken / "pages/en/veilig-weg.md", "---\ntitle: Safe\n---\nSee [privacy](page:privacyy).\n")
    result = check(broken)
    assert result.exit_code == 1
    assert (
        'content/pages/en/veilig-weg.md:4: the link "page:privacyy" leads nowhere: no such page'
        ' (did you mean "page:privacy"?)'
    ) in result.output


def test_pages_link_to_a_course_module_by_course_id(broken):
    links = "[a](module:stoppen/17) [b](module:stoppen/18)"
    write(broken / "pages/en/veilig-weg.md", f"---\ntitle: Safe\n---\n{links}\n")
    output = check(broken).output
    assert 'the link "module:stoppen/18" leads nowhere' in output
    assert "module:stoppen/17" not in output


def test_a_misspelt_key_is_one_problem_not_two(broken):
    write(broken / "pages/nl/privacy.md", "---\ntitel: Privacy\n---\nTekst\n")
    result = check(broken)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("content/")]
    assert lines == ['content/pages/nl/privacy.md:2: unknown key "titel" (did you mean "title"?)']


def test_yaml_syntax_errors_never_show_pyyaml_jargon(broken):
    write(broken / "pages/nl/privacy.md", "---\ntitle: Privacy\nx:\n\ty: 1\n---\nTekst\n")
    write(broken / "programmes.yaml", "advice: 'open\n")
    result = check(broken)
    assert result.exit_code == 1
    for jargon in ("cannot start any token", "scanning", "<block", "stream", "ScannerError"):
        assert jargon not in result.output


def test_all_problems_are_reported_at_once(broken):
    write(broken / "pages/nl/privacy.md", "---\ntitel: x\n---\n<b>x</b>\n")
    write(broken / "pages/en/privacy.md", "no front matter\n")
    result = check(broken)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if ".md:" in line]
    assert len(lines) >= 3
    assert "problems found" in result.output


def test_not_utf8_and_missing_folder(broken, tmp_path):
    (broken / "pages/nl/privacy.md").write_bytes(b"---\ntitle: \xff\xfe\n---\n")
    assert "content/pages/nl/privacy.md:1: this file is not UTF-8" in check(broken).output
    result = check(tmp_path / "nowhere")
    assert result.exit_code == 1 and "the content folder does not exist" in result.output


def test_installed_plugin_command_works_when_app_cannot_load(broken):
    """Broken content stops the app from loading, but `content check` still answers."""
    import os
    import subprocess
    import sys

    write(broken / "pages/en/home.md", "---\ntitle: Home\n---\n<i>x</i>\n")
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "content", "check"],
        cwd=REAL_CONTENT.parent,
        capture_output=True,
        text=True,
        env={**os.environ, "HULPWIJZER_CONTENT_DIR": str(broken)},
    )
    assert result.returncode == 1
    assert "content/pages/en/home.md:4: raw HTML is not allowed here" in result.stderr
    assert "Traceback" not in result.stderr


def test_server_refuses_to_start_on_broken_content(broken):
    import os
    import subprocess
    import sys

    write(broken / "pages/en/home.md", "---\ntitle: Home\nbad: [\n---\n")
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", "127.0.0.1:0", "wsgi:app"],
        cwd=REAL_CONTENT.parent,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "HULPWIJZER_CONTENT_DIR": str(broken)},
    )
    assert result.returncode != 0
    assert "content/pages/en/home.md:" in result.stderr and "not valid YAML" in result.stderr
    assert "The site did not start" in result.stderr
