"""Whole garbled pages, line by line, and clean lines beside a garbled one.

    python benchmarks/garbled_pages.py [--pages 10] [--symbols 20000] [--old-ftfy PYTHON]

Pages are the mojibake benchmark's (``mojibake_accuracy.pages``: 20 consecutive dev paragraphs
and 10 literary ones of one script, a line each, the same seed), garbled whole by the chains of
a page: GBK or Big5 read as Latin-1 or cp1252, then given to ``ftfy.fix_text`` (the installed
release, and an older one with ``--old-ftfy`` or $MOJIBAKE_BENCH_OLD_FTFY) or not. A chain
that cannot make a page (not every page is Big5; UTF-8 read as GBK strictly makes none) skips
it. Figures: pages back exact, lines back exact, the character error rate, throughput.

Then each of ``--symbols`` clean lines of ``clean_symbols`` (Western symbols among many
scripts) goes below a garbled news line, through ftfy and read as cp1252: the page is repaired
and the clean line must come back unchanged (target: at most 0.01 % changed).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ftfy
import mojibake_accuracy as bench
from clean_symbols import lines as symbol_lines
from common import SHARED, argument_parser

import textfix

NEWS_LINE = "本报讯 记者从市交通局获悉，地铁三号线将于下月底开通试运营。"


def page_chains(old_ftfy: str | None) -> dict[str, tuple[Callable[[str], str], tuple[str, ...]]]:
    both, trad = bench.SCRIPTS, ("traditional",)
    found: dict[str, tuple[Callable[[str], str], tuple[str, ...]]] = {
        "gbk→latin1": (bench.gbk_as_latin1, both),
        "gbk→cp1252": (bench.gbk_as_cp1252, both),
        "big5→latin1": (lambda text: bench.big5_bytes(text).decode("latin-1"), trad),
        "big5→cp1252": (bench.big5_as_cp1252, trad),
        "utf8→gbk": (bench.utf8_as_gbk, both),
        f"gbk→latin1→ftfy{ftfy.__version__[:3]}": (bench.gbk_as_latin1_ftfy, both),
        f"big5→latin1→ftfy{ftfy.__version__[:3]}": (bench.big5_as_latin1_ftfy, trad),
    }
    old, _ = bench.old_ftfy(old_ftfy)
    if old is not None:
        found[f"gbk→cp1252→ftfy{old.release}"] = (
            bench.through_old_ftfy(old, bench.gbk_as_cp1252), both)
        found[f"big5→cp1252→ftfy{old.release}"] = (
            bench.through_old_ftfy(old, bench.big5_as_cp1252), trad)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argument_parser(__doc__)
    parser.add_argument("--pages", type=int, default=10, help="pages per script")
    parser.add_argument("--symbols", type=int, default=20000, help="clean symbol lines")
    parser.add_argument("--old-ftfy", default=os.environ.get(bench.OLD_FTFY_ENV),
                        help="an interpreter with an older ftfy")
    args = parser.parse_args(argv)
    print("$ python benchmarks/garbled_pages.py " + " ".join(argv or sys.argv[1:]))
    paragraphs = bench.load_corpus(SHARED / "corpus" / "dev.jsonl.gz")
    literary = bench.load_corpus(bench.DEFAULT_LITERARY)
    pages = [(script, page) for script in bench.SCRIPTS for page in bench.pages(
        paragraphs, literary, script, args.pages, bench._rng(bench.DEFAULT_SEED, "pages", script))]
    print(f"{'chain':22} {'pages exact':<13} {'lines exact':<16} {'CER %':>7} {'Mchar/s':>8}")
    for name, (garble, scripts) in page_chains(args.old_ftfy).items():
        exact = count = good_lines = lines = errors = chars = 0
        seconds = 0.0
        for script, page in pages:
            if script not in scripts:
                continue
            try:
                garbled = bench.produce(bench.Chain(name, "page", garble, frozenset(scripts),
                                                    bench.PAGED), page)
            except bench.Skip:
                continue
            start = time.perf_counter()
            output = textfix.fix(garbled)
            seconds += time.perf_counter() - start
            count += 1
            exact += output == page
            wanted, got = page.split("\n"), output.split("\n")
            lines += len(wanted)
            good_lines += sum(a == b for a, b in zip(wanted, got, strict=False))
            errors += bench.levenshtein(output, page)
            chars += len(page)
        if count:
            print(f"{name:22} {f'{exact} of {count}':<13} {f'{good_lines} of {lines}':<16} "
                  f"{100 * errors / chars:7.2f} {chars / seconds / 1e6:8.4f}")
        else:
            print(f"{name:22} no page made")
    print()
    garbled_lines = {
        "through ftfy": ftfy.fix_text(NEWS_LINE.encode("gb18030").decode("latin-1")),
        "read as cp1252": bench.gbk_as_cp1252(NEWS_LINE),
    }
    clean = symbol_lines(args.symbols, 1)
    for name, garbled in garbled_lines.items() if clean else ():
        changed = [line for line in clean
                   if textfix.fix(f"{garbled}\n{line}") != f"{NEWS_LINE}\n{line}"]
        print(f"symbol lines below a garbled line ({name}): {len(changed)} of {len(clean)} "
              f"changed ({100 * len(changed) / len(clean):.3f} %; target <= 0.01 %)")
        for line in changed[:5]:
            print(f"  {line!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
