"""How plausible a string is as real text: the judge between mojibake and its repair.

``cost(text)`` is a unigram model in bits: the cost of a Han character is ``-log2`` of its
frequency (``data/char_frequency.tsv``, generated from jieba's word counts, traditional forms
sharing the count of their simplified form), and every other character costs what its kind of
character costs in Chinese web text: ASCII and CJK punctuation little, Latin-1 letters, kana,
Greek and Cyrillic more, private use, unassigned code points and C1 controls a lot. A Latin-1
letter glued to a Han character pays extra: real text almost never does that, mojibake of GBK read
as Latin-1 always does.

Characters that stand together inside words earn their pair's pointwise mutual information
(``data/char_pairs.tsv``, from the same word counts, keyed by simplified form): ``-log2 P(a)
- log2 P(b) - PMI(a, b)`` is what a bigram model charges for ``ab``. Pairs the table does not
list earn nothing (most real pairs cross a word boundary), so the bonus is evidence for real text
and never against it: a run of characters that a wrong codec made almost never forms words,
and its repair does (``詳細``, not ``冈細``).

Mojibake is longer than its repair (three bytes of UTF-8 become one and a half GBK characters)
and made of rarer characters, so a repair lowers the total cost by a wide margin; a wrong
candidate for clean text raises it.
"""

from __future__ import annotations

import bisect
import operator
import re
import sys
import unicodedata
from array import array
from collections.abc import Iterator
from functools import cache
from itertools import compress, count, repeat
from types import SimpleNamespace

from textfix.lazy_regex import lazy_compile

from . import _kernels
from .charclass import class_range
from .data import model

# The model's parameters: what each kind of character costs in bits where the frequency table
# does not list it. tools/build_model.py turns them into the model file's tables; at run time
# the costs are read from there (``textfix/data/model.py``), the same tables the core reads.
ASCII_LETTER = 5.0
ASCII_SPACE = 3.0
ASCII_OTHER = 6.0
CJK_PUNCTUATION = 6.0  # 、。「」《》，：；！？（）…
# The commonest marks, by rank (， then 。 then 、): a lost last byte of 。 must come back as 。,
# not as 、 or U+3000, which share its first two bytes.
COMMA, FULL_STOP, ENUMERATION_COMMA = 4.5, 5.0, 5.5
GENERAL_PUNCTUATION = 7.0  # “”‘’—…·
LATIN_LETTER_COST = 12.0  # é in café: real in Western text, but rare in Chinese text
SYMBOL = 15.0  # Latin-1 symbols, box drawing, arrows, math
FOREIGN_SCRIPT = 14.0  # Greek, Cyrillic, Hangul
KANA_COST = 16.0  # in Chinese text mostly what Big5 read as GBK leaves
BOPOMOFO = 13.0  # zhuyin readings in Taiwanese text
FULLWIDTH_OTHER = 12.0  # fullwidth letters, digits and rare symbols
EMOJI = 12.0
RARE_HAN = 27.0  # rarer than any listed character
VERY_RARE_HAN = 29.0  # CJK extensions and compatibility ideographs
NONSENSE = 32.0  # private use, unassigned, C0/C1 controls, lone surrogates, U+FFFD
# A Latin-1 letter next to a Han character: the signature of GBK read as Latin-1.
LATIN_HAN_JOIN = 8.0

FLOOR = 4.0  # no character is free


# (first, last, cost) for the code points the frequency table does not list, in order: a later
# block overrides an earlier one.
BLOCKS = (
    (0x0000, 0xFFFF, SYMBOL),
    (0x0000, 0x001F, NONSENSE),
    (0x0009, 0x000A, ASCII_SPACE),
    (0x000D, 0x000D, ASCII_SPACE),
    (0x0020, 0x007E, ASCII_OTHER),
    (0x0020, 0x0020, ASCII_SPACE),
    (0x0030, 0x0039, ASCII_LETTER),
    (0x0041, 0x005A, ASCII_LETTER),
    (0x0061, 0x007A, ASCII_LETTER),
    (0x007F, 0x009F, NONSENSE),  # DEL and the C1 controls
    (0x00C0, 0x024F, LATIN_LETTER_COST),
    (0x00D7, 0x00D7, SYMBOL),
    (0x00F7, 0x00F7, SYMBOL),
    (0x0370, 0x052F, FOREIGN_SCRIPT),  # Greek, Cyrillic
    (0x1100, 0x11FF, FOREIGN_SCRIPT),  # Hangul jamo
    (0x2010, 0x2027, GENERAL_PUNCTUATION),
    (0x02C7, 0x02D9, BOPOMOFO),  # the tone marks of zhuyin
    (0x3000, 0x3011, CJK_PUNCTUATION),
    (0x3001, 0x3001, ENUMERATION_COMMA),
    (0x3002, 0x3002, FULL_STOP),
    (0x3012, 0x303F, FULLWIDTH_OTHER),
    (0x3040, 0x30FF, KANA_COST),
    (0x3100, 0x312F, BOPOMOFO),
    (0x3400, 0x4DBF, VERY_RARE_HAN),  # extension A
    (0x4E00, 0x9FFF, RARE_HAN),
    (0xAC00, 0xD7AF, FOREIGN_SCRIPT),  # Hangul syllables
    (0xD800, 0xF8FF, NONSENSE),  # surrogates, private use
    (0xF900, 0xFAFF, VERY_RARE_HAN),  # compatibility ideographs
    (0xFF01, 0xFF65, FULLWIDTH_OTHER),  # fullwidth forms
    *((0xFF00 + ord(c) - 0x20,) * 2 + (CJK_PUNCTUATION,) for c in "!\"'(),.:;?~"),
    (0xFF0C, 0xFF0C, COMMA),
    (0xFFF0, 0xFFFF, NONSENSE),  # specials, U+FFFD among them
)


def astral_kind_cost(char: str) -> float:
    """The cost of a character beyond the BMP by its kind (the model stores it per range)."""
    code = ord(char)
    if 0x1F000 <= code <= 0x1FAFF:
        return EMOJI
    if 0x20000 <= code <= 0x3FFFF:
        return VERY_RARE_HAN  # extensions B-H
    return NONSENSE if unicodedata.category(char) in ("Co", "Cn") else SYMBOL


@cache
def _bmp_costs() -> list[float]:
    """The cost of every BMP character, indexed by code point: one list lookup per character."""
    # Multiplied by 1/SCALE, a power of two, at C speed: the very quotients ``value / SCALE`` are.
    return list(map((1 / model.SCALE).__mul__, model.values(model.sections()["bmp_costs"], 4,
                                                            True)))


@cache
def _astral_table() -> tuple[list[int], list[float]]:
    """(the first code point of each run of astral code points of one cost, its cost)."""
    flat = model.values(model.sections()["astral_costs"], 4, True)
    return list(flat[0::3]), [value / model.SCALE for value in flat[2::3]]


def _astral_cost(char: str) -> float:
    firsts, costs = _astral_table()
    return costs[bisect.bisect_right(firsts, ord(char)) - 1]


# Characters this costly are what mojibake is made of (rare Han, kana, Greek, private use, ...);
# one of them is a reason to look closer, never proof. A VERY_SUSPECT one is rarer still: clean
# text has few, so it is what the pipeline's scan stops at.
SUSPECT = 16.0
VERY_SUSPECT = 18.0


@cache
def suspect_class(threshold: float = SUSPECT) -> str:
    """A regular-expression class body of every BMP character costing ``threshold`` or more."""
    # One byte per code point, 1 where it is suspect: its runs of ones are the class's ranges,
    # found at C speed (a loop over the code points was 8 ms of import time).
    mask = bytearray(map(threshold.__le__, _bmp_costs()))
    mask[:0x80] = bytes(0x80)  # ASCII never is
    mask[0xD800:0xE000] = bytes(0x800)  # nor are surrogates, which no class may hold
    return "".join(class_range(chr(run.start()), chr(run.end() - 1))
                   for run in re.finditer(b"\x01+", mask))


# A title or a table cell is too short for a pair: one suspect character is reason enough there.
SHORT_TEXT = 24
# How far apart the two characters of a suspect pair may stand.
PAIR_REACH = 4


def suspect_positions(text: str, threshold: float = SUSPECT) -> list[int]:
    """The positions of the BMP characters of ``text`` (ASCII and surrogates never) that cost
    ``threshold`` or more, in order: those ``suspect_class`` holds, found by a lookup in the
    costs' table each (the class, compiled, took 20-50 ms on the first suspect line). Most
    lines hold none, told by their largest cost at C speed."""
    costs = char_costs(text)
    if not costs or max(costs) < threshold:
        return []
    return [index for index in compress(count(), map(threshold.__le__, costs))
            if "\x80" <= text[index] <= "\uffff" and not "\ud800" <= text[index] <= "\udfff"]


def suspect_cluster(text: str) -> bool:
    """Whether suspect characters cluster in ``text``: a very suspect character with another
    suspect one at most PAIR_REACH characters before or after it on its line (mojibake always has
    such a pair, clean text almost never), or, in a text of SHORT_TEXT characters or fewer, any
    suspect character. The positions of each kind, then a look on either side of each very
    suspect one: as one pattern of the pairs (the large classes four times) it took 90 ms to
    compile."""
    some = suspect_positions(text, SUSPECT)
    if len(text) <= SHORT_TEXT or not some:
        return bool(some)
    for start in suspect_positions(text, VERY_SUSPECT):
        end = start + 1
        line_start = text.rfind("\n", max(0, start - PAIR_REACH), start) + 1
        line_end = text.find("\n", end, end + PAIR_REACH)
        line_end = end + PAIR_REACH if line_end < 0 else line_end
        before = bisect.bisect_left(some, max(line_start, start - PAIR_REACH))
        after = bisect.bisect_left(some, end)
        if some[before] < start or (after < len(some) and some[after] < min(line_end,
                                                                            end + PAIR_REACH)):
            return True
    return False


def char_costs(text: str) -> list[float]:
    """The cost of each character of ``text`` on its own: by one list lookup each, and for the
    few astral ones (Big5-HKSCS reads some pairs as CJK extension B) one by one."""
    if not has_astral(text):
        return list(map(_bmp_costs().__getitem__, map(ord, text)))
    costs = list(map(_bmp_costs().__getitem__, map(ord, _ASTRAL.sub("\0", text))))
    for match in _ASTRAL.finditer(text):
        costs[match.start()] = _astral_cost(match.group())
    return costs


_ASTRAL = lazy_compile("[\U00010000-\U0010ffff]")


def has_astral(text: str) -> bool:
    """Whether ``text`` has a character beyond the BMP: by the length of its UTF-16, at memory
    speed (``max(text)`` compares the characters one by one, twenty times as slowly)."""
    return len(text.encode("utf-16", "surrogatepass")) != 2 * len(text) + 2


def char_cost(char: str) -> float:
    code = ord(char)
    return _bmp_costs()[code] if code < 0x10000 else _astral_cost(char)


_LATIN_NEXT_TO_HAN = lazy_compile(
    "[\u00c0-\u024f](?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])[\u00c0-\u024f]"
)


def cost(text: str) -> float:
    """The cost of ``text`` in bits: lower is more plausible.

    >>> cost("你好") < cost("浣犲ソ")
    True
    >>> cost("中文") < cost("笢恅")
    True
    """
    if text.isascii():
        return len(text) * ASCII_LETTER
    if len(text) == 1:  # the candidates for one lost byte, scored by the thousand
        return char_cost(text)
    table = _bmp_costs()
    if not has_astral(text):
        total = sum(map(table.__getitem__, map(ord, text)))
    else:
        total = sum(map(char_cost, text))
    return total + LATIN_HAN_JOIN * len(_LATIN_NEXT_TO_HAN.findall(text))


def cost_in_words(text: str) -> float:
    """``cost`` less the bits that the word-internal pairs of ``text`` earn: the judge where a
    repair competes with text of the same kind (run by run, and between Chinese codecs). Twice
    as slow as ``cost``, which whole-line readings, won by wide margins, use.

    >>> cost_in_words("詳細") < cost_in_words("冈細")
    True
    """
    return cost(text) - word_bonus(text)


_LATIN_LETTER_CHAR = lazy_compile("[\u00c0-\u024f]")
_ASCII_CHAR = lazy_compile("[\x00-\x7f]")


def costs_in_words(texts: list[str]) -> list[float]:
    """``cost_in_words`` of each of ``texts``, the same to the last bit, costed at once: the
    units of a line and their readings, or the candidates for a lost byte, by the thousand."""
    joined = "".join(texts)
    if len(joined) == len(texts) and "" not in texts and not _ASCII_CHAR.search(joined):
        return char_costs(joined)  # one non-ASCII character each: no pair, no join
    if "\n" in joined:
        return list(map(cost_in_words, texts))
    # One line of them all, a line break between two (no pair or join spans one): every
    # character, pair and join is costed in one pass, then summed text by text, in order.
    joined = "\n".join(texts)
    costs = char_costs(joined)
    bonuses = list(_pair_bonuses(joined[:-1], joined[1:]))
    joins = [match.start() for match in _LATIN_NEXT_TO_HAN.finditer(joined)]
    result = []
    start = 0
    for text in texts:
        end = start + len(text)
        if text.isascii():
            own = len(text) * ASCII_LETTER
        else:
            own = sum(costs[start:end])
            joined_here = bisect.bisect_left(joins, end) - bisect.bisect_left(joins, start)
            own += LATIN_HAN_JOIN * joined_here
        result.append(own - sum(bonuses[start:max(start, end - 1)], 0.0))
        start = end + 1
    return result


@cache
def _kinds() -> dict[int, str]:
    """For the joins, a ``str.translate`` table made on first use: Latin-1 letters become "L",
    Han characters "H", ASCII "L" and "H" lowercase (so that "L中" pays no join), everything
    else stays."""
    return {**dict.fromkeys(range(0xC0, 0x250), "L"), **dict.fromkeys(range(0x4E00, 0xA000), "H"),
            ord("L"): "l", ord("H"): "h"}


def adjacencies(lefts: str, rights: str) -> list[float]:
    """What each pair ``lefts[i] + rights[i]`` costs beyond its two characters' own costs: the
    Latin-1-letter-by-Han penalty, less the pair's word bonus. Where a text is cut into pieces,
    the pairs across the cuts are costed with this.

    >>> [round(bits, 1) for bits in adjacencies("详é", "细除")]
    [-11.6, 8.0]
    """
    bonuses = _pair_bonuses(lefts, rights)
    if not (_LATIN_LETTER_CHAR.search(lefts) or _LATIN_LETTER_CHAR.search(rights)):
        return list(map(operator.neg, bonuses))  # no Latin letter: no join to pay for
    kinds = map(operator.add, lefts.translate(_kinds()), rights.translate(_kinds()))
    return [(LATIN_HAN_JOIN if kind in ("LH", "HL") else 0.0) - bonus
            for kind, bonus in zip(kinds, bonuses, strict=True)]


def neighbours(text: str) -> list[float]:
    """``adjacencies(text[:-1], text[1:])``: what each pair of neighbouring characters of
    ``text`` costs beyond their own costs, with ``text`` translated to the pairs' keys once
    rather than twice (each character has one key character)."""
    if len(text) < 2:
        return []
    bonuses, simplified = _pair_tables()
    keys = text.translate(simplified)
    if len(keys) != len(text):  # never with the generated table: it maps a character to one
        return adjacencies(text[:-1], text[1:])
    found = map(bonuses.get, map(operator.add, keys[:-1], keys[1:]), repeat(0.0))
    if not _LATIN_LETTER_CHAR.search(text):
        return list(map(operator.neg, found))
    kinds = text.translate(_kinds())
    joins = map(_JOINS.get, map(operator.add, kinds[:-1], kinds[1:]), repeat(0.0))
    return list(map(operator.sub, joins, found))


_JOINS = {"LH": LATIN_HAN_JOIN, "HL": LATIN_HAN_JOIN}


def code_units(text: str) -> array[int] | None:
    """The code points of ``text`` as an array, at C speed; None if it has astral ones."""
    data = text.encode("utf-16", "surrogatepass")[2:]  # native byte order, its mark dropped
    return array("H", data) if len(data) == 2 * len(text) else None


def costs_of_codes(codes: array[int]) -> list[float]:
    """``char_costs`` of the BMP characters whose ``code_units`` are ``codes``."""
    return list(map(_bmp_costs().__getitem__, codes))


def key_chars(text: str) -> str:
    """Each character of ``text`` as the pairs are keyed by (its simplified form)."""
    return text.translate(_pair_tables()[1])


def key_bonuses(keys: str) -> list[float] | None:
    """The word bonus of each pair of neighbouring ``keys`` (``key_chars`` of a text), looked up
    by number, two code units read as one (no string is made per pair: three times as fast as
    ``adjacencies``). An astral key (𬬿, the simplified form of a few traditional characters) is
    in no pair of the table and stands as U+FFFF, which is in none either; None if the table
    had astral pairs (it has none: the 17 of 160 clean corpus lines with such a key were costed
    by strings, at thrice the cost)."""
    table, typecode, bmp_only = coded_pairs()
    data = keys.encode("utf-16", "surrogatepass")[2:]
    if len(data) != 2 * len(keys):
        if not bmp_only:
            return None
        data = _ASTRAL.sub("\uffff", keys).encode("utf-16", "surrogatepass")[2:]
    count = len(keys) - 1
    if count < 1:
        return []
    found = [0.0] * count
    found[0::2] = map(table.get, array(typecode, data[:4 * ((count + 1) // 2)]), repeat(0.0))
    found[1::2] = map(table.get, array(typecode, data[2:2 + 4 * (count // 2)]), repeat(0.0))
    return found


@cache
def coded_pairs() -> tuple[dict[int, float], str, bool]:
    """(the pair bonuses keyed by their two code units as one unsigned 32-bit number, in the
    machine's byte order; the array type code of such numbers; whether every pair is of BMP
    characters other than U+FFFF, so that a pair with an astral character earns nothing: the
    model holds no other)."""
    typecode = next(code for code in "IL" if array(code).itemsize == 4)
    keys, bits = _model_pairs()
    if sys.byteorder != "little":
        keys = [(key & 0xFFFF) << 16 | key >> 16 for key in keys]
    return dict(zip(keys, bits, strict=True)), typecode, True


def join(left: str, right: str) -> float:
    """What the pair of the characters ``left`` and ``right`` pays for a Latin-1 letter next to
    a Han character (0.0 or LATIN_HAN_JOIN), as ``adjacencies`` charges it."""
    return LATIN_HAN_JOIN if (left + right).translate(_kinds()) in ("LH", "HL") else 0.0


def join_sides(text: str) -> list[int]:
    """Where ``text`` has a character that ``join`` may charge a pair for: its Latin-1 letters."""
    return [match.start() for match in _LATIN_LETTER_CHAR.finditer(text)]


def has_latin_letter(text: str) -> bool:
    """Whether ``text`` holds a Latin-1 letter, which pays the join next to a Han character."""
    return _LATIN_LETTER_CHAR.search(text) is not None


def _pair_bonuses(lefts: str, rights: str) -> Iterator[float]:
    """The word bonus of each pair ``lefts[i] + rights[i]`` (0 for pairs not in words)."""
    bonuses, simplified = _pair_tables()
    keyed = map(operator.add, lefts.translate(simplified), rights.translate(simplified))
    return map(bonuses.get, keyed, repeat(0.0))


@cache
def _pair_tables() -> tuple[dict[str, float], dict[int, str]]:
    """(the pair bonuses, a translation of traditional characters to the form they are keyed by);
    read from the model on first use."""
    keys, bits = _model_pairs()
    pairs = {chr(key & 0xFFFF) + chr(key >> 16): value for key, value in zip(keys, bits,
                                                                          strict=True)}
    flat = model.values(model.sections()["keys"], 4)
    return pairs, dict(zip(flat[0::2], map(chr, flat[1::2]), strict=True))


@cache
def _model_pairs() -> tuple[list[int], list[float]]:
    """(each pair's code points as first | second << 16, its bonus in bits), from the model."""
    sections = model.sections()
    bits = model.values(sections["pair_bits"], 4, True)
    return list(model.values(sections["pair_keys"], 4)), [value / model.SCALE for value in bits]


@cache
def largest_pair_bits() -> tuple[list[float], list[float]]:
    """The largest word bonus that each BMP key character earns as the first of a pair, and as
    the second (0.0 where it is in none)."""
    as_first, as_second = [0.0] * 0x10000, [0.0] * 0x10000
    for key, bits in zip(*_model_pairs(), strict=True):
        first, second = key & 0xFFFF, key >> 16
        as_first[first] = max(as_first[first], bits)
        as_second[second] = max(as_second[second], bits)
    return as_first, as_second


def word_bonus(text: str) -> float:
    """The bits that the word-internal pairs of ``text`` earn (0 for pairs not in words).

    >>> word_bonus("新聞") == word_bonus("新闻") > 8
    True
    """
    return sum(_pair_bonuses(text[:-1], text[1:]), 0.0)


def worst(text: str) -> float:
    """The cost of the rarest character of ``text``."""
    if not text:
        return 0.0
    table = _bmp_costs()
    if not has_astral(text):
        return max(map(table.__getitem__, map(ord, text)))
    return max(map(char_cost, text))


# IPA and spacing modifiers (but the zhuyin tone marks ˇ ˊ ˋ ˙), Greek, Cyrillic, Hangul, kana.
_FOREIGN = lazy_compile("[\u0250-\u02c6\u02c8\u02cc-\u02d8\u02da-\u02ff\u0370-\u052f"
                      "\u1100-\u11ff\u3040-\u30ff\uac00-\ud7af]")


def foreign(text: str) -> int:
    """How many IPA, Greek, Cyrillic, Hangul and kana letters ``text`` holds: what Chinese text
    read through the wrong double-byte codec turns into (宒峈, Big5 read as UTF-8, is ʽΪ)."""
    return len(_FOREIGN.findall(text))


def losses(text: str) -> int:
    """How many loss markers ``text`` holds (U+FFFD, which decoders write where bytes were
    lost, and "?", which lossy encoders and Windows decoders write): a repair never adds one."""
    return text.count("\ufffd") + text.count("?")


# The functions above are the reference (written to be plainly right); where the Rust core runs
# (``textfix._kernels``), the public names are its kernels, which return the same to the last
# bit. ``REFERENCE`` keeps the reference for the differential tests.
REFERENCE = SimpleNamespace(char_costs=char_costs, cost=cost, cost_in_words=cost_in_words,
                            costs_in_words=costs_in_words, neighbours=neighbours,
                            word_bonus=word_bonus, worst=worst,
                            suspect_positions=suspect_positions)
if _kernels.core is not None:
    char_costs = _kernels.core.char_costs
    cost = _kernels.core.cost
    cost_in_words = _kernels.core.cost_in_words
    costs_in_words = _kernels.core.costs_in_words
    neighbours = _kernels.core.neighbours
    # Under the core the pair table is the core's: Python builds its own only for the
    # reference's kernels (a dict of 115,000 pairs, about 100 ms on first use).
    word_bonus = _kernels.core.word_bonus
    worst = _kernels.core.worst
    suspect_positions = _kernels.core.suspect_positions
