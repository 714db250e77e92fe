"""Mojibake layer: text that was decoded with the wrong codec somewhere upstream.

Chinese mojibake (``浣犲ソ``: UTF-8 read as GBK; ``ÄãºÃ``: GBK read as cp1252; ``笢恅``: GBK read
as Big5; and the rest of ``CHAINS``) is reversed by ``recode``, run by run, wherever the
plausibility model prefers the repair by a clear margin. What remains of the Latin family (UTF-8
read as a Western code page, which is ftfy's specialty) goes to ftfy, line by line. Damage that no
decoder can undo (``锟斤拷``, U+FFFD, ``烫烫烫``, runs of ``?`` between Han characters) is only
reported.

The pipeline runs the layer only on text with a trigger: two adjacent characters of a Western
code page's upper half, a UTF-8 lead/continuation pair in Latin-1, a character that the
plausibility model calls very suspect (rare Han characters, kana, private use, ...), or one that
UTF-8 read as GBK or Big5 begins with. Line by line, the layer then tries the single-byte chains
where Western pairs are, the whole-line UTF-8 readings (one decode each) where such a beginning
is, and the double-byte chains run by run only where two suspect characters stand close
together, as mojibake always has and clean text almost never.

ftfy is called with every fix that rewrites correct Chinese text switched off: its defaults
fold fullwidth punctuation (，-> ,), straighten curly quotes and normalize with NFC/NFKC.
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import functools
import math
import operator
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from itertools import pairwise, repeat
from types import SimpleNamespace
from typing import TYPE_CHECKING

from textfix.lazy_regex import lazy_compile

from .. import _kernels, data, evidence, recode
from .._kernels import triggers as core_scan
from ..charclass import HAN, class_body
from ..explain import Step, splice
from ..plausibility import (
    SHORT_TEXT,
    SUSPECT,
    VERY_SUSPECT,
    char_cost,
    char_costs,
    cost,
    suspect_class,
    suspect_cluster,
    suspects,
    word_bonus,
)
from ..recode import Chain
from . import ftfy_undo, lossy_gbk

if TYPE_CHECKING:
    import ftfy


@cache
def ftfy_config() -> ftfy.TextFixerConfig:
    """ftfy's options for Chinese text. ftfy is imported on first use: it costs 45 ms of
    start-up that clean text never needs."""
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False,  # the html layer's job, with markup detection of its own
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,  # would fold ，。： into ,.:
        uncurl_quotes=False,  # would straighten “” into ""
        fix_line_breaks=False,  # line endings are the user's
        fix_surrogates=False,
        remove_control_chars=False,  # the unicode layer's job
        normalization=None,  # the unicode layer's job (NFC only; never NFKC)
        explain=True,
    )

@cache
def _ftfy_whole_only() -> ftfy.TextFixerConfig:
    """``ftfy_config`` without the piecewise decode of UTF-8 (``decode_inconsistent_utf8``)."""
    return ftfy_config()._replace(decode_inconsistent_utf8=False)


# UTF-8 read as Latin-1/cp1252 always shows a lead byte (C2-F4) followed by a continuation byte
# (80-BF, or the cp1252 character in that place), or a C1 control. Text without one is clean.
_CP1252_CONTINUATIONS = "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc" \
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
_C1 = "\u0080-\u009f"
_UTF8_LEAD = "\u00c2-\u00f4"
_CONTINUATION = f"\u0080-\u00bf{_CP1252_CONTINUATIONS}"
_UTF8_SCAN = _C1 + _UTF8_LEAD
# Written to start with one character class (the same matches as "lead continuation | C1"), so
# the regular-expression engine can skip to candidates: twice as fast on clean text.
_UTF8_TRIGGER = f"[{_UTF8_SCAN}](?:(?<=[{_C1}])|(?<=[{_UTF8_LEAD}])[{_CONTINUATION}])"
_LATIN = lazy_compile(_UTF8_TRIGGER)

# Where bytes were wrongly read, and what wrote them. Single-byte readings first: they are
# cheap to rule out.
_SINGLE_BYTE = ("sloppy-cp1252", "sloppy-cp1250", "sloppy-cp1254", "sloppy-mac_roman", "latin-1")
CHAINS = (
    *(Chain(wrong, "gb18030") for wrong in _SINGLE_BYTE),
    Chain("sloppy-cp1252", "utf-8"),  # ftfy's chains, where ftfy gives up: lost bytes
    Chain("latin-1", "utf-8"),
    Chain("sloppy-cp1252", "cp950"),
    Chain("gbk", "utf-8"),
    Chain("gbk", "cp950"),
    Chain("cp950", "gb18030"),
    Chain("cp950", "utf-8"),
)


# UTF-8 read as GBK, saved as UTF-8 and read as GBK again: the inner layer is no likelier than
# the outer one (both are rare characters), so a pass per layer never starts; the two decodes
# are tried together, on a whole line, wherever the chain of one layer is.
_TWICE = {chain: dataclasses.replace(chain, layers=2) for chain in CHAINS
          if chain == Chain("gbk", "utf-8")}

_FROM_UTF8 = frozenset(c for c in CHAINS if c.true == "utf-8" and not recode.single_byte(c.wrong))
_HAN_TO_HAN = frozenset(c for c in CHAINS if recode.han_to_han(c))
_HAN_TO_HAN_CHAINS = [chain for chain in CHAINS if chain in _HAN_TO_HAN]  # in CHAINS' order


@cache
def _western_class() -> str:
    """Every character that a Western code page writes for a byte above 7F."""
    chars = set().union(*(recode.upper_half(wrong) for wrong in _SINGLE_BYTE))
    return re.escape("".join(sorted(chars)))


# The code pages besides Latin-1 and cp1252 that ftfy reads UTF-8 back from (its
# CHARMAP_ENCODINGS; a test keeps the two lists the same): Cyrillic, Central European, Greek,
# Turkish, Baltic, Mac Roman and the DOS console's. A line of UTF-8 read as one of them is read
# back whole (PAGE_CHAINS), by the layer, or by ftfy where it is no Chinese; never run by run,
# and the trigger has to bring the layer such a line.
FTFY_PAGES = ("sloppy-cp1251", "sloppy-cp1250", "sloppy-cp1253", "sloppy-cp1254",
              "sloppy-cp1257", "sloppy-iso-8859-2", "sloppy-mac_roman", "sloppy-cp437")
PAGE_CHAINS = tuple(Chain(page, "utf-8") for page in FTFY_PAGES)
# UTF-8 lead bytes and the continuation bytes each has after it (two-byte sequences: Cyrillic,
# Greek, accented letters; three-byte ones: Chinese, its punctuation, most symbols).
_UTF8_LEADS = ((bytes(range(0xC2, 0xE0)), 1), (bytes(range(0xE0, 0xF0)), 2))


@cache
def _page_uppers() -> tuple[str, ...]:
    """The upper halves of the FTFY_PAGES that write more than Western characters."""
    western = set().union(*map(recode.upper_half, _SINGLE_BYTE))
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


@cache
def _utf8_lead_class() -> str:
    """The characters that GBK or Big5 makes of a UTF-8 lead byte of Chinese text or
    punctuation (E2-E9, EF) and a continuation byte, where such a character is far likelier to
    begin a garbled one than to stand as itself: every stretch of UTF-8 read as either begins
    with one (涓 鐨 浠 浣 鍒 ...)."""
    pairs = [(lead, trail) for lead in (*range(0xE2, 0xEA), 0xEF) for trail in range(0x80, 0xC0)]
    chars = set()
    for (lead, trail), begun in zip(pairs, _begun_by(pairs), strict=True):
        for codec in ("gbk", "cp950"):
            with contextlib.suppress(UnicodeDecodeError):
                char = bytes([lead, trail]).decode(codec)
                if begun and char_cost(char) + math.log2(begun) >= _LEAD_LIKELIER:
                    chars.add(char)
    return re.escape("".join(sorted(chars)))


# A character joins the class when it is 16 times (4 bits) likelier as the first half of a
# garbled character than as itself: its own frequency against that of the 64 characters whose
# UTF-8 begins with its two bytes (涓, the start of 上 下 不 中 个 两 ..., is 13.4 bits as
# itself; 閱, the start of rare 醀-醿, is common in traditional text and stays out). With it the
# layer looks at 188 of the 43,282 corpus paragraphs, against 680 with a threshold on the
# character's own cost, and finds every garbled benchmark sample it found before. The starts of
# UTF-8 punctuation read as GBK (鈥 銆 锛 锝, 11-16 bits likelier) are in, in no corpus paragraph.
_LEAD_LIKELIER = 4.0


def _begun_by(pairs: list[tuple[int, int]]) -> list[float]:
    """For each (lead, trail) byte pair, the summed frequency (2 ** -cost) of the characters whose
    UTF-8 begins with it: the 64 sequences of every pair decoded and costed at once (a decode
    per pair was 12 ms of import time)."""
    block = bytearray(b"\x00\x00\x00" * 64 + b"\n")  # NUL NUL last, 64 times; a boundary
    block[2:192:3] = range(0x80, 0xC0)
    blocks = []
    for lead, trail in pairs:
        block[0:192:3], block[1:192:3] = bytes([lead]) * 64, bytes([trail]) * 64
        blocks.append(bytes(block))
    readings = b"".join(blocks).decode("utf-8", "ignore").split("\n")
    return [sum(map(math.pow, repeat(2.0), map(operator.neg, char_costs(reading))))
            for reading in readings[:-1]]

@cache
def _han_to_han_class(han_likelier: float = 8.0, suspect_likelier: float = 8.0) -> str:
    """The characters that Big5 read as GBK, or GBK read as Big5, makes of a far commoner one,
    where such a character is likelier to be that misreading than itself: ㄛ and ﹝ (the GBK
    ， and 。 read as Big5), 蔚 (将), kana (Big5's commonest block read as GBK is kana). A Han
    character must be ``han_likelier`` bits likelier so (``suspect_likelier`` where it is a
    suspect one, SUSPECT bits or more), any other _OTHER_LIKELIER bits."""

    def likelier(char: str, before: float) -> float:
        if not ("\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"):
            return _OTHER_LIKELIER
        return suspect_likelier if before >= SUSPECT else han_likelier

    chars: set[str] = set()
    for chain in _HAN_TO_HAN:
        table = recode.reading_table(chain)
        garbled = "".join(chr(code) for code, reading in table.items()
                          if code >= 0x80 and reading != recode.UNREADABLE)
        readings = garbled.translate(table)
        chars.update(char for char, before, after
                     in zip(garbled, char_costs(garbled), char_costs(readings), strict=True)
                     if before - after >= likelier(char, before))
    # Letters of other alphabets (GBK's Greek and Cyrillic rows, Hangul) stay out: a Russian
    # or Greek text is made of them, and is no mojibake for being readable as Han characters.
    return class_body(char for char in chars if not _ALPHABETS.match(char))


# By default a Han character joins the class when its reading is 2^8 times commoner than itself,
# any other character (kana, bopomofo, symbols) when it is 4 times commoner: with it the layer
# looks at 26
# more of the 43,282 corpus paragraphs (次冪 10, 〞 6, 綴 5, ...; 188 before), and every line of
# the benchmark's Big5<->GBK samples but 4 (of 557) has a trigger. At 2^7 it looked at 151 more
# (弧 67, 钮 53), at 2^6 at 351; other characters at any gain: 798 (” 721).
_OTHER_LIKELIER = 2.0
_ALPHABETS = lazy_compile("[\u0000-\u1fff\uac00-\ud7af]")  # Latin, Greek, Cyrillic, Hangul ...



# A character this rare (20 bits) is reason enough to look at a line. At 18 bits (the suspect
# pairs' threshold) 680 clean corpus paragraphs were looked at (瞭 鈕 浏 冗 ...), at 20 bits 175,
# and every garbled benchmark sample that had a trigger at 18 still has one.
ALONE_SUSPECT = 20.0


# A title or a table cell (SHORT_TEXT characters or fewer) is too short for a suspect pair, and
# the layer reads it whole between Big5 and GBK (``recode.repair_short``), which decides. There
# a character of ``_han_to_han_class`` is reason enough to look at it where its reading is
# 2^6 times commoner (腔, the GBK 的 read as Big5, in "ck腔源楊"), or 4 times where it is a
# suspect one (瑩 and 茬 of "NumLock 瑩 甜祥毀茬", GBK read as Big5; 匡 and 兜 of "expr 匡兜",
# Big5 read as GBK), as ``suspect_cluster`` takes any suspect character in a short text. Of the
# 15,790 corpus paragraphs this short, 140 have one of them (624 with any suspect character)
# and 21 of those may save the margin (``short_trigger``).
_SHORT_HAN_LIKELIER = 6.0


def _short_class() -> str:
    """The characters that are a trigger in a short text."""
    return _han_to_han_class(_SHORT_HAN_LIKELIER, _OTHER_LIKELIER)


def derived_trigger_classes() -> dict[str, str]:
    """The trigger's character classes, computed from the codecs and the cost model:
    tools/generate_triggers.py stores them in ``data/trigger_chars.tsv``, and a test checks the
    stored ones against these. Computing them at import took 60 ms."""
    return {"alone": suspect_class(ALONE_SUSPECT), "utf8_lead": _utf8_lead_class(),
            "han_to_han": _han_to_han_class(), "short": _short_class(),
            "western_only": re.escape("".join(sorted(_western_only())))}


def _stored(name: str) -> str:
    """A trigger class as stored; derived where the file lacks it (as when the generator runs
    for the first time)."""
    stored = data.trigger_chars().get(name)
    return derived_trigger_classes()[name] if stored is None else stored


# 锟 (EF BF read as GBK) begins UTF-8 read as GBK, but far more often 锟斤拷, U+FFFD written in
# GBK: damage that nothing reads back, and no trigger (a page of it ran the layer on every line).
_DAMAGE_START = "锟"
_NOT_DAMAGE = "(?!斤拷)"


def _always() -> str:
    """The characters that start a TRIGGER match wherever they stand."""
    leads = _stored("utf8_lead").replace(_DAMAGE_START, "")  # a list of characters, no ranges
    return _stored("alone") + leads + _stored("han_to_han")


def scan_class() -> str:
    """The characters a TRIGGER match starts with, wherever they stand."""
    return _UTF8_SCAN + _always()


@cache
def scan_where() -> tuple[tuple[str, str], ...]:
    """The characters that start a TRIGGER match only in some places, as (characters, condition
    right after them): a Western upper-half character before another (“ alone stops the scan on
    492 corpus paragraphs), a short-text trigger in a text not much longer than a short one."""
    return ((_stored("western_only"), f"{_NOT_DOUBLED}(?=[{_western_class()}])"),
            (_DAMAGE_START, _NOT_DAMAGE), (_listed(_stored("short")), _SHORT_TEXT_AROUND),
            *_page_sequences())


def _listed(body: str) -> str:
    """A class body (of ``class_body``) as the escaped list of its characters, ranges spelt
    out, as the pipeline's scan takes characters that start a trigger only in some places."""
    return re.escape("".join(
        chr(code) for first, last in _CLASS_ITEM.findall(body)
        for code in range(ord(first[-1]), ord((last or first)[-1]) + 1)))


_CLASS_ITEM = lazy_compile(r"(\\.|[^\\])(?:-(\\.|[^\\]))?", re.DOTALL)  # a, \-, a-b


# Right after a character: no more than SHORT_TEXT characters up to it and fewer after it (a
# text of twice SHORT_TEXT characters at most; ``short_trigger`` measures it exactly).
_SHORT_TEXT_AROUND = f"(?<![\\s\\S]{{{SHORT_TEXT + 1}}})(?![\\s\\S]{{{SHORT_TEXT}}})"


@cache
def _western_only() -> frozenset[str]:
    """The Western upper-half characters that are no trigger on their own: not C1 controls, UTF-8
    lead bytes read as Latin-1, or very suspect (Mac Roman's private-use Apple logo)."""
    return frozenset(char for char in set().union(*map(recode.upper_half, _SINGLE_BYTE))
                     if not ("\x80" <= char <= "\x9f" or "\xc2" <= char <= "\xf4"
                             or char_cost(char) >= VERY_SUSPECT))


# Chinese writes its dash and its ellipsis doubled and next to its quotes (——, ……, ”——): all
# are Western upper-half characters (cp1252 93-97, 85), and two of them together are no sign of
# mojibake, which is made mostly of Latin-1 letters.
_DASHES = "\u2010-\u203a"
_NOT_DOUBLED = f"(?!(?<=[{_DASHES}])[{_DASHES}])"


def _western_pair() -> str:
    western = _western_class()
    return f"[{western}]{_NOT_DOUBLED}[{western}]"


@cache
def trigger() -> str:
    """What makes the pipeline run the layer: a UTF-8 lead/continuation pair or a C1 control, two
    Western upper-half characters, a very suspect character, or one that UTF-8 read as GBK or
    Big5 begins with. (The layer looks for suspect pairs line by line, a pattern too costly to
    compile at import.) Written as one class with lookarounds, like the pipeline's scan, so a
    search skips from candidate to candidate: as an alternation it ran at 20 Mchar/s."""
    classes = trigger_classes()
    # The large class of the characters that are a trigger alone stands once: the look-behinds
    # name the small ones (compiling it twice cost 30 ms of import time).
    return (f"[{classes['start']}]"
            f"(?:(?<![{classes['guarded']}])"
            f"|(?<={_DAMAGE_START}){_NOT_DAMAGE}"
            f"|(?<=[{_C1}])"
            f"|(?<=[{_UTF8_LEAD}])(?=[{_CONTINUATION}])"
            f"|(?<=[{classes['western']}]){_NOT_DOUBLED}(?=[{classes['western']}])"
            + "".join(f"|(?<=[{leads}]){condition}" for leads, condition in _page_sequences())
            + ")")


@cache
def trigger_classes() -> dict[str, str]:
    """The character classes (class bodies) that ``trigger`` and the pipeline's scan test, by
    name: the core reads them as character flags (``textfix._kernels.triggers``), its context
    rules standing for the lookarounds."""
    western = _western_class()
    (leads_1, _), (leads_2, _) = _page_sequences()
    return {
        "start": f"{_UTF8_SCAN}{western}{_always()}{_DAMAGE_START}{leads_1}{leads_2}",
        "guarded": f"{western}{_UTF8_LEAD}{_DAMAGE_START}{leads_1}{leads_2}",
        "damage_start": _DAMAGE_START, "c1": _C1, "utf8_lead": _UTF8_LEAD,
        "continuation": _CONTINUATION, "western": western, "dashes": _DASHES,
        "page_lead_1": leads_1, "page_lead_2": leads_2,
        "page_continuation": _page_continuations(), "scan": scan_class(),
    }


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(two Western upper-half characters, a stretch a Western code page can write, a character
    that UTF-8 read as a double-byte codec begins with)."""
    return (re.compile(_western_pair()), re.compile(f"[\\x00-\\x7f{_western_class()}]+"),
            re.compile(f"[{_stored('utf8_lead')}]"))

# Damage that cannot be undone: U+FFFD round-tripped through GBK (锟斤拷), U+FFFD itself, the
# MSVC fill patterns of uninitialised memory read as GBK (烫 = CC CC, 屯 = CD CD), and runs of
# "?" that a lossy encoder left between Han characters.
_DAMAGE = lazy_compile(
    f"(?:锟斤拷)+|\ufffd+|烫{{4,}}|屯{{4,}}|(?<=[{HAN}])\\?{{2,}}(?=[{HAN}])"
)


# The part of it that no chain reads back, with which no chain need be tried (U+FFFD and "?"
# are where the lossy readings start); 锟斤拷 may be cut by a line break.
_IRRECOVERABLE = lazy_compile("(?:锟斤拷?|斤拷)+|烫{4,}|屯{4,}")


def _spaces(match: re.Match[str]) -> str:
    return " " * len(match.group())


_DAMAGE_CHARS = lazy_compile("[锟\ufffd烫屯?]")


def find_damage(text: str) -> list[Step]:
    """Findings (changing nothing) for every stretch of irrecoverable damage in ``text``."""
    if not _DAMAGE_CHARS.search(text):
        return []
    return [
        Step("mojibake", "irrecoverable", m.start(), m.end(), m.group(), m.group(),
             "the original characters were lost before this text was made")
        for m in _DAMAGE.finditer(text)
    ]


def _line_chains(line: str) -> list[Chain]:
    return _chains_for(_IRRECOVERABLE.sub(_spaces, line) if "锟" in line else line)


def _run_repairs(line: str, chains: list[Chain]) -> list[tuple[recode.Repair, Chain]]:
    """The best set of non-overlapping repairs that the ``chains`` find in ``line`` run by run,
    where none reads it whole: a family at a time, the Western code pages (each Western stretch
    read whole before unit by unit), then the readings into UTF-8, then those between Big5 and
    GBK. A later family looks only where the repairs so far leave suspect characters: on lossy
    UTF-8 read as GBK that spares four chains of unit-by-unit work per line.
    """
    single = [chain for chain in chains if recode.single_byte(chain.wrong)]
    # The line's script ranks only readings from a Western code page, which only the
    # single-byte chains make: counting it on every line was a sixth of the time on classical
    # text.
    script = recode.script_of(line) if single else None
    found = _western_repairs(line, single, script) if single else []
    for family in (_FROM_UTF8, _HAN_TO_HAN):
        left = _chains_for(_blanked(line, [repair for repair, _ in found])) if found else chains
        found.extend((r, chain) for chain in left if chain in family
                     for r in recode.repair_runs(line, chain))
    found = [item for item in found if not _too_little(item, line)]
    found = _supported(line, found)
    short = _best_short(line, chains, found)
    return [short] if short else _best_disjoint(found, script)


def _supported(line: str, found: list[tuple[recode.Repair, Chain]]
               ) -> list[tuple[recode.Repair, Chain]]:
    """The runs ``found`` in ``line`` less those whose structure is too weak (``evidence``) for
    the clean Chinese around them: the line outside every run, and what the runs with no
    weakness read back as. A weak run of the chain that a run with none has found next to it
    is taken: that stretch was garbled by the chain (a short run between two ASCII words of a
    Big5 line read as GBK is as good as the long one)."""
    found = [(repair, chain) for repair, chain in found
             if not recode.han_to_han(chain) or _tells_enough_in_a_run(line, repair)]
    if not found:
        return found
    outside = _blanked(line, [repair for repair, _ in found])
    weak = [evidence.weaknesses(line, repair, chain, outside) for repair, chain in found]
    strong = [item for item, why in zip(found, weak, strict=True) if not why]
    context = evidence.clean_context(line, [repair for repair, _ in found]) + sum(
        evidence.han_count(repair.after) for repair, _ in strong)
    kept = []
    for (repair, chain), why in zip(found, weak, strict=True):
        if why and context >= evidence.CONTEXT_HAN and not _beside(line, repair, chain, strong):
            trimmed = _trimmed(line, repair, chain, outside)
            if trimmed is not None:
                kept.append((trimmed, chain))
            continue
        kept.append((repair, chain))
    return kept


def _beside(line: str, repair: recode.Repair, chain: Chain,
            strong: list[tuple[recode.Repair, Chain]]) -> bool:
    """Whether a run of ``strong`` of the same ``chain`` stands next to ``repair``'s run with no
    Han character between them: clean Chinese between the two (芃芃黍 苗， and a garbled clause
    after it) says the garbling stopped there."""
    for other, other_chain in strong:
        if other_chain != chain:
            continue
        start, end = min(other.end, repair.end), max(other.start, repair.start)
        if evidence.han_count(line[start:end]) == 0:
            return True
    return False


def _tells_enough_in_a_run(line: str, repair: recode.Repair) -> bool:
    """Whether a Big5/GBK run changes two characters that tell (``evidence.telling_changes``),
    or one private-use character (what Big5's punctuation is in GBK): ``recode``'s rule of two
    changed characters, with a symbol read back as another symbol not counted (豆●● is no
    ě〈〈)."""
    telling = evidence.telling_changes(line[repair.start:repair.end], repair.after)
    return len(telling) >= 2 or (
        len(telling) == 1 and _PRIVATE_USE.match(telling[0][0]) is not None)


_PRIVATE_USE = lazy_compile("[\ue000-\uf8ff]")


def _trimmed(line: str, repair: recode.Repair, chain: Chain, outside: str
             ) -> recode.Repair | None:
    """The longest part of a run read back into UTF-8, cut at either end, that reads whole
    (``recode.repair_whole``) with no weakness: a garbled clause that swept in a clean character
    next to it, which made a letter of another script (在最後一列例子裡, Ձ: the clean 諄 after
    ", " is no Armenian Ձ). A Big5/GBK run is cut by the characters at its ends that read back
    as symbols (如 before a garbled clause is no radical ⺼), at a margin of its own.
    None where no part does."""
    if recode.han_to_han(chain):
        return _han_trimmed(line, repair, chain, outside)
    if chain.true != "utf-8" or recode.single_byte(chain.wrong):
        return None
    for length in range(repair.end - repair.start - 1, 1, -1):
        for start in (repair.start, repair.end - length):
            found = recode.repair_whole(line[start:start + length], chain)
            if found:
                part = _shifted(found[0], start)
                if not evidence.weaknesses(line, part, chain, outside):
                    return part
    return None


def _han_trimmed(line: str, repair: recode.Repair, chain: Chain, outside: str
                 ) -> recode.Repair | None:
    """A Big5/GBK run less the characters at either end that read back as symbols, where what
    is left has no weakness and saves HAN_TRIMMED_MARGIN bits."""
    start, end = repair.start, repair.end

    def symbol(index: int) -> bool:  # a Big5/GBK reading is one character for one
        return evidence.read_as_symbol(line[index], repair.after[index - repair.start])

    while start < end and symbol(start):
        start += 1
    while end > start and symbol(end - 1):
        end -= 1
    if (start, end) == (repair.start, repair.end) or end - start < 2:
        return None
    after = repair.after[start - repair.start:end - repair.start]
    gain = cost(line[start:end]) - cost(after)
    part = recode.Repair(start, end, after, gain)
    if gain <= HAN_TRIMMED_MARGIN or evidence.weaknesses(line, part, chain, outside):
        return None
    return part


# What a Big5/GBK run cut so must save: the margin of such runs in ``recode``.
HAN_TRIMMED_MARGIN = 18.0


def _too_little(item: tuple[recode.Repair, Chain], line: str, whole: bool = False) -> bool:
    """Whether a run's repair rests on too little to outweigh what it reads, clean text with
    Western symbols in it being commoner than a garbled character alone: Chinese characters read
    from Western ones none of them next to another (Pro®© is no Pro悟, 25°±2 no 25停2,
    café®© no caf鮩, Привет¤©мир no Привет予мир), unless the context or the bytes say more
    (the three exceptions below); or Big5 and GBK read as each other where only alphabets and
    symbols are (мир is no 技我把). A garbled run of Chinese reads back as characters side by
    side. All of a ``line`` read back is more evidence: it is too little only where the line
    has no letter of an alphabet and what it makes is no common Han character (Acme®©, 25°±2,
    but \xa0«, Mac Roman, is 是)."""
    repair, chain = item
    before = line[repair.start:repair.end]
    if recode.han_to_han(chain):
        changed = "".join(old for old, new in zip(before, repair.after, strict=False) if old != new)
        return (not _EAST_ASIAN.search(before) or _ALPHABET_WORD.search(before) is not None
                or (_KANA.search(changed) is not None and not _compiled(_NOT_KANA).search(changed)
                    and not _NOT_JAPANESE.search(line)))
    if not recode.single_byte(chain.wrong):
        return False
    if chain.true == "utf-8" and _lone_letter(repair.after):
        return True
    if not whole and _written_elsewhere(line, repair, chain) and (
            evidence.glued_to_another_script(line, repair.start, repair.end, repair.after)
            or (not _C1_CONTROL.search(before) and (
                _cuts_a_european_word(line, repair)
                or (evidence.han_count(repair.after) < _PARTLY_GARBLED_HAN and not (
                    _only_chinese(line, repair, chain) or _joins_a_word(line, repair)
                    or _a_word_of_its_own(line, repair)))))):
        return True
    if not _lone_chinese(repair.after):
        return False
    if whole:
        return not (_has_letter(line) or (_commonest(repair.after)
                                          and not _between_figures(line, repair)))
    return not (_joins_a_word(line, repair) or _read_whole_from_utf8(line, repair, chain)
                or _a_word_of_its_own(line, repair))


# A line that holds characters a Western code page cannot write (价格, дії, これは, Łódź) was not
# read whole through it, and a run of it read back from that code page is a garbled stretch
# among clean text: it may not begin inside a European word or end inside one (résumé”€ is no
# résum销, brûlée·Ångström no brûl閑放ngström: the word holds accented letters besides those
# read), nor glue a Han character to a letter of an alphabet (дії®© is no дії悟), and it must
# make this many Han characters (®©¡n is no 悟》, ©Copyright®© no 〤opyrightī) unless it makes
# Han characters and nothing else non-ASCII (µÈÓÚ is 等于; one character read from all three
# bytes of its UTF-8: hostså’Œ is hosts和), a word with a clean neighbour, or a word of its own.
# A C1 control, which clean text never holds, is evidence enough.
_PARTLY_GARBLED_HAN = 3
_C1_CONTROL = lazy_compile("[\\x80-\\x9f]")


def _only_chinese(line: str, repair: recode.Repair, chain: Chain) -> bool:
    """Whether the reading's non-ASCII characters are all Han or CJK punctuation, with two Han
    characters at least, or none and two marks (£©£¬ is ），), or each read from all three
    bytes of its UTF-8 (``_read_whole_from_utf8``)."""
    letters = "".join(char for char in repair.after if not char.isascii())
    if not letters or not all(_compiled(_HAN).match(char) or recode.CJK_PUNCTUATION.match(char)
                              for char in letters):
        return False
    han = evidence.han_count(letters)
    return han >= 2 or (han == 0 and len(letters) >= 2) or _read_whole_from_utf8(
        line, repair, chain)


def _cuts_a_european_word(line: str, repair: recode.Repair) -> bool:
    """Whether the run begins with a letter that continues a word before it, or ends with one
    that a word after it continues, the word being Latin letters with a non-ASCII one among
    them."""
    return (line[repair.start:repair.start + 1].isalpha()
            and _european_word(line, repair.start, -1)) or (
        line[repair.end - 1:repair.end].isalpha() and _european_word(line, repair.end, 1))


def _european_word(line: str, edge: int, step: int) -> bool:
    """Whether the letters of ``line`` that end at ``edge`` (``step`` -1) or start there (1) are
    a European word: walked one by one and given up at the first letter that is not Latin, so
    that a long line costs the length of the word, not of the line (a search for the word
    before each run was quadratic on a 32 KB line)."""
    position = edge - 1 if step < 0 else edge
    while 0 <= position < len(line) and _compiled(r"[^\W\d_]").match(line[position]):
        if not _LATIN_LETTER.match(line[position]):
            return False
        position += step
    word = line[position + 1:edge] if step < 0 else line[edge:position]
    return _european(word)


def _european(word: str) -> bool:
    """Whether ``word`` is Latin letters with a non-ASCII one among them."""
    return all(_LATIN_LETTER.match(char) for char in word) and not word.isascii()


def _written_elsewhere(line: str, repair: recode.Repair, chain: Chain) -> bool:
    """Whether ``line`` outside the run holds a character that ``chain``'s Western code page
    cannot write."""
    writable = _writable(chain.wrong)
    return any(char not in writable
               for char in line[:repair.start] + line[repair.end:] if not char.isascii())


@cache
def _writable(codec: str) -> frozenset[str]:
    return frozenset(recode.upper_half(codec))


# A Chinese character this common (12 bits, the 922 commonest: 是 用 或 供, not 停 啊 悟)
# read alone from Western symbols is evidence enough: GBK's commonest characters are what GBK
# read as Mac Roman makes symbol pairs of (是 is \xa0«), and clean pairs seldom read as one.
_COMMONEST = 12.0


def _commonest(text: str) -> bool:
    """Whether every non-ASCII character of ``text`` is a Han character of _COMMONEST bits or
    less (not 々, 。 or ～, which symbol pairs read as too)."""
    letters = [char for char in text if not char.isascii()]
    return all(_compiled(_HAN).match(char) for char in letters) and all(
        cost <= _COMMONEST for cost in char_costs("".join(letters)))


def _between_figures(line: str, repair: recode.Repair) -> bool:
    """Whether the Western characters a repair reads stand between a figure (or its unit) and
    the next figure: the symbols that figures take (25°£12 is no 25除12, 25m³£1,299 no
    25m都1,299)."""
    core = _NOT_ASCII_RUN.search(line, repair.start, repair.end)
    if core is None:
        return False
    left, right = line[core.start() - 1:core.start()], line[core.end():core.end() + 1]
    return left.isascii() and left.isalnum() and right.isascii() and right.isdigit()


def _has_letter(text: str) -> bool:
    """Whether ``text`` holds a non-ASCII letter of an alphabet (iPhoneºÍiPad does; 12°±1 and
    25µm do not: µ, ª and º are letters to str.isalpha, signs to their names)."""
    return any("LETTER" in unicodedata.name(char, "") for char in text if not char.isascii())


def _a_word_of_its_own(line: str, repair: recode.Repair) -> bool:
    """Whether a reading, in a line with Chinese in it, is CJK punctuation next to a Han
    character or ending the line (lower£º小寫 is lower：小寫), or stands as a word of its own
    between spaces or punctuation and was read from a letter as well as a symbol (Linux »ò
    Windows is Linux 或 Windows, where a letter glued to a word of any script is the word's:
    Acme·über is no Acme伏ber, 서울±ß no 서울边)."""
    if _CJK.search(line) is None:
        return False
    core = _NOT_ASCII_RUN.search(line, repair.start, repair.end)
    if core is None:
        return False
    left, right = line[core.start() - 1:core.start()], line[core.end():core.end() + 1]
    edges = left + right
    if recode.CJK_PUNCTUATION.fullmatch("".join(
            char for char in repair.after if not char.isascii())):
        return _compiled(_HAN).search(edges) is not None or not right
    return (any(char.isalpha() for char in core.group())
            and not any(char.isalnum() for char in edges))


_NOT_ASCII_RUN = lazy_compile("[^\x00-\x7f]+")
_HAN = f"[{HAN}]"  # this, _NOT_KANA and _TWO_CJK are compiled on first use (2 ms each)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# A Chinese character read alone from all three bytes of its UTF-8 (ä»Ž is 从, å’Œ is 和) is
# evidence enough unless it is this rare: a clean letter and two symbols make rare ones (é®©
# would be 鮩, 27 bits), a garbled character of real text seldom is.
_INTACT_ALONE = 13.0


def _read_whole_from_utf8(line: str, repair: recode.Repair, chain: Chain) -> bool:
    """Whether a reading into UTF-8 read each of its Chinese characters from all three bytes (no
    byte guessed), and none of them is rarer than _INTACT_ALONE bits."""
    made = "".join(_CJK.findall(repair.after))
    read = sum(not char.isascii() for char in line[repair.start:repair.end])
    return (chain.true == "utf-8" and read >= 3 * len(made)
            and max(char_costs(made)) <= _INTACT_ALONE)


# What the pair with a clean neighbour must earn: a word's worth (什麼 10.4 bits, 我们 7.4), not
# a pair that words now and then hold (體悟 2.7: 軟體®© is no 軟體悟).
_JOIN_BITS = 6.0


def _joins_a_word(line: str, repair: recode.Repair) -> bool:
    """Whether the repair's first or last character makes a word with the clean character next to
    it (什»ò is 什麼: the context is the evidence two Western characters alone are not)."""
    before, after = line[repair.start - 1:repair.start], line[repair.end:repair.end + 1]
    return (word_bonus(before + repair.after[:1]) >= _JOIN_BITS if before else False) or (
        word_bonus(repair.after[-1:] + after) >= _JOIN_BITS if after else False)


_EAST_ASIAN = lazy_compile("[\u2e80-\U0010ffff]")  # CJK, private use and beyond: not an alphabet
# A word of Greek or Cyrillic: Big5 read as GBK makes such letters one here and there.
_ALPHABET_WORD = lazy_compile("[\u0370-\u03ff\u0400-\u052f]{3,}")
# Kana read as Han between Big5 and GBK, with nothing else garbled but symbols (テキスト° is
# no 氾平旦玄～): Japanese, unless the line shows what only mojibake has.
_KANA = lazy_compile("[\u3040-\u30ff]")
_NOT_KANA = f"[{HAN}\ue000-\uf8ff\u3100-\u312f]"


def _lone_letter(text: str) -> bool:
    """Whether ``text``, read back as UTF-8 from a Western code page, makes letters of no Latin
    or Chinese script, none of them next to another non-ASCII character: ß¥ read as one NKo
    letter, ×œ as Hebrew; a garbled word of Russian reads back as letters side by side. (Symbols
    and Latin letters, ✔ or é, are what Latin-family mojibake mostly is.)"""
    return (_CJK.search(text) is None and re.search("[^\x00-\x7f]{2}", text) is None
            and any(char.isalpha() and not _LATIN_LETTER.match(char) for char in text))


_LATIN_LETTER = lazy_compile("[\x00-\u024f\u1e00-\u1eff]")


def _best_short(line: str, chains: list[Chain], found: list[tuple[recode.Repair, Chain]]
                ) -> tuple[recode.Repair, Chain] | None:
    """The best reading of all of a short ``line`` between Big5 and GBK, if it saves about as
    much as the best of the runs ``found``: less by no more than the margin a repair must save
    (MARGIN), the evidence it would take that what the runs leave is clean (亩 read back as 譯
    saves nothing, 期 read back as 戳 costs 6 bits, but the rest of the title around it was
    garbled the same way). On the benchmark's short Big5/GBK lines (--limit 300) the whole
    reading was right wherever it saved 8 bits less at most, and wrong wherever 15 or more
    (CREATE DOMAIN - 定義一個新郖: 域 was clean)."""
    if len(line) > SHORT_TEXT or not _EAST_ASIAN.search(line):
        return None  # no reading between Big5 and GBK where only alphabets and symbols are
    whole = [(repair, chain) for chain in chains if chain in _HAN_TO_HAN
             if (repair := recode.repair_short(line, chain)) and not _too_little(
                 (repair, chain), line) and _tells_enough(line, repair)]
    if not whole:
        return None
    best = max(whole, key=lambda item: item[0].gain)
    rival = max((repair.gain for repair, _ in found), default=0.0)
    return best if best[0].gain >= rival - recode.MARGIN else None


def _tells_enough(line: str, repair: recode.Repair) -> bool:
    """Whether a short text's Big5/GBK reading changes enough that tells: two characters or
    more, not counting a symbol read back as another symbol. One character alone is
    ``recode.repair_short``'s lone-character rule, which holds where nothing else changes
    (岆 CD- is 是 CD-): beside symbols read back as other symbols, the text is no clean frame
    around one garbled character (鼠● is no 公〈, 桼● no 彰〈)."""
    telling = evidence.telling_changes(line, repair.after)
    changed = sum(old != new for old, new in zip(line, repair.after, strict=False))
    return len(telling) >= 2 or (len(telling) == 1 and changed == 1)


def _best_whole(text: str, chains: Sequence[Chain], script: str | None = None,
                keep: Callable[[tuple[recode.Repair, Chain]], bool] = lambda item: True,
                rarest: float = recode.WHOLE_WORST) -> tuple[recode.Repair, Chain] | None:
    """The whole-text reading that saves the most, of those the ``chains`` make (a decode each,
    two for UTF-8 read as GBK twice) with no character rarer than ``rarest`` and ``keep`` keeps.
    A Western code page's reading into UTF-8 goes before its readings into GB18030 or Big5: GBK
    text seldom is valid UTF-8 too, but a European word read back as Chinese can save more bits
    than as itself (HÃ´tel is Hôtel, not H么tel)."""
    tried = [*chains, *(_TWICE[chain] for chain in chains if chain in _TWICE)]
    whole = [(repairs[0], chain) for chain in tried
             if (repairs := recode.repair_whole(text, chain, rarest)) and keep((repairs[0], chain))]
    if any(recode.single_byte(chain.wrong) and chain.true == "utf-8" for _, chain in whole):
        whole = [item for item in whole if not recode.into_chinese(item[1])]
    return max(whole, key=lambda item: _ranked(item, script)) if whole else None


def _read_back_from_a_page(line: str) -> tuple[recode.Repair, Chain] | None:
    """The reading of all of ``line`` as UTF-8 read as one of FTFY_PAGES that saves the most.
    No run is read back from those pages, so a rare character does not bar the whole line
    (撷 in a cp1251 page)."""
    return _best_whole(line, PAGE_CHAINS, keep=lambda item: _reads_as_chinese(item[0].after),
                       rarest=math.inf)


def _reads_as_chinese(text: str) -> bool:
    """Whether ``text`` has Chinese characters, and its non-ASCII characters read like Chinese on
    average: what UTF-8 Chinese read back from a page is, and what a clean word read back is not
    (дії as cp1251 is 䳿, café©© as cp1250 驩, €¥ as Mac Roman Arabic ۴). UTF-8 read back as
    another alphabet is ftfy's to read."""
    letters = "".join(char for char in text if not char.isascii())
    return (_CJK.search(text) is not None
            and recode.reads_like_chinese(letters, recode.WHOLE_AVERAGE))


def _western_repairs(line: str, chains: list[Chain], script: str | None
                     ) -> list[tuple[recode.Repair, Chain]]:
    """The repairs of the single-byte ``chains`` in the stretches of ``line`` that a Western
    code page can write: the best whole reading of a stretch, else every chain unit by unit."""
    western_pair, western_run, _ = _patterns()
    found: list[tuple[recode.Repair, Chain]] = []
    for run in western_run.finditer(line):
        text = run.group()
        if not western_pair.search(text):
            continue
        offset = run.start()
        whole = _best_whole(text, chains, script, functools.partial(_enough_at, offset, line))
        best = [whole] if whole else _stretch_repairs(text, chains)
        found.extend((_shifted(r, offset), chain) for r, chain in best)
    return found


def _enough_at(offset: int, line: str, item: tuple[recode.Repair, Chain]) -> bool:
    """Whether a repair of the stretch of ``line`` at ``offset`` is not ``_too_little``."""
    repair, chain = item
    return not _too_little((_shifted(repair, offset), chain), line)


def _stretch_repairs(text: str, chains: list[Chain]) -> list[tuple[recode.Repair, Chain]]:
    """Every chain's repairs of a Western stretch, unit by unit, the readings into UTF-8 first:
    where they leave no two Western characters together, the readings into GB18030 or Big5
    have nothing left to win (on UTF-8 with dropped bytes that spares six chains of work)."""
    into_utf8 = [chain for chain in chains if chain.true == "utf-8"]
    found = [(r, chain) for chain in into_utf8 for r in recode.repair_runs(text, chain)]
    if found and not _patterns()[0].search(_blanked(text, [repair for repair, _ in found])):
        return found
    return found + [(r, chain) for chain in chains if chain not in into_utf8
                    for r in recode.repair_runs(text, chain)]


def _blanked(line: str, repairs: list[recode.Repair]) -> str:
    """``line`` with the stretches ``repairs`` cover turned into spaces (in one pass: a line of
    ten thousand repairs must not be copied ten thousand times)."""
    pieces, position = [], 0
    for repair in sorted(repairs, key=lambda repair: repair.start):
        start = max(repair.start, position)
        pieces += [line[position:start], " " * max(0, repair.end - start)]
        position = max(position, repair.end)
    pieces.append(line[position:])
    return "".join(pieces)


def _best_disjoint(found: list[tuple[recode.Repair, Chain]], script: str | None = None
                   ) -> list[tuple[recode.Repair, Chain]]:
    """The repairs with the largest gains that do not overlap, in text order (greedy, with the
    chosen ones kept sorted so that each check is a bisection). A reading from a Western code
    page into the other ``script`` than the line's is ranked SCRIPT_BITS lower (currency_symbol
    »ò in a simplified line is 或, GBK, not 麼, Big5, though 麼 saves 0.7 bits more)."""
    starts: list[int] = []
    chosen: list[tuple[recode.Repair, Chain]] = []
    for repair, chain in sorted(found, key=lambda item: -_ranked(item, script)):
        index = bisect.bisect_left(starts, repair.start)
        if (index == 0 or chosen[index - 1][0].end <= repair.start) and (
                index == len(starts) or repair.end <= starts[index]):
            starts.insert(index, repair.start)
            chosen.insert(index, (repair, chain))
    return chosen


SCRIPT_BITS = 4.0


def _ranked(item: tuple[recode.Repair, Chain], script: str | None) -> float:
    """A repair's gain, less SCRIPT_BITS where a Western code page is read back into the other
    script than the ``script`` of the line around it."""
    repair, chain = item
    other = (script is not None and recode.into_chinese(chain)
             and recode.script_of(repair.after) not in (None, script))
    return repair.gain - SCRIPT_BITS if other else repair.gain


def _chains_for(line: str) -> list[Chain]:
    """The chains worth trying on ``line``: the single-byte ones where two Western upper-half
    characters meet, the double-byte ones where suspect characters cluster, and the ones from
    UTF-8 also where a character stands that UTF-8 read as GBK or Big5 begins with (a garbled
    run need not hold a very suspect character: 鍒嗛厤 is 分配)."""
    western = _patterns()[0].search(line) is not None
    double = _han_to_han_spot(line) and not _looks_japanese(line)
    from_utf8 = double or _patterns()[2].search(line) is not None
    return [chain for chain in CHAINS
            if (western if recode.single_byte(chain.wrong)
                else from_utf8 if chain.true == "utf-8" else double)]


def _han_to_han_spot(line: str) -> bool:
    """Whether ``line`` has a place where Big5 and GBK may have been mixed up: suspect
    characters clustering (``suspect_cluster``), or a character that such a misreading makes of a
    commoner one next to a very suspect character or another of its kind (㏑\ue655 is 命令, a
    symbol and a private-use character), or in a short text alone (③⑴腔 URL﹝), as a
    short-text trigger is (expr 匡兜: ``short_trigger``); or two very
    suspect characters a little further apart than a suspect pair (璸衡 x \ue019 is 計算 x 的);
    or a character that is a trigger alone: the run around it must then be a whole clause
    (``recode.CLAUSE_CHARS``) or save the full margin (叫把綷 between ", " and " lilo" is 請參閱,
    綷 alone)."""
    if suspect_cluster(line) or short_trigger(line):
        return True
    likely = [match.start() for match in _likely().finditer(line)]
    if likely and len(line) <= SHORT_TEXT:
        return True
    very = [match.start() for match in suspects(line, VERY_SUSPECT)]
    # The characters that are a trigger alone are the very suspect ones this rare.
    if any(char_cost(line[index]) >= ALONE_SUSPECT for index in very):
        return True
    return len(line) > SHORT_TEXT and _near(likely, very, line)


# How far apart (in characters, one to the next) a character of ``_han_to_han_class`` may stand
# from another or from a very suspect one, and two very suspect ones from each other.
_LIKELY_REACH = 4
_VERY_REACH = 6


def _near(likely: list[int], very: list[int], line: str) -> bool:
    """Whether a character at ``likely`` stands _LIKELY_REACH characters or less from another
    at ``likely`` or ``very``, or two at ``very`` _VERY_REACH or less apart, on one line of
    ``line``. Where such a pair is, two characters next to each other in the positions' order
    are such a pair too (a third between two that are one is nearer to either, and of either
    kind), so only those are compared: a search for each kind instead of a pattern of the pairs
    that held the large classes five times (it took 40-100 ms to compile on the first suspect
    line)."""
    kinds = dict.fromkeys(very, 2)
    for index in likely:
        kinds[index] = kinds.get(index, 0) | 1
    order = sorted(kinds)
    for first, second in pairwise(order):
        reach = _VERY_REACH if kinds[first] & kinds[second] & 2 else _LIKELY_REACH
        if second - first <= reach and "\n" not in line[first + 1:second]:
            return True
    return False


@cache
def _likely() -> re.Pattern[str]:
    """A character of ``_han_to_han_class``, compiled on first use."""
    return re.compile(f"[{_stored('han_to_han')}]")


# Japanese text is full of kana, which is also what Big5 read as GBK shows. Its commonest
# particles and endings, several times over, and none of what only mojibake has (private use,
# bopomofo, box drawing), tell it apart.
_JAPANESE_PARTICLES = lazy_compile("[のはがをにでてとたしすまるい]")
_NOT_JAPANESE = lazy_compile("[\ue000-\uf8ff\u3105-\u312f\u2500-\u257f]")


def _looks_japanese(line: str) -> bool:
    return len(_JAPANESE_PARTICLES.findall(line)) >= 3 and not _NOT_JAPANESE.search(line)


def _shifted(repair: recode.Repair, offset: int) -> recode.Repair:
    return recode.Repair(repair.start + offset, repair.end + offset, repair.after, repair.gain)


def _fix_lines(text: str, explain: bool) -> tuple[str, list[Step]]:
    edits, steps = [], []
    spans = _trigger_spans(text)
    short = short_trigger(text)
    short_only = short and not spans
    found = [(offset, line, *((None, _short_repairs(line)) if short_only else _line_repairs(line)))
             for offset, line in _lines(text, spans, short)]
    # Hook (issue 14): GBK or Big5 read as Latin-1 and then passed through ftfy, page by page.
    undone = ftfy_undo.repair_page(found, _line_repairs)
    # Hook (issue 14): UTF-8 read by a lossy GBK decoder (Windows' cp936, a browser's gbk).
    undone.update(lossy_gbk.repair_lines(found, undone))
    for offset, line, latin, repairs in found:
        if offset in undone:
            edits.append((offset, offset + len(line), undone[offset][0]))
            if explain:
                steps.append(Step("mojibake", "recode", offset, offset + len(line), line,
                                  *undone[offset]))
            continue
        if latin is not None:
            edits.append((offset, offset + len(line), latin[0]))
            if explain:
                steps.append(Step("mojibake", "ftfy", offset, offset + len(line), line, *latin))
        for repair, chain in repairs:
            edits.append((offset + repair.start, offset + repair.end, repair.after))
            if explain:
                steps.append(Step("mojibake", "recode", offset + repair.start,
                                  offset + repair.end, line[repair.start:repair.end],
                                  repair.after,
                                  f"{chain.name}, {repair.gain:.0f} bits more plausible"))
    return (splice(text, edits) if edits else text), steps


def _line_repairs(line: str) -> tuple[tuple[str, str] | None, list[tuple[recode.Repair, Chain]]]:
    """(ftfy's repair of all of a triggered ``line``, or None; the chains' repairs otherwise).
    Reading the whole line costs a decode per chain; only when no chain reads it whole is ftfy
    asked first about a line with no Chinese in it, and then the chains run by run."""
    chains = _line_chains(line)
    # Chinese read as cp1251 or cp437 (дЅ еҐЅ, Σ╜áσÑ╜) is read back whole or not at all: ftfy
    # finds some of those lines not bad, and leaves them.
    whole = _best_whole(line, chains, keep=lambda item: not _too_little(item, line, whole=True)
                        ) or _read_back_from_a_page(line)
    latin = _ftfy_first(line, whole)
    repairs = [] if latin else [whole] if whole else _run_repairs(line, chains)
    if not latin and not repairs and _LATIN.search(line):
        latin = _ftfy_fixed(line)  # what the chains leave of the Latin family
    return latin, repairs


def _short_repairs(line: str) -> list[tuple[recode.Repair, Chain]]:
    """The reading of all of a short ``line`` between Big5 and GBK, for a line with only a
    short-text trigger: no chain from UTF-8 or a Western code page has a character to start
    from there, and on the 23 such samples of the benchmark (--limit 300, every chain) the full
    search finds what this does, at ten times the time."""
    if _looks_japanese(line):
        return []
    best = _best_short(line, _HAN_TO_HAN_CHAINS, [])
    return [best] if best else []


def _ftfy_first(line: str, whole: tuple[recode.Repair, Chain] | None) -> tuple[str, str] | None:
    """ftfy's reading of a ``line`` with no Chinese in it, taken before the chains' runs or a
    ``whole`` reading into Chinese (LiĂ¨ge is Liège, not Li猫ge); None where there is none."""
    if _CJK.search(line) or (whole is not None and not recode.into_chinese(whole[1])):
        return None
    return _ftfy_fixed(line, first=True)


# Han characters, kana, bopomofo, CJK and fullwidth punctuation. A line with none of them holds
# no Chinese read right, and whatever is wrong with it is first ftfy's to judge: UTF-8 read as
# cp1252, MacRoman, cp1251 or cp437 in any language (Hôtel, not H么tel; ирилицом, not 我把我抖我).
# What ftfy leaves (GBK read as Latin-1, UTF-8 with bytes lost) goes on to the chains.
_CJK_CLASS = f"[{HAN}\u3000-\u30ff\u3100-\u312f\uff00-\uffef]"
_CJK = lazy_compile(_CJK_CLASS)
_TWO_CJK = _CJK_CLASS + "{2}"


def _ftfy_fixed(line: str, first: bool = False) -> tuple[str, str] | None:
    """(ftfy's repair of ``line``, what it did), or None where it changes nothing; asked
    ``first``, also where it decodes only pieces of the line (that breaks GBK read as cp1252)
    or makes Chinese (the chains' to read, lost bytes and all)."""
    import ftfy

    if first and ftfy.fix_and_explain(line, config=_ftfy_whole_only()).text == line:
        # ftfy's steps are the same with and without its piecewise decode until that decode
        # changes something, and such a result is refused here: where ftfy without it changes
        # nothing, ftfy with it has nothing to give either. GBK read as Latin-1 is turned down
        # three times faster so.
        return None
    fixed, explanation = ftfy.fix_and_explain(line, config=ftfy_config())
    steps = explanation or []
    if fixed == line or (first and (("apply", "decode_inconsistent_utf8") in steps
                                    or _CJK.search(fixed))):
        return None
    kept = _judged(line, fixed)
    if kept == line:
        return None
    return kept, "ftfy: " + ", ".join(_ftfy_steps(steps))


# ftfy's changes this many unchanged characters apart or more are judged one by one: a long
# line (a document with its line breaks removed, a JSON field) holds clean stretches far apart,
# each of which must stand or fall on its own, as it would on a line of its own.
_APART = 16


def _judged(before: str, after: str) -> str:
    """``after`` (ftfy's repair of ``before``) with each change that rests on too little undone:
    Chinese characters none of them next to another (café®© is no caf鮩: the runs' rule,
    ``_too_little``, holds for ftfy's too), letters of a script the line lacks, each alone
    (Łódź®© is no Łódꮩ, €© no ۩, Αθήνα®€ no Αθήνᮀ), or a letter glued to one of another
    alphabet (Αθήνα»£ is no Αθήνợ). Changes fewer than _APART characters apart are judged
    together."""
    regions = _regions(before, after)
    pieces, position = [], 0
    for first, last, start, end in regions:
        pieces.append(before[position:first])
        changed = after[start:end]
        alone = before[:first] + changed + before[last:]
        weak = (_lone_chinese(changed) or evidence.odd_letters(before, alone)
                or evidence.glued_to_another_script(before, first, last, changed))
        pieces.append(before[first:last] if weak else changed)
        position = last
    pieces.append(before[position:])
    return "".join(pieces)


def _regions(before: str, after: str) -> list[tuple[int, int, int, int]]:
    """(first, last, start, end): ``before[first:last]`` became ``after[start:end]``, for each
    stretch of changes, those fewer than _APART unchanged characters apart taken as one. A line
    whose changes all lie within _APART characters (most) is only trimmed of its common ends;
    others are walked in step, in linear time: past each change, where the two agree again is
    looked for within _REACH characters, and a line of more than _MOST_REGIONS stretches (garbled
    through) is one."""
    first = 0
    while first < min(len(before), len(after)) and before[first] == after[first]:
        first += 1
    tail = 0
    while tail < min(len(before), len(after)) - first and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    last, end = len(before) - tail, len(after) - tail
    if last - first < _APART:
        return [(first, last, first, end)]
    regions: list[list[int]] = []
    old, new = first, first
    while old < last and new < end:
        if before[old] == after[new]:
            old, new = old + 1, new + 1
            continue
        again = _in_step(before, after, old, new, last, end)
        if again is None or len(regions) == _MOST_REGIONS:
            again = (last, end)
        if regions and old - regions[-1][1] < _APART:
            regions[-1][1], regions[-1][3] = again
        else:
            regions.append([old, again[0], new, again[1]])
        old, new = again
    if old < last or new < end:
        regions.append([old, last, new, end])
    return [(first, last, start, end) for first, last, start, end in regions]


# Characters that must agree past a change for the two texts to be in step again, and how far
# past its start a change's end is looked for (ftfy's repairs are a few characters each).
_ANCHOR = 8
_REACH = 64
_MOST_REGIONS = 64


def _in_step(before: str, after: str, old: int, new: int, last: int, end: int
             ) -> tuple[int, int] | None:
    """The nearest (old', new') past a change at ``before[old]``/``after[new]`` where _ANCHOR
    characters (or what is left before ``last``/``end``) agree; None within _REACH."""
    starts: dict[str, int] = {}
    for shift in range(min(_REACH, end - new) + 1):
        starts.setdefault(after[new + shift:min(new + shift + _ANCHOR, end)], new + shift)
    best: tuple[int, int, int] | None = None
    for shift in range(min(_REACH, last - old) + 1):
        found = starts.get(before[old + shift:min(old + shift + _ANCHOR, last)])
        if found is not None and (best is None or shift + found - new < best[0]):
            best = (shift + found - new, old + shift, found)
    return None if best is None else (best[1], best[2])


def _lone_chinese(text: str) -> bool:
    """Whether ``text`` holds Chinese characters, none of them next to another."""
    return _CJK.search(text) is not None and _compiled(_TWO_CJK).search(text) is None



def _ftfy_steps(steps: Sequence[tuple[str, str]]) -> Iterator[str]:
    """ftfy's steps in words: an encode and the decode after it (past any transcode between)
    are a reading (``utf-8 read as windows-1250``), the rest as ftfy names them."""
    encoded = None
    for action, arg in steps:
        if action == "encode":
            encoded = arg.removeprefix("sloppy-")
        elif action == "decode" and encoded is not None:
            yield f"{arg} read as {encoded}"
            encoded = None
        else:
            yield f"{action} {arg}"


@cache
def _short() -> re.Pattern[str]:
    """A character of the short-text class, compiled on first use (the class is large)."""
    return re.compile(f"[{_stored('short')}]")


def short_trigger(text: str) -> bool:
    """Whether ``text`` is a short line (a title, a table cell) with a character that is a
    trigger there, whose Big5/GBK reading as a whole may save the margin
    (``recode.whole_could_save``): the pipeline runs the layer on it though ``trigger`` finds
    nothing. The scan stops at such a character in a text twice as long at most
    (``scan_where``); this measures it."""
    return (len(text) <= SHORT_TEXT and "\n" not in text and _short().search(text) is not None
            and any(recode.whole_could_save(text, chain) for chain in _HAN_TO_HAN_CHAINS))


@cache
def _trigger() -> re.Pattern[str]:
    return re.compile(trigger())  # the pipeline compiles the same string: re's cache shares it


def _triggered_lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) of each line of ``text`` with a trigger in it: in a long document the
    one line with a rare character is looked at, not the thousand beside it. Every line of a
    short text with a short-text trigger is (it has one)."""
    return _lines(text, _trigger_spans(text), short_trigger(text))


def _lines(text: str, spans: list[tuple[int, int]], short: bool) -> Iterator[tuple[int, str]]:
    if short:
        yield 0, text
        return
    for start, end in spans:
        yield start, text[start:end]


def _trigger_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line of ``text`` with a ``trigger`` match in it: the line around a
    match (lines end at "\n"), the next search starting after that line. The reference; the
    core's scan finds the same in one pass."""
    spans = []
    position = 0
    while (match := _trigger().search(text, position)) is not None:
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        end = len(text) if end < 0 else end
        spans.append((start, end))
        position = end + 1
    return spans


def _core_trigger_spans(text: str) -> list[tuple[int, int]]:
    assert _kernels.core is not None
    spans: list[tuple[int, int]] = _kernels.core.scan(text, core_scan.MOJIBAKE | core_scan.LINES)[2]
    return spans


REFERENCE = SimpleNamespace(trigger_spans=_trigger_spans)
if _kernels.core is not None:
    _trigger_spans = _core_trigger_spans


# Mojibake of mojibake (UTF-8 read as cp1252 twice) is undone a layer per pass.
_MAX_LAYERS = 4


def run(text: str, explain: bool) -> tuple[str, list[Step]]:
    """Repair the mojibake in ``text``, layer after layer: all of them before the unicode layer
    removes the soft hyphens and C1 controls that an inner layer is partly made of."""
    steps: list[Step] = []
    for layer in range(_MAX_LAYERS):
        repaired, new_steps = _fix_lines(text, explain)
        if repaired == text:
            break
        # Each pass indexes the text the previous one made: a group of its own.
        steps.extend(dataclasses.replace(step, group=layer) for step in new_steps)
        text = repaired
    return text, steps


def fix_mojibake(text: str) -> str:
    """The mojibake layer on its own.

    >>> fix_mojibake("ä½\\xa0å¥½ï¼Œä¸–ç•Œ")
    '你好，世界'
    """
    return run(text, explain=False)[0]
