"""Common words garbled alone: titles, table cells and tags that hold one Chinese word.

    python benchmarks/short_fields.py [--corpus PATH] [--words 3000] [--show 4] [--json FILE]

A short field gives a repair little to go on, and the commonest words are where it matters
most. The words are the ``--words`` commonest two-character Han sequences of the dev corpus,
per script (a traditional word for the chains from Big5). Each is garbled by each chain and
set in three frames, as fields stand on a page: alone, after an ASCII word (``Linux ¸ê·½``) and
in brackets before a figure (``[¸ê·½] 2024``). A frame is counted where the chain can make it
strictly, and it is exact where the repair gives back the original frame. ``ftfy.fix_text``
(with textfix's CJK-safe options) is measured beside textfix.

Two-character words are the hardest case: the GBK bytes of 系统 are valid UTF-8 too (``ϵͳ``),
the Big5 bytes of 可以 read as a Western character and a letter each (``¥i¥H``), and the
Big5 and GBK readings of a word are near in cost.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import ftfy

import textfix
from textfix.layers.mojibake.latin import ftfy_config

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import argument_parser, command_line, git_state
from mojibake_accuracy import big5_bytes

FRAMES = ("{}", "Linux {}", "[{}] 2024")
_HAN_PAIR = re.compile("(?=([\u4e00-\u9fff]{2}))")


def _read(codec: str) -> Callable[[bytes], str]:
    return lambda data: data.decode(codec)


# (name, the script of the words it garbles, how the word is written, how it is read)
CHAINS: tuple[tuple[str, str, Callable[[str], bytes], Callable[[bytes], str]], ...] = (
    ("gbk→latin1", "simplified", lambda text: text.encode("gbk"), _read("latin-1")),
    ("gbk→cp1252", "simplified", lambda text: text.encode("gbk"), _read("cp1252")),
    ("utf8→cp1252", "simplified", lambda text: text.encode("utf-8"), _read("cp1252")),
    ("utf8→gbk", "simplified", lambda text: text.encode("utf-8"), _read("gbk")),
    ("big5→latin1", "traditional", big5_bytes, _read("latin-1")),
    ("big5→cp1252", "traditional", big5_bytes, _read("cp1252")),
    ("big5→gbk", "traditional", big5_bytes, _read("gbk")),
    ("gbk→big5", "simplified", lambda text: text.encode("gbk"), _read("cp950")),
)


def common_words(corpus: Path, script: str, count: int) -> list[str]:
    """The ``count`` commonest two-character Han sequences of the corpus' paragraphs in
    ``script`` (overlapping: 新闻报道 holds 新闻, 闻报 and 报道; the frequent ones are words)."""
    counts: Counter[str] = Counter()
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["script"] == script:
                counts.update(match.group(1) for match in _HAN_PAIR.finditer(record["text"]))
    return [word for word, _ in counts.most_common(count)]


def main() -> None:
    parser = argument_parser(__doc__, corpus=True, json=True)
    parser.add_argument("--words", type=int, default=3000, help="words per script")
    parser.add_argument("--show", type=int, default=4, help="failures shown per chain")
    args = parser.parse_args()
    words = {script: common_words(args.corpus, script, args.words)
             for script in ("simplified", "traditional")}
    tools: dict[str, Callable[[str], str]] = {
        "textfix": textfix.fix, "ftfy": lambda text: ftfy.fix_text(text, config=ftfy_config())}
    print(f"$ {command_line()}\n{{\"git\": \"{git_state()}\", \"words\": {args.words}}}")
    print(f"{'chain':14} {'fields':>7} " + " ".join(f"{tool + ' exact %':>16}" for tool in tools))
    rows = []
    for name, script, write, read in CHAINS:
        exact: Counter[str] = Counter()
        shown: list[str] = []
        fields = 0
        for word in words[script]:
            try:
                garbled = read(write(word))
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            for frame in FRAMES:
                fields += 1
                for tool, repair in tools.items():
                    output = repair(frame.format(garbled))
                    if output == frame.format(word):
                        exact[tool] += 1
                    elif tool == "textfix" and len(shown) < args.show:
                        shown.append(f"{frame.format(garbled)!r} -> {output!r} ({word})")
        pct = {tool: 100 * exact[tool] / fields if fields else 0.0 for tool in tools}
        rows.append({"chain": name, "fields": fields, "exact_pct": pct})
        print(f"{name:14} {fields:>7} " + " ".join(f"{pct[tool]:>16.2f}" for tool in tools))
        for line in shown:
            print(f"    {line}")
    if args.json:
        args.json.write_text(json.dumps({"command": command_line(), "git": git_state(),
                                         "words": args.words, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
