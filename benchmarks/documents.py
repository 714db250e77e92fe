"""Whole documents: textfix.fix against its anchors, median milliseconds per document.

    python benchmarks/documents.py [--corpus dev literary] [--size 32768] [--limit N]
                                   [--repeat 3] [--json FILE]

A crawler hands over documents, not paragraphs: a corpus' paragraphs are joined by newlines, in
order, into documents of about ``--size`` bytes of UTF-8 (32 KB), and each subject runs on each
document in turn, interleaved, so the anchors see the same machine as textfix. A subject's time
on a document is the best of ``--repeat`` runs; the figure is the median over the documents (and
the slowest). Anchors: raw OpenCC ``t2s`` and ``ftfy.fix_text`` (defaults); ``str.encode`` is
the practical ceiling. "fix speed" is textfix's speed as a multiple of the subject's (the
subject's median over textfix's: above 1, textfix is faster). The implementation
(``TEXTFIX_IMPLEMENTATION``) is printed with the tables.
"""

from __future__ import annotations

import gzip
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import ftfy
import opencc

import textfix
from textfix import _kernels

sys.path.insert(0, str(Path(__file__).resolve().parent))
import workloads
from common import SHARED, argument_parser

CORPORA = SHARED / "corpus"


def documents(corpus: str, size: int) -> list[str]:
    """The corpus' paragraphs joined by newlines into documents of ``size`` UTF-8 bytes or a
    paragraph more (the last, shorter one is dropped)."""
    with gzip.open(CORPORA / f"{corpus}.jsonl.gz", "rt", encoding="utf-8") as lines:
        paragraphs = [json.loads(line)["text"] for line in lines]
    return workloads.joined(paragraphs, len(paragraphs), size)


def best_ms(func: Callable[[str], object], text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func(text)
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> None:
    parser = argument_parser(__doc__, json=True)
    parser.add_argument("--corpus", nargs="+", default=["dev", "literary"])
    parser.add_argument("--size", type=int, default=32 * 1024)
    parser.add_argument("--limit", type=int, default=0, help="documents per corpus, spread evenly")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    t2s = opencc.OpenCC("t2s")
    subjects: dict[str, Callable[[str], object]] = {
        "textfix.fix": textfix.fix,
        "OpenCC t2s": t2s.convert,
        "ftfy.fix_text": ftfy.fix_text,
        "str.encode": str.encode,
    }
    results: dict[str, dict[str, object]] = {}
    print(f"implementation: {_kernels.IMPLEMENTATION}")
    for corpus in args.corpus:
        docs = documents(corpus, args.size)
        if args.limit and args.limit < len(docs):
            step = len(docs) / args.limit
            docs = [docs[int(k * step)] for k in range(args.limit)]
        for func in subjects.values():  # lazy tables and caches are built outside the clock
            func(docs[0])
        times: dict[str, list[float]] = {name: [] for name in subjects}
        for number, doc in enumerate(docs, 1):
            for name, func in subjects.items():
                times[name].append(best_ms(func, doc, args.repeat))
            print(f"  {corpus} {number}/{len(docs)}", end="\r", file=sys.stderr)
        medians = {name: statistics.median(found) for name, found in times.items()}
        slowest = {name: max(found) for name, found in times.items()}
        kb = statistics.median(len(doc.encode("utf-8")) for doc in docs) / 1024
        print(f"\n{corpus}: {len(docs)} documents, median {kb:.1f} KB")
        print(f"  {'subject':<16}{'median ms':>11}{'slowest ms':>12}{'fix speed':>12}")
        for name in subjects:
            ratio = medians[name] / medians["textfix.fix"]  # > 1: textfix is faster
            print(f"  {name:<16}{medians[name]:>11.3f}{slowest[name]:>12.3f}"
                  f"{'' if name == 'textfix.fix' else f'{ratio:>11.3f}x'}")
        results[corpus] = {"documents": len(docs), "median_kb": kb, "median_ms": medians,
                           "slowest_ms": slowest}
    if args.json:
        args.json.write_text(json.dumps({"implementation": _kernels.IMPLEMENTATION,
                                         "corpora": results}, indent=2))


if __name__ == "__main__":
    main()
