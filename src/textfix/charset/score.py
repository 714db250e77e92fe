"""Which Chinese codec reads the bytes most plausibly.

"It decodes" proves little: GB18030 strict-decodes almost any Big5 byte string, and cp950 most
GB2312 ones. So every codec that decodes the bytes is read, and the readings are ranked by
``plausibility.cost`` (the model the mojibake layer uses: real text is made of common
characters), plus a small cost for each Han character outside the codec's own heartland (a GB
reading outside GB2312, a Big5 reading outside Big5's frequent block): real GBK pages are mostly
GB2312 characters and real Big5 pages mostly frequent-block ones, while the wrong reading of the
other's bytes falls anywhere.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
from dataclasses import dataclass
from functools import cache

from textfix.lazy_regex import lazy_compile

from .. import plausibility
from .labels import LENIENT

# Bytes read to rank the codecs (a sample is cut after a newline in its second half, so 128 to
# 256 bytes): 64 bytes already reach 100 % on GBK and Big5 paragraphs, and the model costs
# 60-140 ns a character on a shared machine, so a ranking of one codec stays near 10 µs.
SAMPLE_BYTES = 256
CHINESE = ("gb18030", "big5hkscs", "cp950")
# Bits per Han character outside the codec's heartland. On 4,000 16-byte samples each, it took
# GBK from 99.80 % to 99.93 % right and Big5 from 99.95 % to 99.98 % (3 and 6 bits alike).
OUTSIDE_HEARTLAND = 3.0
# A cut-off last character, or an undecodable byte in a lenient reading, costs what nonsense does.
ERROR = 32.0
# Mean bits per non-ASCII character above which a reading is not taken for Chinese. Real GBK and
# Big5 paragraphs: 99.9 % at or under 12.2 (64 bytes), 11.7 (90 % of 16-byte ones); the wrong
# readings of Korean (EUC-KR) and Japanese (EUC-JP) as GB18030 cost 14.8 and 15.0.
CHINESE_GATE = 13.5


@cache
def _ascii_costs() -> bytes:
    """What plausibility.cost charges each ASCII character (whole bits), as a translation table:
    bytes.translate and sum give the cost of a reading's ASCII part at C speed."""
    return bytes(round(plausibility.char_cost(chr(code))) if code < 128 else 0
                 for code in range(256))


_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
_HAN = lazy_compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True, slots=True)
class Reading:
    """The text one codec makes of the bytes, and its cost in bits (lower is more plausible)."""

    codec: str
    text: str
    cost: float  # the model's cost plus what the codec and the errors add: what ranks readings
    model: float  # plausibility.cost(text) alone
    pending: int = 0  # bytes at the end that begin a character cut off

    def per_char(self) -> float:
        """Mean model cost of the non-ASCII characters (ASCII reads the same in these codecs)."""
        ascii_part = self.text.encode("ascii", "ignore")
        rest = len(self.text) - len(ascii_part)
        if not rest:
            return 0.0
        return (self.model - sum(ascii_part.translate(_ascii_costs()))) / rest

    def is_chinese(self) -> bool:
        """Made of characters that Chinese text is made of (see ``CHINESE_GATE``): all its
        non-ASCII characters, or its Han characters alone when they are most of them and a few
        symbols (© ® ™, 15 bits each) weigh on a short text."""
        if 0.0 < self.per_char() <= CHINESE_GATE:
            return True
        han = "".join(_HAN.findall(self.text))
        rest = len(self.text) - len(self.text.encode("ascii", "ignore"))
        return len(han) >= 2 and 2 * len(han) >= rest \
            and plausibility.cost(han) <= CHINESE_GATE * len(han)


def _heartland(codec: str) -> frozenset[str]:
    """The Han characters a real page in ``codec`` is mostly made of, derived from the codec:
    GB2312 (rows 0xB0-0xF7) for the GB family, Big5's frequent block (0xA440-0xC67E) for Big5."""
    if codec == "gb18030":
        pairs = (bytes((lead, trail)) for lead in range(0xB0, 0xF8) for trail in range(0xA1, 0xFF))
        source = "gb2312"
    else:
        pairs = (bytes((lead, trail)) for lead in range(0xA4, 0xC7)
                 for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF))
                 if 0xA440 <= lead << 8 | trail <= 0xC67E)
        source = "big5hkscs"
    chars = set()
    for pair in pairs:
        try:
            chars.add(pair.decode(source))
        except UnicodeDecodeError:
            continue
    return frozenset(chars)


@cache
def _outside(codec: str) -> re.Pattern[str]:
    """A pattern matching each Han character outside ``codec``'s heartland (one C-speed scan)."""
    inside = _heartland(codec)
    ranges: list[list[int]] = []
    for first, last in _HAN_RANGES:
        for code in range(first, last + 1):
            if chr(code) in inside:
                continue
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    body = "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)
    return re.compile(f"[{body}\U00020000-\U0003ffff]")


def _heartland_cost(text: str, codec: str) -> float:
    if codec not in CHINESE:
        return 0.0
    outside = _outside("gb18030" if codec == "gb18030" else "big5hkscs")
    return OUTSIDE_HEARTLAND * len(outside.findall(text))


def _reading(codec: str, text: str, errors: int, pending: int = 0) -> Reading:
    model = plausibility.cost(text)
    return Reading(codec, text, model + _heartland_cost(text, codec) + ERROR * errors, model,
                   pending)


def read(data: bytes, codec: str) -> Reading | None:
    """``codec``'s strict reading of ``data`` (a character cut off at the end is allowed and
    costs ``ERROR``), or None if the bytes are invalid in it."""
    decoder = codecs.getincrementaldecoder(codec)()
    try:
        text = decoder.decode(data, final=False)
    except (UnicodeError, LookupError):
        return None
    pending = len(decoder.getstate()[0])
    if pending and codec.startswith("utf_16") and len(data) % 2:
        return None  # an odd length is no cut-off UTF-16 character, just not UTF-16
    return _reading(codec, text, bool(pending), pending)


def lenient(data: bytes, codec: str) -> Reading:
    """``codec``'s reading with undecodable bytes as U+FFFD, each costing ``ERROR`` extra."""
    text = data.decode(codec, errors=LENIENT)
    return _reading(codec, text, text.count("\ufffd"))


_HIGH_BYTE = lazy_compile(rb"[\x80-\xff]")


def sample(data: bytes) -> bytes:
    """The bytes the ranking reads: ``SAMPLE_BYTES`` from the line holding the first non-ASCII
    byte (an HTML page's first kilobytes are often ASCII markup, which every codec reads the
    same), cut after a newline when there is one near the end, so no character is cut."""
    if len(data) <= SAMPLE_BYTES:
        return data
    first = _HIGH_BYTE.search(data)
    start = 0 if first is None else data.rfind(b"\n", 0, first.start()) + 1
    if b"\x00" in data[:64]:
        start = 0  # UTF-16/32: a newline byte is half a unit
    part = data[start:start + SAMPLE_BYTES]
    cut = part.rfind(b"\n", SAMPLE_BYTES // 2)
    return part[: cut + 1] if cut > 0 else part


def decodes(data: bytes, codec: str) -> bool:
    """Whether ``codec`` reads ``data`` strictly, a character cut off at the end allowed. One
    C-speed decode, no scoring: the check of a whole document."""
    try:
        codecs.getincrementaldecoder(codec)().decode(data, final=False)
    except (UnicodeError, LookupError):
        return False
    return True


def candidates(data: bytes, extra: tuple[str, ...] = ()) -> list[str]:
    """The codecs worth reading ``data`` with: the GB and Big5 families (cp950 only where
    big5hkscs fails: they differ on few codes), EUC-JP where the GB reading would hold
    kana (GB2312 and EUC-JP share their kana rows), and ``extra``."""
    found = ["gb18030", "big5hkscs"]
    if b"\xa4" in data or b"\xa5" in data:
        found.append("euc_jp")
    found.extend(codec for codec in extra if codec not in found)
    return found


# Readings closer than this (bits) are judged again with the word-pair bonus of the model
# (``plausibility.word_bonus``: 測試 and 默认 are words, 代刚 and 蘇＇ are not), twice as slow as
# the unigram cost, so only where the unigram cost leaves it close. On 7,808 16-byte paragraphs
# each it took Big5 from 99.885 % to 99.936 % right and GBK from 99.923 % to 99.936 %.
CLOSE = 16.0


def _judged(readings: list[Reading]) -> list[Reading]:
    ranked = sorted(readings, key=lambda reading: reading.cost)
    if len(ranked) < 2 or ranked[1].cost - ranked[0].cost >= CLOSE:
        return ranked
    top = [dataclasses.replace(r, cost=r.cost - plausibility.word_bonus(r.text))
           for r in ranked[:2]]
    return sorted(top, key=lambda reading: reading.cost) + ranked[2:]


def rank(data: bytes, extra: tuple[str, ...] = ()) -> list[Reading]:
    """Every strict reading of ``data`` among ``candidates``, most plausible first."""
    readings = []
    for codec in candidates(data, extra):
        # A sample cut after a newline byte may end inside a UTF-16/32 unit: cut it to units.
        part = data[: len(data) - len(data) % 4] if codec.startswith("utf_") else data
        reading = read(part, codec)
        if reading is None and codec == "big5hkscs":
            reading = read(data, "cp950")
        if reading is not None:
            readings.append(reading)
    return _judged(readings)


def best_lenient(data: bytes) -> Reading:
    """When no codec decodes the bytes strictly: the Chinese reading that costs least with its
    undecodable bytes as U+FFFD (one bad byte should cost one character, not the text)."""
    return min((lenient(data, codec) for codec in ("utf_8", *CHINESE)),
               key=lambda reading: reading.cost)
