"""Whether a run the gains pick is a repair: grown to a boundary, cut at a clause's end, and
convincing (more than luck: enough garbled characters changed, and a result that reads like
real text); the tests of a reading into Chinese that the whole-text readings share.
"""

from __future__ import annotations

import re
from functools import cache

from ..charclass import HAN
from ..data.script_chars import SIMPLIFIED_ONLY, TRADITIONAL_ONLY
from ..plausibility import char_costs, cost_in_words, foreign
from .chain import MARGIN, Chain, han_to_han, repaired_text, single_byte

# A garbled stretch is a whole field, line or clause far more often than it starts or ends
# between two characters of a word: a run stops SNAP_UNITS units or fewer short of such a
# boundary only when the units there read a little worse (家 for 模, within SNAP_BITS), so they
# go with it.
SNAP_UNITS = 3

SNAP_BITS = 6.0

BOUNDARY = re.compile(r"[\x00-\x7f]")

# Between Big5 and GBK the fullwidth punctuation is garbled with the rest (Big5's ， read as GBK
# is private use): a clean one ends a garbled stretch as ASCII does (論壇公告：叫\ue783綷 is
# 論壇公告：請先閱).
HAN_BOUNDARY = re.compile("[\x00-\x7f\u3001\u3002\uff01\uff0c\uff1a\uff1b\uff1f]")

_NO_SNAP = re.compile("[\u0080-\u02ff]")  # 目 read back from GBK as UTF-8 is Latin Ŀ


def grown_to_boundary(first: int, last: int, gains: list[float | None], befores: list[str],
                      readings: list[tuple[str, bool] | None], boundary: re.Pattern[str] = BOUNDARY
                      ) -> tuple[int, int]:
    """The run of units ``[first, last)`` grown to a boundary SNAP_UNITS units away or less,
    over units that read a little worse at most, and never as foreign letters (也 read back
    from GBK as UTF-8 is Cyrillic Ҳ)."""
    def reaches(units: range) -> int | None:
        """How many of ``units`` (walking away from the run) lie before a boundary or the text's
        end, if all of them may join the run."""
        for taken, index in enumerate(units):
            if taken == SNAP_UNITS:
                return None
            gain, before, reading = gains[index], befores[index], readings[index]
            if boundary.match(before):
                return taken
            if (gain is None or gain < -SNAP_BITS or reading is None
                    or _NO_SNAP.search(reading[0]) or foreign(reading[0]) > foreign(before)):
                return None
        return len(units)

    left = reaches(range(first - 1, -1, -1))
    right = reaches(range(last, len(gains)))
    return first - (left or 0), last + (right or 0)


# Sentence and clause marks: what Big5's commonest punctuation, garbled with the text around it,
# reads back as.
_CLAUSE_MARKS = frozenset("，、。；：？！")


def cut_at_clause_end(first: int, last: int, gains: list[float | None], befores: list[str],
                      readings: list[tuple[str, bool] | None]) -> int:
    """The end of the Big5/GBK run ``[first, last)``, less its last character where that is a
    Han character saving less than SNAP_BITS right after a clause mark that the run reads back:
    a garbled stretch ends at a clause's end far more often than it takes one common character
    of the next clause with it (，或 read back as ，麼; 第 after a garbled ， as 菴)."""
    if last - first < 2:
        return last
    mark, gain = readings[last - 2], gains[last - 1]
    garbled_mark = (mark is not None and mark[0] in _CLAUSE_MARKS
                    and mark[0] != befores[last - 2])
    cut = garbled_mark and gain is not None and gain < SNAP_BITS and _han_char().fullmatch(
        befores[last - 1]) is not None
    return last - 1 if cut else last


def script_extended(first: int, last: int, gains: list[float | None], befores: list[str],
                    readings: list[tuple[str, bool] | None]) -> tuple[int, int]:
    """The Big5/GBK run ``[first, last)`` grown by the characters at its ends that belong to
    the other script than its repair, and read back as characters that do not, at SNAP_BITS
    worse at most: 快速簡间 is 快速簡潔 (间, simplified only, in a run that reads back as
    traditional text, is the 潔 of the same bytes, though no rarer than it)."""
    script = script_of("".join(repaired_text(reading, before) for reading, before
                               in zip(readings[first:last], befores[first:last], strict=True)))
    if script is None:
        return first, last
    other = _SIMPLIFIED_ONLY if script == "traditional" else _TRADITIONAL_ONLY

    def joins(index: int) -> bool:
        gain, reading = gains[index], readings[index]
        return (gain is not None and gain >= -SNAP_BITS and reading is not None
                and befores[index] in other and reading[0] not in other)

    while first > 0 and joins(first - 1):
        first -= 1
    while last < len(gains) and joins(last):
        last += 1
    return first, last


_SIMPLIFIED_ONLY = frozenset(SIMPLIFIED_ONLY)

_TRADITIONAL_ONLY = frozenset(TRADITIONAL_ONLY)


def script_of(text: str) -> str | None:
    """"simplified" or "traditional", by which script's own characters ``text`` holds more of;
    None where it holds neither more."""
    # Counted by C loops (map over the sets' own membership test): a Python loop over every
    # character was a fifth of the time of a long clean line.
    simplified = sum(map(_SIMPLIFIED_ONLY.__contains__, text))
    traditional = sum(map(_TRADITIONAL_ONLY.__contains__, text))
    if simplified == traditional:
        return None
    return "simplified" if simplified > traditional else "traditional"


# What real text costs per character at most, on average: a repair into something costlier is
# one kind of junk traded for another.
PLAUSIBLE_AVERAGE = 12.5

# Between two double-byte Chinese codecs every reading is Han characters: a repair there must
# save more.
_HAN_TO_HAN_MARGIN = 18.0

# A Big5/GBK run that is a whole clause (ASCII or fullwidth punctuation, or the line's ends, on
# both sides), of CLAUSE_CHARS characters or more that all change, one of them as rare as
# CLAUSE_RARE bits (a trigger alone), needs MARGIN bits only: 叫把綷 between ", " and " lilo"
# is 請參閱 (15 bits; 叫 and 把 are commoner than 請 and 參).
CLAUSE_CHARS = 3

CLAUSE_RARE = 20.0


def whole_clause(first: int, last: int, befores: list[str],
                 readings: list[tuple[str, bool] | None]) -> bool:
    inside = range(first, last)
    return (last - first >= CLAUSE_CHARS
            and (first == 0 or HAN_BOUNDARY.match(befores[first - 1]) is not None)
            and (last == len(befores) or HAN_BOUNDARY.match(befores[last]) is not None)
            and all((reading := readings[index]) is not None and reading[0] != befores[index]
                    for index in inside)
            and max(char_costs("".join(befores[first:last]))) >= CLAUSE_RARE)


# Big5's commonest punctuation (A1 41-A1 7E: ， 、 。 ； ： ？ ！) is GBK's user-defined area,
# which GBK decoders read as private-use characters: such a character alone, read back as one of
# these sentence marks, saves 26 bits or more and is never clean Chinese text (" 。 對於" read
# as GBK is " \ue4c9 對於").
_SENTENCE_MARKS = frozenset("，、。；：？！")

_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def _lone_mark(befores: list[str], readings: list[tuple[str, bool] | None]) -> bool:
    changed = [(before, reading[0]) for before, reading in zip(befores, readings, strict=True)
               if reading and reading[0] != before]
    return len(changed) == 1 and _PRIVATE_USE.match(changed[0][0]) is not None \
        and changed[0][1] in _SENTENCE_MARKS


def convincing(chain: Chain, gain: float, befores: list[str],
               readings: list[tuple[str, bool] | None], after: str,
               clause: bool = False) -> bool:
    """Whether a run's repair is more than luck: it saves more than the margin, at least two
    garbled characters in a row change (one character for one character, or two far apart, is
    too little evidence, whatever the bits say, but for a private-use character that Big5 reads
    as a sentence mark), and between two Chinese codecs the result reads like real text rather
    than other junk."""
    streak = longest = 0
    for before, reading in zip(befores, readings, strict=True):
        streak = streak + len(before) if reading and reading[0] != before else 0
        longest = max(longest, streak)
    if longest < 2 and not (han_to_han(chain) and _lone_mark(befores, readings)):
        return False
    if not single_byte(chain.wrong) and foreign(after) > foreign("".join(befores)):
        return False
    if chain.true == "utf-8":
        return gain > MARGIN
    if han_to_han(chain) and _ALPHABET_LETTERS.fullmatch("".join(befores)):
        return False  # ирили read back from GBK as Big5 is 我把我抖我: a Russian word
    letters = "".join(char for char in after if not char.isascii())
    if not han_to_han(chain):  # a Western code page read back as Chinese: it must read like it
        return gain > MARGIN and reads_like_chinese(letters) and makes_chinese(letters)
    return (gain > (MARGIN if clause else _HAN_TO_HAN_MARGIN)
            and reads_like_chinese(letters))


# Latin, Greek and Cyrillic letters: GBK has rows of the last two, which Big5 reads as Han.
_ALPHABET_LETTERS = re.compile("[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u052f]+")


def reads_like_chinese(letters: str, average: float = PLAUSIBLE_AVERAGE) -> bool:
    """Whether ``letters`` (a repair's non-ASCII characters) cost no more than real text does on
    ``average``: Zażółć read back from cp1250 as Za矿虫 (13.1 bits a character) is one kind of
    junk traded for another."""
    return cost_in_words(letters) <= average * len(letters)


# A whole line read back from a Western code page into Chinese is garbled through and through,
# evidence a run does not have: it may read a little rarer (宏_ftppro, a real title, is 14.0
# bits a character; ÀÁÂÃÄÅ ÈÉÊË read back from cp1252 is 懒旅呐 壬仕, 15.8).
WHOLE_AVERAGE = 15.0

# Two accented lowercase letters (Latin-1 and Latin Extended-A, and Romanian's ș ț; not µ or
# ƒ, which MacRoman makes of 的) between ASCII letters: one GBK character read as a Western code
# page, or a letter pair of a European word.
_TWO_INSIDE_A_WORD = re.compile("(?<=[A-Za-z])[ß-öø-ÿĀ-ſșț]{2}(?=[A-Za-z])")


@cache
def _han_char() -> re.Pattern[str]:
    return re.compile(f"[{HAN}]")


def makes_chinese(letters: str) -> bool:
    """Whether a reading from a Western code page into Chinese holds a Han character or CJK
    punctuation (£º is ：): GBK's other symbols alone (┊ from ©®, ” from °±, ī from ®©) are
    no evidence of Chinese against the Western symbols they were read from."""
    return _han_char().search(letters) is not None or CJK_PUNCTUATION.search(letters) is not None


# CJK and fullwidth punctuation, not the fullwidth letters and digits (Ｖ or ｐ read from £Ö or
# £ğ is no evidence of Chinese either).
CJK_PUNCTUATION = re.compile("[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40"
                             "\uff5b-\uff65]")


def lone_han(text: str) -> bool:
    """Whether ``text`` holds one Han character at most: a reading with no more evidence than an
    accented letter pair has (a garbled stretch of Chinese reads back as several)."""
    return len(_han_char().findall(text)) <= 1


def european_word(text: str) -> bool:
    """Whether ``text`` holds two lowercase accented letters inside an ASCII word (Napíšte,
    which cp1252 read back as GBK makes Nap須te): what a European word has, and GBK read as a
    Western code page seldom does (iPhoneºÍiPad is iPhone和iPad)."""
    return any(pair.islower() for pair in _TWO_INSIDE_A_WORD.findall(text))
