"""Progress codes visitors already have keep working: these were made by the encoder of
before courses were folders (commit 8129d35), for Stoppen is Mogelijk's 17 modules."""

import pytest

from courses import Progress
from hulpwijzer.content import load_content
from tests.support.content import REAL_CONTENT

CODES_ALREADY_HANDED_OUT = {
    "00000": set(),
    "0001Y": {1},
    "2000Y": {17},
    "0007J": {1, 2, 3},
    "104A7": {2, 4, 8, 16},
    "3ZZZ0": set(range(1, 18)),
    "05BGA": {5, 6, 7, 9, 11, 13},
}


@pytest.fixture(scope="module")
def stoppen():
    return load_content(REAL_CONTENT).courses.get("stoppen")


@pytest.mark.parametrize(("code", "done"), CODES_ALREADY_HANDED_OUT.items())
def test_codes_made_before_courses_were_folders_still_mean_the_same(stoppen, code, done):
    assert stoppen.codes.decode(code) == Progress(17, frozenset(done))
    assert stoppen.codes.encode(done) == code


def test_they_open_the_course_on_the_web(client):
    response = client.get("/nl/stoppen/?voortgang=104A7")
    assert response.status_code == 200
    assert "data-progress-code>104A7</strong>" in response.get_data(as_text=True)
