"""What every benchmark shares: where the repository and the shared corpus are, the start of
its command line, and what a run records about itself (the command, the commit measured)."""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEFAULT_CORPUS = SHARED / "corpus" / "dev.jsonl.gz"


def argument_parser(description: str | None, corpus: bool = False,
                    json: bool = False) -> argparse.ArgumentParser:
    """A benchmark's parser, described by the first paragraph of ``description`` (its
    docstring), with ``--corpus`` (the shared development corpus by default) and ``--json FILE``
    when the benchmark takes them."""
    parser = argparse.ArgumentParser(description=(description or "").split("\n\n")[0])
    if corpus:
        parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                            help=f"dev corpus, JSON lines, gzipped (default: {DEFAULT_CORPUS})")
    if json:
        parser.add_argument("--json", type=Path, metavar="FILE",
                            help="also write the figures here")
    return parser


def command_line() -> str:
    """The command as it was run, to print and store beside the figures."""
    return shlex.join([sys.executable, *sys.argv])


def git_state() -> str:
    """The commit measured, and whether src/ had uncommitted changes (numbers would differ)."""
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "src"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head}{' + uncommitted changes in src/' if dirty else ''}"
