"""False positives on clean text of every kind, in one run: what textfix changes in text that
needs no repair, beside ftfy and the mojibake benchmark's brute force.

    python benchmarks/clean_text.py [--dev PATH] [--literary PATH] [--lines 20000] [--seed 1]
                                    [--clauses 20000] [--poetry DIR] [--show 5]

The clean texts:

* ``dev``: every paragraph of the dev corpus (manual pages, both scripts, English too);
* ``literary``: every paragraph of the literary corpus (classical poetry and prose: rare
  characters, reduplications such as 瀼瀼 and 委委佗佗);
* ``clauses``: ``--clauses`` clauses of the literary paragraphs alone (cut at their sentence
  marks, each as a title or a table cell would stand: 零露瀼瀼, 芃芃黍苗), where the short-text
  rules read a whole text between Big5 and GBK;
* ``symbols``: ``--lines`` lines of many scripts with Western symbols (``clean_symbols.py``);
* ``short``: as many texts of one or two such pieces (a title, a table cell), the European
  news words of ``workloads`` among the Western ones (``«Über»©``, ``nową©``): a short text
  has no context to tell a clean word from a garbled one;
* ``pairs``: as many texts of one of those accented words with two of Latin-1's symbols glued
  to it (``Kraków³¹``, ``«Ærø»``), alone or in a frame: what a garbled Chinese character looks
  like, the hardest clean text of all for the repair;
* ``held-out`` (with ``--poetry``, a checkout of chinese-poetry/chinese-poetry): the collections
  of that repository the literary corpus does not hold (宋词, 蒙学 but 古文观止, 大学, 中庸,
  水墨唐诗), classical text no rule of textfix was tuned on.

Every text should come back unchanged. A text counts as changed by textfix (``textfix.fix``,
defaults), ftfy (``ftfy.fix_encoding``, its encoding repair alone) and the brute force (every
whole-string re-decode, the most common-looking kept); what textfix still changes is counted by
cause (the layer and action of each step, and for a mojibake repair the chain it read).
Targets: no paragraph of ``dev`` or ``literary`` changed, no clause, 0.01 % of ``symbols``,
``short`` and ``pairs`` at most.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import ftfy

import textfix

sys.path.insert(0, str(Path(__file__).resolve().parent))
import workloads
from clean_symbols import WESTERN
from clean_symbols import lines as symbol_lines
from common import DEFAULT_CORPUS, argument_parser
from mojibake_accuracy import brute_force

LITERARY = DEFAULT_CORPUS.with_name("literary.jsonl.gz")
TOOLS: dict[str, Callable[[str], str]] = {
    "textfix": textfix.fix, "ftfy.fix_encoding": ftfy.fix_encoding, "brute": brute_force}
# Percent changed, at most.
TARGETS = {"dev": 0.0, "literary": 0.0, "clauses": 0.0, "symbols": 0.01, "short": 0.01,
           "pairs": 0.01}
# chinese-poetry collections outside the literary corpus (its README names those it holds).
HELD_OUT = ("宋词/ci.song.*.json", "蒙学/*.json", "四书五经/daxue.json",
            "四书五经/zhongyong.json", "水墨唐诗/*.json")
HELD_OUT_SKIPPED = ("guwenguanzhi",)  # 古文观止 is in the literary corpus
SONG_CI_FILES = 5  # of 22: 5,000 ci


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    literary = paragraphs(args.literary)
    sets = {"dev": paragraphs(args.dev), "literary": literary,
            "clauses": clauses(literary, args.clauses, args.seed),
            "symbols": symbol_lines(args.lines, args.seed),
            "short": symbol_lines(args.lines, args.seed, most=2, western=european_words()),
            "pairs": symbol_pairs(args.lines, args.seed)}
    if args.poetry:
        sets["held-out"] = list(held_out(args.poetry))
    print("$ python benchmarks/clean_text.py " + " ".join(argv or sys.argv[1:]))
    print(f"{'set':<10} {'texts':>7} " + " ".join(f"{tool:>20}" for tool in TOOLS))
    causes: dict[str, Counter[str]] = {}
    shown: dict[str, list[str]] = {}
    failed = False
    for name, texts in sets.items():
        cells = []
        for tool, repair in TOOLS.items():
            changed = [text for text in texts if repair(text) != text]
            share = 100 * len(changed) / max(1, len(texts))
            cells.append(f"{len(changed):>7} ({share:6.3f} %)")
            if tool == "textfix":
                causes[name] = Counter(cause for text in changed for cause in causes_of(text))
                shown[name] = [show(text) for text in changed[:args.show]]
                failed |= name in TARGETS and share > TARGETS[name]
        print(f"{name:<10} {len(texts):>7} " + " ".join(f"{cell:>20}" for cell in cells))
    print("targets: " + ", ".join(f"{name} <= {share} %" for name, share in TARGETS.items()))
    print("\ntextfix's changes by cause (a text may have several):")
    for name, counted in causes.items():
        print(f"  {name}: " + (", ".join(f"{cause} {count}" for cause, count
                                        in counted.most_common()) or "none"))
        for line in shown[name]:
            print(f"      {line}")
    return 1 if failed and args.check else 0


def european_words() -> tuple[str, ...]:
    """WESTERN's words and those with a letter beyond ASCII of the European news sentences of
    ``workloads`` (Polish, Turkish, Spanish, German, French ...)."""
    found = {word for sentence in workloads.EUROPEAN_NEWS
             for word in re.findall(r"[^\W\d_]+", sentence) if not word.isascii()}
    return WESTERN + tuple(sorted(found))


def symbol_pairs(count: int, seed: int) -> list[str]:
    """``count`` texts of a European word (``european_words``) with two of Latin-1's symbols
    glued before or after it, alone or in a frame: the shape of a garbled Chinese character."""
    rng = random.Random(seed)
    words = [word for word in european_words() if not word.isascii()]
    frames = ("{}", "{} 2024", "价格 {}", "{}（德国）", "Preis: {}")
    made = []
    for _ in range(count):
        word, pair = rng.choice(words), "".join(rng.choices(_LATIN1_SYMBOLS, k=2))
        made.append(rng.choice(frames).format(word + pair if rng.random() < 0.5
                                              else pair[0] + word + pair[1]))
    return made


# Latin-1's symbols and signs (A1-BF: ¡ to ¿, but the soft hyphen).
_LATIN1_SYMBOLS = [chr(code) for code in range(0xA1, 0xC0) if code != 0xAD]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argument_parser(__doc__)
    parser.add_argument("--dev", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--literary", type=Path, default=LITERARY)
    parser.add_argument("--lines", type=int, default=20000, help="symbol lines")
    parser.add_argument("--seed", type=int, default=1, help="of the symbol lines and clauses")
    parser.add_argument("--clauses", type=int, default=20000, help="literary clauses")
    parser.add_argument("--poetry", type=Path, help="a chinese-poetry checkout: held-out text")
    parser.add_argument("--show", type=int, default=5, help="changed texts shown per set")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    return parser.parse_args(argv)


def clauses(texts: list[str], count: int, seed: int) -> list[str]:
    """``count`` distinct clauses of ``texts`` of two characters or more, drawn with ``seed``."""
    found = sorted({clause.strip() for text in texts for clause in _CLAUSE_END.split(text)
                    if len(clause.strip()) >= 2})
    return random.Random(seed).sample(found, min(count, len(found)))


_CLAUSE_END = re.compile("[，。；：？！、,.;:?!\n]")


def paragraphs(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as rows:
        return [json.loads(row)["text"] for row in rows]


def held_out(root: Path) -> Iterator[str]:
    """The poems (one text each) and paragraphs of the held-out collections under ``root``."""
    for pattern in HELD_OUT:
        files = sorted(root.glob(pattern))
        if pattern.startswith("宋词"):
            files = files[:SONG_CI_FILES]
        for path in files:
            if not any(skipped in path.name for skipped in HELD_OUT_SKIPPED):
                yield from _texts(json.loads(path.read_text(encoding="utf-8")))


_TEXT_FIELDS = ("paragraphs", "content", "paragraph", "para")


def _texts(node: object) -> Iterator[str]:
    """A poem (an object with a text field) as one text, or its paragraphs where it is longer
    than a page; anything else searched for poems."""
    if isinstance(node, dict) and any(field in node for field in _TEXT_FIELDS):
        pieces = [piece for field in _TEXT_FIELDS for piece in _strings(node.get(field))]
        whole = "".join(pieces)
        yield from ([piece for piece in pieces if piece] if len(whole) > 1000
                    else [whole] if whole else [])
    elif isinstance(node, dict):
        for value in node.values():
            yield from _texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item)


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)


def causes_of(text: str) -> set[str]:
    """What changed ``text``: each changing step's layer and action, with the chain of a
    mojibake repair (``mojibake recode: gb18030 read as cp950``)."""
    found = set()
    for step in textfix.fix_and_explain(text).steps:
        if step.changed:
            detail = step.chain or (step.evidence[0] if step.evidence else "")  # ftfy's first
            found.add(f"{step.layer} {step.action}" + (f": {detail}" if detail else ""))
    return found


def show(text: str, width: int = 60) -> str:
    after = textfix.fix(text)
    start = next((index for index, (a, b) in enumerate(zip(text, after, strict=False))
                  if a != b), min(len(text), len(after)))
    start = max(0, start - 15)
    return f"{text[start:start + width]!r} -> {after[start:start + width]!r}"


if __name__ == "__main__":
    sys.exit(main())
