"""The ``textfix`` command: a filter from bytes (stdin or files) to repaired UTF-8 text.

Exit status: 0 done; 1 ``--check`` found inputs that would change; 2 bad usage or an input
that could not be read or decoded (one line on stderr each, never a traceback); 130 interrupted.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence
from typing import BinaryIO, NoReturn

from ..config import LOSSY_MODES, TARGETS, Config
from ._io import UsageError

REPAIR_LAYERS = ("mojibake", "html", "unicode", "annotations")


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
    parser.add_argument("--lossy", choices=LOSSY_MODES, default=LOSSY_MODES[0],
                        help="where bytes were lost: mark (keep U+FFFD or '?' unless one "
                        "character fits; the default) or guess (fill in the likeliest, each "
                        "guess shown by --explain)")
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


def main(argv: Sequence[str] | None = None, stdin: BinaryIO | None = None,
         stdout: BinaryIO | None = None) -> int:
    """Run the command; returns the exit status. Testable in-process."""
    stdin = stdin if stdin is not None else sys.stdin.buffer
    stdout = stdout if stdout is not None else sys.stdout.buffer
    try:
        arguments = list(sys.argv[1:] if argv is None else argv)
        if arguments[:1] == ["serve"]:  # the local web page (a file named serve: ./serve)
            from ..web.command import main as serve

            return serve(arguments[1:])
        args = build_parser().parse_args(arguments)
        if args.version:
            from .. import __version__  # read from the installed metadata: 15 ms, only here

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
    from . import text

    return text.run(args, config, stdin, stdout)


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
        from ..charset.labels import unknown_charset

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


def main_exit() -> NoReturn:
    """Entry point of the console script."""
    sys.exit(main())
