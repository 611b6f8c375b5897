"""Progress codes visitors already have keep working: these were made by the encoder of
before courses were folders (commit 8129d35), for Stoppen is Mogelijk's 17 modules."""

import pytest

from hulpwijzer.progress import Progress, decode

CODES_ALREADY_HANDED_OUT = {
    "00000": set(),
    "0001Y": {1},
    "2000Y": {17},
    "0007J": {1, 2, 3},
    "104A7": {2, 4, 8, 16},
    "3ZZZ0": set(range(1, 18)),
    "05BGA": {5, 6, 7, 9, 11, 13},
}


@pytest.mark.parametrize(("code", "done"), CODES_ALREADY_HANDED_OUT.items())
def test_codes_made_before_courses_were_folders_still_mean_the_same(code, done):
    assert decode(code) == Progress(frozenset(done))
    assert decode(code).code == code
