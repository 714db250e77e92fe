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
  trigger patterns it is in (``textfix.layers.scan_table``; the mojibake classes among them are
  read from ``data/trigger_chars.tsv``), and the letters and syllables the annotation layer's
  rule for a closing parenthesis spells (from the reading data);
* the character classes of the whole-text readings' checks (``whole_classes``): for every code
  point, which of the patterns of ``recode.whole`` and ``recode.acceptance`` match it;
* the characters only one script writes (``script_only``, from ``data/script_chars.py``);
* the byte chooser's tables (``chooser_sections``, from ``textfix.layers.ftfy_choice``): each
  judge's cost of every character the GBK and Big5 two-byte tables and ASCII read as, the
  classical judge's costs of Han characters (``data/classical_chars.tsv``) and its pair bonuses
  (``data/classical_pairs.tsv``), stored as doubles: the classical judge mixes two likelihoods,
  which no sum of units is, and the core must weigh choices with the reference's very numbers;
* the classes and scripts ``layers.mojibake.quiet`` reads ftfy's pattern by, from this
  Python's ``unicodedata`` (``quiet_*``);
* the script layer's marks (``textfix.layers.script_marks``): the hiragana, the forms only the
  regional configurations simplify right, and the characters each traditional standard's
  configuration rewrites (``data/script_chars.py``, from OpenCC's dictionaries);
* the codecs of the chains the core re-encodes and decodes with (``codec_sections``): what
  every BMP character encodes to in GBK (GB18030 where GBK cannot, as ``recode.chain.encode``
  does), GB18030 and cp950; what every byte pair decodes to in GB18030 and cp950, and every
  four-byte GB18030 sequence of the BMP; the 256 characters of each single-byte code page
  (``recode.chain.sloppy_table``; Latin-1's are its bytes); the characters the lossy chains'
  wrong codecs read from two UTF-8 continuation bytes but write as another pair
  (``layers.replaced_bytes.continuation_pairs``). All from this Python's codecs:
  ``tests/test_kernels_units.py`` proves the core's use of them equal to the codecs.

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
from textfix.data import char_frequency, char_pairs, model, script_chars, traditional_chars
from textfix.layers import ftfy_choice, replaced_bytes, scan_table, script_marks
from textfix.layers.mojibake import quiet
from textfix.recode import acceptance, whole

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


def encodings(codec: str) -> array[int]:
    """What every BMP character encodes to in ``codec`` (``recode.chain.encode``), its bytes as one
    big-endian number (1, 2 or 4 bytes; a four-byte GB18030 sequence starts at 81 or above),
    model.NO_CODE where ``codec`` cannot encode it."""
    table = array("I", [model.NO_CODE] * 0x10000)
    for code in range(0x10000):
        try:
            data = recode.chain.encode(chr(code), codec)
        except UnicodeEncodeError:
            continue
        if len(data) not in (1, 2, 4):
            raise SystemExit(f"{codec} encodes U+{code:04X} in {len(data)} bytes")
        table[code] = int.from_bytes(data, "big")
    return table


def _decoded(data: bytes, codec: str) -> int:
    """The one character ``data`` decodes to (strictly), model.NO_CODE where it is not one."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return model.NO_CODE
    return ord(text) if len(text) == 1 else model.NO_CODE


def pair_decodings(codec: str) -> array[int]:
    """What every byte pair with a lead byte of 80 or above decodes to in ``codec``, indexed by
    (lead - 0x80) * 256 + trail."""
    return array("I", [_decoded(bytes([lead, trail]), codec)
                       for lead in range(0x80, 0x100) for trail in range(0x100)])


def gb18030_four_byte() -> array[int]:
    """What every four-byte GB18030 sequence of the BMP decodes to, by its linear number
    (81 30 81 30 is 0; 39,420 of them)."""
    return array("I", [_decoded(bytes([0x81 + number // 12600, 0x30 + number // 1260 % 10,
                                       0x81 + number // 10 % 126, 0x30 + number % 10]),
                                "gb18030")
                       for number in range(model.GB18030_FOUR_BYTE_BMP)])


def page(name: str) -> array[int]:
    """The characters the single-byte code page ``name`` reads the bytes 00-FF as."""
    chars = (bytes(range(256)).decode("latin-1") if name == "latin-1"
             else recode.chain.sloppy_table(name)[0])
    return array("I", map(ord, chars))


def codec_sections() -> list[model.Section]:
    return [
        *(model.Section(f"encode_{codec}", 4, encodings(codec))
          for codec in ("gbk", "gb18030", "cp950")),
        *(model.Section(f"pairs_{codec}", 4, pair_decodings(codec))
          for codec in ("gb18030", "cp950")),
        model.Section("gb18030_four", 4, gb18030_four_byte()),
        *(model.Section(f"page_{name}", 4, page(name)) for name in model.PAGES),
        *(model.Section(f"cont_{codec}", 4, continuation_pairs(codec))
          for codec in model.CONTINUATION_CODECS),
    ]


def continuation_pairs(codec: str) -> array[int]:
    """(character, its two bytes as one big-endian number) of each of ``codec``'s
    ``replaced_bytes.continuation_pairs``, flattened."""
    found = replaced_bytes.continuation_pairs(codec)
    return array("I", [value for char, pair in found.items()
                       for value in (ord(char), int.from_bytes(pair, "big"))])


# The bits of ``whole_classes``, as crates/textfix-core/src/whole.rs reads them.
WHOLE_FOREIGN, WHOLE_HAN, WHOLE_CJK_PUNCTUATION, WHOLE_ACCENTED, WHOLE_LOWER, WHOLE_WORD_SIDE, \
    WHOLE_C1 = (1 << bit for bit in range(7))


def whole_classes() -> array[int]:
    """(first, last, bits) of every run of code points of one set of bits, covering U+0000 to
    U+10FFFF, flattened: which classes of the whole-text readings' checks each is in, found by
    the patterns themselves (``plausibility.foreign``'s letters, ``acceptance``'s Han characters
    and CJK punctuation, the accented letters of ``european_word`` with whether a pair of them
    is lowercase, the ASCII letters around them, and the C1 controls ``repair_whole`` ignores)."""
    everything = "".join(map(chr, range(0x110000)))
    bits = [0] * 0x110000
    for pattern, bit in ((plausibility._FOREIGN, WHOLE_FOREIGN),
                         (acceptance._han_char(), WHOLE_HAN),
                         (acceptance.CJK_PUNCTUATION, WHOLE_CJK_PUNCTUATION)):
        for match in pattern.finditer(everything):
            bits[match.start()] |= bit
    inside = acceptance._TWO_INSIDE_A_WORD
    accented = [char for char in everything if inside.search(f"a{char}{char}a")]
    for char in accented:
        if not (char.islower() or char.isupper()):  # then a pair's case is not its letters'
            raise SystemExit(f"{char!r} in european_word's class has no case")
        bits[ord(char)] |= WHOLE_ACCENTED | (WHOLE_LOWER if char.islower() else 0)
    probe = accented[0] * 2
    for char in everything:
        if inside.search(f"{char}{probe}{char}"):
            bits[ord(char)] |= WHOLE_WORD_SIDE
    for code in whole._C1_CONTROLS:
        bits[code] |= WHOLE_C1
    runs: list[list[int]] = []
    for code, value in enumerate(bits):
        if runs and runs[-1][2] == value:
            runs[-1][1] = code
        else:
            runs.append([code, code, value])
    return array("I", [value for run in runs for value in run])


# The bits of ``script_only``, as crates/textfix-core/src/accept.rs reads them.
SCRIPT_SIMPLIFIED, SCRIPT_TRADITIONAL = 1, 2


def script_only() -> array[int]:
    """(code point, bits) of every character only one script writes (``data.script_chars``),
    in order, flattened: the run acceptance's ``script_of`` counts them, and
    ``script_extended`` grows a Big5/GBK run by those of the other script."""
    bits: dict[int, int] = {}
    for chars, bit in ((script_chars.SIMPLIFIED_ONLY, SCRIPT_SIMPLIFIED),
                       (script_chars.TRADITIONAL_ONLY, SCRIPT_TRADITIONAL)):
        for char in chars:
            bits[ord(char)] = bits.get(ord(char), 0) | bit
    return array("I", [value for code in sorted(bits) for value in (code, bits[code])])


def chooser_sections() -> list[model.Section]:
    """The tables of ``ftfy_choice``'s core chooser and classical judge, as it derives them."""
    codes, judged = ftfy_choice.chooser_costs()
    han, han_bits = ftfy_choice.classical_han_costs()
    firsts, seconds, bonuses = ftfy_choice.classical_pair_bonuses()
    return [
        model.Section("choose_codes", 4, array("I", codes)),
        *(model.Section(f"choose_{judge}", 8, array("d", costs))
          for judge, costs in zip(ftfy_choice.JUDGES, judged, strict=True)),
        model.Section("classical_han", 4, array("I", han)),
        model.Section("classical_bits", 8, array("d", han_bits)),
        model.Section("classical_first", 4, array("I", firsts)),
        model.Section("classical_second", 4, array("I", seconds)),
        model.Section("classical_bonus", 8, array("d", bonuses)),
    ]


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
        *codec_sections(),
        model.Section("scan_flags", 4, scan_table.bmp_flags()),
        model.Section("scan_astral", 4, scan_table.astral_flags()),
        model.Section("scan_numbers", 4, scan_table.numbers()),
        model.Section("syllable_letters", 4, scan_table.syllable_letters()),
        model.Section("syllables", 4, scan_table.syllables()),
        model.Section("whole_classes", 4, whole_classes()),
        model.Section("script_only", 4, script_only()),
        model.Section("script_marks", 4, script_marks.mark_table()),
        *chooser_sections(),
        # What ``layers.mojibake.quiet`` derives from this Python's ``unicodedata`` for the core's
        # reading of ftfy's pattern (used where the running Python's Unicode is the model's).
        model.Section("quiet_space", 4, array("I", [v for run in quiet.bmp_runs(r"\s+")
                                                    for v in run])),
        model.Section("quiet_word", 4, array("I", [v for run in quiet.bmp_runs(r"\w+")
                                                   for v in run])),
        model.Section("quiet_scripts", 4, array("I", quiet.alphabet_scripts())),
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
