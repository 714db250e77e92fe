"""Linear time on adversarial input: time per MB, growth with size, ratio to clean text and to a
fair anchor.

    python benchmarks/linear_time.py [--quick] [--only TEXT] [--skip TEXT] [--timeout SECONDS]
                                     [--repeat N] [--json FILE]

Each input is generated at two sizes (1 MB and 10 MB; with --quick 0.1 MB and 1 MB) and
``textfix.fix`` (or ``decode``) is timed on it in a child process with a time limit, so that a
super-linear case reports "> limit" instead of hanging the benchmark. Reported per case:

* ``s/MB`` at each size: CPU seconds of the child (``time.process_time``, so that other work on
  the machine does not count), best of ``--repeat`` calls, fewer when a call takes over a
  second;
* ``growth``: the exponent k in time ~ size^k between the two sizes (1.0 is linear; 2.0 is
  quadratic);
* ``x clean``: time over clean Chinese text of the same size and shape (in lines or one line)
  going through the same configuration (target: <= 3);
* ``x anchor``: for input that really must be rewritten, time over the least any library pays
  for that rewrite, measured on the same input in the same run: ``html.unescape`` for
  references, raw OpenCC ``t2s`` for conversion, ``str.translate`` for characters to replace
  or remove, and for readings (and parentheses that might
  be readings) one ``re.sub`` with a dict lookup per parenthesised syllable: one Python decision
  per candidate, nothing more; for mojibake ``ftfy.fix_text`` (CJK-safe options) on the Latin
  family and one whole-text GBK -> UTF-8 recode on the CJK family.

The adversarial inputs are those of issue 5: long runs of mojibake-looking characters (Latin
and CJK families), thousands of ``字(`` openings without a close, alternating simplified and
traditional characters, HTML reference runs, and each on one line of 1 or 10 MB with no newline.
"""

from __future__ import annotations

import json
import math
import multiprocessing
import platform
import re
import shlex
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from multiprocessing.connection import Connection

from common import argument_parser

MB = 1_000_000
CLEAN_LINE = ("新华社北京3月5日电 第十四届全国人民代表大会第二次会议今天上午在人民大会堂开幕，"
              "国务院总理作政府工作报告，提出今年经济增长预期目标为百分之五左右。")
FUZZ_SLOWEST = ("瞞" + "놱" * 14 + "漀衡$茀ￗ१䍮闢\x92\ufffdÿ\x00\uf8ffý\x00\x00s\u0600흳剒剒別剒")
BUDGET = 1.0  # seconds: no further repeat starts after a call this long


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    unit: str  # the repeated piece (what the input is made of)
    lines: bool  # a newline after every ~100 characters; False: one line
    to: str | None = None
    decode: bool = False  # time decode(bytes) rather than fix(str)
    anchor: str = "clean"  # the clean case of the same shape and configuration
    reference: str | None = None  # a key of REFERENCES: the fair anchor for a real rewrite


CLEAN, CLEAN_LINE_1, CLEAN_S, CLEAN_LINE_S = (
    "clean", "clean, one line", "clean, to=simplified", "clean, one line, to=simplified")
CASES = [
    Case(CLEAN, CLEAN_LINE, lines=True),
    Case(CLEAN_LINE_1, CLEAN_LINE, lines=False, anchor=CLEAN_LINE_1),
    Case(CLEAN_S, CLEAN_LINE, lines=True, to="simplified", anchor=CLEAN_S),
    Case(CLEAN_LINE_S, CLEAN_LINE, lines=False, to="simplified", anchor=CLEAN_LINE_S),
    # The mojibake layer's inputs.
    Case("latin mojibake run ÃƒÂ", "ÃƒÂ", lines=True, reference="ftfy"),
    Case("latin mojibake, one line", "ÃƒÂ", lines=False, anchor=CLEAN_LINE_1, reference="ftfy"),
    Case("cjk mojibake run 浣犲ソ锟", "浣犲ソ锟", lines=True, reference="gbk recode"),
    Case("cjk mojibake, one line", "浣犲ソ锟", lines=False, anchor=CLEAN_LINE_1,
         reference="gbk recode"),
    Case("mojibake damage 锟斤拷 烫烫烫", "锟斤拷烫烫烫", lines=True),
    # The slowest input of the fix fuzzer's corpus (38 characters: Hangul, C1, private use,
    # Latin-1, NUL), repeated on one line.
    Case("mojibake: fuzzer's slowest line", FUZZ_SLOWEST, lines=False, anchor=CLEAN_LINE_1),
    # The annotation layer's: openings never closed, an opening and a syllable never closed,
    # parentheses that are no reading (函数(function): every one is checked), and real debris.
    Case("字( without a close, one line", "字(", lines=False, anchor=CLEAN_LINE_1),
    Case("字( without a close", "字(", lines=True),
    Case("字(lián without a close, one line", "字(lián", lines=False, anchor=CLEAN_LINE_1),
    Case("数(function) parentheses", "函数(function)", lines=True, reference="re.sub readings"),
    Case("聯(lián) readings, one line", "聯(lián)", lines=False, anchor=CLEAN_LINE_1,
         reference="re.sub readings"),
    Case("聯(lián) readings", "衡陽市僑聯(lián)", lines=True, reference="re.sub readings"),
    # The html layer's: references, and ampersands that start none.
    Case("references &amp;&#20013;", "&amp;&#20013;", lines=True, reference="html.unescape"),
    Case("references, one line", "&amp;&#20013;", lines=False, anchor=CLEAN_LINE_1,
         reference="html.unescape"),
    Case("& without a reference, one line", "AT&T ", lines=False, anchor=CLEAN_LINE_1,
         reference="html.unescape"),
    # The unicode layer's: characters that really must be rewritten or removed.
    Case("radicals ⼈, one line", "\u2f08", lines=False, anchor=CLEAN_LINE_1,
         reference="str.translate"),
    Case("zero-width spaces 字+U+200B, one line", "字\u200b", lines=False, anchor=CLEAN_LINE_1,
         reference="str.translate"),
    # The script layer's.
    Case("alternating scripts 这這里裡", "这這里裡", lines=True),
    Case("alternating, to=simplified", "这這里裡", lines=True, to="simplified", anchor=CLEAN_S,
         reference="opencc t2s"),
    Case("alternating, one line, to=simplified", "这這里裡", lines=False, to="simplified",
         anchor=CLEAN_LINE_S, reference="opencc t2s"),
    # Decoding.
    Case("decode gb18030 bytes", CLEAN_LINE, lines=True, decode=True),
    Case("decode mojibake ÃƒÂ as bytes", "ÃƒÂ", lines=False, decode=True, anchor=CLEAN_LINE_1),
]


def _strip_readings() -> Callable[[str], str]:
    """One ``re.sub`` over every parenthesised syllable after a Han character, with one dict
    lookup each: the least a per-reading decision costs in Python."""
    pattern = re.compile("(?<=[\u4e00-\u9fff])\\([a-z\u00e0-\u01dc]{1,8}\\)")
    decided: dict[str, str] = {}
    return lambda text: pattern.sub(lambda m: decided.get(m.group(), ""), text)


def _unescape() -> Callable[[str], str]:
    import html

    return html.unescape


def _t2s() -> Callable[[str], str]:
    import opencc

    convert: Callable[[str], str] = opencc.OpenCC(
        "t2s", include_tofu_risk_dictionaries=False).convert
    return convert


def _ftfy() -> Callable[[str], str]:
    """ftfy with the CJK-safe options of benchmarks/speed.py."""
    import ftfy

    config = ftfy.TextFixerConfig(fix_character_width=False, uncurl_quotes=False)
    return lambda text: ftfy.fix_text(text, config=config)


def _gbk_recode() -> Callable[[str], str]:
    """The whole text encoded back to GBK and read as UTF-8, once: the floor of any repair of
    UTF-8 read as GBK (it neither finds the garbled spans nor checks that they read better)."""
    return lambda text: text.encode("gbk", "replace").decode("utf-8", "replace")


def _translate() -> Callable[[str], str]:
    """``str.translate`` with a table of the characters the unicode layer repairs: one C call."""
    table: dict[int, str | None] = {0x2F08: "人", 0x200B: None}
    return lambda text: text.translate(table)


REFERENCES: dict[str, Callable[[], Callable[[str], str]]] = {
    "re.sub readings": _strip_readings, "html.unescape": _unescape, "opencc t2s": _t2s,
    "str.translate": _translate, "ftfy": _ftfy, "gbk recode": _gbk_recode,
}


def make_text(case: Case, size: int) -> str:
    """``case.unit`` repeated to ``size`` bytes of UTF-8, in lines of ~100 characters or not."""
    unit_bytes = len(case.unit.encode())
    if case.lines:
        per_line = max(1, 100 // len(case.unit))
        line = case.unit * per_line + "\n"
        return line * max(1, size // (unit_bytes * per_line + 1))
    return case.unit * max(1, size // unit_bytes)


def _work(case: Case, text: str, reference: bool) -> Callable[[], object]:
    """The call to time, warmed up (converters, plans and caches built outside the clock)."""
    if reference:
        assert case.reference is not None
        convert = REFERENCES[case.reference]()
        convert(text[:2000])
        return lambda: convert(text)
    import textfix

    textfix.fix(text[:2000], to=case.to)
    if case.decode:
        data = text.encode("gb18030") if case.unit == CLEAN_LINE else text.encode()
        textfix.decode(data[:2000], to=case.to, explain=False)  # chardet imported here
        return lambda: textfix.decode(data, to=case.to, explain=False)
    return lambda: textfix.fix(text, to=case.to)


def _measure(case: Case, size: int, reference: bool, repeat: int, pipe: Connection) -> None:
    work = _work(case, make_text(case, size), reference)
    best = math.inf
    for _ in range(repeat):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
        if best > BUDGET:
            break
    pipe.send(best)


def measure(case: Case, size: int, timeout: float, repeat: int, reference: bool = False
            ) -> float | None:
    """Best seconds for one call at ``size`` bytes, or None when it ran past ``timeout``."""
    receive, send = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.Process(target=_measure, args=(case, size, reference, repeat, send))
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
    x_clean: float | None  # large time / the clean anchor's large time
    reference: str | None
    reference_s_per_mb: float | None  # the fair anchor at the large size
    x_reference: float | None  # large time / the fair anchor's


def _selected(only: str | None, skip: str | None) -> list[Case]:
    """The cases asked for, with the clean anchors they need."""
    chosen = [c for c in CASES if (not only or only in c.name) and not (skip and skip in c.name)]
    anchors = {c.anchor for c in chosen}
    return [c for c in CASES if c in chosen or c.name in anchors]


def main(argv: list[str] | None = None) -> int:
    parser = argument_parser(
        "Linear time on adversarial input: time per MB, growth, ratio to clean text.", json=True)
    parser.add_argument("--quick", action="store_true", help="0.1 MB and 1 MB instead of 1 and 10")
    parser.add_argument("--timeout", type=float, default=None,
                        help="seconds per measurement (default 60, 600 without --quick)")
    parser.add_argument("--repeat", type=int, default=3, help="calls per measurement (best kept)")
    parser.add_argument("--only", metavar="TEXT", help="run the cases whose name contains TEXT")
    parser.add_argument("--skip", metavar="TEXT", help="leave out the cases whose name has TEXT")
    args = parser.parse_args(argv)
    small, large = (MB // 10, MB) if args.quick else (MB, 10 * MB)
    timeout = args.timeout or (60.0 if args.quick else 600.0)

    command = shlex.join(sys.argv[1:] if argv is None else argv)
    print(f"$ python benchmarks/linear_time.py {command}")
    print(f"textfix linear time: {small / MB:g} MB and {large / MB:g} MB per input, "
          f"limit {timeout:g} s per call, best of {args.repeat}, "
          f"Python {platform.python_version()}")
    print(f"{'case':38} {'s/MB small':>10} {'s/MB large':>10} {'growth':>6} {'x clean':>7}"
          f"  {'anchor (s/MB large)':>26} {'x anchor':>8}")
    times: dict[str, float | None] = {}
    rows = []
    for case in _selected(args.only, args.skip):
        t_small = measure(case, small, timeout, args.repeat)
        t_large = measure(case, large, timeout, args.repeat) if t_small is not None else None
        times[case.name] = t_large
        anchor = times.get(case.anchor)
        t_reference = (measure(case, large, timeout, args.repeat, reference=True)
                       if case.reference else None)
        rows.append(row := Row(
            case.name, _per_mb(t_small, small), _per_mb(t_large, large),
            math.log(t_large / t_small) / math.log(large / small) if t_small and t_large else None,
            t_large / anchor if t_large is not None and anchor else None,
            case.reference, _per_mb(t_reference, large),
            t_large / t_reference if t_large is not None and t_reference else None))
        reference = (f"{case.reference} {_fmt(row.reference_s_per_mb, timeout)}"
                     if case.reference else "")
        print(f"{case.name:38} {_fmt(row.small_s_per_mb, timeout):>10} "
              f"{_fmt(row.large_s_per_mb, timeout):>10} {_ratio(row.growth, ''):>6} "
              f"{_ratio(row.x_clean, 'x'):>7}  {reference:>26} {_ratio(row.x_reference, 'x'):>8}",
              flush=True)
    if args.json:
        args.json.write_text(json.dumps({"small": small, "large": large, "timeout": timeout,
                                         "rows": [asdict(r) for r in rows]}, indent=2))
    slow = [r.case for r in rows if r.large_s_per_mb is None
            or (r.growth is not None and r.growth > 1.3)
            or (r.x_clean is not None and r.x_clean > 3
                and (r.x_reference is None or r.x_reference > 3))]
    print("not linear, or over 3x both clean text and the anchor: "
          + (", ".join(slow) if slow else "none"))
    return 0


def _per_mb(seconds: float | None, size: int) -> float | None:
    return None if seconds is None else seconds / (size / MB)


def _fmt(seconds_per_mb: float | None, timeout: float) -> str:
    return f"> {timeout:g}s" if seconds_per_mb is None else f"{seconds_per_mb:.3f}"


def _ratio(value: float | None, suffix: str) -> str:
    return "" if value is None else f"{value:.2f}{suffix}"


if __name__ == "__main__":
    sys.exit(main())
