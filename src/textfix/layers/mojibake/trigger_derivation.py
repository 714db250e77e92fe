"""The trigger's large character classes, derived from the codecs and the cost model.

Only tools/generate_triggers.py (which stores them in ``data/trigger_chars.tsv``) and the test
that checks the stored classes against these use this module: computing them at import took
60 ms, reading them takes 1 ms.
"""

from __future__ import annotations

import contextlib
import math
import operator
import re
from functools import cache
from itertools import repeat

from ... import recode
from ...charclass import HAN, body_ranges, class_body
from ...lazy_regex import lazy_compile
from ...plausibility import SUSPECT, VERY_SUSPECT, char_cost, char_costs, suspect_class
from .chains import HAN_TO_HAN, WESTERN_PAGES
from .triggers import ALONE_SUSPECT


@cache
def _utf8_lead_class() -> str:
    """The characters that GBK or Big5 makes of a UTF-8 lead byte of Chinese text or
    punctuation (E2-E9, EF) and a continuation byte, where such a character is far likelier to
    begin a garbled one than to stand as itself: every stretch of UTF-8 read as either begins
    with one (涓 鐨 浠 浣 鍒 ...)."""
    pairs = [(lead, trail) for lead in (*range(0xE2, 0xEA), 0xEF) for trail in range(0x80, 0xC0)]
    chars = set()
    for (lead, trail), begun in zip(pairs, _begun_by(pairs), strict=True):
        for codec in ("gbk", "cp950"):
            with contextlib.suppress(UnicodeDecodeError):
                char = bytes([lead, trail]).decode(codec)
                if begun and char_cost(char) + math.log2(begun) >= _LEAD_LIKELIER:
                    chars.add(char)
    return re.escape("".join(sorted(chars)))


# A character joins the class when it is 16 times (4 bits) likelier as the first half of a
# garbled character than as itself: its own frequency against that of the 64 characters whose
# UTF-8 begins with its two bytes (涓, the start of 上 下 不 中 个 两 ..., is 13.4 bits as
# itself; 閱, the start of rare 醀-醿, is common in traditional text and stays out). With it the
# layer looks at 188 of the 43,282 corpus paragraphs, against 680 with a threshold on the
# character's own cost, and finds every garbled benchmark sample it found before. The starts of
# UTF-8 punctuation read as GBK (鈥 銆 锛 锝, 11-16 bits likelier) are in, in no corpus paragraph.
_LEAD_LIKELIER = 4.0


def _begun_by(pairs: list[tuple[int, int]]) -> list[float]:
    """For each (lead, trail) byte pair, the summed frequency (2 ** -cost) of the characters whose
    UTF-8 begins with it: the 64 sequences of every pair decoded and costed at once (a decode
    per pair was 12 ms of import time)."""
    block = bytearray(b"\x00\x00\x00" * 64 + b"\n")  # NUL NUL last, 64 times; a boundary
    block[2:192:3] = range(0x80, 0xC0)
    blocks = []
    for lead, trail in pairs:
        block[0:192:3], block[1:192:3] = bytes([lead]) * 64, bytes([trail]) * 64
        blocks.append(bytes(block))
    readings = b"".join(blocks).decode("utf-8", "ignore").split("\n")
    return [sum(map(math.pow, repeat(2.0), map(operator.neg, char_costs(reading))))
            for reading in readings[:-1]]


@cache
def _han_to_han_class(han_likelier: float = 8.0, suspect_likelier: float = 8.0) -> str:
    """The characters that Big5 read as GBK, or GBK read as Big5, makes of a far commoner one,
    where such a character is likelier to be that misreading than itself: ㄛ and ﹝ (the GBK
    ， and 。 read as Big5), 蔚 (将), kana (Big5's commonest block read as GBK is kana). A Han
    character must be ``han_likelier`` bits likelier so (``suspect_likelier`` where it is a
    suspect one, SUSPECT bits or more), any other _OTHER_LIKELIER bits."""

    def likelier(char: str, before: float) -> float:
        if not _HAN_CHAR.match(char):
            return _OTHER_LIKELIER
        return suspect_likelier if before >= SUSPECT else han_likelier

    chars: set[str] = set()
    for chain in HAN_TO_HAN:
        table = recode.reading_table(chain)
        garbled = "".join(chr(code) for code, reading in table.items()
                          if code >= 0x80 and reading != recode.UNREADABLE)
        readings = garbled.translate(table)
        chars.update(char for char, before, after
                     in zip(garbled, char_costs(garbled), char_costs(readings), strict=True)
                     if before - after >= likelier(char, before))
    # Letters of other alphabets (GBK's Greek and Cyrillic rows, Hangul) stay out: a Russian
    # or Greek text is made of them, and is no mojibake for being readable as Han characters.
    return class_body(char for char in chars if not _ALPHABETS.match(char))


# By default a Han character joins the class when its reading is 2^8 times commoner than itself,
# any other character (kana, bopomofo, symbols) when it is 4 times commoner: with it the layer
# looks at 26
# more of the 43,282 corpus paragraphs (次冪 10, 〞 6, 綴 5, ...; 188 before), and every line of
# the benchmark's Big5<->GBK samples but 4 (of 557) has a trigger. At 2^7 it looked at 151 more
# (弧 67, 钮 53), at 2^6 at 351; other characters at any gain: 798 (” 721).
_OTHER_LIKELIER = 2.0

_HAN_CHAR = lazy_compile(f"[{HAN}]")
_ALPHABETS = lazy_compile("[\u0000-\u1fff\uac00-\ud7af]")  # Latin, Greek, Cyrillic, Hangul ...

# A title or a table cell (SHORT_TEXT characters or fewer) is too short for a suspect pair, and
# the layer reads it whole between Big5 and GBK (``recode.repair_short_text``), which decides. There
# a character of ``_han_to_han_class`` is reason enough to look at it where its reading is
# 2^6 times commoner (腔, the GBK 的 read as Big5, in "ck腔源楊"), or 4 times where it is a
# suspect one (瑩 and 茬 of "NumLock 瑩 甜祥毀茬", GBK read as Big5; 匡 and 兜 of "expr 匡兜",
# Big5 read as GBK), as ``suspect_cluster`` takes any suspect character in a short text. Of the
# 15,790 corpus paragraphs this short, 140 have one of them (624 with any suspect character)
# and 21 of those may save the margin (``short_trigger``).
_SHORT_TEXT_HAN_LIKELIER = 6.0


def _short_text_class() -> str:
    """The characters that are a trigger in a short text."""
    return _han_to_han_class(_SHORT_TEXT_HAN_LIKELIER, _OTHER_LIKELIER)


def derived_trigger_classes() -> dict[str, list[tuple[int, int]]]:
    """The trigger's character classes as (first, last) code point ranges, computed from the
    codecs and the cost model: tools/generate_triggers.py stores them in
    ``data/trigger_chars.tsv``, and a test checks the stored ones against these."""
    bodies = {"alone": suspect_class(ALONE_SUSPECT), "utf8_lead": _utf8_lead_class(),
              "han_to_han": _han_to_han_class(), "short_text": _short_text_class(),
              "western_only": re.escape("".join(sorted(_western_only())))}
    return {name: body_ranges(body) for name, body in bodies.items()}


@cache
def _western_only() -> frozenset[str]:
    """The Western upper-half characters that are no trigger on their own: not C1 controls, UTF-8
    lead bytes read as Latin-1, or very suspect (Mac Roman's private-use Apple logo)."""
    return frozenset(char for char in set().union(*map(recode.upper_half, WESTERN_PAGES))
                     if not ("\x80" <= char <= "\x9f" or "\xc2" <= char <= "\xf4"
                             or char_cost(char) >= VERY_SUSPECT))
