"""UTF-8 read by a Western code page that dropped bytes: what the runs left beside their repairs
marked as lost.

Windows' cp1252 (and a copy from a browser) drops the five bytes it leaves undefined (81 8D 8F
90 9D). A UTF-8 character that held one is cut short: ``千萬不要`` (E5 8D 83 E8 90 AC E4 B8 8D E8
A6 81) is ``åƒè¬ä¸è¦``. The mojibake layer reads such a line run by run; a stretch of characters
that each lost a byte saves too little to be a run of its own, and stays garbled beside the
repair (``åƒè¬ä¸è¦因為覺得沮喪``), as does a character cut short at the end of the line.

``repair_line`` marks them: in a line that the layer's own repairs of UTF-8 from a Western code
page read some of (and no other chain any), a stretch of two characters or more that they left
near Chinese and that is UTF-8 cut short and nothing else (every byte a lead byte followed by fewer
continuation bytes than it needs, or a whole sequence) becomes its whole characters and one
U+FFFD for each character cut short. No lead byte is ever dropped (the code pages define C2-F4),
so the count is exact; no character is guessed.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence

from ..charclass import HAN
from ..lazy_regex import lazy_compile
from ..plausibility import cost_in_words
from ..recode import Chain, Repair
from ..recode.chain import encode, single_byte, utf8_length
from .garbled_page import Found, lines_read

_LOST = "\ufffd"
# The fewest characters of a stretch read so: a character cut short leaves a lead byte and one
# continuation byte at least (ä½ of 位), but for a lone lead byte before another character
# (名, E5 90 8D, is å); a lone accented letter is more often a word's own.
_LEAST = 2
_CHAIN_NAME = "utf-8 read as cp1252, lossy (U+FFFD where bytes were dropped)"


def repair_lines(found: Sequence[Found], done: Mapping[int, object]
                 ) -> dict[int, tuple[str, str, float]]:
    """{offset: (the repaired line, the chain undone, bits saved)} for the lines of ``found``
    (each line's offset, the line, and the layer's own repairs of it) not in ``done`` that
    ``repair_line`` reads."""
    return lines_read(found, done, repair_line)


def repair_line(line: str, repairs: Sequence[tuple[Repair, Chain]]
                ) -> tuple[str, str, float] | None:
    """(``line`` with its repairs made and the stretches they left that are UTF-8 cut short
    marked, the chain, the repairs' gain) where the layer read some of it so; None where there
    is nothing to mark."""
    if not repairs:
        return _alone(line)
    ours = sorted((repair for repair, chain in repairs if _from_western(chain)),
                  key=lambda repair: repair.start)
    if len(ours) != len(repairs):
        return None  # another chain read some of the line: not this misreading alone
    wrong = next(chain.wrong for _, chain in repairs)
    gaps = []  # (start, end) of the text the repairs left
    position = 0
    for repair in ours:
        gaps.append((position, repair.start))
        position = repair.end
    gaps.append((position, len(line)))
    nexts: list[Repair | None] = [*ours, None]
    applied = "".join(line[start:end] + (following.after if following is not None else "")
                      for (start, end), following in zip(gaps, nexts, strict=True))
    pieces: list[str] = []
    marked, shift = False, 0
    for (start, end), following in zip(gaps, nexts, strict=True):
        left = _marked(line[start:end], wrong, applied, start + shift)
        marked = marked or left != line[start:end]
        pieces.append(left)
        if following is not None:
            pieces.append(following.after)
            shift += len(following.after) - (following.end - following.start)
    if not marked:
        return None
    return "".join(pieces), _CHAIN_NAME, sum(repair.gain for repair in ours)


def _marked(text: str, wrong: str, applied: str, at: int) -> str:
    """``text`` (at ``at`` in the line with its repairs ``applied``) with each stretch of
    non-ASCII characters that is UTF-8 cut short (through the code page ``wrong``) and stands
    near Chinese (_NEAR characters, past digits, spaces and ASCII punctuation) read: whole
    characters back, one U+FFFD per character cut short."""
    pieces: list[str] = []
    position = 0
    for start, end in _stretches(text):
        pieces.append(text[position:start])
        stretch = text[start:end]
        # One character alone may be a letter of a European word (café), and so may two far
        # from any Chinese (Classificação: ç and ã are two lead bytes cut short): left as is.
        before = applied[max(0, at + start - _REACH):at + start].rstrip(_NO_WORD)
        near = before[-_NEAR:] + applied[at + end:at + end + _REACH].lstrip(_NO_WORD)[:_NEAR]
        # A stretch that is a word of its own and begins as UTF-8 does (a lead byte and a
        # continuation byte: å‚ of 参, E5 8F 82 less 8F) is read wherever it stands in a line
        # read so: a European word's letters come after other letters, or are two leads (çã).
        read = (_cut_short_read(stretch, wrong)
                if end - start >= _LEAST and (_HAN.search(near) is not None
                                             or _word_of_its_own(text, start, end, wrong))
                else None)
        pieces.append(read or stretch)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _alone(line: str) -> tuple[str, str, float] | None:
    """``line``, which no chain read any of, with its non-ASCII stretches read as UTF-8 cut
    short, where every one is a word of its own (``_word_of_its_own``) that reads back as
    Chinese and the characters lost, and a whole Chinese character comes back (``PGP ç°½å``,
    簽名 less 90 and 8D, is ``PGP 簽\ufffd``) or every stretch begins an ASCII word
    (``å®_ftppro``, 宏 less 8F, is ``\ufffd_ftppro``); None otherwise (``Nestlé®``: é after a
    letter; ``è®12`` and ``à©``, symbols typed beside a letter)."""
    pieces: list[str] = []
    position, read_any, inside = 0, False, True
    for start, end in _stretches(line):
        pieces.append(line[position:start])
        if end - start < _LEAST or not _word_of_its_own(line, start, end, _CP1252):
            return None
        read = _cut_short_read(line[start:end], _CP1252)
        if read is None or any(char != _LOST and not _HAN.match(char) for char in read):
            return None
        pieces.append(read)
        read_any = True
        inside = inside and (line[end:end + 1].isalpha() or line[end:end + 1] == "_")
        position = end
    pieces.append(line[position:])
    if not read_any or not (_HAN.search(fixed := "".join(pieces)) or inside):
        # Two characters alone are as often symbols typed after a letter (è®12, à©): a line
        # is read so only where a whole character comes back too, or where the stretch stands
        # at the start of an ASCII word, which no symbol splits (å®_ftppro).
        return None
    return fixed, _CHAIN_NAME, cost_in_words(line) - cost_in_words(fixed.replace(_LOST, ""))


def _stretches(text: str) -> list[tuple[int, int]]:
    """(start, end) of each stretch of ``text``'s characters beyond ASCII."""
    return [match.span() for match in _NOT_ASCII.finditer(text)]


_NOT_ASCII = lazy_compile("[^\x00-\x7f]+")


def _word_of_its_own(text: str, start: int, end: int, wrong: str) -> bool:
    """Whether ``text[start:end]`` begins a word (after the start, a space or ASCII punctuation
    but an apostrophe: jusqu'à) and its bytes in ``wrong`` begin as the UTF-8 of a Chinese
    character does, a lead byte and a continuation byte that may follow it."""
    before = text[start - 1:start]
    if before and (before.isalnum() or before == "'" or not before.isascii()):
        return False
    data = _encoded(text[start:end], wrong)
    # Chinese text is made of characters of three bytes and four from F0 (planes 1-3): F1-F4
    # begin planes 4-16 (ñ¦ of Big5's 簽 read as Latin-1 is no 簽 cut short), and a lead of two
    # bytes before a continuation byte is a whole character, not one cut short.
    if data is None or len(data) < 2 or not 0xE0 <= data[0] <= 0xF0 \
            or any(0xF1 <= byte <= 0xF4 for byte in data):
        return False
    try:
        data[:2].decode("utf-8")
    except UnicodeDecodeError as error:
        return error.reason == "unexpected end of data"  # E0 85 (à…) is no UTF-8 prefix
    return True


_NEAR = 3
# Digits, spaces and ASCII punctuation between are no word of their own (默认为 8 ä½, 位 cut
# short at the end): the characters past them count as near, this far at most.
_NO_WORD = string.digits + string.punctuation + " "
_REACH = 12
_HAN = lazy_compile(f"[{HAN}]")


def _cut_short_read(stretch: str, wrong: str) -> str | None:
    """``stretch`` read as UTF-8 with dropped bytes, or None where it is no such thing (a byte
    that neither leads nor continues a sequence) or lost nothing."""
    data = _encoded(stretch, wrong)
    if data is None:
        return None
    pieces: list[str] = []
    index, lost = 0, False
    while index < len(data):
        length = utf8_length(data[index]) if data[index] >= 0x80 else 0
        if not length:
            return None  # ASCII, or a continuation byte with no lead: no dropped byte makes one
        end = index + 1
        while end < len(data) and end - index < length and 0x80 <= data[end] < 0xC0:
            end += 1
        if end - index == length:
            try:
                pieces.append(data[index:end].decode("utf-8"))
            except UnicodeDecodeError:
                return None
        else:
            pieces.append(_LOST)
            lost = True
        index = end
    return "".join(pieces) if lost else None


def _encoded(stretch: str, wrong: str) -> bytes | None:
    """``stretch`` in the code page ``wrong``, or in cp1252 where that cannot write it (the
    runs read one part of a line as Latin-1, where cp1252's ˜ stands in another)."""
    for codec in (wrong, _CP1252):
        try:
            return encode(stretch, codec)
        except UnicodeEncodeError:
            continue
    return None


_CP1252 = "sloppy-cp1252"


def _from_western(chain: Chain) -> bool:
    return chain.true == "utf-8" and single_byte(chain.wrong) and chain.times == 1


def _non_ascii(text: str) -> int:
    return sum(not char.isascii() for char in text)
