"""Accuracy of the mojibake repair per corruption chain, against ftfy and a brute-force baseline.

    python benchmarks/mojibake_accuracy.py [--corpus PATH] [--quick] [--limit N] [--seed N]
                                           [--json FILE] [--literary PATH] [--old-ftfy PYTHON]
                                           [--literary-sources [!]NAME,...] [--chains REGEX]
                                           [--no-clean]

Real paragraphs of the dev corpus (a fixed seed picks ``--limit`` per script and length class,
plus as many 5-20 character "titles/cells" cut from paragraphs, plus documents of three
consecutive paragraphs of a manual page) are garbled with every chain of ``CHAINS``: one wrong
decode (strict: a sample the chain cannot produce with ``errors="strict"`` is skipped and
counted; a chain that can make almost none, UTF-8 read as GBK twice, draws more of the same
script and class in their place, see ``REFILLED``), two wrong decodes, a wrong decode of one
span inside clean text, and lossy decodes (U+FFFD, Windows' ``?``, dropped bytes, NBSP turned
into a space). Pages of 30 lines (dev and literary paragraphs of one script) and single lines
are garbled by the chains real pipelines add (``PAGED``): a GBK or Big5 page read as Latin-1 or
cp1252 and then given to ``ftfy.fix_text`` (the installed release, and an older one in its own
interpreter, ``--old-ftfy``), and UTF-8 read by Windows' lossy cp936 and by a browser's gb18030
and Big5 decoders, UTF-8 read as cp1252 and Big5 read as GBK with errors="replace"; the lossy
rows also count the wrong characters that no loss marker shows. ``--literary-sources`` builds
the pages of some collections of the literary corpus only (``!quantangshi,quansongshi``: all
but the two that ``data/classical_*.tsv`` are derived from, a split held out from them).
Each garbled text is given, in the same process, to

* ``textfix.fix`` with the default configuration;
* ``ftfy.fix_text`` with textfix's CJK-safe config (``textfix.layers.mojibake.ftfy_config``);
* a brute-force baseline: every (wrong codec, true codec) pair on the whole string, keeping the
  candidate with the highest share of common characters (``textfix.data.common_chars``);
* nothing (the text as garbled: for lossy chains, the error rate of doing nothing).

Figures: exact recovery (output == original) and the character error rate (Levenshtein
distance summed over samples / original characters summed). Then every paragraph of the corpus
(all scripts, English too) goes through each repairer as clean text: any change is a false
positive. Throughput of textfix and ftfy is taken on the same calls (garbled and clean).
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import gzip
import json
import os
import platform
import random
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib.metadata import version
from itertools import islice, permutations
from pathlib import Path

import ftfy
from common import SHARED, argument_parser, command_line, git_state

import textfix
from textfix.data.common_chars import COMMON
from textfix.layers.html import unescape_entities
from textfix.layers.mojibake import ftfy_config

DEFAULT_LIMIT = 500  # samples per script and length class
QUICK_LIMIT = 20
QUICK_SHARE = 10  # --quick: clean-text check on one paragraph in ten
DEFAULT_SEED = 20240611
SCRIPTS = ("simplified", "traditional")
CLASSES = ("title", "short", "sentence", "long", "doc", "page")
WHOLE = frozenset({"title", "short", "sentence", "long"})  # whole-text chains
# Pages: PAGE_DEV consecutive paragraphs of the dev corpus (manual pages of one script) and
# PAGE_LITERARY consecutive ones of the literary corpus in the same script, a line each; only
# the chains of whole pages (PAGED) are measured on them, and on single lines.
PAGE_DEV, PAGE_LITERARY = 20, 10
PAGES_PER_LIMIT = 6  # pages per script: --limit / this
PAGED = WHOLE | {"page"}
DEFAULT_LITERARY = SHARED / "corpus" / "literary.jsonl.gz"
OLD_FTFY_ENV = "MOJIBAKE_BENCH_OLD_FTFY"  # the interpreter of an older ftfy, if no --old-ftfy
SPANNED = frozenset({"sentence", "long", "doc"})  # one garbled span in clean text
TITLE_MIN, TITLE_MAX = 5, 20
DOC_PARAGRAPHS = 3
SPAN_MIN, SPAN_MAX, CLEAN_MIN = 6, 30, 5  # a garbled span keeps >= CLEAN_MIN clean characters
RANDOM_SPANS = 8  # random spans tried after the clauses
SHOWN_DIFFS = 5
GBK_SOURCE = "gb18030"  # what GBK-family software writes; byte-identical to gbk on GBK text
TOOLS = ("textfix", "ftfy", "brute", "none")
# The lossy rows are measured a second time with textfix's opt-in guesses (lossy="guess").
GUESS = "textfix-guess"
# Of the chains, throughput given per group.
GROUPS = ("strict", "two layers", "partial", "lossy", "through ftfy")


class Skip(Exception):
    """A sample that a chain cannot produce; the message is the reason counted."""


# --- codecs ---------------------------------------------------------------------------------
# Browsers decode the bytes cp1252 (and Mac Roman) leave undefined as the C1 control of the
# same number, so the text survives; Python's codecs raise instead. "<codec>/web" is the former.


@cache
def _web_maps(codec: str) -> tuple[dict[int, str], dict[int, str]]:
    """(Latin-1 char -> web char, web char -> Latin-1 char) translation tables."""
    table = []
    for byte in range(256):
        try:
            table.append(bytes([byte]).decode(codec))
        except UnicodeDecodeError:
            table.append(chr(byte))
    decoding = dict(enumerate(table))
    encoding = dict.fromkeys(range(256), "\ufffd")  # Latin-1 chars the table lacks: unencodable
    encoding.update({ord(char): chr(byte) for byte, char in enumerate(table)})
    return decoding, encoding


def web_decode(data: bytes, codec: str) -> str:
    return data.decode("latin-1").translate(_web_maps(codec)[0])


def web_encode(text: str, codec: str) -> bytes:
    return text.translate(_web_maps(codec)[1]).encode("latin-1")  # UnicodeEncodeError if not


def encode(text: str, codec: str) -> bytes:
    name, _, web = codec.partition("/")
    return web_encode(text, name) if web else text.encode(codec)


def decode(data: bytes, codec: str) -> str:
    name, _, web = codec.partition("/")
    return web_decode(data, name) if web else data.decode(codec)


def _windows_gbk(error: UnicodeError) -> tuple[str, int]:
    """MultiByteToWideChar's way: the bad pair becomes "?" and the next byte goes with it."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return "?", min(error.start + 2, len(error.object))


codecs.register_error("mojibake-bench-windows", _windows_gbk)


def big5_bytes(text: str) -> bytes:
    try:
        return text.encode("cp950")
    except UnicodeEncodeError:
        return text.encode("big5hkscs")


def read_as_gbk(data: bytes) -> str:
    try:
        return data.decode("gbk")
    except UnicodeDecodeError:  # user-defined GBK areas: gb18030 maps them to private use
        return data.decode("gb18030")


# --- chains: original -> garbled (UnicodeError or Skip when the sample cannot be made) -----


def utf8_as_gbk(text: str) -> str:
    return text.encode("utf-8").decode("gbk")


def utf8_as_gb18030(text: str) -> str:
    return text.encode("utf-8").decode("gb18030")


def gbk_as_latin1(text: str) -> str:
    return text.encode(GBK_SOURCE).decode("latin-1")


def gbk_as_cp1252(text: str) -> str:
    return web_decode(text.encode(GBK_SOURCE), "cp1252")


def gbk_as_cp1250(text: str) -> str:
    return text.encode(GBK_SOURCE).decode("cp1250")


def gbk_as_cp1254(text: str) -> str:
    return text.encode(GBK_SOURCE).decode("cp1254")


def gbk_as_mac_roman(text: str) -> str:
    return web_decode(text.encode(GBK_SOURCE), "mac_roman")


def utf8_as_latin1(text: str) -> str:
    return text.encode("utf-8").decode("latin-1")


def utf8_as_cp1252(text: str) -> str:
    return web_decode(text.encode("utf-8"), "cp1252")


def utf8_as_cp1251(text: str) -> str:  # Russian Windows
    return web_decode(text.encode("utf-8"), "cp1251")


def utf8_as_cp437(text: str) -> str:  # the DOS console
    return text.encode("utf-8").decode("cp437")


def big5_as_gbk(text: str) -> str:
    return read_as_gbk(big5_bytes(text))


def gbk_as_big5(text: str) -> str:
    return text.encode("gbk").decode("cp950")


def utf8_as_big5(text: str) -> str:
    return text.encode("utf-8").decode("cp950")


def utf8_as_cp1252_twice(text: str) -> str:
    return utf8_as_cp1252(utf8_as_cp1252(text))


def utf8_as_gbk_then_latin1(text: str) -> str:
    return utf8_as_latin1(utf8_as_gbk(text))


def utf8_as_gbk_twice(text: str) -> str:
    return utf8_as_gbk(utf8_as_gbk(text))


def _lossy(garbled: str, lossless: Callable[[str], str], text: str) -> str:
    """``garbled`` unless the lossless chain gives the same: then nothing was lost (skipped)."""
    try:
        same = lossless(text) == garbled
    except UnicodeError:
        same = False
    if same:
        raise Skip("no loss")
    return garbled


def utf8_as_gbk_replace(text: str) -> str:
    return _lossy(text.encode("utf-8").decode("gbk", errors="replace"), utf8_as_gbk, text)


def utf8_as_big5_replace(text: str) -> str:
    """UTF-8 read as Big5 as it happens: never strictly (half of UTF-8's continuation bytes are
    no Big5 trail byte), so every such reading lost bytes to U+FFFD."""
    return _lossy(text.encode("utf-8").decode("cp950", errors="replace"), utf8_as_big5, text)


def utf8_as_gbk_windows(text: str) -> str:
    garbled = text.encode("utf-8").decode("gbk", errors="mojibake-bench-windows")
    return _lossy(garbled, utf8_as_gbk, text)


def utf8_as_cp1252_dropped(text: str) -> str:
    return _lossy(text.encode("utf-8").decode("cp1252", errors="ignore"), utf8_as_cp1252, text)


def utf8_as_cp1252_nbsp(text: str) -> str:
    return _lossy(utf8_as_cp1252(text).replace("\xa0", " "), utf8_as_cp1252, text)


def utf8_as_cp1252_replace(text: str) -> str:
    """``open(path, encoding="cp1252", errors="replace")`` on UTF-8: the five bytes cp1252 leaves
    undefined (81 8D 8F 90 9D) become U+FFFD."""
    return _lossy(text.encode("utf-8").decode("cp1252", errors="replace"), utf8_as_cp1252, text)


def big5_as_gbk_replace(text: str) -> str:
    """Big5 read by Python's gbk codec with errors="replace": the lead byte of a pair GBK leaves
    unassigned (Big5's punctuation and its frequent block A440-A7A0, AAA1-AFFE) becomes U+FFFD
    and the byte after it is read afresh."""
    return _lossy(big5_bytes(text).decode("gbk", errors="replace"), big5_as_gbk, text)


# --- chains through ftfy, and UTF-8 through lossy GBK and Big5 decoders -----------------------
# A GBK (or Big5) page read as Latin-1 or cp1252 by a crawler, then given to ``ftfy.fix_text``
# with its default config by a corpus pipeline: ftfy decodes the byte runs that happen to be
# valid UTF-8 (ÏµÍ³ -> ϵͳ), expands ligatures, turns C1 controls into cp1252 and curly quotes
# into straight ones. The installed ftfy runs in this process; an older release (6.0-6.2 decode
# more runs than 6.3) runs in an interpreter of its own (--old-ftfy), fed a line of JSON per
# text.


def gbk_as_latin1_ftfy(text: str) -> str:
    return ftfy.fix_text(gbk_as_latin1(text))


def big5_as_latin1_ftfy(text: str) -> str:
    return ftfy.fix_text(big5_as_latin1(text))


_OLD_FTFY_SERVER = (
    "import json, sys, ftfy\n"
    "for line in sys.stdin:\n"
    "    print(json.dumps(ftfy.fix_text(json.loads(line))), flush=True)\n"
)


class OldFtfy:
    """``ftfy.fix_text`` of another ftfy release, in a subprocess of ``python`` kept running."""

    def __init__(self, python: str) -> None:
        self.python = python
        self.version = subprocess.run(
            [python, "-c", "import ftfy; print(ftfy.__version__)"], capture_output=True,
            text=True, check=True, timeout=60).stdout.strip()
        self._process: subprocess.Popen[str] | None = None

    def fix_text(self, text: str) -> str:
        if self._process is None:
            self._process = subprocess.Popen(
                [self.python, "-c", _OLD_FTFY_SERVER], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, text=True, encoding="utf-8")
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(json.dumps(text) + "\n")
        self._process.stdin.flush()
        fixed = json.loads(self._process.stdout.readline())
        assert isinstance(fixed, str)
        return fixed

    @property
    def release(self) -> str:
        return ".".join(self.version.split(".")[:2])


def old_ftfy(python: str | None) -> tuple[OldFtfy | None, str]:
    """The older ftfy at ``python``, or None and why its rows are skipped."""
    if not python:
        return None, ("no interpreter with an older ftfy given (--old-ftfy PYTHON or "
                      f"${OLD_FTFY_ENV})")
    try:
        return OldFtfy(python), ""
    except (OSError, subprocess.SubprocessError) as error:
        return None, f"{python} cannot run ftfy: {error}"


def through_old_ftfy(old: OldFtfy, garble: Callable[[str], str]) -> Callable[[str], str]:
    def chain(text: str) -> str:
        return old.fix_text(garble(text))

    return chain


def big5_as_cp1252(text: str) -> str:
    return web_decode(big5_bytes(text), "cp1252")


def big5_as_latin1(text: str) -> str:
    return big5_bytes(text).decode("latin-1")


def _cp936_lossy(error: UnicodeError) -> tuple[str, int]:
    """Windows' cp936 with its lossy flags: a byte that starts no character is dropped (a lead
    byte before ASCII goes alone, the ASCII byte stays), and 80 is the euro sign."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return ("\u20ac" if error.object[error.start] == 0x80 else ""), error.start + 1


codecs.register_error("mojibake-bench-cp936", _cp936_lossy)


def utf8_as_gbk_cp936(text: str) -> str:
    garbled = text.encode("utf-8").decode("gbk", errors="mojibake-bench-cp936")
    return _lossy(garbled, utf8_as_gbk, text)


def whatwg_gb18030(data: bytes) -> str:
    """A browser's gbk (= gb18030) decoder, the WHATWG Encoding Standard's algorithm, errors as
    U+FFFD: a lead byte before an ASCII byte is U+FFFD and the ASCII byte is read again, 80 is
    the euro sign, a bad four-byte sequence gives its second to fourth bytes back.

    The two- and four-byte tables are Python's gb18030 (GB18030-2000). The WHATWG index
    (whatwg/encoding, index-gb18030.txt of 2024-09-18, GB18030-2022) differs at 20 pairs:
    A3A0 is U+3000 there (U+E5E5 here); A6D9-A6DF, A6EC, A6ED and A6F3 are the vertical forms
    U+FE10-FE19, FE59 FE61 FE66 FE67 FE6D FE7E FE90 FEA0 are U+9FB4-9FBB, and A8BC is U+1E3F,
    where Python has private-use characters; and at the four-byte sequence 81 35 F4 37 (U+E7C7
    there, U+1E3F here)."""
    out: list[str] = []
    index, size = 0, len(data)
    while index < size:
        byte = data[index]
        if byte < 0x80:
            out.append(chr(byte))
            index += 1
        elif byte == 0x80:
            out.append("\u20ac")
            index += 1
        elif byte == 0xFF:
            out.append("\ufffd")
            index += 1
        else:
            index += _whatwg_gb18030_sequence(data, index, out)
    return "".join(out)


def _whatwg_gb18030_sequence(data: bytes, index: int, out: list[str]) -> int:
    """Reads the sequence starting with a lead byte at ``index``; the bytes it consumed."""
    second = data[index + 1] if index + 1 < len(data) else None
    if second is None:
        out.append("\ufffd")
        return 1
    if 0x30 <= second <= 0x39:
        third = data[index + 2] if index + 2 < len(data) else None
        if third is None or not 0x81 <= third <= 0xFE:
            out.append("\ufffd")  # the second byte (and what follows) is read again
            return 1
        fourth = data[index + 3] if index + 3 < len(data) else None
        if fourth is None or not 0x30 <= fourth <= 0x39:
            out.append("\ufffd")
            return 1
        try:
            out.append(data[index:index + 4].decode("gb18030"))
        except UnicodeDecodeError:
            out.append("\ufffd")
        return 4
    if 0x40 <= second <= 0x7E or 0x80 <= second <= 0xFE:
        try:
            out.append(data[index:index + 2].decode("gb18030"))
        except UnicodeDecodeError:
            out.append("\ufffd")
        return 2
    out.append("\ufffd")
    return 1 if second < 0x80 else 2  # an ASCII byte is read again; 7F and FF go with it


def utf8_as_gbk_whatwg(text: str) -> str:
    return _lossy(whatwg_gb18030(text.encode("utf-8")), utf8_as_gbk, text)



def whatwg_big5(data: bytes) -> str:
    """A browser's Big5 decoder (WHATWG Encoding Standard), errors as U+FFFD: a lead byte before
    an ASCII byte is U+FFFD and the ASCII byte is read again; 80 and FF are U+FFFD. The pairs
    are Python's big5hkscs (HKSCS-2004). The WHATWG index (index-big5.txt of whatwg/encoding)
    has 192 pairs that Python cannot read (HKSCS-2008's additions, 68 of them with lead 87, 34
    with A3: U+FFFD here, a character in a browser) and 11 that it reads otherwise (A145 A14E
    A1C2 A1E3 A1F2 A1F3 A241 A242 A244 A246 A247: ‧ ﹑ ¯ ～ ⊕ ⊙ ∕ ﹨ ￥ ￠ ￡ there, • ､ ‾ ∼ ♁ ☉
    ／ ＼ ¥ ¢ £ here)."""
    out: list[str] = []
    index, size = 0, len(data)
    while index < size:
        byte = data[index]
        if byte < 0x80:
            out.append(chr(byte))
            index += 1
            continue
        second = data[index + 1] if index + 1 < size else None
        if not 0x81 <= byte <= 0xFE or second is None:
            out.append("\ufffd")
            index += 1
            continue
        pair = None
        if 0x40 <= second <= 0x7E or 0xA1 <= second <= 0xFE:
            with contextlib.suppress(UnicodeDecodeError):
                pair = data[index:index + 2].decode("big5hkscs")
        out.append("\ufffd" if pair is None else pair)
        index += 2 if pair is not None or second >= 0x80 else 1
    return "".join(out)


def utf8_as_big5_whatwg(text: str) -> str:
    return _lossy(whatwg_big5(text.encode("utf-8")), utf8_as_big5, text)


_CLAUSE = re.compile(r"[^，。；：！？、,;:!?\n]+[，。；：！？、,;:!?]?")


def spans(text: str, rng: random.Random) -> list[tuple[int, int]]:
    """Where a garbled span may go: the clauses of 6-30 characters in random order, then
    random 6-30 character spans; each leaves at least CLEAN_MIN characters clean."""
    room = len(text) - CLEAN_MIN
    clauses = [(m.start(), m.end()) for m in _CLAUSE.finditer(text)
               if SPAN_MIN <= m.end() - m.start() <= min(SPAN_MAX, room)
               and not m.group().isascii()]
    rng.shuffle(clauses)
    if room < SPAN_MIN:
        return clauses
    randoms = []
    for _ in range(RANDOM_SPANS):
        size = rng.randint(SPAN_MIN, min(SPAN_MAX, room))
        start = rng.randint(0, len(text) - size)
        randoms.append((start, start + size))
    return clauses + randoms


def garble_spans(text: str, chains: Sequence[Callable[[str], str]], rng: random.Random) -> str:
    """``text`` with one span per chain garbled by it (spans apart by >= CLEAN_MIN)."""
    taken: list[tuple[int, int, str]] = []
    for chain in chains:
        for start, end in spans(text, rng):
            if any(start < e + CLEAN_MIN and s < end + CLEAN_MIN for s, e, _ in taken):
                continue
            try:
                garbled = chain(text[start:end])
            except UnicodeError:
                continue
            if garbled != text[start:end]:
                taken.append((start, end, garbled))
                break
        else:
            raise Skip("no span")
    for start, end, garbled in sorted(taken, reverse=True):
        text = text[:start] + garbled + text[end:]
    return text


def _rng(seed: int, name: str, text: str) -> random.Random:
    return random.Random(f"{seed}/{name}/{text}")  # str seeds hash with SHA-512: reproducible


def in_span(name: str, chain: Callable[[str], str], seed: int) -> Callable[[str], str]:
    def garble(text: str) -> str:
        return garble_spans(text, [chain], _rng(seed, name, text))

    return garble


SPAN_MIXES = (utf8_as_gbk, gbk_as_latin1, utf8_as_cp1252)  # script-neutral, for two spans


def two_chains(seed: int) -> Callable[[str], str]:
    def garble(text: str) -> str:
        rng = _rng(seed, "two chains", text)
        pairs = list(permutations(SPAN_MIXES, 2))
        rng.shuffle(pairs)
        for pair in pairs:
            try:
                return garble_spans(text, pair, rng)
            except Skip:
                continue
        raise Skip("no span")

    return garble


@dataclass(frozen=True, slots=True)
class Chain:
    name: str
    group: str  # one of GROUPS
    garble: Callable[[str], str]
    scripts: frozenset[str]
    classes: frozenset[str]
    refill: bool = False  # draw more samples where this chain cannot make one (REFILL_TRIES)


# UTF-8 read as GBK twice, strictly, makes 6 of the 480 samples (of the whole corpus, 82 of
# 14,250 short paragraphs, 9 of 36,326 sentences, no long one): GBK cannot read the UTF-8 of a
# run of non-ASCII characters whose bytes end on a lead byte, and two layers must both end well.
# A skip is right (a strict chain is only what a strict decoder can make), but 6 samples
# measure nothing: this chain draws more of the same script and class, from the paragraphs not
# sampled and further title cuts, until it has as many as the others were offered.
REFILLED = frozenset({"utf8→gbk ×2"})
REFILL_TRIES = 100  # candidates drawn per sample wanted, at most


def chains(seed: int, old: OldFtfy | None = None) -> list[Chain]:
    both, trad, simp = frozenset(SCRIPTS), frozenset({"traditional"}), frozenset({"simplified"})
    strict = [
        ("utf8→gbk", utf8_as_gbk, both), ("utf8→gb18030", utf8_as_gb18030, both),
        ("gbk→latin1", gbk_as_latin1, both), ("gbk→cp1252", gbk_as_cp1252, both),
        ("gbk→cp1250", gbk_as_cp1250, both), ("gbk→cp1254", gbk_as_cp1254, both),
        ("gbk→mac_roman", gbk_as_mac_roman, both), ("utf8→latin1", utf8_as_latin1, both),
        ("utf8→cp1252", utf8_as_cp1252, both), ("utf8→cp1251", utf8_as_cp1251, both),
        ("utf8→cp437", utf8_as_cp437, both), ("big5→gbk", big5_as_gbk, trad),
        ("gbk→big5", gbk_as_big5, simp), ("utf8→big5", utf8_as_big5, both),
        ("big5→latin1", big5_as_latin1, trad), ("big5→cp1252", big5_as_cp1252, trad),
    ]
    layered = [
        ("utf8→cp1252 ×2", utf8_as_cp1252_twice), ("utf8→gbk→latin1", utf8_as_gbk_then_latin1),
        ("utf8→gbk ×2", utf8_as_gbk_twice),
    ]
    partial = [
        ("span utf8→gbk", utf8_as_gbk, both), ("span gbk→latin1", gbk_as_latin1, both),
        ("span utf8→cp1252", utf8_as_cp1252, both), ("span big5→gbk", big5_as_gbk, trad),
    ]
    lossy = [
        ("utf8→gbk U+FFFD", utf8_as_gbk_replace), ("utf8→gbk windows ?", utf8_as_gbk_windows),
        ("utf8→cp1252 dropped", utf8_as_cp1252_dropped), ("utf8→cp1252 nbsp", utf8_as_cp1252_nbsp),
        ("utf8→big5 U+FFFD", utf8_as_big5_replace),
    ]
    lossy_pages = [
        ("utf8→gbk cp936", utf8_as_gbk_cp936), ("utf8→gbk whatwg", utf8_as_gbk_whatwg),
        ("utf8→big5 whatwg", utf8_as_big5_whatwg),
    ]
    ftfy_chains: list[tuple[str, Callable[[str], str], frozenset[str]]] = [
        (f"gbk→latin1→ftfy{ftfy.__version__[:3]}", gbk_as_latin1_ftfy, both),
        (f"big5→latin1→ftfy{ftfy.__version__[:3]}", big5_as_latin1_ftfy, trad),
    ]
    if old is not None:
        ftfy_chains += [
            (f"gbk→cp1252→ftfy{old.release}", through_old_ftfy(old, gbk_as_cp1252), both),
            (f"big5→cp1252→ftfy{old.release}", through_old_ftfy(old, big5_as_cp1252), trad),
        ]
    return [
        *(Chain(name, "strict", func, scripts, WHOLE) for name, func, scripts in strict),
        *(Chain(name, "two layers", func, both, WHOLE, refill=name in REFILLED)
          for name, func in layered),
        *(Chain(name, "partial", in_span(name, func, seed), scripts, SPANNED)
          for name, func, scripts in partial),
        Chain("2 spans, 2 chains", "partial", two_chains(seed), both, frozenset({"doc"})),
        *(Chain(name, "lossy", func, both, WHOLE) for name, func in lossy),
        *(Chain(name, "lossy", func, both, PAGED) for name, func in lossy_pages),
        Chain("utf8→cp1252 U+FFFD", "lossy", utf8_as_cp1252_replace, both, PAGED),
        Chain("big5→gbk U+FFFD", "lossy", big5_as_gbk_replace, trad, PAGED),
        *(Chain(name, "through ftfy", func, scripts, PAGED) for name, func, scripts in ftfy_chains),
    ]


def produce(chain: Chain, text: str) -> str:
    """The garbled text, or Skip with the reason.

    An original with an HTML reference left in it (``prefix=-&gt;`` in a manual page) is
    skipped: textfix's html layer, on by default, unescapes it in clean and garbled text alike
    (the clean check counts it), ftfy (``unescape_html=False``) and the brute force leave it,
    so the sample would measure the html layer, not the repair of the mojibake. (Comparing with
    the original after the same html repair would hold textfix to one answer and the others to
    another.) 1 of the 600 --limit 60 samples has one."""
    if unescape_entities(text) != text:
        raise Skip("HTML reference")
    try:
        return chain.garble(text)
    except UnicodeEncodeError as error:
        raise Skip("not encodable") from error
    except UnicodeDecodeError as error:
        raise Skip("not decodable") from error


# --- repairers ------------------------------------------------------------------------------

# fix_text() builds no explanation with explain=False; the fixes are the same as textfix's.
FTFY_CONFIG = ftfy_config()._replace(explain=False)
# The brute force: encode with every codec a chain decodes with wrongly, decode with every
# codec a chain encodes with.
WRONG_CODECS = ("gbk", "gb18030", "latin-1", "cp1252/web", "cp1250", "cp1254", "mac_roman/web",
                "cp950", "cp1251/web", "cp437")
TRUE_CODECS = ("utf-8", "gb18030", "cp950", "big5hkscs")
CJK_PUNCTUATION = "，。、；：？！“”‘’（）《》〈〉「」『』【】〔〕—…·～　"
_COMMON = dict.fromkeys(map(ord, COMMON + CJK_PUNCTUATION + "".join(map(chr, range(128)))))


def commonness(text: str) -> float:
    """Share of the characters that are common Chinese characters, CJK punctuation or ASCII."""
    return 1.0 - len(text.translate(_COMMON)) / len(text) if text else 1.0


def brute_force(text: str) -> str:
    """The most common-looking of ``text`` and every whole-string re-decoding of it."""
    if text.isascii():
        return text
    best, best_score = text, commonness(text)
    for wrong in WRONG_CODECS:
        try:
            data = encode(text, wrong)
        except UnicodeEncodeError:
            continue
        for true in TRUE_CODECS:
            try:
                candidate = decode(data, true)
            except UnicodeDecodeError:
                continue
            score = commonness(candidate)
            if score > best_score:
                best, best_score = candidate, score
    return best


def ftfy_cjk(text: str) -> str:
    return ftfy.fix_text(text, config=FTFY_CONFIG)


def unchanged(text: str) -> str:
    return text


def textfix_mojibake_only(text: str) -> str:
    """textfix with every other default layer off: tells whose change a false positive is."""
    return textfix.fix(text, html=False, unicode=False, annotations=False)


def textfix_guessing(text: str) -> str:
    """textfix filling in the likeliest character where bytes were lost (the default marks)."""
    return textfix.fix(text, lossy="guess")


REPAIRERS: dict[str, Callable[[str], str]] = {
    "textfix": textfix.fix, "ftfy": ftfy_cjk, "brute": brute_force, "none": unchanged,
    "textfix-moji": textfix_mojibake_only, GUESS: textfix_guessing,
}


def tools_of(group: str) -> tuple[str, ...]:
    return (*TOOLS, GUESS) if group == "lossy" else TOOLS


@dataclass(slots=True)
class Clock:
    """Time and characters of one repairer's calls; exceptions count as the input returned."""

    seconds: float = 0.0
    chars: int = 0
    calls: int = 0
    errors: int = 0
    first_error: str = ""

    def call(self, repair: Callable[[str], str], text: str) -> str:
        start = time.perf_counter()
        try:
            output = repair(text)
        except Exception as error:  # a benchmark reports a crash, it does not stop on it
            output = text
            self.errors += 1
            self.first_error = self.first_error or f"{type(error).__name__}: {error}"
        self.seconds += time.perf_counter() - start
        self.chars += len(text)
        self.calls += 1
        return output

    @property
    def throughput(self) -> float:
        return self.chars / self.seconds if self.seconds > 0 else float("inf")


# --- distance -------------------------------------------------------------------------------


def common_prefix(a: str, b: str) -> int:
    """Length of the common prefix (a binary search on slices: comparisons run in C)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def levenshtein(a: str, b: str) -> int:
    """Edit distance: the common ends are cut off, the rest goes to a bit-parallel algorithm."""
    if a == b:
        return 0
    prefix = common_prefix(a, b)
    a, b = a[prefix:], b[prefix:]
    suffix = common_prefix(a[::-1], b[::-1])
    if suffix:
        a, b = a[:-suffix], b[:-suffix]
    if len(a) > len(b):
        a, b = b, a
    return _myers(a, b) if a else len(b)


LOSS_MARKERS = frozenset("\ufffd?")


def wrong_unmarked(output: str, original: str) -> int:
    """The characters of ``output`` that are wrong and not marked: after the alignment with
    ``original`` that leaves the fewest (on what lies between the common ends), those that are
    neither U+FFFD nor the "?" a lossy decoder leaves, nor put where an equal character of the
    original stands. A marker stands for any number of lost characters, one U+FFFD for a whole
    stretch (``�系�他�件``, 文件系统和其他文件): the count is the output's other characters
    less the longest run of them, in order, that the original holds too. (A character-by-
    character or difflib alignment pairs 系, 他 and 件 there with characters a marker stands for,
    and counts characters that are right as wrong.) What the original loses without a marker is
    counted by the error rate, not here."""
    if output == original:
        return 0
    prefix = common_prefix(output, original)
    suffix = common_prefix(output[prefix:][::-1], original[prefix:][::-1])
    made, meant = output[prefix:len(output) - suffix], original[prefix:len(original) - suffix]
    unmarked = "".join(char for char in made if char not in LOSS_MARKERS)
    return len(unmarked) - longest_common_subsequence(unmarked, meant)


def longest_common_subsequence(a: str, b: str) -> int:
    """The length of the longest common subsequence of ``a`` and ``b``: a bit-parallel
    algorithm (Hyyrö's), one Python int as the vector over ``a``."""
    if not a or not b:
        return 0
    masks: dict[str, int] = {}
    for index, char in enumerate(a):
        masks[char] = masks.get(char, 0) | (1 << index)
    full = (1 << len(a)) - 1
    vector = full
    for char in b:
        matched = vector & masks.get(char, 0)
        vector = ((vector + matched) | (vector - matched)) & full
    return len(a) - bin(vector).count("1")


def _myers(pattern: str, text: str) -> int:
    """Myers' bit-vector edit distance (Hyyrö's global form), one Python int as the vector."""
    size = len(pattern)
    peq: dict[str, int] = {}
    for i, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << i)
    full, top = (1 << size) - 1, 1 << (size - 1)
    pv, mv, score = full, 0, size
    for char in text:
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) ^ pv) | eq) & full
        ph = mv | (~(xh | pv) & full)
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        ph = ((ph << 1) | 1) & full
        mh = (mh << 1) & full
        pv = mh | (~(xv | ph) & full)
        mv = ph & xv
    return score


# --- corpus and samples ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    script: str  # simplified, traditional or none
    length_class: str  # short, sentence or long
    file: str


@dataclass(frozen=True, slots=True)
class Sample:
    text: str
    script: str
    length_class: str  # title, short, sentence, long or doc


def load_corpus(path: Path) -> list[Paragraph]:
    """The paragraphs of a corpus; the literary one names a ``source`` where dev names a file."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    return [Paragraph(r["text"], r["script"], r["length_class"], r.get("file", r.get("source")))
            for r in records]


def of_sources(paragraphs: Sequence[Paragraph], names: str) -> list[Paragraph]:
    """The paragraphs whose source is one of the comma-separated ``names`` (with a leading
    "!": none of them)."""
    excluded = names.startswith("!")
    wanted = set(names.lstrip("!").split(","))
    return [p for p in paragraphs if (p.file in wanted) != excluded]


def sample(paragraphs: Sequence[Paragraph], limit: int, seed: int,
           literary: Sequence[Paragraph] = ()) -> list[Sample]:
    """``limit`` paragraphs, titles and documents per script, drawn with a fixed seed, and
    ``limit // PAGES_PER_LIMIT`` pages per script (from a seed of their own: the other samples
    are those drawn before pages were)."""
    rng = random.Random(seed)
    samples = []
    for script in SCRIPTS:
        own = [p for p in paragraphs if p.script == script]
        for length in ("short", "sentence", "long"):
            pool = [p for p in own if p.length_class == length]
            samples += [Sample(p.text, script, length)
                        for p in rng.sample(pool, min(limit, len(pool)))]
        samples += [Sample(t, script, "title") for t in titles(own, limit, rng)]
        samples += [Sample(d, script, "doc") for d in docs(paragraphs, script, limit, rng)]
    for script in SCRIPTS if literary else ():
        count = max(1, limit // PAGES_PER_LIMIT)
        samples += [Sample(page, script, "page") for page in pages(
            paragraphs, literary, script, count, _rng(seed, "pages", script))]
    return samples


def pages(paragraphs: Sequence[Paragraph], literary: Sequence[Paragraph], script: str,
          count: int, rng: random.Random) -> list[str]:
    """Documents of PAGE_DEV + PAGE_LITERARY lines: consecutive paragraphs of the dev corpus in
    ``script`` (a manual page and the next), then consecutive ones of the literary corpus."""
    dev = [p.text for p in paragraphs if p.script == script]
    poems = [p.text for p in literary if p.script == script]
    found: list[str] = []
    for _ in range(count if len(dev) >= PAGE_DEV and len(poems) >= PAGE_LITERARY else 0):
        start = rng.randint(0, len(dev) - PAGE_DEV)
        verse = rng.randint(0, len(poems) - PAGE_LITERARY)
        found.append("\n".join(dev[start:start + PAGE_DEV] + poems[verse:verse + PAGE_LITERARY]))
    return found


def titles(paragraphs: Sequence[Paragraph], count: int, rng: random.Random) -> list[str]:
    """Substrings of 5-20 characters with some Chinese in them: titles, table cells."""
    return list(islice(_cuts(paragraphs, count * 20, rng), count))


def _cuts(paragraphs: Sequence[Paragraph], tries: int, rng: random.Random) -> Iterator[str]:
    pool = [p.text for p in paragraphs if len(p.text) > TITLE_MAX]
    for _ in range(tries if pool else 0):
        text = rng.choice(pool)
        size = rng.randint(TITLE_MIN, TITLE_MAX)
        start = rng.randint(0, len(text) - size)
        cut = text[start:start + size].strip()
        if len(cut) >= TITLE_MIN and not cut.isascii():
            yield cut


Reserve = Callable[[str, str, int], Iterator[str]]  # (script, class, wanted) -> candidates


def reserve(paragraphs: Sequence[Paragraph], samples: Sequence[Sample], seed: int) -> Reserve:
    """More candidates of a script and length class than ``sample`` drew, for the chains that
    refill: the paragraphs it did not draw in a random order, or further title cuts; at most
    REFILL_TRIES per sample wanted, each from its own seed (the samples stay as they were)."""
    drawn = {s.text for s in samples}

    def candidates(script: str, length: str, wanted: int) -> Iterator[str]:
        rng = _rng(seed, "reserve", f"{script}/{length}")
        own = [p for p in paragraphs if p.script == script]
        if length == "title":
            return _cuts(own, wanted * REFILL_TRIES, rng)
        pool = [p.text for p in own if p.length_class == length and p.text not in drawn]
        rng.shuffle(pool)
        return iter(pool[:wanted * REFILL_TRIES])

    return candidates


def docs(paragraphs: Sequence[Paragraph], script: str, count: int,
         rng: random.Random) -> list[str]:
    """Consecutive paragraphs (English lines included) of a manual page in ``script``."""
    pages: dict[str, list[str]] = {}
    scripts: dict[str, set[str]] = {}
    for p in paragraphs:
        pages.setdefault(p.file, []).append(p.text)
        scripts.setdefault(p.file, set()).add(p.script)
    names = sorted(name for name, texts in pages.items()
                   if len(texts) >= DOC_PARAGRAPHS and script in scripts[name])
    found: list[str] = []
    for _ in range(count if names else 0):
        texts = pages[rng.choice(names)]
        start = rng.randint(0, len(texts) - DOC_PARAGRAPHS)
        found.append("\n".join(texts[start:start + DOC_PARAGRAPHS]))
    return found


# --- the accuracy run -----------------------------------------------------------------------


@dataclass(slots=True)
class Tally:
    n: int = 0
    exact: int = 0
    distance: int = 0
    length: int = 0
    unmarked: int = 0  # lossy chains: wrong characters that are no loss marker (wrong_unmarked)

    def add(self, output: str, original: str, lossy: bool = False) -> None:
        self.n += 1
        self.exact += output == original
        self.distance += levenshtein(output, original)
        self.length += len(original)
        self.unmarked += wrong_unmarked(output, original) if lossy else 0

    def merge(self, other: Tally) -> None:
        self.n += other.n
        self.exact += other.exact
        self.distance += other.distance
        self.length += other.length
        self.unmarked += other.unmarked

    @property
    def exact_pct(self) -> float:
        return 100.0 * self.exact / self.n if self.n else 0.0

    @property
    def cer_pct(self) -> float:
        return 100.0 * self.distance / self.length if self.length else 0.0


Key = tuple[str, str, str]  # chain, length class, script


@dataclass(slots=True)
class Results:
    tallies: dict[tuple[str, str, str, str], Tally] = field(default_factory=dict)
    skips: dict[Key, Counter[str]] = field(default_factory=dict)
    clocks: dict[str, Clock] = field(default_factory=lambda: {t: Clock() for t in TOOLS})
    group_clocks: dict[tuple[str, str], Clock] = field(default_factory=dict)  # (group, tool)
    failures: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    refills: dict[str, tuple[int, int]] = field(default_factory=dict)  # (drawn, made)

    def tally(self, chain: str, length: str, script: str, tool: str) -> Tally:
        return self.tallies.setdefault((chain, length, script, tool), Tally())

    def total(self, chain: str, lengths: Iterable[str], tool: str) -> Tally:
        total = Tally()
        for (c, length, _, t), tally in self.tallies.items():
            if c == chain and t == tool and length in lengths:
                total.merge(tally)
        return total

    def skipped(self, chain: str, lengths: Iterable[str]) -> Counter[str]:
        total: Counter[str] = Counter()
        for (c, length, _), reasons in self.skips.items():
            if c == chain and length in lengths:
                total += reasons
        return total


def evaluate(samples: Sequence[Sample], all_chains: Sequence[Chain],
             more: Reserve | None = None) -> Results:
    results = Results()
    for chain in all_chains:
        wanted: Counter[tuple[str, str]] = Counter()
        for s in samples:
            if s.script not in chain.scripts or s.length_class not in chain.classes:
                continue
            key = (chain.name, s.length_class, s.script)
            reasons = results.skips.setdefault(key, Counter())
            try:
                garbled = produce(chain, s.text)
            except Skip as skip:
                reasons[str(skip)] += 1
                wanted[s.script, s.length_class] += 1
                continue
            measure(results, chain, s, garbled)
        if chain.refill and more is not None:
            refill(results, chain, wanted, more)
        print(f"  {chain.name}: done", file=sys.stderr, flush=True)
    return results


def measure(results: Results, chain: Chain, s: Sample, garbled: str) -> None:
    for tool in tools_of(chain.group):
        results.clocks.setdefault(tool, Clock())
        start = results.clocks[tool].seconds
        output = results.clocks[tool].call(REPAIRERS[tool], garbled)
        group = results.group_clocks.setdefault((chain.group, tool), Clock())
        group.seconds += results.clocks[tool].seconds - start
        group.chars += len(garbled)
        group.calls += 1
        results.tally(chain.name, s.length_class, s.script, tool).add(
            output, s.text, lossy=chain.group == "lossy")
        if tool == "textfix" and output != s.text:
            shown = results.failures.setdefault(chain.name, [])
            if len(shown) < 2:
                shown.append({"original": s.text[:60], "garbled": garbled[:60],
                              "output": output[:60]})


def refill(results: Results, chain: Chain, wanted: Counter[tuple[str, str]],
           more: Reserve) -> None:
    """As many samples again as ``chain`` skipped, per script and class, from the reserve."""
    drawn = made = 0
    for (script, length), count in sorted(wanted.items()):
        for text in more(script, length, count):
            if count == 0:
                break
            drawn += 1
            try:
                garbled = produce(chain, text)
            except Skip:
                continue
            measure(results, chain, Sample(text, script, length), garbled)
            count -= 1
            made += 1
    results.refills[chain.name] = (drawn, made)


def warm_up() -> None:
    """First calls outside the clock: ftfy is imported lazily, caches fill."""
    for text in ("ä½\xa0å¥½ï¼Œä¸–ç•Œ", "浣犲ソ涓栫晫", "ÄãºÃÊÀ½ç", "你好，世界"):
        for repair in REPAIRERS.values():
            repair(text)


# --- clean text -----------------------------------------------------------------------------


@dataclass(slots=True)
class Clean:
    tool: str
    paragraphs: int = 0
    changed: int = 0
    by_script: Counter[str] = field(default_factory=Counter)
    diffs: list[str] = field(default_factory=list)
    clock: Clock = field(default_factory=Clock)


def clean_check(paragraphs: Sequence[Paragraph]) -> list[Clean]:
    checks = [Clean(tool) for tool in ("textfix", "textfix-moji", "ftfy", "brute")]
    for p in paragraphs:
        for check in checks:
            output = check.clock.call(REPAIRERS[check.tool], p.text)
            check.paragraphs += 1
            if output != p.text:
                check.changed += 1
                check.by_script[p.script] += 1
                if len(check.diffs) < SHOWN_DIFFS:
                    check.diffs.append(show_diff(p.text, output))
    return checks


def show_diff(before: str, after: str, context: int = 12) -> str:
    at = common_prefix(before, after)
    start = max(0, at - context)
    return f"@{at}: {before[start:at + 2 * context]!r} -> {after[start:at + 2 * context]!r}"


# --- output ---------------------------------------------------------------------------------


def table_rows(results: Results, all_chains: Sequence[Chain]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for chain in all_chains:
        lengths = [c for c in CLASSES if c in chain.classes]
        for length in [*lengths, "all"]:
            scope = lengths if length == "all" else [length]
            row: dict[str, object] = {
                "chain": chain.name, "group": chain.group, "class": length,
                "n": results.total(chain.name, scope, "none").n,
                "skipped": dict(results.skipped(chain.name, scope)),
            }
            for tool in tools_of(chain.group):
                tally = results.total(chain.name, scope, tool)
                row[tool] = asdict(tally) | {"exact_pct": tally.exact_pct,
                                             "cer_pct": tally.cer_pct}
            rows.append(row)
    return rows


def print_table(rows: Sequence[dict[str, object]]) -> None:
    tools = "".join(f" | {tool:>7} ex% CER%" for tool in TOOLS)
    header = f"{'chain':<21} {'class':<8} {'n':>5} {'skip':>5}{tools}"
    print(header)
    print("-" * len(header))
    group = ""
    for row in rows:
        if row["group"] != group:
            group = str(row["group"])
            print(f"[{group}]")
        skipped = row["skipped"]
        assert isinstance(skipped, dict)
        figures = ""
        for tool in TOOLS:
            tally = row[tool]
            assert isinstance(tally, dict)
            figures += f" | {tally['exact_pct']:>7.1f} {_cer(tally['cer_pct'])}"
        print(f"{row['chain']:<21} {row['class']:<8} {row['n']:>5} {sum(skipped.values()):>5}"
              f"{figures}")


def _cer(value: float) -> str:
    return f"{value:>8.1f}" if value >= 100 else f"{value:>8.2f}"


def print_unmarked(rows: Sequence[dict[str, object]]) -> None:
    """The lossy rows' wrong characters that no marker shows, per tool (share of the original
    characters), beside the character error rate."""
    print("lossy rows: wrong unmarked characters (wrong, and no U+FFFD or ? where bytes were "
          "lost) / original characters; CER (textfix: the default, lossy=\"mark\"; "
          f"{GUESS}: lossy=\"guess\")")
    tools = [tool for tool in (*TOOLS, GUESS) if tool != "brute"]
    for row in rows:
        if row["group"] != "lossy":
            continue
        figures = ""
        for tool in tools:
            tally = row[tool]
            assert isinstance(tally, dict)
            share = 100.0 * tally["unmarked"] / tally["length"] if tally["length"] else 0.0
            figures += f" | {tool} {tally['unmarked']:>6} {share:>6.2f}% {_cer(tally['cer_pct'])}"
        print(f"  {row['chain']:<21} {row['class']:<8} {row['n']:>5}{figures}")


def print_skips(results: Results, all_chains: Sequence[Chain]) -> None:
    print("skipped samples (the chain could not make them; lossy: nothing was lost):")
    for chain in all_chains:
        reasons = results.skipped(chain.name, CLASSES)
        refilled = results.refills.get(chain.name, (0, 0))[1]
        tried = sum(reasons.values()) + results.total(chain.name, CLASSES, "none").n - refilled
        if reasons:
            detail = ", ".join(f"{reason} {count}" for reason, count in reasons.most_common())
            print(f"  {chain.name:<21} {sum(reasons.values()):>5} of {tried:<5} ({detail})")
        if chain.name in results.refills:
            drawn, made = results.refills[chain.name]
            print(f"  {'':<21} refilled: {made} samples made of {drawn} more drawn")


def print_clean(checks: Sequence[Clean]) -> None:
    print("clean paragraphs changed (false positives; textfix-moji = the mojibake layer alone):")
    for check in checks:
        scripts = ", ".join(f"{s} {n}" for s, n in sorted(check.by_script.items()))
        print(f"  {check.tool:<12} {check.changed:>6} of {check.paragraphs}"
              f"{f' ({scripts})' if scripts else ''}")
        for diff in check.diffs:
            print(f"      {diff}")


def throughput(results: Results, checks: Sequence[Clean]) -> dict[str, object]:
    clean = {check.tool: check.clock for check in checks}
    figures: dict[str, object] = {}
    for label, clocks in (("garbled", results.clocks), ("clean", clean)):
        ours, theirs = clocks["textfix"], clocks["ftfy"]
        figures[label] = {tool: {"chars": c.chars, "seconds": c.seconds, "calls": c.calls,
                                 "chars_per_s": c.throughput, "errors": c.errors,
                                 "first_error": c.first_error}
                          for tool, c in clocks.items() if tool != "none"}
        figures[f"{label}_ratio_textfix_vs_ftfy"] = (
            ours.throughput / theirs.throughput if theirs.seconds > 0 else None)
    groups = sorted({group for group, _ in results.group_clocks}, key=GROUPS.index)
    figures["garbled_by_group"] = {
        group: {tool: results.group_clocks[group, tool].throughput for tool in ("textfix", "ftfy")}
        for group in groups}
    return figures


def print_throughput(figures: dict[str, object]) -> None:
    print("throughput (same calls as above; ratio = textfix chars/s / ftfy chars/s):")
    for label in ("garbled", "clean"):
        clocks = figures[label]
        assert isinstance(clocks, dict)
        clocks = {tool: c for tool, c in clocks.items() if tool not in ("textfix-moji", GUESS)}
        parts = [f"{tool} {c['chars_per_s'] / 1e6:.3f} Mchar/s ({c['chars']:,} chars, "
                 f"{c['seconds']:.1f} s{_errors(c['errors'])})" for tool, c in clocks.items()]
        ratio = figures[f"{label}_ratio_textfix_vs_ftfy"]
        ratio_text = f"{ratio:.2f}x" if isinstance(ratio, float) else "-"
        print(f"  {label:<8} textfix/ftfy {ratio_text}: " + "; ".join(parts))
        for tool, c in clocks.items():
            if c["errors"]:
                print(f"    {tool} first error: {c['first_error']}")
        if label == "garbled":
            by_group = figures["garbled_by_group"]
            assert isinstance(by_group, dict)
            for group, speeds in by_group.items():
                print(f"    {group:<10} textfix/ftfy {speeds['textfix'] / speeds['ftfy']:.2f}x: "
                      f"textfix {speeds['textfix'] / 1e6:.3f} Mchar/s, "
                      f"ftfy {speeds['ftfy'] / 1e6:.3f} Mchar/s")


def _errors(count: int) -> str:
    return f", {count} errors" if count else ""


def environment(corpus: Path, samples: Sequence[Sample], clean: int) -> dict[str, object]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": {name: version(name) for name in ("textfix", "ftfy")},
        "textfix_from": str(Path(textfix.__file__).resolve().parent),  # PYTHONPATH may differ
        "git": git_state(),
        "corpus": str(corpus),
        "samples": dict(Counter(f"{s.script}/{s.length_class}" for s in samples)),
        "clean_paragraphs": clean,
    }


# --- main -----------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argument_parser("mojibake repair accuracy per chain", corpus=True, json=True)
    parser.add_argument("--quick", action="store_true",
                        help=f"--limit {QUICK_LIMIT} and one clean paragraph in {QUICK_SHARE}")
    parser.add_argument("--limit", type=int,
                        help=f"samples per script and length class (default {DEFAULT_LIMIT})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="sampling seed")
    parser.add_argument("--literary", type=Path, default=DEFAULT_LITERARY,
                        help="literary corpus, for the pages (default: %(default)s; absent: "
                             "no pages)")
    parser.add_argument("--literary-sources", metavar="[!]NAME,...",
                        help="build the pages of these sources of the literary corpus only "
                             "(with a leading !: of all others)")
    parser.add_argument("--old-ftfy", metavar="PYTHON", default=os.environ.get(OLD_FTFY_ENV),
                        help="an interpreter with an older ftfy (6.0-6.2) installed, for the "
                             f"rows through it (default: ${OLD_FTFY_ENV}; none: skipped)")
    parser.add_argument("--chains", metavar="REGEX",
                        help="only the chains whose name this matches (re.search)")
    parser.add_argument("--no-clean", action="store_true",
                        help="skip the false-positive check on every clean paragraph")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    command = command_line()
    print("$ " + command)
    if not args.corpus.is_file():
        print(f"mojibake_accuracy.py: corpus not found: {args.corpus} (pass --corpus PATH)",
              file=sys.stderr)
        return 2
    started = time.perf_counter()
    limit = args.limit or (QUICK_LIMIT if args.quick else DEFAULT_LIMIT)
    paragraphs = load_corpus(args.corpus)
    literary = load_corpus(args.literary) if args.literary.is_file() else []
    if args.literary_sources:
        literary = of_sources(literary, args.literary_sources)
    if not literary:
        print(f"no page rows: literary corpus not found: {args.literary} (pass --literary PATH)")
    old, why_not = old_ftfy(args.old_ftfy)
    if old is None:
        print(f"no rows through an older ftfy: {why_not}")
    samples = sample(paragraphs, limit, args.seed, literary)
    clean = [] if args.no_clean else paragraphs[::QUICK_SHARE] if args.quick else paragraphs
    env = environment(args.corpus, samples, len(clean))
    env["old_ftfy"] = f"{old.version} ({old.python})" if old is not None else why_not
    env["literary_sources"] = args.literary_sources or "all"
    print(json.dumps(env, ensure_ascii=False), flush=True)
    all_chains = [chain for chain in chains(args.seed, old)
                  if args.chains is None or re.search(args.chains, chain.name)]
    warm_up()
    results = evaluate(samples, all_chains, reserve(paragraphs, samples, args.seed))
    checks = clean_check(clean)
    rows = table_rows(results, all_chains)
    figures = throughput(results, checks)
    total = time.perf_counter() - started
    print()
    print_table(rows)
    print("(ex% = exact recoveries; CER% = edit distance / original characters; "
          "brute = best whole-string re-decode; none = left garbled)")
    print()
    print_unmarked(rows)
    print()
    print_skips(results, all_chains)
    print()
    print_clean(checks)
    print()
    print_throughput(figures)
    print(f"\ntotal {total:.1f} s")
    if args.json:
        saved = {
            "command": command, "environment": env, "limit": limit, "seed": args.seed,
            "rows": rows, "failures_textfix": results.failures, "refills": results.refills,
            "clean": [{"tool": c.tool, "paragraphs": c.paragraphs, "changed": c.changed,
                       "by_script": dict(c.by_script), "diffs": c.diffs} for c in checks],
            "throughput": figures, "total_seconds": total,
        }
        args.json.write_text(json.dumps(saved, ensure_ascii=False, indent=2) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
