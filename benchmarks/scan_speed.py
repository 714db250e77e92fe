"""Clean whole documents through ``textfix.fix``, against its anchors in the same run.

    python benchmarks/scan_speed.py [--docs 30] [--size 32768] [--repeat 3] [--kinds dev,...]

A document is about ``--size`` bytes of UTF-8: paragraphs joined by newlines, the unit a crawler
hands over. Kinds: ``dev`` (../shared/corpus/dev.jsonl.gz, manual pages), ``literary``
(literary.jsonl.gz, classical poetry and prose), ``web`` (dev paragraphs and the clean lines with
symbols, English, emoji and other scripts of benchmarks/clean_symbols.py, alternating), and each
of them again as one line (``-line``: the same documents with the newlines removed). Subjects:
``textfix.fix`` (defaults), raw OpenCC ``t2s`` (``OpenCC('t2s').convert``), ``ftfy.fix_text``
(defaults) and ``str.encode('utf-8')`` (the practical ceiling); and the pipeline's scan alone,
the reference's regular expressions and the core's pass (``pipeline.scan``, defaults). Each
document is run by every subject in turn, ``--repeat`` times, and the best time of each is kept;
the table gives the median and the slowest document in ms, and textfix's speed as a multiple of
each anchor's (higher is faster; 3x t2s means textfix takes a third of t2s's time), on the median
and on the document where textfix does worst against t2s.
"""

from __future__ import annotations

import gzip
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import ftfy
import opencc

import textfix
from textfix import _kernels, pipeline

sys.path.insert(0, str(Path(__file__).resolve().parent))
import workloads
from clean_symbols import lines as symbol_lines
from common import argument_parser

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
KINDS = ("dev", "literary", "web", "dev-line", "literary-line", "web-line")


def paragraphs(corpus: str) -> list[str]:
    with gzip.open(CORPUS / f"{corpus}.jsonl.gz", "rt", encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in lines]


def documents(pieces: Iterator[str], size: int, count: int) -> list[str]:
    """``count`` documents of about ``size`` bytes of UTF-8, each of whole consecutive pieces
    joined by newlines."""
    return workloads.joined(pieces, count, size)


def interleaved(first: list[str], second: list[str]) -> Iterator[str]:
    for one, other in zip(first, second, strict=False):
        yield one
        yield other


def kinds(size: int, count: int) -> dict[str, list[str]]:
    dev, literary = paragraphs("dev"), paragraphs("literary")
    made = {
        "dev": documents(iter(dev), size, count),
        "literary": documents(iter(literary), size, count),
        "web": documents(interleaved(dev, symbol_lines(len(dev), seed=1)), size, count),
    }
    for kind in list(made):
        made[f"{kind}-line"] = [document.replace("\n", "") for document in made[kind]]
    return made


def subjects() -> dict[str, Callable[[str], object]]:
    t2s = opencc.OpenCC("t2s", include_tofu_risk_dictionaries=False)
    plan = pipeline.DEFAULT_PLAN
    work: dict[str, Callable[[str], object]] = {
        "textfix.fix": textfix.fix, "opencc t2s": t2s.convert, "ftfy.fix_text": ftfy.fix_text,
        "str.encode": lambda text: text.encode("utf-8"),
        "scan (reference)": lambda text: pipeline.REFERENCE.scan(text, plan)}
    if _kernels.core is not None:
        work["scan (core)"] = lambda text: pipeline.scan(text, plan)
    return work


def best_times(work: dict[str, Callable[[str], object]], document: str, repeat: int
               ) -> dict[str, float]:
    """The best of ``repeat`` runs of each subject on ``document``, in ms, the subjects taking
    turns so that a disturbance of the machine falls on all of them alike. Each run is given a
    fresh copy, as a crawler's documents are: CPython keeps the UTF-8 of a string once asked
    for it, and whoever asked first would pay for the others."""
    encoded = document.encode("utf-8")
    best = dict.fromkeys(work, float("inf"))
    for _ in range(repeat):
        for name, subject in work.items():
            fresh = encoded.decode("utf-8")
            start = time.perf_counter()
            subject(fresh)
            best[name] = min(best[name], (time.perf_counter() - start) * 1000)
    return best


def main() -> int:
    parser = argument_parser(__doc__)
    parser.add_argument("--docs", type=int, default=30, help="documents per kind")
    parser.add_argument("--size", type=int, default=32768, help="bytes of UTF-8 per document")
    parser.add_argument("--repeat", type=int, default=3, help="runs per document and subject")
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated, of: "
                        + ", ".join(KINDS))
    args = parser.parse_args()
    wanted = args.kinds.split(",")
    if unknown := set(wanted) - set(KINDS):
        parser.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    work = subjects()
    documents_of = kinds(args.size, args.docs)
    for subject in work.values():  # lazy converters and caches are built outside the clock
        subject(documents_of["web"][0])
    print(f"python benchmarks/scan_speed.py --docs {args.docs} --size {args.size} "
          f"--repeat {args.repeat}")
    print(f"implementation: {_kernels.IMPLEMENTATION}"
          f" (TEXTFIX_IMPLEMENTATION={os.environ.get('TEXTFIX_IMPLEMENTATION', '')!r})")
    header = (f"{'kind':<14} {'docs':>4} {'KB':>5}  "
              + "  ".join(f"{name:>16}" for name in work)
              + f"  {'vs t2s':>7} {'vs ftfy':>8} {'slowest vs t2s':>15}")
    print("median ms per document (slowest in parentheses); textfix's speed as a multiple of "
          "the anchor's")
    print(header)
    for kind in wanted:
        docs = documents_of[kind]
        times = [best_times(work, document, args.repeat) for document in docs]
        medians = {name: statistics.median(t[name] for t in times) for name in work}
        slowest = {name: max(t[name] for t in times) for name in work}
        size = statistics.mean(len(document.encode("utf-8")) for document in docs) / 1024
        cells = "  ".join(f"{medians[name]:>8.3f} ({slowest[name]:>5.1f})" for name in work)
        fix = medians["textfix.fix"]
        worst = max(times, key=lambda t: t["textfix.fix"] / t["opencc t2s"])
        print(f"{kind:<14} {len(docs):>4} {size:>5.1f}  {cells}  "
              f"{medians['opencc t2s'] / fix:>6.2f}x {medians['ftfy.fix_text'] / fix:>7.1f}x "
              f"{worst['opencc t2s'] / worst['textfix.fix']:>14.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
