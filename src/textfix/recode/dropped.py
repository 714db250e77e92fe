"""What a single-byte code page lost of UTF-8: a byte it dropped (cp1252 leaves 81 8D 8F 90 9D
undefined, and Windows and ``errors="ignore"`` drop them) or an NBSP (A0) that a later step
made a space; and which of them a space after a UTF-8 sequence cut short stands for.

The two leave the same trace: 做 (E5 81 9A) with 81 dropped, then a space, is ``åš `` in
cp1252, and so is 嚠 (E5 9A A0) with its NBSP made a space. The rest of the window tells them
apart where it can (``spaces``): a sequence cut short before anything but a space, or an NBSP
that survived, says bytes were dropped; one of the undefined bytes kept (a C1 control) says
none was. Where it cannot, the NBSP is read only where it is the likelier by a clear margin
(``nbsp_likelier``); otherwise the character is lost, and marked.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from enum import Enum
from itertools import product

from ..plausibility import cost_in_words
from .chain import CP1252_UNDEFINED, GAP


class Spaces(Enum):
    """What a space after a UTF-8 sequence cut short may be, in a window of a line."""

    ANY = "any"  # bytes were dropped, or an NBSP survived: one filling among the others
    WEIGHED = "weighed"  # nothing tells: its NBSP where that is clearly the likelier
    NBSP = "nbsp"  # no byte was dropped: its NBSP, the only filling


_INCOMPLETE_UTF8 = re.compile(rb"[\xc2-\xf4][\x80-\xbf]{0,2}(?![\x80-\xbf])")


def sequence_length(lead: int) -> int:
    return 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4


def spaces(datas: Iterable[bytes]) -> Spaces:
    """What the bytes of a window's units (``datas``, through the wrong code page) tell of the
    spaces after sequences cut short."""
    datas = list(datas)
    if any(_dropping(data) or b"\xa0" in data for data in datas):
        return Spaces.ANY
    if any(byte in data for data in datas for byte in _UNDEFINED):
        return Spaces.NBSP
    return Spaces.WEIGHED


_UNDEFINED = [bytes([byte]) for byte in CP1252_UNDEFINED]


def _dropping(data: bytes) -> bool:
    """Whether a byte was dropped in ``data``: a UTF-8 sequence cut short before anything but a
    space (before a space it may be a character whose NBSP became the space). An NBSP that
    survived says the same of the text: its NBSPs were not made spaces, and a space after a
    sequence cut short is one after a dropped byte (不 码, E4 B8 8D 20 E7 A0 81, is
    "ä¸ ç\\xa0" when cp1252 drops 8D and 81: not 丠 and 砠)."""
    for match in _INCOMPLETE_UTF8.finditer(data):
        cut_short = match.end() - match.start() < sequence_length(data[match.start()])
        if cut_short and data[match.end():match.end() + 1] != b" ":
            return True
    return False


def restored(data: bytes, dropped: bool = True) -> Iterator[bytes]:
    """``data`` with one lost byte restored, every way it may have been: a byte that a
    single-byte code page dropped (one of its undefined bytes; not unless ``dropped``), or an
    NBSP that became a space; or the two bytes it dropped after a lone lead byte of three
    (名, E5 90 8D, is "å")."""
    for match in _INCOMPLETE_UTF8.finditer(data):
        for position in range(match.start() + 1, match.end() + 1):
            if data[position - 1] == 0xC2 or not dropped:
                continue  # C2 and a dropped byte is a C1 control: never what was written
            for byte in CP1252_UNDEFINED:
                yield data[:position] + bytes([byte]) + data[position:]
        if dropped and match.end() - match.start() == 1 and 0xE0 <= data[match.start()] < 0xF0:
            for pair in product(CP1252_UNDEFINED, repeat=2):
                yield data[:match.end()] + bytes(pair) + data[match.end():]
        if data[match.end():match.end() + 1] == b" ":
            yield data[:match.end()] + b"\xa0" + data[match.end() + 1:]


def valid(candidates: list[bytes]) -> list[str]:
    """The candidates that are valid UTF-8, read: one decode for all of them (the candidates
    hold no newline, which is a boundary in any UTF-8)."""
    if not candidates:
        return []
    readings = b"\n".join(candidates).decode("utf-8", "replace").split("\n")
    return [reading for reading in readings if GAP not in reading]


# What a space costs between a Chinese character and the next, in bits: in the dev corpus's
# manual pages, 30,893 of 1,195,118 pairs of Han characters have one between them (5.3 bits:
# prose has far fewer), 52,782 of 105,360 pairs of a Han character and ASCII (1.0 bit).
_SPACE_BEFORE_HAN = 5.3
_SPACE_BEFORE_ASCII = 1.0
# How much likelier the NBSP must read than a dropped byte to be read without a mark: twice.
_NBSP_MARGIN = 1.0


def first_read(data: bytes | None) -> str:
    """The first character that ``data`` (the bytes of the unit after one) reads as in UTF-8,
    or "" where it reads as none: the neighbour beside which an NBSP's reading is costed."""
    first = data.decode("utf-8", "replace")[:1] if data else ""
    return "" if first == GAP else first


def nbsp_likelier(nbsp: str, data: bytes, after: str, following: str) -> bool:
    """Whether ``nbsp`` (the reading of ``data`` with its space an NBSP, followed in the text
    by ``after``, which reads as ``following``) is clearly likelier than the readings with a
    dropped byte and a real space: its cost beside ``following`` against theirs together (the
    log of the sum of their probabilities) and the space's own. A space at the end of a line
    is seldom typed: there, and where no dropped byte makes a character, the NBSP it is."""
    if not after or after in "\r\n":
        return True
    others = [reading.removesuffix(" ") for reading in valid(list(restored(data)))
              if reading != nbsp]
    if not others:
        return True
    own = cost_in_words(nbsp + following) - cost_in_words(following)
    total = 0.0  # summed in order, as the core sums (no compensated sum: the same bits)
    for other in others:
        total += 2.0 ** -cost_in_words(other)
    theirs = -math.log2(total)
    space = _SPACE_BEFORE_ASCII if after.isascii() else _SPACE_BEFORE_HAN
    return theirs + space - own >= _NBSP_MARGIN
