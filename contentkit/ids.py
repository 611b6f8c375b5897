"""The one rule for the ids, slugs and file-name stems editors write."""

from __future__ import annotations

import re

ID_PATTERN = r"[a-z0-9][a-z0-9-]*"
ID = re.compile(rf"^{ID_PATTERN}$")
# How the rule reads in a content-check message.
ID_RULE = 'lowercase a-z, 0-9 and "-"'


def is_id(value: object) -> bool:
    return isinstance(value, str) and ID.match(value) is not None
