"""What the test modules share: the command run in-process, and what pytest's summary says
about tests that need ``../shared``.

The shared data (the development corpus, the peers' test cases, the reference page) lives next
to the repository, not in it: in a fresh clone those tests skip, each with a reason that starts
with ``needs ../shared``. The summary then says how many skipped for that reason and where the
README explains it, so that a green run is not mistaken for a full one.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import pytest

from textfix import cli

NEEDS_SHARED = "needs ../shared"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    skipped = [report for report in terminalreporter.stats.get("skipped", [])
               if NEEDS_SHARED in str(report.longrepr)]
    if skipped:
        terminalreporter.write_line(
            f"textfix: {len(skipped)} skipped because {SHARED} is absent (the corpus, the "
            "peers' test cases and the reference page, next to the repository; README, "
            "Development)", yellow=True)


class Textfix(Protocol):
    """The ``textfix`` command run in-process: (exit status, stdout bytes); stderr is left to
    ``capsys``."""

    def __call__(self, argv: Sequence[str], stdin: bytes = b"") -> tuple[int, bytes]: ...


def run_textfix(argv: Sequence[str], stdin: bytes = b"") -> tuple[int, bytes]:
    out = io.BytesIO()
    status = cli.main(argv, stdin=io.BytesIO(stdin), stdout=out)
    return status, out.getvalue()


@pytest.fixture
def run() -> Textfix:
    """The command run in-process, through ``textfix.cli.main`` (no ``sys.argv`` patched)."""
    return run_textfix
