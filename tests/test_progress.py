"""The progress code: every subset round-trips, every single typo is caught, nothing else is in it."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hulpwijzer.progress import ALPHABET, CODE_LENGTH, InvalidCode, Progress, decode, encode

subsets = st.frozensets(st.integers(min_value=1, max_value=17))
# What a visitor could type instead of a character of the code (aliases such as O for 0 excluded).
TYPED = sorted(set(ALPHABET) | set("UV*~$=#?!"))


@given(subsets)
def test_any_subset_round_trips(done):
    code = encode(done)
    assert len(code) == CODE_LENGTH
    assert decode(code) == Progress(done)


@given(subsets, st.integers(min_value=0, max_value=CODE_LENGTH - 1), st.sampled_from(TYPED))
def test_every_single_character_typo_is_detected(done, position, typed):
    code = encode(done)
    if typed == code[position]:
        return
    with pytest.raises(InvalidCode):
        decode(code[:position] + typed + code[position + 1 :])


def test_every_single_typo_of_some_codes_exhaustively():
    for done in [set(), {1}, {17}, {1, 2}, {5, 6, 7}, set(range(1, 18)), {2, 4, 8, 16}]:
        code = encode(done)
        for position in range(CODE_LENGTH):
            for typed in TYPED:
                if typed != code[position]:
                    with pytest.raises(InvalidCode):
                        decode(code[:position] + typed + code[position + 1 :])


@given(subsets, st.integers(min_value=0, max_value=CODE_LENGTH - 2))
def test_swapping_two_neighbours_is_detected_except_luhns_one_blind_spot(done, position):
    code = encode(done)
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
    # Luhn mod N cannot see a swap of the first and last symbol of its alphabet ("0Z" / "Z0").
    if swapped != code and {code[position], code[position + 1]} != {"0", "Z"}:
        with pytest.raises(InvalidCode):
            decode(swapped)


def test_same_progress_same_code_whatever_the_order():
    assert encode([3, 1, 2]) == encode({1, 2, 3}) == Progress(frozenset({1, 2, 3})).code
    assert encode([]) != encode([1]) != encode([2])


def test_typing_is_forgiving_where_it_cannot_be_wrong():
    code = encode({1, 2, 17})
    assert decode(code.lower()) == decode(f" {code[:2]}-{code[2:]} ")
    zero_code = encode({1})
    assert "0" in zero_code
    assert decode(zero_code.replace("0", "O")) == Progress(frozenset({1}))


@pytest.mark.parametrize("text", ["", "ABC", "0000000", "00 00", "ÄÄÄÄÄ", "<b>x", "x" * 5000])
def test_malformed_codes_are_refused(text):
    with pytest.raises(InvalidCode):
        decode(text)


def test_a_value_beyond_17_modules_is_refused_even_with_a_right_check():
    from stdnum import luhn

    data = "ZZZZ"  # 20 bits set: more modules than the course has
    with pytest.raises(InvalidCode):
        decode(data + luhn.calc_check_digit(data, ALPHABET))


def test_next_module_and_progress_helpers():
    progress = Progress(frozenset({1, 2, 4}))
    assert progress.next_module() == 3
    assert progress.with_done(3).next_module() == 5
    assert progress.without(1).next_module() == 1
    assert Progress(frozenset(range(1, 18))).next_module() is None
    with pytest.raises(ValueError):
        encode([18])
