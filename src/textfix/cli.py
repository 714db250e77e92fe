"""The ``textfix`` command: a filter from bytes (stdin or files) to repaired UTF-8 text.

Exit status: 0 done; 1 ``--check`` found inputs that would change; 2 bad usage or an input
that could not be read or decoded (one line on stderr each, never a traceback); 130 interrupted.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import dataclasses
import errno
import json
import os
import shutil
import stat
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NoReturn

from .api import decode, detect_script
from .config import TARGETS, Config
from .explain import DecodeResult, Step
from .layers.script import ScriptReport, merged
from .sinks import replacement_mode
from .stream import repair_stream

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from .progress import Progress

REPAIR_LAYERS = ("mojibake", "html", "unicode", "annotations")


class UsageError(Exception):
    """Bad command-line usage; reported as one line, exit status 2."""


class InputError(Exception):
    """An input that cannot be read or decoded; reported as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see 'textfix --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="textfix",
        description="Repair Chinese text: wrong charsets, mojibake, leftover entities, "
        "romanization debris; convert between scripts. Reads bytes, writes UTF-8.",
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="inputs; '-' or none: stdin")
    parser.add_argument("--to", metavar="TARGET",
                        help=f"convert script: {', '.join(TARGETS)}, auto, or an OpenCC "
                        "config name (s2twp, tw2sp, ...)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    parser.add_argument("-i", "--in-place", action="store_true",
                        help="rewrite each FILE (atomically) with its repaired text")
    parser.add_argument("--backup", metavar="SUFFIX",
                        help="with -i: keep the original of each changed FILE as FILE+SUFFIX")
    parser.add_argument("--keep-bom", action="store_true",
                        help="start the output with a UTF-8 BOM when the input had a BOM")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="change nothing; exit 1 if any input would change (directories "
                      "are walked)")
    mode.add_argument("--detect", action="store_true",
                      help="change nothing; print a JSON report per input (directories are "
                      "walked)")
    parser.add_argument("--explain", action="store_true", help="print every step to stderr")
    parser.add_argument("--encoding", metavar="CHARSET",
                        help="the charset the input declares, a name or a Content-Type value "
                        "(a hint: verified, not trusted); an unknown charset is an error")
    for layer in REPAIR_LAYERS:
        parser.add_argument(f"--no-{layer}", dest=layer, action="store_false",
                            help=f"switch off the {layer} layer")
    parser.add_argument("--fold-width", action="store_true",
                        help="fullwidth letters and digits -> ASCII")
    parser.add_argument("--fold-spaces", action="store_true", help="NBSP, U+3000 -> space")
    parser.add_argument("--punctuation", action="store_true",
                        help="halfwidth punctuation inside Chinese text -> fullwidth")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    add_pipeline_options(parser)
    return parser


def add_pipeline_options(parser: argparse.ArgumentParser) -> None:
    """JSON Lines, parallelism, progress, statistics, the corpus audit and spam lines."""
    group = parser.add_argument_group("data pipelines")
    group.add_argument("--jsonl", action="store_true",
                       help="inputs are JSON Lines: repair the --field values of each record")
    group.add_argument("--field", action="append", metavar="PATH",
                       help="with --jsonl: a field to repair (meta.title for nested); repeatable")
    group.add_argument("--on-error", choices=("stop", "skip", "keep"), default="stop",
                       help="with --jsonl: what to do with a malformed line (default: stop)")
    group.add_argument("--annotate", metavar="FIELD",
                       help="with --jsonl: add FIELD to each record with what was found")
    group.add_argument("-j", "--jobs", type=int, metavar="N",
                       help="worker processes over files and JSONL records (default: all "
                       "cores; small inputs run in-process)")
    group.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                       help="a progress bar on stderr (default: on a terminal, for long runs)")
    group.add_argument("--stats", action="store_true",
                       help="print a summary line on stderr: documents, bytes, changes by layer")
    group.add_argument("--summary", action="store_true",
                       help="one table for all inputs instead of a report per input (implies "
                       "--detect)")
    group.add_argument("--summary-html", metavar="FILE",
                       help="write the summary as a self-contained HTML page (implies "
                       "--detect)")
    group.add_argument("--drop-spam-lines", action="store_true",
                       help="drop a first line of search-spam keywords in the other script")


def make_config(args: argparse.Namespace) -> Config:
    fields = {f.name for f in dataclasses.fields(Config)}
    try:
        return Config(**{name: value for name, value in vars(args).items() if name in fields})
    except ValueError as error:
        raise UsageError(str(error)) from None


def shown(name: str) -> str:
    """A file name fit for a one-line message: control characters (a newline) escaped."""
    return name if name.isprintable() else repr(name)[1:-1]


def read_input(name: str, stdin: BinaryIO) -> bytes:
    if name == "-":
        return stdin.read()
    try:
        return Path(name).read_bytes()
    except OSError as error:
        raise unreadable(name, error) from None


def open_input(name: str) -> BinaryIO:
    """``name`` opened for reading in binary, or InputError saying why it cannot be."""
    try:
        if Path(name).is_dir():
            raise IsADirectoryError(name)
        return open(name, "rb")
    except OSError as error:
        raise unreadable(name, error) from None


def unreadable(name: str, error: OSError) -> InputError:
    """The one line that reports why input ``name`` cannot be read."""
    if isinstance(error, FileNotFoundError):
        return InputError(f"{shown(name)}: no such file")
    if isinstance(error, IsADirectoryError):
        return InputError(f"{shown(name)}: is a directory")
    if isinstance(error, PermissionError):
        return InputError(f"{shown(name)}: permission denied")
    return InputError(f"{shown(name)}: cannot read: {describe(error)}")


def describe(error: OSError) -> str:
    """The system's words for an OSError, without Python's decoration."""
    if error.errno == errno.ENOSPC:
        return "no space left on device"
    return (error.strerror or str(error)).lower()


def repair(name: str, data: bytes, args: argparse.Namespace, config: Config) -> DecodeResult:
    result = decode(data, declared=args.encoding, config=config,
                    explain=args.explain or args.detect or args.stats)
    if result.is_binary:
        raise InputError(f"{shown(name)}: binary data, not text")
    return result


def _write_all(fd: int, data: bytes) -> None:
    """os.write until every byte is out (a write may be partial); OSError (ENOSPC) propagates."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def write_atomically(path: Path, data: bytes, backup: str | None = None) -> None:
    """Write via a temporary file in the same folder, fsync, and a rename: the file is either the
    old one or the new one, never half-written. The mode (and, when allowed, the owner) of the
    old file is kept, and a new file gets the mode the umask gives; a symbolic link is followed,
    so the file it points to is rewritten. With ``backup``, the old file is first copied to
    ``path + backup``.

    A process killed by SIGKILL (or a power cut) between the first write and the rename leaves
    ``.NAME.*.tmp`` beside the file: harmless, never read by textfix, safe to delete. Any other
    failure, Ctrl-C included, removes it.
    """
    path = Path(os.path.realpath(path))
    try:
        old: os.stat_result | None = path.stat()
    except FileNotFoundError:
        old = None
    if old is not None and not stat.S_ISREG(old.st_mode):
        # A device, a FIFO (/dev/stdout, /dev/full, a named pipe): no rename, write through.
        with path.open("wb") as out:
            out.write(data)
        return
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(temporary, replacement_mode(path))  # a new file follows the umask
        if old is not None:
            if (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
                with contextlib.suppress(OSError):  # only root may give a file away
                    os.chown(temporary, old.st_uid, old.st_gid)
            if backup:
                _copy_atomically(path, Path(f"{path}{backup}"))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _copy_atomically(source: Path, target: Path) -> None:
    """Copy ``source`` (content, mode, times) to ``target`` through a temporary and a rename."""
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        shutil.copy2(source, temporary)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def detect_report(name: str, data: bytes, result: DecodeResult) -> dict[str, object]:
    return _report(name, result.encoding, result.confidence, result.reason,
                   detect_script(result.text), problem_counts(result.steps),
                   result.text.encode("utf-8") != data, spam_line(result))


def problem_counts(steps: Sequence[Step]) -> Counter[str]:
    """What ``--detect`` reports as problems: changes by layer, findings (damage) by kind."""
    return Counter(step.layer.split(".")[0] if step.changed else step.action
                   for step in steps if step.layer != "decode")


def _report(name: str, encoding: str, confidence: float, reason: str, script: ScriptReport,
            problems: Counter[str], would_change: bool, spam: str | None) -> dict[str, object]:
    return {
        "file": name,
        "encoding": encoding,
        "confidence": round(confidence, 3),
        "reason": reason,
        "script": script.script,
        "simplified": script.simplified,
        "traditional": script.traditional,
        "han": script.han,
        "problems": dict(sorted(problems.items())),
        "would_change": would_change,
        "spam_line": spam,
    }


def spam_line(result: DecodeResult) -> str | None:
    """The keyword-spam line that opens the text: dropped (--drop-spam-lines) or still there."""
    return _spam_line_of(result.text, result.steps)


def _spam_line_of(text: str, steps: Sequence[Step]) -> str | None:
    from .layers import spam

    dropped = next((step.before for step in steps if step.layer == "spam"), None)
    if dropped is not None:
        return dropped.splitlines()[0]
    found = spam.find_spam_line(text)
    return found.line if found else None


def explained(name: str, result: DecodeResult) -> Iterator[str]:
    """The ``--explain`` lines of one input: how it was decoded (when not plain UTF-8), then
    each step at its line:column in the input, in the order of the input, with its line:column
    and offset in the output. A step that changed nothing and found nothing has no line."""
    from .explain import locate, original

    decoding = next((step for step in result.steps if step.layer == "decode"), None)
    if decoding is not None and decoding.action != "utf-8":
        _, _, runs = decoding.detail.partition(": ")  # per-line: the byte runs and codecs
        yield (f"{name}: decoded as {result.encoding} ({decoding.action}, confidence "
               f"{result.confidence:.2f}){': ' + runs if runs else ''}")
    steps = [step for step in result.steps if step.layer != "decode"]
    input_lines = _line_starts(original(result.text, steps))
    output_lines = _line_starts(result.text)
    placed = sorted(zip(steps, locate(steps), strict=True), key=lambda pair: pair[1].start)
    for step, place in placed:
        if not (step.before or step.after):
            continue
        line, column = _line_column(input_lines, place.start)
        out_line, out_column = _line_column(output_lines, place.output_start)
        change = f"{step.before!r} -> {step.after!r}" if step.changed else repr(step.before)
        yield (f"{name}:{line}:{column}: {step.layer} {step.action}: {change}{_detail(step)}; "
               f"output {out_line}:{out_column}, offset {place.output_start}")


def _detail(step: Step) -> str:
    return f" ({step.detail})" if step.detail else ""


def _line_starts(text: str) -> list[int]:
    starts = [0]
    position = text.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def _line_column(starts: list[int], offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``offset``."""
    import bisect

    line = bisect.bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


def main(argv: Sequence[str] | None = None, stdin: BinaryIO | None = None,
         stdout: BinaryIO | None = None) -> int:
    """Run the command; returns the exit status. Testable in-process."""
    stdin = stdin if stdin is not None else sys.stdin.buffer
    stdout = stdout if stdout is not None else sys.stdout.buffer
    try:
        arguments = list(sys.argv[1:] if argv is None else argv)
        if arguments[:1] == ["serve"]:  # the local web page (a file named serve: ./serve)
            from .web.command import main as serve

            return serve(arguments[1:])
        args = build_parser().parse_args(arguments)
        if args.version:
            from . import __version__  # read from the installed metadata: 15 ms, only here

            stdout.write(f"textfix {__version__}\n".encode())
            stdout.flush()
            return 0
        return _run(args, stdin, stdout)
    except SystemExit as done:  # --help has printed its text
        return done.code if isinstance(done.code, int) else 0
    except UsageError as error:
        print(f"textfix: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("textfix: interrupted", file=sys.stderr)
        return 130


def _run(args: argparse.Namespace, stdin: BinaryIO, stdout: BinaryIO) -> int:
    config = make_config(args)
    _check_pipeline_options(args)
    if args.jsonl:
        from . import jsonl

        return jsonl.run_cli(args, config, stdin, stdout)
    from .audit import Summary, write_summary
    from .progress import Progress, Stats, show_progress

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
    progress = Progress(_total_size(names), args.progress)
    for name, outcome in zip(names, _repaired(names, args, config, stdin), strict=True):
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
                summary.add(inspected, _file_size(name))
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
            written = _stream(output, stdout)  # one file in memory at a time, not all
            if written is not None:
                status = max(status, written)
                break
    progress.close()
    if summary is not None:
        status = max(status, write_summary(summary, args, stdout))
    if outputs:  # not when every input failed: -o keeps its old content then
        status = max(status, _emit(b"".join(outputs), args.output, stdout))
    if args.stats:
        print(stats.line(), file=sys.stderr)
    return status


def _stream(data: bytes, stdout: BinaryIO) -> int | None:
    """Write one output to stdout now; None when the run goes on, else its exit status (0 when
    the reader went away, which is no error; 2 when stdout failed)."""
    try:
        stdout.write(data)
        stdout.flush()
    except BrokenPipeError:
        _silence_stdout(stdout)
        return 0
    except OSError as error:
        _silence_stdout(stdout)
        print(f"textfix: error: stdout: cannot write: {describe(error)}", file=sys.stderr)
        return 2
    return None


def _check_pipeline_options(args: argparse.Namespace) -> None:
    """The rules between options (README, "Options that go together"): an option that does not
    apply to the mode asked for is an error, never ignored."""
    if args.summary or args.summary_html:
        if args.check or args.in_place:
            raise UsageError("--summary and --summary-html go with --detect, not --check or -i")
        args.detect = True
    if args.detect or args.check:  # the modes that change nothing read a tree of files
        from .audit import expand

        args.files = expand(args.files)
    if args.encoding is not None:
        from .charset.labels import unknown_charset

        unknown = unknown_charset(args.encoding)
        if unknown is not None:
            raise UsageError(f"--encoding: unknown charset {unknown!r}")
    if not args.jsonl:
        for option, value in (("--field", args.field), ("--annotate", args.annotate),
                              ("--on-error", args.on_error != "stop" or None)):
            if value:
                raise UsageError(f"{option} works only with --jsonl")
    else:
        for option, value in (("--explain", args.explain), ("--encoding", args.encoding),
                              ("--keep-bom", args.keep_bom), ("--backup", args.backup)):
            if value:  # JSON Lines are UTF-8; what was done is told by --annotate
                raise UsageError(f"{option} does not apply to --jsonl (see --annotate)")
    if args.jobs is not None and args.jobs < 0:
        raise UsageError(f"-j/--jobs needs 0 (all cores) or more, not {args.jobs}")


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


def _streams(args: argparse.Namespace) -> bool:
    """Whether large inputs are streamed: output to stdout, or ``--check``/``--detect`` (which
    write no text); not with a mode that needs them whole."""
    if args.explain or args.stats:
        return False
    return bool(args.check or args.detect) or not (args.in_place or args.output)


def read_and_repair(args: argparse.Namespace, config: Config, name: str,
                    stdin: BinaryIO | None = None
                    ) -> tuple[bytes, DecodeResult] | InputError | Large:
    """Read and repair one input, or the error that stopped it (a -j worker's task), or leave
    a large one to be streamed."""
    threshold = min(STREAM_BYTES, PROGRESS_STREAM_BYTES) if args.progress else STREAM_BYTES
    try:
        source = stdin if stdin is not None else sys.stdin.buffer
        if _streams(args) and name == "-":
            data = source.read(threshold + 1)
            if len(data) > threshold:
                return Large(name, data)
        elif _streams(args) and (_file_size(name) or 0) > threshold:
            return Large(name)
        else:
            data = read_input(name, source)
        return data, repair(name, data, args, config)
    except InputError as error:
        return error


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
                first.append(_spam_line_of(text, steps))

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
        return _report(large.name, "", 0.0, "", detect_script(""), problems, True, None)
    except OSError as error:
        return unreadable(large.name, error)
    finally:
        if source is not stdin:
            source.close()
    guess = decoder.guess
    if decoder.is_binary or guess is None:
        return InputError(f"{shown(large.name)}: binary data, not text")
    return _report(large.name, guess.encoding, guess.confidence, guess.reason,
                   merged(scripts), problems, comparison.finish(), first[0] if first else None)


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

    from . import parallel

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
        _silence_stdout(stdout)
        return 0, True
    except OSError as error:
        if failed:
            _silence_stdout(stdout)
        where = "stdout: cannot write" if failed else f"{shown(large.name)}: cannot read"
        print(f"textfix: error: {where}: {describe(error)}", file=sys.stderr)
        return 2, bool(failed)
    finally:
        if source is not stdin:
            source.close()
    if decoder.is_binary:
        print(f"textfix: error: {shown(large.name)}: binary data, not text", file=sys.stderr)
        return 2, False
    written = _stream(b"", stdout)  # the flush, with its handling of errors
    return (0, False) if written is None else (written, True)


def _total_size(names: Sequence[str]) -> int | None:
    sizes = [_file_size(name) for name in names]
    return None if None in sizes else sum(size or 0 for size in sizes)


def _file_size(name: str) -> int | None:
    try:
        return None if name == "-" else Path(name).stat().st_size
    except OSError:
        return 0  # it will fail to read and be reported; it adds nothing to the total


def _repaired(names: Sequence[str], args: argparse.Namespace, config: Config, stdin: BinaryIO
              ) -> Iterator[tuple[bytes, DecodeResult] | InputError | Large]:
    """Every input read and repaired, in order: on -j worker processes when there are several
    files big enough to pay for the pool, else here."""
    import functools

    from . import parallel

    jobs = parallel.resolve_jobs(args.jobs)
    total = _total_size(names)
    if len(names) < 2 or total is None or total < parallel.MIN_PARALLEL_BYTES:
        jobs = 1  # stdin ("-") is read here, never by a worker
    task = functools.partial(read_and_repair, args, config, stdin=stdin if jobs == 1 else None)
    return parallel.ordered_map(task, names, jobs)


def _emit(data: bytes, output: str | None, stdout: BinaryIO) -> int:
    try:
        if output:
            write_atomically(Path(output), data)
        else:
            stdout.write(data)
            stdout.flush()
    except BrokenPipeError:  # the reader went away (textfix big.txt | head -1): not an error
        _silence_stdout(stdout)
    except OSError as error:
        _silence_stdout(stdout)
        where = shown(output) if output else "stdout"
        print(f"textfix: error: {where}: cannot write: {describe(error)}", file=sys.stderr)
        return 2
    return 0


def _silence_stdout(stdout: BinaryIO) -> None:
    """Point the process's stdout at /dev/null so the interpreter's final flush of what is
    still buffered cannot fail again (and print a traceback) at exit."""
    real = sys.__stdout__
    if real is None or stdout is not real.buffer:
        return  # a stream the caller passed in (tests): not ours to redirect
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, real.fileno())
    except (OSError, ValueError):
        pass


def main_exit() -> NoReturn:
    """Entry point of the console script."""
    sys.exit(main())
