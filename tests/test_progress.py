"""Progress codes: every subset round-trips, every single typo is caught, a code belongs to one course."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from courses.progress import ALPHABET, InvalidCode, Progress, ProgressCodes, course_character

STOPPEN = ProgressCodes(17, course_character("stoppen", original=True))
OTHER = ProgressCodes(17, course_character("naasten", original=False))
SIX = ProgressCodes(6, course_character("naasten", original=False))
subsets = st.frozensets(st.integers(min_value=1, max_value=17))
# What a visitor could type instead of a character of the code (aliases such as O for 0 excluded).
TYPED = sorted(set(ALPHABET) | set("UV*~$=#?!"))


@st.composite
def course_and_progress(draw):
    count = draw(st.integers(min_value=1, max_value=40))
    codes = ProgressCodes(count, draw(st.sampled_from(ALPHABET)))
    return codes, draw(st.frozensets(st.integers(min_value=1, max_value=count)))


@given(course_and_progress())
def test_any_subset_of_any_course_round_trips(drawn):
    codes, done = drawn
    code = codes.encode(done)
    assert len(code) == codes.length == -(-codes.module_count // 5) + 1
    assert codes.decode(code) == Progress(codes.module_count, done)


@given(course_and_progress(), st.integers(min_value=0, max_value=8), st.sampled_from(TYPED))
def test_every_single_character_typo_is_detected(drawn, position, typed):
    codes, done = drawn
    code = codes.encode(done)
    position %= len(code)
    if typed == code[position]:
        return
    with pytest.raises(InvalidCode):
        codes.decode(code[:position] + typed + code[position + 1 :])


def test_every_single_typo_of_some_codes_exhaustively():
    for codes, done in [(STOPPEN, s) for s in [set(), {1}, {17}, {5, 6, 7}, set(range(1, 18))]] + [
        (SIX, {1}),
        (SIX, {2, 6}),
        (OTHER, {4, 8, 16}),
    ]:
        code = codes.encode(done)
        for position in range(codes.length):
            for typed in TYPED:
                if typed != code[position]:
                    with pytest.raises(InvalidCode):
                        codes.decode(code[:position] + typed + code[position + 1 :])


@given(subsets, st.integers(min_value=0, max_value=STOPPEN.length - 2))
def test_swapping_two_neighbours_is_detected_except_luhns_one_blind_spot(done, position):
    for codes in (STOPPEN, OTHER):
        code = codes.encode(done)
        swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
        # Luhn mod N cannot see a swap of the first and last symbol of its alphabet ("0Z" / "Z0").
        if swapped != code and {code[position], code[position + 1]} != {"0", "Z"}:
            with pytest.raises(InvalidCode):
                codes.decode(swapped)


@given(subsets)
def test_a_code_of_one_course_is_refused_by_another_of_the_same_length(done):
    with pytest.raises(InvalidCode):
        OTHER.decode(STOPPEN.encode(done))
    with pytest.raises(InvalidCode):
        STOPPEN.decode(OTHER.encode(done))


def test_a_code_of_a_shorter_course_is_refused_by_its_length():
    with pytest.raises(InvalidCode):
        STOPPEN.decode(SIX.encode({1, 2}))
    with pytest.raises(InvalidCode):
        SIX.decode(STOPPEN.encode({1, 2}))


def test_same_progress_same_code_whatever_the_order():
    assert STOPPEN.encode([3, 1, 2]) == STOPPEN.encode({1, 2, 3})
    assert STOPPEN.encode([]) != STOPPEN.encode([1]) != STOPPEN.encode([2])


def test_typing_is_forgiving_where_it_cannot_be_wrong():
    code = STOPPEN.encode({1, 2, 17})
    assert STOPPEN.decode(code.lower()) == STOPPEN.decode(f" {code[:2]}-{code[2:]} ")
    zero_code = STOPPEN.encode({1})
    assert "0" in zero_code
    assert STOPPEN.decode(zero_code.replace("0", "O")) == Progress(17, frozenset({1}))


@pytest.mark.parametrize("text", ["", "ABC", "0000000", "00 00", "ÄÄÄÄÄ", "<b>x", "x" * 5000])
def test_malformed_codes_are_refused(text):
    for codes in (STOPPEN, SIX):
        with pytest.raises(InvalidCode):
            codes.decode(text)


def test_a_value_beyond_the_course_s_modules_is_refused_even_with_a_right_check():
    data = "ZZZZ"  # 20 bits set: more modules than the course has
    with pytest.raises(InvalidCode):
        STOPPEN.decode(data + luhn.calc_check_digit(data, ALPHABET))
    beyond = "3Z"  # bits 1-7 set: module 7 does not exist
    with pytest.raises(InvalidCode):
        SIX.decode(beyond + luhn.calc_check_digit(SIX.course_character + beyond, ALPHABET))


def test_next_module_and_progress_helpers():
    progress = Progress(17, frozenset({1, 2, 4}))
    assert progress.next_module() == 3
    assert progress.with_done(3).next_module() == 5
    assert progress.without(1).next_module() == 1
    assert Progress(17, frozenset(range(1, 18))).next_module() is None
    assert Progress(6, frozenset(range(1, 7))).next_module() is None
    with pytest.raises(ValueError):
        STOPPEN.encode([18])
    with pytest.raises(ValueError):
        SIX.encode([7])


def test_only_the_original_course_has_the_character_that_adds_nothing():
    assert course_character("stoppen", original=True) == "0"
    for course_id in ("stoppen", "naasten", "x", "a-very-long-course-name"):
        assert course_character(course_id, original=False) != "0"
