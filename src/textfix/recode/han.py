"""The gains of a line read between Big5 and GBK, by whole-list operations, with the bounds that
spare clean traditional text the search: what a character saves on its own and half of what each
pair of neighbours saves, credited to each.

Where the Rust core is built, ``han_gains`` and ``whole_could_save`` are its kernels; this
module's code is their reference (``REFERENCE``).
"""

from __future__ import annotations

import bisect
import operator
import re
import sys
from array import array
from functools import cache, lru_cache
from itertools import accumulate, compress, repeat
from types import SimpleNamespace

from .. import _kernels
from ..plausibility import (
    char_cost,
    char_costs,
    code_units,
    coded_pairs,
    costs_of_codes,
    has_latin_letter,
    join,
    join_sides,
    key_bonuses,
    key_chars,
    largest_pair_bits,
    neighbours,
)
from .chain import MARGIN, ROUNDING, UNREADABLE, Chain, reading_table


def han_gains(text: str, chain: Chain) -> list[float | None] | None:
    """What each character of ``text`` saves read through the Big5/GBK ``chain``, with half of
    what each pair of neighbours saves credited to each (``_with_pair_credit``; None where a
    character has no reading); None where no run can save the margin. Most lines it is tried on are
    clean traditional text, where no run can save the margin, which every repair must exceed:
    the gains and pair savings are computed by whole-list operations (``_han_savings``), and
    the search stops where an upper bound of what any stretch of characters saves is below the
    margin (157 of the 160 clean corpus lines that reach here stop so, spared the loop over the
    characters and the dynamic programme; the bound is exact but where characters have no
    reading). Before them, ``_could_save`` bounds the same sum from the few characters that
    can gain at all (a quarter of them), and spares most lines the rest."""
    if not _could_save(text, chain):
        return None
    read = text.translate(reading_table(chain))
    missing = [match.start() for match in re.finditer(UNREADABLE, read)]
    own, saved = _han_savings(text, read, missing, chain)
    halves = list(map(operator.mul, saved, repeat(0.5)))  # exactly saved / 2
    if _most_saved(own, halves, missing) < MARGIN - ROUNDING:
        return None
    return _with_pair_credit(own, saved, halves, missing)


def _could_save(text: str, chain: Chain) -> bool:
    """False where no run of ``text`` can save the margin through the Big5/GBK ``chain``: the
    sum of the positive values that ``_most_saved`` sums (what a character saves on its own,
    half of what each of its pairs saves; the halves its neighbours would take in full where it
    has no reading) is below it. A pair saves at most the word bonus of its reading (the bonus
    of the text's pair, never negative, is lost; a join paid by the reading only costs more;
    a line with a Latin-1 letter, whose pairs may pay a join, is not judged here), so a
    character can have a positive value only where what it saves on its own and half the
    largest bonuses its reading's key earns on either side are more than nothing
    (``_Screen``): the values are computed there alone, a quarter of the characters of clean
    traditional text, and the bonuses of the text's own pairs only where those of the reading
    leave the value positive; where their sum is not below the margin, the largest sum of
    consecutive ones with the others bounded by what they may gain at most (as ``_most_saved``
    bounds the values). True: maybe (the full search decides)."""
    units = code_units(text)
    bonuses = _pair_codes()
    if units is None or not bonuses or has_latin_letter(text):
        return True
    screen = _screen(chain)
    get, keys = bonuses.get, screen.keys_of
    padded = [0xFFFF, *units, 0xFFFF]  # U+FFFF: in no pair, as the text's ends are
    gaining = list(map(screen.__getitem__, units))  # every character of the line in keys_of
    total = 0.0
    found: list[tuple[int, float]] = []  # (index in the line, a bound of its value)
    for index in compress(range(1, len(units) + 1), gaining):
        own, now_first, now_second, then_first, then_second = keys[padded[index]]
        before, after = keys[padded[index - 1]], keys[padded[index + 1]]
        left = get(before[3] | then_second, 0.0)
        right = get(then_first | after[4], 0.0)
        bound = (0.0 if own is None else own) + (left + right) * 0.5
        if bound <= 0.0:  # the bonuses of the text's pairs only take from it
            found.append((index - 1, bound))
            continue
        left = (left - get(before[1] | now_second, 0.0)) * 0.5
        right = (right - get(now_first | after[2], 0.0)) * 0.5
        value = max(0.0, left) + max(0.0, right) if own is None else own + left + right
        found.append((index - 1, value))
        if value > 0.0:
            total += value
    if total < MARGIN - ROUNDING:
        return False
    # As _most_saved does next: the largest run sum, each character bounded by what it may gain
    # at most where its value was not computed.
    values = list(map(screen.most.__getitem__, units))
    for index, value in found:
        values[index] = value
    return _largest_run_sum(values) >= MARGIN - ROUNDING


def _pair_codes() -> dict[int, float]:
    """The pair bonuses keyed by two code units as one number (``_Screen``); empty if some pair
    is not of two BMP characters other than U+FFFF, which ``key_bonuses`` leaves to the
    strings."""
    table, _, bmp_only = coded_pairs()
    return table if bmp_only else {}


_FIRST, _SECOND = (0, 16) if sys.byteorder == "little" else (16, 0)  # in a pair's code


class _Screen(dict[int, bool]):
    """For each BMP character met so far, whether it can have a positive value in
    ``_most_saved`` through a Big5/GBK chain: what it saves on its own plus half the largest
    word bonus its reading's key earns as the second of a pair and half the largest as the
    first is positive. ``keys_of`` holds (what it saves on its own, None where it has no
    reading; its pair key shifted to where it stands in a pair's code as the first character,
    and as the second; the same of its reading's key, its own where it has none; U+FFFF for
    an astral key, in no pair, as ``key_bonuses`` reads it). Filled as characters come (a
    table of all 65,536 was 40 ms a chain the first time)."""

    def __init__(self, chain: Chain) -> None:
        super().__init__()
        self.chain = chain
        self.keys_of: dict[int, tuple[float | None, int, int, int, int]] = {}
        self.most: dict[int, float] = {}  # the bound of the value that the flag tests
        self[0xFFFF] = self.__missing__(0xFFFF)

    def __missing__(self, code: int) -> bool:
        char = chr(code)
        reading = reading_table(self.chain)[code]
        after = char if reading == UNREADABLE else reading
        own = None if reading == UNREADABLE else char_cost(char) - char_cost(after)
        now = min(ord(key_chars(char)), 0xFFFF)
        then = min(ord(key_chars(UNREADABLE if after > "\uffff" else after)), 0xFFFF)
        self.keys_of[code] = (own, now << _FIRST, now << _SECOND, then << _FIRST,
                              then << _SECOND)
        as_first, as_second = _largest_bonuses()
        most = (0.0 if own is None else own) + (as_second[then] + as_first[then]) * 0.5
        self.most[code] = most
        gaining = most > 0.0
        self[code] = gaining
        return gaining


@cache
def _screen(chain: Chain) -> _Screen:
    return _Screen(chain)


def _largest_bonuses() -> tuple[list[float], list[float]]:
    """The largest word bonus that each BMP key character earns as the first of a pair, and as
    the second (0.0 where it is in none)."""
    return largest_pair_bits()


def _most_saved(own: list[float], halves: list[float], missing: list[int]) -> float:
    """An upper bound of the gain of any run of characters with gains ``own`` and half pair
    savings ``halves``, at C speed: the sum of the positive credited gains (enough on 147 of
    the 160 clean corpus lines), else the largest sum of consecutive ones. A character with no
    reading (at ``missing``) stands in it as the halves its neighbours would take in full, so
    that a run beside it is bounded by the stretch that takes it in."""
    values: list[float] = list(map(operator.add, map(operator.add, own, [0.0, *halves]),
                                   [*halves, 0.0]))
    for index in missing:
        values[index] = (max(0.0, halves[index - 1]) if index else 0.0) + (
            max(0.0, halves[index]) if index < len(halves) else 0.0)
    ordered = sorted(values)
    positive = sum(ordered[bisect.bisect_right(ordered, 0.0):])
    if positive < MARGIN - ROUNDING:
        return positive
    return _largest_run_sum(values)


def _largest_run_sum(values: list[float]) -> float:
    """The largest sum of consecutive ``values`` (0 for none), at C speed: the prefix sums less
    the least prefix sum before each."""
    prefixes = list(accumulate(values, initial=0.0))
    best: float = max(map(operator.sub, prefixes[1:], accumulate(prefixes, min)), default=0.0)
    return best


@lru_cache(maxsize=2)
def _line_costs(text: str) -> tuple[array[int], list[float], list[float]] | None:
    """(the code units, the character costs and the ``neighbours`` costs of the pairs) of a
    line: the same for both Big5/GBK chains, which are tried on it one after the other (never
    to be changed); None where the line has astral characters: ``_han_savings_of_strings``
    costs those."""
    units = code_units(text)
    bonuses = None if units is None else key_bonuses(key_chars(text))
    if units is None or bonuses is None:
        return None
    pairs = list(map(operator.neg, bonuses))
    for pair in _join_pairs(join_sides(text), len(pairs)):
        pairs[pair] = join(text[pair], text[pair + 1]) - bonuses[pair]
    return units, costs_of_codes(units), pairs


def _join_pairs(sides: list[int], count: int) -> set[int]:
    """The pairs (of ``count``, numbered by their first character) that the characters at
    ``sides`` are in."""
    return {pair for index in sides for pair in (index - 1, index) if 0 <= pair < count}


@cache
def _han_tables(chain: Chain) -> tuple[list[float], dict[int, str]]:
    """(the cost of what each BMP character becomes through ``chain``, a translation of each to
    the pair key of what it becomes): itself where it has no reading; an astral reading, which
    is in no pair, has the key U+FFFF, in none either. Made once per chain, from every BMP
    character read at once."""
    every = "".join(map(chr, range(0x10000)))
    afters = "".join(before if after == UNREADABLE else after
                     for before, after in zip(every, every.translate(reading_table(chain)),
                                              strict=True))
    keys = key_chars(_ASTRAL_CHAR.sub(UNREADABLE, afters))
    return char_costs(afters), dict(zip(range(0x10000), keys, strict=True))


_ASTRAL_CHAR = re.compile("[\U00010000-\U0010ffff]")


def _han_savings(text: str, read: str, missing: list[int], chain: Chain
                 ) -> tuple[list[float], list[float]]:
    """(what each character of ``text`` saves read through the Big5/GBK ``chain`` as ``read``,
    what each pair of neighbours saves; no reading at ``missing``): the numbers of
    ``_add_pair_gains``, by whole-list operations on code units, with costs looked up by code
    (its loop over the characters was half of what the layer cost on clean traditional text,
    the pairs made as strings a third of the rest)."""
    line = _line_costs(text)
    then = None
    if line is not None:
        units, costs, pairs = line
        read_costs, key_table = _han_tables(chain)
        then = key_bonuses(text.translate(key_table))
    if line is None or then is None:
        return _han_savings_of_strings(text, read, missing)
    own = list(map(operator.sub, costs, map(read_costs.__getitem__, units)))
    # What a pair of the reading costs is minus its bonus: pairs - (-bonus). A Latin letter
    # that the reading has next to a Han character pays the join, as adjacencies charges it.
    saved = list(map(operator.add, pairs, then))
    # (Where a character has no reading it stays as it is: a Latin letter of the text may.)
    sides = join_sides(_unreadable_kept(text, read, missing) if missing and has_latin_letter(text)
                       else read)
    if sides:
        def after(index: int) -> str:
            return text[index] if read[index] == UNREADABLE else read[index]
        for pair in _join_pairs(sides, len(saved)):
            saved[pair] = pairs[pair] - (join(after(pair), after(pair + 1)) - then[pair])
    return own, saved


def _han_savings_of_strings(text: str, read: str, missing: list[int]
                          ) -> tuple[list[float], list[float]]:
    """``_han_savings`` of a line with astral characters, by strings."""
    own = list(map(operator.sub, char_costs(text), char_costs(read)))
    afters = _unreadable_kept(text, read, missing) if missing else read
    return own, list(map(operator.sub, neighbours(text), neighbours(afters)))


def _unreadable_kept(text: str, read: str, missing: list[int]) -> str:
    """``read`` with the characters of ``text`` that have no reading (at ``missing``) kept."""
    chars = list(read)
    for index in missing:
        chars[index] = text[index]
    return "".join(chars)


def _with_pair_credit(own: list[float], saved: list[float], halves: list[float], missing: list[int]
                      ) -> list[float | None]:
    """The gains ``own`` with half of what each pair saves (``saved``) credited to each of its
    characters, or all of it to one where the other has no reading (at ``missing``: None), in
    the order in which ``_add_pair_gains`` adds them."""
    gains: list[float | None] = list(map(operator.add, map(operator.add, own, [0.0, *halves]),
                                         [*halves, 0.0]))
    if not missing:
        return gains
    unread = set(missing)
    for index in missing:
        gains[index] = None
    for index in {near for lost in missing for near in (lost - 1, lost + 1)
                  if 0 <= near < len(own) and near not in unread}:
        gain = own[index]
        if index > 0 and saved[index - 1] != 0:
            gain += saved[index - 1] if index - 1 in unread else halves[index - 1]
        if index + 1 < len(own) and saved[index] != 0:
            gain += saved[index] if index + 1 in unread else halves[index]
        gains[index] = gain
    return gains


def whole_could_save(text: str, chain: Chain) -> bool:
    """False where all of ``text`` read through the Big5/GBK ``chain`` cannot save the margin:
    the sum of what each character may save at most (``_Screen``: what it saves on its own and
    half the largest bonuses its reading earns on either side) is below it. The reading's pairs
    earn no more than that, the text's own pairs only take from it, and a line with a Latin-1
    letter, whose pairs may pay a join, is not judged here. It spares most clean titles that
    ``mojibake.short_trigger`` looks at the reading and its costs (a sixth of the time).
    True: maybe."""
    units = code_units(text)
    if units is None or not _pair_codes() or has_latin_letter(text):
        return True
    screen = _screen(chain)
    if not any(list(map(screen.__getitem__, units))):  # every one looked up: fills screen.most
        return False
    return sum(map(screen.most.__getitem__, units)) >= MARGIN - ROUNDING


REFERENCE = SimpleNamespace(han_gains=han_gains, whole_could_save=whole_could_save)
if _kernels.core is not None:
    han_gains = _kernels.core.han_gains
    whole_could_save = _kernels.core.whole_could_save
