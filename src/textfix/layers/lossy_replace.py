"""Text read by a strict decoder with ``errors="replace"``: what survived read back, a lost
byte filled only where one filling fits.

Two such readings are common, and each is a chain of its own:

* **UTF-8 read as cp1252** (``open(path, encoding="cp1252", errors="replace")``): cp1252 leaves
  the bytes 81 8D 8F 90 9D undefined, and each becomes U+FFFD. ``【`` (E3 80 90) is ``ã€�``.
* **Big5 read as GBK** (``data.decode("gbk", "replace")``): GBK has no characters where Big5
  keeps its punctuation and its most frequent block (A140-A7A0, AAA1-AFFE are GBK's
  user-defined areas), so their lead byte becomes U+FFFD and the byte after it is read afresh.
  ``的`` (AA BA) followed by ``一`` (A4 40) is ``�氦@``.
* **UTF-8 read as Big5** (``data.decode("cp950", "replace")``, or a browser's Big5 decoder):
  half of UTF-8's continuation bytes (80-A0) end no Big5 pair, so such a pair's lead becomes
  U+FFFD, and then the continuation byte itself, which leads no pair. ``显示`` (E6 98 BE E7 A4
  BA) is ``��曄內``. A browser's decoder (the WHATWG Encoding Standard's, with HKSCS's pairs)
  writes one U+FFFD for a bad pair of two non-ASCII bytes.

Python's decoders lose exactly one byte per U+FFFD. ``repair_line`` writes the line back to the
bytes it was read from, the lost ones unknown, and reads them with the true codec, character by
character (``honest_reading``): a character whose bytes all survived comes back; one whose lost
byte has exactly one filling that both the true codec reads and the wrong decoder rejects comes
back too; any other stays one U+FFFD. A line is read so only as a whole: every known byte must
fit the true codec, and the reading must read better than the line. Nothing is guessed, so
nothing is added that the bytes do not hold. With ``lossy="guess"`` (``search.GUESSING``) a
character with several fillings is the one that reads best in context, and says so.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import product

from ..charclass import beyond_ascii
from ..evidence import han_count
from ..plausibility import cost_in_words
from ..recode import MARGIN, WHOLE_AVERAGE, reads_like_chinese
from ..recode.chain import CP1252_UNDEFINED as CP1252_UNDEFINED  # the bytes a U+FFFD stands for
from ..recode.chain import utf8_length
from ..recode.fillings import Filling
from ..recode.search import GUESSING, _cheapest, _in_context
from .lossy_evidence import (
    LONE_GARBLE,
    adds_no_ascii,
    lone_survivor,
    mostly_han,
    no_alphabet_leads,
    rarer_before,
)
from .replaced_bytes import LOST, UNKNOWN, bytes_read, decoded_char

# What a reading is made of: characters read from bytes that all survived (a str), or a
# character that lost bytes, as the fillings that fit it (a tuple: one, several, or none).
Piece = str | tuple[str, ...]

# How many fillings of a character that lost bytes are spelt out, at most: past that (three
# lost bytes and more), it stays lost even when guessing.
_MOST_FILLINGS = 4096
# How many of the other fillings of a guessed character its step names, likeliest first.
_ALTERNATIVES_SHOWN = 8


@dataclass(frozen=True, slots=True)
class LossyChain:
    """Text written in ``true`` and read by Python's ``wrong`` codec with errors="replace"
    (``one_byte``: each U+FFFD stands for one lost byte; a browser's Big5 decoder writes one
    for two bytes as well)."""

    wrong: str
    true: str
    chinese_only: bool  # the reading must read like Chinese (Big5 reads anything as Han)
    one_byte: bool = True

    @property
    def name(self) -> str:
        return f"{self.true} read as {self.wrong}, U+FFFD where bytes were lost"


UTF8_AS_CP1252 = LossyChain("cp1252", "utf-8", chinese_only=False)
BIG5_AS_GBK = LossyChain("gbk", "cp950", chinese_only=True)
UTF8_AS_BIG5 = LossyChain("cp950", "utf-8", chinese_only=True)
UTF8_AS_WEB_BIG5 = LossyChain("big5hkscs", "utf-8", chinese_only=True, one_byte=False)
LOSSY_CHAINS = (UTF8_AS_CP1252, UTF8_AS_BIG5, UTF8_AS_WEB_BIG5, BIG5_AS_GBK)


def repair_lines(lines: Iterable[tuple[int, str]]) -> dict[int, tuple[str, str, float]]:
    """{offset: (the repaired line, the chain undone, bits saved)} for the ``lines`` of a text
    (each line's offset and the line) that a lossy chain reads whole (``repair_line``)."""
    fixed = {}
    lines = list(lines)
    for offset, line in lines:
        repaired = repair_line(line)
        if repaired is not None:
            fixed[offset] = repaired
    # UTF-8 read as Big5 may lose every character of a line (启用, E5 90 AF E7 94 A8, is
    # ��舐��): on a page that other lines show garbled so, the bytes that survived are
    # evidence enough, where the reading adds no ASCII (a line a repair left, �人�雨�, is no
    # such garble: 人 is A4 48, an H); a line alone is left as it is.
    read = frozenset(chain for chain in (UTF8_AS_BIG5, UTF8_AS_WEB_BIG5)
                     if any(name == chain.name for _, name, _ in fixed.values()))
    for offset, line in lines if read else ():
        if offset not in fixed:
            found = _repaired(line, read)
            if found is not None:
                fixed[offset] = found[:3]
    return fixed


def repair_line(line: str) -> tuple[str, str, float] | None:
    """(``line`` read back through the first lossy chain that reads it whole, the chain's name,
    bits saved), or None. Only a line with a U+FFFD is looked at, or one a browser's Big5
    decoder lost nothing of: the strict chains read the rest."""
    found = _repaired(line)
    return None if found is None else found[:3]


def line_fillings(line: str) -> list[Filling]:
    """Where ``repair_line``'s reading of ``line`` filled in lost bytes, for its explanation:
    each character restored (the only filling that fits) or guessed (with the next likeliest)."""
    found = _repaired(line)
    return [] if found is None else found[3]


def _repaired(line: str, all_lost: frozenset[LossyChain] = frozenset()
              ) -> tuple[str, str, float, list[Filling]] | None:
    """``repair_line``'s reading and its fillings; with ``all_lost``, those chains' readings
    of a line that keeps no character are taken as well."""
    if line.isascii():
        return None
    # A line of a page a browser read as Big5 may have lost nothing: no strict chain reads
    # HKSCS's pairs (䲰 in 憭扳䲰, 大於), so this one does, by the margin.
    lossless = LOST not in line
    guess = GUESSING.get()
    for chain in LOSSY_CHAINS:
        if lossless and chain != UTF8_AS_WEB_BIG5:
            continue
        pieces = honest_pieces(line, chain, guess)
        if pieces is None:
            continue
        reading, filled = resolved(pieces, guess, _rare_mark if chain == BIG5_AS_GBK else None)
        if reading == line:
            continue
        gain = cost_in_words(line.replace(LOST, "")) - cost_in_words(reading.replace(LOST, ""))
        letters = _letters(reading)
        # No margin: the losses are evidence already (a decoder wrote U+FFFD where the true
        # codec reads every byte that survived), and a title of three characters saves little.
        if not letters and not ((chain in all_lost and adds_no_ascii(line, reading))
                                or _garbled_through(line, chain, reading)):
            continue
        # Whether one garble-rare character survived and reads back alone is told of what the
        # bytes hold, guessing or not.
        lone = chain == BIG5_AS_GBK and lone_survivor(
            line, _letters(resolved(pieces, guess=False)[0]) if guess else letters)
        if (gain <= 0 and not lone) \
                or (lossless and (gain < MARGIN or not han_count(letters))):
            continue  # a line a browser read whole as Big5 was Chinese: 瞻熉座 is no ¤⼮y
        # GBK reads Big5 as letters of its rows, a little of each; UTF-8 read back from Big5
        # is Chinese (what survived of Chinese read as Big5 is no ƨȶ, no ƸѽX).
        alphabets = no_alphabet_leads(line) if chain.wrong == "gbk" else mostly_han(letters)
        # On a page other lines show read so, a line with a marker need not read commoner than
        # its garble: its few survivors may not (發生 I/O 錯誤. is �潛� I/O �航炊., and 誤 is
        # rarer than 潛, 航 and 炊 on average).
        paged = chain in all_lost and LOST in line
        if chain.chinese_only and not (alphabets
                                       and reads_like_chinese(letters, WHOLE_AVERAGE)
                                       and (paged or lone or rarer_before(line, letters))):
            continue
        return reading, chain.name, gain, filled
    return None


def _letters(reading: str) -> str:
    return beyond_ascii(reading).replace(LOST, "")


# A line of UTF-8 read as Big5 that keeps no character is still read on its own where what
# survived is this many characters beyond ASCII, as rare on average as such garble is (閫甇銁𤑳:
# 15 bits a character and more, where Chinese text costs 9 or 10).
_GARBLE_CHARS = 2


def _garbled_through(line: str, chain: LossyChain, reading: str) -> bool:
    if chain not in (UTF8_AS_BIG5, UTF8_AS_WEB_BIG5):
        return False
    kept = beyond_ascii(line).replace(LOST, "")
    if len(kept) < _GARBLE_CHARS:
        # A title of which one character survived beside the markers (-h ���隞�, -h 文件;
        # 敺� CPAN, 從 whose last byte was lost): where it is as rare as such garble is, and the
        # reading adds nothing else (涵, B2 5B, would leave a "[").
        return bool(kept) and LOST in line \
            and cost_in_words(kept) >= LONE_GARBLE * len(kept) \
            and adds_no_ascii(line, reading)
    return not reads_like_chinese(kept, WHOLE_AVERAGE)


def honest_reading(line: str, chain: LossyChain) -> str | None:
    """``line`` read back through ``chain`` character by character (see the module's text);
    None where a byte that survived does not fit the true codec, or a character cannot have
    come from the wrong decoder."""
    pieces = honest_pieces(line, chain)
    return None if pieces is None else resolved(pieces, guess=False)[0]


def honest_pieces(line: str, chain: LossyChain, guess: bool = False) -> list[Piece] | None:
    """``line`` read back through ``chain``: what survived and the fillings of each character
    that lost bytes (where two bytes or more were lost from UTF-8 read as Big5, only when
    ``guess``: such a character has hundreds); None where the line is no text of the
    chain's."""
    data = bytes_read(line, chain.wrong)
    if data is None:
        return None
    if chain.true != "utf-8":
        return _read_big5(data, guess)
    if chain.wrong == "cp1252":
        return _read_utf8(data)
    return _read_utf8_from_big5(data, chain, guess)


# --- resolving the fillings -----------------------------------------------------------------


def resolved(pieces: Sequence[Piece], guess: bool,
             extra: Callable[[str], float] | None = None) -> tuple[str, list[Filling]]:
    """The reading of ``pieces`` (here and in ``lossy_gbk``), and where it filled in lost
    bytes: a character with one filling is that filling; one with several is U+FFFD, unless
    ``guess``: then the one that reads best with its neighbours (``search._in_context``), the
    others its alternatives."""
    options: list[list[str] | None] = [
        [piece] if isinstance(piece, str)
        else list(piece) if len(set(piece)) == 1 or (guess and piece) else [LOST]
        for piece in pieces]
    befores = [options_[0] if options_ else LOST for options_ in options]
    chosen = _in_context(options, befores, extra) if guess else befores
    filled: list[Filling] = []
    position = 0
    for piece, char in zip(pieces, chosen, strict=True):
        assert char is not None
        if not isinstance(piece, str) and char != LOST:
            others = [] if len(set(piece)) == 1 else [
                option for option in _cheapest(list(dict.fromkeys(piece))) if option != char]
            filled.append(Filling(position, char, tuple(others[:_ALTERNATIVES_SHOWN])))
        position += len(char)
    return "".join(char or "" for char in chosen), filled


# What a mark of Big5's first rows costs beyond the model's cost of it, where a lost lead byte
# makes it one filling among Han characters (了 or ；, 你 or ，, 列 or 。): the model costs every
# CJK mark alike, where only ，。、 are common and a hundred others share the rows.
_MARK_GUESSED = 4.0


def _rare_mark(char: str) -> float:
    return _MARK_GUESSED if char not in _COMMON_MARKS and not char.isascii() \
        and unicodedata.category(char)[0] in "PSZ" else 0.0


_COMMON_MARKS = frozenset("，。、")


# --- UTF-8 read as cp1252 -------------------------------------------------------------------


def _read_utf8(data: list[int]) -> list[Piece] | None:
    pieces: list[Piece] = []
    index = 0
    while index < len(data):
        # A byte cp1252 leaves undefined is a continuation byte: it never begins a sequence.
        length = 0 if data[index] == UNKNOWN else utf8_length(data[index])
        sequence = tuple(data[index:index + length])
        if not length or len(sequence) < length:
            return None
        fillings = _utf8_fillings(sequence)
        if not fillings:
            return None
        pieces.append(fillings[0] if UNKNOWN not in sequence else fillings)
        index += length
    return pieces


@cache
def _utf8_fillings(sequence: tuple[int, ...]) -> tuple[str, ...]:
    """The characters the UTF-8 ``sequence`` can be, each lost byte one cp1252 leaves
    undefined."""
    options: list[tuple[int, ...]] = [CP1252_UNDEFINED if byte == UNKNOWN else (byte,)
                                      for byte in sequence]
    found = []
    for filled in product(*options):
        char = decoded_char(bytes(filled), "utf-8")
        if char is not None:
            found.append(char)
    return tuple(found)


# --- UTF-8 read as Big5 ---------------------------------------------------------------------


def _read_utf8_from_big5(data: list[int], chain: LossyChain, guess: bool
                         ) -> list[Piece] | None:
    """``data`` read as UTF-8: every character whose bytes all survived, and for each damaged
    stretch (a sequence cut short, the lost bytes, the continuation bytes they orphaned) the
    fillings that make it whole; None where a byte that survived breaks UTF-8 away from the
    losses."""
    pieces: list[Piece] = []
    index = 0
    while index < len(data):
        length = _complete_at(data, index)
        if length:
            pieces.append(bytes(data[index:index + length]).decode("utf-8"))
            index += length
            continue
        end = _damaged_end(data, index)
        if end is None:
            return None
        after = data[end] if end < len(data) else _NO_BYTE
        pieces.append(_big5_lost_fillings(tuple(data[index:end]), after, chain, guess))
        index = end
    return pieces


def _complete_at(data: list[int], index: int) -> int:
    """The length of the complete UTF-8 character at ``index`` (0: none there)."""
    length = utf8_length(data[index]) if data[index] != UNKNOWN else 0
    sequence = data[index:index + length]
    if not length or len(sequence) < length or UNKNOWN in sequence:
        return 0
    return length if decoded_char(bytes(sequence), "utf-8") is not None else 0


def _damaged_end(data: list[int], index: int) -> int | None:
    """Where the damaged stretch at ``index`` ends (the next complete character or the end):
    a sequence cut short, then lost bytes, each run of them followed by at most three
    continuation bytes they orphaned and perhaps another sequence cut short by the next run;
    None where the bytes are no such stretch."""
    position, size = index, len(data)
    while True:
        position = _cut_short_end(data, position)
        if position >= size or data[position] != UNKNOWN:
            return None  # a sequence cut short where no byte was lost
        while position < size and data[position] == UNKNOWN:
            position += 1
        orphans = 0
        while position < size and 0x80 <= data[position] < 0xC0 and orphans < 3:
            position += 1
            orphans += 1
        if position >= size or _complete_at(data, position):
            return position
        if data[position] != UNKNOWN and not 0xC2 <= data[position] <= 0xF4:
            return None


def _cut_short_end(data: list[int], index: int) -> int:
    """After the start of a UTF-8 sequence at ``index`` missing bytes (none there: ``index``)."""
    length = utf8_length(data[index]) if data[index] != UNKNOWN else 0
    if length < 2:
        return index
    end = index + 1
    while end < len(data) and end - index < length - 1 and 0x80 <= data[end] < 0xC0:
        end += 1
    return end


@lru_cache(maxsize=1 << 14)
def _big5_lost_fillings(stretch: tuple[int, ...], after: int, chain: LossyChain, guess: bool
                        ) -> tuple[str, ...]:
    """The readings of a damaged ``stretch`` (followed by the byte ``after``) with each lost
    byte filled so that the stretch is whole UTF-8 and the wrong decoder fails at each lost
    byte; () where a decoder's U+FFFD may stand for two bytes, or too many fill it."""
    if not chain.one_byte or (not guess and (stretch.count(UNKNOWN) > 1
                                             or _maybe_two_bytes(stretch, after))):
        return ()
    options: list[Sequence[int]] = [range(0x80, 0x100) if byte == UNKNOWN else (byte,)
                                    for byte in stretch]
    total = 1
    for option in options:
        total *= len(option)
    if total > _MOST_FILLINGS * 32:
        return ()
    fails = _big5_fails(chain.wrong)
    found: list[str] = []
    for filled in _utf8_shaped(stretch):
        if all(fails[byte][filled[position + 1] if position + 1 < len(filled) else after]
               for position, byte in enumerate(filled) if stretch[position] == UNKNOWN):
            text = _decoded_text(bytes(filled), "utf-8")
            if text is not None:
                found.append(text)
                if len(found) > _MOST_FILLINGS:
                    return ()
    return tuple(dict.fromkeys(found))


def _maybe_two_bytes(stretch: tuple[int, ...], after: int) -> bool:
    """Whether a U+FFFD of ``stretch`` (followed by the byte ``after``) comes before a byte
    beyond ASCII: a browser's Big5 decoder writes one there for a lead byte and that byte both,
    so one filling of one byte is one of many. (Read as Python's cp950 reads, the browser's
    ``�航`` of 可, E5 8F AF E8, is ``ȯ航``: C8 is the one byte cp950 fails at before AF. In the
    accuracy benchmark's lines and pages, ``--limit 250``, 13 such fillings were made, each of
    a browser's text and wrong, none of cp950's.)"""
    following = [*stretch[1:], after]
    return any(byte == UNKNOWN and 0x80 <= next_byte < _NO_BYTE
               for byte, next_byte in zip(stretch, following, strict=True))


def _utf8_shaped(stretch: tuple[int, ...]) -> Iterable[tuple[int, ...]]:
    """Every filling of the lost bytes of ``stretch`` that gives whole UTF-8 sequences, each
    lost byte a lead where a sequence begins and a continuation byte inside one."""
    if not stretch:
        yield ()
        return
    first = stretch[0]
    leads = [first] if first != UNKNOWN else range(0xC2, 0xF5)
    for lead in leads:
        length = utf8_length(lead)
        if length < 2 or length > len(stretch):
            continue
        middle = [(byte,) if byte != UNKNOWN else _CONTINUATIONS
                  for byte in stretch[1:length]]
        if any(not 0x80 <= option[0] < 0xC0 for option in middle):
            continue
        for rest in _utf8_shaped(stretch[length:]):
            for inner in product(*middle):
                yield (lead, *inner, *rest)


_CONTINUATIONS = tuple(range(0x80, 0xC0))
_NO_BYTE = 256  # after the last byte


@cache
def _big5_fails(codec: str) -> tuple[tuple[bool, ...], ...]:
    """[byte][next byte or _NO_BYTE]: whether Python's ``codec`` writes U+FFFD for ``byte``
    when ``next`` follows it (a byte that leads no pair, or leads none with ``next``)."""
    table = []
    for byte in range(256):
        row = [decoded_char(bytes([byte, following]), codec) is None
               for following in range(256)]
        row.append(byte >= 0x80)  # a lead byte at the end
        table.append(tuple(row))
    return tuple(table)


# --- Big5 read as GBK -----------------------------------------------------------------------

_BIG5_CODECS = ("cp950", "big5hkscs")  # cp950 first, HKSCS for the pairs it leaves undefined


def _read_big5(data: list[int], guess: bool = False) -> list[Piece] | None:
    pieces: list[Piece] = []
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
        if lead == UNKNOWN and trail == UNKNOWN:
            # Both bytes lost: nothing to read, but when guessing, the characters whose lead
            # and trail GBK both fails at (的, AA BA, before a space or at the end).
            pieces.append(_both_lost_fillings(after) if guess else ())
        else:
            fillings = _big5_fillings(lead, trail, after)
            if not fillings:
                return None
            pieces.append(fillings[0] if UNKNOWN not in (lead, trail) else fillings)
        index += 2
    return pieces

@cache
def _big5_fillings(lead: int, trail: int, after: int) -> tuple[str, ...]:
    """The characters the Big5 pair (``lead``, ``trail``) can be, followed by the byte
    ``after``: a lost byte is one at which GBK failed, given the byte after it."""
    if lead != UNKNOWN and trail != UNKNOWN:
        char = _big5_char(bytes([lead, trail]))
        return (char,) if char is not None else ()
    if lead == trail:
        return ()  # both lost: the caller marks the character lost without asking
    found = []
    for byte in range(0x80, 0x100):
        pair = (byte, trail) if lead == UNKNOWN else (lead, byte)
        following = trail if lead == UNKNOWN else after
        if not _gbk_fails_at(byte, following):
            continue
        char = _big5_char(bytes(pair))
        if char is not None:
            found.append(char)
    return tuple(found)


@cache
def _both_lost_fillings(after: int) -> tuple[str, ...]:
    """The characters a Big5 pair both of whose bytes GBK failed at can be, followed by the
    byte ``after``: each a U+FFFD of its own, the trail a byte beyond ASCII (ASCII survives)."""
    found = []
    for lead in range(0x81, 0xFF):
        for trail in range(0x80, 0xFF):
            if _gbk_fails_at(lead, trail) and _gbk_fails_at(trail, after):
                char = _big5_char(bytes([lead, trail]))
                if char is not None:
                    found.append(char)
    return tuple(found)


def _big5_char(pair: bytes) -> str | None:
    for codec in _BIG5_CODECS:
        char = decoded_char(pair, codec)
        if char is not None:
            return char
    return None


def _gbk_fails_at(byte: int, following: int) -> bool:
    """Whether Python's GBK decoder writes U+FFFD for ``byte`` followed by ``following``
    (_NO_BYTE: the end; UNKNOWN: a lost byte, which any pair may have hidden)."""
    if following == UNKNOWN:
        return True
    data = bytes([byte]) if following == _NO_BYTE else bytes([byte, following])
    return decoded_char(data, "gbk") is None


# --- shared ---------------------------------------------------------------------------------


def _decoded_text(data: bytes, codec: str) -> str | None:
    """``data`` decoded strictly into assigned characters, or None."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if any(unicodedata.category(char) in ("Cn", "Cs", "Co") for char in text):
        return None
    return text
