"""What the test modules share: the case files of ``tests/cases`` (``@pytest.mark.cases``),
the command run in-process (the ``run`` fixture), and what pytest's summary says about tests
that need ``../shared``.

The shared data (the development corpus, the peers' test cases, the reference page) lives next
to the repository, not in it: in a fresh clone those tests skip, each with a reason that starts
with ``needs ../shared``. The summary then says how many skipped for that reason and where the
README explains it, so that a green run is not mistaken for a full one.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import pytest

from textfix import cli

CASES = Path(__file__).parent / "cases"
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


# --- the case files (tests/cases/README.md) ---------------------------------------------------

Case = dict[str, Any]
FIELDS = {"label", "input", "original", "chain", "span", "options", "expected", "reported",
          "detected", "comment", "known_failure"}


@cache
def load_cases(name: str) -> tuple[Case, ...]:
    """The cases of ``tests/cases/<name>``; a case the schema does not allow stops the run."""
    cases = tuple(json.loads((CASES / name).read_text(encoding="utf-8"))["cases"])
    labels = [case["label"] for case in cases]
    for case in cases:
        where = f"tests/cases/{name}: {case.get('label')!r}"
        if not isinstance(case.get("label"), str) or not set(case) <= FIELDS:
            raise ValueError(f"{where}: a label and only the fields of the README")
        if ("input" in case) == ("chain" in case) or ("chain" in case) != ("original" in case):
            raise ValueError(f"{where}: either 'input' or 'original' and 'chain'")
        if labels.count(case["label"]) > 1:
            raise ValueError(f"{where}: the label is not unique")
    return cases


def case_kind(case: Case) -> str:
    """``garbled`` (the test garbles 'original' by 'chain'), ``detected`` (what detect_script
    says), ``repaired`` (input to expected) or ``unchanged`` (a negative, or damage reported)."""
    if "chain" in case:
        return "garbled"
    if "detected" in case:
        return "detected"
    return "repaired" if "expected" in case else "unchanged"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "cases(*files, kind=None): parametrize 'case' with the cases of "
        "tests/cases/<file> (of that kind only); a known failure is a strict xfail")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    marker = metafunc.definition.get_closest_marker("cases")
    if marker is None:
        return
    kind = marker.kwargs.get("kind")
    params = []
    for name in marker.args:
        for case in load_cases(name):
            if kind is not None and case_kind(case) != kind:
                continue
            marks = [pytest.mark.xfail(strict=True, reason=case["known_failure"])] \
                if "known_failure" in case else []
            params.append(pytest.param(case, id=case["label"], marks=marks))
    metafunc.parametrize("case", params)
