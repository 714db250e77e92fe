"""Script layer: which Chinese script a text is written in, and OpenCC conversion between them."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

import opencc

from textfix.lazy_regex import lazy_compile

from ..charclass import HAN
from ..config import AUTO, TARGETS, normalize_target
from ..data.script_chars import SIMPLIFIED_ONLY, TRADITIONAL_ONLY
from ..explain import Step
from . import script_marks
from .script_marks import HIRAGANA, STANDARDS, Marks, Standard

Script = Literal["simplified", "traditional", "mixed", "ambiguous", "japanese", "none"]

# The script sets are large classes: compiled on first use, not at import (50 ms of start-up
# that text without a script question never needs).
# A character class holding a character beyond the BMP is matched by a linear list in Python's
# re (detect_script took 2 s on 1 MB of text): the classes hold the BMP characters, and a
# character beyond it is looked up in a set.
@cache
def _specific() -> re.Pattern[str]:
    def bmp(chars: str) -> str:
        return "".join(char for char in chars if char <= "\uffff")

    return re.compile(f"(?P<s>[{bmp(SIMPLIFIED_ONLY)}])|(?P<t>[{bmp(TRADITIONAL_ONLY)}])"
                      "|(?P<x>[\U00010000-\U0010ffff])")


@cache
def _astral() -> dict[str, str]:
    found = {char: "s" for char in SIMPLIFIED_ONLY if char > "\uffff"}
    found.update((char, "t") for char in TRADITIONAL_ONLY if char > "\uffff")
    return found


def _specific_chars(text: str) -> Iterator[tuple[int, str]]:
    """(position, "s" or "t") of each script-specific character of ``text``."""
    astral = None
    for match in _specific().finditer(text):
        group = match.lastgroup or ""
        if group == "x":
            astral = astral if astral is not None else _astral()
            group = astral.get(match.group(), "")
            if not group:
                continue
        yield match.start(), group


_HAN = lazy_compile(f"[{HAN}]")
# Kana (hiragana, katakana and its long-vowel mark, halfwidth katakana; not the middle dot ・,
# which Chinese writes between the parts of a foreign name). Chinese text borrows katakana for
# brands (ラーメン) and の for 的, but hiragana in number only in Japanese: text is Japanese when
# it has two hiragana or more and kana make a fifth of its kana and Han at least.
_KANA_LETTER = lazy_compile("[\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc-\u30fe\uff66-\uff9d]")
_JAPANESE_SHARE = 5


@dataclass(frozen=True, slots=True)
class ScriptSpan:
    """A stretch of text whose script-specific characters all belong to one script."""

    start: int
    end: int
    script: Literal["simplified", "traditional"]


@dataclass(frozen=True, slots=True)
class ScriptReport:
    """What ``detect_script`` returns.

    ``simplified`` and ``traditional`` count the characters that only that script writes; ``han``
    counts every Han character. Characters valid in both scripts count in neither, so the label
    is ``mixed`` only when both scripts really occur. Callers with their own threshold can use
    the counts (``traditional / (simplified + traditional)``) instead of the label.
    """

    script: Script
    simplified: int
    traditional: int
    han: int
    spans: tuple[ScriptSpan, ...]
    kana: int = 0  # hiragana and katakana; text with kana in Japanese proportions is japanese

    @property
    def dominant(self) -> Literal["simplified", "traditional"] | None:
        """The script with more specific characters; None when neither occurs or they tie."""
        if self.simplified > self.traditional:
            return "simplified"
        if self.traditional > self.simplified:
            return "traditional"
        return None


def detect_script(text: str) -> ScriptReport:
    """Identify the script of ``text``.

    >>> detect_script("衡陽市侨联").script
    'mixed'
    >>> detect_script("于是他在台里吃面").script  # every character is valid in both scripts
    'ambiguous'
    >>> detect_script("関東地方では大雨が続いています").script  # kanji with kana: not Chinese
    'japanese'
    """
    counts = {"s": 0, "t": 0}
    spans: list[ScriptSpan] = []
    run_script = ""
    run_start = run_end = 0
    for position, group in _specific_chars(text):
        counts[group] += 1
        if group != run_script:
            if run_script:
                spans.append(_span(run_start, run_end, run_script))
            run_script, run_start = group, position
        run_end = position + 1
    if run_script:
        spans.append(_span(run_start, run_end, run_script))
    simplified, traditional = counts["s"], counts["t"]
    han = len(_HAN.findall(text)) if (simplified or traditional or not text.isascii()) else 0
    kana = len(_KANA_LETTER.findall(text)) if han else 0
    script: Script
    if kana and is_japanese(text, han):
        script = "japanese"
    elif simplified and traditional:
        script = "mixed"
    elif simplified:
        script = "simplified"
    elif traditional:
        script = "traditional"
    else:
        script = "ambiguous" if han else "none"
    return ScriptReport(script, simplified, traditional, han, tuple(spans), kana)


def merged(reports: Sequence[ScriptReport]) -> ScriptReport:
    """One report for the pieces of a text read piece by piece (a stream): the counts summed,
    the label decided on them (japanese when pieces reported japanese hold most of the Han
    characters); no spans."""
    simplified = sum(report.simplified for report in reports)
    traditional = sum(report.traditional for report in reports)
    han = sum(report.han for report in reports)
    kana = sum(report.kana for report in reports)
    japanese = sum(report.han for report in reports if report.script == "japanese")
    script: Script
    if japanese and 2 * japanese >= han:
        script = "japanese"
    elif simplified and traditional:
        script = "mixed"
    elif simplified or traditional:
        script = "simplified" if simplified else "traditional"
    else:
        script = "ambiguous" if han else "none"
    return ScriptReport(script, simplified, traditional, han, (), kana)


def is_japanese(text: str, han: int | None = None) -> bool:
    """Whether ``text`` is Japanese: two hiragana or more, and kana a fifth of its kana and Han
    (``han``, when counted already) at least."""
    hiragana = HIRAGANA.findall(text)
    if len(hiragana) < 2:
        return False
    kana = len(_KANA_LETTER.findall(text))
    han = len(_HAN.findall(text)) if han is None else han
    return kana * _JAPANESE_SHARE >= kana + han


def _span(start: int, end: int, group: str) -> ScriptSpan:
    return ScriptSpan(start, end, "simplified" if group == "s" else "traditional")


_SURROGATES = lazy_compile("([\ud800-\udfff]+)")


def _opencc(config: str, text: str) -> str:
    """OpenCC's conversion; lone surrogates (which UTF-8 cannot carry to it) pass through."""
    convert = _converter(config)
    try:
        return convert(text)
    except UnicodeEncodeError:
        pieces = _SURROGATES.split(text)  # odd indexes are the surrogate runs
        return "".join(p if i % 2 else convert(p) for i, p in enumerate(pieces))


# OpenCC converters are costly to build (50-100 ms) and safe to share; build each once, lazily.
_converter_lock = threading.Lock()


@cache
def _converter(config: str) -> Callable[[str], str]:
    """The bound ``convert`` of the one converter for ``config``."""
    with _converter_lock:
        # Tofu-risk dictionaries emit rare characters most fonts cannot show.
        converter = opencc.OpenCC(config, include_tofu_risk_dictionaries=False)
        convert: Callable[[str], str] = converter.convert
        return convert


def traditional_standard(text: str, marks: Marks | None = None) -> Standard | None:
    """Which traditional standard ``text`` follows: the one that would rewrite the fewest of its
    characters (Taiwan 為 裡 著, Hong Kong 為 裏 説, OpenCC's own 爲 裏 着); None without evidence.
    ``marks`` are ``text``'s, where found already.
    """
    rewrites = (marks or script_marks.marks(text)).rewrites
    if not any(rewrites):
        return None
    fewest = min(rewrites)  # on a tie the first standard wins
    return STANDARDS[rewrites.index(fewest)][0]


# The OpenCC configuration that reads each traditional standard, for the "simplified" target:
# t2s keeps Taiwan's 著 in 隨著, tw2s gives the right 随着. The two-stage tw2s/hk2s run at half
# t2s's speed, so they are used only for the lines that hold a form t2s gets wrong.
_TO_SIMPLIFIED: dict[Standard | None, str] = {
    "tw": "tw2s", "hk": "hk2s", "traditional": "t2s", None: "t2s"
}


def opencc_config(text: str, to: str, marks: Marks | None = None) -> str:
    """The OpenCC configuration that converts ``text`` to the (normalized) target ``to``.

    ``simplified`` reads the traditional standard the text follows; ``auto`` converts to the
    dominant script and, for traditional, keeps the standard the text already follows (Taiwan
    when unclear). Raw OpenCC configuration names are used as they are. ``marks`` are
    ``text``'s, where found already.
    """
    if to == "simplified" or (to == AUTO and detect_script(text).dominant != "traditional"):
        marks = marks if marks is not None else script_marks.marks(text)
        if not marks.regional_lines:
            return TARGETS["simplified"]
        return _TO_SIMPLIFIED[traditional_standard(text, marks)]
    if to == AUTO:
        return TARGETS[traditional_standard(text, marks) or "tw"]
    return TARGETS.get(to, to)


def convert(text: str, to: str) -> str:
    """Convert ``text`` with textfix's target names or a raw OpenCC configuration name.

    >>> convert("衡陽市侨联", "simplified")
    '衡阳市侨联'
    >>> convert("软件和网络", "twp")
    '軟體和網路'
    >>> convert("台北市政府今天宣布", "auto")  # no simplified character: nothing to do
    '台北市政府今天宣布'
    """
    target = normalize_target(to)
    if target is None or not text:
        return text
    if text.isascii():  # nothing to convert; skip the C++ round trip
        return text
    return _converted_but_japanese(text, target)[0]


def run(text: str, to: str | None, explain: bool, marks: Marks | None = None
        ) -> tuple[str, list[Step]]:
    """The script layer of the pipeline: convert to ``to`` (already normalized), if set.
    ``marks`` are ``text``'s, where found already."""
    if to is None or text.isascii():
        return text, []
    converted, config = _converted_but_japanese(text, to, marks)
    if not explain or converted == text:
        return converted, []
    return converted, _diff_steps(text, converted, config)


def _converted_but_japanese(text: str, to: str, marks: Marks | None = None) -> tuple[str, str]:
    """``_converted``, with the Japanese lines of ``text`` left as they are: their kanji are no
    script of Chinese (関東 is not 关东). ``marks`` are ``text``'s, where found already."""
    marks = marks if marks is not None else script_marks.marks(text)
    if not marks.hiragana:
        return _converted(text, to, marks)
    lines = text.split("\n")
    japanese = [is_japanese(line) for line in lines]
    if not any(japanese):
        return _converted(text, to, marks)
    pieces: list[str] = []
    config = to
    start = 0
    for index in range(len(lines) + 1):  # runs of Chinese lines, converted together
        if index == len(lines) or japanese[index]:
            if start < index:
                chinese = "\n".join(lines[start:index])
                chinese, config = _converted(chinese, to, script_marks.marks(chinese))
                pieces.append(chinese)
            if index < len(lines):
                pieces.append(lines[index])
            start = index + 1
    return "\n".join(pieces), config


def _converted(text: str, to: str, marks: Marks) -> tuple[str, str]:
    """``text`` (whose ``marks`` these are) converted to ``to``, and the OpenCC configuration
    that did it.

    ``auto`` keeps the text's own script and standard: text with no character of the other
    script comes back as it is (台北 and 香港天文台 hold no simplified character; OpenCC's s2tw
    would still write 臺北 and 天文臺, reading them as simplified), and traditional text takes
    the conversion only at its simplified characters, so the rest keeps its standard.
    """
    config = opencc_config(text, to, marks)
    if to != AUTO:
        return _simplify_or_convert(config, text, marks), config
    report = detect_script(text)
    if report.dominant == "traditional":
        if not report.simplified:
            return text, config
        return _only_simplified(text, _opencc(config, text)), config
    if not report.traditional:
        return text, config
    return _simplify_or_convert(config, text, marks), config


_REGIONAL_SIMPLIFY_CONFIGS = frozenset(_TO_SIMPLIFIED.values()) - {"t2s"}


def _simplify_or_convert(config: str, text: str, marks: Marks) -> str:
    """``_opencc(config, text)``; for the two-stage tw2s and hk2s that the "simplified" target
    picks, only the lines holding a regional form (``marks.regional_lines``) go through them,
    the rest through t2s at twice the speed. The result is the same: without such a form the
    two agree (so ``opencc_config`` picks t2s for a text with none), no OpenCC phrase spans a
    line break, and OpenCC keeps line breaks."""
    if config not in _REGIONAL_SIMPLIFY_CONFIGS or "\n" not in text:
        return _opencc(config, text)
    pieces, position = [], 0
    for start, end in marks.regional_lines:
        pieces += [_opencc("t2s", text[position:start]), _opencc(config, text[start:end])]
        position = end
    pieces.append(_opencc("t2s", text[position:]))
    return "".join(pieces)


# How far a conversion may reach from a simplified character: OpenCC's phrases are short.
_PHRASE = 2


def _only_simplified(text: str, converted: str) -> str:
    """``text`` with the changes of ``converted`` near a simplified character: a run of changed
    characters is taken when a simplified-only character is in it or within ``_PHRASE`` Han
    characters of it
    (这里 -> 這裏 and 为什么 -> 為什麼: 里 and 么 are read with their phrase), and left as it was
    otherwise (台北, 宣布 are Taiwan's own). Line by line where a conversion changed the length
    of a line."""
    if len(converted) != len(text):
        old_lines, new_lines = text.split("\n"), converted.split("\n")
        if len(old_lines) != len(new_lines):
            return converted
        return "\n".join(_only_simplified(old, new) if len(old) == len(new) else new
                         for old, new in zip(old_lines, new_lines, strict=True))
    simplified = {position for position, group in _specific_chars(text) if group == "s"}
    pieces, position, index = [], 0, 0
    while index < len(text):
        if text[index] == converted[index]:
            index += 1
            continue
        start = index
        while index < len(text) and text[index] != converted[index]:
            index += 1
        low, high = start, index  # the run's phrase: up to _PHRASE Han characters either side
        while low > max(start - _PHRASE, 0) and _HAN.match(text[low - 1]):
            low -= 1
        while high < min(index + _PHRASE, len(text)) and _HAN.match(text[high]):
            high += 1
        if any(at in simplified for at in range(low, high)):
            pieces.append(text[position:start])
            pieces.append(converted[start:index])
            position = index
    pieces.append(text[position:])
    return "".join(pieces)


def _diff_steps(before: str, after: str, config: str) -> list[Step]:
    """Steps that turn ``before`` into ``after``: runs of changed characters, line by line.

    OpenCC keeps line breaks, so lines correspond; a line whose length changed (a phrase such as
    U盘 -> 隨身碟) becomes one step.
    """
    steps = []
    offset = 0
    for old, new in zip(before.split("\n"), after.split("\n"), strict=True):
        if old != new:
            if len(old) != len(new):
                steps.append(Step("script", config, offset, offset + len(old), old, new))
            else:
                steps.extend(_char_runs(old, new, offset, config))
        offset += len(old) + 1
    return steps


def _char_runs(old: str, new: str, offset: int, config: str) -> list[Step]:
    steps = []
    index = 0
    while index < len(old):
        if old[index] == new[index]:
            index += 1
            continue
        start = index
        while index < len(old) and old[index] != new[index]:
            index += 1
        steps.append(Step("script", config, offset + start, offset + index,
                          old[start:index], new[start:index]))
    return steps
