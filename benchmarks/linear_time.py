"""Linear time on adversarial input: time per MB, growth with size, and ratio to clean text.

    python benchmarks/linear_time.py [--quick] [--timeout SECONDS] [--json FILE]

Each input is generated at two sizes (1 MB and 10 MB; with --quick 0.1 MB and 1 MB) and
``textfix.fix`` (or ``decode``) is timed on it in a child process with a time limit, so that a
super-linear case reports "> limit" instead of hanging the benchmark. Clean Chinese text of the
same size, in lines and as one line, is the anchor. Reported per case:

* ``s/MB`` at each size;
* ``growth``: the exponent k in time ~ size^k between the two sizes (1.0 is linear; 2.0 is
  quadratic);
* ``x clean``: time divided by the clean anchor's time at the larger size (target: <= 3).

The adversarial inputs are those of issue 5: long runs of mojibake-looking characters (Latin
and CJK families), thousands of ``字(`` openings without a close, alternating simplified and
traditional characters, HTML entity runs, and a whole input on one line with no newline.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from multiprocessing.connection import Connection
from pathlib import Path

MB = 1_000_000
CLEAN_LINE = ("新华社北京3月5日电 第十四届全国人民代表大会第二次会议今天上午在人民大会堂开幕，"
              "国务院总理作政府工作报告，提出今年经济增长预期目标为百分之五左右。")


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    unit: str  # the repeated piece (what the input is made of)
    lines: bool  # a newline after every ~100 characters; False: one line
    to: str | None = None
    decode: bool = False  # time decode(bytes) rather than fix(str)
    anchor: str = "clean"  # the clean case of the same shape


CASES = [
    Case("clean", CLEAN_LINE, lines=True),
    Case("clean-one-line", CLEAN_LINE, lines=False, anchor="clean-one-line"),
    Case("clean, to=simplified", CLEAN_LINE, lines=True, to="simplified",
         anchor="clean, to=simplified"),
    Case("latin mojibake run ÃƒÂ", "ÃƒÂ", lines=True),
    Case("latin mojibake, one line", "ÃƒÂ", lines=False, anchor="clean-one-line"),
    Case("cjk mojibake run 浣犲ソ锟", "浣犲ソ锟", lines=True),
    Case("cjk mojibake, one line", "浣犲ソ锟", lines=False, anchor="clean-one-line"),
    Case("damage 锟斤拷 烫烫烫", "锟斤拷烫烫烫", lines=True),
    Case("字( without a close", "字(", lines=False, anchor="clean-one-line"),
    Case("聯(lián) readings", "聯(lián)", lines=False, anchor="clean-one-line"),
    Case("alternating scripts 这這里裡", "这這里裡", lines=True),
    Case("alternating, to=simplified", "这這里裡", lines=True, to="simplified",
         anchor="clean, to=simplified"),
    Case("entities &amp;&#20013;", "&amp;&#20013;", lines=True),
    Case("decode gb18030 bytes", CLEAN_LINE, lines=True, decode=True),
    Case("decode ÃƒÂ as bytes", "ÃƒÂ", lines=False, decode=True, anchor="clean-one-line"),
]


def make_text(case: Case, size: int) -> str:
    """``case.unit`` repeated to ``size`` bytes of UTF-8, in lines of ~100 characters or not."""
    unit_bytes = len(case.unit.encode())
    if case.lines:
        per_line = max(1, 100 // len(case.unit))
        line = case.unit * per_line + "\n"
        return line * max(1, size // (unit_bytes * per_line + 1))
    return case.unit * max(1, size // unit_bytes)


def _measure(case: Case, size: int, pipe: Connection) -> None:
    import textfix

    text = make_text(case, size)
    textfix.fix(text[:2000], to=case.to)  # converters and plans built outside the clock
    work: Callable[[], object]
    if case.decode:
        data = text.encode("gb18030") if case.unit == CLEAN_LINE else text.encode()
        textfix.decode(data[:2000], to=case.to, explain=False)  # chardet imported here
        work = lambda: textfix.decode(data, to=case.to, explain=False)  # noqa: E731
    else:
        work = lambda: textfix.fix(text, to=case.to)  # noqa: E731
    start = time.perf_counter()
    work()
    pipe.send(time.perf_counter() - start)


def measure(case: Case, size: int, timeout: float) -> float | None:
    """Seconds for one call at ``size`` bytes, or None when it ran past ``timeout``."""
    receive, send = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.Process(target=_measure, args=(case, size, send))
    child.start()
    send.close()
    result = receive.recv() if receive.poll(timeout) else None
    if result is None:
        child.terminate()
    child.join()
    return float(result) if result is not None else None


@dataclass(frozen=True, slots=True)
class Row:
    case: str
    small_s_per_mb: float | None
    large_s_per_mb: float | None
    growth: float | None  # exponent k in time ~ size^k
    x_clean: float | None  # large time / the anchor's large time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Linear time on adversarial input: time per MB, growth, ratio to clean text.")
    parser.add_argument("--quick", action="store_true", help="0.1 MB and 1 MB instead of 1 and 10")
    parser.add_argument("--timeout", type=float, default=None,
                        help="seconds per measurement (default 60, 600 without --quick)")
    parser.add_argument("--only", metavar="TEXT", help="run the cases whose name contains TEXT")
    parser.add_argument("--json", metavar="FILE", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    small, large = (MB // 10, MB) if args.quick else (MB, 10 * MB)
    timeout = args.timeout or (60.0 if args.quick else 600.0)
    cases = [c for c in CASES if not args.only or args.only in c.name or c.name == c.anchor
             or any(args.only in d.name and d.anchor == c.name for d in CASES)]

    print(f"textfix linear time: {small / MB:g} MB and {large / MB:g} MB per input, "
          f"limit {timeout:g} s per call, Python {platform.python_version()}")
    print(f"{'case':34} {'s/MB small':>11} {'s/MB large':>11} {'growth':>7} {'x clean':>8}")
    times: dict[str, float | None] = {}
    rows = []
    for case in cases:
        t_small = measure(case, small, timeout)
        t_large = measure(case, large, timeout) if t_small is not None else None
        times[case.name] = t_large
        anchor = times.get(case.anchor)
        growth = (math.log(t_large / t_small) / math.log(large / small)
                  if t_small and t_large else None)
        x_clean = t_large / anchor if t_large is not None and anchor else None
        row = Row(case.name, t_small / (small / MB) if t_small is not None else None,
                  t_large / (large / MB) if t_large is not None else None, growth, x_clean)
        rows.append(row)
        print(f"{case.name:34} {_fmt(row.small_s_per_mb, timeout):>11} "
              f"{_fmt(row.large_s_per_mb, timeout):>11} "
              f"{'' if growth is None else f'{growth:.2f}':>7} "
              f"{'' if x_clean is None else f'{x_clean:.1f}x':>8}", flush=True)
    if args.json:
        args.json.write_text(json.dumps({"small": small, "large": large, "timeout": timeout,
                                         "rows": [asdict(r) for r in rows]}, indent=2))
    slow = [r.case for r in rows if r.large_s_per_mb is None
            or (r.growth is not None and r.growth > 1.3)
            or (r.x_clean is not None and r.x_clean > 3)]
    print("not linear or over 3x clean: " + (", ".join(slow) if slow else "none"))
    return 0


def _fmt(seconds_per_mb: float | None, timeout: float) -> str:
    return f"> {timeout:g}s" if seconds_per_mb is None else f"{seconds_per_mb:.3f}"


if __name__ == "__main__":
    sys.exit(main())
