"""The CLI on 100 MB files, streamed: time per MB, peak memory, and the anchors in the same run.

    nice python benchmarks/cli_stream.py [--mb 100] [--folder /tmp/textfix-cli-stream]
                                         [--only lines|one-line] [--no-anchors] [--keep]

Two files are built from the corpus (``../shared/corpus``: dev and literary paragraphs, turned
traditional with OpenCC ``s2t``, repeated to ``--mb`` MB): one paragraph a line, and the same
text with the newlines removed (one line of 100 MB, as a JSON field or minified HTML is). Each
goes through ``textfix --to simplified FILE > OUT`` (streamed: over 64 MB); the anchors, on the
same files in the same run, are the ``opencc -c t2s`` command and raw OpenCC ``t2s`` in Python
(read the file, convert it, write it). Every command is a child process timed by the operating
system (user + system CPU, which the other work on a shared machine barely moves, and wall
time) with its peak resident set (``ru_maxrss``). Printed: s/MB and MB/s of each, the ratios
textfix / anchor (above 1: textfix is faster), one line against lines per MB, the peak
resident sets, and how many output lines differ from the opencc command's.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
MB = 1_000_000

# Raw OpenCC t2s in Python over a whole file: the least a converter in Python pays.
RAW_T2S = """
import sys, opencc
convert = opencc.OpenCC("t2s", include_tofu_risk_dictionaries=False).convert
with open(sys.argv[1], encoding="utf-8") as source:
    text = source.read()
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write(convert(text))
"""


@dataclasses.dataclass(frozen=True)
class Timed:
    name: str
    shape: str  # "lines" or "one line"
    size: int  # bytes of input
    cpu: float  # user + system seconds
    wall: float
    peak_mb: float  # resident set
    status: int

    @property
    def cpu_per_mb(self) -> float:
        return self.cpu / (self.size / MB)

    @property
    def wall_per_mb(self) -> float:
        return self.wall / (self.size / MB)


def paragraphs() -> list[str]:
    """The dev and literary paragraphs, in traditional characters (OpenCC s2t)."""
    import opencc

    to_traditional = opencc.OpenCC("s2t").convert
    found: list[str] = []
    for name in ("dev", "literary"):
        with gzip.open(SHARED / "corpus" / f"{name}.jsonl.gz", "rt", encoding="utf-8") as lines:
            found.extend(json.loads(line)["text"] for line in lines)
    converted: str = to_traditional("\n".join(found))
    return converted.split("\n")


def build(folder: Path, size: int) -> tuple[Path, Path]:
    """(one paragraph a line, the same with the newlines removed), ``size`` bytes each or a
    little more; built once per size and kept in ``folder``."""
    lines, one_line = folder / f"lines-{size}.txt", folder / f"one-line-{size}.txt"
    if lines.exists() and one_line.exists():
        return lines, one_line
    text = "\n".join(paragraphs()) + "\n"
    data = text.encode("utf-8")
    copies = -(-size // len(data))
    with lines.open("wb") as out:
        for _ in range(copies):
            out.write(data)
    flat = data.replace(b"\n", b"")
    with one_line.open("wb") as out:
        for _ in range(copies):
            out.write(flat)
    return lines, one_line


def timed(name: str, shape: str, argv: list[str], size: int, stdout: Path) -> Timed:
    """Run ``argv`` as a child with its output in ``stdout``: its CPU, wall time and peak RSS."""
    start = time.perf_counter()
    with stdout.open("wb") as out:
        child = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE)
        assert child.stderr is not None
        errors = child.stderr.read()
        _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if status:
        print(f"  {name} on {shape}: exit status {status}: {errors[-300:]!r}", file=sys.stderr)
    result = Timed(name, shape, size, usage.ru_utime + usage.ru_stime, wall,
                   usage.ru_maxrss / 1024, status)
    print(f"  {name:<24} {shape:<9} cpu {result.cpu:7.2f} s  wall {result.wall:7.2f} s  "
          f"peak {result.peak_mb:6.0f} MB", file=sys.stderr)
    return result


def differing_lines(left: Path, right: Path) -> int:
    with left.open("rb") as one, right.open("rb") as other:
        return sum(a != b for a, b in zip(one, other, strict=False))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=100, help="size of each file (default 100)")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/textfix-cli-stream"))
    parser.add_argument("--only", choices=("lines", "one-line"), help="one shape only")
    parser.add_argument("--no-anchors", action="store_true", help="time textfix only")
    parser.add_argument("--keep", action="store_true", help="keep the outputs in --folder")
    parser.add_argument("--jobs", metavar="N", help="textfix -j N (default: the CLI's, all "
                        "cores)")
    parser.add_argument("--profile", action="store_true",
                        help="also split textfix's time on each file into decode, scan, repair "
                        "layers, conversion and the rest (in this process)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.folder.mkdir(parents=True, exist_ok=True)
    size = int(args.mb * MB)
    lines, one_line = build(args.folder, size)
    textfix = [sys.executable, "-m", "textfix", "--to", "simplified"]
    if args.jobs is not None:
        textfix += ["-j", args.jobs]
    beside = Path(sys.executable).with_name("opencc")  # no pyenv shim in the timing
    opencc_command = str(beside) if beside.is_file() else shutil.which("opencc")
    print(f"load average at start: {os.getloadavg()}", file=sys.stderr)
    results: list[Timed] = []
    differ: dict[str, int] = {}
    shapes = [("lines", lines), ("one line", one_line)]
    if args.only:
        shapes = [shapes[0] if args.only == "lines" else shapes[1]]
    for shape, path in shapes:
        file_size = path.stat().st_size
        ours = args.folder / f"out-textfix-{path.stem}.txt"
        results.append(timed("textfix --to simplified", shape, [*textfix, str(path)],
                             file_size, ours))
        if args.no_anchors:
            continue
        if opencc_command is not None:
            theirs = args.folder / f"out-opencc-{path.stem}.txt"
            results.append(timed("opencc -c t2s", shape, [opencc_command, "-c", "t2s", "-i",
                                                          str(path), "-o", str(theirs)],
                                 file_size, args.folder / "opencc-stdout.txt"))
            differ[shape] = differing_lines(ours, theirs)
        raw = args.folder / f"out-raw-{path.stem}.txt"
        results.append(timed("raw OpenCC t2s (Python)", shape,
                             [sys.executable, "-c", RAW_T2S, str(path), str(raw)],
                             file_size, args.folder / "raw-stdout.txt"))
    print(f"load average at end: {os.getloadavg()}", file=sys.stderr)
    report(results, differ, opencc_command is not None)
    if args.profile:
        for shape, path in shapes:
            print(f"{shape}: {profile(path)}")
    if not args.keep:
        for output in args.folder.glob("out-*.txt"):
            output.unlink()
    return 0 if all(result.status == 0 for result in results) else 1


def profile(path: Path) -> str:
    """Where ``textfix --to simplified`` spends its CPU on ``path``, streamed as the CLI
    streams it: each part timed by a wrapper (process time), the rest is the pipeline's own
    bookkeeping, the cuts and the output."""
    from textfix import pipeline, stream
    from textfix.config import Config
    from textfix.layers import script

    spent: dict[str, float] = {}

    def timed_call(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.process_time() - start
        return call

    def timed_texts(texts: Iterator[str]) -> Iterator[str]:
        while True:
            start = time.process_time()
            text = next(texts, None)
            spent["decode"] = spent.get("decode", 0.0) + time.process_time() - start
            if text is None:
                return
            yield text

    originals = (pipeline.scan, pipeline._repair, script.run, stream.iter_decode)
    pipeline.scan = timed_call("scan", pipeline.scan)
    pipeline._repair = timed_call("repair layers", pipeline._repair)
    script.run = timed_call("conversion (OpenCC)", script.run)
    decode = stream.iter_decode
    stream.iter_decode = lambda *args, **kwargs: timed_texts(decode(*args, **kwargs))
    start = time.process_time()
    try:
        with path.open("rb") as source, open(os.devnull, "wb") as sink:
            stream.repair_stream(source, timed_call("write", sink.write),
                                 config=Config(to="simplified"))
    finally:
        pipeline.scan, pipeline._repair, script.run, stream.iter_decode = originals
    total = time.process_time() - start
    spent["the rest"] = total - sum(spent.values())
    size = path.stat().st_size / MB
    return f"{total / size:.4f} s/MB: " + ", ".join(
        f"{name} {seconds / size:.4f} ({seconds / total:.0%})" for name, seconds in spent.items())


def report(results: list[Timed], differ: dict[str, int], has_command: bool) -> None:
    print("| command | input | CPU s/MB | wall s/MB | MB/s (CPU) | peak RSS |")
    print("| --- | --- | --- | --- | --- | --- |")
    for result in results:
        print(f"| {result.name} | {result.size / MB:.0f} MB, {result.shape} | "
              f"{result.cpu_per_mb:.4f} | {result.wall_per_mb:.4f} | "
              f"{1 / result.cpu_per_mb:.1f} | {result.peak_mb:.0f} MB |")
    by = {(result.name, result.shape): result for result in results}
    print()
    for shape in ("lines", "one line"):
        ours = by.get(("textfix --to simplified", shape))
        if ours is None:
            continue
        for anchor in ("opencc -c t2s", "raw OpenCC t2s (Python)"):
            theirs = by.get((anchor, shape))
            if theirs is not None:
                print(f"{shape}: textfix vs {anchor}: {theirs.cpu / ours.cpu:.2f}x (CPU), "
                      f"{theirs.wall / ours.wall:.2f}x (wall)")
        if shape in differ:
            print(f"{shape}: {differ[shape]} output lines differ from the opencc command's")
    lines, one = by.get(("textfix --to simplified", "lines")), \
        by.get(("textfix --to simplified", "one line"))
    if lines is not None and one is not None:
        print(f"textfix one line vs lines, per MB: {one.cpu_per_mb / lines.cpu_per_mb:.2f}x (CPU), "
              f"{one.wall_per_mb / lines.wall_per_mb:.2f}x (wall)  (target: 2x or less)")
    if not has_command:
        print("no opencc command on PATH: raw OpenCC t2s in Python is the only anchor")


if __name__ == "__main__":
    sys.exit(main())
