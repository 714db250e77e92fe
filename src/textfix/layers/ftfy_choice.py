"""Which bytes a line was before ftfy, where its change leaves several: the cheapest reading.

Where ftfy's change of a GBK (or Big5) line read as Latin-1 or cp1252 was lossy (a straightened
quote, an expanded ligature, a C2 byte eaten before a Latin-1 character), each character of the
line may have been several byte sequences (``ftfy_leaves``), and ftfy makes the same line of
each: 聞 and 聯 are C2 84 and C2 93, both a straightened quote. ``best_sources`` chooses them by
a dynamic programme over the true codec's reading, costed as the plausibility model costs text
(characters, word pairs, unreadable bytes).

The plausibility model counts characters in modern Chinese (jieba's word counts), and a page
through ftfy quotes poems as often as it holds news: 聯 costs less than 聞 there, where a Tang
poem writes 聞 ten times for each 聯. So a choice is costed by two judges: ``MODERN``, the model
itself, and ``CLASSICAL``, which reads classical Chinese, poems and prose: a Han character is as
likely as the model and classical poetry say, half and half (``data/classical_chars.tsv``, from
全唐诗 and 全宋诗), a pair of them earns the larger of the model's word bonus and the pair's
bonus in the poems (``data/classical_pairs.tsv``: 灼灼, 莫道), and a Western letter or ASCII mark
costs _FOREIGN_BITS more. ``ftfy_undo`` takes the choice of the judge that reads the line
cheaper: a line is modern or classical as a whole. A judge only chooses among bytes ftfy makes
the line of:
whether the line is mojibake at all, and whether its reading is taken, is decided elsewhere, by
the plausibility model alone, so clean text is never judged by the classical counts.
"""

from __future__ import annotations

import math
from functools import cache, lru_cache
from types import SimpleNamespace
from typing import Any

from .. import _kernels
from ..data import classical_frequency, classical_pairs, model, traditional_chars
from ..lazy_regex import lazy_compile
from ..plausibility import (
    FLOOR,
    LATIN_HAN_JOIN,
    RARE_HAN,
    char_cost,
    char_costs,
    join,
    word_bonus,
)
from .ftfy_clean import _READ_CHAR
from .ftfy_leaves import _QUOTES, _made_by_ftfy, _page_bytes, _through_code_pages
from .ftfy_page import Page, core_bits

# Where a choice costs bits: an unreadable byte costs as much as a nonsense character, a byte
# sequence other than the character's own (a lossy change undone) a little.
UNREADABLE_BITS = 32.0
OTHER_SOURCE_BITS = 2.0
# A character ftfy made of text in another of its code pages (Mac Roman's ÏµÄ, 쵀) is rarer.
FAR_SOURCE_BITS = 6.0

MODERN, CLASSICAL = "modern", "classical"
JUDGES = (MODERN, CLASSICAL)
# Classical text writes no Western letter or ASCII mark: where the classical judge reads one
# (a straightened quote kept as it is: 始 of CA BC is ʼ, then ' after ftfy), it costs this much
# more than the model says. 8 bits: 26 wrong lines of the held-out pages' literary ones where
# 0 made 33 and 16 made 28 (benchmarks/ftfy_causes.py, GBK read as Latin-1, ftfy 6.3).
_FOREIGN_BITS = 8.0

State = tuple[int, str]  # (the lead byte the reading waits on, or -1; the last character read)
Source = bytes | str  # what a character was before ftfy: bytes, or itself (kept as it is)
Option = tuple[Source, int, float]  # (bytes or the character kept, characters covered, bits)
Chosen = list[tuple[Source, int]]


def options(line: str, index: int, sources: list[list[Source]],
            spans: dict[int, list[tuple[bytes, int]]]) -> list[Option]:
    """The choices weighed at ``index`` of ``line``: each source of the character (the first is
    the character's own) and each span of several characters beginning there (a ligature's
    letters, a composed letter), with the bits each costs besides its reading's."""
    here = sources[index]
    more = spans.get(index)
    if len(here) == 1 and not more:  # most of a line: its character's one source, no bits
        return [(here[0], 1, 0.0)]
    other = _quote_bits(line, index) if line[index] in _QUOTES else OTHER_SOURCE_BITS
    kept = _LONE_QUOTE_BITS if _lone_quote(line, index) and len(here) > 1 else 0.0
    found = [*_sources_costed(line[index], tuple(here), kept, other)]
    found += [(data, width, _span_bits(line, index, width)) for data, width in more or []]
    return found


@lru_cache(maxsize=1 << 12)  # a line's characters come again and again, alike in most places
def _sources_costed(char: str, here: tuple[Source, ...], kept: float, other: float
                    ) -> tuple[Option, ...]:
    """The ``options`` of ``char``'s sources ``here``: its own costs ``kept``, a far source
    FAR_SOURCE_BITS and any other ``other``."""
    far = _far_sources(char) if len(here) > 1 else frozenset()
    return tuple((data, 1, kept if k == 0 else FAR_SOURCE_BITS if data in far else other)
                 for k, data in enumerate(here))


def best_sources(line: str, sources: list[list[Source]],
                 spans: dict[int, list[tuple[bytes, int]]], true: str, judge: str = MODERN,
                 refused: dict[tuple[int, Source], float] | None = None,
                 page: Page | None = None) -> tuple[float, Chosen]:
    """For each position of ``line`` that begins a piece, (its bytes, how many characters the
    piece is): the choice whose reading in ``true`` costs least, as the ``judge`` costs text
    (each character, less what pairs inside words earn, plus a Latin-1 letter's join to a Han
    character), an unreadable byte UNREADABLE_BITS, a source other than the character's own
    OTHER_SOURCE_BITS, each of ``refused`` what it names, and each character read from bytes
    what the ``page`` says besides (``ftfy_page``); with its cost. The state between
    pieces is the lead byte the reading waits on and the last character it read (a pair is
    costed across pieces: 詳細, not 該細). The core runs the programme where it is built
    (``sources.rs``); ``REFERENCE.best_sources`` is the reference."""
    chooser = _core_chooser() if true in _TRUE_CODECS else None
    if chooser is None:
        return _best_of(_choices(line, sources, spans, refused), true, judge, page)
    weighed = _weighed_key(sources, spans)
    choices = _options_of(line, *weighed)
    cost, picked = chooser.best(
        _core_choices(line, *weighed, judge), _TRUE_CODECS.index(true), JUDGES.index(judge),
        None if page is None else core_bits(page), _refused_numbers(choices, refused))
    if math.isinf(cost):  # no choice at some position: as the reference's min() of nothing
        raise ValueError("no choice reads the line")
    chosen: Chosen = [(b"", 0)] * len(line)
    for index, number in enumerate(picked):
        if number >= 0:
            data, width, _ = choices[index][number]
            chosen[index] = (data, width)
    return cost, chosen


# A line's sources and spans as a key of the caches below: the callers give a line's choices
# again for each judge, and again for each choice they refuse in turn.
SourcesKey = tuple[tuple[Source, ...], ...]
SpansKey = tuple[tuple[int, tuple[tuple[bytes, int], ...]], ...]


def _weighed_key(sources: list[list[Source]], spans: dict[int, list[tuple[bytes, int]]]
                 ) -> tuple[SourcesKey, SpansKey]:
    return tuple(map(tuple, sources)), tuple((index, tuple(found))
                                             for index, found in spans.items())


@lru_cache(maxsize=1 << 10)  # a line's, for each judge and each choice refused
def _options_of(line: str, sources: SourcesKey, spans: SpansKey) -> list[list[Option]]:
    """The ``options`` at each position of ``line``, built once. Shared: callers only read."""
    listed = list(map(list, sources))
    spanned = {index: list(found) for index, found in spans}
    return [options(line, index, listed, spanned) for index in range(len(line))]


@lru_cache(maxsize=1 << 10)  # a line's for a judge, weighed again for each choice refused
def _core_choices(line: str, sources: SourcesKey, spans: SpansKey, judge: str) -> Any:
    """The core's ``LineChoices`` of the ``options`` of ``line``, a kept character costed as
    the ``judge`` costs it. (Asked only where ``_core_chooser`` built the core's chooser.)"""
    core: Any = _kernels.core
    return core.LineChoices(
        [[(data, 0.0, width, extra) if isinstance(data, bytes)
          else (ord(data), _char_bits(data, judge), width, extra)
          for data, width, extra in here] for here in _options_of(line, sources, spans)])


def _refused_numbers(choices: list[list[Option]],
                     refused: dict[tuple[int, Source], float] | None
                     ) -> list[tuple[int, int, float]]:
    """Each of ``refused`` (position, source: bits) as (position, number of each choice there
    of that source, bits), as the core takes them."""
    return [(index, number, bits) for (index, data), bits in (refused or {}).items()
            if index < len(choices)
            for number, (source, _, _) in enumerate(choices[index]) if source == data]


def _choices(line: str, sources: list[list[Source]], spans: dict[int, list[tuple[bytes, int]]],
             refused: dict[tuple[int, Source], float] | None) -> list[list[Option]]:
    """The ``options`` at each position of ``line``, each of ``refused`` costing what it names."""
    choices = _options_of(line, *_weighed_key(sources, spans))
    if not refused:
        return choices
    return [[(data, width, extra + refused.get((index, data), 0.0))
             for data, width, extra in here] for index, here in enumerate(choices)]


def _best_sources_in_python(line: str, sources: list[list[Source]],
                            spans: dict[int, list[tuple[bytes, int]]], true: str,
                            judge: str = MODERN,
                            refused: dict[tuple[int, Source], float] | None = None,
                            page: Page | None = None) -> tuple[float, Chosen]:
    return _best_of(_choices(line, sources, spans, refused), true, judge, page)


def _best_of(choices: list[list[Option]], true: str, judge: str, page: Page | None = None
             ) -> tuple[float, Chosen]:
    """``best_sources`` of the ``choices`` at each position of a line, in Python."""
    size = len(choices)
    # best[index][state] = (cost, previous state, bytes of the piece ending at index, width)
    start: State = (-1, "\n")
    best: list[dict[State, tuple[float, State, Source, int]]] = [{} for _ in range(size + 1)]
    best[0][start] = (0.0, start, b"", 0)
    for index in range(size):
        if not best[index]:
            continue
        for state, (so_far, _, _, _) in best[index].items():
            for data, width, extra in choices[index]:
                after, spent = _read(state, data, true, judge, page)
                total = so_far + spent + extra
                slot = best[index + width]
                if after not in slot or total < slot[after][0]:
                    slot[after] = (total, state, data, width)
    # The end: a lead byte still waiting is unreadable.
    ends = {state: entry[0] + (UNREADABLE_BITS if state[0] >= 0 else 0.0)
            for state, entry in best[size].items()}
    state = min(ends, key=ends.__getitem__)
    cost = ends[state]
    chosen: Chosen = [(b"", 0)] * size
    index = size
    while index > 0:
        _, previous, data, width = best[index][state]
        index -= width
        chosen[index] = (data, width)
        state = previous
    return cost, chosen


# The true codecs the core's programme reads (GBK and Big5 pages), by their index in it.
_TRUE_CODECS = ("gb18030", "cp950")


@cache
def _core_chooser() -> Any:
    """The core's ``SourceChooser`` for both ``_TRUE_CODECS`` and both ``JUDGES``, or None
    where the core is not built. The core reads its tables from the model built into it, where
    ``tools/build_model.py`` stored what this module derives (``_pair_table``,
    ``chooser_costs``, the classical pair bonuses of ``classical_pair_bonuses`` by the model's
    ``keys``), so the two cannot drift apart; built in a millisecond where deriving them took
    about 80. (One chooser for both codecs: the costs of a character both read are looked up
    once.)"""
    if _kernels.core is None:
        return None
    return _kernels.core.SourceChooser(
        list(_TRUE_CODECS), [(judge, judge == CLASSICAL) for judge in JUDGES],
        (UNREADABLE_BITS, LATIN_HAN_JOIN, _TRAIL_BY_HAN_BITS))


def chooser_costs() -> tuple[list[int], list[list[float]]]:
    """(every character the core's chooser reads, in order: ASCII and what the two-byte tables
    read as; each judge's cost of each, by ``_read_costs``), for the model."""
    tables = [_pair_table(true) for true in _TRUE_CODECS]
    readable = sorted({*range(0x80), *(code for table in tables for code in table)} - {_NO_CHAR})
    chars = "".join(map(chr, readable))
    return readable, [_read_costs(chars, judge) for judge in JUDGES]


def classical_pair_bonuses() -> tuple[list[int], list[int], list[float]]:
    """(each classical pair's first character, its second, its bonus), for the model."""
    bonuses = classical_pairs()
    two = [pair for pair in bonuses if len(pair) == 2]
    return ([ord(pair[0]) for pair in two], [ord(pair[1]) for pair in two],
            [bonuses[pair] for pair in two])


_NO_CHAR = model.NO_CODE  # sources.rs's NO_CHAR: no character


@cache
def _pair_table(true: str) -> list[int]:
    """The character each lead byte 80-FF and trail byte are in ``true`` read as one two-byte
    sequence, keyed (lead - 0x80) << 8 | trail: its code point, or _NO_CHAR where a strict
    decode fails or makes more than one character. The model's table (``tools/build_model.py``
    dumps it from Python's codec; the tests check it against a strict decode of each pair),
    read in a millisecond where decoding the pairs took 50."""
    return model.values(model.sections()[f"pairs_{true}"], 4).tolist()


REFERENCE = SimpleNamespace(best_sources=_best_sources_in_python)


@lru_cache(maxsize=1 << 12)
def _far_sources(char: str) -> frozenset[bytes]:
    """The sources of ``char`` that only another of ftfy's code pages makes (FAR_SOURCE_BITS),
    but a C2 byte before the character's own (Â¼ read as ¼: the C2 byte ftfy ate is no far
    source, even where another code page happens to make the same bytes of it)."""
    eaten = _page_bytes().get(char)
    return frozenset(_through_code_pages(char)) - (
        {b"\xc2" + eaten} if eaten is not None else set())


# Letters that are a ligature's expansion with no ASCII character on either side (ij֪ at the
# start of a line, dz between two GBK characters) are far likelier ftfy's than a word: their
# undoing earns this much instead of paying OTHER_SOURCE_BITS.
_GLUED_LIGATURE_BITS = -12.0


# A straight quote right after a character that is not ASCII (初'化, 則 of 84 74, "t) is far
# likelier a curly quote ftfy straightened, one byte or two of a GBK character, than a quote of
# the text: its undoing earns this much instead of paying OTHER_SOURCE_BITS.
_GLUED_QUOTE_BITS = -2.0
# After a character ftfy made, the more so: ftfy decodes a byte run beside a C2 byte and a C1
# control it read as a curly quote (Ò¹Â\x84 is ҹ", 夜聞), and leaves Ò¹ before a quote.
_AFTER_MADE_QUOTE_BITS = -8.0


# A straight quote with no partner in the line, glued to no ASCII on either side (吾"夫 of
# Îá"·ò): a quote of the text comes in pairs or beside a space; keeping it costs this much.
_LONE_QUOTE_BITS = 6.0


def _lone_quote(line: str, index: int) -> bool:
    char = line[index]
    return (char in _QUOTES and line.count(char) % 2 == 1 and 0 < index < len(line) - 1
            and not line[index - 1].isascii() and not line[index + 1].isascii())


def _quote_bits(line: str, index: int) -> float:
    """What undoing the straightening of the quote at ``index`` costs."""
    before = line[index - 1:index]
    if not before or before.isascii():
        return OTHER_SOURCE_BITS
    return _AFTER_MADE_QUOTE_BITS if _made_by_ftfy(before) else _GLUED_QUOTE_BITS


def _span_bits(line: str, index: int, width: int) -> float:
    """What undoing the change of ``line[index:index + width]`` costs: OTHER_SOURCE_BITS, or
    _GLUED_LIGATURE_BITS for ASCII letters (a ligature's) glued to no other ASCII."""
    if not line[index:index + width].isascii():
        return OTHER_SOURCE_BITS
    before, after = line[index - 1:index], line[index + width:index + width + 1]
    glued = not before.isascii() or not before
    return _GLUED_LIGATURE_BITS if glued and (not after or not after.isascii()) \
        else OTHER_SOURCE_BITS


@lru_cache(maxsize=1 << 16)
def _read(state: State, data: Source, true: str, judge: str = MODERN, page: Page | None = None
          ) -> tuple[State, float]:
    """(the state after reading ``data`` in the ``true`` codec from ``state``, the cost of what
    was read as the ``judge`` costs it, with the ``page``'s bits for each character read from
    bytes; a character kept as it is ends the bytes before it)."""
    pending, last = state
    spent = 0.0
    if isinstance(data, str):
        spent = UNREADABLE_BITS if pending >= 0 else 0.0
        return (-1, data), spent + _char_bits(data, judge) + _pair_bits(last, data, judge)
    for byte in data:
        char = None
        if pending >= 0:
            code = _pair_table(true)[(pending - 0x80) << 8 | byte]
            char = chr(code) if code != _NO_CHAR else None
            pending = -1
            if char is None:
                spent += UNREADABLE_BITS
                if byte >= 0x80:
                    continue
        if char is None:
            if byte < 0x80:
                char = chr(byte)
            elif 0x81 <= byte <= 0xFE:
                pending = byte
                continue
            else:
                spent += UNREADABLE_BITS
                continue
        page_bits = 0.0 if page is None else page.bits(char)
        spent += _read_bits(char, judge) + page_bits + _pair_bits(last, char, judge)
        last = char
    return (pending, last), spent


@cache
def _char_bits(char: str, judge: str = MODERN) -> float:
    """What ``char`` costs as the ``judge`` costs it (``_judged``)."""
    return _judged(char, char_cost(char), judge)


def _judged(char: str, bits: float, judge: str) -> float:
    """What ``char``, which the model costs ``bits``, costs as the ``judge`` costs it
    (``_judged_each``)."""
    return _judged_each(char, [bits], judge)[0]


def _judged_each(chars: str, bits: list[float], judge: str) -> list[float]:
    """What each of ``chars``, which the model costs ``bits``, costs as the ``judge`` costs it:
    the classical judge costs a Han character by the mean of its likelihoods in the model and in
    classical poetry (one the poems' table does not list as rare as the model's rarest), a
    Western letter or ASCII mark _FOREIGN_BITS more than the model, every other character as
    the model does. (One loop for a table's worth: a call a character was most of the time
    the byte-choice tables took to build.)"""
    if judge != CLASSICAL:
        return list(map(_readable, bits))
    classical = _classical_costs()
    found = []
    for char, cost in zip(chars, bits, strict=True):
        if "\u3400" <= char <= "\u9fff":
            other = classical.get(char, max(cost, RARE_HAN))
            cost = -math.log2(2 ** -cost / 2 + 2 ** -other / 2)
        elif char < "\u2000" and not char.isspace():
            cost += _FOREIGN_BITS
        found.append(cost if math.isfinite(cost) else UNREADABLE_BITS)
    return found


def _readable(bits: float) -> float:
    """``bits``, or UNREADABLE_BITS for a character the model cannot cost."""
    return bits if math.isfinite(bits) else UNREADABLE_BITS


@cache
def _classical_costs() -> dict[str, float]:
    """{Han character: its cost in classical poetry} (``classical_han_costs``, as the model
    stores it: read in a millisecond where counting the poems' table took about 30)."""
    sections = model.sections()
    return dict(zip(map(chr, model.values(sections["classical_han"], 4)),
                    model.floats(sections["classical_bits"]), strict=True))


def classical_han_costs() -> tuple[list[int], list[float]]:
    """(each Han character of classical poetry, -log2 of its share of the poems' Han
    characters, costed as the model costs modern ones: no character below FLOOR), for the
    model."""
    counts = {char: count for char, count in classical_frequency().items()
              if "\u3400" <= char <= "\u9fff"}
    total = sum(counts.values())
    return ([ord(char) for char in counts],
            [max(FLOOR, -math.log2(count / total)) for count in counts.values()])


@cache
def _read_bits(char: str, judge: str = MODERN) -> float:
    """What a character read from the restored bytes costs (``_read_costs``)."""
    return _read_costs(char, judge)[0]


def _read_costs(chars: str, judge: str) -> list[float]:
    """What each of ``chars`` costs read from the restored bytes: a letter no reading of GBK or
    Big5 writes (_READ_CHAR: Cyrillic я of A7 F1, kana) costs as much as an unreadable byte
    more, as ``read_whole`` refuses a line read with one. (A table's worth at once, the core's:
    the modern judge's costs and the few letters found at C speed.)"""
    bits = char_costs(chars)
    costs = _judged_each(chars, bits, judge)
    for letter in _NOT_READ_CHAR.finditer(chars):
        costs[letter.start()] += UNREADABLE_BITS
    return costs


_NOT_READ_CHAR = lazy_compile("[^" + _READ_CHAR.pattern[1:])


@lru_cache(maxsize=1 << 16)
def _pair_bits(left: str, right: str, judge: str = MODERN) -> float:
    """What the pair adds to its characters' costs: the Latin-1 join, less a word's bonus (the
    classical judge's: the larger of that and the pair's in classical poetry), and
    _TRAIL_BY_HAN_BITS for an ASCII character GBK or Big5 reads as a trail byte beside a Han
    character (竢 of B8 72 is no 赂 and an r: a letter glued to Han is seldom a word)."""
    glued = _TRAIL_BY_HAN_BITS if _han_and_trail(left, right) or _han_and_trail(right, left) \
        else 0.0
    bonus = word_bonus(left + right)
    if judge == CLASSICAL:
        bonus = max(bonus, _classical_bonus(left, right))
    return join(left, right) - bonus + glued


def _classical_bonus(left: str, right: str) -> float:
    keys = traditional_chars()
    return classical_pairs().get(keys.get(left, left) + keys.get(right, right), 0.0)


_TRAIL_BY_HAN_BITS = 5.0


def _han_and_trail(han: str, trail: str) -> bool:
    return "\u4e00" <= han <= "\u9fff" and "@" <= trail <= "~"
