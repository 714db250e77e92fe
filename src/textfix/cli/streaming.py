"""Inputs too large to hold, repaired piece by piece (``textfix.stream``) in constant memory.

An input larger than ``STREAM_BYTES`` (``PROGRESS_STREAM_BYTES`` with the progress bar on) is
not read whole: ``read_or_defer`` leaves it as a ``Large``, and ``stream_out`` writes its repair
to stdout as the pieces go, or ``stream_inspect`` answers ``--check`` or ``--detect`` for it.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, BinaryIO

from .. import parallel
from ..api import detect_script
from ..config import Config
from ..explain import Step
from ..layers.script import ScriptReport, merged
from ..stream import repair_stream
from ._io import (
    InputError,
    describe,
    file_size,
    open_input,
    read_input,
    shown,
    silence_stdout,
    unreadable,
    write_now,
)
from .report import problem_counts, report_from, spam_line_of

if TYPE_CHECKING:
    from ..progress import Progress


# Inputs larger than this are decoded, repaired and written piece by piece (textfix.stream)
# when the output is stdout: a multi-GB file in constant memory. Smaller ones are read whole.
STREAM_BYTES = 64 << 20
# ... and, with the progress bar on, inputs larger than this: the bar counts the bytes read as
# the pieces go, where a whole input is counted only once it is done (a 3 MB file took 23 s
# and showed nothing).
PROGRESS_STREAM_BYTES = 1 << 20


@dataclasses.dataclass(frozen=True)
class Large:
    """An input left to be streamed (see ``STREAM_BYTES``); ``head`` is what was read of stdin."""

    name: str
    head: bytes = b""


def streams(args: argparse.Namespace) -> bool:
    """Whether large inputs are streamed: output to stdout, or ``--check``/``--detect`` (which
    write no text); not with a mode that needs them whole."""
    if args.explain or args.stats:
        return False
    return bool(args.check or args.detect) or not (args.in_place or args.output)


def read_or_defer(args: argparse.Namespace, name: str, source: BinaryIO) -> bytes | Large:
    """The whole of input ``name``, or a ``Large`` left to be streamed."""
    threshold = min(STREAM_BYTES, PROGRESS_STREAM_BYTES) if args.progress else STREAM_BYTES
    if streams(args) and name == "-":
        data = source.read(threshold + 1)
        return Large(name, data) if len(data) > threshold else data
    if streams(args) and (file_size(name) or 0) > threshold:
        return Large(name)
    return read_input(name, source)


class _Comparison:
    """Whether the output of a stream differs from its input, compared as both go by: only
    what one side has that the other has not yet reached is held."""

    def __init__(self, stop_at_difference: bool) -> None:
        self.stop = stop_at_difference
        self.differs = False
        self._input = bytearray()
        self._output = bytearray()

    def input(self, data: bytes) -> None:
        if not self.differs:
            self._input += data
            self._compare()

    def output(self, data: bytes) -> None:
        if not self.differs:
            self._output += data
            self._compare()

    def _compare(self) -> None:
        common = min(len(self._input), len(self._output))
        if self._input[:common] != self._output[:common]:
            self.differs = True
            self._input.clear()
            self._output.clear()
            if self.stop:
                raise _Differs
        del self._input[:common], self._output[:common]

    def finish(self) -> bool:
        return self.differs or self._input != self._output


class _Differs(Exception):
    """``--check`` has its answer for this input: it would change."""


class _Tee:
    """A source whose bytes also go to ``seen`` as they are read (a comparison, a progress
    bar)."""

    def __init__(self, source: BinaryIO, seen: Callable[[bytes], object]) -> None:
        self.source, self.seen = source, seen

    def read(self, size: int = -1, /) -> bytes:
        data = self.source.read(size)
        self.seen(data)
        return data


def stream_inspect(large: Large, args: argparse.Namespace, config: Config, stdin: BinaryIO,
                   progress: Progress) -> dict[str, object] | InputError:
    """``--check`` or ``--detect`` on a large input, piece by piece in constant memory (as the
    filter streams): the ``--detect`` report (``--check`` reads only its ``would_change``, and
    stops at the first difference)."""
    comparison = _Comparison(stop_at_difference=not args.detect)
    problems: Counter[str] = Counter()
    scripts: list[ScriptReport] = []
    first: list[str | None] = []  # the spam line of the first piece, once it has come

    def piece(text: str, steps: list[Step]) -> None:
        if args.detect:
            problems.update(problem_counts(steps))
            found = detect_script(text)  # its spans, a few per line, are not kept
            scripts.append(dataclasses.replace(found, spans=()))
            if not first:
                first.append(spam_line_of(text, steps))

    try:
        source = stdin if large.name == "-" else open_input(large.name)
    except InputError as error:
        return error
    def seen(data: bytes) -> None:
        progress.update(len(data))
        comparison.input(data)

    seen(large.head)
    try:
        decoder = repair_stream(_Tee(source, seen), comparison.output,
                                declared=args.encoding, config=config, first=large.head,
                                keep_bom=args.keep_bom, on_piece=piece if args.detect else None)
    except _Differs:
        return report_from(large.name, "", 0.0, "", detect_script(""), problems, True, None)
    except OSError as error:
        return unreadable(large.name, error)
    finally:
        if source is not stdin:
            source.close()
    guess = decoder.guess
    if decoder.is_binary or guess is None:
        return InputError(f"{shown(large.name)}: binary data, not text")
    return report_from(large.name, guess.encoding, guess.confidence, guess.reason,
                       merged(scripts), problems, comparison.finish(),
                       first[0] if first else None)


def stream_out(large: Large, args: argparse.Namespace, config: Config, stdin: BinaryIO,
               stdout: BinaryIO, progress: Progress) -> tuple[int, bool]:
    """Decode, repair and write a large input piece by piece: (exit status, whether the run
    stops: stdout failed or its reader went away)."""
    failed: list[OSError] = []

    def write(data: bytes) -> None:
        try:
            stdout.write(data)
        except OSError as error:  # told apart from a read error of the input
            failed.append(error)
            raise

    try:
        source = stdin if large.name == "-" else open_input(large.name)
    except InputError as error:
        print(f"textfix: error: {error}", file=sys.stderr)
        return 2, False
    try:
        progress.update(len(large.head))
        decoder = repair_stream(_Tee(source, lambda data: progress.update(len(data))), write,
                                declared=args.encoding, config=config,
                                first=large.head, keep_bom=args.keep_bom,
                                jobs=parallel.resolve_jobs(args.jobs))
    except BrokenPipeError:
        silence_stdout(stdout)
        return 0, True
    except OSError as error:
        if failed:
            silence_stdout(stdout)
        where = "stdout: cannot write" if failed else f"{shown(large.name)}: cannot read"
        print(f"textfix: error: {where}: {describe(error)}", file=sys.stderr)
        return 2, bool(failed)
    finally:
        if source is not stdin:
            source.close()
    if decoder.is_binary:
        print(f"textfix: error: {shown(large.name)}: binary data, not text", file=sys.stderr)
        return 2, False
    written = write_now(b"", stdout)  # the flush, with its handling of errors
    return (0, False) if written is None else (written, True)
