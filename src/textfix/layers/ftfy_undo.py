"""GBK or Big5 read as Latin-1 or cp1252, then given to ``ftfy.fix_text``: the bytes back.

A crawler reads a GBK page as Latin-1 (``ÏµÍ³Ä¿Â¼``) and a corpus pipeline runs ftfy over it.
ftfy sees byte runs that happen to be valid UTF-8 and decodes them (``ÏµÍ³Ä¿Â¼`` becomes
``ϵͳĿ¼``), turns C1 controls into their cp1252 characters, straightens curly quotes (so a
GBK trail byte 91-94 becomes ``'`` or ``"``), expands Latin ligatures (``Ĳ``, C4 B2, becomes
``IJ``) and decodes ``Â`` and a byte A0 as an NBSP (the C2 byte is gone). What is left is a
patchwork no single re-decode reads: characters outside Latin-1 among Latin-1 mojibake.

``restore`` undoes that, character by character: a character outside Latin-1 and cp1252 goes
back to its UTF-8 bytes (and to the bytes an earlier round of ftfy's decoded that from), a
Latin-1 or cp1252 character to its byte, and where ftfy's change was lossy (a quote that was a
curly one, ``IJ`` that was a ligature, an NBSP or another Latin-1 character that ate a C2 byte,
a letter NFC composed with a mark ftfy decoded) every byte sequence it may have come from is
tried: the sequence is chosen by a dynamic programme over the GBK (or Big5) reading, costed as
the plausibility model costs text (characters, word pairs, unreadable bytes). The result is the
line as Latin-1 characters, which the mojibake layer reads like any GBK line read as Latin-1.

The chain is decided for the page (``repair_page``): only where the layer reads GBK or Big5
from a Western code page somewhere in the text on its own is a line restored, and only a line
with no clean words in it (two CJK characters side by side, CJK marks, a word of an alphabet).
From the layer's reading of the restored line, the stretches with a character ftfy made are
taken, the layer's own repairs elsewhere, and all only where that reads better in words than
the layer's own repairs alone: a clean line never changes here (``benchmarks/clean_text.py``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import combinations, product

from ..charclass import class_body
from ..lazy_regex import lazy_compile
from ..plausibility import char_cost, cost_in_words, join, word_bonus
from ..recode import WHOLE_AVERAGE, Chain, Repair, reads_like_chinese
from ..recode.chain import encode

# The curly quotes ftfy straightens (its uncurl_quotes: U+2018-201B and U+02BC become "'",
# U+201C-201F '"'); each was one cp1252 byte (91-94, 82, 84: C1 controls ftfy first turned into
# cp1252) or the UTF-8 of the quote, which ftfy decoded first.
_QUOTES = {"'": "\u2018\u2019\u201a\u201b\u02bc", '"': "\u201c\u201d\u201e\u201f"}

# Where a choice costs bits: an unreadable byte costs as much as a nonsense character, a byte
# sequence other than the character's own (a lossy change undone) a little.
_UNREADABLE_BITS = 32.0
_OTHER_SOURCE_BITS = 2.0
# A character ftfy made of text in another of its code pages (Mac Roman's ÏµÄ, 쵀) is rarer.
_FAR_SOURCE_BITS = 6.0
# The page's code page before ftfy: C1 controls and cp1252's characters are its bytes 80-9F.
_PAGE = "cp1252"


@dataclass(frozen=True, slots=True)
class Restored:
    """A line's bytes before ftfy, as Latin-1 characters (``text``), and where each character
    of the line begins in it (``starts``: one more entry than the line has characters; -1 for
    the letters of a ligature after its first)."""

    text: str
    starts: tuple[int, ...]
    # The characters of the line read back from other bytes than their own, but a Latin-1
    # character from its UTF-8 (Â¹ read as ¹, which a clean symbol is as often).
    undone: frozenset[int]


@lru_cache(maxsize=1 << 10)  # a line is restored for the page's reading and for its own
def restore(line: str, true: str = "gb18030", page_through_ftfy: bool = False
            ) -> Restored | None:
    """The bytes ``line`` was before ftfy (GBK read as Latin-1 or cp1252, then ftfy), chosen so
    that the ``true`` codec (gb18030 or cp950) reads them best; None where the line shows no
    work of ftfy's (on a page through ftfy, a character ftfy made is enough: -h Îļþ)."""
    if not (shows_ftfy(line) or (page_through_ftfy and any(map(_made_by_ftfy, line)))):
        return None
    near = _near_mojibake(line)
    sources: list[list[Source]] = [
        [*_sources(char)] if index in near or not _made_by_ftfy(char) else [char]
        for index, char in enumerate(line)]
    spans = _ligature_sources(line)
    for index, found in _composed_sources(line).items():
        spans.setdefault(index, []).extend(found)
    chosen = _best_sources(line, sources, spans, true)
    pieces: list[str] = []
    starts: list[int] = []
    undone: set[int] = set()
    position = index = 0
    while index < len(line):
        data, width = chosen[index]
        # A ligature's letters are one piece: only the first begins one (-1: no boundary).
        starts += [position] + [-1] * (width - 1)
        piece = data if isinstance(data, str) else data.decode("latin-1")
        if width > 1 or (isinstance(data, bytes) and data != _page_bytes().get(line[index])
                         and not _eaten_lead(line[index], data)):
            undone.update(range(index, index + width))
        pieces.append(piece)
        position += len(piece)
        index += width
    starts.append(position)
    return Restored("".join(pieces), tuple(starts), frozenset(undone))


# The layer's decision for a line: (ftfy's repair of all of it and what ftfy did, or None;
# the chains' repairs of it). A line repaired here: (the line, the chain undone, bits saved).
FtfyRepair = tuple[str, tuple[str, ...]] | None
LineRepairs = tuple[FtfyRepair, list[tuple[Repair, Chain]]]
Repaired = tuple[str, str, float]


Found = tuple[int, str, FtfyRepair, Sequence[tuple[Repair, Chain]]]


def repair_page(text: str, triggered: Sequence[Found],
                line_repairs: Callable[[str], LineRepairs]
                ) -> tuple[Sequence[Found], dict[int, Repaired]]:
    """(the lines of ``text`` the layer reads: ``triggered``, each line's offset, the line and
    the layer's own repairs of it, and where a chain is decided for the page every other line
    that is not ASCII, with no repairs of its own; {offset: (the repaired line, the chain
    undone, bits saved)} for those that are GBK or Big5 read as a Western code page, through
    ftfy or not).

    The chain is decided for the page (``page_chain``): where the layer's own repairs read GBK
    or Big5 from a Western code page somewhere in it, or read all of a line restored from
    ftfy's work so, every line is read whole through that chain (``read_whole``: short lines
    with no trigger of their own, lines cut a byte off and lines ftfy made CJK characters of
    too), and otherwise restored where that reads better (``repair_line``). With no such
    repair on the page, a line is restored only where the layer reads all of the restored line
    so, in one reading (a clean line of Greek and symbols restored to bytes is as valid GBK as
    any, but seldom reads whole)."""
    alone: dict[int, Repaired] = {}
    chain, through_ftfy = page_chain(triggered, line_repairs, alone)
    found = triggered if chain is None else _with_other_lines(text, triggered)
    undone = {}
    for offset, line, latin, repairs in found:
        current = latin[0] if latin is not None else applied(line, repairs)
        # A line the layer read some of so is garbled: its reading whole need not read better
        # than the stretches the layer left (鵁鶄 and 擪 are rarer than øŸù‚ and ”K).
        garbled = any(_from_a_western_page(other) for _, other in repairs)
        behind = None if chain is None else read_whole(line, current, chain, garbled,
                                                       through_ftfy)
        if behind is None and latin is None:
            behind = alone.get(offset) or repair_line(line, repairs, line_repairs,
                                                      whole_only=chain is None)
        if behind is not None:
            undone[offset] = behind
    return found, undone


def _with_other_lines(text: str, found: Sequence[Found]) -> Sequence[Found]:
    """``found`` and every other line of ``text`` that is not ASCII, with no repairs: a short
    line (-h Îļþ) may have no trigger of its own."""
    if any("\n" in line for _, line, _, _ in found):
        return found  # a short text, read whole
    seen = {offset for offset, _, _, _ in found}
    more: list[Found] = []
    offset = 0
    for line in text.split("\n"):
        if offset not in seen and not line.isascii():
            more.append((offset, line, None, []))
        offset += len(line) + 1
    return sorted([*found, *more], key=lambda item: item[0]) if more else found


def page_chain(found: Sequence[Found], line_repairs: Callable[[str], LineRepairs],
               alone: dict[int, Repaired]) -> tuple[Chain | None, bool]:
    """(the chain from a Western code page into GBK or Big5 that the page (``found``) is read
    through, or None; whether ftfy went over it too): the chain the layer's own repairs read
    the most bits back with, all lines together, or where they read none, GBK (or Big5) read as
    Latin-1 and then ftfy where the layer reads all of a line restored so, in one reading (that
    line's repair goes into ``alone``)."""
    through_ftfy = any(_ftfy_made_some(line) for _, line, _, _ in found)
    gains: dict[Chain, float] = {}
    for _, _, _, repairs in found:
        for repair, chain in repairs:
            if _from_a_western_page(chain):
                gains[chain] = gains.get(chain, 0.0) + repair.gain
    if gains:
        return max(gains, key=gains.__getitem__), through_ftfy
    for offset, line, latin, repairs in found:
        behind = None if latin is not None else repair_line(line, repairs, line_repairs,
                                                             whole_only=True)
        if behind is not None:
            alone[offset] = behind
    if alone:
        big5 = all(name.startswith("cp950") for _, name, _ in alone.values())
        return Chain("latin-1", "cp950" if big5 else "gb18030"), True
    return None, False


def _ftfy_made_some(line: str) -> bool:
    """Whether ``line`` holds a character ftfy made (one outside Latin-1 and cp1252) glued to
    what a Western code page makes of GBK, and no clean text (three such characters in a
    row: 个不同): a page with one such line went through ftfy."""
    beside_upper, run = _made_patterns()[:2]
    return beside_upper.search(line) is not None and not run.search(line)


@cache
def _made_patterns() -> tuple[re.Pattern[str], ...]:
    """(a character ftfy made beside an upper-half character of a Western code page; three
    characters ftfy made in a row; an upper-half character or one ftfy made, but a CJK
    character; an upper-half character), from the code pages' own tables."""
    upper = class_body(char for char in _page_bytes() if not char.isascii())
    page = class_body(_page_bytes())
    made = f"[^{page}]"
    return (re.compile(f"{made}(?=[{upper}])|(?<=[{upper}]){made}"), re.compile(f"{made}{{3}}"),
            re.compile(f"[^{page}\u3000-\u303f\u3400-\u9fff\uff00-\uffef]|[{upper}]"),
            re.compile(f"[{upper}]"))


def read_whole(line: str, current: str, chain: Chain, garbled: bool = False,
               through_ftfy: bool = False) -> Repaired | None:
    """(``line`` read whole through the page's ``chain``, the chain, bits saved) where that
    reads like Chinese and, unless the line is known to be ``garbled``, better in words than
    the layer made it on its own (``current``); on a page ``through_ftfy``, the line's bytes
    restored where ftfy changed them (``restore``). None for a line with clean words in it (a
    word of an alphabet; two CJK characters side by side, a CJK mark or an astral character
    that the restoring did not read back as bytes; three characters ftfy made in a row), or
    whose bytes the chain does not read, a byte cut off at either end of a stretch aside."""
    if line.isascii() or not _left_garbled(current, through_ftfy) or any(
            _one_script(run.group()) for run in _ALPHABET_RUN.finditer(line)):
        return None
    if through_ftfy and _made_patterns()[1].search(line):
        return None  # clean text beside a garbled stretch: the layer's runs read it
    bytes_text, restored = _page_bytes_of(line, chain, through_ftfy)
    # A character the restoring kept as it is is clean text; the line is no whole garble.
    if bytes_text is None or _KEPT.search(bytes_text):
        return None
    # Two CJK characters side by side, an astral character but an emoji: clean text, unless
    # the restoring read each back as the bytes ftfy made it of; a CJK mark or an emoji (，,
    # 🎉 beside ±) is clean text in any case.
    undone = restored.undone if restored is not None else frozenset()
    if _CLEAN_MARK_OR_EMOJI.search(line) or any(
            not undone.issuperset(range(found.start(), found.end()))
            for pattern in (_CJK_PAIR, _CLEAN_MARK) for found in pattern.finditer(line)):
        return None
    read = _read_through(bytes_text, chain.true)
    if read is None or read in (current, line):
        return None
    letters = "".join(char for char in read if not char.isascii())
    if not letters or not reads_like_chinese(letters, WHOLE_AVERAGE) or _new_letters(line, read):
        return None
    read_cost = cost_in_words(read)
    if not garbled and (read_cost >= cost_in_words(current) or not _reads_as_words(line, read)):
        return None
    name = chain.name + (", then ftfy" if restored is not None else "")
    return read, name, cost_in_words(line) - read_cost


def _left_garbled(current: str, through_ftfy: bool) -> bool:
    """Whether the layer's own reading of a line (``current``) leaves something a Western code
    page makes of GBK (an upper-half character: ”K is 擪), or on a page through ftfy a
    character ftfy made: where it leaves nothing, the line is read already."""
    return _made_patterns()[2 if through_ftfy else 3].search(current) is not None


def _new_letters(line: str, read: str) -> bool:
    """Whether ``read`` holds a character that is neither in ``line`` nor CJK (a character, a
    mark, a fullwidth form) nor punctuation: a reading of GBK or Big5 writes no other (Ӂ and
    Ł are UTF-8 read back from bytes the restoring chose wrongly)."""
    return any(not _READ_CHAR.match(char) and char not in line for char in read)


_READ_CHAR = lazy_compile("[\x00-\x7f\u00a0-\u00ff\u2010-\u206f\u2150-\u27ff"
                          "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")


def _reads_as_words(line: str, read: str) -> bool:
    """Whether ``read``, a line the layer read nothing of on its own, reads as words: no clean
    CJK text in ``line`` (two CJK characters, a CJK mark), and no character alone between
    ASCII ones (°± is 氨 and ³§ is 厂, but a page of symbols beside a garbled line is clean)."""
    return (_CJK_PAIR.search(line) is None and _CLEAN_MARK.search(line) is None
            and all(len(run.group()) >= _FEWEST_READ for run in _NOT_ASCII_RUN.finditer(read)))


_FEWEST_READ = 2  # characters side by side in a reading of a line with no repair of its own


def _page_bytes_of(line: str, chain: Chain, through_ftfy: bool
                   ) -> tuple[str | None, Restored | None]:
    """(the bytes of ``line`` in the ``chain``'s wrong code page, as Latin-1 characters, and a
    character kept as it is where ftfy's work was undone on a page ``through_ftfy``; the
    restoring, where it was)."""
    if chain.wrong in ("latin-1", "sloppy-cp1252"):
        restored = restore(line, chain.true, page_through_ftfy=True) if through_ftfy else None
        if restored is not None:
            return restored.text, restored
        table = _page_bytes()
        if not all(char in table for char in line):
            return None, None
        return b"".join(table[char] for char in line).decode("latin-1"), None
    try:
        return encode(line, chain.wrong).decode("latin-1"), None
    except UnicodeEncodeError:
        return None, None


def _read_through(text: str, true: str) -> str | None:
    """``text`` (bytes as Latin-1 characters, and characters kept as they are) read in ``true``,
    stretch by stretch between the kept characters; a stretch that begins on a trail byte or
    ends on a lead byte (a byte cut off) keeps that byte's character. None where a stretch is
    unreadable otherwise."""
    pieces = []
    for index, stretch in enumerate(_KEPT.split(text)):
        if index % 2:  # a kept character (the split's separator)
            pieces.append(stretch)
            continue
        read = _read_stretch(stretch, true)
        if read is None:
            return None
        pieces.append(read)
    return "".join(pieces)


def _read_stretch(stretch: str, true: str) -> str | None:
    """``stretch`` read in ``true``, whole or with its first or last byte (a trail or a lead
    byte whose other half was cut off) kept as it is; None where no framing reads it. The
    first byte counts as cut only where it begins no character with the next one."""
    data = stretch.encode("latin-1")
    head_cut = data[:1] >= b"\x80" and not _reads(data[:2], true)
    for head, tail in ((0, 0), (1, 0), (0, 1), (1, 1)):
        if head + tail > len(data) or (head and not head_cut) or (tail and data[-1] < 0x80):
            continue
        try:
            middle = data[head:len(data) - tail].decode(true)
        except UnicodeDecodeError:
            continue
        return stretch[:head] + middle + stretch[len(stretch) - tail:]
    return None


def _reads(data: bytes, true: str) -> bool:
    try:
        data.decode(true)
    except UnicodeDecodeError:
        return False
    return True


_KEPT = lazy_compile("([^\x00-\xff])")


def repair_line(line: str, repairs: Sequence[tuple[Repair, Chain]],
                line_repairs: Callable[[str], LineRepairs], whole_only: bool = False
                ) -> Repaired | None:
    """(the repaired ``line``, the chain undone, bits saved) where the line is GBK or Big5
    through ftfy: its
    restored bytes repaired by ``line_repairs`` (the layer's repair of a line), the stretches
    with a character ftfy made taken from that and the layer's own ``repairs`` elsewhere, read
    better in words than the line with the layer's own repairs alone. None otherwise."""
    plain_repairs = [(repair.start, repair.end, repair.after) for repair, _ in repairs]
    if not _left_by(line, plain_repairs) or _clean_words(line):
        return None
    plain = applied(line, repairs)
    tried = set()
    # GBK first; the bytes restored for Big5 differ only where a lossy change of ftfy's is
    # undone, and are read only where those for GBK give nothing.
    for true in ("gb18030", "cp950"):
        restored = restore(line, true)
        if restored is None or restored.text in tried or not _reads_whole(restored, true):
            continue
        tried.add(restored.text)
        whole, found = line_repairs(restored.text)
        if whole is not None or not found or (whole_only and not _read_whole(restored, found)):
            continue
        regions = mapped_back(line, restored, [(r.start, r.end, r.after) for r, _ in found])
        ours = [region for region in regions or []
                if any(index in restored.undone for index in range(region[0], region[1]))]
        if not ours:
            continue
        back = _merged(line, ours, plain_repairs)
        gain = cost_in_words(plain) - cost_in_words(back)
        letters = "".join(char for char in back if not char.isascii())
        if gain > 0 and reads_like_chinese(letters, WHOLE_AVERAGE) and not _new_letters(
                line, back):
            names = sorted({chain.name for _, chain in found})
            return back, f"{', '.join(names)}, then ftfy", gain
    return None


# What a GBK page read as Latin-1 seldom holds, even after ftfy: two CJK characters side by
# side (ftfy decodes a three-byte UTF-8 run now and then, seldom two in a row: 我们, 新闻 and
# 안녕 are clean text), CJK punctuation, fullwidth forms and astral characters (， 、 😀: ftfy
# makes them of a few byte triples and quadruples only), or a word of another alphabet
# (Ελλάδα, Привет, שלום, ภาษา; what ftfy makes of two-byte runs are letters of any block,
# seldom three of one script in a row; İstanbul: seldom one before three small ASCII letters).
# A line with them is left as the layer repairs it on its own: its symbols are no GBK bytes
# (© 25，is no 漏 25，).
_CJK_PAIR = lazy_compile("[\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]{2}")
_CLEAN_MARK = lazy_compile("[\u3000-\u303f\uff00-\uffef\U00010000-\U0010ffff]")
_CLEAN_MARK_OR_EMOJI = lazy_compile("[\u3000-\u303f\uff00-\uffef\U00010000-\U0001ffff]")
_ALPHABET_RUN = lazy_compile("[\u0370-\u1fff]{3,}|[\u0100-\u024f][a-z]{3}")


def _clean_words(line: str) -> bool:
    """Whether ``line`` holds what ftfy seldom makes of GBK read as Latin-1 (_CJK_PAIR,
    _CLEAN_MARK, a word of an alphabet): clean text, which no restoring may touch."""
    return (_CJK_PAIR.search(line) is not None or _CLEAN_MARK.search(line) is not None
            or any(_one_script(run.group()) for run in _ALPHABET_RUN.finditer(line)))


def _one_script(run: str) -> bool:
    """Whether ``run`` (letters of alphabets) has three of one script in a row, or is a Latin
    letter before three small ASCII ones: what ftfy makes are letters of any block (֮زز,
    íӑՓһ), a word is of one (Ελλάδα, İstanbul)."""
    if run.isascii() or "\u0100" <= run[0] <= "\u024f":
        return True
    scripts = [unicodedata.name(char, "?").split(" ")[0] for char in run]
    return any(a == b == c for a, b, c in zip(scripts, scripts[1:], scripts[2:], strict=False))


def _left_by(line: str, repairs: Sequence[tuple[int, int, str]]) -> bool:
    """Whether ``line`` outside the layer's own ``repairs`` still shows ftfy's work
    (``shows_ftfy``): where the layer read it all (UTF-8 read as cp1252, whole), nothing is."""
    outside, position = [], 0
    for start, end, _ in sorted(repairs):
        outside.append(line[position:start])
        position = max(position, end)
    outside.append(line[position:])
    return any(_made_by_ftfy(char) or char in "'\"\u00a0\u00e0" for char in "".join(outside))


def _read_whole(restored: Restored, found: Sequence[tuple[Repair, Chain]]) -> bool:
    """Whether the layer read all of the ``restored`` line as GBK or Big5 from a Western code
    page, in one reading: a line alone, with nothing else of the text read so, needs that."""
    return len(found) == 1 and _from_a_western_page(found[0][1]) and (
        found[0][0].start == 0 and found[0][0].end == len(restored.text))


def _reads_whole(restored: Restored, true: str) -> bool:
    """Whether the ``true`` codec reads every restored byte: GBK read as Latin-1 leaves no lead
    byte before a space or a digit (² and a space, § and a digit are clean symbols)."""
    try:
        for stretch in _NOT_LATIN_1.split(restored.text):  # between characters kept as they are
            stretch.encode("latin-1").decode(true)
    except UnicodeDecodeError:
        return False
    return True


_NOT_LATIN_1 = lazy_compile("[^\x00-\xff]")


def _eaten_lead(char: str, data: bytes) -> bool:
    """Whether ``data`` is ``char``'s UTF-8 and ``char`` a Latin-1 one: ftfy's decode of Â¹ as
    ¹, which alone is no evidence of ftfy (© 25 is as clean as it is garbled)."""
    return len(char) == 1 and "\u0080" <= char <= "\u00ff" and data == char.encode("utf-8")


def _from_a_western_page(chain: Chain) -> bool:
    """Whether ``chain`` reads GBK or Big5 back from a single-byte Western code page."""
    return chain.true in ("gb18030", "cp950") and (
        chain.wrong == "latin-1" or chain.wrong.startswith("sloppy-"))


def applied(line: str, repairs: Sequence[tuple[Repair, Chain]]) -> str:
    """``line`` with the layer's run repairs of it made."""
    pieces, position = [], 0
    for repair, _ in sorted(repairs, key=lambda item: item[0].start):
        pieces += [line[position:repair.start], repair.after]
        position = repair.end
    pieces.append(line[position:])
    return "".join(pieces)


def mapped_back(line: str, restored: Restored, repairs: Sequence[tuple[int, int, str]]
                ) -> list[tuple[int, int, str]] | None:
    """``repairs`` of the restored text of ``line`` as repairs of ``line`` itself (first, last,
    after); None where one begins or ends inside the bytes of one character of ``line``."""
    where = {start: index for index, start in enumerate(restored.starts) if start >= 0}
    regions = []
    for start, end, after in sorted(repairs):
        first, last = where.get(start), where.get(end)
        if first is None or last is None:
            return None
        regions.append((first, last, after))
    return regions


def _merged(line: str, ours: Sequence[tuple[int, int, str]],
            plain: Sequence[tuple[int, int, str]]) -> str:
    """``line`` with the repairs ``ours`` (of the restored line, where ftfy's work was undone)
    made, and the layer's own repairs of the line (``plain``) wherever they do not overlap
    one of ours: elsewhere the line is judged as it stands (café… beside a garbled stretch is
    no caf配)."""
    kept = [item for item in plain
            if not any(item[0] < last and first < item[1] for first, last, _ in ours)]
    pieces, position = [], 0
    for first, last, after in sorted([*ours, *kept]):
        pieces += [line[position:first], after]
        position = last
    pieces.append(line[position:])
    return "".join(pieces)


# --- what ftfy leaves --------------------------------------------------------------------------


@cache
def _page_bytes() -> dict[str, bytes]:
    """Every character a Latin-1 or cp1252 reading writes, and its byte."""
    table = {chr(byte): bytes([byte]) for byte in range(256)}
    for byte in range(0x80, 0xA0):
        try:
            table[bytes([byte]).decode(_PAGE)] = bytes([byte])
        except UnicodeDecodeError:
            continue
    return table


def _near_mojibake(line: str) -> set[int]:
    """The positions of ``line`` in a run of characters that are not ASCII with a Latin-1
    upper-half character in it, or in a short run of ftfy's characters alone (Ϊ, the 为 of
    "Ϊ ArrowButton") in a line with mojibake elsewhere: only there are ftfy's characters
    read back as bytes."""
    near: set[int] = set()
    for run in _NOT_ASCII_RUN.finditer(line):
        text = run.group()
        if any(_upper(char) for char in text) or (
                len(text) <= _LONE_RUN and _GARBLED.search(line)):
            near.update(range(run.start(), run.end()))
    return near


_NOT_ASCII_RUN = lazy_compile("[^\x00-\x7f]+")
_LONE_RUN = 2
_GARBLED = lazy_compile("[\u00a0-\u00ff]{2}")



def _made_by_ftfy(char: str) -> bool:
    """Whether ``char`` is none that a Latin-1 or cp1252 reading writes: ftfy made it."""
    return char not in _page_bytes()


def _upper(char: str) -> bool:
    """Whether ``char`` is what a Latin-1 or cp1252 reading makes of a byte above 7F."""
    return not char.isascii() and char in _page_bytes()


def shows_ftfy(line: str) -> bool:
    """Whether ``line`` may be GBK read as Latin-1 and then ftfy: two Latin-1 upper-half
    characters side by side somewhere (GBK read as Latin-1 is made of them), and a character
    ftfy made (one outside Latin-1 and cp1252), a straight quote or an NBSP glued to such
    characters, or an à before a space (ftfy's reading of Ã and a space)."""
    if line.isascii() or not _upper_patterns()[0].search(line):
        return False
    return (any(_made_by_ftfy(char) for char in line) or _lossy_ascii(line)
            or "\u00e0 " in line)


@cache
def _upper_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(two upper-half characters of a Latin-1 or cp1252 reading side by side; a straight quote
    or an NBSP between two of them: a curly quote or a C2 byte that ftfy changed), from the
    code pages' own tables."""
    upper = class_body(char for char in _page_bytes() if not char.isascii())
    return (re.compile(f"[{upper}]{{2}}"),
            re.compile(f"(?<=[{upper}])['\"\u00a0](?=[{upper}])"))


def _lossy_ascii(line: str) -> bool:
    return _upper_patterns()[1].search(line) is not None


def _sources(char: str) -> list[bytes]:
    """The byte sequences ``char`` may have been before ftfy, its own first: the byte a Latin-1
    or cp1252 reading made it of, else its UTF-8; then what a lossy change of ftfy's took away
    (a curly quote, an NBSP's C2 byte)."""
    own = _page_bytes().get(char)
    if own is None:
        found = _decoded_from(char)
    else:
        found = [own, *_also_from(char, own)] if not char.isascii() else [own]
    if char == "\u00e0":
        found.append(b"\xc3")  # ftfy reads Ã and a space as à and a space (C3 20 as C3 A0 20)
    for quote in _QUOTES.get(char, ""):
        data = _page_bytes().get(quote)
        found += [quote.encode("utf-8")] if data is None else [data, *_also_from(quote, data)]
    return found


@lru_cache(maxsize=1 << 12)
def _decoded_from(char: str) -> list[bytes]:
    """The bytes ftfy decoded ``char`` from: its UTF-8, and the same with any of those bytes
    that ftfy had decoded first from their own UTF-8 in an earlier round (ÏÂ£ is Ï£, C2 A3
    read as £, and then ϣ, CF A3; ``_byte_from``); then the bytes of the text that another of
    ftfy's code pages makes that UTF-8 of (ftfy re-decodes an embedded stretch in any of them:
    ÏµÄ is Mac Roman for EC B5 80, 쵀), a letter of it that the page does not write being one
    ftfy made of two Latin-1 characters in an earlier round (Ä» is Ļ)."""
    data = char.encode("utf-8", "surrogatepass")
    found = [b"".join(parts) for parts in product(*map(_byte_from, data))]
    found += [joined for joined in _through_code_pages(char) if joined not in found]
    # ftfy reads a space after a lead byte as the A0 byte it takes it for (Ã¡£ and a space is
    # á£ and a space, then ᣠ, E1 A3 A0; Ð and a space is Р): the space goes back.
    return found + [data.replace(b"\xa0", b" ") for data in found if b"\xa0" in data]


@lru_cache(maxsize=1 << 12)
def _through_code_pages(char: str) -> tuple[bytes, ...]:
    """The bytes of the texts that ftfy's code pages other than Latin-1 and cp1252 make the
    UTF-8 of ``char`` of, where the page writes them (``_decoded_from``)."""
    data = char.encode("utf-8", "surrogatepass")
    found: list[bytes] = []
    if len(data) < 2 or "\u0100" <= char <= "\u024f":
        return ()  # a letter of Latin Extended (ğ, ş) is as often clean text: its own bytes only
    for codec in _ftfy_code_pages():
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        # A character the page does not write is one ftfy made of two Latin-1 characters
        # first: a letter of Latin Extended (Ļ of Ä»), not a Cyrillic letter or a box line.
        options = [_page_bytes().get(one) or (one.encode("utf-8") if "\u0100" <= one <= "\u024f"
                                              else None) for one in text]
        if None in options:
            continue
        joined = b"".join(part for part in options if part is not None)
        if joined not in found:
            found.append(joined)
    return tuple(found)


@cache
def _ftfy_code_pages() -> tuple[str, ...]:
    """The code pages besides Latin-1 and cp1252 that ftfy re-decodes UTF-8 from."""
    import ftfy.bad_codecs  # noqa: F401  (registers the sloppy codecs)
    from ftfy.chardata import CHARMAP_ENCODINGS

    return tuple(codec for codec in CHARMAP_ENCODINGS
                 if codec not in ("latin-1", "sloppy-windows-1252"))


def _byte_from(byte: int) -> list[bytes]:
    """What a byte of a sequence ftfy decoded may have been before earlier rounds: itself, its
    Latin-1 character's UTF-8 and, for a continuation byte, that twice over (ÐÂÂ\x84 is
    ÐÂ\x84, then Ð\x84, then Є)."""
    if byte < 0x80:
        return [bytes([byte])]
    once = chr(byte).encode("utf-8")
    return [bytes([byte]), once] + ([b"\xc2" + once] if byte < 0xC0 else [])


def _also_from(char: str, own: bytes) -> list[bytes]:
    """What else ftfy makes ``char`` of, besides its byte ``own``: its UTF-8 (Â¹, C2 B9, is ¹;
    â‚¬ is €; Â and an A0 byte are an NBSP) and, for a character of bytes 80-9F, the UTF-8 of
    that C1 control (C2 80 is U+0080, which ftfy then turns into €)."""
    found = [char.encode("utf-8")]
    if own[0] < 0xA0 and chr(own[0]) != char:
        found.append(chr(own[0]).encode("utf-8"))
    return found


@cache
def _ligatures() -> dict[str, bytes]:
    """The letters ftfy writes for a Latin ligature (its fix_latin_ligatures), and the ligature's
    UTF-8."""
    from ftfy.chardata import LIGATURES

    return {str(letters): chr(code).encode("utf-8") for code, letters in LIGATURES.items()}


def _ligature_sources(line: str) -> dict[int, list[tuple[bytes, int]]]:
    """{index: [(UTF-8 of a ligature, how many characters of ``line`` its letters are)]} for
    the letters at ``index`` that are a ligature's expansion, next to a character that is not
    ASCII."""
    found: dict[int, list[tuple[bytes, int]]] = {}
    for letters, data in _ligatures().items():
        start = line.find(letters)
        while start >= 0:
            end = start + len(letters)
            if not line[start - 1:start].isascii() or not line[end:end + 1].isascii():
                found.setdefault(start, []).append((data, len(letters)))
            start = line.find(letters, start + 1)
    return found


_MOST_MARKS = 3  # combining marks in one cluster that are undone (subsets of them are tried)


def _composed_sources(line: str) -> dict[int, list[tuple[bytes, int]]]:
    """{index: [(bytes, how many characters)]} for each cluster of ``line`` (a character and the
    combining marks after it) that ftfy's NFC may have made: a Latin-1 letter followed by
    combining marks ftfy decoded from UTF-8 (Ì¨, CC A8, is U+0328) is composed with them (Â
    and U+0328 are Ą and U+0302). Every letter the page writes that NFC of the base and some of
    the marks makes is tried, the other marks after it as UTF-8."""
    found: dict[int, list[tuple[bytes, int]]] = {}
    index = 0
    while index < len(line):
        end = index + 1
        while end < len(line) and unicodedata.combining(line[end]):
            end += 1
        cluster = line[index:end]
        decomposed = unicodedata.normalize("NFD", cluster)
        if decomposed != cluster and not cluster.isascii():
            base, marks = decomposed[0], decomposed[1:]
            for size in range(min(len(marks), _MOST_MARKS) + 1):
                for chosen in combinations(range(len(marks)), size):
                    letter = unicodedata.normalize(
                        "NFC", base + "".join(marks[k] for k in chosen))
                    own = _page_bytes().get(letter)
                    if len(letter) != 1 or own is None:
                        continue
                    rest = "".join(mark for k, mark in enumerate(marks) if k not in chosen)
                    found.setdefault(index, []).append((own + rest.encode("utf-8"), end - index))
        index = end
    return found


# --- the best bytes: a dynamic programme over the true codec's reading ------------------------

State = tuple[int, str]  # (the lead byte the reading waits on, or -1; the last character read)
Source = bytes | str  # what a character was before ftfy: bytes, or itself (kept as it is)


def _best_sources(line: str, sources: list[list[Source]],
                  spans: dict[int, list[tuple[bytes, int]]], true: str
                  ) -> list[tuple[Source, int]]:
    """For each position of ``line`` that begins a piece, (its bytes, how many characters the
    piece is): the choice whose reading in ``true`` costs least, as the plausibility model
    costs text (each character, less what pairs inside words earn, plus a Latin-1 letter's join
    to a Han character), an unreadable byte _UNREADABLE_BITS, a source other than the
    character's own _OTHER_SOURCE_BITS. The state between pieces is the lead byte the reading
    waits on and the last character it read (a pair is costed across pieces: 詳細, not 該細)."""
    size = len(line)
    # best[index][state] = (cost, previous state, bytes of the piece ending at index, width)
    start: State = (-1, "\n")
    best: list[dict[State, tuple[float, State, Source, int]]] = [{} for _ in range(size + 1)]
    best[0][start] = (0.0, start, b"", 0)
    for index in range(size):
        if not best[index]:
            continue
        other = _GLUED_QUOTE_BITS if _glued_quote(line, index) else _OTHER_SOURCE_BITS
        far = _through_code_pages(line[index]) if len(sources[index]) > 1 else ()
        options: list[tuple[Source, int, float]] = [
            (data, 1, 0.0 if k == 0 else _FAR_SOURCE_BITS if data in far else other)
            for k, data in enumerate(sources[index])]
        options += [(data, width, _span_bits(line, index, width))
                    for data, width in spans.get(index, [])]
        for state, (so_far, _, _, _) in best[index].items():
            for data, width, extra in options:
                after, spent = _read(state, data, true)
                total = so_far + spent + extra
                slot = best[index + width]
                if after not in slot or total < slot[after][0]:
                    slot[after] = (total, state, data, width)
    # The end: a lead byte still waiting is unreadable.
    ends = {state: entry[0] + (_UNREADABLE_BITS if state[0] >= 0 else 0.0)
            for state, entry in best[size].items()}
    state = min(ends, key=ends.__getitem__)
    chosen: list[tuple[Source, int]] = [(b"", 0)] * size
    index = size
    while index > 0:
        _, previous, data, width = best[index][state]
        index -= width
        chosen[index] = (data, width)
        state = previous
    return chosen


# Letters that are a ligature's expansion with no ASCII character on either side (ij֪ at the
# start of a line, dz between two GBK characters) are far likelier ftfy's than a word: their
# undoing earns this much instead of paying _OTHER_SOURCE_BITS.
_GLUED_LIGATURE_BITS = -12.0


# A straight quote right after a character that is not ASCII (初'化, 則 of 84 74, "t) is far
# likelier a curly quote ftfy straightened, one byte or two of a GBK character, than a quote of
# the text: its undoing earns this much instead of paying _OTHER_SOURCE_BITS.
_GLUED_QUOTE_BITS = -2.0


def _glued_quote(line: str, index: int) -> bool:
    return line[index] in _QUOTES and index > 0 and not line[index - 1].isascii()


def _span_bits(line: str, index: int, width: int) -> float:
    """What undoing the change of ``line[index:index + width]`` costs: _OTHER_SOURCE_BITS, or
    _GLUED_LIGATURE_BITS for ASCII letters (a ligature's) glued to no other ASCII."""
    if not line[index:index + width].isascii():
        return _OTHER_SOURCE_BITS
    before, after = line[index - 1:index], line[index + width:index + width + 1]
    glued = not before.isascii() or not before
    return _GLUED_LIGATURE_BITS if glued and (not after or not after.isascii()) \
        else _OTHER_SOURCE_BITS


@lru_cache(maxsize=1 << 16)
def _read(state: State, data: Source, true: str) -> tuple[State, float]:
    """(the state after reading ``data`` in the ``true`` codec from ``state``, the cost of what
    was read; a character kept as it is ends the bytes before it)."""
    pending, last = state
    spent = 0.0
    if isinstance(data, str):
        spent = _UNREADABLE_BITS if pending >= 0 else 0.0
        return (-1, data), spent + _char_bits(data) + _pair_bits(last, data)
    for byte in data:
        char = None
        if pending >= 0:
            char = _pair(pending, byte, true)
            pending = -1
            if char is None:
                spent += _UNREADABLE_BITS
                if byte >= 0x80:
                    continue
        if char is None:
            if byte < 0x80:
                char = chr(byte)
            elif 0x81 <= byte <= 0xFE:
                pending = byte
                continue
            else:
                spent += _UNREADABLE_BITS
                continue
        spent += _char_bits(char) + _pair_bits(last, char)
        last = char
    return (pending, last), spent


@cache
def _pair(lead: int, trail: int, true: str) -> str | None:
    """The character the two bytes are in ``true`` (two-byte sequences only), or None."""
    try:
        char = bytes([lead, trail]).decode(true)
    except UnicodeDecodeError:
        return None
    return char if len(char) == 1 else None


@cache
def _char_bits(char: str) -> float:
    bits = char_cost(char)
    return bits if math.isfinite(bits) else _UNREADABLE_BITS


@lru_cache(maxsize=1 << 16)
def _pair_bits(left: str, right: str) -> float:
    """What the pair adds to its characters' costs: the Latin-1 join, less a word's bonus."""
    return join(left, right) - word_bonus(left + right)
