"""Crash and fault tests: helper modules importable, and the harness's kill count in the summary."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from crash_runner import Tally  # noqa: E402

TOTAL = Tally()


@pytest.fixture
def crash_tally() -> Tally:
    """Add a run's tally here; the session summary reports the sum (with or without ``-s``)."""
    return TOTAL


def pytest_terminal_summary(terminalreporter):
    if TOTAL.kills or TOTAL.operations:
        terminalreporter.write_sep("-", "crash harness")
        terminalreporter.write_line(TOTAL.summary())
