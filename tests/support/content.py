"""Broken copies of the real content, and `content check` run on them."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from hulpwijzer.cli import content_cli

REAL_CONTENT = Path(__file__).resolve().parents[2] / "content"


def copy_real_content(folder: Path) -> Path:
    target = folder / "content"
    shutil.copytree(REAL_CONTENT, target)
    return target


def check_content(folder: Path):
    """`flask content check --content-dir folder`, as an editor runs it."""
    return CliRunner().invoke(content_cli, ["check", "--content-dir", str(folder)])
