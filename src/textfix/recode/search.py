"""The chain machinery: the units of a run, their readings, the best readings in context, the
units' gains and the runs that a dynamic programme picks (the steps 1-3 of ``recode``).

Where the Rust core is built, it does this for every chain but those between Big5 and GBK
(``unit_gains``: the windows, units, readings and gains; ``best_runs``); this module's code is
their reference (``REFERENCE``).
"""

from __future__ import annotations

import heapq
import operator
import re
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from itertools import pairwise, product
from types import SimpleNamespace

from .. import _kernels
from ..plausibility import adjacencies, char_costs, cost, costs_in_words, losses
from .chain import (
    GAP,
    MARGIN,
    ROUNDING,
    Chain,
    encode,
    han_to_han,
    repaired_text,
    single_byte,
)
from .dropped import (
    Spaces,
    first_read,
    nbsp_likelier,
    restored,
    sequence_length,
    spaces,
    valid,
)

# Per window of a line: (the units' spans in the text, their text, their readings, their gains
# with the pairs across their boundaries credited).
WindowGains = tuple[list[tuple[int, int]], list[str], list[tuple[str, bool] | None],
                    list[float | None]]

# Whether a character whose lost bytes have several valid fillings is filled in with the one the
# model likes best (``lossy="guess"``), or stays a loss marker (the default): set by the mojibake
# layer for the text it repairs.
GUESSING: ContextVar[bool] = ContextVar("GUESSING", default=False)


def unit_gains(text: str, chain: Chain) -> list[WindowGains]:
    """Each window of ``text`` worth searching through ``chain`` (not one between Big5 and
    GBK), cut into units, each unit read and with its gain: all ``_accepted_runs`` needs. A window
    where no run of units saves the margin, of which ``_accepted_runs`` can pick nothing, is left
    out."""
    if _hopeless(text, chain):
        return []
    guess = GUESSING.get()
    found = (_window_gains(text, start, end, chain, guess)
             for start, end in _windows(text, chain))
    return [window for window in found if _may_save(window[3])]


def _may_save(gains: list[float | None]) -> bool:
    """Whether some run of consecutive ``gains`` (None breaks a run) sums to the margin: where
    none does, ``best_runs`` picks no run (each would cost more than it saves)."""
    best = ending_here = 0.0
    for gain in gains:
        ending_here = 0.0 if gain is None else max(0.0, ending_here + gain)
        best = max(best, ending_here)
    return best >= MARGIN - ROUNDING


def _window_gains(text: str, start: int, end: int, chain: Chain, guess: bool) -> WindowGains:
    unit_list = units(text[start:end], chain)
    spans = [(start + unit.start, start + unit.end) for unit in unit_list]
    befores = [text[first:last] for first, last in spans]
    nbsps = spaces(unit.data for unit in unit_list if unit.data is not None)
    nexts = [first_read(unit.data) for unit in unit_list[1:]] + [""] * bool(unit_list)
    found = [None if unit.data is None
             else _readings(unit.data, chain, text[last:last + 1], guess, nbsps, following)
             for unit, (_, last), following in zip(unit_list, spans, nexts, strict=True)]
    chosen = _in_context([None if f is None else f[0] for f in found], befores)
    readings = _with_fullness(chosen, found)
    gains = _gains(befores, readings)
    _add_pair_gains(gains, befores, readings)
    return spans, befores, readings, gains


# A three-byte UTF-8 character (CJK and its punctuation) followed by another or by the ASCII
# character that its last byte was read with (国L read as GBK is 鍥絃): what every stretch of
# Chinese UTF-8 read as GBK or Big5 holds, lossy or not, and clean text seldom does. Of the 694
# corpus paragraphs the mojibake layer looks at, 520 hold two UTF-8 characters of any length
# by chance, 82 this; every garbled line of the benchmark does. U+FFFD (EF BF BD) is none of
# them: reading it would add a loss marker, and 锟斤拷 is made of it.
_UTF8_CJK = rb"(?!\xef\xbf\xbd)[\xe2-\xef][\x80-\xbf]{2}"

_TWO_UTF8 = re.compile(_UTF8_CJK + rb"(?:" + _UTF8_CJK + rb"|[\x40-\x7e])")


def _hopeless(text: str, chain: Chain) -> bool:
    """True when a quick test shows that no run of ``text`` can be repaired by a double-byte
    ``chain``: it spares clean text the unit-by-unit work."""
    if single_byte(chain.wrong):
        return False
    if chain.true == "utf-8":
        codec = "gb18030" if chain.wrong == "gbk" else chain.wrong
        return _TWO_UTF8.search(text.encode(codec, "replace")) is None
    return False  # between Big5 and GBK the bounds of ``han_gains`` screen the line


# Characters of context kept on either side of what the UTF-8 prefilter finds: a garbled run
# is a string of its matches, and its ends reach past them by a character or two. Past
# _MOST_WINDOWS matches the line is taken whole (each match costs a decode of what precedes it).
_WINDOW_MARGIN = 8

_MOST_WINDOWS = 16


def _windows(text: str, chain: Chain) -> list[tuple[int, int]]:
    """The stretches of ``text`` worth the unit-by-unit search: for the chains from double-byte
    codecs into UTF-8, around what the prefilter finds (a clean line with one chance match is
    searched over a few characters, not a thousand); otherwise all of it."""
    if chain.true != "utf-8" or single_byte(chain.wrong) or GAP in text or "?" in text:
        return [(0, len(text))]  # lost bytes break the prefilter's matches apart
    codec = "gb18030" if chain.wrong == "gbk" else chain.wrong
    data = text.encode(codec, "replace")
    windows: list[tuple[int, int]] = []
    for count, match in enumerate(_TWO_UTF8.finditer(data)):
        if count == _MOST_WINDOWS:  # garbled through and through: the whole of it, at once
            return [(0, len(text))]
        # Characters before the match: a character cut in two counts once, close enough.
        first = len(data[:match.start()].decode(codec, "replace"))
        last = first + (match.end() - match.start())
        start, end = max(0, first - _WINDOW_MARGIN), min(len(text), last + _WINDOW_MARGIN)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    if sum(end - start for start, end in windows) * 2 > len(text):
        return [(0, len(text))]
    return windows


# UTF-8, GB18030 and Big5 byte sequences, one token each; any other byte is a token alone. In
# UTF-8, damage is one token too: gap bytes (where bytes were lost) with the incomplete sequence
# before them and the orphaned continuation bytes after them, a "?" that Windows decoders write
# for an unreadable pair (when it sits between such remains), or an incomplete sequence with the
# space that may have been its NBSP (and the rest of its character: 格, E6 A0 BC, is "æ ¼"):
# what is left of the characters the loss damaged.
_TOKENS = {
    "utf-8": re.compile(
        rb"[\xc2-\xf4][\x80-\xbf]{0,2}\?[\x80-\xbf]{0,3}|\?[\x80-\xbf]{1,3}"
        rb"|[\x00-\x7f]|[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]"
        rb"|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
        rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
        rb"|(?:[\xc2-\xf4][\x80-\xbf]{0,2})?(?:\xff[\x80-\xbf]{0,3})+"
        rb"|[\xc2-\xf4][\x80-\xbf]{0,2}(?:\x20[\x80-\xbf]{0,2})?"
        rb"|[\x80-\xff]"
    ),
    "gb18030": re.compile(
        rb"[\x00-\x7f]|[\x81-\xfe][\x30-\x39][\x81-\xfe][\x30-\x39]|[\x81-\xfe][\x40-\x7e\x80-\xfe]"
        rb"|[\x80-\xff]"
    ),
    "big5": re.compile(rb"[\x00-\x7f]|[\x81-\xfe][\x40-\x7e\xa1-\xfe]|[\x80-\xff]"),
}

_TOKEN_FAMILY = {"utf-8": "utf-8", "gb18030": "gb18030", "cp950": "big5", "big5hkscs": "big5"}

_GAP_BYTE = b"\xff"  # invalid in every true codec: where the wrong decoder wrote U+FFFD


@dataclass(frozen=True, slots=True)
class Unit:
    """Characters ``start:end`` of a run and their bytes under the wrong codec (None: a
    character the wrong codec cannot write, which no repair may cross)."""

    start: int
    end: int
    data: bytes | None


def _char_bytes(text: str, wrong: str) -> list[bytes | None]:
    """Each character of ``text`` encoded alone; U+FFFD (lost bytes) as the gap byte. A
    character a code page writes as that byte (ÿ in cp1252, я in cp1251) is none the wrong
    codec can have made of the true codec's text, none of which holds it: it is no gap either."""
    pieces: list[bytes | None] = []
    bmp_only = not single_byte(wrong)  # no double-byte decoder writes an astral character
    for char in text:
        try:
            if bmp_only and char > "\uffff":
                raise UnicodeEncodeError(wrong, char, 0, 1, "astral")
            piece = _GAP_BYTE if char == GAP else encode(char, wrong)
        except UnicodeEncodeError:
            piece = None
        pieces.append(None if piece == _GAP_BYTE and char != GAP else piece)
    return pieces


def units(text: str, chain: Chain) -> list[Unit]:
    """``text`` cut where a character boundary under the wrong codec meets one under the true
    codec."""
    pieces = _char_bytes(text, chain.wrong)
    if han_to_han(chain):
        # Every character is one or two bytes in both codecs: it is a unit of its own. (Cut by
        # tokens, 項 = ED 97, no Big5 pair, would glue its neighbours into a unit none can read.)
        return [Unit(index, index + 1, piece) for index, piece in enumerate(pieces)]
    data = b"".join(piece or b"\x00" for piece in pieces)  # NUL: a boundary for every codec
    token_ends = {m.end() for m in _TOKENS[_TOKEN_FAMILY[chain.true]].finditer(data)}
    result: list[Unit] = []
    start, start_byte, position = 0, 0, 0
    for index, piece in enumerate(pieces):
        position += len(piece) if piece is not None else 1
        if piece is None:
            if start < index:
                result.append(Unit(start, index, data[start_byte:position - 1]))
            result.append(Unit(index, index + 1, None))
            start, start_byte = index + 1, position
        elif position in token_ends:
            result.append(Unit(start, index + 1, data[start_byte:position]))
            start, start_byte = index + 1, position
    if start < len(text):
        result.append(Unit(start, len(text), data[start_byte:]))
    return result

def _readings(data: bytes, chain: Chain, after: str = "", guess: bool = False,
              nbsps: Spaces = Spaces.ANY, following: str = "") -> tuple[list[str], bool] | None:
    """What the true codec can make of ``data`` (followed in the text by ``after``, the next
    unit's bytes reading first as ``following``): the
    candidate readings and whether they are full readings (False: only what survived a loss,
    with a loss marker for the rest); None if it cannot read it.

    Where bytes were lost, a character whose missing bytes have exactly one valid filling is
    read; one with several is what survived, with its marker (U+FFFD where a code page dropped
    a byte and left none, as ``layers.lossy_gbk`` marks what cp936 dropped), unless ``guess``:
    then every filling is a candidate (and those of a Windows "?", a lost byte of each of two
    characters, the likeliest pairs), and the best in context wins. A space that reads back as
    an NBSP is one where ``nbsps`` (what the window tells, ``dropped.spaces``) says no byte was
    dropped, or tells nothing and the NBSP is clearly the likelier (``dropped.nbsp_likelier``)."""
    try:
        return [data.decode(chain.true)], True
    except UnicodeDecodeError:
        pass
    if chain.true != "utf-8":
        return None
    if data.count(_GAP_BYTE) == 1:
        completions = _gap_filled(data)
    elif single_byte(chain.wrong) and _GAP_BYTE not in data:
        # A space that was an NBSP lost no byte: where the window shows no dropped byte (or
        # tells nothing, and the NBSP reads clearly likelier) and reading it so gives a
        # character, no dropped byte is looked for but when guessing.
        nbsp = [] if nbsps == Spaces.ANY or guess else valid(list(restored(data, dropped=False)))
        if len(nbsp) == 1 and nbsps == Spaces.WEIGHED \
                and not nbsp_likelier(nbsp[0], data, after, following):
            nbsp = []
        completions = nbsp or valid(list(restored(data)))
    else:
        completions = []
    if completions and (guess or len(completions) == 1):
        return completions, True
    if completions and _GAP_BYTE not in data and b"?" not in data:
        # A byte a code page dropped, with several fillings: the character is lost, and marked
        # (with the space after it, which may have been its NBSP).
        return [_survivors(data.removesuffix(b" "))], False
    if (_GAP_BYTE not in data and b"?" not in data) or not _damaged_utf8(data):
        return None
    if guess and not single_byte(chain.wrong) and data.count(b"?") == 1 \
            and _GAP_BYTE not in data:
        readings = _windows_readings(data, after)
        if readings:
            return readings, "?" not in readings[0]
    return [_survivors(data)], False


# What is left of the characters a loss damaged, around the marker the loss left: one marker for
# them all. The marker stays the one the text had: U+FFFD where a decoder wrote it, "?" where
# Windows did (a repair never adds a U+FFFD).
_DAMAGED_AROUND_QUESTION = re.compile("\ufffd*\\?\ufffd*")


def _survivors(data: bytes) -> str:
    """``data`` read with its loss markers: every character whose bytes all survived, and one
    marker where the damaged ones stood."""
    text = data.decode("utf-8", "replace")  # the gap byte (FF) reads as U+FFFD
    return re.sub("\ufffd+", GAP, _DAMAGED_AROUND_QUESTION.sub("?", text))


def _damaged_utf8(data: bytes) -> bool:
    """Whether ``data`` is UTF-8 with bytes lost where its markers stand: without them, each
    marker leaves one broken sequence at most (a GBK character such as 栀, E8 D9, is no piece of
    UTF-8, and what stands next to it is no survivor of a loss)."""
    markers = data.count(b"?") + data.count(_GAP_BYTE)
    rest = data.replace(b"?", b"").replace(_GAP_BYTE, b"")
    return rest.decode("utf-8", "replace").count("\ufffd") <= markers


# How many readings of a unit with a lost byte compete in context, by their own cost.
_IN_CONTEXT = 16


def _in_context(candidates: list[list[str] | None], befores: list[str],
                extra: Callable[[str], float] | None = None) -> list[str | None]:
    """One reading per unit. Where lost bytes left several candidates, a run of such units
    takes the readings that read best together and with the fixed neighbours on either side
    (Viterbi over the pairs across their boundaries): 这是一个测试, not 这是不不测试."""
    chosen = [None if found is None else found[0] for found in candidates]
    index = 0
    while index < len(candidates):
        if not _ambiguous(candidates[index]):
            index += 1
            continue
        end = index
        while end < len(candidates) and _ambiguous(candidates[end]):
            end += 1
        left = (chosen[index - 1] or befores[index - 1])[-1:] if index else ""
        right = (chosen[end] or befores[end])[:1] if end < len(chosen) else ""
        options = [_cheapest(found or []) for found in candidates[index:end]]
        chosen[index:end] = _best_path(options, left, right, extra)
        index = end
    return chosen


def _cheapest(found: list[str]) -> list[str]:
    """The _IN_CONTEXT readings of ``found`` that cost least in words, cheapest first (ties in
    their order)."""
    costs = costs_in_words(found)
    return [found[k] for k in sorted(range(len(found)), key=costs.__getitem__)[:_IN_CONTEXT]]


def _ambiguous(found: list[str] | None) -> bool:
    return found is not None and len(found) > 1


def _best_path(options: list[list[str]], left: str, right: str,
               extra: Callable[[str], float] | None = None) -> list[str]:
    """The sequence of one option per position that costs least: each option's own cost (and
    ``extra``'s of it, where given), plus the pairs across the boundaries, ``left`` and
    ``right`` (when given) standing as fixed options at either end."""
    before, after = ([[left]] if left else []), ([[right]] if right else [])
    lattice = before + options + after
    costs = costs_in_words(lattice[0])
    if extra is not None:  # the same for a fixed end, which has one option: no choice moves
        costs = [cost + extra(option) for cost, option in zip(costs, lattice[0], strict=True)]
    back: list[list[int]] = []
    for previous, current in pairwise(lattice):
        # The joins of every previous option with every current one, in one call.
        width = len(previous)
        joins = adjacencies("".join(option[-1:] for option in previous) * len(current),
                            "".join(option[:1] * width for option in current))
        step_costs, step_back = [], []
        owns = costs_in_words(current)
        if extra is not None:
            owns = [own + extra(option) for own, option in zip(owns, current, strict=True)]
        for index, own in enumerate(owns):
            totals = list(map(operator.add, costs, joins[index * width:(index + 1) * width]))
            least = min(totals)
            step_costs.append(least + own)
            step_back.append(totals.index(least))
        costs = step_costs
        back.append(step_back)
    position = min(range(len(costs)), key=costs.__getitem__)
    path = [position]
    for step_back in reversed(back):
        position = step_back[position]
        path.append(position)
    path.reverse()
    chosen = [option[k] for option, k in zip(lattice, path, strict=True)]
    return chosen[len(before):len(chosen) - len(after)]


def _gap_filled(data: bytes) -> list[str]:
    """The valid readings of ``data`` with the byte a decoder replaced with U+FFFD (its one gap
    byte) restored, every way it may have been (80-FF): written into 128 copies at once and
    decoded in one call."""
    gap, stride = data.index(_GAP_BYTE), len(data) + 1
    copies = bytearray((data + b"\n") * 128)  # a newline ends each: a boundary in any UTF-8
    copies[gap::stride] = bytes(range(0x80, 0x100))
    readings = copies.decode("utf-8", "replace").split("\n")[:-1]
    return [reading for reading in readings if GAP not in reading]


# The bytes a lost byte may have been: a continuation byte, or the lead byte of a sequence of
# the length that the continuation bytes after it leave.
_CONTINUATIONS = bytes(range(0x80, 0xC0))

_LEADS = {2: bytes(range(0xC2, 0xE0)), 3: bytes(range(0xE0, 0xF0)), 4: bytes(range(0xF0, 0xF5))}

# How many readings of a character with one lost byte compete for it, by their own cost: all of
# them (64 continuations at most). With 16, 启 (13.8 bits) lost to eleven commoner characters
# of its block before its pair 启用 could count; all 64 run at half the speed on Windows '?'.
_LIKELIEST = 64


def _likeliest(candidates: Iterable[bytes]) -> list[str]:
    """The valid readings of ``candidates``, the most plausible first, at most _LIKELIEST."""
    return sorted(valid(list(candidates)), key=cost)[:_LIKELIEST]


def _windows_readings(data: bytes, after: str) -> list[str]:
    """The readings of ``data`` (followed in the text by ``after``) where Windows wrote one "?"
    for an unreadable GBK pair and dropped both its bytes. In UTF-8 read as GBK those are mostly
    the last byte of one character and the first of the next; each is then one of a few bytes
    (64 continuations, 16 leads), and the two a pair GBK leaves unassigned (``_unassigned``):
    the likeliest characters for both, in pairs. Where the first lost its last byte and what
    follows is whole (ASCII, or a character whose lead survived), the second byte was an ASCII
    one that no GBK pair ends with (00-3F), and the model's choice among those is a space (a
    space it was in 407 of 530 such losses before ASCII in the benchmark; before a Chinese
    character the space after 。 or ，); before another "?" it may have been that character's
    lead, and at the end of the text only the last byte was lost. After a lead byte of three
    alone, the pair was its two continuation bytes (如, E5 A6 82, after 傚 that took its E5).
    Characters before, whose bytes all survived, are read as they are. A character that lost
    two bytes otherwise becomes "?"; [] where the loss is not of this shape."""
    left, _, right = data.partition(b"?")
    lead = max((at for at, byte in enumerate(left) if byte >= 0xC0), default=0)
    if lead:
        try:
            whole = left[:lead].decode("utf-8")
        except UnicodeDecodeError:
            return []
        return [whole + reading for reading in _windows_readings(data[lead:], after)]
    if len(left) == 1 and not right and sequence_length(left[0]) == 3:
        return _likeliest(left + bytes(pair) for pair in product(_CONTINUATIONS, repeat=2)
                          if _unassigned()[pair[0] << 8 | pair[1]])
    if not left or len(left) != sequence_length(left[0]) - 1 or len(right) > 3:
        return []  # not a loss that straddles two characters: what survives is all there is
    firsts = _likeliest(left + bytes([byte]) for byte in _CONTINUATIONS)
    if not right:
        return [first + " " for first in firsts] if after and after != "?" else firsts
    seconds = _likeliest(bytes([byte]) + right for byte in _LEADS.get(len(right) + 1, b""))
    if not firsts or not seconds:  # one of them lost two bytes: Windows' "?" stands for it
        return [(firsts or ["?"])[0] + (seconds or ["?"])[0]]
    # Every (first, second) in order whose lost bytes GBK leaves unassigned, scored in bulk
    # (each reading is one character); only the pairs that can be among the best _IN_CONTEXT
    # are spelt out and sorted.
    width = len(seconds)
    lost = [_unassigned()[first.encode()[-1] << 8 | second.encode()[0]]
            for first, second in product(firsts, seconds)]
    firsts_costs, seconds_costs = char_costs("".join(firsts)), char_costs("".join(seconds))
    together = adjacencies("".join(first * width for first in firsts),
                           "".join(seconds) * len(firsts))
    scores = [first + second + joint for (first, second), joint
              in zip(product(firsts_costs, seconds_costs), together, strict=True)]
    kept = [index for index, fits in enumerate(lost) if fits]
    if not kept:
        return []
    cut = heapq.nsmallest(_IN_CONTEXT, (scores[index] for index in kept))[-1]
    scored = sorted((scores[index], firsts[index // width] + seconds[index % width])
                    for index in kept if scores[index] <= cut)
    return [pair for _, pair in scored[:_IN_CONTEXT]]


@cache
def _unassigned() -> tuple[bool, ...]:
    """[first byte << 8 | second byte]: whether GBK leaves the pair unassigned, so that Windows
    wrote "?" for it: GB18030 reads no character from it, or a private-use one (GBK's
    user-defined areas; Python's gbk, which the benchmark's Windows chain uses, reads none)."""
    found = []
    for first in range(256):
        for second in range(256):
            try:
                read = bytes([first, second]).decode("gb18030")
            except UnicodeDecodeError:
                found.append(True)
                continue
            found.append(len(read) != 1 or "\ue000" <= read <= "\uf8ff")
    return tuple(found)


# What what survived a loss is worth: it drops characters, which the model always likes, so it
# may only bridge two repairs, never make one.
_SURVIVOR_GAIN = -1.0


def _gains(befores: list[str], readings: list[tuple[str, bool] | None]) -> list[float | None]:
    """Bits saved by reading each of ``befores`` as its reading; None where a repair may not go
    (no reading, or one that adds a loss marker). The full readings are costed all at once."""
    gains: list[float | None] = []
    costed: list[int] = []
    for index, (before, reading) in enumerate(zip(befores, readings, strict=True)):
        # A repair adds no loss marker, but where a code page dropped a byte without one.
        if reading is None or (losses(reading[0]) > losses(before)
                               and (reading[1] or losses(before) > 0)):
            gains.append(None)
        elif reading[0] == before:
            gains.append(0.0)
        elif not reading[1]:
            gains.append(_SURVIVOR_GAIN)
        else:
            gains.append(0.0)
            costed.append(index)
    # Loss markers cost the same on both sides: merging two into one is no repair.
    olds = costs_in_words([_unmarked(befores[index]) for index in costed])
    news = costs_in_words([_unmarked(readings[index][0]) for index in costed])  # type: ignore[index]
    for index, old, new in zip(costed, olds, news, strict=True):
        gains[index] = old - new
    return gains


def _unmarked(text: str) -> str:
    return text.replace(GAP, "")


def best_runs(gains: list[float | None]) -> list[tuple[int, int]]:
    """The runs of units ``[i, j)`` whose repair maximises the total gain less MARGIN per run.

    Two states per unit: outside a run or inside one (with the index where it started).
    """
    minus_infinity = float("-inf")
    outside, inside, inside_start = 0.0, minus_infinity, 0
    came_from_inside: list[bool] = []  # outside after unit i: was unit i inside a run?
    run_start: list[int] = []  # inside after unit i: where its run started
    for index, gain in enumerate(gains):
        came_from_inside.append(inside > outside)
        next_outside = max(outside, inside)
        if gain is None:
            inside, inside_start = minus_infinity, index
        elif inside >= outside - MARGIN:  # continuing the run beats starting a new one
            inside = inside + gain
        else:
            inside, inside_start = outside - MARGIN + gain, index
        outside = next_outside
        run_start.append(inside_start)
    runs = []
    end, in_run = len(gains), inside > outside
    while end > 0:
        if in_run:
            start = run_start[end - 1]
            runs.append((start, end))
            end, in_run = start, False
        else:
            in_run = came_from_inside[end - 1]
            end -= 1
    runs.reverse()
    return runs


def _core_unit_gains(text: str, chain: Chain) -> list[WindowGains]:
    """``unit_gains`` by the Rust core; a chain it does not search, by the reference."""
    found = (_kernels.core.unit_gains(text, chain.wrong, chain.true, GUESSING.get())
             if _kernels.core else None)
    if found is None:
        return REFERENCE.unit_gains(text, chain)  # type: ignore[no-any-return]
    return [(spans, [text[first:last] for first, last in spans], readings, gains)
            for spans, readings, gains in found]


def _add_pair_gains(gains: list[float | None], befores: list[str],
                    readings: list[tuple[str, bool] | None]) -> None:
    """Credit the pair that two neighbouring units make across their boundary: what reading
    them through the chain saves there (a word bonus won or lost, a Latin letter glued to a
    Han character), half to each unit, or all to one when the other cannot change. (Between two
    double-byte codecs every unit is one character, so this is the only place pairs count.)"""
    afters = [repaired_text(reading, before)
              for reading, before in zip(readings, befores, strict=True)]
    now = adjacencies("".join(b[-1:] for b in befores[:-1]), "".join(b[:1] for b in befores[1:]))
    then = adjacencies("".join(a[-1:] for a in afters[:-1]), "".join(a[:1] for a in afters[1:]))
    for index, (before, after) in enumerate(zip(now, then, strict=True), start=1):
        left, right = gains[index - 1], gains[index]
        if before == after or (left is None and right is None):
            continue
        saved = before - after
        if left is None:
            gains[index] = right + saved  # type: ignore[operator]  # right is not None here
        elif right is None:
            gains[index - 1] = left + saved
        else:
            gains[index - 1], gains[index] = left + saved / 2, right + saved / 2


def _with_fullness(chosen: list[str | None], found: list[tuple[list[str], bool] | None]
                   ) -> list[tuple[str, bool] | None]:
    """The chosen readings with whether each is full."""
    return [None if reading is None or what is None else (reading, what[1])
            for reading, what in zip(chosen, found, strict=True)]


# The functions above are the reference (written to be plainly right); where the Rust core runs
# (``textfix._kernels``), the unit search and the run DP are its kernels, which return the same
# to the last bit. ``REFERENCE`` keeps the reference for the differential tests.
REFERENCE = SimpleNamespace(unit_gains=unit_gains, best_runs=best_runs)
if _kernels.core is not None:
    unit_gains = _core_unit_gains
    best_runs = _kernels.core.best_runs
