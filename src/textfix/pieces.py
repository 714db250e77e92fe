"""Where a line too long to repair at once is cut, so that each piece is repaired as the line is.

The repair layers decide line by line (a run of mojibake, a reading in parentheses, a line
with no Chinese in it that ftfy reads first), and some of that work grows faster than the line:
a document with its line breaks removed (a JSON field, minified HTML, a one-paragraph article
of 100 MB) took minutes and gigabytes as one line. So a line of twice ``PIECE_CHARS`` characters
or more is repaired in pieces of at most ``PIECE_CHARS``, each cut where no layer's decision can
straddle it:

1. after a sentence end (``。！？；``) and before a Han character, with no character within
   ``NEAR`` of the cut where any enabled repair layer's trigger starts (the caller's ``clean``):
   no run of mojibake, no Latin-1 run, no HTML reference, no reading in parentheses
   (``函数(function)``, ``聯(lián)``) and no combining mark reaches across it, and OpenCC's
   phrases do not hold sentence punctuation;
2. after a space between two words, with the same clean neighbourhood;
3. after a sentence end before a Han character, triggers near or not: a run of mojibake never
   holds a sentence end read right, and rare characters (Cantonese 冇, 咗) are triggers too;
4. anywhere with a clean neighbourhood (every ``_STRIDE`` characters back from the end);
5. failing all (a line of nothing but mojibake), ``PIECE_CHARS`` after the last cut.

The latest such place in the second half of the next ``PIECE_CHARS`` is taken. Where a piece
ends depends only on the text from where it starts, so a stream that reads the line block by
block (``textfix.stream``) cuts it exactly where ``fix`` on the whole text does.

    >>> line = "新华社北京电。" * 3
    >>> next_cut(line, 0, lambda text: True, piece=10)
    7
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable

PIECE_CHARS = 2048  # the most a piece of a long line holds
NEAR = 32  # characters either side of a cut that must hold no trigger

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_AFTER_SENTENCE = re.compile(f"[。！？；](?=[{_HAN}])")
_BETWEEN_WORDS = re.compile(f"(?<=[0-9A-Za-z{_HAN},.;:!?，、]) (?=[0-9A-Za-z{_HAN}])")

_STRIDE = 16  # the places tried, last resort but one, where no sentence ends and no word does
Clean = Callable[[str], bool]  # whether no repair layer's trigger starts in a text


def next_cut(text: str, start: int, clean: Clean, piece: int | None = None) -> int:
    """Where the piece of a long line that starts at ``start`` ends: the latest place of the
    first kind that ``text[start + piece // 2 : start + piece]`` holds (see the module's
    description)."""
    piece = piece or PIECE_CHARS
    low, high = start + piece // 2, min(start + piece, len(text))

    def near_is_clean(place: int) -> bool:
        return clean(text[max(place - NEAR, 0) : place + NEAR])

    for pattern, test in ((_AFTER_SENTENCE, near_is_clean), (_BETWEEN_WORDS, near_is_clean),
                          (_AFTER_SENTENCE, None)):
        places = [match.end() for match in pattern.finditer(text, low, high)]
        for place in reversed(places):
            if test is None or test(place):
                return place
    for place in range(high, low, -_STRIDE):
        if near_is_clean(place) and not unicodedata.combining(text[place]):
            return place
    while low < high < len(text) and unicodedata.combining(text[high]):  # keep a mark's letter
        high -= 1
    return high


def long_lines(text: str, long: int) -> list[tuple[int, int]]:
    """(start, end) of each line of ``text`` (without its line break) of ``long`` characters or
    more. Windows of ``long // 2`` are tested for a line break, so the cost is a few searches
    per ``long`` characters: any such line fills one of them."""
    found: list[tuple[int, int]] = []
    step = max(long // 2, 1)
    position = 0
    for window in range(0, len(text), step):
        if window < position or text.find("\n", window, window + step) >= 0:
            continue
        start = text.rfind("\n", 0, window) + 1
        end = text.find("\n", window)
        end = len(text) if end < 0 else end
        if end - start >= long:
            found.append((start, end))
        position = end
    return found


def spans(text: str, clean: Clean, piece: int | None = None) -> list[tuple[int, int]]:
    """The pieces ``text`` is repaired in, as (start, end): every line of ``2 * piece``
    characters or more cut as ``next_cut`` says while what is left of it is that long, the
    shorter lines kept whole with the piece they are next to. One span, the whole text, when
    no line is that long."""
    piece = piece or PIECE_CHARS
    cuts: list[int] = []
    for start, end in long_lines(text, 2 * piece):
        at = start
        while end - at >= 2 * piece:
            at = next_cut(text, at, clean, piece)
            cuts.append(at)
    bounds = [0, *cuts, len(text)]
    return list(itertools.pairwise(bounds))
