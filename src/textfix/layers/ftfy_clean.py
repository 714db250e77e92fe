"""What ftfy seldom makes of GBK or Big5 read as Latin-1: the clean words no restoring touches.

``ftfy_undo`` restores a line's bytes and ``garbled_page`` reads a line whole only where the line
holds none of them; the core's quiet lines (``mojibake.quiet``) read the same patterns.
"""

from __future__ import annotations

import unicodedata

from ..lazy_regex import lazy_compile

# What a GBK page read as Latin-1 seldom holds, even after ftfy: two CJK characters side by
# side (ftfy decodes a three-byte UTF-8 run now and then, seldom two in a row: 我们, 新闻 and
# 안녕 are clean text), CJK punctuation, fullwidth forms and astral characters (， 、 😀: ftfy
# makes them of a few byte triples and quadruples only), or a word of another alphabet
# (Ελλάδα, Привет, שלום, ภาษา; what ftfy makes of two-byte runs are letters of any block,
# seldom three of one script in a row; İstanbul: seldom one before three small ASCII letters).
# A line with them is left as the layer repairs it on its own: its symbols are no GBK bytes
# (© 25，is no 漏 25，). Astral characters count up to the end of plane 3 (emoji, historic
# scripts, the CJK extensions through H) and the tags and variation selectors of plane 14:
# planes 4-13 hold no character and 15-16 are private use, which ftfy makes of a four-byte
# run (´ò¿ª£¬, 打开，, is ´ò and U+BFAA3 of F2 BF AA A3) and no clean text holds.
_CJK_PAIR = lazy_compile("[\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]{2}")
_CLEAN_MARK = lazy_compile("[\u3000-\u303f\uff00-\uffef\U00010000-\U000323af\U000e0000-\U000e01ef]")
_ALPHABET_RUN = lazy_compile("[\u0370-\u1fff]{3,}|[\u0100-\u024f][a-z]{3}")


def _new_letters(line: str, read: str) -> bool:
    """Whether ``read`` holds a character that is neither in ``line`` nor CJK (a character, a
    mark, a fullwidth form) nor punctuation: a reading of GBK or Big5 writes no other (Ӂ and
    Ł are UTF-8 read back from bytes the restoring chose wrongly)."""
    return any(not _READ_CHAR.match(char) and char not in line for char in read)


_READ_CHAR = lazy_compile("[\x00-\x7f\u00a0-\u00ff\u2010-\u206f\u2150-\u27ff"
                          "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")


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
