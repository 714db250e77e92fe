"""JSON Lines mode (``textfix --jsonl --field text``): repair named fields of each record.

Every other field, and the order of records, is kept. How records are written:

- A record none of whose named fields changes is written **verbatim**, byte for byte (its
  spacing, key order, ``\\u`` escapes and line ending), so a clean dump comes out identical.
- A record that changes (or gets an ``--annotate`` field) is re-serialised with ``json.dumps``
  and ``ensure_ascii=False``: keys in their order, Python's default ``", "`` and ``": "``
  separators, non-ASCII characters written as themselves, its own line ending (LF or CRLF)
  kept. What re-serialisation does not keep: escapes (``\\u4e2d`` becomes ``中``), number
  spelling (``1.10`` becomes ``1.1``) and the earlier of two duplicate keys; a lone surrogate
  stays an escape (``\\ud800``).
- Blank lines are passed through and are not records. A UTF-8 BOM at the start of a file is
  dropped, and a file's last line gets a newline (inputs may be concatenated). A line that is
  not UTF-8, not JSON, or not a JSON object is *malformed*, handled as ``--on-error`` says:
  ``stop`` (the default: report it, exit 2), ``skip`` (leave it out) or ``keep`` (write it as
  it was); with skip and keep, one line at the end counts them.

A field is a dotted path (``meta.title``; ``\\.`` for a dot inside a key). Where a path meets a
list, it goes on into every element, so ``comments.body`` repairs the body of every comment and
``tags`` every string in a list of tags. Missing fields and values that are not strings are left
alone.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import stat
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO, Literal

from .. import parallel
from ..api import fix, fix_and_explain
from ..config import Config
from ..explain import Step
from ..layers import spam
from ..layers.script import detect_script
from ..progress import Progress, Stats, layer_of, show_progress
from ..sinks import AtomicSink, Sink, StreamSink
from ._io import InputError, UsageError, describe, open_input, shown, silence_stdout

Path_ = tuple[str, ...]
Mode = Literal["fix", "check", "detect"]
OnError = Literal["stop", "skip", "keep"]
ON_ERROR: tuple[OnError, ...] = ("stop", "skip", "keep")

# Records travel to the workers in blocks of whole lines about this big. The parent only reads
# blocks and writes results (no per-line work): with -j it must not become the bottleneck.
CHUNK_BYTES = 256 * 1024
_BOM = b"\xef\xbb\xbf"


def parse_path(text: str) -> Path_:
    """``"meta.title"`` -> ``("meta", "title")``; ``\\.`` is a dot inside a key.

    >>> parse_path(r"meta.og\\.title")
    ('meta', 'og.title')
    """
    parts = tuple(part.replace("\\.", ".") for part in re.split(r"(?<!\\)\.", text))
    if any(not part for part in parts):
        raise ValueError(f"--field {text!r}: empty key in the path")
    return parts


Container = dict[str, object] | list[object]


def string_slots(value: object, path: Path_) -> Iterator[tuple[Container, str | int]]:
    """Every (container, key) where ``path`` leads to a string in ``value``.

    >>> record = {"meta": {"title": "a"}, "tags": ["b", 1, "c"]}
    >>> [key for _, key in string_slots(record, ("tags",))]
    [0, 2]
    """
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str):
                if not path:
                    yield value, index
            else:
                yield from string_slots(item, path)
    elif isinstance(value, dict) and path and path[0] in value:
        child = value[path[0]]
        if isinstance(child, str):
            if len(path) == 1:
                yield value, path[0]
        else:
            yield from string_slots(child, path[1:])


def set_path(record: dict[str, object], path: Path_, value: object) -> None:
    """Put ``value`` at ``path``, making the objects on the way when they are missing."""
    target = record
    for key in path[:-1]:
        child = target.get(key)
        if not isinstance(child, dict):
            child = {}
            target[key] = child
        target = child
    target[path[-1]] = value


@dataclass(frozen=True, slots=True)
class Job:
    """What the workers need to know (picklable: it travels with every chunk)."""

    fields: tuple[Path_, ...]
    config: Config
    mode: Mode = "fix"
    on_error: OnError = "stop"
    annotate: Path_ | None = None
    explain: bool = False  # the steps are needed (--stats, --annotate, --detect)


@dataclass(frozen=True, slots=True)
class Chunk:
    source: int  # index of the input among the command's inputs
    name: str
    first_line: int  # 1-based number of the first line
    data: bytes  # whole lines, each ending in LF except perhaps a file's last

    @property
    def size(self) -> int:
        return len(self.data)

    def lines(self) -> list[bytes]:
        """The lines, LF kept (split on LF only: CR, U+2028 and the like are inside lines)."""
        lines = [line + b"\n" for line in self.data.split(b"\n")]
        last = lines.pop()[:-1]
        if last:
            lines.append(last)
        return lines


@dataclass
class ChunkResult:
    source: int
    size: int
    output: bytes = b""
    stats: Stats = field(default_factory=lambda: Stats(unit="records"))
    malformed: list[tuple[int, str]] = field(default_factory=list)  # (line number, why)
    changed_lines: list[int] = field(default_factory=list)
    reports: list[dict[str, object]] = field(default_factory=list)
    stopped: bool = False  # --on-error stop met a malformed line: nothing after it was done


class Malformed(ValueError):
    """A line that is not a JSON object in UTF-8."""


def parse_record(body: bytes) -> dict[str, object]:
    """The JSON object on one line (terminator and BOM already removed); Malformed if none."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Malformed(f"not UTF-8 (byte 0x{body[error.start]:02x} at column "
                        f"{error.start + 1})") from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise Malformed(f"malformed JSON: {error.msg} (column {error.colno})") from None
    except RecursionError:
        raise Malformed("malformed JSON: nested too deeply") from None
    if not isinstance(value, dict):
        raise Malformed(f"not a JSON object but {type(value).__name__}")
    return value


def dump_record(record: dict[str, object]) -> bytes:
    """One record as UTF-8 JSON, keys in order; a lone surrogate stays a ``\\u`` escape."""
    # backslashreplace writes U+D800 as \ud800: inside a JSON string that is its escape.
    return json.dumps(record, ensure_ascii=False).encode("utf-8", "backslashreplace")


def record_report(originals: Sequence[str], steps: Sequence[Step],
                  changed: Sequence[str]) -> dict[str, object]:
    """What was found in one record's fields: the ``--annotate`` field and ``--detect`` line.

    ``problems`` counts the changes by layer and the findings that change nothing (damage
    that cannot be repaired) by kind, as ``--detect`` does for files; ``script`` is the script of
    the fields as they came in; ``spam_line`` a keyword-spam first line, if one opens a field.
    """
    problems = Counter(layer_of(step) if step.changed else step.action for step in steps)
    spam_line = next((found.line for text in originals
                      if (found := spam.find_spam_line(text)) is not None), None)
    return {
        "changed": list(changed),
        "problems": dict(sorted(problems.items())),
        "script": detect_script("\n".join(originals)).script,
        "spam_line": spam_line,
    }


@dataclass
class RecordOutcome:
    output: bytes
    changed: bool
    steps: list[Step]
    report: dict[str, object] | None


def fix_record_line(line: bytes, job: Job, first_of_file: bool = False) -> RecordOutcome | None:
    """Repair one line; None for a blank line (passed through, not a record); Malformed."""
    if first_of_file and line.startswith(_BOM):
        line = line[len(_BOM):]
    body, ending = _split_ending(line)
    line = body + ending  # the last line of a file gets a newline: inputs may be concatenated
    if not body.strip():
        return None
    record = parse_record(body)
    steps: list[Step] = []
    originals: list[str] = []
    changed_paths: list[str] = []
    for path in job.fields:
        path_changed = False
        for container, key in list(string_slots(record, path)):
            old = container[key]  # type: ignore[index]
            assert isinstance(old, str)
            originals.append(old)
            if job.explain:
                result = fix_and_explain(old, config=job.config)
                new = result.text
                steps.extend(result.steps)
            else:
                new = fix(old, config=job.config)
            if new != old:
                container[key] = new  # type: ignore[index]
                path_changed = True
        if path_changed:
            changed_paths.append(".".join(part.replace(".", "\\.") for part in path))
    report = (record_report(originals, steps, changed_paths)
              if job.annotate is not None or job.mode == "detect" else None)
    changed = bool(changed_paths)
    if job.mode != "fix" or not (changed or job.annotate is not None):
        return RecordOutcome(line, changed, steps, report)
    if job.annotate is not None and report is not None:
        set_path(record, job.annotate, report)
    try:
        output = dump_record(record)
    except RecursionError:
        raise Malformed("nested too deeply to write back") from None
    return RecordOutcome(output + ending, changed, steps, report)


def _split_ending(line: bytes) -> tuple[bytes, bytes]:
    if line.endswith(b"\r\n"):
        return line[:-2], b"\r\n"
    if line.endswith(b"\n"):
        return line[:-1], b"\n"
    return line, b"\n"


def outcome_line(line: bytes) -> bytes:
    """A line passed through: as it was, with a newline at the end of a file's last line."""
    return line if line.endswith(b"\n") else line + b"\n"


def fix_chunk(job: Job, chunk: Chunk) -> ChunkResult:
    """Repair the records of one chunk (a worker's task)."""
    result = ChunkResult(chunk.source, chunk.size)
    pieces: list[bytes] = []
    for offset, line in enumerate(chunk.lines()):
        number = chunk.first_line + offset
        try:
            outcome = fix_record_line(line, job, first_of_file=number == 1)
        except Malformed as error:
            result.malformed.append((number, str(error)))
            if job.on_error == "stop":
                result.stopped = True
                break
            if job.on_error == "keep" and job.mode == "fix":
                pieces.append(outcome_line(line))
            continue
        if outcome is None:  # a blank line
            if job.mode == "fix":
                pieces.append(outcome_line(line))
            continue
        result.stats.add(len(line), outcome.steps, outcome.changed)
        if outcome.changed:
            result.changed_lines.append(number)
        if job.mode == "detect" and outcome.report is not None:
            result.reports.append({"file": chunk.name, "line": number, **outcome.report,
                                   "would_change": outcome.changed})
        elif job.mode == "fix":
            pieces.append(outcome.output)
    result.output = b"".join(pieces)
    return result


def read_chunks(names: Sequence[str], stdin: BinaryIO, failed: list[str]) -> Iterator[Chunk]:
    """The lines of every input in chunks; an input that cannot be read is reported in
    ``failed`` (one message each) and skipped."""
    for source, name in enumerate(names):
        try:
            stream = stdin if name == "-" else open_input(name)  # closed below
        except InputError as error:
            failed.append(str(error))
            continue
        try:
            yield from _chunks_of(source, name, stream)
        except OSError as error:
            failed.append(f"{shown(name)}: cannot read: {describe(error)}")
        finally:
            if stream is not stdin:
                stream.close()


def _chunks_of(source: int, name: str, stream: BinaryIO) -> Iterator[Chunk]:
    first = 1
    while block := stream.read(CHUNK_BYTES):
        if not block.endswith(b"\n"):
            block += stream.readline()  # finish the line (however long) the block cut
        yield Chunk(source, name, first, block)
        first += block.count(b"\n")


def make_job(args: argparse.Namespace, config: Config) -> Job:
    if not args.field:
        raise UsageError("--jsonl needs at least one --field PATH (such as --field text)")
    try:
        fields = tuple(parse_path(text) for text in args.field)
        annotate = parse_path(args.annotate) if args.annotate else None
    except ValueError as error:
        raise UsageError(str(error)) from None
    mode: Mode = "check" if args.check else "detect" if detecting(args) else "fix"
    if annotate is not None and mode != "fix":
        raise UsageError("--annotate adds a field to the output: not with --check or --detect")
    return Job(fields, config, mode, args.on_error, annotate,
               explain=bool(args.stats or annotate or mode == "detect"))


def detecting(args: argparse.Namespace) -> bool:
    return bool(args.detect or args.summary or args.summary_html)


def input_size(name: str, stdin: BinaryIO) -> int | None:
    """The size of a regular file (stdin too, when it is one), for the progress bar."""
    try:
        info = os.fstat(stdin.fileno()) if name == "-" else os.stat(name)
    except (OSError, AttributeError, ValueError):  # io.BytesIO has no fileno
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def run_cli(args: argparse.Namespace, config: Config, stdin: BinaryIO, stdout: BinaryIO) -> int:
    """``textfix --jsonl``: returns the exit status."""
    job = make_job(args, config)
    names = args.files or ["-"]
    if args.in_place and (args.output or "-" in names):
        raise UsageError("-i needs FILE arguments and no -o")
    failed: list[str] = []
    total = sum(input_size(name, stdin) or 0 for name in names)
    _, complete, chunks = parallel.peek(read_chunks(names, stdin, failed),
                                        parallel.MIN_PARALLEL_BYTES, lambda chunk: chunk.size)
    jobs = 1 if complete else parallel.resolve_jobs(args.jobs)  # small input: no pool
    results = parallel.ordered_map(functools.partial(fix_chunk, job), chunks, jobs)
    progress = Progress(total or None, show_progress(args.progress))
    run = _Run(args, job, names, failed, stdout)
    try:
        return run.drive(results, progress)
    finally:
        progress.close()


class _Run:
    """The state of one ``--jsonl`` run in the parent process: outputs, counts, messages."""

    def __init__(self, args: argparse.Namespace, job: Job, names: Sequence[str],
                 failed: list[str], stdout: BinaryIO) -> None:
        from .audit import Summary  # only the audit needs it

        self.args, self.job, self.names, self.failed, self.stdout = args, job, names, failed, stdout
        self.stats = Stats(unit="records")
        self.summary = Summary(unit="records") if args.summary or args.summary_html else None
        self.malformed: list[tuple[str, int, str]] = []
        self.status = 0
        self.reported = 0
        self.output: Sink | None = None  # stdout or -o, shared by every input
        self.file: Sink | None = None  # with -i: the input being rewritten
        self.file_source = -1
        self.file_changed = False

    def drive(self, results: Iterator[ChunkResult], progress: Progress) -> int:
        try:
            if self.job.mode == "fix" and not self.args.in_place:
                self.output = (AtomicSink(self.args.output) if self.args.output
                               else StreamSink(self.stdout))
            wrote = False
            for result in results:
                self.report_failures()
                progress.update(result.size)
                self.take(result)
                wrote = True
                if result.stopped:
                    name, number, why = self.malformed[-1]
                    print(f"textfix: error: {shown(name)}:{number}: {why}", file=sys.stderr)
                    self.close_file(commit=False)
                    self.close_output(commit=not self.args.output)
                    return 2
            self.close_file(commit=True)
            self.report_failures()
            # -o keeps its old content when no input could be read, as in text mode
            self.close_output(commit=wrote or not self.args.output)
            progress.close()
            self.finish()
        except BrokenPipeError:  # the reader went away (| head -1): not an error
            self.close_file(commit=False)
            silence_stdout(self.stdout)
            return self.status
        except OSError as error:
            self.close_file(commit=False)
            self.close_output(commit=False)
            where = shown(self.args.output) if self.args.output else "stdout"
            print(f"textfix: error: {where}: cannot write: {describe(error)}", file=sys.stderr)
            return 2
        except BaseException:
            self.close_file(commit=False)
            self.close_output(commit=False)
            raise
        if self.job.mode == "check" and self.stats.changed:
            self.status = max(self.status, 1)
        return self.status

    def take(self, result: ChunkResult) -> None:
        """Write one chunk's output and count what it found."""
        name = self.names[result.source]
        self.stats.merge(result.stats)
        self.malformed.extend((name, number, why) for number, why in result.malformed)
        if self.job.mode == "check":
            for number in result.changed_lines:
                print(f"would fix {shown(name)}:{number}", file=sys.stderr)
        elif self.job.mode == "detect":
            for report in result.reports:
                if self.summary is not None:
                    self.summary.add(report)
                else:
                    self.stdout.write(json.dumps(report, ensure_ascii=False).encode() + b"\n")
        elif self.args.in_place:
            if result.source != self.file_source:
                self.close_file(commit=True)
                self.file = AtomicSink(name)
                self.file_source, self.file_changed = result.source, False
            self.file_changed |= bool(result.changed_lines or self.job.annotate)
            assert self.file is not None
            self.file.write(result.output)
        else:
            assert self.output is not None
            self.output.write(result.output)

    def close_file(self, commit: bool) -> None:
        """With -i: replace the input just done, if anything in it changed."""
        if self.file is not None:
            if commit and self.file_changed:
                self.file.commit()
            else:
                self.file.abort()
            self.file = None

    def close_output(self, commit: bool) -> None:
        if self.output is not None:
            if commit:
                self.output.commit()
            else:
                self.output.abort()
            self.output = None

    def report_failures(self) -> None:
        for message in self.failed[self.reported:]:
            print(f"textfix: error: {message}", file=sys.stderr)
            self.status = 2
        self.reported = len(self.failed)

    def finish(self) -> None:
        """The summary, the count of malformed lines and the --stats line."""
        if self.summary is not None:
            from .audit import write_summary

            self.status = max(self.status, write_summary(self.summary, self.args, self.stdout))
        if self.malformed:
            name, number, why = self.malformed[0]
            count = len(self.malformed)
            verb = "kept as they were" if self.job.on_error == "keep" else "skipped"
            print(f"textfix: {count:,} malformed line{'s' if count > 1 else ''} {verb} "
                  f"(first: {shown(name)}:{number}: {why})", file=sys.stderr)
        if self.args.stats:
            extra = f", {len(self.malformed):,} malformed" if self.malformed else ""
            print(self.stats.line(extra), file=sys.stderr)
        self.stdout.flush()
