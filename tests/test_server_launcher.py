"""The production launcher's settings: workers from WEB_CONCURRENCY, the bind, the access log."""

from __future__ import annotations

from pathlib import Path

import pytest

from hulpwijzer.serving.logs import RedactAddresses
from hulpwijzer.serving.server import ACCESS_LOG_FORMAT, Settings, logging_config


def test_workers_come_from_web_concurrency(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert Settings.read([]).workers == 3
    assert Settings.read(["--workers", "5"]).workers == 5
    monkeypatch.delenv("WEB_CONCURRENCY")
    assert Settings.read([]).workers >= 1


def test_bind_from_the_environment_or_the_command_line(monkeypatch):
    monkeypatch.setenv("HULPWIJZER_BIND", "0.0.0.0:8000")
    assert (Settings.read([]).host, Settings.read([]).port) == ("0.0.0.0", 8000)
    assert Settings.read(["--bind", "unix:/run/hulpwijzer.sock"]).unix_socket == Path("/run/hulpwijzer.sock")
    assert Settings.read(["--bind", "[::1]:5000"]).host == "::1"
    with pytest.raises(SystemExit):
        Settings.read(["--bind", "nonsense"])


def test_access_log_is_off_unless_asked_and_never_has_address_agent_or_query(monkeypatch):
    monkeypatch.delenv("HULPWIJZER_ACCESS_LOG", raising=False)
    assert Settings.read([]).access_log is False
    monkeypatch.setenv("HULPWIJZER_ACCESS_LOG", "on")
    assert Settings.read([]).access_log is True
    for field in ("addr", "query_string", "header{", "scheme"):
        assert field not in ACCESS_LOG_FORMAT


def test_only_the_servers_own_lines_keep_addresses():
    config = logging_config()
    assert config["handlers"]["server"].get("filters") is None  # "Listening at: http://127.0.0.1:5000"
    assert config["handlers"]["app"]["filters"] == ["redact"]
    assert config["handlers"]["access"]["filters"] == ["redact"]
    assert config["loggers"]["_granian"]["handlers"] == ["server"]
    assert config["root"]["handlers"] == ["app"]
    assert config["filters"]["redact"]["()"].rsplit(".", 1)[1] == RedactAddresses.__name__
