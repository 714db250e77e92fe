"""UTF-8 read by a lossy GBK decoder: what survived read back, what was lost marked.

Two decoders read UTF-8 as GBK and lose bytes doing it:

* Windows' cp936 with its lossy flags drops a byte that begins no character (a lead byte before
  an ASCII one), and reads 80 as the euro sign: ``检`` (E6 A3 80) is ``妫€``, and ``。`` before a
  line break (E3 80 82 0A) is ``銆`` and the break;
* a browser's gbk decoder (the WHATWG Encoding Standard's gb18030) writes U+FFFD for such a lead
  byte and keeps the ASCII byte (``銆�`` and the break); it too reads 80 as the euro sign, and
  decodes GB18030's four-byte sequences.

The mojibake layer repairs most of such a line run by run (the chains' GBK is cp936's, so
``妫€`` reads back as any pair does); what it leaves is garble around the losses.
``repair_line`` reads the line's bytes back as UTF-8 the honest way, character by character: a
character whose bytes all survived comes back, one U+FFFD stands for the characters whose bytes
were lost (one missing byte of a three-byte character leaves 64 fillings: none is guessed), and
the layer's own repairs stay wherever it made them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple, cast

from ..charclass import HAN, beyond_ascii
from ..evidence import added_scripts
from ..lazy_regex import lazy_compile
from ..plausibility import SHORT_TEXT, cost_in_words, worst
from ..recode import WHOLE_AVERAGE, Chain, Repair, reads_like_chinese
from ..recode.chain import encode, utf8_length
from ..recode.fillings import Filling
from ..recode.search import GUESSING, _windows_readings
from .cp936_drops import NO_BYTE, dropped_fillings, lost_pair_fillings
from .garbled_page import Found, lines_read, with_other_lines
from .lossy_replace import Piece, resolved

_LOST = "\ufffd"
_MARKER = 0xFF  # a byte no UTF-8 holds: where a decoder wrote U+FFFD
# What a character left where a lossy GBK decoder cut a UTF-8 one short costs at least, in a
# line garbled through (_COVERED): 是 (E6 98 AF) before a space is 鏄 (15.1 bits) and a dropped
# AF, 的 is 鐨 (14.6), 中 is 涓 (13.4), 。 is 銆 (14.3); clean text seldom has a character so
# rare whose GBK bytes are a UTF-8 sequence cut short before the ASCII byte after it.
_GARBLE_LIKE = 13.0
# A line all of whose non-ASCII is UTF-8 a lossy GBK decoder left, this many read back, is
# garbled through, however little the runs read: clean GBK read as UTF-8 is mostly stray bytes.
_READ_THROUGH = 2
_ALL_LOST = 3  # characters cut short, where nothing else reads back (涓 缂 鐮 is 不 编 码)
# How much of a line's non-ASCII text the layer's own UTF-8-read-as-GBK repairs must cover for
# the rest to be read so too: the line is garbled through, and what is left is its losses.
_COVERED = 0.5


class Unit(NamedTuple):
    """Characters ``start:end`` of a line, and their honest reading (None: their bytes are no
    UTF-8 that a lossy decoder left, and they stay as they are). A named tuple: a line has a
    unit every character or two, and a frozen dataclass took twice as long to make."""

    start: int
    end: int
    reading: str | None


def repair_lines(text: str, found: Sequence[Found], done: Mapping[int, object]
                 ) -> tuple[Sequence[Found], dict[int, tuple[str, str, float]]]:
    """(``found``, and every other line of ``text`` that is not ASCII where the page is read
    so; {offset: (the repaired line, the chain undone, bits saved)} for the lines of it
    (``found``: each line's offset, the line, and the layer's own repairs of it) not in
    ``done`` that ``repair_line`` reads)."""
    fixed = lines_read(found, done, repair_line)
    # On a page that other lines show read by a lossy GBK decoder, a line that reads through
    # is read so though it holds no marker (cp936 leaves none), the layer read none of it and
    # it has no trigger of its own: ``ELF 鐩磋鍣 鏄 鐩閷.`` (ELF 直譯器 是 目錄.).
    if not fixed and not any(_utf8_read_as_gbk(chain)
                             for *_, repairs in found for _, chain in repairs):
        return found, fixed
    found = with_other_lines(text, found)
    guess = GUESSING.get()
    for offset, line, latin, repairs in found:
        if offset not in done and offset not in fixed and latin is None and not repairs:
            read = _read(line, repairs, guess, page=True)
            if read is not None:
                fixed[offset] = (read[0], _CHAIN_NAME, read[1])
    return found, fixed


def repair_line(line: str, repairs: Sequence[tuple[Repair, Chain]]
                ) -> tuple[str, str, float] | None:
    """(``line`` with what the layer's ``repairs`` left read back honestly, the chain, bits
    saved) where those repairs read UTF-8 from GBK in most of the line (_COVERED), or the line
    reads through (``_reads_through``; where the layer read none of it, with a loss marker in
    it); None otherwise, or where the honest reading adds nothing. With
    ``lossy="guess"`` a character cp936 cut short is the filling that reads best in context."""
    read = _read(line, repairs, GUESSING.get())
    return None if read is None else (read[0], _CHAIN_NAME, read[1])


def reads_alone(line: str) -> bool:
    """Whether ``repair_line`` reads ``line`` where the layer repaired none of it (where
    ``_read``'s first tell, a long line with no marker, is not already told)."""
    short_or_marked = len(line) <= SHORT_TEXT or _LOST in line or "?" in line
    return short_or_marked and _read(line, [], GUESSING.get()) is not None


def line_fillings(line: str, repairs: Sequence[tuple[Repair, Chain]]) -> list[Filling]:
    """Where ``repair_line`` filled in bytes cp936 dropped (guessing), for its explanation."""
    guess = GUESSING.get()
    read = _read(line, repairs, guess) or _read(line, repairs, guess, page=True)
    return [] if read is None else read[2]


_CHAIN_NAME = "utf-8 read as gbk, lossy (U+FFFD where bytes were lost)"


def _read(line: str, repairs: Sequence[tuple[Repair, Chain]], guess: bool, page: bool = False
          ) -> tuple[str, float, list[Filling]] | None:
    """``repair_line``'s reading, bits saved and fillings (``page``: other lines of the text
    were read so, which stands for a marker of a loss in this one)."""
    ours = [repair for repair, chain in repairs if _utf8_read_as_gbk(chain)]
    if not ours and repairs:
        return None  # only another chain's repairs
    if not repairs and not page and _LOST not in line and "?" not in line \
            and len(line) > SHORT_TEXT:
        return None  # a long line with no marker, that the layer read nothing of: too rare
    taken = sorted((repair.start, repair.end, repair.after) for repair, _ in repairs)
    left = _outside(line, taken)
    # A repair that read a euro sign as 80 where it was A2 E3 (``line_bytes``) made a character
    # of the wrong bytes: its characters are read again here.
    moved = _moved_euros(line)
    if moved:
        taken = [repair for repair in taken
                 if not any(repair[0] <= at < repair[1] for at in moved)]
    if left.isascii() and not moved:
        return None  # the layer read every character that is not ASCII: nothing is left
    if not ours and (_first_unit_reads_no_way(line)
                     or (len(line) > _PIECE and not _every_unit_reads(line))):
        return None  # a clean line told early, where _cut reads all of it first
    non_ascii = len(beyond_ascii(line))
    cut = _cut(line)
    if cut is None:
        return None
    units: list[Unit] = []
    if ours:
        units += _units(line, *cut)
        through = _reads_through(line, units, page)
    elif _reads_through(line, _kept(_units(line, *cut), units), page, alone=True):
        through = True  # it read every unit
    else:
        return None  # told at the first unit that reads no way (a long clean line with a "?")
    if non_ascii - len(beyond_ascii(left)) < _COVERED * non_ascii \
            and not through:
        return None
    taken = _without_patchwork(line, taken, repairs, units)
    starts = {start for start, _, _ in taken}
    ends = {end for _, end, _ in taken}
    pieces: list[str] = []
    parts: list[Piece] = []  # the same, with the fillings of what cp936 cut short
    position, index, changed = 0, 0, False
    for unit in units:
        if unit.end <= position:
            continue
        if unit.start < position:  # a repair ended inside this unit: the rest as it is
            pieces.append(line[position:unit.end])
            parts.append(pieces[-1])
            position = unit.end
            continue
        if index < len(taken) and taken[index][0] < unit.end:  # a repair begins in this unit
            start, end, after = taken[index]
            pieces += [line[unit.start:start], after]
            parts += pieces[-2:]
            position, index = end, index + 1
            continue
        own = line[unit.start:unit.end]
        touching = unit.start in ends or unit.end in starts
        reading = unit.reading
        if reading is None or not _better(reading, own, touching, through):
            reading = own
        changed = changed or reading != own
        pieces.append(reading)
        if guess and reading != own and (_LOST in reading or "?" in reading):
            parts += _cut_short_fillings(line, unit)
        else:
            parts.append(reading)
        position = unit.end
    pieces.append(line[position:])
    parts.append(pieces[-1])
    fixed = "".join(pieces)
    letters = beyond_ascii(fixed).replace(_LOST, "")
    if not changed or not reads_like_chinese(letters, WHOLE_AVERAGE):
        return None
    if added_scripts(line, letters, _CHINESE_PAGE_SCRIPTS):
        return None  # 使 (CA B9) read as ʹ, 請注 as Ոע: UTF-8 of Chinese holds no such letters
    plain = _applied(line, taken)
    gain = cost_in_words(plain.replace(_LOST, "")) - cost_in_words(fixed.replace(_LOST, ""))
    if gain <= 0:
        return None
    if not guess:
        # Where Windows wrote "?" for the pair it could not read, the character cut short
        # before it is marked by it already.
        return _BEFORE_QUESTION.sub("", fixed), gain, []
    guessed, filled = resolved(parts, guess=True)
    return guessed, gain, filled


def _without_patchwork(line: str, taken: list[tuple[int, int, str]],
                       repairs: Sequence[tuple[Repair, Chain]], units: Sequence[Unit]
                       ) -> list[tuple[int, int, str]]:
    """``taken`` without the repairs of other chains whose characters this chain reads (each
    unit they touch has an honest reading), in a line where this chain's repairs cover more
    than theirs: a line read by one chain is not cut into runs of others (資料行清 read back
    as 表資 鏂麽少艇 清 took 欒屾竻 from cp950)."""
    others = {(repair.start, repair.end) for repair, chain in repairs
              if not _utf8_read_as_gbk(chain)}
    if not others:
        return taken
    ours = sum(_non_ascii(line[repair.start:repair.end]) for repair, chain in repairs
               if _utf8_read_as_gbk(chain))
    theirs = sum(_non_ascii(line[start:end]) for start, end in others)
    if ours <= theirs:
        return taken
    return [(start, end, after) for start, end, after in taken
            if (start, end) not in others or any(
                unit.reading is None for unit in units if unit.start < end and start < unit.end)]


def _non_ascii(text: str) -> int:
    return len(beyond_ascii(text))


def _cut_short_fillings(line: str, unit: Unit) -> list[Piece]:
    """The characters of ``unit`` of ``line``: each UTF-8 sequence that survived whole, and for
    each one cp936 cut short, the fillings of its missing bytes (one or two) that cp936 drops
    before what followed them: bytes that lead no GBK pair with the next (80 is the euro sign,
    never dropped). () where a marker stands, or more was lost."""
    pieces = [piece or b"" for piece in line_bytes(line)[unit.start:unit.end + 1]]
    data = b"".join(pieces[:unit.end - unit.start])
    following = pieces[unit.end - unit.start][0] if len(pieces) > unit.end - unit.start \
        and pieces[unit.end - unit.start] else NO_BYTE
    found: list[Piece] = []
    for match in _SEQUENCE.finditer(data):
        sequence = match.group()
        after = data[match.end()] if match.end() < len(data) else following
        if _complete(sequence):
            found.append(sequence.decode("utf-8"))
            continue
        if b"?" in sequence:
            # Where Windows wrote "?" for a pair (the last byte of one character and the next
            # byte: the first of another, or an ASCII one), the likeliest pairs of characters,
            # as a run's unit reads them; "?" where it is not of that shape.
            pairs = _windows_readings(sequence, "" if after == NO_BYTE else chr(after))
            found.append(tuple(pairs or lost_pair_fillings(sequence)) or "?")
            continue
        missing = utf8_length(sequence[0]) - len(sequence)
        if not _CUT_SHORT.fullmatch(sequence) or not 1 <= missing <= 2:
            found.append(())
            continue
        found.append(dropped_fillings(sequence, missing, after))
    return found


_BEFORE_QUESTION = lazy_compile("\ufffd+(?=\\?)")
_AROUND_QUESTION = lazy_compile("\ufffd*\\?\ufffd*")


def _better(reading: str, own: str, touching: bool, through: bool) -> bool:
    """Whether a unit's honest ``reading`` replaces the characters it reads (``own``): any, in a
    line that reads ``through``; otherwise a full reading that costs less in words (小, D0 A1,
    is no Cyrillic С), or is an NBSP (聽, C2 A0) next to one of the layer's repairs
    (``touching``); a damaged one next to a repair (what the layer's runs leave beside them is
    garbled too), or elsewhere where ``own`` holds a character as rare as garbled ones are
    (clean text seldom does)."""
    if reading == own:
        return False
    if through:
        return True  # ¥ (C2 A5) is 楼 there: the honest reading, though 楼 is commoner
    if _LOST not in reading:
        return cost_in_words(reading) < cost_in_words(own) or (touching and reading == "\u00a0")
    return touching or worst(own) >= _GARBLE_LIKE


def _reads_through(line: str, units: Iterable[Unit], page: bool = False, alone: bool = False
                   ) -> bool:
    """Whether every unit of ``line`` beyond ASCII has an honest reading, and, in a line that
    holds the marker of a loss, is on a page read so (``page``) or that the layer's runs read
    some of (not ``alone``), they read _READ_THROUGH characters beyond ASCII back, or fewer where
    the characters the losses damaged are as rare as such garble is (``鏄� CD-``, 是 CD-). In a
    line alone with no marker (cp936 leaves none) what reads back must be Chinese, the damage
    garble-rare."""
    read: list[str] = []
    damaged, cut_short = [], []
    for unit in units:
        own = line[unit.start:unit.end]
        if own.isascii():
            continue
        if unit.reading is None:
            return False
        read += beyond_ascii(unit.reading).replace(_LOST, "")
        if unit.reading != own and (_LOST in unit.reading or "?" in unit.reading):
            damaged.append(own)
            cut_short.append(unit)
    if _LOST in line or "?" in line or page or not alone:
        return len(read) >= _READ_THROUGH or _garbled(damaged)
    # Nothing but markers (鏄 CD-, 是 CD-) where each character cut short is Chinese by every
    # filling cp936 may have dropped (E6 98 before a space: U+6600-663F), or three were: the
    # rare name 鄭畋 (E0 A5, EE B1: Devanagari, private use) is left as it is.
    return (bool(read) or len(damaged) >= _ALL_LOST or _all_chinese(line, cut_short)) \
        and all(map(_CHINESE.fullmatch, read)) and _garbled(damaged)


def _all_chinese(line: str, units: Sequence[Unit]) -> bool:
    """Whether the characters cut short in ``units`` are Chinese by every filling."""
    lost = [part for unit in units for part in _cut_short_fillings(line, unit)
            if isinstance(part, tuple)]
    return bool(lost) and all(part and all(map(_CHINESE.fullmatch, part)) for part in lost)


def _first_unit_reads_no_way(line: str) -> bool:
    """Whether the unit of ``line``'s first character beyond ASCII, after ASCII but "?" (units
    of their own), surely reads no way: its GBK bytes are none, begin with no UTF-8 lead (a stray
    byte to ``_honest``) or with one their second byte cuts short where ``_honest`` takes no cut
    (我, CE D2: not a continuation, ASCII, or a lead a lead of three or four bytes may stand
    before). A euro sign and U+FFFD are not told so."""
    for char in line:
        if char == "?":
            return False
        if not char.isascii():
            data = _char_bytes(char)
            if char in (_EURO, _LOST) or data is None or not 0xC2 <= data[0] <= 0xF4:
                return char not in (_EURO, _LOST)
            return len(data) > 1 and 0xC0 <= data[1] != _MARKER \
                and not (data[0] >= 0xE0 and 0xE0 <= data[1] <= 0xF4)
    return False


def _every_unit_reads(line: str) -> bool:
    """Whether ``line`` has its ``_cut`` and every unit beyond ASCII a reading, told a piece at
    a time (8 ms a 32 KB web line with a "?" read whole). A piece ends before the third of three
    ASCII characters but "?": units, and the euro signs' bytes, end there as in the line."""
    start = 0
    while start < len(line):
        found = _PIECE_END.search(line, start + _PIECE)
        end = found.start() if found else len(line)
        piece = line[start:end]
        cut = _cut(piece)
        if cut is None or any(unit.reading is None and not piece[unit.start:unit.end].isascii()
                              for unit in _units(piece, *cut)):
            return False
        start = end
    return True


_PIECE = 256  # characters at least in a piece of ``_every_unit_reads``
_PIECE_END = lazy_compile("(?<=[\x00-\x3e\x40-\x7f]{2})[\x00-\x3e\x40-\x7f]")


# The letters a Chinese page's UTF-8 may hold besides those of the line itself.
_CHINESE_PAGE_SCRIPTS = frozenset({"han", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "BOPOMOFO",
                                   "IDEOGRAPHIC", "FULLWIDTH", "HALFWIDTH", "CJK"})
_CHINESE = lazy_compile(f"[{HAN}\u3000-\u303f\uff01-\uff5e]")


def _garbled(damaged: Sequence[str]) -> bool:
    """Whether the characters beyond ASCII of the ``damaged`` units (what is left of the
    characters a loss cut short) cost _GARBLE_LIKE bits or more on average: 鏄 15.1, 涓 13.4,
    瀛 16.5, where 为 (CE AA, which reads as a Greek letter) costs 7.9. Clean text seldom has
    characters so rare whose GBK bytes are UTF-8 cut short."""
    letters = "".join(char for own in damaged for char in own
                      if not char.isascii() and char not in (_LOST, "\u20ac"))
    return bool(letters) and cost_in_words(letters) >= _GARBLE_LIKE * len(letters)


def _utf8_read_as_gbk(chain: Chain) -> bool:
    return chain.true == "utf-8" and chain.wrong in ("gbk", "gb18030")


def _outside(line: str, taken: Sequence[tuple[int, int, str]]) -> str:
    """The characters of ``line`` that no repair of ``taken`` (in order) covers."""
    pieces, position = [], 0
    for start, end, _ in taken:
        pieces.append(line[position:start])
        position = max(position, end)
    pieces.append(line[position:])
    return "".join(pieces)


def _applied(line: str, taken: Sequence[tuple[int, int, str]]) -> str:
    pieces, position = [], 0
    for start, end, after in taken:
        pieces += [line[position:start], after]
        position = end
    pieces.append(line[position:])
    return "".join(pieces)


def line_bytes(line: str) -> list[bytes | None]:
    """Each character's bytes (``_char_bytes``), a euro sign's as the UTF-8 around it needs.

    A browser's gbk decoder reads the euro sign from 80 and from GB18030's A2 E3 alike: ``换。``
    (E6 8D A2 E3 80 82) is ``鎹€€`` there. Read as 80, the first makes 捀 (E6 8D 80) and leaves
    a stray 80; a euro sign is A2 E3 where that reads on as UTF-8 and 80 does not (cp936, whose
    euro sign is 80 alone, never makes one that 80 breaks)."""
    pieces = list(map(_char_bytes, line))
    if _EURO in line:
        _move_euros(line, pieces)
    return pieces


def _move_euros(line: str, pieces: list[bytes | None]) -> list[int]:
    """``line_bytes``' euro signs, in order: each one's ``pieces`` made A2 E3 where that reads on
    as UTF-8 and 80 does not. Where they were so made."""
    moved = []
    for index, char in enumerate(line):
        if char == _EURO and _reads_on(pieces, index, _EURO_GB18030) \
                and not _reads_on(pieces, index, _EURO_CP936):
            pieces[index] = _EURO_GB18030
            moved.append(index)
    return moved


def _moved_euros(line: str) -> list[int]:
    """Where ``line_bytes`` reads a euro sign of ``line`` as A2 E3 (no other character is
    written so). ``_reads_on`` reads two characters on either side of a euro sign: only
    those are written, not the whole of a long line."""
    if _EURO not in line:
        return []
    near = {at for index, char in enumerate(line) if char == _EURO
            for at in range(max(0, index - 2), min(len(line), index + 3))}
    pieces: list[bytes | None] = [b""] * len(line)  # the others are never read
    for at in near:
        pieces[at] = _char_bytes(line[at])
    return _move_euros(line, pieces)


_EURO, _EURO_CP936, _EURO_GB18030 = "\u20ac", b"\x80", b"\xa2\xe3"
_LOST_UTF8 = _LOST.encode()


def _reads_on(pieces: Sequence[bytes | None], index: int, euro: bytes) -> bool:
    """Whether the bytes around ``pieces[index]``, with ``euro`` there, are UTF-8 from the
    sequence it finishes or continues to the two characters after it (a marker may be any byte;
    where the line ends, a sequence may be cut short)."""
    before = b"".join(piece or b"" for piece in pieces[max(0, index - 2):index])[-3:]
    after = b"".join(piece or b"" for piece in pieces[index + 1:index + 3])
    data = before + euro + after
    start = max((at for at, byte in enumerate(before) if not 0x80 <= byte < 0xC0),
                default=None)
    if start is None:
        return False  # nothing before that the euro's first byte could continue
    data = data[start:]
    position = 0
    while position < len(data):
        byte = data[position]
        if byte == _MARKER:
            return True  # what was lost may have been anything
        length = 1 if byte < 0x80 else utf8_length(byte) if 0xC2 <= byte <= 0xF4 else 0
        if not length:
            return False
        sequence = data[position:position + length]
        if any(not 0x80 <= follower < 0xC0 and follower != _MARKER
               for follower in sequence[1:]):
            return False
        if _MARKER in sequence:
            return True
        if len(sequence) == length and not _complete(sequence):
            return False
        position += length
    return True


@lru_cache(maxsize=4096)
def _char_bytes(char: str) -> bytes | None:
    """The bytes a lossy GBK decoder read ``char`` from: U+FFFD from a lost byte (the marker),
    the rest as the chains' GBK writes it (cp936's: the euro sign from 80); None where it cannot
    be written."""
    if char == _LOST:
        return bytes([_MARKER])
    try:
        return encode(char, "gbk")
    except UnicodeEncodeError:
        return None


def honest_units(line: str) -> list[Unit] | None:
    """``line`` cut where a character boundary meets a UTF-8 sequence boundary of its bytes,
    each piece read honestly (``_honest``); None where a character has no GBK bytes."""
    cut = _cut(line)
    return None if cut is None else list(_units(line, *cut))


_Cut = tuple[list[bytes], bytes, set[int], set[int]]


def _cut(line: str) -> _Cut | None:
    """(each character's GBK bytes, all of them, where the UTF-8 sequences of those end and
    where the characters start) of ``line``; None where a character has no GBK bytes."""
    pieces = line_bytes(line)
    if None in pieces:
        return None
    known = cast(list[bytes], pieces)
    data = b"".join(known)
    starts = set(list(accumulate(map(len, known), initial=0))[:-1])
    return known, data, set(_sequence_ends(data)), starts


def _units(line: str, pieces: list[bytes], data: bytes, ends: set[int], starts: set[int]
           ) -> Iterator[Unit]:
    """``honest_units`` of ``line`` from its ``_cut``, one at a time."""
    start, start_byte, position = 0, 0, 0
    for index, piece in enumerate(pieces):
        position += len(piece)
        if position in ends:
            yield Unit(start, index + 1, _honest(data, start_byte, position, starts))
            start, start_byte = index + 1, position
    if start < len(line):
        yield Unit(start, len(line), _honest(data, start_byte, len(data), starts))


def _kept(units: Iterable[Unit], kept: list[Unit]) -> Iterator[Unit]:
    """``units``, each added to ``kept`` as it is read."""
    for unit in units:
        kept.append(unit)
        yield unit


def _sequence_ends(data: bytes) -> list[int]:
    """Where each UTF-8 sequence of ``data`` ends, a damaged one (cut short, with the marker
    that took its place if any, or a stray byte) as one."""
    return [match.end() for match in _SEQUENCE.finditer(data)]


_SEQUENCE = lazy_compile(
    rb"\?[\x80-\xbf]{1,3}"  # Windows' "?" for a pair it dropped, and the bytes it orphaned
    rb"|[\x00-\x7f]|[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
    rb"|[\xc2-\xf4][\x80-\xbf]{0,2}\?[\x80-\xbf]{0,3}"  # a sequence cut short by such a pair
    # the marker, with the sequence it cut short and the bytes it orphaned (如, E5 A6 82, is
    # E5 and 82 around a U+FFFD where GBK could not read A6 82)
    rb"|(?:[\xc2-\xf4][\x80-\xbf]{0,2})?(?:\xff[\x80-\xbf]{0,3})+"
    rb"|[\xc2-\xf4][\x80-\xbf]{0,2}|[\x80-\xff]")


def _honest(data: bytes, start: int, end: int, starts: set[int]) -> str | None:
    """``data[start:end]`` read as UTF-8: each complete sequence its character, and one U+FFFD
    for all the characters whose bytes were lost in it; None where a damaged sequence is not
    what a lossy GBK decoder leaves: the start of a UTF-8 sequence cut short before an ASCII
    character (of its own, at one of the ``starts`` of characters: 芣, C6 5D, is a pair, and the
    pair the decoder dropped was one GBK leaves unassigned), the marker or the end (the
    lead byte it dropped stood there), a Chinese character's first byte or two before the next
    one's (each pair it dropped was one GBK leaves unassigned), or the marker itself. Clean
    GBK text read as UTF-8 is mostly stray bytes."""
    whole = data[start:end]
    text = whole.decode("utf-8", "replace")
    if _LOST not in text:
        return text  # valid UTF-8 (most units of a garbled line): nothing below changes it
    if text.count(_LOST) == whole.count(_LOST_UTF8):
        # Valid UTF-8 too (each U+FFFD written, none for bytes that read no way): 锟斤拷, U+FFFD
        # itself written in GBK, damage the layer reports as it is.
        return None
    for match in _SEQUENCE.finditer(data, start, end):
        sequence = match.group()
        # A sequence of another length than its lead byte begins is cut short: told without
        # the exception of a strict decode.
        if b"\xff" in sequence or b"?" in sequence or (
                len(sequence) == utf8_length(sequence[0]) and _complete(sequence)):
            continue
        after = data[match.end():match.end() + 1]
        if not _CUT_SHORT.fullmatch(sequence) or not (
                not after or (after[0] < 0x80 and _ascii_of_its_own(match, starts))
                or (sequence[0] >= 0xE0 and 0xE0 <= after[0] <= 0xF4)):
            return None
    while _LOST * 2 in text:
        text = text.replace(_LOST * 2, _LOST)
    # One marker: the one Windows wrote.
    return _AROUND_QUESTION.sub("?", text) if "?" in text else text


def _ascii_of_its_own(match: re.Match[bytes], starts: set[int]) -> bool:
    """Whether the ASCII byte after the sequence ``match`` cut short is a character of its
    own, or the trail of a pair that the sequence's own last byte leads (见, E8 A7 81, before
    s: cp936 dropped A7 and read 81 73 as 乻). A pair the sequence's first byte leads is GBK
    text (芣, C6 5D)."""
    end = match.end()
    if end in starts:
        return True
    return end - 1 in starts and end - 1 > match.start()


def _complete(sequence: bytes) -> bool:
    try:
        sequence.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# A UTF-8 sequence cut short: its lead byte begins a character text uses (F1-F4 begin planes
# 4-16, unassigned or private use: 宀● is E5 B2 A1 F1, clean, not 岡 and a character lost).
_CUT_SHORT = lazy_compile(rb"[\xc2-\xf0][\x80-\xbf]{0,2}")
