"""Logging that never records a visitor's IP address."""

from __future__ import annotations

import ipaddress
import logging
import re
from collections.abc import Mapping

from flask import Flask

_IPV4 = r"\b(?:\d{1,3}\.){3}\d{1,3}\b"
_IPV6 = r"(?<![\w:])(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}(?![\w:])"
IP_ADDRESS = re.compile(f"{_IPV4}|{_IPV6}")


class RedactAddresses(logging.Filter):
    """Replaces anything that looks like an IP address in a log record with '-'.

    Werkzeug's development server puts the client address at the start of each
    access line; this filter removes it before any handler writes the line.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, Mapping):  # granian's access log passes a mapping
            record.args = {k: redact(v) for k, v in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(redact(a) for a in record.args)
        return True


def redact(value: object) -> object:
    return IP_ADDRESS.sub(_hide_if_address, value) if isinstance(value, str) else value


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
