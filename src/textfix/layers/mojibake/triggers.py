"""Which lines the mojibake layer looks at: the trigger, and the pipeline's scan of it.

The pipeline runs the layer only on text with a trigger: two adjacent characters of a Western
code page's upper half, a UTF-8 lead/continuation pair in Latin-1, a character that the
plausibility model calls very suspect (rare Han characters, kana, private use, ...), or one that
UTF-8 read as GBK or Big5 begins with. The large classes are computed from the codecs and the
cost model by ``trigger_derivation`` and stored by tools/generate_triggers.py; this module reads
them. ``trigger_spans`` has a Python reference (``REFERENCE``) and the core's scan.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from types import SimpleNamespace

from ... import _kernels, data, recode
from ..._kernels import triggers as core_scan
from ...charclass import class_body, ranges_body
from ...lazy_regex import lazy_compile
from ...plausibility import SHORT_TEXT
from .chains import FTFY_PAGES, HAN_TO_HAN_CHAINS, WESTERN_PAGES

# UTF-8 read as Latin-1/cp1252 always shows a lead byte (C2-F4) followed by a continuation byte
# (80-BF, or the cp1252 character in that place), or a C1 control. Text without one is clean.
_CP1252_CONTINUATIONS = class_body(set(bytes(range(0x80, 0xC0)).decode("cp1252", "ignore"))
                                   - set(map(chr, range(0x80, 0xC0))))


_C1 = "\u0080-\u009f"

_UTF8_LEAD = "\u00c2-\u00f4"

_CONTINUATION = f"\u0080-\u00bf{_CP1252_CONTINUATIONS}"

_UTF8_SCAN = _C1 + _UTF8_LEAD

# Written to start with one character class (the same matches as "lead continuation | C1"), so
# the regular-expression engine can skip to candidates: twice as fast on clean text.
_UTF8_TRIGGER = f"[{_UTF8_SCAN}](?:(?<=[{_C1}])|(?<=[{_UTF8_LEAD}])[{_CONTINUATION}])"

UTF8_AS_LATIN = lazy_compile(_UTF8_TRIGGER)


@cache
def _western_class() -> str:
    """Every character that a Western code page writes for a byte above 7F."""
    chars = set().union(*(recode.upper_half(wrong) for wrong in WESTERN_PAGES))
    return re.escape("".join(sorted(chars)))


# UTF-8 lead bytes and the continuation bytes each has after it (two-byte sequences: Cyrillic,
# Greek, accented letters; three-byte ones: Chinese, its punctuation, most symbols).
_UTF8_LEADS = ((bytes(range(0xC2, 0xE0)), 1), (bytes(range(0xE0, 0xF0)), 2))


@cache
def _page_uppers() -> tuple[str, ...]:
    """The upper halves of the FTFY_PAGES that write more than Western characters."""
    western = set().union(*map(recode.upper_half, WESTERN_PAGES))
    return tuple(upper for upper in map(recode.upper_half, FTFY_PAGES)
                 if not set(upper) <= western)


@cache
def _page_continuations() -> str:
    """The class body of what those pages make of UTF-8 continuation bytes."""
    return class_body("".join(upper[:0x40] for upper in _page_uppers()))


@cache
def _page_sequences() -> tuple[tuple[str, str], ...]:
    """(the characters FTFY_PAGES make of UTF-8 lead bytes, escaped, and a condition on what
    follows: as many characters as the lead has continuation bytes, of those the pages make of
    continuation bytes), a pair for each sequence length: UTF-8 read as those pages (дЅ and
    Σ╜á, cp1251 and cp437, are 你; Рџ, cp1251, is П). Pages that write only Western
    characters (cp1250, cp1254, Mac Roman) are left to the trigger of two Western characters:
    Mac Roman's — and “ are leads, and would stop the scan at Chinese ——. One class for all
    the pages, not one per page: 16 classes took 8 ms more to compile at import. (The leads are
    listed, not ranged: the pipeline's scan takes them a character at a time.)"""
    uppers, continuations = _page_uppers(), _page_continuations()
    return tuple(
        (re.escape("".join(sorted({upper[byte - 0x80] for upper in uppers for byte in leads}))),
         f"(?=[{continuations}]{{{count}}})")
        for leads, count in _UTF8_LEADS)


# A character this rare (20 bits) is reason enough to look at a line. At 18 bits (the suspect
# pairs' threshold) 680 clean corpus paragraphs were looked at (瞭 鈕 浏 冗 ...), at 20 bits 175,
# and every garbled benchmark sample that had a trigger at 18 still has one.
ALONE_SUSPECT = 20.0


@cache
def stored_class(name: str) -> str:
    """The class body of a trigger class as tools/generate_triggers.py stored it (computed by
    ``trigger_derivation``)."""
    return ranges_body(data.trigger_ranges()[name])


def _stored_list(name: str) -> str:
    """A stored trigger class as the escaped list of its characters, as the pipeline's scan
    takes characters that start a trigger only in some places."""
    return re.escape("".join(chr(code) for first, last in data.trigger_ranges()[name]
                             for code in range(first, last + 1)))


# 锟 (EF BF read as GBK) begins UTF-8 read as GBK, but far more often 锟斤拷, U+FFFD written in
# GBK: damage that nothing reads back, and no trigger (a page of it ran the layer on every line).
_DAMAGE_START = "锟"

_NOT_DAMAGE = "(?!斤拷)"


def _trigger_anywhere_class() -> str:
    """The characters that start a TRIGGER match wherever they stand."""
    leads = _stored_list("utf8_lead").replace(_DAMAGE_START, "")
    return stored_class("alone") + leads + stored_class("han_to_han")


def scan_class() -> str:
    """The characters a TRIGGER match starts with, wherever they stand."""
    return _UTF8_SCAN + _trigger_anywhere_class()


@cache
def scan_where() -> tuple[tuple[str, str], ...]:
    """The characters that start a TRIGGER match only in some places, as (characters, condition
    right after them): a Western upper-half character before another (“ alone stops the scan on
    492 corpus paragraphs) or a Big5 pair read as Western (``western_pair``), a short-text
    trigger in a text not much longer than a short one."""
    western = (f"(?:{_NOT_DOUBLED}(?=[{_western_class()}])"
               f"|(?<=[{_BIG5_LEAD}]){_big5_ascii_pairs(_BIG5_LEAD)})")
    return ((_stored_list("western_only"), western),
            (_DAMAGE_START, _NOT_DAMAGE), (_stored_list("short_text"), _SHORT_TEXT_AROUND),
            *_page_sequences())


# Right after a character: no more than SHORT_TEXT characters up to it and fewer after it (a
# text of twice SHORT_TEXT characters at most; ``short_trigger`` measures it exactly).
_SHORT_TEXT_AROUND = f"(?<![\\s\\S]{{{SHORT_TEXT + 1}}})(?![\\s\\S]{{{SHORT_TEXT}}})"

# Chinese writes its dash and its ellipsis doubled and next to its quotes (——, ……, ”——): all
# are Western upper-half characters (cp1252 93-97, 85), and two of them together are no sign of
# mojibake, which is made mostly of Latin-1 letters.
_DASHES = "\u2010-\u203a"

_NOT_DOUBLED = f"(?!(?<=[{_DASHES}])[{_DASHES}])"


def _western_pair() -> str:
    western = _western_class()
    return f"[{western}]{_NOT_DOUBLED}[{western}]"


# Big5 read as a Western code page: a character of Big5's frequent block (leads A4-C6) whose
# second byte is ASCII (40-7E) reads as one Western character and one ASCII one (±q is 從,
# ¥i¥H 可以), and a short field of such characters has no two Western ones side by side. Two
# of them in a row are the sign: European text writes the capitals and symbols these leads read
# as (¤-Æ) before an ASCII letter seldom, and never twice running (Århus, Ålesund).
_BIG5_LEAD = re.escape(bytes(range(0xA4, 0xC7)).decode("latin-1"))  # a class body; cp1252 alike
_BIG5_ASCII_TRAIL = "\x40-\x7e"


def _big5_ascii_pairs(lead: str) -> str:
    """The condition right after a Big5 lead read as Western (``lead``, a class body): an ASCII
    second byte, then another such character."""
    return f"(?=[{_BIG5_ASCII_TRAIL}][{lead}][{_BIG5_ASCII_TRAIL}])"


@cache
def trigger() -> str:
    """What makes the pipeline run the layer: a UTF-8 lead/continuation pair or a C1 control, two
    Western upper-half characters or two Big5 characters read as a Western and an ASCII one
    each, a very suspect character, or one that UTF-8 read as GBK or Big5 begins with. (The
    layer looks for suspect pairs line by line, a pattern too costly to compile at import.)
    Written as one class with lookarounds, like the pipeline's scan, so a search skips from
    candidate to candidate: as an alternation it ran at 20 Mchar/s."""
    classes = trigger_classes()
    # The large class of the characters that are a trigger alone stands once: the look-behinds
    # name the small ones (compiling it twice cost 30 ms of import time).
    return (f"[{classes['start']}]"
            f"(?:(?<![{classes['guarded']}])"
            f"|(?<={_DAMAGE_START}){_NOT_DAMAGE}"
            f"|(?<=[{_C1}])"
            f"|(?<=[{_UTF8_LEAD}])(?=[{_CONTINUATION}])"
            f"|(?<=[{classes['western']}]){_NOT_DOUBLED}(?=[{classes['western']}])"
            f"|(?<=[{classes['big5_lead']}]){_big5_ascii_pairs(classes['big5_lead'])}"
            + "".join(f"|(?<=[{leads}]){condition}" for leads, condition in _page_sequences())
            + ")")


@cache
def trigger_classes() -> dict[str, str]:
    """The character classes (class bodies) that ``trigger`` and the pipeline's scan test, by
    name: the core reads them as character flags (``textfix.layers.scan_table``), its context
    rules standing for the lookarounds."""
    western = _western_class()
    (leads_1, _), (leads_2, _) = _page_sequences()
    return {
        "start": (f"{_UTF8_SCAN}{western}{_trigger_anywhere_class()}{_DAMAGE_START}"
                  f"{leads_1}{leads_2}"),
        "guarded": f"{western}{_UTF8_LEAD}{_DAMAGE_START}{leads_1}{leads_2}",
        "damage_start": _DAMAGE_START, "c1": _C1, "utf8_lead": _UTF8_LEAD,
        "continuation": _CONTINUATION, "western": western, "dashes": _DASHES,
        "page_lead_1": leads_1, "page_lead_2": leads_2,
        "page_continuation": _page_continuations(), "scan": scan_class(),
        "big5_lead": _BIG5_LEAD,
    }


def big5_pairs_only(text: str) -> bool:
    """Whether the only sign in ``text`` that the single-byte chains are worth trying is Big5
    read as a Western code page with ASCII second bytes (``western_pair``'s second part)."""
    return western_pair().search(text) is not None and _two_western().search(text) is None


@cache
def _two_western() -> re.Pattern[str]:
    return re.compile(_western_pair())


@cache
def western_pair() -> re.Pattern[str]:
    """Two Western upper-half characters (not a doubled dash), or two Big5 characters read as
    a Western character and an ASCII one each: where the single-byte chains are worth
    trying."""
    return re.compile(f"{_western_pair()}|[{_BIG5_LEAD}]{_big5_ascii_pairs(_BIG5_LEAD)}")


@cache
def western_stretch() -> re.Pattern[str]:
    """A stretch that a Western code page can write."""
    return re.compile(f"[\\x00-\\x7f{_western_class()}]+")


@cache
def utf8_start() -> re.Pattern[str]:
    """A character that UTF-8 read as a double-byte codec begins with."""
    return re.compile(f"[{stored_class('utf8_lead')}]")


@cache
def _short_text_char() -> re.Pattern[str]:
    """A character of the short-text class, compiled on first use (the class is large)."""
    return re.compile(f"[{stored_class('short_text')}]")


def short_trigger(text: str) -> bool:
    """Whether ``text`` is a short line (a title, a table cell) with a character that is a
    trigger there, whose Big5/GBK reading as a whole may save the margin
    (``recode.whole_could_save``): the pipeline runs the layer on it though ``trigger`` finds
    nothing. The scan stops at such a character in a text twice as long at most
    (``scan_where``); this measures it."""
    return (len(text) <= SHORT_TEXT and "\n" not in text
            and _short_text_char().search(text) is not None
            and any(recode.whole_could_save(text, chain) for chain in HAN_TO_HAN_CHAINS))


@cache
def _trigger_pattern() -> re.Pattern[str]:
    return re.compile(trigger())  # the pipeline compiles the same string: re's cache shares it


def lines_to_read(text: str, spans: list[tuple[int, int]], short_text: bool
                  ) -> Iterator[tuple[int, str]]:
    """(offset, line) of each line at ``spans``; all of ``text`` where it is a ``short_text``
    with a short-text trigger."""
    if short_text:
        yield 0, text
        return
    for start, end in spans:
        yield start, text[start:end]


def trigger_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line of ``text`` with a ``trigger`` match in it: the line around a
    match (lines end at "\n"), the next search starting after that line. The reference; the
    core's scan finds the same in one pass."""
    spans = []
    position = 0
    while (match := _trigger_pattern().search(text, position)) is not None:
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        end = len(text) if end < 0 else end
        spans.append((start, end))
        position = end + 1
    return spans


def core_trigger_spans(text: str) -> list[tuple[int, int]]:
    assert _kernels.core is not None
    spans: list[tuple[int, int]] = _kernels.core.scan(text, core_scan.MOJIBAKE | core_scan.LINES)[2]
    return spans


REFERENCE = SimpleNamespace(trigger_spans=trigger_spans)

if _kernels.core is not None:
    trigger_spans = core_trigger_spans
