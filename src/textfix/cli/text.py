"""The text mode of the command: each input read, repaired and written (or checked, or
reported), in order, on worker processes when there are several large files."""

from __future__ import annotations

import argparse
import codecs
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from ..api import decode
from ..config import Config
from ..explain import DecodeResult
from ._io import (
    InputError,
    UsageError,
    describe,
    emit,
    file_size,
    shown,
    write_atomically,
    write_now,
)
from .report import detect_report, explained
from .streaming import Large, read_or_defer, stream_inspect, stream_out


def run(args: argparse.Namespace, config: Config, stdin: BinaryIO, stdout: BinaryIO) -> int:
    """``textfix`` on text files (not ``--jsonl``): returns the exit status."""
    from ..progress import Progress, Stats, show_progress
    from .audit import Summary, write_summary

    summary = Summary() if args.summary or args.summary_html else None
    names = args.files or ["-"]
    if args.in_place and (args.output or "-" in names):
        raise UsageError("-i needs FILE arguments and no -o")
    if args.backup is not None and not args.in_place:
        raise UsageError("--backup works only with -i")
    if args.backup is not None and (not args.backup or "/" in args.backup):
        raise UsageError(f"--backup needs a file name suffix such as .orig, not {args.backup!r}")
    status = 0
    outputs: list[bytes] = []
    stats = Stats()
    args.progress = show_progress(args.progress)  # decided once: it decides what is streamed
    progress = Progress(total_size(names), args.progress)
    for name, outcome in zip(names, repaired(names, args, config, stdin), strict=True):
        if isinstance(outcome, InputError):
            print(f"textfix: error: {outcome}", file=sys.stderr)
            status = 2
            if summary is not None:
                summary.add_unreadable(name, str(outcome).removeprefix(f"{shown(name)}: "))
            continue
        if isinstance(outcome, Large) and (args.check or args.detect):
            inspected = stream_inspect(outcome, args, config, stdin, progress)
            if isinstance(inspected, InputError):
                print(f"textfix: error: {inspected}", file=sys.stderr)
                status = 2
                if summary is not None:
                    summary.add_unreadable(name, str(inspected).removeprefix(f"{shown(name)}: "))
            elif summary is not None:
                summary.add(inspected, file_size(name))
            elif args.detect:
                outputs.append(json.dumps(inspected, ensure_ascii=False).encode() + b"\n")
            elif inspected["would_change"]:
                print(f"would fix {shown(name)}", file=sys.stderr)
                status = max(status, 1)
            continue
        if isinstance(outcome, Large):
            streamed, stop = stream_out(outcome, args, config, stdin, stdout, progress)
            status = max(status, streamed)
            if stop:
                break
            continue
        data, result = outcome
        progress.update(len(data))
        output = result.text.encode("utf-8", errors="replace")
        if args.keep_bom and result.reason == "bom":
            output = codecs.BOM_UTF8 + output
        if args.explain:
            for line in explained(shown(name), result):
                print(line, file=sys.stderr)
        stats.add(len(data), result.steps, output != data)
        if summary is not None:
            summary.add(detect_report(name, data, result), len(data))
        elif args.detect:
            outputs.append(json.dumps(detect_report(name, data, result), ensure_ascii=False)
                           .encode("utf-8") + b"\n")
        elif args.check:
            if output != data:
                print(f"would fix {shown(name)}", file=sys.stderr)
                status = max(status, 1)
        elif args.in_place:
            if output != data:
                try:
                    write_atomically(Path(name), output, args.backup)
                except OSError as error:
                    print(f"textfix: error: {shown(name)}: cannot write: {describe(error)}",
                          file=sys.stderr)
                    status = 2
        elif args.output:
            outputs.append(output)  # -o is written once, atomically, at the end
        else:
            written = write_now(output, stdout)  # one file in memory at a time, not all
            if written is not None:
                status = max(status, written)
                break
    progress.close()
    if summary is not None:
        status = max(status, write_summary(summary, args, stdout))
    if outputs:  # not when every input failed: -o keeps its old content then
        status = max(status, emit(b"".join(outputs), args.output, stdout))
    if args.stats:
        print(stats.line(), file=sys.stderr)
    return status


def repair(name: str, data: bytes, args: argparse.Namespace, config: Config) -> DecodeResult:
    result = decode(data, declared=args.encoding, config=config,
                    explain=args.explain or args.detect or args.stats)
    if result.is_binary:
        raise InputError(f"{shown(name)}: binary data, not text")
    return result


def read_and_repair(args: argparse.Namespace, config: Config, name: str,
                    stdin: BinaryIO | None = None
                    ) -> tuple[bytes, DecodeResult] | InputError | Large:
    """Read and repair one input, or the error that stopped it (a -j worker's task), or leave
    a large one to be streamed."""
    try:
        data = read_or_defer(args, name, stdin if stdin is not None else sys.stdin.buffer)
        if isinstance(data, Large):
            return data
        return data, repair(name, data, args, config)
    except InputError as error:
        return error


def total_size(names: Sequence[str]) -> int | None:
    sizes = [file_size(name) for name in names]
    return None if None in sizes else sum(size or 0 for size in sizes)


def repaired(names: Sequence[str], args: argparse.Namespace, config: Config, stdin: BinaryIO
              ) -> Iterator[tuple[bytes, DecodeResult] | InputError | Large]:
    """Every input read and repaired, in order: on -j worker processes when there are several
    files big enough to pay for the pool, else here."""
    import functools

    from .. import parallel

    jobs = parallel.resolve_jobs(args.jobs)
    total = total_size(names)
    if len(names) < 2 or total is None or total < parallel.MIN_PARALLEL_BYTES:
        jobs = 1  # stdin ("-") is read here, never by a worker
    task = functools.partial(read_and_repair, args, config, stdin=stdin if jobs == 1 else None)
    return parallel.ordered_map(task, names, jobs)
