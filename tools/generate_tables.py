"""Generate textfix's data tables in src/textfix/data/ from real sources.

    python -m pip install -r tools/requirements.txt
    python tools/generate_tables.py

Sources, all read at generation time, none typed by hand:

* OpenCC's character dictionaries (``STCharacters``, ``TSCharacters``, ``TSCharactersExt``, the
  Taiwan and Hong Kong variant tables), dumped from the ``.ocd2`` files of the ``opencc`` wheel
  with the ``opencc_dict`` tool that the wheel ships.
* The codecs of the Python standard library: GB2312 level 1 (the 3,755 most common simplified
  characters) and Big5's frequent block (A440-C67E, 5,401 common traditional characters).
* jieba's dictionary (``jieba/dict.txt``: 349,046 words with their counts in a large corpus of
  modern Chinese) for character frequencies: a character's count is the sum of the counts of the
  words it occurs in. Traditional characters get the count of their simplified form (OpenCC's
  ``TSCharacters``), so traditional text is not judged rarer than simplified text.
* The same dictionary for word-internal character pairs: ``char_pairs.tsv`` holds, for every pair
  of adjacent characters inside jieba's words with a count of at least 5, its pointwise mutual
  information in bits (how much more often the pair occurs than its characters alone predict),
  keyed by simplified form; ``traditional_chars.tsv`` maps traditional characters to the
  simplified form the pairs are keyed by (OpenCC's ``TSCharacters``, first choice).
* pypinyin's per-character reading dictionary (derived from Unihan ``kHanyuPinyin`` and
  ``kXHC1983``) and its zhuyin conversion, for the annotation layer.

The output files are the only place these tables live; the generator rewrites them whole, and
running it again with the pinned sources reproduces them byte for byte (only the date changes).
"""

from __future__ import annotations

import contextlib
import datetime
import itertools
import math
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import jieba
import opencc
import pypinyin
from pypinyin.contrib.tone_convert import to_tone3, tone3_to_tone
from pypinyin.pinyin_dict import pinyin_dict
from pypinyin.style.bopomofo import BopomofoConverter

DATA = Path(__file__).resolve().parent.parent / "src" / "textfix" / "data"
OPENCC_DIR = Path(opencc.__file__).resolve().parent
OPENCC_SHARE = OPENCC_DIR / "clib" / "share" / "opencc"
OPENCC_DICT = OPENCC_DIR / "clib" / "bin" / "opencc_dict"

Table = dict[str, list[str]]


def dump_ocd2(name: str) -> Table:
    """Read one OpenCC dictionary (``name.ocd2``) as {key: [values]}, single characters only."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{name}.txt"
        subprocess.run(
            [str(OPENCC_DICT), "-i", str(OPENCC_SHARE / f"{name}.ocd2"), "-o", str(out),
             "-f", "ocd2", "-t", "text"],
            check=True, capture_output=True,
        )
        table: Table = {}
        for line in out.read_text(encoding="utf-8").splitlines():
            key, _, values = line.partition("\t")
            if len(key) == 1:
                table[key] = values.split(" ")
        return table


def decode_block(codec: str, leads: Iterable[int], trails: Iterable[int], last: int) -> str:
    """Every character of a double-byte block of ``codec``, in code order, up to code ``last``."""
    chars = []
    trail_list = list(trails)
    for lead in leads:
        for trail in trail_list:
            if (lead << 8) | trail > last:
                continue
            with contextlib.suppress(UnicodeDecodeError):  # unassigned codes
                chars.append(bytes([lead, trail]).decode(codec))
    return "".join(chars)


def script_sets() -> dict[str, str]:
    """Character sets that identify a script and a traditional standard, each sorted.

    Simplified-only: a character that OpenCC's s2t always replaces and that no traditional
    standard (OpenCC's own, Taiwan's, Hong Kong's) writes. Traditional-only: a character that
    t2s always replaces and that simplified text never writes. Characters valid in both
    (于 余 干 后 里 范 着 群 才 ...) are in neither set, so they never make text "mixed".
    """
    st = dump_ocd2("STCharacters")
    ts = dump_ocd2("TSCharacters")
    ts_ext = dump_ocd2("TSCharactersExt")
    tw, tw_rev = dump_ocd2("TWVariants"), dump_ocd2("TWVariantsRev")
    hk, hk_rev = dump_ocd2("HKVariants"), dump_ocd2("HKVariantsRev")

    def values(table: Table) -> set[str]:
        return {v for vs in table.values() for v in vs}

    written_traditional = values(st) | set(ts) | set(ts_ext) | values(tw) | values(hk)
    written_traditional |= set(tw_rev) | set(hk_rev)
    written_simplified = set(st) | values(ts) | values(ts_ext)

    simplified_only = {c for c, vs in st.items() if c not in vs} - written_traditional
    traditional_only = {c for c, vs in (ts | ts_ext).items() if c not in vs} - written_simplified
    # Where the traditional standards differ: the characters each one rewrites. A text already
    # written to a standard has none of that standard's characters; to="auto" picks the
    # standard that would rewrite the fewest (Taiwan rewrites 爲 裏 着, Hong Kong 爲 說 衛,
    # OpenCC's own standard 為 裡 説).
    def replaced(table: Table) -> set[str]:
        return {c for c, vs in table.items() if c not in vs}

    def replacements(table: Table) -> set[str]:
        return {v for c, vs in table.items() for v in vs if v != c}

    # Regional forms that plain t2s leaves wrong (Taiwan's 著 in 隨著 stays 著; tw2s gives 着):
    # only text holding one needs the slower two-stage tw2s/hk2s.
    t2s = opencc.OpenCC("t2s", include_tofu_risk_dictionaries=False)
    regional_simplify = {
        c for config, table in (("tw2s", tw), ("hk2s", hk))
        for c in replacements(table)
        if opencc.OpenCC(config, include_tofu_risk_dictionaries=False).convert(c)
        != t2s.convert(c)
    }
    sets = {
        "SIMPLIFIED_ONLY": simplified_only,
        "TRADITIONAL_ONLY": traditional_only,
        "TAIWAN_REWRITES": replaced(tw),
        "HONG_KONG_REWRITES": replaced(hk),
        "OPENCC_REWRITES": (replacements(tw) | replacements(hk)) - written_simplified,
        "REGIONAL_SIMPLIFY": regional_simplify,
    }
    return {name: "".join(sorted(chars)) for name, chars in sets.items()}


def common_chars() -> str:
    """GB2312 level 1 and Big5's frequent block, plus OpenCC's traditional forms of the former."""
    gb_level1 = decode_block("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF), 0xD7F9)
    big5_frequent = decode_block(
        "big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)], 0xC67E
    )
    st = dump_ocd2("STCharacters")
    traditional_of_level1 = {v for c in gb_level1 for v in st.get(c, [])}
    assert len(gb_level1) == 3755 and len(big5_frequent) == 5401
    return "".join(sorted(set(gb_level1) | set(big5_frequent) | traditional_of_level1))


def char_frequencies() -> dict[str, int]:
    """{character: count} from jieba's word counts, traditional forms sharing the count of their
    simplified form; most frequent first."""
    counts: dict[str, int] = {}
    for word, count in jieba_words():
        for char in word:
            if not char.isascii():
                counts[char] = counts.get(char, 0) + count
    for traditional, simplified in dump_ocd2("TSCharacters").items():
        shared = counts.get(simplified[0], 0)
        if shared > counts.get(traditional, 0):
            counts[traditional] = shared
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


# A pair seen fewer times than this in jieba's counts is too rare to be evidence.
PAIR_MIN_COUNT = 5


def jieba_words() -> Iterable[tuple[str, int]]:
    """(word, count) for every entry of jieba's dictionary."""
    dictionary = Path(jieba.__file__).resolve().parent / "dict.txt"
    for line in dictionary.read_text(encoding="utf-8").splitlines():
        word, count, *_ = line.split(" ")
        yield word, int(count)


def char_pairs() -> dict[str, float]:
    """{pair: PMI in bits} for adjacent non-ASCII characters inside jieba's words; only pairs
    seen PAIR_MIN_COUNT times or more and more often than chance; most informative first."""
    chars: dict[str, int] = {}
    pairs: dict[str, int] = {}
    for word, count in jieba_words():
        for char in word:
            if not char.isascii():
                chars[char] = chars.get(char, 0) + count
        for first, second in itertools.pairwise(word):
            if not first.isascii() and not second.isascii():
                pairs[first + second] = pairs.get(first + second, 0) + count
    char_total, pair_total = sum(chars.values()), sum(pairs.values())
    table = {}
    for pair, count in pairs.items():
        if count >= PAIR_MIN_COUNT:
            expected = chars[pair[0]] / char_total * chars[pair[1]] / char_total
            pmi = math.log2(count / pair_total / expected)
            if pmi >= 0.05:  # rounds to at least 0.1
                table[pair] = round(pmi, 1)
    return dict(sorted(table.items(), key=lambda item: (-item[1], item[0])))


def by_value(table: dict[str, float]) -> list[tuple[float, list[str]]]:
    """The keys of ``table`` grouped by value, highest value first (a compact file that loads
    in a few milliseconds: one slice per pair)."""
    groups: dict[float, list[str]] = {}
    for key, value in table.items():
        groups.setdefault(value, []).append(key)
    return sorted(((value, sorted(keys)) for value, keys in groups.items()), reverse=True)


def traditional_chars() -> dict[str, str]:
    """{traditional character: its simplified form} from OpenCC's TSCharacters (first choice)."""
    return {traditional: simplified[0]
            for traditional, simplified in sorted(dump_ocd2("TSCharacters").items())
            if len(simplified[0]) == 1 and simplified[0] != traditional}


def readings() -> dict[str, list[str]]:
    """{character: [tone3 syllables]} from pypinyin's per-character dictionary.

    Tone3 is the comparison form: ``lian2``, neutral tone ``men5``, ü written ``v`` (``lv4``).
    """
    table = {}
    for code, value in sorted(pinyin_dict.items()):
        syllables = []
        for reading in value.split(","):
            tone3 = to_tone3(reading, v_to_u=False, neutral_tone_with_five=True)
            if tone3 and tone3 not in syllables:
                syllables.append(tone3)
        if syllables:
            table[chr(code)] = syllables
    return table


def zhuyin(syllables: Iterable[str]) -> dict[str, str]:
    """{zhuyin: tone3} for every syllable in ``syllables``, using pypinyin's converter."""
    converter = BopomofoConverter()
    table: dict[str, str] = {}
    for tone3 in sorted(set(syllables)):
        tone_mark = tone3_to_tone(tone3)
        bopomofo = converter.to_bopomofo(tone_mark)
        if bopomofo:
            table.setdefault(bopomofo, tone3)
    return table


def header(what: str, sources: str) -> str:
    return (
        f"# {what}\n"
        f"# Generated by tools/generate_tables.py; do not edit. Regenerate with that script.\n"
        f"# Sources: {sources}\n"
        f"# Generated on {datetime.date.today().isoformat()}"
        f" with Python {sys.version.split()[0]}.\n"
    )


def write(name: str, text: str) -> None:
    path = DATA / name
    fd, tmp = tempfile.mkstemp(dir=DATA, prefix=f".{name}.")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    print(f"wrote {path.relative_to(DATA.parent.parent.parent)} ({len(text.encode()):,} bytes)")


def py_string_table(what: str, sources: str, constants: dict[str, str]) -> str:
    lines = [header(what, sources), '"""' + what + '."""', ""]
    for name, chars in constants.items():
        lines.append(f"# {len(chars)} characters, {chars[:1]} (U+{ord(chars[0]):04X}) to "
                     f"{chars[-1:]} (U+{ord(chars[-1]):04X})")
        lines.append(f"{name} = (")
        for start in range(0, len(chars), 60):
            lines.append(f'    "{chars[start:start + 60]}"')
        lines.append(")")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    opencc_source = (
        f"OpenCC {opencc.__version__} dictionaries (opencc wheel, dumped by opencc_dict)"
    )
    write("script_chars.py", py_string_table(
        "Characters that identify a script", opencc_source, script_sets()
    ))
    write("common_chars.py", py_string_table(
        "Common Chinese characters, both scripts",
        f"GB2312 level 1 and Big5 A440-C67E (Python {sys.version.split()[0]} codecs); "
        + opencc_source,
        {"COMMON": common_chars()},
    ))
    frequencies = char_frequencies()
    write("char_frequency.tsv", header(
        "Character counts (traditional forms share the count of their simplified form)",
        f"jieba {jieba.__version__} dict.txt (word counts); " + opencc_source,
    ) + "".join(f"{char}\t{count}\n" for char, count in frequencies.items()))
    write("char_pairs.tsv", header(
        "Word-internal character pairs and their pointwise mutual information in bits"
        f" (pairs seen {PAIR_MIN_COUNT}+ times, keyed by simplified form)",
        f"jieba {jieba.__version__} dict.txt (word counts)",
    ) + "# One line per value: the bits, a tab, then every pair with that value, run together.\n"
      + "".join(f"{bits}\t{''.join(pairs)}\n" for bits, pairs in by_value(char_pairs())))
    write("traditional_chars.tsv", header(
        "Traditional characters and the simplified form char_pairs.tsv is keyed by",
        opencc_source + ", TSCharacters",
    ) + "".join(f"{t}\t{s}\n" for t, s in traditional_chars().items()))
    table = readings()
    body = "".join(f"{char}\t{' '.join(syls)}\n" for char, syls in table.items())
    write("readings.tsv", header(
        "Character readings in tone3 pinyin (neutral tone 5, ü as v)",
        f"pypinyin {pypinyin.__version__} pinyin_dict (Unihan kHanyuPinyin, kXHC1983, ...)",
    ) + body)
    all_syllables = {s for syls in table.values() for s in syls}
    zhuyin_table = zhuyin(all_syllables)
    write("zhuyin.tsv", header(
        "Zhuyin (bopomofo) syllable to tone3 pinyin",
        f"pypinyin {pypinyin.__version__} BopomofoConverter over every syllable of readings.tsv",
    ) + "".join(f"{z}\t{t}\n" for z, t in sorted(zhuyin_table.items())))


if __name__ == "__main__":
    main()
