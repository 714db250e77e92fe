"""Character-class fragments for regular expressions, shared by the layers."""

from __future__ import annotations

import re
from collections.abc import Iterable

# CJK unified ideographs: Extension A, the main block, compatibility ideographs, Extensions B-H.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\U00031350-\U000323af"
# The rest of CJK text: CJK punctuation, kana, bopomofo and the fullwidth and halfwidth forms.
CJK_BESIDE_HAN = "\u3000-\u30ff\u3100-\u312f\uff00-\uffef"


_ASCII_RUN = re.compile("[\x00-\x7f]+")


def beyond_ascii(text: str) -> str:
    """The characters of ``text`` beyond ASCII, in order: one C call, where a garbled line is
    looked at a character at a time in several places."""
    return _ASCII_RUN.sub("", text)


def class_range(first: str, last: str) -> str:
    """The class body for the characters ``first`` to ``last``."""
    return _escaped(first) + ("" if first == last else "-" + _escaped(last))


def _escaped(char: str) -> str:
    """``re.escape(char)``, which escapes ASCII characters only: the stored trigger classes'
    thousands of ranges are spelt out at half the cost."""
    return char if char > "\x7f" else re.escape(char)


def class_body(chars: Iterable[str]) -> str:
    """A class body for ``chars`` as ranges of consecutive code points: a class of 1,200 single
    characters makes every search several times slower than the same set as 10 ranges."""
    return ranges_body(char_ranges(chars))


def char_ranges(chars: Iterable[str]) -> list[tuple[int, int]]:
    """``chars`` as (first, last) code points of runs of consecutive ones, in order."""
    ranges: list[list[int]] = []
    for code in sorted(set(map(ord, chars))):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return [(first, last) for first, last in ranges]


def ranges_body(ranges: Iterable[tuple[int, int]]) -> str:
    """The class body of (first, last) code point ranges."""
    return "".join(class_range(chr(first), chr(last)) for first, last in ranges)


def body_ranges(body: str) -> list[tuple[int, int]]:
    """The characters of a class body of single characters and ranges, escaped as ``re.escape``
    and ``class_body`` write them (``a``, ``\\-``, ``a-b``), as ``char_ranges`` gives them."""
    return char_ranges(chr(code) for first, last in _CLASS_ITEM.findall(body)
                       for code in range(ord(first[-1]), ord((last or first)[-1]) + 1))


_CLASS_ITEM = re.compile(r"(\\.|[^\\])(?:-(\\.|[^\\]))?", re.DOTALL)  # a, \-, a-b
