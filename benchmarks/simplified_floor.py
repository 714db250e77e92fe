"""Where ``fix(x, to="simplified")`` spends its time on whole traditional documents, against raw
OpenCC ``t2s`` on the same document: the OpenCC calls the target cannot do without, the look at
the text (the repair layers' scan and the script marks), and the rest.

    python benchmarks/simplified_floor.py [--documents 20] [--repeat 40]

The documents are ``workloads.clean_documents(N)["traditional"]`` (about 32 KB each), as in
``speed.py``'s whole documents. Each is timed on its own, every subject and anchor in turn in the
same loop (best of ``--repeat``), so that a busy machine disturbs them alike. Rows, as the median
over the documents of t2s time / row time (1 is raw ``t2s``'s speed):

- ``opencc calls``: the conversion alone, the calls ``fix`` makes: ``t2s`` on the stretches
  between the lines that hold a regional form, ``tw2s``/``hk2s`` on those lines (the two-stage
  configurations that simplify ``隨著`` right; ``t2s`` gives ``随著``);
- ``+ look``: and the look at the text that every ``fix`` takes (``pipeline.look_and_mark``);
- ``fix``: ``textfix.fix(x, to="simplified")`` itself.

Documents where a repair layer's trigger is found (``鈴``, ``鏈``, ``&amp;``) also run that layer;
they are reported apart, since that time is the repair layers', not the conversion's.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import opencc

import textfix
from textfix import pipeline
from textfix.layers import script, script_marks

sys.path.insert(0, str(Path(__file__).resolve().parent))
import workloads
from common import argument_parser

RAW = opencc.OpenCC("t2s", include_tofu_risk_dictionaries=False)
SIMPLIFIED = pipeline.make_plan("simplified", None, {})


def opencc_calls(text: str) -> Callable[[], object]:
    """The OpenCC calls ``fix(text, to="simplified")`` makes, on the pieces it makes them on."""
    marks = script_marks.marks(text)
    config = script.opencc_config(text, "simplified", marks)
    if config == "t2s":
        return lambda: RAW.convert(text)
    regional = opencc.OpenCC(config, include_tofu_risk_dictionaries=False)
    calls, position = [], 0
    for start, end in marks.regional_lines:
        calls += [(RAW, text[position:start]), (regional, text[start:end])]
        position = end
    calls.append((RAW, text[position:]))
    return lambda: [converter.convert(piece) for converter, piece in calls]


def timed(subjects: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Best seconds of each subject, the subjects taking turns."""
    best = dict.fromkeys(subjects, float("inf"))
    for _ in range(repeat):
        for name, subject in subjects.items():
            start = time.perf_counter()
            subject()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def measure(text: str, repeat: int) -> dict[str, float]:
    calls = opencc_calls(text)

    def look_and_calls() -> None:
        pipeline.look_and_mark(text, SIMPLIFIED)
        calls()

    textfix.fix(text, to="simplified")  # converters and caches built outside the clock
    return timed({"t2s": lambda: RAW.convert(text), "opencc calls": calls,
                  "+ look": look_and_calls,
                  "fix": lambda: textfix.fix(text, to="simplified")}, repeat)


def report(label: str, rows: Sequence[dict[str, float]]) -> None:
    if not rows:
        return
    print(f"{label}: {len(rows)} documents")
    print(f"  {'subject':<14} {'median ms':>9} {'x t2s':>6}")
    for name in rows[0]:
        ratio = statistics.median(row["t2s"] / row[name] for row in rows)
        middle = statistics.median(row[name] for row in rows)
        print(f"  {name:<14} {middle * 1e3:>9.3f} {ratio:>5.2f}x")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argument_parser(__doc__)
    parser.add_argument("--documents", type=int, default=20, help="traditional documents")
    parser.add_argument("--repeat", type=int, default=40, help="runs per subject; best kept")
    args = parser.parse_args(argv)
    clean: list[dict[str, float]] = []
    triggered: list[dict[str, float]] = []
    for text in workloads.clean_documents(args.documents)["traditional"]:
        found, _ = pipeline.look(text, SIMPLIFIED)
        (clean if found is None else triggered).append(measure(text, args.repeat))
    report("clean to the scan", clean)
    report("a repair layer's trigger found", triggered)
    report("all", clean + triggered)
    return 0


if __name__ == "__main__":
    sys.exit(main())
