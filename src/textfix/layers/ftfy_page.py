"""What a page through ftfy has read for sure: evidence for the choices its lines leave.

Where ftfy's change of a line was lossy, several byte sequences give the line, and a judge of
the line alone guesses by the model's counts. ftfy reads Ãš as Ú and Å¡ as š, so a Ú it left
may have been C3 C5 A1 before, and 武松诘蒋 (诘 is DA B5) may as well be 武松门〉蒋 (C3 C5 A1 B5),
which the model reads cheaper: a CJK mark costs it 6 bits, 诘 14. A page whose sure text never
writes 〉 (nor its 〈) seldom writes one in a single garbled spot.

So the page is read twice (``garbled_page``): the first reading gives the characters the lines
read whole through ftfy read for sure (``sure_chars``: from bytes ftfy did not change; a symbol
only where the line's reading would pay SURE_BITS to refuse its bytes), and in the second each
line's choice is costed with the ``Page``'s bits besides the judge's: a symbol (a character
beyond ASCII that is no Han character: a CJK bracket, a box-drawing line, a Cyrillic or
bopomofo letter) that the page has not read for sure costs _SYMBOL_BITS more. The core adds
them where the reference does (``ftfy_choice._read``, ``sources.rs``); a character kept as it
is pays none.

The Han characters the page read for sure were tried as evidence too (a cache model: each as
likely as the model and the page's sure text say, half and half), and the other script's
characters on a page of one script made dearer: on the accuracy benchmark's pages neither took
one wrong line right, and both took right lines wrong (the characters of 29 of its 33 wrong
lines through ftfy 6.3 are nowhere in the page's sure text; a common one the page writes often
tips a close choice the wrong way, 你好没 to 拿：名).

The page only chooses among bytes ftfy makes the line of; whether a line is read at all is
decided as before, so clean text is never judged by it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from .. import _kernels

# What a symbol the page has not read for sure costs besides the judge's bits: 8 bits (the
# ceiling's for another reading that reads far worse, benchmarks/ftfy_causes.py; 16 chose alike).
_SYMBOL_BITS = 8.0
# What refusing an undone change of ftfy's must cost for the characters read through it to be
# sure: the same 8 bits.
SURE_BITS = 8.0


@dataclass(frozen=True, slots=True)
class Page:
    """The symbols a page has read for sure (``page_of``)."""

    symbols: frozenset[str]

    def bits(self, char: str) -> float:
        """What reading ``char`` costs on this page besides the judge's bits (none beyond the
        BMP, as the core's table)."""
        return _SYMBOL_BITS if _symbol(char) and char not in self.symbols else 0.0

    def weighs(self, text: str) -> bool:
        """Whether ``text`` reads a character this page costs more: where a line's first
        reading reads none, every other reading costs as much or more on the page, and the
        first stands."""
        return any(self.bits(char) for char in text)


def _symbol(char: str) -> bool:
    return ("\u0080" <= char <= "\uffff" and not "\u3400" <= char <= "\u9fff"
            and not "\uf900" <= char <= "\ufaff")


def page_of(lines: Iterable[Iterable[str]]) -> Page | None:
    """The ``Page`` of the characters its ``lines`` read for sure, a closing bracket or quote
    counted where its opening one is (（ is sure, so ） is); None where fewer than _FEWEST_LINES
    lines read a Han character for sure (a line is no page: a symbol seldom comes twice in
    one)."""
    sure = [list(line) for line in lines]
    if sum(any(_han(char) for char in line) for line in sure) < _FEWEST_LINES:
        return None
    symbols = {char for line in sure for char in line if _symbol(char)}
    symbols.update(chr(ord(char) + 1) for char in list(symbols)
                   if unicodedata.category(char) in ("Ps", "Pi")
                   and unicodedata.category(chr(ord(char) + 1)) in ("Pe", "Pf"))
    return Page(frozenset(symbols))


_FEWEST_LINES = 2


def _han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


Piece = tuple[str, bool]  # a line character's bytes as Latin-1 characters; whether they are sure


def sure_chars(pieces: Iterable[Piece], true: str,
               still_sure: Callable[[str, list[int]], bool]) -> list[str]:
    """The characters the ``true`` codec reads of a line's restored ``pieces`` (each line
    character's bytes as Latin-1 characters, or the character kept as it is; and whether those
    bytes are its own, no change of ftfy's undone) where every byte since the last that no
    reading pairs with another (below 40, or a kept character) is its character's own: an
    undone change of another length before them may pair the bytes otherwise. A symbol read so
    is sure only where ``still_sure`` says so of it and the pieces it was read from (a C2 byte
    ftfy ate before each of ©« makes 漏芦 of them, and the bytes ftfy left, ┇)."""
    found: list[str] = []
    pending: list[int] = []
    steady, begun = True, 0
    for number, (piece, own) in enumerate(pieces):
        if any(char > "\xff" for char in piece):  # kept as it is
            pending, steady = [], True
            continue
        for byte in piece.encode("latin-1"):
            if byte < 0x40:
                pending, steady = [], own
                continue
            steady = steady and own
            if not pending:
                begun = number
            pending.append(byte)
            if len(pending) == 1 and byte < 0x80:
                pending = []
            elif len(pending) == 2:
                try:
                    char = bytes(pending).decode(true)
                except UnicodeDecodeError:
                    steady = False
                else:
                    if steady and (not _symbol(char) or still_sure(
                            char, list(range(begun, number + 1)))):
                        found.append(char)
                pending = []
    return found


@lru_cache(maxsize=1 << 4)  # a page's, for each line, judge and choice checked
def core_bits(page: Page) -> Any:
    """The core's ``PageBits`` of ``page`` (its bits for each BMP character); None where the
    core is not built."""
    if _kernels.core is None:
        return None
    table = list(_symbol_bits())
    for char in page.symbols:
        table[ord(char)] = 0.0
    return _kernels.core.PageBits(table)


@cache
def _symbol_bits() -> tuple[float, ...]:
    """What each BMP character costs on a page that read no symbol for sure."""
    return tuple(_SYMBOL_BITS if _symbol(chr(code)) else 0.0 for code in range(0x10000))
