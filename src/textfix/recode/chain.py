"""A chain (the codec text was written in and the one it was read as) and the codecs' tables."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..data import model

# A repair must save this many bits (a likelihood ratio of 2^12) per repaired run.
MARGIN = 12.0


@dataclass(frozen=True, slots=True)
class Chain:
    """Text that was written in ``true`` and read as ``wrong``, ``times`` times over (read,
    saved in ``true`` again and read as ``wrong`` again: only ``repair_whole`` undoes more than
    one misreading at once)."""

    wrong: str
    true: str
    times: int = 1
    # The hash, computed once: chains key the layer's families and tables, and a frozen
    # dataclass's own hash builds a tuple at every lookup (8 % of a triggered clean line's time).
    _hash: int = field(init=False, repr=False, compare=False)
    # Whether both codecs are double-byte Chinese ones, likewise: every run's rules ask it.
    _han_to_han: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.wrong, self.true, self.times)))
        object.__setattr__(self, "_han_to_han",
                           not single_byte(self.wrong) and self.true != "utf-8")

    def __hash__(self) -> int:
        return self._hash

    @property
    def name(self) -> str:
        over = {1: "", 2: " twice"}.get(self.times, f" {self.times} times")
        return f"{self.true} read as {self.wrong.removeprefix('sloppy-')}{over}"


@cache
def sloppy_table(base: str) -> tuple[str, Any]:  # typeshed: (chars, an encoding map)
    """A single-byte code page as browsers apply it ("sloppy-cp1252"): a byte the code page
    leaves undefined comes through as the C1 control of the same number, so nothing is lost."""
    chars = []
    for byte in range(256):
        try:
            chars.append(bytes([byte]).decode(base))
        except UnicodeDecodeError:
            chars.append(chr(byte))
    return "".join(chars), codecs.charmap_build("".join(chars))


def encode(text: str, codec: str) -> bytes:
    """``text`` in ``codec``; the sloppy code pages through their own tables. Raises
    UnicodeEncodeError like any codec."""
    if codec.startswith("sloppy-"):
        return codecs.charmap_encode(text, "strict", sloppy_table(codec[7:])[1])[0]
    if codec == "gbk":
        if CP936_EURO in text:
            return CP936_EURO_BYTE.join(encode(part, codec) for part in text.split(CP936_EURO))
        try:
            return text.encode("gbk")
        except UnicodeEncodeError:  # GB18030 decoders write private-use characters too
            return text.encode("gb18030")
    return text.encode(codec)


# The GBK that Windows reads and writes (cp936) has the euro sign at 80, a byte Python's gbk
# codec leaves undefined: ``检`` (E6 A3 80) read as cp936 is ``妫€``. The one character where
# the chains' GBK differs from Python's (and GB18030's A2 E3).
CP936_EURO, CP936_EURO_BYTE = "\u20ac", b"\x80"


def single_byte(codec: str) -> bool:
    return codec == "latin-1" or codec.startswith("sloppy-")


def han_to_han(chain: Chain) -> bool:
    """Whether both codecs of ``chain`` are double-byte Chinese ones (Big5 and GBK)."""
    return chain._han_to_han


def upper_half(codec: str) -> str:
    """Every character the single-byte ``codec`` writes for the bytes 80-FF."""
    if codec.startswith("sloppy-"):
        return sloppy_table(codec[7:])[0][128:]
    return bytes(range(128, 256)).decode(codec)


def into_chinese(chain: Chain) -> bool:
    """Whether ``chain`` reads a Western code page back as GBK or Big5."""
    return single_byte(chain.wrong) and chain.true != "utf-8"


@dataclass(frozen=True, slots=True)
class Repair:
    """Characters ``start:end`` of the text become ``after``, saving ``gain`` bits."""

    start: int
    end: int
    after: str
    gain: float


# Written for a character whose bytes the wrong codec could not read.
GAP = "\ufffd"

# The bytes cp1252 leaves undefined (81 8D 8F 90 9D): Windows drops them without a trace, and
# Python's errors="replace" writes one U+FFFD for each.
CP1252_UNDEFINED = tuple(byte for byte in range(0x80, 0x100)
                         if not bytes([byte]).decode("cp1252", "ignore"))

# Below any repair's margin by more than the sums of a line's gains can be off by rounding.
ROUNDING = 0.01


def repaired_text(reading: tuple[str, bool] | None, before: str) -> str:
    return reading[0] if reading else before


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
            elif GAP not in reading:
                readings[index] = UNREADABLE  # Ê̄ for 88 62 in Big5-HKSCS: no one-for-one
    read = [(ord(char), reading) for char, reading in zip(chars, readings, strict=True)
            if len(char) == 1 and char != GAP]
    table = _ReadingTable(reversed(read))  # where two pairs make one character, the first wins
    table.update((code, chr(code)) for code in range(0x80))
    return table


def _pair_readings(pairs: list[bytes], codec: str) -> list[str]:
    """Each byte pair read by ``codec`` on its own: in one decode, with a newline between the
    pairs (never a trail byte in these codecs, so each piece is one pair's reading; U+FFFD in a
    piece: ``codec`` cannot read that pair)."""
    return b"\n".join(pairs).decode(codec, "replace").split("\n")


def utf8_length(lead: int) -> int:
    """The length of the UTF-8 sequence ``lead`` begins (0: no sequence begins with it)."""
    if lead < 0x80:
        return 1
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0
