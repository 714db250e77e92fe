"""Undo a wrong decode: re-encode a run with the codec that misread it, decode with the right one.

A *chain* names both codecs: ``utf-8 read as gbk`` turns ``浣犲ソ`` back into the bytes
``E4 BD A0 E5 A5 BD`` and those into ``你好``. ``repair_whole`` reads all of a line at once (at C
speed); ``repair_runs`` finds every run of it that the chain explains better than the text itself,
judged by ``plausibility.cost``:

1. The run's bytes under the wrong codec are cut into *units*: stretches that end on a character
   boundary under both codecs (``浣犲ソ`` and ``你好`` are one unit of six bytes; ASCII is a unit
   of its own). Each unit has a gain: the bits its repair saves.
2. A dynamic programme picks the runs of units to repair, paying ``MARGIN`` bits per run, so
   a run is repaired only when it saves more than the margin, and clean characters between two
   garbled stretches are never part of a repair.
3. Where bytes were lost (a decoder wrote U+FFFD or ``?``, or dropped a byte), what is left of
   the damaged characters becomes one marker (the one the text had), unless a single byte is
   missing from one character: then the bytes that fit are tried and, in a run of such units,
   the readings that read best together win. What only survived a loss may bridge two repairs,
   never make one.
4. A run is repaired only when at least two garbled characters in a row change; between two
   Chinese codecs (Big5 and GBK) it must also save more bits and read like real text.

Where the Rust core is built, it does steps 1 and 3 for every chain but those between Big5 and
GBK (``unit_gains``: the windows, units, readings and gains); this module's code is their
reference, and the runs are picked here.
"""

from __future__ import annotations

import bisect
import codecs
import heapq
import operator
import re
import sys
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate, compress, pairwise, product, repeat
from types import SimpleNamespace
from typing import Any

from . import _kernels
from .charclass import HAN
from .data import model
from .data.script_chars import SIMPLIFIED_ONLY, TRADITIONAL_ONLY
from .plausibility import (
    adjacencies,
    char_cost,
    char_costs,
    code_units,
    coded_pairs,
    cost,
    cost_in_words,
    costs_in_words,
    costs_of_codes,
    foreign,
    has_astral,
    has_latin_letter,
    join,
    join_sides,
    key_bonuses,
    key_chars,
    largest_pair_bits,
    losses,
    neighbours,
    worst,
)

# A repair must save this many bits (a likelihood ratio of 2^12) per repaired run.
MARGIN = 12.0


@dataclass(frozen=True, slots=True)
class Chain:
    """Text that was written in ``true`` and read as ``wrong``, ``layers`` times over (read,
    saved in ``true`` again and read as ``wrong`` again: only ``repair_whole`` undoes more than
    one layer at once)."""

    wrong: str
    true: str
    layers: int = 1

    @property
    def name(self) -> str:
        times = {1: "", 2: " twice"}.get(self.layers, f" {self.layers} times")
        return f"{self.true} read as {self.wrong.removeprefix('sloppy-')}{times}"


@cache
def _sloppy_table(base: str) -> tuple[str, Any]:  # typeshed: (chars, an encoding map)
    """A single-byte code page as browsers apply it ("sloppy-cp1252"): a byte the code page
    leaves undefined comes through as the C1 control of the same number, so nothing is lost."""
    chars = []
    for byte in range(256):
        try:
            chars.append(bytes([byte]).decode(base))
        except UnicodeDecodeError:
            chars.append(chr(byte))
    return "".join(chars), codecs.charmap_build("".join(chars))


def _encode(text: str, codec: str) -> bytes:
    """``text`` in ``codec``; the sloppy code pages through their own tables. Raises
    UnicodeEncodeError like any codec."""
    if codec.startswith("sloppy-"):
        return codecs.charmap_encode(text, "strict", _sloppy_table(codec[7:])[1])[0]
    if codec == "gbk":
        try:
            return text.encode("gbk")
        except UnicodeEncodeError:  # GB18030 decoders write private-use characters too
            return text.encode("gb18030")
    return text.encode(codec)


def single_byte(codec: str) -> bool:
    return codec == "latin-1" or codec.startswith("sloppy-")


def han_to_han(chain: Chain) -> bool:
    """Whether both codecs of ``chain`` are double-byte Chinese ones (Big5 and GBK)."""
    return not single_byte(chain.wrong) and chain.true != "utf-8"


def upper_half(codec: str) -> str:
    """Every character the single-byte ``codec`` writes for the bytes 80-FF."""
    if codec.startswith("sloppy-"):
        return _sloppy_table(codec[7:])[0][128:]
    return bytes(range(128, 256)).decode(codec)


# UTF-8, GB18030 and Big5 byte sequences, one token each; any other byte is a token alone. In
# UTF-8, damage is one token too: gap bytes (where bytes were lost) with the incomplete sequence
# before them and the orphaned continuation bytes after them, a "?" that Windows decoders write
# for an unreadable pair (when it sits between such remains), or an incomplete sequence with the
# space that may have been its NBSP: what is left of the characters the loss damaged.
_TOKENS = {
    "utf-8": re.compile(
        rb"[\xc2-\xf4][\x80-\xbf]{0,2}\?[\x80-\xbf]{0,3}|\?[\x80-\xbf]{1,3}"
        rb"|[\x00-\x7f]|[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]"
        rb"|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
        rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
        rb"|(?:[\xc2-\xf4][\x80-\xbf]{0,2})?(?:\xff[\x80-\xbf]{0,3})+"
        rb"|[\xc2-\xf4][\x80-\xbf]{0,2}\x20?"
        rb"|[\x80-\xff]"
    ),
    "gb18030": re.compile(
        rb"[\x00-\x7f]|[\x81-\xfe][\x30-\x39][\x81-\xfe][\x30-\x39]|[\x81-\xfe][\x40-\x7e\x80-\xfe]"
        rb"|[\x80-\xff]"
    ),
    "big5": re.compile(rb"[\x00-\x7f]|[\x81-\xfe][\x40-\x7e\xa1-\xfe]|[\x80-\xff]"),
}
_TOKEN_FAMILY = {"utf-8": "utf-8", "gb18030": "gb18030", "cp950": "big5", "big5hkscs": "big5"}

# Written for a character whose bytes the wrong codec could not read.
_GAP = "\ufffd"
_GAP_BYTE = b"\xff"  # invalid in every true codec: where the wrong decoder wrote U+FFFD


@dataclass(frozen=True, slots=True)
class Unit:
    """Characters ``start:end`` of a run and their bytes under the wrong codec (None: a
    character the wrong codec cannot write, which no repair may cross)."""

    start: int
    end: int
    data: bytes | None


def _char_bytes(text: str, wrong: str) -> list[bytes | None]:
    """Each character of ``text`` encoded alone; U+FFFD (lost bytes) as the gap byte."""
    pieces: list[bytes | None] = []
    bmp_only = not single_byte(wrong)  # no double-byte decoder writes an astral character
    for char in text:
        try:
            if bmp_only and char > "\uffff":
                raise UnicodeEncodeError(wrong, char, 0, 1, "astral")
            pieces.append(_GAP_BYTE if char == _GAP else _encode(char, wrong))
        except UnicodeEncodeError:
            pieces.append(None)
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


# Bytes that vanish without a trace when a single-byte code page reads them: cp1252 and its
# kin leave 81 8D 8F 90 9D undefined, and many decoders drop them.
_UNDEFINED_IN_CP1252 = b"\x81\x8d\x8f\x90\x9d"
_INCOMPLETE_UTF8 = re.compile(rb"[\xc2-\xf4][\x80-\xbf]{0,2}(?![\x80-\xbf])")


def _readings(data: bytes, chain: Chain, after: str = "") -> tuple[list[str], bool] | None:
    """What the true codec can make of ``data`` (followed in the text by ``after``): the
    candidate readings (several where a lost byte had to be guessed) and whether they are full
    readings (False: only what survived a loss, with a loss marker for the rest); None if it cannot
    read it."""
    try:
        return [data.decode(chain.true)], True
    except UnicodeDecodeError:
        pass
    if chain.true != "utf-8":
        return None
    if data.count(_GAP_BYTE) == 1:
        completions = _gap_filled(data)
    elif single_byte(chain.wrong) and _GAP_BYTE not in data:
        completions = _valid(list(_restored(data)))
    else:
        completions = []
    if completions:
        return completions, True
    if (_GAP_BYTE not in data and b"?" not in data) or not _damaged_utf8(data):
        return None
    if not single_byte(chain.wrong) and data.count(b"?") == 1 and _GAP_BYTE not in data:
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
    return re.sub("\ufffd+", _GAP, _DAMAGED_AROUND_QUESTION.sub("?", text))


def _damaged_utf8(data: bytes) -> bool:
    """Whether ``data`` is UTF-8 with bytes lost where its markers stand: without them, each
    marker leaves one broken sequence at most (a GBK character such as 栀, E8 D9, is no piece of
    UTF-8, and what stands next to it is no survivor of a loss)."""
    markers = data.count(b"?") + data.count(_GAP_BYTE)
    rest = data.replace(b"?", b"").replace(_GAP_BYTE, b"")
    return rest.decode("utf-8", "replace").count("\ufffd") <= markers


# How many readings of a unit with a lost byte compete in context, by their own cost.
_IN_CONTEXT = 16


def _in_context(candidates: list[list[str] | None], befores: list[str]) -> list[str | None]:
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
        chosen[index:end] = _best_path(options, left, right)
        index = end
    return chosen


def _cheapest(found: list[str]) -> list[str]:
    """The _IN_CONTEXT readings of ``found`` that cost least in words, cheapest first (ties in
    their order)."""
    costs = costs_in_words(found)
    return [found[k] for k in sorted(range(len(found)), key=costs.__getitem__)[:_IN_CONTEXT]]


def _ambiguous(found: list[str] | None) -> bool:
    return found is not None and len(found) > 1


def _best_path(options: list[list[str]], left: str, right: str) -> list[str]:
    """The sequence of one option per position that costs least: each option's own cost, plus
    the pairs across the boundaries, ``left`` and ``right`` (when given) standing as fixed
    options at either end."""
    before, after = ([[left]] if left else []), ([[right]] if right else [])
    lattice = before + options + after
    costs = costs_in_words(lattice[0])
    back: list[list[int]] = []
    for previous, current in pairwise(lattice):
        # The joins of every previous option with every current one, in one call.
        width = len(previous)
        joins = adjacencies("".join(option[-1:] for option in previous) * len(current),
                            "".join(option[:1] * width for option in current))
        step_costs, step_back = [], []
        for index, own in enumerate(costs_in_words(current)):
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
    return [reading for reading in readings if _GAP not in reading]


def _restored(data: bytes) -> Iterator[bytes]:
    """``data`` with one lost byte restored, every way it may have been: a byte that a
    single-byte code page dropped (one of its undefined bytes), or an NBSP that became a space."""
    for match in _INCOMPLETE_UTF8.finditer(data):
        for position in range(match.start() + 1, match.end() + 1):
            if data[position - 1] == 0xC2:
                continue  # C2 and a dropped byte is a C1 control: never what was written
            for byte in _UNDEFINED_IN_CP1252:
                yield data[:position] + bytes([byte]) + data[position:]
        if data[match.end():match.end() + 1] == b" ":
            yield data[:match.end()] + b"\xa0" + data[match.end() + 1:]


def _valid(candidates: list[bytes]) -> list[str]:
    """The candidates that are valid UTF-8, read: one decode for all of them (the candidates
    hold no newline, which is a boundary in any UTF-8)."""
    if not candidates:
        return []
    readings = b"\n".join(candidates).decode("utf-8", "replace").split("\n")
    return [reading for reading in readings if _GAP not in reading]


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
    return sorted(_valid(list(candidates)), key=cost)[:_LIKELIEST]


def _sequence_length(lead: int) -> int:
    return 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4


def _windows_readings(data: bytes, after: str) -> list[str]:
    """The readings of ``data`` (followed in the text by ``after``) where Windows wrote one "?"
    for an unreadable GBK pair and dropped both its bytes. In UTF-8 read as GBK those are mostly
    the last byte of one character and the first of the next; each is then one of a few bytes
    (64 continuations, 16 leads): the likeliest characters for both, in pairs. Before ASCII the
    second byte was an ASCII one that no GBK pair ends with (00-3F), and the model's choice among
    those is a space (a space it was in 407 of 530 such losses in the benchmark); at the end of
    the text only the last byte was lost. A character that lost two bytes becomes "?"; []
    where the loss is not of this shape."""
    left, _, right = data.partition(b"?")
    if not left or len(left) != _sequence_length(left[0]) - 1 or len(right) > 3:
        return []  # not a loss that straddles two characters: what survives is all there is
    firsts = _likeliest(left + bytes([byte]) for byte in _CONTINUATIONS)
    if not right:
        return [first + " " for first in firsts] if after.isascii() and after else firsts
    seconds = _likeliest(bytes([byte]) + right for byte in _LEADS.get(len(right) + 1, b""))
    if not firsts or not seconds:  # one of them lost two bytes: Windows' "?" stands for it
        return [(firsts or ["?"])[0] + (seconds or ["?"])[0]]
    # Every (first, second) in order, scored in bulk (each reading is one character); only the
    # pairs that can be among the best _IN_CONTEXT are spelt out and sorted.
    width = len(seconds)
    firsts_costs, seconds_costs = char_costs("".join(firsts)), char_costs("".join(seconds))
    together = adjacencies("".join(first * width for first in firsts),
                           "".join(seconds) * len(firsts))
    scores = [first + second + joint for (first, second), joint
              in zip(product(firsts_costs, seconds_costs), together, strict=True)]
    cut = heapq.nsmallest(_IN_CONTEXT, scores)[-1]
    scored = sorted((score, firsts[index // width] + seconds[index % width])
                    for index, score in enumerate(scores) if score <= cut)
    return [pair for _, pair in scored[:_IN_CONTEXT]]


@dataclass(frozen=True, slots=True)
class Repair:
    """Characters ``start:end`` of the text become ``after``, saving ``gain`` bits."""

    start: int
    end: int
    after: str
    gain: float


# What what survived a loss is worth: it drops characters, which the model always likes, so it
# may only bridge two repairs, never make one.
_SURVIVOR_GAIN = -1.0


def _gains(befores: list[str], readings: list[tuple[str, bool] | None]) -> list[float | None]:
    """Bits saved by reading each of ``befores`` as its reading; None where a repair may not go
    (no reading, or one that adds a loss marker). The full readings are costed all at once."""
    gains: list[float | None] = []
    costed: list[int] = []
    for index, (before, reading) in enumerate(zip(befores, readings, strict=True)):
        if reading is None or losses(reading[0]) > losses(before):
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
    return text.replace(_GAP, "")


def _best_runs(gains: list[float | None]) -> list[tuple[int, int]]:
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
    return False  # between Big5 and GBK the bounds of ``_han_gains`` screen the line


def repair_runs(text: str, chain: Chain) -> list[Repair]:
    """The stretches of ``text`` that ``chain`` repairs, unit by unit: for text that is only
    partly garbled, or has lost bytes."""
    if han_to_han(chain):  # screened by the bounds of _han_gains, not by _hopeless
        return _han_repairs(text, chain)
    return [repair for spans, befores, readings, gains in unit_gains(text, chain)
            for repair in _picked(chain, spans, befores, readings, gains)]


# Per window of a line: (the units' spans in the text, their text, their readings, their gains
# with the pairs across their boundaries credited).
WindowGains = tuple[list[tuple[int, int]], list[str], list[tuple[str, bool] | None],
                    list[float | None]]


def unit_gains(text: str, chain: Chain) -> list[WindowGains]:
    """Each window of ``text`` worth searching through ``chain`` (not one between Big5 and
    GBK), cut into units, each unit read and with its gain: all ``_picked`` needs. A window
    where no run of units saves the margin, of which ``_picked`` can pick nothing, is left
    out."""
    if _hopeless(text, chain):
        return []
    found = (_window_gains(text, start, end, chain) for start, end in _windows(text, chain))
    return [window for window in found if _may_save(window[3])]


def _may_save(gains: list[float | None]) -> bool:
    """Whether some run of consecutive ``gains`` (None breaks a run) sums to the margin: where
    none does, ``_best_runs`` picks no run (each would cost more than it saves)."""
    best = ending_here = 0.0
    for gain in gains:
        ending_here = 0.0 if gain is None else max(0.0, ending_here + gain)
        best = max(best, ending_here)
    return best >= MARGIN - _ROUNDING


def _window_gains(text: str, start: int, end: int, chain: Chain) -> WindowGains:
    unit_list = units(text[start:end], chain)
    spans = [(start + unit.start, start + unit.end) for unit in unit_list]
    befores = [text[first:last] for first, last in spans]
    found = [None if unit.data is None
             else _readings(unit.data, chain, text[last:last + 1])
             for unit, (_, last) in zip(unit_list, spans, strict=True)]
    readings = _full(_in_context([None if f is None else f[0] for f in found], befores), found)
    gains = _gains(befores, readings)
    _add_pair_gains(gains, befores, readings)
    return spans, befores, readings, gains


def _core_unit_gains(text: str, chain: Chain) -> list[WindowGains]:
    """``unit_gains`` by the Rust core; a chain it does not search, by the reference."""
    found = _kernels.core.unit_gains(text, chain.wrong, chain.true) if _kernels.core else None
    if found is None:
        return REFERENCE.unit_gains(text, chain)  # type: ignore[no-any-return]
    return [(spans, [text[first:last] for first, last in spans], readings, gains)
            for spans, readings, gains in found]


def _han_repairs(text: str, chain: Chain) -> list[Repair]:
    """The runs of ``text`` that the Big5/GBK ``chain`` repairs: the runs that the gains of its
    characters (``_han_gains``) pick, where those are not dismissed."""
    gains = _han_gains(text, chain)
    if gains is None:
        return []
    readings: list[tuple[str, bool] | None] = [
        None if after == UNREADABLE else (after, True)
        for after in text.translate(reading_table(chain))]
    return _picked(chain, [(index, index + 1) for index in range(len(text))], list(text),
                   readings, gains)


def _han_gains(text: str, chain: Chain) -> list[float | None] | None:
    """What each character of ``text`` saves read through the Big5/GBK ``chain``, with half of
    what each pair of neighbours saves credited to each (``_credited``; None where a character
    has no reading); None where no run can save the margin. Most lines it is tried on are
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
    if _most_saved(own, halves, missing) < MARGIN - _ROUNDING:
        return None
    return _credited(own, saved, halves, missing)


# Below any repair's margin by more than the sums of a line's gains can be off by rounding.
_ROUNDING = 0.01


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
    if total < MARGIN - _ROUNDING:
        return False
    # As _most_saved does next: the largest run sum, each character bounded by what it may gain
    # at most where its value was not computed.
    values = list(map(screen.most.__getitem__, units))
    for index, value in found:
        values[index] = value
    return _largest_run_sum(values) >= MARGIN - _ROUNDING


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
    if positive < MARGIN - _ROUNDING:
        return positive
    return _largest_run_sum(values)


def _largest_run_sum(values: list[float]) -> float:
    """The largest sum of consecutive ``values`` (0 for none), at C speed: the prefix sums less
    the least prefix sum before each."""
    prefixes = list(accumulate(values, initial=0.0))
    best: float = max(map(operator.sub, prefixes[1:], accumulate(prefixes, min)), default=0.0)
    return best


@lru_cache(maxsize=2)
def _line(text: str) -> tuple[array[int], list[float], list[float]] | None:
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
    line = _line(text)
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
    sides = join_sides(_kept(text, read, missing) if missing and has_latin_letter(text)
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
    afters = _kept(text, read, missing) if missing else read
    return own, list(map(operator.sub, neighbours(text), neighbours(afters)))


def _kept(text: str, read: str, missing: list[int]) -> str:
    """``read`` with the characters of ``text`` that have no reading (at ``missing``) kept."""
    chars = list(read)
    for index in missing:
        chars[index] = text[index]
    return "".join(chars)


def _credited(own: list[float], saved: list[float], halves: list[float], missing: list[int]
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


def _picked(chain: Chain, spans: list[tuple[int, int]], befores: list[str],
            readings: list[tuple[str, bool] | None], gains: list[float | None]) -> list[Repair]:
    """The convincing runs of units (at ``spans`` of the text) that the credited gains pick."""
    repairs = []
    for first, last in _best_runs(gains):
        first, last = _snapped(first, last, gains, befores, readings,
                               _HAN_BOUNDARY if han_to_han(chain) else _BOUNDARY)
        if han_to_han(chain):
            first, last = _script_extended(first, last, gains, befores, readings)
            last = _cut_at_clause_end(first, last, gains, befores, readings)
        gain = sum(gains[first:last])  # type: ignore[arg-type]  # no None inside a run
        after = "".join(reading[0] if reading else before
                        for reading, before in zip(readings[first:last], befores[first:last],
                                                   strict=True))
        clause = han_to_han(chain) and _whole_clause(first, last, befores, readings)
        if not _convincing(chain, gain, befores[first:last], readings[first:last], after, clause):
            continue
        if into_chinese(chain) and lone_han(after) and european_word(
                (befores[first - 1][-1:] if first else "") + "".join(befores[first:last])
                + (befores[last][:1] if last < len(befores) else "")):
            continue
        repairs.append(Repair(spans[first][0], spans[last - 1][1], after, gain))
    return repairs


def into_chinese(chain: Chain) -> bool:
    """Whether ``chain`` reads a Western code page back as GBK or Big5."""
    return single_byte(chain.wrong) and chain.true != "utf-8"


# Two accented lowercase letters (Latin-1 and Latin Extended-A, and Romanian's ș ț; not µ or
# ƒ, which MacRoman makes of 的) between ASCII letters: one GBK character read as a Western code
# page, or a letter pair of a European word.
_TWO_INSIDE_A_WORD = re.compile("(?<=[A-Za-z])[ß-öø-ÿĀ-ſșț]{2}(?=[A-Za-z])")


@cache
def _han_char() -> re.Pattern[str]:
    return re.compile(f"[{HAN}]")


def _makes_chinese(letters: str) -> bool:
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


# Characters of context kept on either side of what the UTF-8 prefilter finds: a garbled run
# is a string of its matches, and its ends reach past them by a character or two. Past
# _MOST_WINDOWS matches the line is taken whole (each match costs a decode of what precedes it).
_WINDOW_MARGIN = 8
_MOST_WINDOWS = 16


def _windows(text: str, chain: Chain) -> list[tuple[int, int]]:
    """The stretches of ``text`` worth the unit-by-unit search: for the chains from double-byte
    codecs into UTF-8, around what the prefilter finds (a clean line with one chance match is
    searched over a few characters, not a thousand); otherwise all of it."""
    if chain.true != "utf-8" or single_byte(chain.wrong) or _GAP in text or "?" in text:
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


UNREADABLE = "\uffff"  # in a reading table: no reading (a noncharacter, never in real text)


class _ReadingTable(dict[int, str]):
    """A ``str.translate`` table from each character to its reading through a chain; what the
    table does not list (astral characters) has none."""

    def __missing__(self, code: int) -> str:
        return UNREADABLE


@cache
def reading_table(chain: Chain) -> _ReadingTable:
    """Every character's reading between two double-byte codecs, one character for one: the
    model's table for the chain (``codec_reading_table``, stored by tools/build_model.py)."""
    name = next(name for name, wrong, true in model.READING_CHAINS
                if (wrong, true) == (chain.wrong, chain.true))
    codes = model.values(model.sections()[name], 4)
    table = _ReadingTable((code, chr(reading)) for code, reading in enumerate(codes)
                          if reading != _UNREADABLE_CODE)
    return table


_UNREADABLE_CODE = 0xFFFF


def codec_reading_table(chain: Chain) -> _ReadingTable:
    """Every character's reading between two double-byte codecs, derived from Python's codecs
    (decoded from every byte pair of the wrong codec: 24,000 pairs, one decode per codec). Big5
    is read as cp950 and, for the pairs cp950 leaves undefined, as Big5-HKSCS."""
    wrong = "gb18030" if chain.wrong == "gbk" else chain.wrong  # GBK writes as GB18030 does
    trues = ("cp950", "big5hkscs") if chain.true == "cp950" else (chain.true,)
    pairs = [bytes([lead, trail]) for lead in range(0x81, 0xFF) for trail in range(0x40, 0xFF)]
    chars = _pair_readings(pairs, wrong)
    readings = [UNREADABLE] * len(pairs)
    for codec in reversed(trues):  # the first codec that reads a pair has the last word
        for index, reading in enumerate(_pair_readings(pairs, codec)):
            if len(reading) == 1:
                readings[index] = reading
            elif _GAP not in reading:
                readings[index] = UNREADABLE  # Ê̄ for 88 62 in Big5-HKSCS: no one-for-one
    read = [(ord(char), reading) for char, reading in zip(chars, readings, strict=True)
            if len(char) == 1 and char != _GAP]
    table = _ReadingTable(reversed(read))  # where two pairs make one character, the first wins
    table.update((code, chr(code)) for code in range(0x80))
    return table


def _pair_readings(pairs: list[bytes], codec: str) -> list[str]:
    """Each byte pair read by ``codec`` on its own: in one decode, with a newline between the
    pairs (never a trail byte in these codecs, so each piece is one pair's reading; U+FFFD in a
    piece: ``codec`` cannot read that pair)."""
    return b"\n".join(pairs).decode(codec, "replace").split("\n")


# A garbled stretch is a whole field, line or clause far more often than it starts or ends
# between two characters of a word: a run stops SNAP_UNITS units or fewer short of such a
# boundary only when the units there read a little worse (家 for 模, within SNAP_BITS), so they
# go with it.
SNAP_UNITS = 3
SNAP_BITS = 6.0
_BOUNDARY = re.compile(r"[\x00-\x7f]")
# Between Big5 and GBK the fullwidth punctuation is garbled with the rest (Big5's ， read as GBK
# is private use): a clean one ends a garbled stretch as ASCII does (論壇公告：叫\ue783綷 is
# 論壇公告：請先閱).
_HAN_BOUNDARY = re.compile("[\x00-\x7f\u3001\u3002\uff01\uff0c\uff1a\uff1b\uff1f]")
_NO_SNAP = re.compile("[\u0080-\u02ff]")  # 目 read back from GBK as UTF-8 is Latin Ŀ


def _snapped(first: int, last: int, gains: list[float | None], befores: list[str],
             readings: list[tuple[str, bool] | None], boundary: re.Pattern[str] = _BOUNDARY
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


def _cut_at_clause_end(first: int, last: int, gains: list[float | None], befores: list[str],
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


def _script_extended(first: int, last: int, gains: list[float | None], befores: list[str],
                     readings: list[tuple[str, bool] | None]) -> tuple[int, int]:
    """The Big5/GBK run ``[first, last)`` grown by the characters at its ends that belong to
    the other script than its repair, and read back as characters that do not, at SNAP_BITS
    worse at most: 快速簡间 is 快速簡潔 (间, simplified only, in a run that reads back as
    traditional text, is the 潔 of the same bytes, though no rarer than it)."""
    script = script_of("".join(_text(reading, before) for reading, before
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
    simplified = sum(char in _SIMPLIFIED_ONLY for char in text)
    traditional = sum(char in _TRADITIONAL_ONLY for char in text)
    if simplified == traditional:
        return None
    return "simplified" if simplified > traditional else "traditional"


def _add_pair_gains(gains: list[float | None], befores: list[str],
                    readings: list[tuple[str, bool] | None]) -> None:
    """Credit the pair that two neighbouring units make across their boundary: what reading
    them through the chain saves there (a word bonus won or lost, a Latin letter glued to a
    Han character), half to each unit, or all to one when the other cannot change. (Between two
    double-byte codecs every unit is one character, so this is the only place pairs count.)"""
    afters = [_text(reading, before) for reading, before in zip(readings, befores, strict=True)]
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


def _full(chosen: list[str | None], found: list[tuple[list[str], bool] | None]
          ) -> list[tuple[str, bool] | None]:
    """The chosen readings with whether each is full."""
    return [None if reading is None or what is None else (reading, what[1])
            for reading, what in zip(chosen, found, strict=True)]


def _text(reading: tuple[str, bool] | None, before: str) -> str:
    return reading[0] if reading else before


# What real text costs per character at most, on average: a repair into something costlier is
# one kind of junk traded for another.
_PLAUSIBLE_AVERAGE = 12.5


# Between two double-byte Chinese codecs every reading is Han characters: a repair there must
# save more.
_HAN_TO_HAN_MARGIN = 18.0


# A Big5/GBK run that is a whole clause (ASCII or fullwidth punctuation, or the line's ends, on
# both sides), of CLAUSE_CHARS characters or more that all change, one of them as rare as
# CLAUSE_RARE bits (a trigger alone), needs MARGIN bits only: 叫把綷 between ", " and " lilo"
# is 請參閱 (15 bits; 叫 and 把 are commoner than 請 and 參).
CLAUSE_CHARS = 3
CLAUSE_RARE = 20.0


def _whole_clause(first: int, last: int, befores: list[str],
                  readings: list[tuple[str, bool] | None]) -> bool:
    inside = range(first, last)
    return (last - first >= CLAUSE_CHARS
            and (first == 0 or _HAN_BOUNDARY.match(befores[first - 1]) is not None)
            and (last == len(befores) or _HAN_BOUNDARY.match(befores[last]) is not None)
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


def _convincing(chain: Chain, gain: float, befores: list[str],
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
        return gain > MARGIN and reads_like_chinese(letters) and _makes_chinese(letters)
    return (gain > (MARGIN if clause else _HAN_TO_HAN_MARGIN)
            and reads_like_chinese(letters))


# Latin, Greek and Cyrillic letters: GBK has rows of the last two, which Big5 reads as Han.
_ALPHABET_LETTERS = re.compile("[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u052f]+")


def reads_like_chinese(letters: str, average: float = _PLAUSIBLE_AVERAGE) -> bool:
    """Whether ``letters`` (a repair's non-ASCII characters) cost no more than real text does on
    ``average``: Zażółć read back from cp1250 as Za矿虫 (13.1 bits a character) is one kind of
    junk traded for another."""
    return cost_in_words(letters) <= average * len(letters)


# A whole line read back from a Western code page into Chinese is garbled through and through,
# evidence a run does not have: it may read a little rarer (宏_ftppro, a real title, is 14.0
# bits a character; ÀÁÂÃÄÅ ÈÉÊË read back from cp1252 is 懒旅呐 壬仕, 15.8).
WHOLE_AVERAGE = 15.0


# A title or a table cell garbled between Big5 and GBK is garbled whole, and too short for the
# runs to be sure of: read whole, every character through the chain, it must save LONE_MARGIN
# bits when a single character changes (岆 CD- is 是 CD-: 20 bits; 眖 CPAN is 從 CPAN: 17) and
# that character must be one real text hardly has (RARE_BEFORE bits, 1 in 30 million, or
# private use), MARGIN when several do (ノ CDROM 紆 is 用 CDROM 彈: 15 bits). No clean corpus
# paragraph and none of 129,846 clean 5-20 character cuts of them changes.
LONE_MARGIN = 15.0
_KANA = re.compile("[\u3040-\u30ff]")
RARE_BEFORE = 25.0


def repair_short(text: str, chain: Chain) -> Repair | None:
    """All of the short ``text`` read through the Big5/GBK ``chain``, if that reads like real
    text and saves enough; ASCII stays as it is."""
    if not whole_could_save(text, chain):
        return None
    after = text.translate(reading_table(chain))
    if UNREADABLE in after or after == text or foreign(after) > foreign(text):
        return None
    changed = [before for before, reading in zip(text, after, strict=True) if before != reading]
    if all(_KANA.match(char) for char in changed):
        return None  # ボタン OK is Japanese, whatever its Big5 reading (示正件) says
    letters = "".join(char for char in after if not char.isascii())
    gain = cost_in_words(text) - cost_in_words(after)
    if cost_in_words(letters) > _PLAUSIBLE_AVERAGE * len(letters):
        return None
    if len(changed) == 1:
        if gain <= LONE_MARGIN or char_costs(changed[0])[0] < RARE_BEFORE:
            return None
    elif gain <= MARGIN:
        return None
    return Repair(0, len(text), after, gain)


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
    return sum(map(screen.most.__getitem__, units)) >= MARGIN - _ROUNDING


# A whole-text reading is taken at once only when it holds no character this rare: rarer ones
# are where a clean character might have been swept into the repair. C1 controls do not count:
# they are what an inner layer of mojibake (UTF-8 read as cp1252 twice) is partly made of, and
# the gain still pays for them.
WHOLE_WORST = 20.0
_C1_CONTROLS = dict.fromkeys(range(0x80, 0xA0))


def repair_whole(text: str, chain: Chain, rarest: float = WHOLE_WORST) -> list[Repair] | None:
    """The common case at C speed: all of ``text`` is one garbled run that decodes strictly
    (through every layer of ``chain``), with no character costlier than ``rarest`` (where the
    runs can take over, a rare one may be a clean character swept in).

    Both codecs being double-byte, every clean stretch decodes too, so that case is left to
    the units."""
    if _GAP in text or (not single_byte(chain.wrong) and (
            chain.true != "utf-8" or has_astral(text))):
        return None
    try:
        after = text
        for _ in range(chain.layers):
            after = _encode(after, chain.wrong).decode(chain.true)
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    if losses(after) > losses(text) or worst(after.translate(_C1_CONTROLS)) > rarest:
        return None
    if not single_byte(chain.wrong) and foreign(after) > foreign(text):
        return None  # 为 read back as Ϊ: a clean neighbour swept into the reading
    letters = "".join(char for char in after if not char.isascii())
    if into_chinese(chain) and (not reads_like_chinese(letters, WHOLE_AVERAGE)
                                or not _makes_chinese(letters)
                                or (lone_han(after) and european_word(text))):
        return None
    gain = cost(text) - cost(after)
    return [Repair(0, len(text), after, gain)] if gain > MARGIN else None


# The functions above are the reference (written to be plainly right); where the Rust core runs
# (``textfix._kernels``), the unit search of the other chains, the Big5/GBK gains, the
# whole-text bound and the run DP are its kernels, which return the same to the last bit.
# ``REFERENCE`` keeps the reference for the differential tests.
REFERENCE = SimpleNamespace(unit_gains=unit_gains, han_gains=_han_gains,
                            whole_could_save=whole_could_save, best_runs=_best_runs)
if _kernels.core is not None:
    unit_gains = _core_unit_gains
    _han_gains = _kernels.core.han_gains
    whole_could_save = _kernels.core.whole_could_save
    _best_runs = _kernels.core.best_runs
