"""What the script layer asks of a whole text before it converts it, in one pass: whether it holds
hiragana (then its Japanese lines are kept out of the conversion), how many characters each
traditional standard's OpenCC configuration would rewrite (which standard the text follows),
and which lines hold a form that only the regional configurations simplify right (those lines,
and only those, go through tw2s or hk2s).

``marks`` is the reference; where the core is built, its one pass over the code points answers
instead (a fifth of the time of converting a traditional document went to asking these three
questions with regular expressions). Both read the characters of each mark from
``mark_table``, which ``tools/build_model.py`` writes into the model.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Literal

from textfix.lazy_regex import lazy_compile

from .. import _kernels
from ..data.script_chars import (
    HONG_KONG_REWRITES,
    OPENCC_REWRITES,
    REGIONAL_SIMPLIFY,
    TAIWAN_REWRITES,
)

Standard = Literal["tw", "hk", "traditional"]

# Traditional standard -> the characters that standard's OpenCC config would rewrite. On a tie
# the first wins.
STANDARDS: tuple[tuple[Standard, frozenset[str]], ...] = (
    ("tw", frozenset(TAIWAN_REWRITES)),
    ("hk", frozenset(HONG_KONG_REWRITES)),
    ("traditional", frozenset(OPENCC_REWRITES)),
)
HIRAGANA = lazy_compile("[\u3041-\u3096\u309d\u309e]")


@cache
def regional_simplify() -> re.Pattern[str]:
    return re.compile(f"[{REGIONAL_SIMPLIFY}]")


@cache
def _any_standard() -> re.Pattern[str]:
    return re.compile(f"[{TAIWAN_REWRITES}{HONG_KONG_REWRITES}{OPENCC_REWRITES}]")


@dataclass(frozen=True, slots=True)
class Marks:
    """What ``marks`` finds in a text."""

    hiragana: bool
    rewrites: tuple[int, int, int]  # per standard, in the order of STANDARDS
    regional_lines: tuple[tuple[int, int], ...]  # (start, end) of each line with a regional form


def marks(text: str) -> Marks:
    """The reference: the three questions asked with the layer's own patterns."""
    found = Counter(_any_standard().findall(text))
    rewrites = tuple(sum(count for char, count in found.items() if char in chars)
                     for _, chars in STANDARDS)
    regional, lines, start = regional_simplify(), [], 0
    for line in text.split("\n"):
        if regional.search(line):
            lines.append((start, start + len(line)))
        start += len(line) + 1
    return Marks(HIRAGANA.search(text) is not None, (rewrites[0], rewrites[1], rewrites[2]),
                 tuple(lines))


def _core_marks(text: str) -> Marks:
    """``marks`` by the core: one pass over ``text``."""
    assert _kernels.core is not None
    hiragana, rewrites, regional = _kernels.core.script_marks(text)
    return Marks(hiragana, rewrites, tuple(regional))


# The bits of ``mark_table``, as crates/textfix-core/src/script_marks.rs reads them.
HIRAGANA_BIT, REGIONAL_BIT = 1, 2
REWRITE_BITS = (4, 8, 16)  # per standard, in the order of STANDARDS


def mark_table() -> array[int]:
    """(code point, bits) of every character that bears a mark, in order; flattened. Every
    such character is in the BMP, where the core looks them up."""
    bits: dict[int, int] = {}
    for code in range(0x110000):
        char = chr(code)
        value = (HIRAGANA_BIT if HIRAGANA.match(char) else 0) | (
            REGIONAL_BIT if regional_simplify().match(char) else 0)
        for bit, (_, chars) in zip(REWRITE_BITS, STANDARDS, strict=True):
            value |= bit if char in chars else 0
        if value and code > 0xFFFF:
            raise ValueError(f"U+{code:04X} bears a script mark beyond the BMP")
        if value:
            bits[code] = value
    return array("I", [value for code in sorted(bits) for value in (code, bits[code])])


REFERENCE = marks
if _kernels.core is not None:
    marks = _core_marks
