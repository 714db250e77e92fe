"""Why a GBK or Big5 text garbled through ftfy does not come back: every wrong line, by cause.

    python benchmarks/ftfy_causes.py [--limit 60] [--kinds page] [--old-ftfy PYTHON] [--show 3]
                                     [--literary-sources [!]NAME,...]

The samples are the mojibake benchmark's (``mojibake_accuracy.sample``, the same seed and
``--limit``; ``--kinds`` picks the length classes, ``page`` by default: 30-line pages), garbled by
its chains through ftfy (the installed release, and an older one with ``--old-ftfy`` or
$MOJIBAKE_BENCH_OLD_FTFY). Each line that ``textfix.fix`` gets wrong is counted under one cause,
found by comparing the line's original bytes with those ``ftfy_undo.restore`` chose:

* ``not restored``: the restoring does not look at the line;
* ``restored right, read wrong``: the bytes are the original ones; a later decision (the layer's
  own runs, a rule for clean words, a gain) kept another reading;
* ``original bytes unreachable``: no choice among the byte sequences the restoring tries for each
  character gives the original bytes (a change of ftfy's it does not undo);
* ``model prefers another``: the original bytes are a choice, and cost more bits than the one
  taken, as the judge that reads them cheaper costs them (ftfy makes the same line of both: 聞
  and 聯 are C2 84 and C2 93, both a straightened quote);
* ``checked choice differs``: the original bytes cost no more, but another choice was taken (the
  check against the installed ftfy, or a tie).
"""

from __future__ import annotations

import difflib
import os
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import mojibake_accuracy as bench
from common import SHARED, argument_parser

import textfix
from textfix.layers import ftfy_choice, ftfy_leaves, ftfy_undo

Options = list[ftfy_choice.Option]


Sources = list[list[ftfy_choice.Source]]
Spans = dict[int, list[tuple[bytes, int]]]


def choices(line: str) -> tuple[Sources, Spans]:
    """What ``ftfy_undo.restore`` gives ``_best_sources`` for ``line``."""
    near = ftfy_leaves._near_mojibake(line)
    sources: Sources = [ftfy_undo._sources_at(line, index) if index in near
                        or not ftfy_leaves._made_by_ftfy(char) else [char]
                        for index, char in enumerate(line)]
    spans = ftfy_leaves._ligature_sources(line)
    for more in (ftfy_leaves._composed_sources(line), ftfy_leaves._expanded_sources(line)):
        for index, found in more.items():
            spans.setdefault(index, []).extend(found)
    return sources, spans


def options(line: str) -> list[Options]:
    """For each position of ``line``, the choices ``ftfy_choice.best_sources`` weighs there:
    (bytes or the character kept, characters covered, bits besides the reading's)."""
    sources, spans = choices(line)
    return [ftfy_choice.options(line, index, sources, spans) for index in range(len(line))]


def forced_cost(line: str, original: bytes, true: str, judge: str) -> float | None:
    """The bits of the cheapest choice whose bytes are ``original``, as ``best_sources`` costs
    them for the ``judge``; None where no choice gives them."""
    State = tuple[int, ftfy_choice.State]  # (bytes matched, the reading's state)
    best: list[dict[State, float]] = [{} for _ in range(len(line) + 1)]
    best[0][(0, (-1, "\n"))] = 0.0
    for index, here in enumerate(options(line)):
        for (matched, state), so_far in best[index].items():
            for data, width, extra in here:
                if isinstance(data, str) or original[matched:matched + len(data)] != data:
                    continue
                after, spent = ftfy_choice._read(state, data, true, judge)
                key = (matched + len(data), after)
                total = so_far + spent + extra
                if total < best[index + width].get(key, float("inf")):
                    best[index + width][key] = total
    ends = [cost + (ftfy_choice.UNREADABLE_BITS if state[0] >= 0 else 0.0)
            for (matched, state), cost in best[len(line)].items() if matched == len(original)]
    return min(ends) if ends else None


def cause(line: str, original: str, true: str, verify: bool) -> str:
    restored = ftfy_undo.restore(line, true, page_through_ftfy=True, verify=verify)
    if restored is None:
        return "not restored"
    try:
        data = original.encode(true)
    except UnicodeEncodeError:
        return "original not encodable"
    if restored.text.encode("latin-1", "replace") == data:
        return "restored right, read wrong"
    forced = [cost for judge in ftfy_choice.JUDGES
              if (cost := forced_cost(line, data, true, judge)) is not None]
    if not forced:
        return "original bytes unreachable"
    chosen = [ftfy_choice.best_sources(line, *choices(line), true, judge)[0]
              for judge in ftfy_choice.JUDGES]
    return "model prefers another" if min(forced) > min(chosen) else "checked choice differs"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argument_parser(__doc__)
    parser.add_argument("--limit", type=int, default=60)
    parser.add_argument("--kinds", default="page", help="length classes, comma-separated")
    parser.add_argument("--old-ftfy", metavar="PYTHON", default=os.environ.get(bench.OLD_FTFY_ENV))
    parser.add_argument("--show", type=int, default=3, help="examples shown per cause")
    parser.add_argument("--literary-sources", metavar="[!]NAME,...",
                        help="pages of these sources of the literary corpus only (as "
                             "mojibake_accuracy.py's)")
    args = parser.parse_args(argv)
    corpus = bench.load_corpus(SHARED / "corpus" / "dev.jsonl.gz")
    literary = bench.load_corpus(bench.DEFAULT_LITERARY)
    if args.literary_sources:
        literary = bench.of_sources(literary, args.literary_sources)
    kinds = set(args.kinds.split(","))
    samples = [s for s in bench.sample(corpus, args.limit, bench.DEFAULT_SEED, literary)
               if s.length_class in kinds]
    old, _ = bench.old_ftfy(args.old_ftfy)
    chains = [chain for chain in bench.chains(bench.DEFAULT_SEED, old)
              if chain.group == "through ftfy"]
    for chain in chains:
        true = "cp950" if chain.name.startswith("big5") else "gb18030"
        counts: Counter[str] = Counter()
        shown: dict[str, list[str]] = {}
        exact = total = 0
        for s in samples:
            if s.script not in chain.scripts:
                continue
            try:
                garbled = bench.produce(chain, s.text)
            except bench.Skip:
                continue
            total += 1
            fixed = textfix.fix(garbled)
            exact += fixed == s.text
            lines = garbled.split("\n")
            verify = ftfy_undo.by_installed_ftfy(lines, true)
            for line, original, out in zip(lines, s.text.split("\n"), fixed.split("\n"),
                                           strict=False):
                if out == original:
                    continue
                found = cause(line, original, true, verify)
                counts[found] += 1
                matcher = difflib.SequenceMatcher(None, original, out, autojunk=False)
                wrong = [f"{original[a:b]}→{out[c:d]}" for tag, a, b, c, d
                         in matcher.get_opcodes() if tag != "equal"]
                shown.setdefault(found, []).append(" ".join(wrong[:4]))
        print(f"{chain.name}: {exact} of {total} exact; wrong lines by cause:")
        for found, count in counts.most_common():
            print(f"  {count:4} {found}: {'; '.join(shown[found][:args.show])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
