"""The bytes a strict decoder with ``errors="replace"`` read a line from: each character written
back by the codec that misread it, each U+FFFD an unknown byte (Python's decoders lose exactly
one byte per U+FFFD). ``lossy_replace`` reads them with the true codec."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from ..charclass import class_body
from ..data import model

LOST = "\ufffd"
UNKNOWN = -1  # a byte the wrong decoder wrote U+FFFD for


def bytes_read(line: str, wrong: str) -> list[int] | None:
    """The bytes ``wrong`` read ``line`` from, UNKNOWN for each U+FFFD; None where a character
    is none that ``wrong`` writes."""
    data: list[int] = []
    # The codecs are stateless but where a character needs a look of its own (below): a piece
    # with none is written in one call, and a line with none needs no look at each piece.
    plain = _plain(line, wrong)
    for number, piece in enumerate(line.split(LOST)):
        if number:
            data.append(UNKNOWN)
        try:
            data.extend(piece.encode(wrong) if plain or _plain(piece, wrong)
                        else _written_by_character(piece, wrong))
        except UnicodeEncodeError:
            return None
    return data


def _plain(text: str, wrong: str) -> bool:
    """Whether no character of ``text`` needs a look of its own to be written by ``wrong``."""
    return _looked_at(wrong).search(text) is None


@cache
def _looked_at(wrong: str) -> re.Pattern[str]:
    """The characters ``wrong`` writes with a look of their own, as one class: a search in C,
    where a set's test of each character of a long line was a tenth of the fix fuzzer's."""
    return re.compile(f"[{class_body(_COMBINING_OF_PAIRS | _continuation_pairs(wrong).keys())}]")


_COMBINING_OF_PAIRS = frozenset("\u0304\u030c")  # the marks of HKSCS's pairs: Ê̄ Ê̌ ê̄ ê̌


def _written_by_character(piece: str, wrong: str) -> list[int]:
    """``bytes_read`` of a ``piece`` with no U+FFFD, a character at a time."""
    data: list[int] = []
    index = 0
    while index < len(piece):
        # HKSCS reads four pairs as a letter and a combining mark (88 62 is Ê̄; Ê alone is
        # 88 66).
        pair = _hkscs_pair(piece[index:index + 2]) if wrong == "big5hkscs" else None
        char = piece[index]
        index += 1 if pair is None else 2
        data.extend(pair or _continuation_pairs(wrong).get(char) or char.encode(wrong))
    return data


@cache
def _continuation_pairs(wrong: str) -> dict[str, bytes]:
    """``continuation_pairs`` of ``wrong``: the model's, where it holds the codec's (read in
    microseconds where decoding the 4,096 pairs took 10-20 ms a codec)."""
    if wrong not in model.CONTINUATION_CODECS:
        return continuation_pairs(wrong)
    flat = model.values(model.sections()[f"cont_{wrong}"], 4)
    return {chr(code): pair.to_bytes(2, "big") for code, pair in zip(flat[0::2], flat[1::2],
                                                                      strict=True)}


def continuation_pairs(wrong: str) -> dict[str, bytes]:
    """The characters ``wrong`` reads from a pair of UTF-8 continuation bytes (80-BF) and
    writes as another pair: Big5-HKSCS reads ╪ from A2 A6 (the end of 梦, E6 A2 A6) and from
    F9 EA, and writes F9 EA, which no UTF-8 holds. Read from UTF-8, it was the former."""
    found = {}
    for pair in (bytes([lead, trail]) for lead in range(0x80, 0xC0) for trail in range(0x80, 0xC0)):
        char = decoded_char(pair, wrong)
        if char is not None and char.encode(wrong, "replace") != pair:
            found[char] = pair
    return found


def _hkscs_pair(chars: str) -> bytes | None:
    """The one HKSCS pair that reads as the two ``chars``, or None."""
    if len(chars) < 2 or not unicodedata.combining(chars[1]):
        return None
    try:
        data = chars.encode("big5hkscs")
    except UnicodeEncodeError:
        return None
    return data if len(data) == 2 and len(chars) == 2 else None


def decoded_char(data: bytes, codec: str) -> str | None:
    """The one assigned character ``data`` decodes to strictly, or None."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if len(text) != 1 or unicodedata.category(text) in ("Cn", "Cs", "Co"):
        return None
    return text
