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
from typing import BinaryIO, NoReturn

from . import __version__
from .api import decode, detect_script
from .config import TARGETS, Config
from .explain import DecodeResult, Step
from .stream import repair_stream

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
                      help="change nothing; exit 1 if any input would change")
    mode.add_argument("--detect", action="store_true",
                      help="change nothing; print a JSON report per input")
    parser.add_argument("--explain", action="store_true", help="print every step to stderr")
    parser.add_argument("--encoding", metavar="CHARSET",
                        help="the charset the input declares (a hint: verified, not trusted)")
    for layer in REPAIR_LAYERS:
        parser.add_argument(f"--no-{layer}", dest=layer, action="store_false",
                            help=f"switch off the {layer} layer")
    parser.add_argument("--fold-width", action="store_true",
                        help="fullwidth letters and digits -> ASCII")
    parser.add_argument("--fold-spaces", action="store_true", help="NBSP, U+3000 -> space")
    parser.add_argument("--punctuation", action="store_true",
                        help="halfwidth punctuation inside Chinese text -> fullwidth")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    return parser


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
    except FileNotFoundError:
        raise InputError(f"{shown(name)}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{shown(name)}: is a directory") from None
    except PermissionError:
        raise InputError(f"{shown(name)}: permission denied") from None
    except OSError as error:
        raise InputError(f"{shown(name)}: cannot read: {describe(error)}") from None


# Inputs larger than this are decoded and written piece by piece (textfix.stream) when the
# output is stdout: a multi-GB file in constant memory. Smaller ones are read whole.
STREAM_BYTES = 64 << 20


def read_head(name: str, stdin: BinaryIO) -> tuple[bytes, BinaryIO | None]:
    """The whole input, or (for one larger than ``STREAM_BYTES``) what was read of it and the
    open stream of the rest."""
    if name == "-":
        head = stdin.read(STREAM_BYTES + 1)
        return head, (stdin if len(head) > STREAM_BYTES else None)
    try:
        large = Path(name).stat().st_size > STREAM_BYTES
    except OSError:
        large = False  # read_input says what is wrong
    if not large:
        return read_input(name, stdin), None
    try:
        return b"", Path(name).open("rb")  # closed by the caller
    except OSError:
        return read_input(name, stdin), None


def describe(error: OSError) -> str:
    """The system's words for an OSError, without Python's decoration."""
    if error.errno == errno.ENOSPC:
        return "no space left on device"
    return (error.strerror or str(error)).lower()


def repair(name: str, data: bytes, args: argparse.Namespace, config: Config) -> DecodeResult:
    result = decode(data, declared=args.encoding, config=config,
                    explain=args.explain or args.detect)
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
    old file is kept; a symbolic link is followed, so the file it points to is rewritten. With
    ``backup``, the old file is first copied to ``path + backup``.

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
        if old is not None:
            os.chmod(temporary, stat.S_IMODE(old.st_mode))
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
    script = detect_script(result.text)
    problems = Counter(step.layer.split(".")[0] if step.changed else step.action
                       for step in result.steps if step.layer != "decode")
    return {
        "file": name,
        "encoding": result.encoding,
        "confidence": round(result.confidence, 3),
        "reason": result.reason,
        "script": script.script,
        "simplified": script.simplified,
        "traditional": script.traditional,
        "han": script.han,
        "problems": dict(sorted(problems.items())),
        "would_change": result.text.encode("utf-8") != data,
    }


def format_step(name: str, step: Step) -> str:
    where = f"{step.start}-{step.end}"
    detail = f" ({step.detail})" if step.detail else ""
    change = f"{step.before!r} -> {step.after!r}"
    return f"{name}: {step.layer} {step.action} at {where}: {change}{detail}"


def main(argv: Sequence[str] | None = None, stdin: BinaryIO | None = None,
         stdout: BinaryIO | None = None) -> int:
    """Run the command; returns the exit status. Testable in-process."""
    stdin = stdin if stdin is not None else sys.stdin.buffer
    stdout = stdout if stdout is not None else sys.stdout.buffer
    try:
        args = build_parser().parse_args(argv)
        if args.version:
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
    names = args.files or ["-"]
    if args.in_place and (args.output or "-" in names):
        raise UsageError("-i needs FILE arguments and no -o")
    if args.backup is not None and not args.in_place:
        raise UsageError("--backup works only with -i")
    if args.backup is not None and (not args.backup or "/" in args.backup):
        raise UsageError(f"--backup needs a file name suffix such as .orig, not {args.backup!r}")
    status = 0
    outputs: list[bytes] = []
    for name in names:
        try:
            data, rest = read_head(name, stdin)
            if rest is not None and not (args.check or args.detect or args.in_place
                                         or args.explain or args.output):
                if outputs:  # what earlier inputs gave goes out first, in order
                    status = max(status, _emit(b"".join(outputs), None, stdout))
                    outputs = []
                status = max(status, stream_out(name, data, rest, args, config, stdout))
                continue
            if rest is not None:  # a large input in a mode that needs it whole
                if name == "-":
                    data += stdin.read()
                else:
                    rest.close()
                    data = read_input(name, stdin)
            result = repair(name, data, args, config)
        except InputError as error:
            print(f"textfix: error: {error}", file=sys.stderr)
            status = 2
            continue
        output = result.text.encode("utf-8", errors="replace")
        if args.keep_bom and result.reason == "bom":
            output = codecs.BOM_UTF8 + output
        if args.explain:
            for step in result.steps:
                print(format_step(name, step), file=sys.stderr)
        if args.detect:
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
        else:
            outputs.append(output)
    if outputs:  # not when every input failed: -o keeps its old content then
        status = max(status, _emit(b"".join(outputs), args.output, stdout))
    return status


def stream_out(name: str, head: bytes, rest: BinaryIO, args: argparse.Namespace,
               config: Config, stdout: BinaryIO) -> int:
    """Decode, repair and write a large input piece by piece (see ``STREAM_BYTES``)."""
    failed: list[OSError] = []

    def write(data: bytes) -> None:
        try:
            stdout.write(data)
        except OSError as error:  # told apart from a read error of the input
            failed.append(error)
            raise

    try:
        decoder = repair_stream(rest, write, declared=args.encoding, config=config,
                                first=head, keep_bom=args.keep_bom)
    except BrokenPipeError:
        _silence_stdout(stdout)
        return 0
    except OSError as error:
        _silence_stdout(stdout)
        where = "stdout: cannot write" if failed else f"{shown(name)}: cannot read"
        print(f"textfix: error: {where}: {describe(error)}", file=sys.stderr)
        return 2
    finally:
        if name != "-":
            rest.close()
    if decoder.is_binary:
        print(f"textfix: error: {shown(name)}: binary data, not text", file=sys.stderr)
        return 2
    return _emit(b"", None, stdout)  # the flush, with _emit's handling of its errors


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
