"""Start-up cost: ``import textfix`` alone, and ``import textfix`` plus the first ``textfix.fix``
on one text of each shape, each timed in fresh processes (the median, and the fastest run: on
a shared machine the median moves with the load), under the Rust core and under the Python
reference.

    python benchmarks/startup.py [--runs 10]

The first ``fix`` builds the tables the text's path needs: a clean Chinese sentence needs only
the scan, a line of Western symbols or mojibake the decisions' tables too. Byte-code is written
and warmed first (PYTHONDONTWRITEBYTECODE is removed from the children's environment, else
every import recompiles the sources). Target: import + first fix on clean text <= 100 ms.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys

import ftfy
from common import argument_parser

CLEAN_SENTENCE = "国家统计局今天发布数据，十月份全国居民消费价格同比上涨百分之二点一。"
# One text of each shape, each the first thing a fresh process fixes: (name, text).
FIRST_TEXTS = (
    ("clean Chinese", CLEAN_SENTENCE),
    ("clean web line", "Prix: 12,50 € – café crème, naïve © 2024 “Łódź” 100°±0.5"),
    ("UTF-8 read as GBK", CLEAN_SENTENCE.encode("utf-8").decode("gbk", "replace")),
    ("GBK read as Latin-1", CLEAN_SENTENCE.encode("gbk").decode("latin-1")),
    ("GBK, Latin-1, ftfy", ftfy.fix_text(CLEAN_SENTENCE.encode("gbk").decode("latin-1"))),
)

IMPORT_ONLY = """
import time
start = time.perf_counter()
import textfix
print((time.perf_counter() - start) * 1000)
"""


def import_and_fix(text: str) -> str:
    """The code that times ``import textfix`` and a first ``fix`` of ``text``."""
    return f"""
import time
start = time.perf_counter()
import textfix
textfix.fix({text!r})
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
    header = "".join(f"{name:>22}" for name, _ in FIRST_TEXTS)
    print(f"{'implementation':<16}{'import':>16}{header}")
    print(f"{'':<16}{'':>16}" + "".join(f"{'+ first fix':>22}" for _ in FIRST_TEXTS))
    for implementation in ("rust", "python"):
        cells = ["{:.1f} ({:.1f})".format(*run(IMPORT_ONLY, implementation, arguments.runs))]
        cells += ["{:.1f} ({:.1f})".format(*run(import_and_fix(text), implementation,
                                                 arguments.runs))
                  for _, text in FIRST_TEXTS]
        print(f"{implementation:<16}{cells[0]:>16}" + "".join(f"{cell:>22}" for cell in cells[1:]))


if __name__ == "__main__":
    main()
