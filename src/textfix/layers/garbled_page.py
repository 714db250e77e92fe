"""A page garbled by one chain: the chain decided from all its lines, each line read through it.

A crawler reads a whole GBK (or Big5) page as Latin-1 or cp1252, and a corpus pipeline may give
it to ``ftfy.fix_text`` after (``ftfy_undo``). Line by line, the mojibake layer asks each run to
win its own margin: short lines, a run cut a byte off, a line ftfy made CJK characters of, and
rare characters (鵁鶄 reads rarer than øŸù‚) are left. Here the chain is decided for the page
(``page_chain``: the chain of the layer's own repairs that reads the most bits back, all lines
together) and every line that is not ASCII, those with no trigger of their own too, is read
whole through it (``read_whole``), its bytes restored first where ftfy went over the page.

Clean text beside the garbled lines stays: a line with a word of an alphabet, a CJK mark or an
emoji, clean CJK text (three characters ftfy made in a row, a character kept as it is) or bytes
the chain does not read is left to the layer, and a line the layer read nothing of is read only
where that reads better in words, as words (two characters at least side by side), with no
letter of another script (``benchmarks/garbled_pages.py`` puts symbol lines beside a garbled
one).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache

from ..charclass import class_body
from ..lazy_regex import lazy_compile
from ..plausibility import cost_in_words
from ..recode import WHOLE_AVERAGE, Chain, Repair, reads_like_chinese
from ..recode.chain import encode
from .ftfy_clean import _ALPHABET_RUN, _CJK_PAIR, _CLEAN_MARK, _new_letters, _one_script
from .ftfy_leaves import _NOT_ASCII_RUN, THEN_FTFY, _page_bytes, _upper_patterns, made_letters
from .ftfy_page import Page, page_of
from .ftfy_undo import (
    FtfyRepair,
    LineRepairs,
    Repaired,
    Restored,
    _from_a_western_page,
    applied,
    by_installed_ftfy,
    repair_line,
    restore,
    sure_of,
)

Found = tuple[int, str, FtfyRepair, Sequence[tuple[Repair, Chain]]]
LineReading = tuple[str, str, float]  # the repaired line, the chain undone, bits saved


def lines_read(found: Sequence[Found], done: Mapping[int, object],
               repair_line: Callable[[str, Sequence[tuple[Repair, Chain]]], LineReading | None]
               ) -> dict[int, LineReading]:
    """{offset: ``repair_line``'s reading} of the lines of ``found`` (each line's offset, the
    line, ftfy's repair of it, and the layer's own repairs of it) that are not in ``done``,
    that ftfy did not repair and that ``repair_line`` reads."""
    fixed = {}
    for offset, line, latin, repairs in found:
        if offset not in done and latin is None:
            read = repair_line(line, repairs)
            if read is not None:
                fixed[offset] = read
    return fixed


def repair_page(text: str, triggered: Sequence[Found],
                line_repairs: Callable[[str], LineRepairs], ftfy_made: bool = False
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
    any, but seldom reads whole). ``ftfy_made``: a line of the text left out of ``triggered``
    (one the layer has nothing else to do with) shows that ftfy went over the page."""
    alone: dict[int, Repaired] = {}
    chain, through_ftfy = page_chain(triggered, line_repairs, alone, ftfy_made)
    if chain is None:
        # ``page_chain`` found no chain only where it asked ``repair_line`` of every line ftfy
        # did not repair, as the loop below would again, and each gave nothing: a clean page
        # ends here (it asked twice, half the layer's time on a clean web page).
        return triggered, {}
    found = with_other_lines(text, triggered)
    # Where the installed ftfy went over the page, the restored bytes of a line are those it
    # makes the line of again (``restore``'s ``verify``).
    verify = through_ftfy and chain.wrong in _WESTERN and (
        by_installed_ftfy([line for _, line, _, _ in found], chain.true))
    undone: dict[int, Repaired] = {}
    sure: list[list[str]] = []
    whole: set[int] = set()
    partly: set[int] = set()
    symbols: set[str] = set()
    for offset, line, latin, repairs in found:
        behind = _whole(line, latin, repairs, chain, through_ftfy, verify)
        if behind is not None and behind[1].endswith(THEN_FTFY):
            restored = restore(line, chain.true, page_through_ftfy=True, verify=verify)
            if restored is not None:
                sure.append(sure_of(line, restored, chain.true, symbols))
                whole.add(offset)
        if behind is None and latin is None:
            behind = alone.get(offset) or repair_line(line, repairs, line_repairs,
                                                      verify=verify)
            if behind is not None:
                partly.add(offset)
        if behind is not None:
            undone[offset] = behind
    # The lines read through ftfy read again with what the page read for sure (``ftfy_page``):
    # each is garbled already, only the choice of its bytes may change.
    page = page_of(sure)
    if page is not None:
        read = whole | partly
        for offset, line, _, repairs in found:
            if offset in read and page.weighs(undone[offset][0]):
                undone[offset] = _read_again(line, repairs, chain, verify, page, line_repairs,
                                             offset in whole) or undone[offset]
    return found, undone


def _read_again(line: str, repairs: Sequence[tuple[Repair, Chain]], chain: Chain, verify: bool,
                page: Page, line_repairs: Callable[[str], LineRepairs], whole: bool
                ) -> Repaired | None:
    """``line``, read through ftfy on its page's first reading (``whole``, or in part by
    ``repair_line`` of the layer's ``repairs``), read again on the ``page``: its bytes restored
    with the page's evidence and read through the ``chain``; None where they read no Chinese,
    or where a character is kept as it is."""
    if not whole:
        return repair_line(line, repairs, line_repairs, verify=verify, page=page)
    restored = restore(line, chain.true, page_through_ftfy=True, verify=verify, page=page)
    if restored is None or _KEPT.search(restored.text):
        return None
    read = _read_through(restored.text, chain.true)
    if read is None or _new_letters(line, read):
        return None
    letters = "".join(char for char in read if not char.isascii())
    if not letters or not reads_like_chinese(letters, WHOLE_AVERAGE):
        return None
    return read, chain.name + THEN_FTFY, cost_in_words(line) - cost_in_words(read)


def _whole(line: str, latin: FtfyRepair, repairs: Sequence[tuple[Repair, Chain]], chain: Chain,
           through_ftfy: bool, verify: bool, page: Page | None = None) -> Repaired | None:
    """``read_whole`` of ``line`` (``latin``: ftfy's repair of all of it, or None; ``repairs``:
    the layer's own) through the page's ``chain``."""
    current = latin[0] if latin is not None else applied(line, repairs)
    # A line the layer read some of so is garbled: its reading whole need not read better
    # than the stretches the layer left (鵁鶄 and 擪 are rarer than øŸù‚ and ”K).
    garbled = any(_from_a_western_page(other) for _, other in repairs)
    return read_whole(line, current, chain, garbled, through_ftfy, verify, page)


def with_other_lines(text: str, found: Sequence[Found]) -> Sequence[Found]:
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
               alone: dict[int, Repaired], ftfy_made: bool = False
               ) -> tuple[Chain | None, bool]:
    """(the chain from a Western code page into GBK or Big5 that the page (``found``) is read
    through, or None; whether ftfy went over it too): the chain the layer's own repairs read
    the most bits back with, all lines together, or where they read none, GBK (or Big5) read as
    Latin-1 and then ftfy where the layer reads all of a line restored so, in one reading (that
    line's repair goes into ``alone``)."""
    through_ftfy = ftfy_made or any(_ftfy_made_some(line) for _, line, _, _ in found)
    gains: dict[Chain, float] = {}
    for _, _, _, repairs in found:
        for repair, chain in repairs:
            if _from_a_western_page(chain):
                gains[chain] = gains.get(chain, 0.0) + repair.gain
    # Through ftfy, the chains from the code pages it reads first: cp1254 writes most of what
    # Latin-1 does, and a short page's runs may read a few bits more so (记者从 as cp1252, 今年
    # as cp1254), where only a chain from Latin-1 or cp1252 has its bytes restored.
    ftfy_read = {chain: gain for chain, gain in gains.items() if chain.wrong in _WESTERN}
    if through_ftfy and ftfy_read:
        gains = ftfy_read
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
    what a Western code page makes of GBK, or a straight quote between two such (``¹²"¢``: ftfy
    straightened the 94 of 敘, 94 A2, read as cp1252's ”), and no clean text (three characters
    ftfy made in a row: 个不同): a page with one such line went through ftfy."""
    beside_upper, run = _made_patterns()[:2]
    return ((beside_upper.search(line) is not None or _straightened_quote(line))
            and not run.search(line))


def _straightened_quote(line: str) -> bool:
    """Whether ``line`` holds a straight quote between two upper-half characters
    (``ftfy_leaves``' pattern of ftfy's lossy changes, less its NBSP)."""
    return any(found.group() != "\u00a0" for found in _upper_patterns()[1].finditer(line))


@cache
def _made_patterns() -> tuple[re.Pattern[str], ...]:
    """(a character ftfy made beside an upper-half character of a Western code page; three
    characters ftfy made in a row; an upper-half character or one ftfy made, but a CJK
    character; an upper-half character; a run of three characters ftfy made or more), from the
    code pages' own tables."""
    upper = class_body(char for char in _page_bytes() if not char.isascii())
    page = class_body(_page_bytes())
    made = f"[^{page}]"
    return (re.compile(f"{made}(?=[{upper}])|(?<=[{upper}]){made}"), re.compile(f"{made}{{3}}"),
            re.compile(f"[^{page}\u3000-\u303f\u3400-\u9fff\uff00-\uffef]|[{upper}]"),
            re.compile(f"[{upper}]"), re.compile(f"{made}{{3,}}"))


def read_whole(line: str, current: str, chain: Chain, garbled: bool = False,
               through_ftfy: bool = False, verify: bool = False, page: Page | None = None
               ) -> Repaired | None:
    """(``line`` read whole through the page's ``chain``, the chain, bits saved) where that
    reads like Chinese and, unless the line is known to be ``garbled``, better in words than
    the layer made it on its own (``current``); on a page ``through_ftfy``, the line's bytes
    restored where ftfy changed them (``restore``). None for a line with clean words in it (a
    word of an alphabet; two CJK characters side by side, a CJK mark or an astral character
    that the restoring did not read back as bytes; three characters ftfy made in a row), or
    whose bytes the chain does not read, a byte cut off at either end of a stretch aside."""
    if line.isascii() or not _left_garbled(current, through_ftfy) or any(
            _one_script(run.group()) and not (through_ftfy and _glued_letters(line, run))
            for run in _ALPHABET_RUN.finditer(line)):
        return None
    if through_ftfy and any(not made_letters(run.group()) and not _glued_letters(line, run)
                            for run in _made_patterns()[4].finditer(line)):
        return None  # clean text beside a garbled stretch: the layer's runs read it
    bytes_text, restored = _page_bytes_of(line, chain, through_ftfy, verify, page)
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
    # Two CJK characters read back as bytes ftfy made them of are clean Chinese unless the line
    # reads better so, garbled or not (价格 Łódź¡© is no 浠锋 录 怕侒d藕々).
    if (not garbled or _CJK_PAIR.search(line)) and read_cost >= cost_in_words(current):
        return None
    if not garbled and not _reads_as_words(line, read, undone):
        return None
    name = chain.name + (THEN_FTFY if restored is not None else "")
    return read, name, cost_in_words(line) - read_cost


def _glued_letters(line: str, run: re.Match[str]) -> bool:
    """Whether ``run`` of ``line`` is letters of an alphabet beyond Latin (Greek to Arabic)
    that touch a Latin-1 letter: on a page through ftfy, a word of Cyrillic or Greek stands
    apart, and the letters ftfy made of GBK read as Latin-1 are glued to what it left (中小学校
    is ÖÐСѧУÉá, three Cyrillic letters in a row)."""
    return _FTFY_LETTERS.fullmatch(run.group()) is not None and any(
        _LATIN_1_LETTER.match(line, index) for index in (run.start() - 1, run.end())
        if 0 <= index < len(line))


_FTFY_LETTERS = lazy_compile("[\u0370-\u07ff]+")
_LATIN_1_LETTER = lazy_compile("[\u00c0-\u00ff]")


def _left_garbled(current: str, through_ftfy: bool) -> bool:
    """Whether the layer's own reading of a line (``current``) leaves something a Western code
    page makes of GBK (an upper-half character: ”K is 擪), or on a page through ftfy a
    character ftfy made: where it leaves nothing, the line is read already."""
    return _made_patterns()[2 if through_ftfy else 3].search(current) is not None


_CLEAN_MARK_OR_EMOJI = lazy_compile("[\u3000-\u303f\uff00-\uffef\U00010000-\U0001ffff]")


def _reads_as_words(line: str, read: str, undone: frozenset[int] = frozenset()) -> bool:
    """Whether ``read``, a line the layer read nothing of on its own, reads as words: no clean
    CJK text in ``line`` (two CJK characters, a CJK mark or an astral character that the
    restoring did not read back as the bytes ftfy made it of, ``undone``: ð½¾µ is the astral
    U+3DFB5), and no character alone between ASCII ones (°± is 氨 and ³§ is 厂, but a page of
    symbols beside a garbled line is clean)."""
    return (not any(not undone.issuperset(range(found.start(), found.end()))
                    for pattern in (_CJK_PAIR, _CLEAN_MARK) for found in pattern.finditer(line))
            and all(len(run.group()) >= _FEWEST_READ for run in _NOT_ASCII_RUN.finditer(read)))


_FEWEST_READ = 2  # characters side by side in a reading of a line with no repair of its own


def _page_bytes_of(line: str, chain: Chain, through_ftfy: bool, verify: bool = False,
                   page: Page | None = None) -> tuple[str | None, Restored | None]:
    """(the bytes of ``line`` in the ``chain``'s wrong code page, as Latin-1 characters, and a
    character kept as it is where ftfy's work was undone on a page ``through_ftfy``; the
    restoring, where it was)."""
    if chain.wrong in _WESTERN:
        restored = restore(line, chain.true, page_through_ftfy=True, verify=verify,
                           page=page) if through_ftfy else None
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


_WESTERN = ("latin-1", "sloppy-cp1252")  # the code pages ftfy's pages were read in


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
