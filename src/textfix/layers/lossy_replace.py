"""Text read by a strict decoder with ``errors="replace"``: what survived read back, a lost
byte filled only where one filling fits.

Two such readings are common, and each is a chain of its own:

* **UTF-8 read as cp1252** (``open(path, encoding="cp1252", errors="replace")``): cp1252 leaves
  the bytes 81 8D 8F 90 9D undefined, and each becomes U+FFFD. ``【`` (E3 80 90) is ``ã€�``.
* **Big5 read as GBK** (``data.decode("gbk", "replace")``): GBK has no characters where Big5
  keeps its punctuation and its most frequent block (A140-A7A0, AAA1-AFFE are GBK's
  user-defined areas), so their lead byte becomes U+FFFD and the byte after it is read afresh.
  ``的`` (AA BA) followed by ``一`` (A4 40) is ``�氦@``.

Both decoders lose exactly one byte per U+FFFD. ``repair_line`` writes the line back to the
bytes it was read from, the lost ones unknown, and reads them with the true codec, character by
character (``honest_reading``): a character whose bytes all survived comes back; one whose lost
byte has exactly one filling that both the true codec reads and the wrong decoder rejects comes
back too; any other stays one U+FFFD. A line is read so only as a whole: every known byte must
fit the true codec, and the reading must read better than the line. Nothing is guessed, so
nothing is added that the bytes do not hold.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import product

from ..evidence import letter_script
from ..plausibility import cost_in_words
from ..recode import WHOLE_AVERAGE, reads_like_chinese
from ..recode.chain import CP1252_UNDEFINED as CP1252_UNDEFINED  # the bytes a U+FFFD stands for

LOST = "\ufffd"
_UNKNOWN = -1  # a byte the wrong decoder wrote U+FFFD for


@dataclass(frozen=True, slots=True)
class LossyChain:
    """Text written in ``true`` and read by Python's ``wrong`` codec with errors="replace"."""

    wrong: str
    true: str
    chinese_only: bool  # the reading must read like Chinese (Big5 reads anything as Han)

    @property
    def name(self) -> str:
        return f"{self.true} read as {self.wrong}, U+FFFD where bytes were lost"


UTF8_AS_CP1252 = LossyChain("cp1252", "utf-8", chinese_only=False)
BIG5_AS_GBK = LossyChain("gbk", "cp950", chinese_only=True)
LOSSY_CHAINS = (UTF8_AS_CP1252, BIG5_AS_GBK)


def repair_lines(lines: Iterable[tuple[int, str]]) -> dict[int, tuple[str, str, float]]:
    """{offset: (the repaired line, the chain undone, bits saved)} for the ``lines`` of a text
    (each line's offset and the line) that a lossy chain reads whole (``repair_line``)."""
    fixed = {}
    for offset, line in lines:
        repaired = repair_line(line)
        if repaired is not None:
            fixed[offset] = repaired
    return fixed


def repair_line(line: str) -> tuple[str, str, float] | None:
    """(``line`` read back through the first lossy chain that reads it whole, the chain's name,
    bits saved), or None. Only a line with a U+FFFD is looked at: without a loss, the strict
    chains read it."""
    if LOST not in line or line.isascii():
        return None
    for chain in LOSSY_CHAINS:
        reading = honest_reading(line, chain)
        if reading is None or reading == line:
            continue
        gain = cost_in_words(line.replace(LOST, "")) - cost_in_words(reading.replace(LOST, ""))
        letters = "".join(char for char in reading if not char.isascii() and char != LOST)
        # No margin: the losses are evidence already (a decoder wrote U+FFFD where the true
        # codec reads every byte that survived), and a title of three characters saves little.
        if not letters or gain <= 0:
            continue
        if chain.chinese_only and not (_from_gbk_rows(line)
                                       and reads_like_chinese(letters, WHOLE_AVERAGE)):
            continue
        return reading, chain.name, gain
    return None


def _from_gbk_rows(line: str) -> bool:
    """Whether the letters of ``line`` beyond ASCII look like GBK's reading of Big5: no one
    alphabet the most of them (GBK reads Big5 as Han, kana, Greek and Cyrillic from its rows, a
    little of each; Ру��кий is Russian, América holds GBK's é and is Spanish)."""
    letters = Counter(letter_script(char) for char in line if not char.isascii()
                      and char.isalpha())
    total = sum(letters.values())
    return all(count * 2 <= total for script, count in letters.items() if script != "han")


def honest_reading(line: str, chain: LossyChain) -> str | None:
    """``line`` read back through ``chain`` character by character (see the module's text);
    None where a byte that survived does not fit the true codec, or a character cannot have
    come from the wrong decoder."""
    data = _bytes_read(line, chain.wrong)
    if data is None:
        return None
    read = _read_utf8 if chain.true == "utf-8" else _read_big5
    return read(data)


def _bytes_read(line: str, wrong: str) -> list[int] | None:
    """The bytes ``wrong`` read ``line`` from, _UNKNOWN for each U+FFFD; None where a character
    is none that ``wrong`` writes."""
    data: list[int] = []
    for char in line:
        if char == LOST:
            data.append(_UNKNOWN)
            continue
        try:
            data.extend(char.encode(wrong))
        except UnicodeEncodeError:
            return None
    return data


# --- UTF-8 read as cp1252 -------------------------------------------------------------------


def _utf8_length(lead: int) -> int:
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


def _read_utf8(data: list[int]) -> str | None:
    pieces: list[str] = []
    index = 0
    while index < len(data):
        # A byte cp1252 leaves undefined is a continuation byte: it never begins a sequence.
        length = 0 if data[index] == _UNKNOWN else _utf8_length(data[index])
        sequence = tuple(data[index:index + length])
        if not length or len(sequence) < length:
            return None
        fillings = _utf8_fillings(sequence)
        if not fillings:
            return None
        pieces.append(_one_or_lost(fillings))
        index += length
    return "".join(pieces)


@cache
def _utf8_fillings(sequence: tuple[int, ...]) -> tuple[str, ...]:
    """The characters the UTF-8 ``sequence`` can be, each lost byte one cp1252 leaves
    undefined."""
    options: list[tuple[int, ...]] = [CP1252_UNDEFINED if byte == _UNKNOWN else (byte,)
                                      for byte in sequence]
    found = []
    for filled in product(*options):
        char = _decoded(bytes(filled), "utf-8")
        if char is not None:
            found.append(char)
    return tuple(found)


# --- Big5 read as GBK -----------------------------------------------------------------------

_BIG5_CODECS = ("cp950", "big5hkscs")  # cp950 first, HKSCS for the pairs it leaves undefined
_NO_BYTE = 256  # after the last byte


def _read_big5(data: list[int]) -> str | None:
    pieces: list[str] = []
    index = 0
    while index < len(data):
        lead = data[index]
        if 0 <= lead < 0x80:
            pieces.append(chr(lead))
            index += 1
            continue
        if index + 1 >= len(data):
            return None  # a lead byte at the end: no Big5 text ends so
        trail = data[index + 1]
        after = data[index + 2] if index + 2 < len(data) else _NO_BYTE
        if lead == _UNKNOWN and trail == _UNKNOWN:
            pieces.append(LOST)  # both bytes lost: nothing to read
        else:
            fillings = _big5_fillings(lead, trail, after)
            if not fillings:
                return None
            pieces.append(_one_or_lost(fillings))
        index += 2
    return "".join(pieces)


@cache
def _big5_fillings(lead: int, trail: int, after: int) -> tuple[str, ...]:
    """The characters the Big5 pair (``lead``, ``trail``) can be, followed by the byte
    ``after``: a lost byte is one at which GBK failed, given the byte after it."""
    if lead != _UNKNOWN and trail != _UNKNOWN:
        char = _big5_char(bytes([lead, trail]))
        return (char,) if char is not None else ()
    if lead == trail:
        return ()  # both lost: the caller marks the character lost without asking
    found = []
    for byte in range(0x80, 0x100):
        pair = (byte, trail) if lead == _UNKNOWN else (lead, byte)
        following = trail if lead == _UNKNOWN else after
        if not _gbk_fails_at(byte, following):
            continue
        char = _big5_char(bytes(pair))
        if char is not None:
            found.append(char)
    return tuple(found)


def _big5_char(pair: bytes) -> str | None:
    for codec in _BIG5_CODECS:
        char = _decoded(pair, codec)
        if char is not None:
            return char
    return None


def _gbk_fails_at(byte: int, following: int) -> bool:
    """Whether Python's GBK decoder writes U+FFFD for ``byte`` followed by ``following``
    (_NO_BYTE: the end; _UNKNOWN: a lost byte, which any pair may have hidden)."""
    if following == _UNKNOWN:
        return True
    data = bytes([byte]) if following == _NO_BYTE else bytes([byte, following])
    return _decoded(data, "gbk") is None


# --- shared ---------------------------------------------------------------------------------


def _one_or_lost(fillings: tuple[str, ...]) -> str:
    """The character where the fillings agree on one, U+FFFD otherwise. (Hook: a guessing mode,
    ``lossy="guess"``, would rank ``fillings`` here instead.)"""
    return fillings[0] if len(set(fillings)) == 1 else LOST


def _decoded(data: bytes, codec: str) -> str | None:
    """The one assigned character ``data`` decodes to strictly, or None."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if len(text) != 1 or unicodedata.category(text) in ("Cn", "Cs", "Co"):
        return None
    return text
