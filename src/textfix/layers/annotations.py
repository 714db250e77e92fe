"""Annotation layer: remove inline romanization debris such as 僑聯(lián) -> 僑聯.

Some converters and CMS plugins write a character's reading in parentheses right after it. The
debris has a signature: the reading is one syllable that is really a reading of the character
before it (checked against pypinyin/Unihan reading data, not guessed from the letters), it is
glued to that character, and it sits after common characters, above all traditional-only ones.
Teaching texts annotate rare characters (孤鹜(wù)), teach polyphones (调(diào)查和调(tiáo)整的“调”)
and dictionaries put a space before the reading (戊 (wù)); all are kept. Each line is decided on its
own evidence, never on what another line of the file or record holds. Every parenthesis that is
not a reading of its character stays too: 函数(function), 北京(Beijing), 第(3)条, 用户组(UPG),
慢(man).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from textfix.lazy_regex import lazy_compile

from .. import data
from ..charclass import HAN
from ..data.common_chars import COMMON
from ..data.script_chars import TRADITIONAL_ONLY
from ..explain import Step

# What may stand in the parentheses: one syllable in letters (tone marks and ü included, 6
# letters at most: zhuang, 8 with combining marks), with an optional tone number, or in zhuyin.
_LETTER = "[a-z\u00e0-\u00fc\u0101-\u01dc\u01f9\u1e3f\u0300-\u030c]"
_ZHUYIN = "[\u3105-\u312f\u31a0-\u31bf\u02c7\u02ca\u02cb\u02d9]"
_MAX_LETTERS, _MAX_ZHUYIN = 8, 5
_SYLLABLE = f"{_LETTER}{{1,{_MAX_LETTERS}}}[1-5]?|{_ZHUYIN}{{1,{_MAX_ZHUYIN}}}"
_PAREN = f"\\((?:{_SYLLABLE})\\)|（(?:{_SYLLABLE})）"


# Any character but ASCII: what stands before the opening parenthesis of debris (a Han
# character) as far as the trigger can afford to tell. The Han class itself, in each of the 21
# look-behinds below, took 24 ms to compile at import; this one takes nothing, lets through
# only the rare ``，(ok)``, and ``_CANDIDATE`` checks for the Han character.
_NOT_ASCII = "[^\x00-\x7f]"
_OPEN, _CLOSE, _TONE = "[(（]", "[)）]", "[1-5]"


def _looking_back(char: str, most: int, last: str) -> str:
    """From a closing parenthesis: 1 to ``most`` of ``char``, then ``last``, after a character
    that is not ASCII and an opening parenthesis; first a test of the one character before the
    close."""
    widths = "|".join(f"(?<={_NOT_ASCII}{_OPEN}{char}{{{n}}}{last}{_CLOSE})"
                      for n in range(1, most + 1))
    return f"(?<={last or char}{_CLOSE})(?:{widths})"


# ``[Han][(（]syllable[)）]``, matched from its closing parenthesis by looking back. Starting at
# the close rather than the opening means a text of openings that are never closed (``字(`` a
# million times) gives the pipeline's scan nothing to stop at: clean speed (0.024 s/MB, 12x
# clean text, when each opening stopped it to look ahead). A look-behind must have one width, so
# there is one per syllable length, grouped by the syllable's last character (a letter, a tone
# number, zhuyin) so that a parenthesis closing anything else fails after one test (trying all
# 21 at every close made the development corpus 5 % slower; grouped, 0 %).
_AFTER_CLOSE = (f"(?:{_looking_back(_LETTER, _MAX_LETTERS, '')}"
                f"|{_looking_back(_LETTER, _MAX_LETTERS, _TONE)}"
                f"|{_looking_back(_ZHUYIN, _MAX_ZHUYIN, '')})")
TRIGGER = f"{_CLOSE}{_AFTER_CLOSE}"
# The character classes TRIGGER tests, by name: the core reads them as character flags
# (``textfix.layers.scan_table``), its context rule standing for the look-behinds.
TRIGGER_CLASSES = {"close": _CLOSE, "open": _OPEN, "letter": _LETTER, "tone": _TONE,
                   "zhuyin": _ZHUYIN, "not_ascii": _NOT_ASCII}
SCAN = ""  # the characters a TRIGGER match starts with, wherever they stand
# ... and those that start one only in some places, as (characters, condition right after
# them): a closing parenthesis after a syllable, an opening one and a character that is not
# ASCII. (A bare "(" stops the scan on 10,262 of the 43,282 corpus paragraphs.)
SCAN_WHERE = ((")）", _AFTER_CLOSE),)
# The look-behinds test only the shape of a reading, which an English gloss has too (函数(handler),
# 作业(job): a closing parenthesis on most manual pages). Where they hold, the scan and TRIGGER
# also ask ``closes_a_syllable``: letters that spell no character's reading are no debris.
# A Han character and the parenthesised groups right after it; each group is bounded by its
# parentheses, so matching stays linear.
_CANDIDATE = lazy_compile(f"[{HAN}]({_PAREN})(?:{_PAREN})*")
_GROUP = lazy_compile(_PAREN)
_ZHUYIN_CHAR = lazy_compile(_ZHUYIN)
_NUMBERED = lazy_compile(r"([a-zü]+)([1-5])")
_LETTERS = lazy_compile(r"[a-zü]+")
_TONE_MARKS = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}
_COMMON = frozenset(COMMON)
_TRADITIONAL_ONLY = frozenset(TRADITIONAL_ONLY)

Form = Literal["marked", "numbered", "zhuyin", "bare"]


@dataclass(frozen=True, slots=True)
class Reading:
    """A syllable in parentheses in tone3 form: ``lian2``; ``men`` (no tone: neutral or bare)."""

    tone3: str
    form: Form


def parse_reading(text: str) -> Reading | None:
    """Read ``lián``, ``lian2``, ``men``, ``lü4``, ``ㄌㄧㄢˊ`` as a syllable; None if not one.

    >>> parse_reading("lián")
    Reading(tone3='lian2', form='marked')
    >>> parse_reading("UPG") is None
    True
    """
    if text[0] == "\u02d9":  # Taiwan's dictionaries write the neutral-tone dot first: ˙ㄇㄣ
        text = text[1:] + text[0]
    if "\u3105" <= text[0] <= "\u312f" or "\u31a0" <= text[0] <= "\u31bf":
        tone3 = data.zhuyin().get(text)
        return Reading(tone3, "zhuyin") if tone3 else None
    numbered = _NUMBERED.fullmatch(text)
    if numbered:
        return Reading(_v(numbered.group(1)) + numbered.group(2), "numbered")
    letters: list[str] = []
    tones: list[str] = []
    for char in unicodedata.normalize("NFD", text):
        if char in _TONE_MARKS:
            tones.append(_TONE_MARKS[char])
        elif char == "\u0308" and letters and letters[-1] == "u":  # ü decomposes to u + U+0308
            letters[-1] = "v"
        else:
            letters.append(char)
    base = "".join(letters)
    if len(tones) > 1 or not _LETTERS.fullmatch(base) or len(base) > 6:
        return None
    return Reading(base + tones[0], "marked") if tones else Reading(base, "bare")


def closes_a_syllable(text: str, close: int) -> bool:
    """Whether the letters in the parentheses that close at ``close`` (where TRIGGER matches)
    spell a syllable that some character is read as, tone marks and diaeresis aside (zhuyin
    always does). ``parse_reading`` takes no reading that fails this, so no debris is missed."""
    inside = text[max(text.rfind("(", 0, close), text.rfind("（", 0, close)) + 1:close]
    if _ZHUYIN_CHAR.fullmatch(inside[-1:]):
        return True  # zhuyin, whose readings the scan does not spell out
    return spelled(inside.rstrip("12345")) in syllables()


# The combining marks a syllable's letters may carry (``_LETTER``'s U+0300 to U+030C).
_FOLDED_MARKS = frozenset(map(chr, range(0x300, 0x30D)))


def folded_letter(char: str) -> str | None:
    """The letter ``char`` stands for in a written syllable, tone mark and diaeresis dropped and
    ü read as u ("" for a combining mark on its own); None where no syllable has it."""
    if char in _FOLDED_MARKS:
        return ""
    decomposed = unicodedata.normalize("NFD", char)
    first = decomposed[0]
    if not "a" <= first <= "z" or any(mark not in _FOLDED_MARKS for mark in decomposed[1:]):
        return None
    return "u" if first == "v" else first


def spelled(letters: str) -> str | None:
    """``letters`` folded by ``folded_letter``; None where one of them is no letter of a
    syllable."""
    folded = [folded_letter(char) for char in letters]
    return None if None in folded else "".join(folded)  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """Every syllable that some character is read as, spelled as ``spelled`` folds it."""
    return frozenset(spelled(reading.rstrip("12345")) or ""
                     for readings in data.readings().values() for reading in readings.split())


def _v(letters: str) -> str:
    return letters.replace("ü", "v")


def reading_fits(char: str, reading: Reading) -> Literal["exact", "toneless", "no"]:
    """Whether ``reading`` is a reading of ``char``: exactly, only without its tone, or not."""
    known = data.readings().get(char, "").split()
    if reading.form != "bare":
        return "exact" if reading.tone3 in known else "no"
    if reading.tone3 + "5" in known:  # 們(men): the neutral tone is written without a mark
        return "exact"
    return "toneless" if any(s[:-1] == reading.tone3 for s in known) else "no"


@dataclass(frozen=True, slots=True)
class Annotation:
    """One reading in parentheses after a character, with the evidence that it is debris."""

    start: int  # the opening parenthesis
    end: int  # after the closing parenthesis
    char: str
    text: str  # what stood in the parentheses
    strong: bool  # debris on its own evidence; weak ones go only beside strong ones
    common: bool  # an exact reading of a common character: debris when there are two


def _readings(match: re.Match[str]) -> list[tuple[int, int, tuple[bool, bool]]]:
    """(start, end, evidence) of the groups of one candidate that are readings of its character,
    up to the first that is not, so that a run (聯(lián)(lián), left by converting twice) goes in
    one pass."""
    if match.end(1) == match.end():  # one group, the usual case: no second search
        evidence = _evidence(match.group())
        return [] if evidence is None else [(match.start(1), match.end(1), evidence)]
    text = match.string
    char = text[match.start()]
    readings = []
    for start, end in (group.span() for group in _GROUP.finditer(text, match.start() + 1,
                                                                   match.end())):
        evidence = _evidence(char + text[start:end])
        if evidence is None:
            break
        readings.append((start, end, evidence))
    return readings


@lru_cache(maxsize=4096)
def _evidence(annotated: str) -> tuple[bool, bool] | None:
    """(strong, common) for ``字(reading)`` (a character and one group) as a reading of its
    character; None when it is none.

    Cached, by one string (the cache's fastest key): debris repeats the same few hundred
    readings, and deciding one from scratch (NFD, tone marks, reading data) costs about 5 µs,
    two thirds of the layer's time on a page of them.
    """
    char, inside = annotated[0], annotated[2:-1]
    reading = parse_reading(inside)
    fit = reading_fits(char, reading) if reading else "no"
    if reading is None or fit == "no":
        return None
    common = fit == "exact" and char in _COMMON
    strong = common and (char in _TRADITIONAL_ONLY or reading.form in ("numbered", "zhuyin"))
    return strong, common


def find_annotations(text: str) -> list[Annotation]:
    """Every reading in parentheses that is a reading of the character before it."""
    return [
        Annotation(start, end, text[match.start()], text[start + 1 : end - 1], *evidence)
        for match in _CANDIDATE.finditer(text)
        for start, end, evidence in _readings(match)
    ]


# A character named on its own in quotes (“调”, 「調」): the text is about that character.
_QUOTED = lazy_compile(f"[“「『‘\"'《]([{HAN}])[”」』’\"'》]")
_LINE_WITH_TRIGGER = lazy_compile(TRIGGER)
# A polyphone lesson annotates one to this many characters, one of them with two readings.
_LESSON_CHARS = 3


def _line_is_debris(text: str, start: int, end: int) -> bool:
    """Whether the annotations in ``text[start:end]`` (one line) are converter debris: one
    strong annotation, or two or more exact readings of common characters (侨联(lián)官网(wǎng),
    in simplified text too); unless the line teaches: a character it annotates is named in
    quotes (调(diào)查和调(tiáo)整的“调”), or it annotates a few characters, one of them with two
    readings (a polyphone lesson). Teaching texts annotate rare characters too, which are weak."""
    readings: dict[str, set[str]] = {}
    strong, common = False, 0
    for match in _CANDIDATE.finditer(text, start, end):
        char = match.group()[0]
        for group_start, group_end, (is_strong, is_common) in _readings(match):
            strong |= is_strong
            common += is_common
            readings.setdefault(char, set()).add(_tone3(text[group_start + 1 : group_end - 1]))
    if not (strong or common >= 2):
        return False
    if len(readings) <= _LESSON_CHARS and any(len(found) > 1 for found in readings.values()):
        return False
    return not any(char in readings for char in _QUOTED.findall(text, start, end))


@lru_cache(maxsize=4096)
def _tone3(inside: str) -> str:
    reading = parse_reading(inside)
    return reading.tone3 if reading else inside


def debris_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line of ``text`` whose annotations are debris. Each line is decided
    on its own evidence: a reading on one line says nothing about a lesson on the next (a
    file, a page or a JSONL record is many unrelated paragraphs)."""
    lines: list[tuple[int, int]] = []
    position = 0
    for match in _LINE_WITH_TRIGGER.finditer(text):
        if match.start() < position:
            continue  # in the line decided already
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        end = len(text) if end < 0 else end
        if _line_is_debris(text, start, end):
            lines.append((start, end))
        position = end
    return lines


def debris(text: str) -> list[Annotation]:
    """The annotations that are converter debris, and the weak ones beside them."""
    return [
        Annotation(start, end, text[match.start()], text[start + 1 : end - 1], *evidence)
        for line_start, line_end in debris_lines(text)
        for match in _CANDIDATE.finditer(text, line_start, line_end)
        for start, end, evidence in _readings(match)
    ]


def _without_readings(match: re.Match[str]) -> str:
    """A candidate with its readings removed (what follows the last of them stays)."""
    whole = match.group()
    if match.end(1) == match.end():  # one group: 0.6 µs less per candidate than _readings
        return whole if _evidence(whole) is None else whole[0]
    readings = _readings(match)
    if not readings:
        return whole
    return whole[0] + match.string[readings[-1][1] : match.end()]


def run(text: str, explain: bool) -> tuple[str, list[Step]]:
    """Remove annotation debris. Clean text costs one regular-expression scan.

    Without explanations the removal is one ``re.sub``: 0.05 s/MB on a text of nothing but
    debris, against 0.30 s/MB for cutting out the positions that ``debris`` lists.
    """
    if not explain:
        lines = debris_lines(text)
        if not lines:
            return text, []
        pieces, position = [], 0
        for start, end in lines:
            pieces.append(text[position:start])
            pieces.append(_CANDIDATE.sub(_without_readings, text[start:end]))
            position = end
        pieces.append(text[position:])
        return "".join(pieces), []
    found = debris(text)
    if not found:
        return text, []
    pieces, position = [], 0
    for annotation in found:
        pieces.append(text[position : annotation.start])
        position = annotation.end
    pieces.append(text[position:])
    steps = [
        Step("annotations", "removed reading", a.start, a.end, text[a.start : a.end], "",
             f"{a.text} is a reading of {a.char}")
        for a in found
    ]
    return "".join(pieces), steps


def remove_annotations(text: str) -> str:
    """Remove romanization debris; everything else stays.

    >>> remove_annotations("衡陽市僑聯(lián)")
    '衡陽市僑聯'
    >>> remove_annotations("落霞与孤鹜(wù)齐飞")
    '落霞与孤鹜(wù)齐飞'
    """
    return run(text, explain=False)[0]
