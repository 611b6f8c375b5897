"""Logs never contain IP addresses: the real server's log after real requests, and the dev server's filter."""

import logging
import re
import time
import urllib.error
import urllib.request

from hulpwijzer.serving.logs import REDACT, RedactAddresses


def test_server_log_has_no_ip_address_user_agent_or_query(live_server):
    for path in ("/", "/nl/", "/en/privacy?code=ABC123", "/nl/nope", "/static/css/site.css"):
        request = urllib.request.Request(
            live_server.url + path,
            headers={"User-Agent": "UniqueAgent/7.7", "X-Forwarded-For": "203.0.113.9"},
        )
        try:
            urllib.request.urlopen(request, timeout=5).read()
        except urllib.error.HTTPError:
            pass
    log = live_server.logs()
    assert '"GET /en/privacy" 200' in log  # the access log is on, so its absence of data means something
    assert re.search(r"\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}\]", log), "the time stays readable"
    assert re.search(r"Listening at: http://127\.0\.0\.1:\d+", log), "start-up line keeps the address"
    for forbidden in ("127.0.0.1", "203.0.113.9", "UniqueAgent", "ABC123"):
        assert forbidden not in log.replace(live_server.url, "")


def test_dev_server_lines_lose_the_address():
    record = logging.LogRecord(
        "werkzeug",
        logging.INFO,
        __file__,
        1,
        '127.0.0.1 - - [25/Nov/2026 13:00:00] "%s" %s %s',
        ("GET /nl/ HTTP/1.1", "200", "-"),
        None,
    )
    RedactAddresses().filter(record)
    line = record.getMessage()
    assert "127.0.0.1" not in line and '"GET /nl/ HTTP/1.1" 200' in line
    ipv6 = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, "::1 - - x %s", ("2001:db8::1",), None)
    RedactAddresses().filter(ipv6)
    assert "::1" not in ipv6.getMessage() and "2001:db8" not in ipv6.getMessage()


def test_times_in_log_lines_are_left_alone():
    record = logging.LogRecord(
        "granian.access",
        logging.INFO,
        __file__,
        1,
        "%(t)s %(s)s",
        {"t": "[25/Nov/2026:14:50:18 +0000]", "s": "200"},
        None,
    )
    RedactAddresses().filter(record)
    assert record.getMessage() == "[25/Nov/2026:14:50:18 +0000] 200"


def test_filter_is_installed_on_the_dev_server_logger(app):
    assert REDACT in logging.getLogger("werkzeug").filters


def test_control_characters_in_a_request_cannot_add_a_line_to_the_access_log(live_server):
    from tests.support.rawhttp import Connection, build

    port = int(live_server.url.rsplit(":", 1)[1])
    before = live_server.logs().count("\n")
    targets = ["/nl/%0d%0aX-Injected:%201%22%20404", "/nl/%0aX?bron=x", "/nl/%1b%5b2J%08", "/nl/%c2%85x"]
    for target in targets:
        connection = Connection("127.0.0.1", port)
        assert connection.send(build("GET", target, "localhost")).status < 500
        connection.close()
    deadline = time.monotonic() + 5  # the workers write their lines a moment after the answer
    while live_server.logs().count("\n") - before < len(targets) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # and a forged extra line would come with them
    log = live_server.logs()
    added = log.splitlines()[-len(targets) :]
    assert log.count("\n") - before == len(targets), log
    assert all(re.match(r'\[.*\] "GET /nl/.*" [34]\d\d \d', line) for line in added), added
    assert "\\x0d\\x0aX-Injected" in log and "\\x1b" in log and "\\x85" in log
    assert "\x1b" not in log and "\x85" not in log


def test_a_logged_value_is_escaped_but_the_message_keeps_its_lines():
    record = logging.LogRecord("app", logging.ERROR, __file__, 1, "one\ntwo %s", ("a\r\nb\x00",), None)
    RedactAddresses().filter(record)
    assert record.getMessage() == "one\ntwo a\\x0d\\x0ab\\x00"
