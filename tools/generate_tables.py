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
* pypinyin's per-character reading dictionary (derived from Unihan ``kHanyuPinyin`` and
  ``kXHC1983``) and its zhuyin conversion, for the annotation layer.

The output files are the only place these tables live; the generator rewrites them whole, and
running it again with the pinned sources reproduces them byte for byte (only the date changes).
"""

from __future__ import annotations

import contextlib
import datetime
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import jieba  # type: ignore[import-untyped]
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
    dictionary = Path(jieba.__file__).resolve().parent / "dict.txt"
    for line in dictionary.read_text(encoding="utf-8").splitlines():
        word, count, *_ = line.split(" ")
        for char in word:
            if not char.isascii():
                counts[char] = counts.get(char, 0) + int(count)
    for traditional, simplified in dump_ocd2("TSCharacters").items():
        shared = counts.get(simplified[0], 0)
        if shared > counts.get(traditional, 0):
            counts[traditional] = shared
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


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
