"""Broken copies of the real content, and `content check` run on them."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def load_real_content_once(load: Callable[[Path], Any]) -> Callable[[Path], Any]:
    """`load` for the real content read once per run (again only if a file changes on disk), so the
    hundreds of apps the tests build do not each parse the same content; other folders as before."""
    from hulpwijzer.preview import content_stamp

    loaded: dict[tuple, Any] = {}

    def load_content(content_dir: Path) -> Any:
        if Path(content_dir).resolve() != REAL_CONTENT:
            return load(content_dir)
        stamp = content_stamp(REAL_CONTENT)
        if stamp not in loaded:
            loaded.clear()
            loaded[stamp] = load(content_dir)
        return loaded[stamp]

    return load_content
