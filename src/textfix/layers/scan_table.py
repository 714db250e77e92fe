"""The triggers as data, for the core's scan: every class of characters that the pipeline's scan
and the repair layers' trigger patterns test, by the bit the core knows it by (the scan's own
bits, which the layers import, are ``textfix._kernels.triggers``).

``tools/build_model.py`` writes each character's flags into the model: ``scan_flags``, one u32
per BMP character with bit k set where the character is in ``classes()[k]``, and
``scan_astral``, the runs of astral code points of one set of flags. Every class is the
regular-expression class the Python reference compiles, taken from the layer that defines it, so
the two implementations cannot test different characters; the conditions around them (the
lookarounds) are the context rules of ``crates/textfix-core/src/scan.rs``, each naming the
pattern it mirrors. The order of ``classes()`` is the order of the bits there.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Iterator
from functools import cache

from ..plausibility import SHORT_TEXT
from . import annotations as annotation_layer
from . import html, mojibake, unicode


def _class(body: str) -> str:
    return f"[{body}]" if body else ""  # an empty body: no character


def classes() -> tuple[tuple[str, str], ...]:
    """(name, a pattern of one character, or "" for none) of every class, in bit order."""
    moji = mojibake.trigger_classes()
    where = mojibake.scan_where()
    if len(where) != 5 or len(html.SCAN_WHERE) != 1 or len(annotation_layer.SCAN_WHERE) != 1:
        raise ValueError("a layer's SCAN_WHERE changed shape: the core's context rules must too")
    return (
        # The mojibake layer: its part of the scan, then trigger()'s classes.
        ("mojibake_scan", _class(moji["scan"])),
        ("mojibake_start", _class(moji["start"])),
        ("mojibake_guarded", _class(moji["guarded"])),
        ("damage_start", _class(moji["damage_start"])),
        ("c1", _class(moji["c1"])),
        ("utf8_lead", _class(moji["utf8_lead"])),
        ("continuation", _class(moji["continuation"])),
        ("western", _class(moji["western"])),
        ("dashes", _class(moji["dashes"])),
        ("page_lead_1", _class(moji["page_lead_1"])),
        ("page_lead_2", _class(moji["page_lead_2"])),
        ("page_continuation", _class(moji["page_continuation"])),
        # ... and the characters of each of its SCAN_WHERE rules, in their order.
        *((f"mojibake_where_{n}", _class(chars)) for n, (chars, _) in enumerate(where)),
        # The unicode layer's class with each of its options.
        ("unicode", _class(unicode.scan_class(False, False))),
        ("unicode_width", _class(unicode.scan_class(True, False))),
        ("unicode_spaces", _class(unicode.scan_class(False, True))),
        # The html layer: its plain scan characters (none) and the & of its SCAN_WHERE.
        ("html_scan", _class(html.SCAN)),
        ("html_where", _class(html.SCAN_WHERE[0][0])),
        # The annotation layer: likewise, then TRIGGER's classes.
        ("annotations_scan", _class(annotation_layer.SCAN)),
        ("annotations_where", _class(annotation_layer.SCAN_WHERE[0][0])),
        *((f"annotations_{name}", pattern)
          for name, pattern in annotation_layer.TRIGGER_CLASSES.items()),
        # No layer's: the characters without which a text is in NFC.
        ("nfc_maybe", nfc_maybe()),
        # The mojibake layer's Big5 leads read as Western (trigger() and the Western SCAN_WHERE
        # rule's second condition), after the rest so that no bit moved when it came.
        ("big5_lead", _class(moji["big5_lead"])),
    )


@cache
def nfc_maybe() -> str:
    """A class of every character that may keep a text from being in NFC, from this Python's
    ``unicodedata``: one that NFC changes on its own, one with a combining class (canonical
    order), one that a composition may absorb into the character before it (any but the first
    of a canonical decomposition: combining marks, Hangul's vowels and final consonants), and
    one whose decomposition starts with such a one. A text with none of them is in NFC: every
    character stays as it is, in its place."""
    every = [chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000]
    chars = {char for char in every
             if unicodedata.normalize("NFC", char) != char or unicodedata.combining(char)}
    for char in every:
        decomposed = unicodedata.normalize("NFD", char)
        one_level = unicodedata.decomposition(char)
        chars.update(decomposed[1:])
        if one_level and not one_level.startswith("<"):
            chars.update(chr(int(part, 16)) for part in one_level.split()[1:])
    chars.update(char for char in every if unicodedata.normalize("NFD", char)[0] in chars)
    return "[" + "".join(_ranges(sorted(map(ord, chars)))) + "]"


def _ranges(codes: list[int]) -> Iterator[str]:
    """``codes`` (in order) as the ranges of a regular-expression class."""
    start = previous = codes[0]
    for code in [*codes[1:], -1]:
        if code != previous + 1:
            last = f"-{re.escape(chr(previous))}" if previous > start else ""
            yield re.escape(chr(start)) + last
            start = code
        previous = code


def _flags(every: str) -> array[int]:
    """The flags of each character of ``every``."""
    flags = array("I", bytes(4 * len(every)))
    for bit, (_, pattern) in enumerate(classes()):
        if pattern:
            for match in re.finditer(pattern, every):
                flags[match.start()] |= 1 << bit
    return flags


def bmp_flags() -> array[int]:
    """The flags of every BMP character, indexed by code point."""
    return _flags("".join(map(chr, range(0x10000))))


def astral_flags() -> array[int]:
    """(first, last, flags) of every run of astral code points of one set of flags, in order,
    together covering U+10000 to U+10FFFF; flattened."""
    flags = _flags("".join(map(chr, range(0x10000, 0x110000))))
    runs: list[list[int]] = []
    for offset, value in enumerate(flags):
        if runs and runs[-1][2] == value:
            runs[-1][1] = 0x10000 + offset
        else:
            runs.append([0x10000 + offset, 0x10000 + offset, value])
    return array("I", [value for run in runs for value in run])


def syllable_letters() -> array[int]:
    """(code point, letter) of every character of the annotation layer's letter class: 1 to 26
    for the letter ``annotations.folded_letter`` makes of it, 0 for a mark it drops, 27 where
    no syllable has it; flattened."""
    letter = re.compile(annotation_layer.TRIGGER_CLASSES["letter"])
    pairs: list[int] = []
    for code in range(0x10000):
        if letter.match(chr(code)):
            folded = annotation_layer.folded_letter(chr(code))
            pairs += [code, 27 if folded is None else ord(folded) - 96 if folded else 0]
    return array("I", pairs)


def syllables() -> array[int]:
    """Every syllable of ``annotations.syllables``, its letters as base-27 digits (a = 1), in
    order: what the core's rule for a closing parenthesis looks up."""
    return array("I", sorted(map(packed_syllable, annotation_layer.syllables())))


def packed_syllable(letters: str) -> int:
    """``letters`` (a to z, at most 6) as base-27 digits, a = 1."""
    if not 0 < len(letters) <= 6:
        raise ValueError(f"no syllable is spelled {letters!r}")
    packed = 0
    for char in letters:
        packed = packed * 27 + ord(char) - 96
    return packed


def numbers() -> array[int]:
    """The numbers the context rules read: SHORT_TEXT (mojibake's ``_SHORT_TEXT_AROUND``)."""
    return array("I", [SHORT_TEXT])
