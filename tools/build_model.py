"""Write src/textfix/data/model.bin: the tables the Rust core and the Python reference both read.

    python tools/build_model.py

Sources, none typed by hand:

* character costs: ``-log2`` of each Han character's frequency (``data/char_frequency.tsv``,
  from jieba's word counts by tools/generate_tables.py), every other BMP character by the kind
  costs of ``textfix.plausibility`` (its ``BLOCKS``), and code points that this Python's
  ``unicodedata`` calls unassigned or private use as nonsense: fixed here, so a textfix on
  another Python (another Unicode version) judges text the same way;
* word-pair bonuses and the traditional-to-simplified keys they are looked up by
  (``data/char_pairs.tsv``, ``data/traditional_chars.tsv``);
* the readings between Big5 and GBK, one character for one, from Python's ``cp950``,
  ``big5hkscs`` and ``gb18030`` codecs (``textfix.recode.codec_reading_table``);
* the scan's character flags: for every character, which of the classes of the layers' scan and
  trigger patterns it is in (``textfix._kernels.triggers``; the mojibake classes among them are
  read from ``data/trigger_chars.tsv``).

Costs and bonuses are rounded to 1/SCALE bits (see ``textfix/data/model.py``). Run this after
changing any source or number, then ``tools/generate_triggers.py`` (the trigger classes are
derived from the costs; it rebuilds the model with their flags); ``tests/test_model.py`` fails
until the stored model is the derived one.
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
import unicodedata
from array import array
from pathlib import Path

from textfix import plausibility, recode
from textfix._kernels import triggers
from textfix.data import char_frequency, char_pairs, model, traditional_chars

DATA = Path(__file__).resolve().parent.parent / "src" / "textfix" / "data"


def units(bits: float) -> int:
    return round(bits * model.SCALE)


def han_costs() -> dict[int, float]:
    counts = char_frequency()
    total = sum(counts.values())
    return {ord(char): max(plausibility.FLOOR, -math.log2(count / total))
            for char, count in counts.items()
            if "\u3400" <= char <= "\u9fff"}  # the table's few symbols are costed by kind


def bmp_costs() -> array[int]:
    """The cost of every BMP character in units, indexed by code point."""
    table = [0.0] * 0x10000
    for first, last, value in plausibility.BLOCKS:
        table[first:last + 1] = [value] * (last + 1 - first)
    for code, value in han_costs().items():
        table[code] = value
    # Unassigned code points among those no block names (U+05FA, which Big5 bytes read as UTF-8
    # make of the GBK 缀 in "Meta ヶ袟": ǰ\u05fa) are nonsense, as astral ones are.
    for code in range(0x10000):
        if table[code] == plausibility.SYMBOL and unicodedata.category(chr(code)) == "Cn":
            table[code] = plausibility.NONSENSE
    return array("i", map(units, table))


def astral_ranges() -> array[int]:
    """(first, last, cost in units) of every run of astral code points of one cost, in order,
    together covering U+10000 to U+10FFFF."""
    ranges: list[list[int]] = []
    for code in range(0x10000, 0x110000):
        cost = units(plausibility.astral_kind_cost(chr(code)))
        if ranges and ranges[-1][2] == cost:
            ranges[-1][1] = code
        else:
            ranges.append([code, code, cost])
    return array("i", [value for run in ranges for value in run])


def pairs() -> tuple[array[int], array[int]]:
    """(each pair's two BMP code points as first | second << 16, sorted; its bonus in units)."""
    coded = {}
    for pair, bits in char_pairs().items():
        first, second = map(ord, pair)
        if first > 0xFFFF or second > 0xFFFF or 0xFFFF in (first, second):
            raise SystemExit(f"pair {pair!r} is not of two BMP characters other than U+FFFF")
        coded[first | second << 16] = units(bits)
    keys = sorted(coded)
    return array("I", keys), array("i", [coded[key] for key in keys])


def keys() -> array[int]:
    """(character, the character its pairs are keyed by) of every character whose key is
    another, sorted, flattened."""
    found = sorted((ord(char), ord(key)) for char, key in traditional_chars().items()
                   if len(char) == 1 and len(key) == 1 and char != key)
    return array("I", [value for pair in found for value in pair])


def readings(chain: recode.Chain) -> array[int]:
    """What every BMP character reads as through a Big5/GBK ``chain`` (U+FFFF: no reading)."""
    table = recode.codec_reading_table(chain)
    return array("I", [ord(table[code]) for code in range(0x10000)])


def build() -> bytes:
    pair_keys, pair_bits = pairs()
    version = array("I", map(int, unicodedata.unidata_version.split(".")))
    sections = [
        model.Section("unicode", 4, version),  # whose unassigned code points are nonsense
        model.Section("bmp_costs", 4, bmp_costs()),
        model.Section("astral_costs", 4, astral_ranges()),
        model.Section("pair_keys", 4, pair_keys),
        model.Section("pair_bits", 4, pair_bits),
        model.Section("keys", 4, keys()),
        *(model.Section(name, 4, readings(recode.Chain(wrong, true)))
          for name, wrong, true in model.READING_CHAINS),
        model.Section("scan_flags", 4, triggers.bmp_flags()),
        model.Section("scan_astral", 4, triggers.astral_flags()),
        model.Section("scan_numbers", 4, triggers.numbers()),
    ]
    return model.write(sections)


def main() -> None:
    data = build()
    path = DATA / "model.bin"
    fd, tmp = tempfile.mkstemp(dir=DATA, prefix=".model.bin.")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    print(f"wrote {path} ({len(data):,} bytes) with Python {sys.version.split()[0]}, "
          f"Unicode {unicodedata.unidata_version}")


if __name__ == "__main__":
    main()
