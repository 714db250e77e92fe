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
import re
from dataclasses import dataclass
from functools import cache

from .. import plausibility

# Bytes read to rank the codecs: 64 bytes already reach 100 % on GBK and Big5 paragraphs, and the
# model costs ~60 ns a character, so 1 KB keeps a ranking near 30 µs a codec.
SAMPLE_BYTES = 1024
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
_ASCII = dict.fromkeys(range(128))
_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


@dataclass(frozen=True, slots=True)
class Reading:
    """The text one codec makes of the bytes, and its cost in bits (lower is more plausible)."""

    codec: str
    text: str
    cost: float
    pending: int = 0  # bytes at the end that begin a character cut off

    def per_char(self) -> float:
        """Mean cost of the non-ASCII characters (ASCII reads the same in every codec here)."""
        rest = self.text.translate(_ASCII)
        return plausibility.cost(rest) / len(rest) if rest else 0.0

    def is_chinese(self) -> bool:
        """Made of characters that Chinese text is made of (see ``CHINESE_GATE``)."""
        rest = self.text.translate(_ASCII)
        return bool(rest) and plausibility.cost(rest) <= CHINESE_GATE * len(rest)


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


def _cost(text: str, codec: str) -> float:
    total = plausibility.cost(text)
    if codec in CHINESE:
        total += OUTSIDE_HEARTLAND * len(_outside("gb18030" if codec == "gb18030" else "big5hkscs")
                                         .findall(text))
    return total


def read(data: bytes, codec: str) -> Reading | None:
    """``codec``'s strict reading of ``data`` (a character cut off at the end is allowed and
    costs ``ERROR``), or None if the bytes are invalid in it."""
    decoder = codecs.getincrementaldecoder(codec)()
    try:
        text = decoder.decode(data, final=False)
    except (UnicodeDecodeError, LookupError):
        return None
    pending = len(decoder.getstate()[0])
    if pending and codec.startswith("utf_16") and len(data) % 2:
        return None  # an odd length is no cut-off UTF-16 character, just not UTF-16
    return Reading(codec, text, _cost(text, codec) + ERROR * bool(pending), pending)


def lenient(data: bytes, codec: str) -> Reading:
    """``codec``'s reading with undecodable bytes as U+FFFD, each costing ``ERROR`` extra."""
    text = data.decode(codec, errors="replace")
    return Reading(codec, text, _cost(text, codec) + ERROR * text.count("\ufffd"))


def sample(data: bytes) -> bytes:
    """The bytes the ranking reads: the first ``SAMPLE_BYTES``, cut after a newline when there is
    one near the end (so no character is cut), else where the bytes end."""
    if len(data) <= SAMPLE_BYTES:
        return data
    cut = data.rfind(b"\n", SAMPLE_BYTES // 2, SAMPLE_BYTES)
    return data[: cut + 1] if cut > 0 else data[:SAMPLE_BYTES]


def candidates(data: bytes, extra: tuple[str, ...] = ()) -> list[str]:
    """The codecs worth reading ``data`` with: the GB and Big5 families (cp950 only where
    big5hkscs fails: they differ on few codes), EUC-JP where the GB reading would hold
    kana (GB2312 and EUC-JP share their kana rows), and ``extra``."""
    found = ["gb18030", "big5hkscs"]
    if b"\xa4" in data or b"\xa5" in data:
        found.append("euc_jp")
    found.extend(codec for codec in extra if codec not in found)
    return found


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
    return sorted(readings, key=lambda reading: reading.cost)


def best_lenient(data: bytes) -> Reading:
    """When no codec decodes the bytes strictly: the Chinese reading that costs least with its
    undecodable bytes as U+FFFD (one bad byte should cost one character, not the text)."""
    return min((lenient(data, codec) for codec in ("utf_8", *CHINESE)),
               key=lambda reading: reading.cost)
