"""The spool: counts a stopping worker could not write reach the store later, exactly once."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
from collections import Counter

import pytest

from hulpwijzer.recording.spool import Spool, parse_line
from hulpwijzer.recording.store import SQLiteStore
from hulpwijzer.recording.tally import Tally

DAY = "2026-12-06"


def stored(store: SQLiteStore) -> Counter:
    return Counter({(p, m, i): n for p, m, i, n in store.rows("0000", "9999")})


@pytest.fixture
def store(tmp_path):
    found = SQLiteStore(tmp_path / "counts.sqlite3")
    found.create_schema()
    return found


def test_a_written_spool_holds_only_day_metric_item_and_count(tmp_path):
    spool = Spool(tmp_path / "spool")
    path = spool.write({(DAY, "page", "/nl/privacy"): 3, ("2026-12", "survey.age", "26+"): 1})
    assert path.name.endswith(".spool")
    assert sorted(path.read_text().splitlines()) == [
        "2026-12\tsurvey.age\t26+\t1",
        f"{DAY}\tpage\t/nl/privacy\t3",
    ]


def test_control_characters_in_an_item_stay_on_one_line_and_come_back_unchanged(tmp_path, store):
    odd = "/nl/a\tb\nc\\d\re"
    spool = Spool(tmp_path / "spool")
    path = spool.write({(DAY, "page", odd): 2})
    assert len(path.read_text().splitlines()) == 1
    assert spool.deliver(store) == 2
    assert stored(store) == {(DAY, "page", odd): 2}


def test_delivery_adds_once_and_empties_the_spool(tmp_path, store):
    spool = Spool(tmp_path / "spool")
    spool.write({(DAY, "page", "/nl/"): 5})
    spool.write({(DAY, "page", "/nl/"): 2, (DAY, "visit", "site"): 1})
    assert spool.deliver(store) == 8
    assert os.listdir(tmp_path / "spool") == []
    assert spool.deliver(store) == 0
    assert stored(store) == {(DAY, "page", "/nl/"): 7, (DAY, "visit", "site"): 1}


def test_a_crash_between_commit_and_delete_delivers_nothing_twice(tmp_path, store):
    spool = Spool(tmp_path / "spool")
    path = spool.write({(DAY, "page", "/nl/"): 4})
    copy = path.read_bytes()
    spool.deliver(store)
    path.write_bytes(copy)  # the file is back, as if the process died before deleting it
    assert spool.deliver(store) == 0
    assert stored(store) == {(DAY, "page", "/nl/"): 4}
    assert os.listdir(tmp_path / "spool") == []


def test_corrupt_and_partial_lines_are_skipped_and_logged(tmp_path, store, caplog):
    folder = tmp_path / "spool"
    folder.mkdir()
    (folder / f"{'a' * 32}.spool").write_bytes(
        f"{DAY}\tpage\t/nl/\t3\n".encode()
        + b"\xff\xfe garbage\n"
        + f"{DAY}\tpage\t/nl/\tminus\n".encode()
        + f"{DAY}\tpage\n".encode()
        + b"not-a-day\tpage\t/nl/\t1\n"
        + f"{DAY}\tpage\t/nl/\t9".encode()  # the partial last line of a power cut: no newline
    )
    with caplog.at_level(logging.ERROR):
        assert Spool(folder).deliver(store) == 3
    assert stored(store) == {(DAY, "page", "/nl/"): 3}
    assert "5 unreadable lines skipped" in caplog.text


@pytest.mark.parametrize(
    "line",
    ["", "\n", "a\tb\tc\t1\n", f"{DAY}\tpage\t/x\t0\n", f"{DAY}\tpage\t/x\t-1\n", f"{DAY}\t\t/x\t1\n"],
)
def test_lines_that_are_not_counts_are_refused(line):
    assert parse_line(line) is None


def test_a_file_left_by_a_process_that_died_is_delivered_one_still_being_written_is_not(tmp_path, store):
    folder = tmp_path / "spool"
    folder.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    dead_pid = int(dead.stdout)
    (folder / f"{'b' * 32}.delivering-{dead_pid}").write_text(f"{DAY}\tpage\t/nl/\t2\n")
    (folder / f"{'c' * 32}.writing-{dead_pid}").write_text(f"{DAY}\tpage\t/nl/\t1\n")
    (folder / f"{'d' * 32}.writing-{os.getppid()}").write_text(f"{DAY}\tpage\t/nl/\t100\n")
    assert Spool(folder).deliver(store) == 3
    assert sorted(os.listdir(folder)) == [f"{'d' * 32}.writing-{os.getppid()}"]


def test_a_store_that_fails_leaves_the_file_for_the_next_round(tmp_path, store):
    spool = Spool(tmp_path / "spool")
    spool.write({(DAY, "page", "/nl/"): 4})
    locker = sqlite3.connect(store.path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(sqlite3.OperationalError):
            spool.deliver(store)
    finally:
        locker.execute("ROLLBACK")
    assert [name.endswith(".spool") for name in os.listdir(tmp_path / "spool")] == [True]
    assert spool.deliver(store) == 4


def test_a_worker_that_stops_with_the_store_locked_spools_and_the_next_delivers(tmp_path, store, caplog):
    spool = Spool(tmp_path / "spool")
    tally = Tally(store, flush_seconds=3600, spool=spool)
    for _ in range(25):
        tally.add((DAY, "page", "/nl/"))
    locker = sqlite3.connect(store.path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        with caplog.at_level(logging.WARNING):
            tally.close()
    finally:
        locker.execute("ROLLBACK")
    assert "counts lost" not in caplog.text
    assert "25 counts the SQLite database" in caplog.text
    assert stored(store) == {}
    successor = Tally(store, flush_seconds=3600, spool=spool)
    successor.add((DAY, "page", "/nl/"))
    assert successor.flush()
    assert stored(store) == {(DAY, "page", "/nl/"): 26}
    assert os.listdir(tmp_path / "spool") == []


def test_a_write_stuck_at_the_stop_does_not_hold_the_worker_past_its_deadline(
    tmp_path, store, monkeypatch, caplog
):
    from hulpwijzer.recording import tally as tally_module

    monkeypatch.setattr(tally_module, "WAITING_SECONDS_AT_EXIT", 0.2)
    spool = Spool(tmp_path / "spool")
    tally = Tally(store, flush_seconds=3600, spool=spool)
    for _ in range(7):
        tally.add((DAY, "page", "/nl/"))
    tally._flushing.acquire()  # the writer thread, stuck in a store call
    try:
        with caplog.at_level(logging.WARNING):
            tally.close()
    finally:
        tally._flushing.release()
    assert "7 counts the SQLite database" in caplog.text
    assert spool.deliver(store) == 7


def test_delivering_at_the_start_waits_quietly_for_a_store_that_is_down(tmp_path, caplog):
    spool = Spool(tmp_path / "spool")
    spool.write({(DAY, "page", "/nl/"): 3})
    down = SQLiteStore(tmp_path / "missing" / "counts.sqlite3")
    with caplog.at_level(logging.ERROR):
        Tally(down, flush_seconds=3600, spool=spool).deliver_spool()
    assert "the spool in" in caplog.text and "waits" in caplog.text
    assert [name.endswith(".spool") for name in os.listdir(tmp_path / "spool")] == [True]
    (tmp_path / "missing").mkdir()
    Tally(down, flush_seconds=3600, spool=spool).deliver_spool()
    assert stored(down) == {(DAY, "page", "/nl/"): 3}
    assert os.listdir(tmp_path / "spool") == []


def test_an_unreadable_file_or_folder_never_blocks_the_counting(tmp_path, store, caplog):
    folder = tmp_path / "spool"
    folder.mkdir()
    (folder / f"{'e' * 32}.spool").mkdir()  # a folder where a file should be: reading fails
    spool = Spool(folder)
    tally = Tally(store, flush_seconds=3600, spool=spool)
    tally.add((DAY, "page", "/nl/"))
    with caplog.at_level(logging.ERROR):
        assert tally.flush()
    assert stored(store) == {(DAY, "page", "/nl/"): 1}
    assert os.listdir(folder) == [f"{'e' * 32}.unreadable"]
    assert "cannot be read" in caplog.text
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("")
    other = Tally(store, flush_seconds=3600, spool=Spool(not_a_folder))
    other.add((DAY, "page", "/nl/"))
    assert other.flush() and other.flush()
    assert stored(store) == {(DAY, "page", "/nl/"): 2}
    assert caplog.text.count("cannot read the spool folder") == 1
