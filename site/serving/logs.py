"""Logging that never records a visitor's IP address, and where one request is one line."""

from __future__ import annotations

import ipaddress
import logging
import re
from collections.abc import Mapping

from flask import Flask

_IPV4 = r"\b(?:\d{1,3}\.){3}\d{1,3}\b"
_IPV6 = r"(?<![\w:])(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}(?![\w:])"
IP_ADDRESS = re.compile(f"{_IPV4}|{_IPV6}")
# Characters that could end a log line or rewrite it on a terminal: a request's decoded path
# (%0d%0a) would otherwise write a line of its own that looks like a real entry.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class RedactAddresses(logging.Filter):
    """Replaces anything that looks like an IP address in a log record with '-'.

    Werkzeug's development server puts the client address at the start of each
    access line; this filter removes it before any handler writes the line. The
    values put into a message (its arguments: a path, a method) have their control
    characters escaped, so a request cannot add a line to the log.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, Mapping):  # granian's access log passes a mapping
            record.args = {k: redact(escape(v)) for k, v in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(redact(escape(a)) for a in record.args)
        return True


def redact(value: object) -> object:
    return IP_ADDRESS.sub(_hide_if_address, value) if isinstance(value, str) else value


def escape(value: object) -> object:
    """A value with its control characters written as \\xNN, so it stays on one line."""
    return CONTROL.sub(_escape, value) if isinstance(value, str) else value


def _escape(match: re.Match) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}"


def _hide_if_address(match: re.Match) -> str:
    # The pattern also catches times such as 2026:14:50:18; only real addresses go.
    try:
        ipaddress.ip_address(match.group(0))
    except ValueError:
        return match.group(0)
    return "-"


REDACT = RedactAddresses()
REDACTED_LOGGERS = ("werkzeug", "granian.access")


def init_app(app: Flask) -> None:
    for name in (*REDACTED_LOGGERS, app.logger.name):
        logger = logging.getLogger(name)
        if REDACT not in logger.filters:
            logger.addFilter(REDACT)
