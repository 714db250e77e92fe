"""Helpers that several test modules use (pyproject puts ``tests/`` on pytest's path; the
fixtures and case files are ``conftest.py``'s): the marks and corpus of the kernel tests, the
``textfix`` command run in a child process, and its one line of error."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from textfix import _kernels

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

# The differential tests compare the core with the reference: they need the core built, and
# some the corpus beside the repository (not in a fresh clone).
core = pytest.mark.skipif(_kernels.core is None, reason="the Rust core is not built")
corpus = pytest.mark.skipif(not CORPUS.is_dir(),
                            reason="needs ../shared/corpus (not in a fresh clone)")


@cache
def corpus_paragraphs(name: str) -> list[str]:
    """The paragraphs of ``../shared/corpus/{name}.jsonl.gz``."""
    with gzip.open(CORPUS / f"{name}.jsonl.gz", "rt", encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in lines]


def run_process(argv: list[str], stdin: bytes = b"",
                cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """``python -m textfix`` with ``argv`` in a child process, ``stdin`` fed to it."""
    return subprocess.run([sys.executable, "-m", "textfix", *argv], input=stdin,
                          capture_output=True, cwd=cwd, timeout=120, check=False)


def write(path: Path, data: str | bytes) -> Path:
    """``path`` holding ``data`` (text as UTF-8)."""
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def one_error_line(err: str | bytes) -> str:
    """The one line the command wrote to stderr, after asserting it is one ``textfix:`` line
    and no traceback."""
    text = err.decode("utf-8") if isinstance(err, bytes) else err
    lines = text.splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    assert lines[0].startswith("textfix: ")
    return lines[0]
