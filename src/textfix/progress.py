"""The CLI's progress bar (``--progress``) and summary line (``--stats``), both on stderr.

The bar is tqdm's when tqdm is installed (``pip install 'textfix[progress]'``), else a one-line
counter of our own, so the runtime dependencies stay opencc, chardet, ftfy and w3lib. Either way it
shows only on a terminal (never in a log or a pipe) and only for runs longer than a second.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TextIO

from .explain import Step

DELAY = 1.0  # seconds before a bar appears: short runs print nothing
REFRESH = 0.2  # seconds between redraws of the fallback line


def human_bytes(count: float) -> str:
    """``1536`` -> ``'1.5 kB'`` (decimal units, as tqdm prints them).

    >>> human_bytes(2_600_000)
    '2.6 MB'
    """
    for unit in ("B", "kB", "MB", "GB"):
        if count < 1000 or unit == "GB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1000
    raise AssertionError("unreachable")


def counted(count: int, unit: str) -> str:
    """``counted(1, "records")`` -> ``'1 record'``; the plural otherwise."""
    return f"{count:,} {unit[:-1] if count == 1 and unit.endswith('s') else unit}"


class Progress:
    """A byte counter drawn on ``stream`` when ``enabled``; ``update`` is cheap when it is not."""

    def __init__(self, total: int | None, enabled: bool, stream: TextIO | None = None) -> None:
        self.total = total
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stderr
        self.done = 0
        self.started = time.monotonic()
        self.drawn = 0.0
        self.width = 0
        self.bar: Any = None
        self.tried_tqdm = False

    def _tqdm(self) -> Any:
        # Made at the first update, after -j has started its workers: tqdm starts a monitor
        # thread, and a process with threads may not fork safely.
        self.tried_tqdm = True
        try:
            from tqdm import tqdm
        except ImportError:
            return None
        return tqdm(total=self.total, unit="B", unit_scale=True, delay=DELAY, file=self.stream,
                    leave=False, desc="textfix", initial=0)

    def update(self, count: int) -> None:
        if not self.enabled:
            return
        if not self.tried_tqdm:
            self.bar = self._tqdm()
        self.done += count
        if self.bar is not None:
            self.bar.update(count)
            return
        now = time.monotonic()
        if now - self.started >= DELAY and now - self.drawn >= REFRESH:
            self.drawn = now
            self._draw(now - self.started)

    def _draw(self, elapsed: float) -> None:
        rate = human_bytes(self.done / elapsed) + "/s" if elapsed else ""
        if self.total:
            share = f" of {human_bytes(self.total)} ({100 * self.done / self.total:.0f}%)"
        else:
            share = ""
        line = f"textfix: {human_bytes(self.done)}{share}, {rate}"
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.width = len(line)

    def close(self) -> None:
        """Remove the bar, so the lines printed after it start on a clean line."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        elif self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


def show_progress(choice: bool | None, stream: TextIO | None = None) -> bool:
    """``--progress``/``--no-progress`` decide; by default, only on a terminal."""
    if choice is not None:
        return choice
    stream = stream if stream is not None else sys.stderr
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


def layer_of(step: Step) -> str:
    """The layer a change is counted under (``unicode.nfc`` is ``unicode``)."""
    return step.layer.split(".")[0]


@dataclass
class Stats:
    """What ``--stats`` sums up: documents, bytes, and changes by layer."""

    unit: str = "documents"
    documents: int = 0
    bytes: int = 0
    changed: int = 0  # documents with at least one change
    changes: Counter[str] = field(default_factory=Counter)  # layer -> changed steps
    started: float = field(default_factory=time.monotonic)

    def add(self, size: int, steps: Iterable[Step], changed: bool) -> None:
        self.documents += 1
        self.bytes += size
        self.changed += changed
        self.changes.update(layer_of(step) for step in steps if step.changed)

    def merge(self, other: Stats) -> None:
        self.documents += other.documents
        self.bytes += other.bytes
        self.changed += other.changed
        self.changes.update(other.changes)

    def line(self, extra: str = "") -> str:
        """``textfix: 3 documents, 2.6 MB, 2 changed (annotations 152, html 3), 0.84 s, ...``"""
        elapsed = max(time.monotonic() - self.started, 1e-9)
        layers = ", ".join(f"{name} {count:,}" for name, count in sorted(self.changes.items()))
        by_layer = f" ({layers})" if layers else ""
        return (f"textfix: {counted(self.documents, self.unit)}, {human_bytes(self.bytes)}, "
                f"{self.changed:,} changed{by_layer}{extra}, {elapsed:.2f} s, "
                f"{human_bytes(self.bytes / elapsed)}/s")
