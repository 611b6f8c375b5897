"""The quick loop's list of slow tests names tests that exist, so a rename cannot quietly move a
slow test into `bin/test --quick`."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SLOW_MODULES, SLOW_TESTS

TESTS = Path(__file__).resolve().parent


def test_every_slow_module_and_test_named_in_conftest_exists():
    sources = "\n".join(path.read_text(encoding="utf-8") for path in TESTS.glob("test_*.py"))
    assert not [name for name in SLOW_MODULES if not (TESTS / f"{name}.py").is_file()]
    assert not [name for name in SLOW_TESTS if f"def {name}(" not in sources]
