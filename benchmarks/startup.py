"""Start-up cost: ``import textfix`` alone, and ``import textfix`` plus the first ``textfix.fix``
on a clean Chinese sentence, each timed in fresh processes (the median, and the fastest run: on
a shared machine the median moves with the load), under the Rust core and under the Python
reference.

    python benchmarks/startup.py [--runs 10]

Byte-code is written and warmed first (PYTHONDONTWRITEBYTECODE is removed from the children's
environment, else every import recompiles the sources). Target: import + first fix <= 100 ms.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys

from common import argument_parser

CLEAN_SENTENCE = "国家统计局今天发布数据，十月份全国居民消费价格同比上涨百分之二点一。"

IMPORT_ONLY = """
import time
start = time.perf_counter()
import textfix
print((time.perf_counter() - start) * 1000)
"""

IMPORT_AND_FIX = f"""
import time
start = time.perf_counter()
import textfix
assert textfix.fix({CLEAN_SENTENCE!r}) == {CLEAN_SENTENCE!r}
print((time.perf_counter() - start) * 1000)
"""


def run(code: str, implementation: str, runs: int) -> tuple[float, float]:
    """(median, fastest) milliseconds of ``code`` in ``runs`` fresh processes."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["TEXTFIX_IMPLEMENTATION"] = implementation
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        result = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                                capture_output=True, text=True)
        times.append(float(result.stdout))
    return statistics.median(times), min(times)


def main() -> None:
    parser = argument_parser(__doc__)
    parser.add_argument("--runs", type=int, default=10)
    arguments = parser.parse_args()
    print(f"milliseconds, median (fastest) of {arguments.runs} fresh processes")
    print(f"{'implementation':<16}{'import':>16}{'import + first fix':>22}")
    for implementation in ("rust", "python"):
        imported = "{:.1f} ({:.1f})".format(*run(IMPORT_ONLY, implementation, arguments.runs))
        fixed = "{:.1f} ({:.1f})".format(*run(IMPORT_AND_FIX, implementation, arguments.runs))
        print(f"{implementation:<16}{imported:>16}{fixed:>22}")


if __name__ == "__main__":
    main()
