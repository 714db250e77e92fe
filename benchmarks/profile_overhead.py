"""Where textfix's time goes per call on short paragraphs: a cost ladder, then cProfile.

    python benchmarks/profile_overhead.py [--corpus PATH] [--length short] [--top 15]

Short paragraphs (5-20 characters) are where fixed per-call costs (argument handling, config
lookup, layer dispatch, the OpenCC binding) outweigh the per-character scans, so they show the
overhead that the throughput figures of ``speed.py`` hide. Only the public API is called, so
the script keeps working while the internals change; cProfile names the internals.
"""

from __future__ import annotations

import cProfile
import gzip
import io
import json
import pstats
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import ftfy
import opencc
from common import REPO, argument_parser

import textfix

FTFY_CJK = ftfy.TextFixerConfig(fix_character_width=False, uncurl_quotes=False)
SIMPLIFIED = textfix.Config(to="simplified")


def load(path: Path, length: str) -> tuple[list[str], list[str]]:
    """(every paragraph of the length class, the traditional ones among them)."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    chosen = [r for r in records if r["length_class"] == length]
    return [r["text"] for r in chosen], [r["text"] for r in chosen if r["script"] == "traditional"]


def per_call(func: Callable[[str], object], texts: Sequence[str], repeat: int = 7) -> float:
    """Nanoseconds per call, best of ``repeat`` passes (after a warm-up that builds caches)."""
    for text in texts[:50]:
        func(text)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            func(text)
        best = min(best, time.perf_counter() - start)
    return best / len(texts) * 1e9


def ladder(texts: list[str], traditional: list[str]) -> list[tuple[str, str, float]]:
    raw = opencc.OpenCC("t2s", include_tofu_risk_dictionaries=False)
    steps: list[tuple[str, Callable[[str], object], list[str]]] = [
        ("str.isascii(x): the loop itself", str.isascii, texts),
        ("textfix.fix(x)", textfix.fix, texts),
        ("textfix.fix_and_explain(x)", textfix.fix_and_explain, texts),
        ("ftfy.fix_text(x, CJK-safe)", lambda x: ftfy.fix_text(x, config=FTFY_CJK), texts),
        ("OpenCC('t2s').convert(x)", raw.convert, traditional),
        ('textfix.convert(x, "t2s")', lambda x: textfix.convert(x, "t2s"), traditional),
        ('textfix.convert(x, "simplified")', lambda x: textfix.convert(x, "simplified"),
         traditional),
        ('textfix.fix(x, to="t2s")', lambda x: textfix.fix(x, to="t2s"), traditional),
        ('textfix.fix(x, to="simplified")', lambda x: textfix.fix(x, to="simplified"),
         traditional),
        ("textfix.fix(x, config=Config(to=...))", lambda x: textfix.fix(x, config=SIMPLIFIED),
         traditional),
    ]
    return [(name, "traditional" if texts is traditional else "all", per_call(func, texts))
            for name, func, texts in steps]


def profile(func: Callable[[str], object], texts: Sequence[str], top: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(3):
        for text in texts:
            func(text)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    lines = out.getvalue().splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    return "\n".join(line.replace(str(REPO) + "/", "") for line in lines[start:] if line.strip())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argument_parser("textfix's per-call overhead", corpus=True)
    parser.add_argument("--length", choices=("short", "sentence", "long"), default="short")
    parser.add_argument("--top", type=int, default=15, help="functions shown per profile")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"profile_overhead.py: corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    texts, traditional = load(args.corpus, args.length)
    print(f"{len(texts):,} {args.length} paragraphs, {sum(map(len, texts)) / len(texts):.1f} "
          f"characters on average; {len(traditional):,} of them traditional\n")
    print(f"{'call':<42} {'texts':<12} {'ns/call':>9}")
    for name, which, nanoseconds in ladder(texts, traditional):
        print(f"{name:<42} {which:<12} {nanoseconds:>9.0f}")
    print(f"\ncProfile: textfix.fix(x), {args.length} paragraphs x 3, by own time")
    print(profile(textfix.fix, texts, args.top))
    print(f'\ncProfile: textfix.fix(x, to="simplified"), traditional {args.length} x 3')
    print(profile(lambda x: textfix.fix(x, to="simplified"), traditional, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
