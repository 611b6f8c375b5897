"""The voluntary questions at the end of an advice: optional, validated, tallied on their own."""

from __future__ import annotations

import re

import pytest
from flask import render_template_string
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.counts import BROWSER, totals
from wizard import encode_path


@pytest.fixture
def survey_app(make_app):
    app = make_app()

    # Stands in for an advice page: the wizard includes the survey exactly like this.
    @app.get("/<any(nl, en):lang>/test-advies")
    def advice_page(lang=None):
        return render_template_string(
            '{% extends "base.html" %}{% block main %}<h1>Advies</h1>'
            '{% include "advice_survey.html" ignore missing %}{% endblock %}',
            advice_id="sextortion-tell-someone",
            topic="sextortion",
        )

    return app


@pytest.fixture
def client(survey_app):
    client = survey_app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = BROWSER
    return client


def test_the_questions_are_shown_as_optional(client):
    html = client.get("/nl/test-advies").get_data(as_text=True)
    assert 'action="/nl/advies/vragen"' in html
    assert 'name="topic" type="hidden" value="sextortion"' in html
    assert "Je hoeft dit niet te doen" in html and "Liever niet?" in html
    for name in ("age", "gender", "platform", "police", "useful"):
        assert f'name="{name}"' in html
    assert "required" not in html
    # Every single-choice question starts on "rather not say", so sending changes nothing you did not choose.
    assert len(re.findall(r'<input checked[^>]*value="">', html)) == 4
    assert "advice_id" not in html and "sextortion-tell-someone" not in html


def test_each_answer_is_tallied_on_its_own_and_only_age_and_gender_with_the_topic(survey_app, client):
    response = client.post(
        "/nl/advies/vragen",
        data={
            "topic": "sextortion",
            "age": "12-18",
            "gender": "boy",
            "platform": ["snapchat", "instagram"],
            "police": "no",
            "useful": "yes",
        },
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Bedankt" in html and 'href="tel:' in html
    found = totals(survey_app)
    assert found == {
        ("survey.age", "12-18"): 1,
        ("survey.gender", "boy"): 1,
        ("survey.platform", "snapchat"): 1,
        ("survey.platform", "instagram"): 1,
        ("survey.police", "no"): 1,
        ("survey.useful", "yes"): 1,
        ("survey.topic_age", "sextortion|12-18"): 1,
        ("survey.topic_gender", "sextortion|boy"): 1,
        ("rejected", "method"): 1,
    }


def test_answers_are_counted_per_month(survey_app, client):
    client.post("/en/advice/questions", data={"topic": "grooming", "useful": "partly"})
    rows = survey_app.extensions["hulpwijzer.recording.tally"]
    assert rows.flush()
    periods = {
        period for period, metric, *_ in rows.store.rows("0000", "9999") if metric.startswith("survey")
    }
    assert periods and all(re.fullmatch(r"\d{4}-\d{2}", p) for p in periods)


def test_skipping_everything_counts_nothing(survey_app, client):
    response = client.post("/nl/advies/vragen", data={"topic": "sextortion", "age": "", "gender": ""})
    assert response.status_code == 200
    assert not [key for key in totals(survey_app) if key[0].startswith("survey")]


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"topic": "sextortion", "age": "99"},
        {"topic": "sextortion", "platform": "myspace"},
        {"topic": "<b>x</b>", "age": "12-18"},
        {"topic": "sextortion", "useful": ["yes", "no"], "gender": "x" * 5000},
    ],
)
def test_a_bad_post_is_a_translated_400_and_counts_nothing(survey_app, client, data):
    response = client.post("/nl/advies/vragen", data=data)
    assert response.status_code == 400
    assert "konden we niet lezen" in response.get_data(as_text=True)
    assert not [key for key in totals(survey_app) if key[0].startswith("survey")]


def test_english_refusal_is_in_english(client):
    response = client.post("/en/advice/questions", data={"topic": "x", "age": "old"})
    assert response.status_code == 400
    assert "We could not read these answers" in response.get_data(as_text=True)


def test_a_bot_posting_is_thanked_but_not_counted(survey_app, client):
    response = client.post(
        "/nl/advies/vragen",
        data={"topic": "sextortion", "age": "5-11"},
        headers={"User-Agent": "Googlebot/2.1"},
    )
    assert response.status_code == 200
    assert not [key for key in totals(survey_app) if key[0].startswith("survey")]


def test_no_survey_without_the_advice_programme(make_app):
    app = make_app(TESTING=False, PROGRAMMES=("course",))
    assert app.test_client().post("/nl/advies/vragen", data={"topic": "sextortion"}).status_code in (404, 405)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dictionaries(
        st.sampled_from(["topic", "age", "gender", "platform", "police", "useful", "x", ""]),
        st.one_of(
            st.text(max_size=40),
            st.lists(st.text(max_size=12), max_size=4),
            st.sampled_from(["sextortion", "12-18", "girl", "snapchat", "yes", "", "26+"]),
        ),
        max_size=7,
    )
)
def test_any_post_is_thanked_or_refused_never_a_500(client, data):
    response = client.post("/nl/advies/vragen", data=data)
    assert response.status_code in (200, 400)
    assert "Set-Cookie" not in response.headers


def age_radios(html: str) -> list[str]:
    return re.findall(r'<input[^>]*name="age"[^>]*type="radio"[^>]*value="([^"]*)"', html) or re.findall(
        r'<input[^>]*type="radio"[^>]*name="age"[^>]*value="([^"]*)"', html
    )


@pytest.mark.parametrize(
    ("path", "band", "label"),
    [
        ("zelf.onder-18.dreigen-delen.dreiging.geld.niet-betaald.verteld", "12-18", "12 tot en met 18"),
        ("zelf.onder-12.kind-gevraagd", "5-11", "5 tot en met 11"),
    ],
)
def test_a_child_is_not_asked_the_age_the_advice_questions_already_asked(client, path, band, label):
    html = client.get(f"/nl/advies/vragen?p={path}").get_data(as_text=True)
    survey = html.split('<section class="survey"', 1)[1]
    assert f'<input name="age" type="hidden" value="{band}">' in survey
    assert age_radios(survey) == [] and f"Je leeftijdsgroep ({label})" in survey


def test_an_adult_chooses_only_among_the_adult_bands(client):
    html = client.get("/en/advice/questions?p=zelf.18-plus.dreigen-delen.nepprofiel").get_data(as_text=True)
    survey = html.split('<section class="survey"', 1)[1]
    assert age_radios(survey) == ["12-18", "19-25", "26+", ""] and "18 years old" in survey
    assert 'name="age" type="hidden"' not in survey


def test_someone_asking_for_another_is_asked_their_own_age(client):
    # The tree asked the other person's age, not the asker's: the full question stays.
    html = client.get("/nl/advies/vragen?p=ander.onder-12.dreigen-delen.dreiging").get_data(as_text=True)
    assert age_radios(html.split('<section class="survey"', 1)[1]) == ["5-11", "12-18", "19-25", "26+", ""]


def test_the_derived_band_is_counted_with_the_topic(survey_app, client):
    html = client.get("/nl/advies/vragen?p=zelf.onder-12.kind-gevraagd").get_data(as_text=True)
    form = html.split('<section class="survey"', 1)[1]
    hidden = dict(re.findall(r'<input name="(\w+)" type="hidden" value="([^"]*)">', form))
    assert hidden == {
        "topic": "grooming",
        "p": encode_path(("zelf", "onder-12", "kind-gevraagd")),
        "age": "5-11",
    }
    assert client.post("/nl/advies/vragen", data=hidden).status_code == 200
    counted = totals(survey_app)
    assert counted[("survey.topic_age", "grooming|5-11")] == 1 and counted[("survey.age", "5-11")] == 1


def test_the_survey_knows_the_trees_age_answers():
    """tree.yaml declares which answers give the age band; every answer of "leeftijd" is declared."""
    from hulpwijzer.content import load_content
    from tests.support.server import REPO_ROOT

    tree = load_content(REPO_ROOT / "content").advice
    ages = {option.id for option in tree.questions["leeftijd"].options}
    assert set(tree.figures.bands) == ages
    assert tree.questions["wie"].option(tree.figures.own).next == "leeftijd"
    assert tree.figures.band(["zelf", "onder-12"]) == "5-11"
    assert tree.figures.band(["ander", "onder-12"]) is None
