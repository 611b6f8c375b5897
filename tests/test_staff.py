"""Staff accounts: nobody can be kept out by someone guessing, a removed account is refused at
once, weak passwords are refused, and no password or tried name is stored or logged in clear."""

from __future__ import annotations

import base64
import logging
import stat
import threading
import time
import urllib.error
import urllib.request

import pytest

from hulpwijzer.reporting import passwords
from hulpwijzer.reporting.staff import EXTENSION as STAFF
from tests.support.apps import build_app
from tests.support.server import start_server

PASSWORD = "kroket fiets lantaarn 42"
OTHER_PASSWORD = "molen zeilboot paraplu 7"
URL = "/nl/beheer/"


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def add(app, name: str, password: str, *more: str):
    return app.test_cli_runner().invoke(args=["staff", "add", name, *more], input=f"{password}\n{password}\n")


@pytest.fixture
def staff_app(tmp_path):
    app = build_app(tmp_path)
    assert add(app, "anna", PASSWORD).exit_code == 0
    return app


@pytest.fixture(scope="module")
def one_app(tmp_path_factory):
    return build_app(tmp_path_factory.mktemp("staff"))


class Waits:
    """The limiter's clock and sleep, so tests see every wait without spending it."""

    def __init__(self, app):
        self.now, self.waited = 1000.0, []
        limit = app.extensions[STAFF].limit
        limit.clock, limit.sleep = (lambda: self.now), self.sleep

    def sleep(self, seconds: float) -> None:
        self.waited.append(seconds)
        self.now += seconds


def test_an_attacker_on_the_right_name_never_keeps_the_right_password_out(staff_app, caplog):
    client, waits = staff_app.test_client(), Waits(staff_app)
    most = staff_app.config["LOGIN_MAX_WAIT"]
    right, wrong = [], []
    with caplog.at_level(logging.INFO):
        for i in range(100):
            wrong.append(client.get(URL, headers=basic("anna", f"guess {i}")).status_code)
            if i % 5 == 4:
                before = len(waits.waited)
                right.append(client.get(URL, headers=basic("anna", PASSWORD)).status_code)
                assert sum(waits.waited[before:]) <= most
    assert right == [200] * 20
    assert wrong == [401] * 100
    # Slowed, not stopped: after the free tries every guess waits, doubling up to the most.
    assert len(waits.waited) >= 100 - staff_app.config["LOGIN_FREE_FAILURES"]
    assert waits.waited[0] == staff_app.config["LOGIN_FIRST_WAIT"] and max(waits.waited) == most
    log = caplog.text
    assert "a login failed" in log
    assert "anna" not in log and "guess" not in log and PASSWORD not in log and "127.0.0.1" not in log


def test_a_guesser_slows_other_names_only_a_little_and_never_refuses_them(staff_app):
    assert add(staff_app, "bram", OTHER_PASSWORD).exit_code == 0
    client, waits = staff_app.test_client(), Waits(staff_app)
    for i in range(60):
        assert client.get(URL, headers=basic(f"made-up-{i}", "guess")).status_code == 401
    before = len(waits.waited)
    assert client.get(URL, headers=basic("bram", OTHER_PASSWORD)).status_code == 200
    assert sum(waits.waited[before:]) <= staff_app.config["LOGIN_MAX_WAIT"]
    # The window ends: no wait at all.
    waits.now += staff_app.config["LOGIN_WINDOW_SECONDS"]
    before = len(waits.waited)
    assert client.get(URL, headers=basic("bram", OTHER_PASSWORD)).status_code == 200
    assert waits.waited[before:] == []


def test_attackers_in_parallel_threads_never_keep_staff_out(tmp_path):
    app = build_app(tmp_path, LOGIN_FIRST_WAIT=0.001, LOGIN_MAX_WAIT=0.01)
    assert add(app, "anna", PASSWORD).exit_code == 0
    statuses: list[int] = []

    def attack(n: int) -> None:
        client = app.test_client()
        for i in range(25):
            statuses.append(client.get(URL, headers=basic("anna", f"guess {n} {i}")).status_code)

    attackers = [threading.Thread(target=attack, args=(n,)) for n in range(4)]
    for thread in attackers:
        thread.start()
    staff = app.test_client()
    right = [staff.get(URL, headers=basic("anna", PASSWORD)).status_code for _ in range(20)]
    for thread in attackers:
        thread.join()
    assert right == [200] * 20
    assert statuses == [401] * 100


def test_a_removed_account_is_refused_at_once_also_by_another_server(staff_app, tmp_path):
    # A second app on the same file stands in for a second server behind the load balancer.
    (tmp_path / "other").mkdir()
    other = build_app(tmp_path / "other", STAFF_FILE=staff_app.config["STAFF_FILE"])
    for app in (staff_app, other):
        assert app.test_client().get(URL, headers=basic("anna", PASSWORD)).status_code == 200
    result = staff_app.test_cli_runner().invoke(args=["staff", "remove", "anna"])
    assert result.exit_code == 0 and "anna can no longer log in" in result.output
    for app in (staff_app, other):
        assert app.test_client().get(URL, headers=basic("anna", PASSWORD)).status_code == 401


def test_a_changed_password_replaces_the_old_one(staff_app):
    client = staff_app.test_client()
    assert client.get(URL, headers=basic("anna", PASSWORD)).status_code == 200
    result = staff_app.test_cli_runner().invoke(
        args=["staff", "password", "anna", "--password-stdin"], input=OTHER_PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output
    assert client.get(URL, headers=basic("anna", PASSWORD)).status_code == 401
    assert client.get(URL, headers=basic("Anna", OTHER_PASSWORD)).status_code == 200  # names in any case


def test_passwords_are_stored_only_as_argon2id_hashes_in_a_private_file(staff_app, caplog):
    path = staff_app.extensions[STAFF].file.path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert PASSWORD not in text and "kroket" not in text
    assert [line.split(":", 1)[0] for line in text.splitlines() if not line.startswith("#")] == ["anna"]
    assert "anna:$argon2id$" in text
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_an_unknown_name_costs_one_check_like_a_known_one(staff_app, monkeypatch):
    calls: list[str] = []
    real = passwords.verify
    monkeypatch.setattr(
        passwords, "verify", lambda method, stored, given: calls.append(stored) or real(method, stored, given)
    )
    client = staff_app.test_client()
    assert client.get(URL, headers=basic("anna", "wrong")).status_code == 401
    assert client.get(URL, headers=basic("nobody", "wrong")).status_code == 401
    assert client.get(URL, headers=basic("", "")).status_code == 401
    assert len(calls) == 3 and all(stored.startswith("$argon2id$") for stored in calls)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort", "too short: use at least 12 characters"),
        ("wachtwoord123", "too easy to guess"),
        ("Welkom2024!!", "too easy to guess"),
        ("aaaaaaaaaaaaaaaa", "too easy to guess"),
        ("password1234", "too easy to guess"),
        ("Jaarverslag-2026!", "too easy to guess"),
        ("xx anna xx anna xx", "contains the name"),
        ("tab\there and long enough", "control character"),
    ],
)
def test_weak_passwords_are_refused_with_a_clear_message(one_app, password, message):
    result = add(one_app, "anna", password)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].startswith("Error: The password")
    assert message in result.output and "Traceback" not in result.output
    assert not one_app.extensions[STAFF].file.path.exists()


def test_the_cli_asks_twice_and_adds_lists_and_removes(tmp_path):
    app = build_app(tmp_path, STATS_USER="jaarverslag", STATS_PASSWORD=OTHER_PASSWORD)
    runner = app.test_cli_runner()
    mismatch = f"{PASSWORD}\nsomething else entirely\n{PASSWORD}\n{PASSWORD}\n"
    result = runner.invoke(args=["staff", "add", "Bram@Example.org"], input=mismatch)
    assert result.exit_code == 0, result.output
    assert "do not match" in result.output and PASSWORD not in result.output
    result = runner.invoke(args=["staff", "add", "anna", "--password-stdin"], input=OTHER_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    listed = runner.invoke(args=["staff", "list"]).output.splitlines()
    assert listed == ["anna", "bram@example.org", "jaarverslag (from STATS_USER and STATS_PASSWORD)"]
    again = runner.invoke(args=["staff", "add", "anna", "--password-stdin"], input=PASSWORD + "\n")
    assert again.exit_code == 1 and "already has an account" in again.output
    wrong = runner.invoke(args=["staff", "remove", "ana"])
    assert wrong.exit_code == 1 and 'Did you mean "anna"?' in wrong.output
    bad = runner.invoke(args=["staff", "add", "an:na"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert bad.exit_code == 1 and "A name is letters" in bad.output
    assert runner.invoke(args=["staff", "remove", "anna"]).exit_code == 0
    assert runner.invoke(args=["staff", "list"]).output.splitlines()[0] == "bram@example.org"


def test_stats_user_and_password_still_log_in_and_a_weak_one_is_warned_about(tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        app = build_app(tmp_path, STATS_USER="jaarverslag", STATS_PASSWORD="geheim")
    assert "STATS_PASSWORD is weak, replace it: The password is too short" in caplog.text
    assert "geheim" not in caplog.text
    assert app.test_client().get(URL, headers=basic("jaarverslag", "geheim")).status_code == 200


def test_a_damaged_line_is_logged_by_number_and_the_other_accounts_still_work(staff_app, caplog):
    path = staff_app.extensions[STAFF].file.path
    path.write_text(path.read_text() + "bram secret-typed-here\n")
    with caplog.at_level(logging.ERROR):
        response = staff_app.test_client().get(URL, headers=basic("anna", PASSWORD))
    assert response.status_code == 200
    assert f"{path}:3: not a staff account" in caplog.text and "secret-typed-here" not in caplog.text


def test_many_failures_are_summed_up_instead_of_one_line_each(staff_app, caplog):
    client, waits = staff_app.test_client(), Waits(staff_app)
    with caplog.at_level(logging.WARNING):
        for i in range(30):
            client.get(URL, headers=basic("anna", f"guess {i}"))
        waits.now += staff_app.config["LOGIN_WINDOW_SECONDS"]
        client.get(URL, headers=basic("anna", "one more"))
    lines = [r.getMessage() for r in caplog.records if r.name.endswith("login_limit")]
    assert len(lines) == 10 + 1 + 1 + 1
    assert "dashboard: 30 failed logins in all in the last window" in lines


def test_a_single_sign_on_header_is_trusted_only_when_configured(tmp_path):
    plain = build_app(tmp_path).test_client()
    assert plain.get(URL, headers={"X-Auth-Request-User": "anna@example.org"}).status_code == 401
    (tmp_path / "sso").mkdir()
    proxied = build_app(tmp_path / "sso", STAFF_HEADER="X-Auth-Request-User").test_client()
    assert proxied.get(URL, headers={"X-Auth-Request-User": "anna@example.org"}).status_code == 200
    assert proxied.get(URL, headers={"X-Auth-Request-User": " "}).status_code == 401
    assert proxied.get(URL, headers={"X-Forwarded-User": "anna@example.org"}).status_code == 401


def status_of(url: str, headers: dict[str, str]) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_real_server_lets_staff_in_during_an_attack_and_drops_a_removed_account(tmp_path):
    """granian with 2 workers, the production waits: 100 wrong guesses from 10 threads at once."""
    app = build_app(tmp_path)
    assert add(app, "anna", PASSWORD).exit_code == 0
    env = {"HULPWIJZER_STAFF_FILE": app.config["STAFF_FILE"], "DATABASE_URL": app.config["DATABASE_URL"]}
    server = start_server(tmp_path, env=env, workers=2)
    try:
        url = server.url + URL
        wrong: list[int] = []

        def attack(n: int) -> None:
            wrong.extend(status_of(url, basic("anna", f"guess {n} {i}")) for i in range(10))

        attackers = [threading.Thread(target=attack, args=(n,)) for n in range(10)]
        for thread in attackers:
            thread.start()
        right, slowest = [], 0.0
        while any(thread.is_alive() for thread in attackers) or len(right) < 5:
            started = time.monotonic()
            right.append(status_of(url, basic("anna", PASSWORD)))
            slowest = max(slowest, time.monotonic() - started)
        for thread in attackers:
            thread.join()
        assert wrong == [401] * 100
        assert set(right) == {200}, right
        assert slowest < app.config["LOGIN_MAX_WAIT"] + 3
        assert app.test_cli_runner().invoke(args=["staff", "remove", "anna"]).exit_code == 0
        assert status_of(url, basic("anna", PASSWORD)) == 401
    finally:
        server.stop()
    log = server.logs()
    assert "a login failed" in log
    # The listening address is in granian's start line; no request's address is anywhere.
    assert "anna" not in log and "guess" not in log and "kroket" not in log
    assert [line for line in log.splitlines() if "127.0.0.1" in line and "Listening" not in line] == []


def test_a_right_login_is_remembered_for_a_while_so_pages_skip_the_queue(staff_app, monkeypatch):
    calls: list[str] = []
    real = passwords.verify
    monkeypatch.setattr(
        passwords, "verify", lambda method, stored, given: calls.append(given) or real(method, stored, given)
    )
    client, waits = staff_app.test_client(), Waits(staff_app)
    recent = staff_app.extensions[STAFF].recent
    recent.clock = lambda: waits.now
    for i in range(10):
        client.get(URL, headers=basic("anna", f"guess {i}"))
    checked, waited = len(calls), len(waits.waited)
    for _ in range(5):
        assert client.get(URL, headers=basic("anna", PASSWORD)).status_code == 200
    assert len(calls) == checked + 1 and len(waits.waited) == waited + 1, "one check and one wait, then none"
    assert client.get(URL, headers=basic("anna", PASSWORD + "x")).status_code == 401
    waits.now += staff_app.config["LOGIN_REMEMBER_SECONDS"] + 1
    assert client.get(URL, headers=basic("anna", PASSWORD)).status_code == 200
    assert len(calls) == checked + 3, "checked again once the while is over"
