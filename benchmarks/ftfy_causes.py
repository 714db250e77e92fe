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

Then the ceiling: a line is *ambiguous after ftfy* where another GBK (or Big5) byte sequence,
one the restoring tries, is valid in the codec and is made the same line of by the chain's own
ftfy (the installed release, or the older one in its interpreter): no reading can tell which
was written, only guess. The search changes the original's choices in a window of up to
_WINDOW pieces at a time, so it finds a lower bound of the ambiguous lines; a line whose
original bytes the restoring never tries is counted apart (``unknown``). A page can be read
back whole for certain only where every line of it is unambiguous.
"""

from __future__ import annotations

import difflib
import math
import os
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ftfy
import mojibake_accuracy as bench
from common import SHARED, argument_parser

import textfix
from textfix.layers import ftfy_choice, ftfy_leaves, ftfy_undo
from textfix.plausibility import cost_in_words

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


# The ceiling: pieces of the original's choice changed at once, alternatives tried per window.
_WINDOW = 3
_MOST_PER_WINDOW = 256


def forced_path(line: str, original: bytes) -> list[tuple[int, int, bytes]] | None:
    """A choice among ``options`` (each piece's index, characters covered, bytes) whose bytes
    are ``original``; None where none is."""
    here = options(line)
    back: dict[tuple[int, int], tuple[int, int, bytes]] = {}
    reached = {(0, 0)}
    for index in range(len(line)):
        for matched in sorted(m for i, m in reached if i == index):
            for data, width, _ in here[index]:
                if isinstance(data, str) or original[matched:matched + len(data)] != data:
                    continue
                key = (index + width, matched + len(data))
                if key not in reached:
                    reached.add(key)
                    back[key] = (index, matched, data)
    key = (len(line), len(original))
    if key not in reached:
        return None
    path = []
    while key != (0, 0):
        index, matched, data = back[key]
        path.append((index, key[0] - index, data))
        key = (index, matched)
    return path[::-1]


def _covers(here: list[Options], start: int, end: int) -> list[bytes]:
    """Every byte sequence of choices covering ``start``..``end`` exactly (at most
    _MOST_PER_WINDOW)."""
    found: list[bytes] = []

    def walk(index: int, so_far: bytes) -> None:
        if len(found) >= _MOST_PER_WINDOW:
            return
        if index == end:
            found.append(so_far)
            return
        for data, width, _ in here[index]:
            if not isinstance(data, str) and index + width <= end:
                walk(index + width, so_far + data)

    walk(start, b"")
    return found


def ambiguous(line: str, original: bytes, true: str,
              regarble: Callable[[bytes], str]) -> float | None:
    """How many bits less plausible (``cost_in_words``) than the original line the likeliest
    other text is whose bytes, valid in ``true``, the chain's ftfy (``regarble``: bytes to the
    text ftfy makes of them) makes ``line`` of, found by changing up to _WINDOW pieces of the
    original's choice at once: inf where none is found; None where the restoring never tries
    the original bytes (or ftfy makes the line only in its page)."""
    if line.isascii():
        return math.inf
    path = forced_path(line, original)
    try:
        reading = original.decode(true)
    except UnicodeDecodeError:
        return None  # a Big5-HKSCS character: no cp950 reading to compare
    if path is None or regarble(original) != line:
        return None
    here = options(line)
    offsets = [0]
    for _, _, data in path:
        offsets.append(offsets[-1] + len(data))
    own = cost_in_words(reading)
    closest = math.inf
    for first in range(len(path)):
        for last in range(first + 1, min(len(path), first + _WINDOW) + 1):
            start, end = path[first][0], path[last - 1][0] + path[last - 1][1]
            if all(len(here[index]) == 1 for index in range(start, end)):
                continue  # no other choice in the window
            mine = original[offsets[first]:offsets[last]]
            for data in _covers(here, start, end):
                if data == mine:
                    continue
                candidate = original[:offsets[first]] + data + original[offsets[last]:]
                try:
                    other = candidate.decode(true)
                except UnicodeDecodeError:
                    continue
                bits = cost_in_words(other) - own
                if bits < closest and regarble(candidate) == line:
                    closest = bits
    return closest


# Tiers of a line's ceiling: no other text found; the likeliest other text reads more than
# _CLEARLY_WORSE bits worse (a reading of the line alone can choose right); closer; cheaper.
_CLEARLY_WORSE = 8.0


def _tier(closest: float | None) -> str:
    if closest is None:
        return "unknown"
    if closest == math.inf:
        return "unique"
    if closest > _CLEARLY_WORSE:
        return "other reads far worse"
    return "other reads close" if closest > 0 else "other reads better"


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


def _regarbler(name: str, old: bench.OldFtfy | None) -> Callable[[bytes], str]:
    """What the chain ``name`` makes of a line's bytes: read as Latin-1 and given to the installed
    ftfy, or read as cp1252 (a browser's) and given to the older one."""
    if "cp1252" in name and old is not None:
        fix = old.fix_text

        @lru_cache(maxsize=1 << 14)
        def through_old(data: bytes) -> str:
            return fix(bench.web_decode(data, "cp1252"))

        return through_old

    @lru_cache(maxsize=1 << 14)
    def through_installed(data: bytes) -> str:
        return ftfy.fix_text(data.decode("latin-1"))

    return through_installed


_TIERS = ("unique", "other reads far worse", "other reads close", "other reads better",
          "unknown")
_DECIDABLE = ("unique", "other reads far worse")  # a line alone tells its original


def _ceiling_text(ceiling: Counter[str]) -> str:
    """The ceiling's counts, as the planners read them."""
    def tiers(prefix: str) -> str:
        return ", ".join(f"{ceiling[prefix + tier]} {tier}" for tier in _TIERS)

    return (f"  ceiling, wrong lines: {tiers('wrong lines ')}; "
            f"{ceiling['pages with a wrong line ambiguous']} pages with a wrong line whose "
            f"other text reads close or better\n"
            f"  ceiling, all lines: {tiers('lines ')}\n"
            f"  pages whose every line is unique or its other text reads far worse: "
            f"{ceiling['pages every line unambiguous']} of {ceiling['pages']} "
            f"(exact now: {ceiling['of them exact']}); with no line whose other text reads "
            f"better (or unknown): {ceiling['pages none reads better']}")


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
        regarble = _regarbler(chain.name, old)
        ceiling: Counter[str] = Counter()
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
            page_ambiguous = page_wrong_ambiguous = page_better = False
            for line, original, out in zip(lines, s.text.split("\n"), fixed.split("\n"),
                                           strict=False):
                try:
                    data = bench.big5_bytes(original) if true == "cp950" \
                        else original.encode(bench.GBK_SOURCE)
                    label = _tier(ambiguous(line, data, true, regarble))
                except UnicodeEncodeError:
                    label = "unknown"
                ceiling[f"lines {label}"] += 1
                page_ambiguous |= label not in _DECIDABLE
                page_better |= label in ("other reads better", "unknown")
                if out == original:
                    continue
                ceiling[f"wrong lines {label}"] += 1
                page_wrong_ambiguous |= label in ("other reads close", "other reads better")
                found = cause(line, original, true, verify)
                counts[found] += 1
                matcher = difflib.SequenceMatcher(None, original, out, autojunk=False)
                wrong = [f"{original[a:b]}→{out[c:d]}" for tag, a, b, c, d
                         in matcher.get_opcodes() if tag != "equal"]
                shown.setdefault(found, []).append(" ".join(wrong[:4]))
            ceiling["pages"] += 1
            ceiling["pages every line unambiguous"] += not page_ambiguous
            ceiling["of them exact"] += not page_ambiguous and fixed == s.text
            ceiling["pages none reads better"] += not page_better
            ceiling["pages with a wrong line ambiguous"] += page_wrong_ambiguous
        print(f"{chain.name}: {exact} of {total} exact; wrong lines by cause:")
        for found, count in counts.most_common():
            print(f"  {count:4} {found}: {'; '.join(shown[found][:args.show])}")
        print(_ceiling_text(ceiling))
    return 0


if __name__ == "__main__":
    sys.exit(main())
