"""The documentation stays complete: every setting is in the README, every counted metric in
docs/counting.md (the Datasette habit: a test fails when something new is left undocumented)."""

from __future__ import annotations

import re

from hulpwijzer.config import SETTINGS, from_environment
from tests.support.counts import totals
from tests.support.messages import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
COUNTING = (REPO_ROOT / "docs" / "counting.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_readme():
    missing = [s.variable for s in SETTINGS if f"`{s.variable}" not in README]
    assert not missing, f"document these environment variables in README.md: {missing}"


def test_settings_come_from_the_environment_with_a_clear_message_when_wrong():
    assert from_environment({})["PAGE_CACHE"] is True
    values = from_environment({"HULPWIJZER_PAGE_CACHE": "off", "HULPWIJZER_PROGRAMMES": "course"})
    assert values["PAGE_CACHE"] is False and values["PROGRAMMES"] == ("course",)
    for variable, value in (("HULPWIJZER_PROGRAMMES", "cursus"), ("HULPWIJZER_COUNTS_FLUSH_SECONDS", "0")):
        try:
            from_environment({variable: value})
        except ValueError as error:
            assert str(error).startswith(f"{variable}={value!r}: ")
        else:
            raise AssertionError(f"{variable}={value} was accepted")


def test_no_part_of_site_reads_the_environment_but_config():
    readers = [
        str(path.relative_to(REPO_ROOT))
        for path in sorted((REPO_ROOT / "site").rglob("*.py"))
        if path.name != "config.py" and re.search(r"os\.environ|getenv", path.read_text(encoding="utf-8"))
    ]
    assert readers == []


def documented_metrics() -> set[str]:
    """The metrics named in the first column of counting.md's table."""
    first_cells = re.findall(r"^\| ([^|]+) \|", COUNTING, flags=re.M)
    return {metric for cell in first_cells for metric in re.findall(r"`([a-z_.]+)`", cell)}


def test_every_metric_the_site_counts_is_in_counting_md(visitor, counting_app):
    """A visitor who does everything once; each metric that lands in the table is documented."""
    same_site = {"Sec-Fetch-Site": "same-origin"}
    visitor.get("/nl/")
    visitor.get("/nl/advies/vraag", headers=same_site)
    visitor.get("/en/relatives/1", headers=same_site)
    visitor.get(
        "/nl/advies/uitkomst?p=zelf.onder-18.seksueel-contact.chat.ja.ja.geld.niet-verteld", headers=same_site
    )
    answers = {"topic": "sextortion", "age": "12-18", "gender": "girl", "platform": "snapchat"}
    visitor.post("/nl/advies/vragen", data={**answers, "police": "no", "useful": "yes"}, headers=same_site)
    done = visitor.post("/nl/stoppen/2/klaar", headers=same_site).headers["Location"]
    visitor.get(done, headers={"Sec-Fetch-Site": "none"})
    visitor.get("/nl/", headers={"User-Agent": "Googlebot/2.1"})
    metrics = {metric for metric, _item in totals(counting_app)}
    everything = {"page", "visit", "rejected", "advice.start", "advice.reached", "advice.topic"}
    everything |= {"module.view", "module.done", "course.returning", "survey.useful", "survey.topic_age"}
    assert metrics >= everything
    assert metrics - documented_metrics() == set(), "add these metrics to docs/counting.md"
