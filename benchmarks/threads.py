"""Two threads calling ``fix()``: throughput against one thread, and the bound the GIL sets.

    python benchmarks/threads.py [--limit 12] [--repeat 3]

Workloads: clean documents of about 32 KB (manual pages, classical text) and garbled ones (the
same manual pages with one paragraph in three garbled by a chain: UTF-8 read as GBK, GBK read as
Latin-1, UTF-8 read as cp1252 as a browser does, Big5 read as GBK). Each is fixed by a pool of
one thread, then of two, over the same documents (best of ``--repeat``); the figure is the
throughput of two threads over one.

The core releases the GIL while it works; the rest of ``fix()`` runs under it. The share of
one thread's time spent inside the core's calls (timed by wrapping them) therefore bounds what a
second thread can add, whatever the machine: two threads run at most ``2 / (2 - share)`` times
one (Amdahl). The bound is printed beside the measured figure, which a loaded machine lowers.
"""

from __future__ import annotations

import contextlib
import functools
import os
import random
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import workloads
from common import argument_parser

_CORE_SECONDS = [0.0]


def _time_core_calls() -> None:
    """Wrap every function of ``textfix._core`` in a timer, before textfix binds them."""
    from textfix import _core

    for name in dir(_core):
        function = getattr(_core, name)
        if name.startswith("_") or not callable(function):
            continue

        @functools.wraps(function)
        def timed(*args: Any, _function: Callable[..., Any] = function, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return _function(*args, **kwargs)
            finally:
                _CORE_SECONDS[0] += time.perf_counter() - start

        setattr(_core, name, timed)


def garbled_documents(limit: int, seed: int = 1) -> list[str]:
    """Manual pages with one paragraph in three garbled by one of four chains."""
    from mojibake_accuracy import big5_as_gbk, gbk_as_latin1, utf8_as_cp1252, utf8_as_gbk

    chains = (utf8_as_gbk, gbk_as_latin1, utf8_as_cp1252, big5_as_gbk)
    rng = random.Random(seed)
    texts = []
    for index, record in enumerate(workloads.corpus("dev")):
        text = record["text"]
        if index % 3 == 0:
            with contextlib.suppress(UnicodeError):  # one a chain cannot garble stays clean
                text = rng.choice(chains)(text)
        texts.append(text)
    return workloads.joined(texts, limit)


def throughput(fix: Callable[[str], str], documents: list[str], threads: int,
               repeat: int) -> float:
    """Documents per second through a pool of ``threads``, best of ``repeat`` passes."""
    best = float("inf")
    with ThreadPoolExecutor(threads) as pool:
        for _ in range(repeat):
            start = time.perf_counter()
            list(pool.map(fix, documents))
            best = min(best, time.perf_counter() - start)
    return len(documents) / best


def core_share(fix: Callable[[str], str], documents: list[str]) -> float:
    """The share of one thread's time spent inside the core's calls."""
    _CORE_SECONDS[0] = 0.0
    start = time.perf_counter()
    for document in documents:
        fix(document)
    return _CORE_SECONDS[0] / (time.perf_counter() - start)


def main() -> None:
    parser = argument_parser(__doc__)
    parser.add_argument("--limit", type=int, default=12, help="documents per workload")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if os.environ.get("TEXTFIX_IMPLEMENTATION", "rust") == "python":
        sys.exit("threads.py measures the core: run it without TEXTFIX_IMPLEMENTATION=python")
    _time_core_calls()
    import textfix

    clean = workloads.clean_documents(args.limit)
    workloads_ = {
        "garbled manual pages": garbled_documents(args.limit),
        "clean manual pages": clean["manual pages"],
        "clean classical text": clean["classical poetry and prose"],
    }
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'workload':<24}{'docs':>6}{'1 thread/s':>12}{'2 threads':>11}"
          f"{'in core':>9}{'bound':>8}")
    for name, documents in workloads_.items():
        for document in documents[:2]:
            textfix.fix(document)  # warm: lazy imports and compiled patterns
        one = throughput(textfix.fix, documents, 1, args.repeat)
        two = throughput(textfix.fix, documents, 2, args.repeat)
        share = core_share(textfix.fix, documents)
        print(f"{name:<24}{len(documents):>6}{one:>12.1f}{two / one:>10.2f}x"
              f"{share:>9.0%}{2 / (2 - share):>7.2f}x")


if __name__ == "__main__":
    main()
