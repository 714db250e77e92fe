"""Speed of textfix against its anchors, all measured in the same run on the same text.

    python benchmarks/speed.py [--corpus PATH] [--quick] [--repeat N] [--json FILE]

Anchors: ftfy (clean text), raw OpenCC (script conversion), ``bytes.decode`` and chardet
(decoding), the ``opencc`` command (the CLI). Throughput is the best of ``--repeat`` runs: the
fastest run is the one least disturbed by the rest of the machine. Targets from the issue:
``fix`` on clean text >= 10x ftfy; ``fix(to="simplified")`` >= 0.7x raw OpenCC ``t2s``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import partial
from importlib.metadata import version
from pathlib import Path
from typing import Generic, Literal, TypeVar

import chardet
import ftfy
import opencc

import textfix

sys.path.insert(0, str(Path(__file__).resolve().parent))
import workloads
from clean_symbols import lines as symbol_lines
from common import argument_parser, command_line, git_state

QUICK_SHARE = 10  # --quick keeps one manual page in ten (both scripts of it)
WARMUP_ITEMS = 20  # calls before timing: lazy converters and caches are built outside the clock

T = TypeVar("T", str, bytes)
R = TypeVar("R")
Unit = Literal["char", "byte"]


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    script: str  # simplified, traditional or none
    length_class: str  # short, sentence or long
    file: str  # the manual page it came from


@dataclass(frozen=True, slots=True)
class Settings:
    repeat: int  # runs per measurement (best is kept)
    budget: float  # seconds per measurement after which no further run starts


@dataclass(frozen=True, slots=True)
class Workload(Generic[T]):
    """What one measurement runs over: every item, once per run."""

    label: str
    items: Sequence[T]
    unit: Unit

    @property
    def size(self) -> int:  # characters or bytes
        return sum(len(item) for item in self.items)


@dataclass(slots=True)
class Row:
    """One measurement: a subject run over a workload."""

    key: str
    section: str
    subject: str
    workload: str
    size: int  # characters or bytes processed per run
    unit: Unit
    seconds: float  # the best run
    runs: int
    note: str = ""
    command: str = ""  # the exact command line, for the CLI rows

    @property
    def throughput(self) -> float:
        return self.size / self.seconds if self.seconds > 0 else float("inf")


@dataclass(frozen=True, slots=True)
class Ratio:
    """Subject throughput / anchor throughput; ``target`` is the minimum the issue asks for."""

    label: str
    subject: str  # Row.key
    anchor: str  # Row.key
    target: float | None = None


@dataclass(slots=True)
class Bench:
    """The measurements of one run, and how to take them."""

    settings: Settings
    rows: list[Row] = field(default_factory=list)
    ratios: list[Ratio] = field(default_factory=list)

    def measure(self, key: str, section: str, subject: str, func: Callable[[T], R],
                workload: Workload[T]) -> list[R]:
        """Time ``func`` over every item (the same list comprehension for subject and anchor);
        returns the outputs of the last run, to be checked outside the clock."""
        items = workload.items
        for item in items[:WARMUP_ITEMS]:
            func(item)
        seconds, runs, outputs = best_of(lambda: [func(item) for item in items], self.settings)
        self.rows.append(Row(key, section, subject, workload.label, workload.size,
                             workload.unit, seconds, runs))
        print(f"  measured {subject} on {workload.label}: {seconds:.3f} s", file=sys.stderr)
        return outputs

    def row(self, key: str) -> Row | None:
        return next((row for row in self.rows if row.key == key), None)

    def annotate(self, key: str, note: str) -> None:
        row = self.row(key)
        if row is not None:
            row.note = f"{row.note}; {note}" if row.note else note

    def compare(self, label: str, subject: str, anchor: str, target: float | None = None) -> None:
        self.ratios.append(Ratio(label, subject, anchor, target))

    def ratio(self, ratio: Ratio) -> float | None:
        subject, anchor = self.row(ratio.subject), self.row(ratio.anchor)
        if subject is None or anchor is None:
            return None
        return subject.throughput / anchor.throughput


def best_of(work: Callable[[], R], settings: Settings) -> tuple[float, int, R]:
    """(best seconds, runs, result of the last run). Stops early once the budget is spent."""
    best, spent, runs = float("inf"), 0.0, 0
    while True:
        start = time.perf_counter()
        result = work()
        elapsed = time.perf_counter() - start
        best, spent, runs = min(best, elapsed), spent + elapsed, runs + 1
        if runs >= settings.repeat or spent >= settings.budget:
            return best, runs, result


# --- corpus ---------------------------------------------------------------------------------


def load_corpus(path: Path, quick: bool) -> list[Paragraph]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    paragraphs = [Paragraph(r["text"], r["script"], r["length_class"], r["file"]) for r in records]
    return [p for p in paragraphs if _kept(p.file)] if quick else paragraphs


def _kept(file: str) -> bool:
    # Keyed on the page name without zh_CN/ or zh_TW/, so both scripts of a page stay together.
    return zlib.crc32(file.split("/", 1)[-1].encode()) % QUICK_SHARE == 0


def documents(paragraphs: Iterable[Paragraph]) -> list[str]:
    """The paragraphs of each manual page joined with newlines: one realistic page each."""
    pages: dict[str, list[str]] = {}
    for paragraph in paragraphs:
        pages.setdefault(paragraph.file, []).append(paragraph.text)
    return ["\n".join(texts) for texts in pages.values()]


def differing(left: Sequence[object], right: Sequence[object]) -> int:
    return sum(a != b for a, b in zip(left, right, strict=True))


def changed(outputs: Sequence[str], texts: Sequence[str]) -> str:
    return f"changed {differing(outputs, texts)} of {len(texts)}"


# --- library calls --------------------------------------------------------------------------

FTFY_CJK = ftfy.TextFixerConfig(fix_character_width=False, uncurl_quotes=False)


def ftfy_cjk(text: str) -> str:
    return ftfy.fix_text(text, config=FTFY_CJK)


def bench_clean(bench: Bench, paragraphs: list[Paragraph]) -> None:
    """fix() on clean corpus paragraphs (every script) vs ftfy, overall and per length class,
    and on clean web fields, a call each, as a scraper cleans a record's title and cells."""
    section = "clean text"
    groups = {"all": [p.text for p in paragraphs]}
    for length in ("short", "sentence", "long"):
        groups[length] = [p.text for p in paragraphs if p.length_class == length]
    groups["web fields"] = symbol_lines(len(paragraphs) // 10, seed=1)
    groups["web titles"] = symbol_lines(len(paragraphs) // 10, seed=2, most=2)
    for name, texts in groups.items():
        what = "fields" if name.startswith("web") else "paragraphs"
        work = Workload(f"{len(texts):,} {what} ({name})", texts, "char")
        ours = bench.measure(f"fix/{name}", section, "textfix.fix(x)", textfix.fix, work)
        bench.annotate(f"fix/{name}", changed(ours, texts))
        theirs = bench.measure(f"ftfy-cjk/{name}", section, "ftfy.fix_text(x, CJK-safe)",
                               ftfy_cjk, work)
        bench.annotate(f"ftfy-cjk/{name}", changed(theirs, texts))
        bench.compare(f"fix vs ftfy CJK-safe, {name}", f"fix/{name}", f"ftfy-cjk/{name}", 30)
    # Clean text should cost less than the cheapest real work on it: one OpenCC conversion.
    work = Workload(f"{len(groups['all']):,} paragraphs (all)", groups["all"], "char")
    raw = opencc.OpenCC("t2s", include_tofu_risk_dictionaries=False)
    bench.measure("opencc-clean/all", section, "OpenCC('t2s').convert(x)", raw.convert, work)
    bench.compare("fix vs raw OpenCC t2s, same clean text", "fix/all", "opencc-clean/all", 1.0)
    # ftfy's defaults fold ，。 and curly quotes, so they are no anchor for Chinese; for scale.
    default = bench.measure("ftfy-default/all", section, "ftfy.fix_text(x) defaults",
                            ftfy.fix_text, work)
    bench.annotate("ftfy-default/all", changed(default, groups["all"]))
    bench.compare("fix vs ftfy defaults, all", "fix/all", "ftfy-default/all", 10)


def bench_script(bench: Bench, paragraphs: list[Paragraph]) -> None:
    """fix(to="simplified") on the traditional text vs raw OpenCC t2s: paragraphs and pages."""
    section = "to simplified"
    traditional = [p for p in paragraphs if p.script == "traditional"]
    raw = opencc.OpenCC("t2s", include_tofu_risk_dictionaries=False)
    pages = documents(traditional)
    works = {
        "paragraph": Workload(f"{len(traditional):,} trad. paragraphs",
                              [p.text for p in traditional], "char"),
        "document": Workload(f"{len(pages):,} trad. documents", pages, "char"),
    }
    subjects = (
        ("fix-simplified", 'textfix.fix(x, to="simplified")', 'fix(to="simplified")',
         _fix_simplified),
        ("convert-simplified", 'textfix.convert(x, "simplified")', 'convert("simplified")',
         _convert_simplified),
    )
    for name, work in works.items():
        anchor = bench.measure(f"opencc/{name}", section, "OpenCC('t2s').convert(x)",
                               raw.convert, work)
        for key, subject, short, func in subjects:
            ours = bench.measure(f"{key}/{name}", section, subject, func, work)
            # textfix reads Taiwan-standard text with tw2s, so some outputs differ on purpose.
            bench.annotate(f"{key}/{name}",
                           f"differs from raw t2s on {differing(ours, anchor)} of {len(ours)}")
            bench.compare(f"{short} vs raw t2s, per {name}", f"{key}/{name}", f"opencc/{name}",
                          0.7)


def _fix_simplified(text: str) -> str:
    return textfix.fix(text, to="simplified")


def _convert_simplified(text: str) -> str:
    return textfix.convert(text, "simplified")


def bench_decode(bench: Bench, paragraphs: list[Paragraph]) -> None:
    """decode() on whole pages: UTF-8 vs bytes.decode, GB18030 vs chardet + decode."""
    section = "decode"
    pages = documents(paragraphs)
    utf8 = Workload(f"{len(pages):,} UTF-8 documents", [p.encode("utf-8") for p in pages], "byte")
    ours = bench.measure("decode/utf-8", section, "textfix.decode(b)", textfix.decode, utf8)
    bench.annotate("decode/utf-8", f"text {changed([r.text for r in ours], pages)} (repairs)")
    bench.measure("bytes.decode/utf-8", section, "b.decode('utf-8')", _utf8, utf8)
    bench.compare("decode vs bytes.decode, UTF-8 docs", "decode/utf-8", "bytes.decode/utf-8")
    # ASCII-only pages are byte-identical in GB18030, so only pages with Chinese test detection.
    chinese = [page for page in pages if not page.isascii()]
    legacy = Workload(f"{len(chinese):,} GB18030 documents",
                      [page.encode("gb18030") for page in chinese], "byte")
    ours = bench.measure("decode/gb18030", section, "textfix.decode(b)", textfix.decode, legacy)
    bench.annotate("decode/gb18030", "right charset for "
                   + _right_charset([r.encoding for r in ours], legacy.items, chinese))
    theirs = bench.measure("chardet/gb18030", section, "chardet.detect(b) + b.decode",
                           _chardet_decode, legacy)
    bench.annotate("chardet/gb18030",
                   f"right text for {len(chinese) - differing(theirs, chinese)} of {len(chinese)}")
    bench.compare("decode vs chardet + decode, GB18030 docs", "decode/gb18030",
                  "chardet/gb18030")


def _utf8(data: bytes) -> str:
    return data.decode("utf-8")


def _chardet_decode(data: bytes) -> str:
    encoding = chardet.detect(data)["encoding"] or "utf-8"
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:  # a name Python has no codec for
        return data.decode("utf-8", errors="replace")


def _right_charset(encodings: Sequence[str], data: Sequence[bytes], texts: Sequence[str]) -> str:
    # Right = decoding with the guessed charset gives the source text (gbk would do for most).
    right = sum(b.decode(e, errors="replace") == t
                for e, b, t in zip(encodings, data, texts, strict=True))
    return f"{right} of {len(texts)}"


# --- whole documents ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """Per-document seconds (the best of the runs) of textfix and its anchors on one kind."""

    kind: str
    count: int
    fix: list[float]
    anchors: dict[str, list[float]]
    changed: int


def bench_documents(rows: list[DocumentRow], settings: Settings, limit: int) -> None:
    """``fix()`` on whole clean documents of about 32 KB, each timed on its own, against raw
    OpenCC t2s, ftfy.fix_text and str.encode on the same document."""
    raw = opencc.OpenCC("t2s", include_tofu_risk_dictionaries=False)
    anchors: dict[str, Callable[[str], object]] = {
        "t2s": raw.convert, "ftfy": ftfy.fix_text, "encode": _encode_utf8}
    for kind, texts in workloads.clean_documents(limit).items():
        fix_times: list[float] = []
        anchor_times: dict[str, list[float]] = {name: [] for name in anchors}
        changed_count = 0
        for text in texts:
            seconds, _, output = best_of(partial(textfix.fix, text), settings)
            fix_times.append(seconds)
            changed_count += output != text
            for name, func in anchors.items():
                anchor_times[name].append(best_of(partial(func, text), settings)[0])
        rows.append(DocumentRow(kind, len(texts), fix_times, anchor_times, changed_count))
        print(f"  measured {len(texts)} documents: {kind}", file=sys.stderr)


def implementation() -> str:
    """Which implementation ran the kernels ("python" for a textfix from before the core)."""
    try:
        from textfix import _kernels
    except ImportError:
        return "python (no core)"
    return _kernels.IMPLEMENTATION


def _encode_utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def print_documents(rows: Sequence[DocumentRow]) -> None:
    """Per kind: the median document's time, and textfix's speed as a multiple of each anchor's
    (anchor time / textfix time) on the median document and on the slowest one for textfix."""
    header = (f"{'clean documents (~32 KB)':<38} {'docs':>4} {'fix ms':>7} {'x t2s':>7} "
              f"{'slowest':>7} {'x ftfy':>7} {'x encode':>8}  changed")
    print(header)
    print("-" * len(header))
    for row in rows:
        middle = statistics.median(row.fix)
        slowest = max(range(row.count), key=row.fix.__getitem__)

        def times(name: str, row: DocumentRow = row, middle: float = middle) -> float:
            return statistics.median(row.anchors[name]) / middle

        print(f"{row.kind:<38} {row.count:>4} {middle * 1e3:>7.2f} {times('t2s'):>6.2f}x "
              f"{row.anchors['t2s'][slowest] / row.fix[slowest]:>6.2f}x "
              f"{times('ftfy'):>6.0f}x {times('encode'):>7.3f}x  {row.changed}")


# --- the command-line tools ----------------------------------------------------------------


def find_command(name: str, module_fallbacks: Sequence[str]) -> list[str] | None:
    """A working command for a console script: beside this interpreter (no pyenv shim in the
    timing), on PATH, or ``python -m``. It counts as working when ``--help`` exits 0."""
    beside = Path(sys.executable).with_name(name)
    candidates = [[str(beside)]] if beside.is_file() else []
    on_path = shutil.which(name)
    if on_path:
        candidates.append([on_path])
    candidates += [[sys.executable, "-m", module] for module in module_fallbacks]
    for command in candidates:
        try:
            done = subprocess.run([*command, "--help"], capture_output=True, timeout=60)
        except OSError:
            continue
        if done.returncode == 0:
            return command
    return None


def run_command(command: Sequence[str]) -> bytes:
    return subprocess.run(command, capture_output=True, check=True).stdout


def bench_cli(bench: Bench, paragraphs: list[Paragraph], folder: Path) -> None:
    """``textfix --to simplified FILE`` vs the opencc command on one big traditional file."""
    big, empty = folder / "traditional.txt", folder / "empty.txt"
    big.write_text("\n".join(documents(p for p in paragraphs if p.script == "traditional"))
                   + "\n", encoding="utf-8")
    empty.write_bytes(b"")
    ours = find_command("textfix", ["textfix"]) or [sys.executable, "-m", "textfix"]
    theirs = find_command("opencc", ["opencc", "opencc.cli"])
    # The empty file measures the start of the interpreter and the imports on their own.
    time_command(bench, "textfix/startup", [*ours, "--to", "simplified", str(empty)])
    output = time_command(bench, "textfix/file", [*ours, "--to", "simplified", str(big)])
    if theirs is None:
        print("  no opencc command (opencc --help, python -m opencc): anchor skipped",
              file=sys.stderr)
        return
    time_command(bench, "opencc/startup", [*theirs, "-c", "t2s", "-i", str(empty)])
    anchor = time_command(bench, "opencc/file", [*theirs, "-c", "t2s", "-i", str(big)])
    lines = zip(output.splitlines(), anchor.splitlines(), strict=False)
    different = sum(a != b for a, b in lines)
    bench.annotate("cli-textfix/file", f"{different} lines differ from opencc's")
    bench.compare("textfix --to simplified vs opencc -c t2s, CLI", "cli-textfix/file",
                  "cli-opencc/file", 0.7)


def time_command(bench: Bench, key: str, argv: list[str]) -> bytes:
    """Time a command over the file that is its last argument; its output is returned."""
    size = Path(argv[-1]).stat().st_size
    seconds, runs, output = best_of(lambda: run_command(argv), bench.settings)
    workload = f"{size / 1e6:.1f} MB file" if size else "empty file (startup)"
    subject = shlex.join([Path(argv[0]).name if len(argv[0]) > 20 else argv[0], *argv[1:-1]])
    bench.rows.append(Row(f"cli-{key}", "CLI", subject, workload, size, "byte", seconds, runs,
                          command=shlex.join(argv)))
    print(f"  measured {argv[0]} on {workload}: {seconds:.3f} s", file=sys.stderr)
    name, _, label = key.partition("/")
    if label == "file":
        _note_net(bench, name, size)
    return output


def _note_net(bench: Bench, name: str, size: int) -> None:
    """Throughput once the interpreter's start (the empty-file run) is taken off."""
    startup, file = bench.row(f"cli-{name}/startup"), bench.row(f"cli-{name}/file")
    if startup is None or file is None:
        return
    net = file.seconds - startup.seconds
    if net > 0:
        bench.annotate(file.key, f"net of startup: {size / net / 1e6:.2f} MB/s")


# --- output ---------------------------------------------------------------------------------


def rate(row: Row) -> str:
    if row.size == 0:
        return "-"
    value = row.throughput
    return f"{value / 1e6:8.2f} MB/s" if row.unit == "byte" else f"{value / 1e6:6.2f} Mchar/s"


def print_rows(rows: Sequence[Row]) -> None:
    header = f"{'section':<14} {'subject':<36} {'workload':<34} {'runs':>4} {'best s':>8} " \
        f"{'throughput':>14}  note"
    print(header)
    print("-" * len(header))
    for row in rows:
        subject = row.subject if len(row.subject) <= 36 else "..." + row.subject[-33:]
        print(f"{row.section:<14} {subject:<36} {row.workload:<34} {row.runs:>4} "
              f"{row.seconds:>8.3f} {rate(row):>14}  {row.note}")


def print_ratios(bench: Bench) -> None:
    header = f"{'textfix vs anchor (throughput ratio)':<56} {'ratio':>9} {'target':>7}  verdict"
    print(header)
    print("-" * len(header))
    for ratio in bench.ratios:
        value = bench.ratio(ratio)
        if value is None:
            continue
        target = f">={ratio.target:g}x" if ratio.target is not None else ""
        verdict = "" if ratio.target is None else "ok" if value >= ratio.target else "MISS"
        print(f"{ratio.label:<56} {value:>8.3g}x {target:>7}  {verdict}")


def print_commands(rows: Sequence[Row]) -> None:
    for row in rows:
        if row.command:
            print(f"{row.key}: {row.command}")


def environment(corpus: Path, paragraphs: Sequence[Paragraph]) -> dict[str, object]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        "versions": {name: version(name) for name in ("textfix", "ftfy", "opencc", "chardet")},
        "git": git_state(),
        "corpus": str(corpus),
        "paragraphs": len(paragraphs),
        "characters": sum(len(p.text) for p in paragraphs),
    }


# --- main -----------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argument_parser("textfix's speed against its anchors", corpus=True, json=True)
    parser.add_argument("--quick", action="store_true",
                        help=f"one manual page in {QUICK_SHARE} (a smoke run of a few seconds)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; best kept")
    parser.add_argument("--budget", type=float, default=8.0,
                        help="seconds per measurement after which no further run starts")
    parser.add_argument("--documents", type=int, default=20, metavar="N",
                        help="whole 32 KB documents per kind (0: skip that section)")
    parser.add_argument("--only-documents", action="store_true",
                        help="measure the whole documents alone")
    parser.add_argument("--whole-reference", action="store_true",
                        help="read whole lines through the Python reference of the core's "
                             "whole-text kernel (recode.REFERENCE), to measure that kernel")
    return parser.parse_args(argv)


def use_whole_reference() -> None:
    """Whole-line readings by ``recode.REFERENCE``, one call per chain, as before the kernel."""
    from textfix import recode
    recode.repair_whole = recode.REFERENCE.repair_whole
    recode.repair_whole_each = recode.REFERENCE.repair_whole_each


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    print("$ " + command_line())
    if args.whole_reference:
        use_whole_reference()
    if not args.corpus.is_file():
        print(f"speed.py: corpus not found: {args.corpus} (pass --corpus PATH)", file=sys.stderr)
        return 2
    started = time.perf_counter()
    paragraphs = load_corpus(args.corpus, args.quick)
    env = environment(args.corpus, paragraphs)
    print(json.dumps(env, ensure_ascii=False), flush=True)
    bench = Bench(Settings(max(1, args.repeat), args.budget))
    document_rows: list[DocumentRow] = []
    if args.documents:
        bench_documents(document_rows, bench.settings, args.documents)
    if not args.only_documents:
        bench_clean(bench, paragraphs)
        bench_script(bench, paragraphs)
        bench_decode(bench, paragraphs)
        with tempfile.TemporaryDirectory(prefix="textfix-bench-") as folder:
            bench_cli(bench, paragraphs, Path(folder))
    total = time.perf_counter() - started
    print(f"implementation: {implementation()}")
    if document_rows:
        print()
        print_documents(document_rows)
    if bench.rows:
        print()
        print_rows(bench.rows)
        print()
        print_ratios(bench)
        print()
        print_commands(bench.rows)
    print(f"\ntotal {total:.1f} s")
    if args.json:
        _save(args.json, env, bench, total)
    return 0


def _save(path: Path, env: dict[str, object], bench: Bench, total: float) -> None:
    results = {
        "command": command_line(),
        "environment": env,
        "rows": [asdict(row) | {"throughput": row.throughput} for row in bench.rows],
        "ratios": [asdict(r) | {"value": bench.ratio(r)} for r in bench.ratios],
        "total_seconds": total,
    }
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
