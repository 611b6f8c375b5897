"""tree.yaml declares which answers give the survey's age band; `content check` guards them."""

from pathlib import Path

from tests.support.content import check_content

TREE = "advice/tree.yaml"


def rename_everywhere_but_the_declaration(folder: Path, old: str, new: str, question: str) -> str:
    """Rename an answer of ``question`` as an editor might: the option and the parts that use it."""
    path = folder / TREE
    text = path.read_text(encoding="utf-8")
    head, figures, rest = text.partition("\nquestions:\n")
    block_start = rest.index(f"\n  {question}:\n")
    block_end = rest.index("\n\n", block_start)
    block = rest[block_start:block_end].replace(f"      {old}:\n", f"      {new}:\n")
    rest = rest[:block_start] + block + rest[block_end:]
    rest = rest.replace(f"when: {old}\n", f"when: {new}\n").replace(f"unless: {old}\n", f"unless: {new}\n")
    text = head + figures + rest
    path.write_text(text, encoding="utf-8")
    return text


def test_renaming_an_age_answer_without_its_declaration_fails_with_path_and_line(broken):
    text = rename_everywhere_but_the_declaration(broken, "onder-12", "jonger-dan-12", "leeftijd")
    line = text[: text.index("      onder-12: 5-11")].count("\n") + 1
    result = check_content(broken)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (
        f'content/{TREE}:{line}: figures: "onder-12" is not an answer of the question "leeftijd"'
    ) in result.output
    assert "did you mean" in result.output.split(f"{TREE}:{line}:", 1)[1].splitlines()[0]


def test_a_band_the_survey_does_not_have_fails(broken):
    path = broken / TREE
    text = path.read_text(encoding="utf-8").replace("      onder-18: 12-18", "      onder-18: 12-17")
    path.write_text(text, encoding="utf-8")
    line = text[: text.index("      onder-18: 12-17")].count("\n") + 1
    output = check_content(broken).output
    assert f'content/{TREE}:{line}: figures > age: "12-17" is not an age band of the survey' in output
    assert 'did you mean "12-18"' in output


def test_a_declaration_naming_no_question_fails(broken):
    path = broken / TREE
    text = path.read_text(encoding="utf-8").replace(
        "question: wie, answer: zelf", "question: wi, answer: zelf"
    )
    path.write_text(text, encoding="utf-8")
    line = text[: text.index("question: wi,")].count("\n") + 1
    output = check_content(broken).output
    assert f'content/{TREE}:{line}: figures: there is no question "wi" (did you mean "wie"?)' in output
