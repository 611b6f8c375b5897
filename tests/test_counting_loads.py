"""The counting thread judges page loads: bounded in memory, in time per round, and at exit."""

from __future__ import annotations

import logging
import time
import uuid

from hulpwijzer.recording import tally as tally_module
from hulpwijzer.recording.store import SQLiteStore
from hulpwijzer.recording.tally import Tally
from tests.support.counts import BROWSER

DAY = "2026-11-28"


def slow_judge(seconds: float):
    """load_keys for loads that are plain strings: one page view each, judged slowly."""

    def load_keys(load):
        time.sleep(seconds)
        return [(DAY, "page", load)]

    return load_keys


def written(store: SQLiteStore) -> dict[str, int]:
    return {item: n for _period, _metric, item, n in store.rows("0000", "9999")}


def new_tally(tmp_path, load_keys, quick=lambda load: False) -> Tally:
    store = SQLiteStore(tmp_path / "counts.sqlite3")
    store.create_schema()
    return Tally(store, flush_seconds=3600, load_keys=load_keys, quick=quick)


def known_or_slow(load):
    """Loads named "/known…" are judged at once, the others slowly (a user agent never seen)."""
    if not load.startswith("/known"):
        time.sleep(0.02)
    return [(DAY, "page", load)]


def is_known(load) -> bool:
    return load.startswith("/known")


def test_a_flood_of_distinct_loads_is_judged_by_the_pages_beyond_the_bound(tmp_path, monkeypatch):
    monkeypatch.setattr(tally_module, "MAX_WAITING_LOADS", 10)
    tally = new_tally(tmp_path, slow_judge(0))
    for n in range(30):
        tally.add_load(f"/made-up-{n}")
    assert len(tally._loads) == 10, "no more than the bound waits for the thread"
    assert tally.flush()
    assert written(tally.store) == {f"/made-up-{n}": 1 for n in range(30)}


def test_each_round_judges_for_a_bounded_time_and_the_rest_waits(tmp_path):
    tally = new_tally(tmp_path, slow_judge(0.02))
    for n in range(40):
        tally.add_load(f"/p{n}")
    started = time.monotonic()
    assert tally.flush(judging_seconds=0.1)
    assert time.monotonic() - started < 0.5
    first = written(tally.store)
    assert 0 < len(first) < 40
    assert tally.flush()
    assert written(tally.store) == {f"/p{n}": 1 for n in range(40)}


def test_a_stopping_worker_judges_for_a_bounded_time_and_reports_the_rest_lost(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(tally_module, "JUDGING_SECONDS_AT_EXIT", 0.1)
    tally = new_tally(tmp_path, slow_judge(0.02))
    for n in range(100):
        tally.add_load(f"/p{n}")
    started = time.monotonic()
    with caplog.at_level(logging.ERROR, logger="hulpwijzer.recording.hook"):
        tally.close()
    assert time.monotonic() - started < 1
    kept = sum(written(tally.store).values())
    assert 0 < kept < 100
    assert f"counting: {100 - kept} page loads lost" in caplog.text


def test_loads_judged_before_are_never_held_back_by_a_flood_of_new_ones(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(tally_module, "JUDGING_SECONDS_AT_EXIT", 0.1)
    tally = new_tally(tmp_path, known_or_slow, quick=is_known)
    for n in range(100):
        tally.add_load(f"/made-up-{n}")
        if n % 20 == 0:
            tally.add_load(f"/known-{n}")
    assert tally.flush(judging_seconds=0.1)
    first = written(tally.store)
    assert {f"/known-{n}" for n in range(0, 100, 20)} <= set(first)
    assert sum(item.startswith("/made-up") for item in first) < 100
    tally.add_load("/known-at-exit")
    with caplog.at_level(logging.ERROR, logger="hulpwijzer.recording.hook"):
        tally.close()
    assert "/known-at-exit" in written(tally.store)
    assert "page loads lost" in caplog.text


def test_a_browser_judged_before_is_quick_and_a_new_user_agent_is_not(make_app):
    from hulpwijzer.recording.loads import quick

    app = make_app()
    # Verdicts are kept per process: a user agent no other test has sent.
    app.test_client().get("/nl/privacy", headers={"User-Agent": f"{BROWSER} {uuid.uuid4()}"})
    tally = app.extensions["hulpwijzer.recording.tally"]
    (load,) = list(tally._loads)
    assert not quick(load), "a user agent not judged yet needs crawlerdetect"
    assert tally.flush()
    assert quick(load)
    assert quick(load[:2] + ("",) + load[3:]), "no user agent needs no matching"


def test_a_waiting_load_takes_no_more_memory_than_the_bound_says(make_app):
    """The bound on waiting loads is a bound on bytes: measured with the largest loads a flood can send."""
    import tracemalloc

    from hulpwijzer.recording.tally import MAX_LOAD_BYTES, MAX_WAITING_BYTES, MAX_WAITING_LOADS
    from hulpwijzer.serving.replay import Entry

    app = make_app()
    tally = app.extensions["hulpwijzer.recording.tally"]
    (hook,) = app.extensions["hulpwijzer.serving.replay"].hooks
    app.test_client().get("/nl/privacy")
    (load,) = list(tally._loads)
    tally._loads.clear()
    entry = Entry("200 OK", (), "/nl/privacy", memo={hook: load[1]})
    header = "x" * 32_000
    environs = [
        {
            "HTTP_USER_AGENT": f"{BROWSER} {n} " + ("z" if n % 2 else "\u20ac") * 32_000,
            "HTTP_SEC_FETCH_SITE": header,
            "HTTP_SEC_FETCH_DEST": header,
            "HTTP_SEC_PURPOSE": header,
        }
        for n in range(400)
    ]
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    for environ in environs:
        hook(environ, entry)
    with tally._lock:
        tally._waiting.update(tally_module.added_up(tally._loads))
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    held = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    assert sum(tally._waiting.values()) == len(environs)
    assert held / len(environs) <= MAX_LOAD_BYTES, f"{held / len(environs):.0f} bytes per waiting load"
    assert MAX_WAITING_LOADS * MAX_LOAD_BYTES <= MAX_WAITING_BYTES


def test_a_backlog_that_outlasts_a_few_rounds_is_dropped_and_logged(tmp_path, monkeypatch, caplog):
    tally = new_tally(tmp_path, slow_judge(0.01))
    for n in range(200):
        tally.add_load(f"/made-up-{n}")
    with caplog.at_level(logging.ERROR, logger="hulpwijzer.recording.hook"):
        for _ in range(tally_module.MAX_BACKLOG_ROUNDS + 1):
            assert tally.flush(judging_seconds=0.05)
    judged = sum(written(tally.store).values())
    assert 0 < judged < 200 and not tally._waiting
    assert f"counting: {200 - judged} page loads dropped" in caplog.text
    tally.add_load("/known-later")
    assert tally.flush(judging_seconds=0.05)
    assert written(tally.store)["/known-later"] == 1
