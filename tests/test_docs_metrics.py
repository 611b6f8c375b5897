"""docs/counting.md lists every metric from the one table in site/metrics.py, and only those."""

from __future__ import annotations

import re

from hulpwijzer import metrics
from tests.support.counts import totals
from tests.support.messages import REPO_ROOT

COUNTING = (REPO_ROOT / "docs" / "counting.md").read_text(encoding="utf-8")


def test_the_documented_table_is_the_one_table():
    assert metrics.doc_table() in COUNTING, (
        "run `python -m hulpwijzer.metrics` and paste it in docs/counting.md"
    )


def test_every_metric_is_declared_once_with_what_the_docs_need():
    names = [m.name for m in metrics.METRICS]
    assert len(names) == len(set(names))
    for metric in metrics.METRICS:
        assert re.fullmatch(r"[a-z]+(\.[a-z_]+)?", metric.name)
        assert metric.item and metric.counted
        assert metric.filed in (metrics.DAY, metrics.MONTH)
        assert metric.disclosure in (metrics.NONE, metrics.PROTECTED)
        # What a person told us is filed by month and protected; what pages do, by day.
        assert (metric.filed == metrics.MONTH) <= (metric.disclosure == metrics.PROTECTED)
    documented = re.findall(r"^\| `([a-z_.]+)` \|", COUNTING, flags=re.M)
    assert documented == names


def test_every_metric_written_by_the_site_is_in_the_table(visitor, counting_app):
    """A visitor who does everything once, a rating included: nothing lands outside the table."""
    same_site = {"Sec-Fetch-Site": "same-origin"}
    visitor.get("/nl/")
    visitor.get("/nl/advies/vraag", headers=same_site)
    visitor.get("/nl/advies/uitkomst?p=zelf.onder-18.chat.ja.ja.geld.niet-verteld", headers=same_site)
    visitor.post("/nl/advies/vragen", data={"topic": "sextortion", "age": "12-18", "platform": "tiktok"})
    visitor.post("/nl/stoppen/1/meetellen", data={"measure": "drang", "value": "4", "count": "yes"})
    visitor.post("/nl/stoppen/2/klaar", headers=same_site)
    visitor.get("/nl/?bron=onbekend")
    visitor.get("/nl/", headers={"User-Agent": "Googlebot/2.1"})
    written = {metric for metric, _item in totals(counting_app)}
    assert {"outcome", "survey.age", "survey.topic_age", "campaign", "rejected", "module.done"} <= written
    assert written <= set(metrics.BY_NAME)


def test_the_report_labels_come_from_the_table():
    from hulpwijzer.programmes.survey import SurveyForm
    from hulpwijzer.reporting import cube, labels

    assert [name for name in SurveyForm().data if name != "topic"] == [q.name for q in metrics.SURVEY]
    assert set(cube.SINGLE_ANSWER) | set(cube.MULTIPLE_ANSWER) == set(labels.CHOICES)
    assert labels.answer_ids()["age"] == metrics.AGE.values()
