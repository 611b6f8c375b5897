"""Logs never contain IP addresses: the real server's log after real requests, and the dev server's filter."""

import logging
import re
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
