"""GBK or Big5 read as Latin-1 or cp1252, then given to ``ftfy.fix_text``: the bytes back.

A crawler reads a GBK page as Latin-1 (``ÏµÍ³Ä¿Â¼``) and a corpus pipeline runs ftfy over it.
ftfy sees byte runs that happen to be valid UTF-8 and decodes them (``ÏµÍ³Ä¿Â¼`` becomes
``ϵͳĿ¼``), turns C1 controls into their cp1252 characters, straightens curly quotes (so a
GBK trail byte 91-94 becomes ``'`` or ``"``), expands Latin ligatures (``Ĳ``, C4 B2, becomes
``IJ``) and decodes ``Â`` and a byte A0 as an NBSP (the C2 byte is gone). What is left is a
patchwork no single re-decode reads: characters outside Latin-1 among Latin-1 mojibake.

``restore`` undoes that, character by character: a character outside Latin-1 and cp1252 goes
back to its UTF-8 bytes (and to the bytes an earlier round of ftfy's decoded that from), a
Latin-1 or cp1252 character to its byte, and where ftfy's change was lossy (a quote that was a
curly one, ``IJ`` that was a ligature, an NBSP or another Latin-1 character that ate a C2 byte,
a letter NFC composed with a mark ftfy decoded) every byte sequence it may have come from is
tried: the sequence is chosen by a dynamic programme over the GBK (or Big5) reading
(``ftfy_choice``), costed as the plausibility model costs text (characters, word pairs,
unreadable bytes). Where the page
was made by the installed release of ftfy (``by_installed_ftfy``: it makes most of the page's
lines again of their restored bytes), a choice is checked by giving its bytes to ftfy again:
the cheapest choice that ftfy turns back into the line is taken (``verify``). Where ftfy's change
leaves several choices it makes the line of (聞 and 聯 are C2 84 and C2 93, both a straightened
quote), the judge that reads the line cheaper decides (``ftfy_choice``: modern Chinese, or
classical, which knows a poem writes 聞). The result is the line as Latin-1 characters, which the
mojibake layer reads like any GBK line read as Latin-1.

The chain is decided for the page (``garbled_page``), which reads each line through it whole
where it can; ``repair_line`` restores a line it cannot, only one with no clean words in it
(two CJK characters side by side, CJK marks, a word of an alphabet): from the layer's reading
of the restored line, the stretches with a character ftfy made are taken, the layer's own
repairs elsewhere, and all only where that reads better in words than the layer's own repairs
alone: a clean line never changes here (``benchmarks/clean_text.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache
from heapq import heappop, heappush

from ..lazy_regex import lazy_compile
from ..plausibility import RARE_HAN, SHORT_TEXT, char_cost, cost_in_words
from ..recode import WHOLE_AVERAGE, Chain, Repair, reads_like_chinese
from .ftfy_choice import JUDGES, MODERN, Chosen, Source, best_sources
from .ftfy_clean import _clean_words, _new_letters
from .ftfy_leaves import (
    _GARBLED,
    THEN_FTFY,
    _composed_sources,
    _expanded_sources,
    _ligature_sources,
    _made_by_ftfy,
    _near_mojibake,
    _page_bytes,
    _sources,
    _upper_patterns,
    shows_ftfy,
)
from .ftfy_page import SURE_BITS, Page, sure_chars


@dataclass(frozen=True, slots=True)
class Restored:
    """A line's bytes before ftfy, as Latin-1 characters (``text``), and where each character
    of the line begins in it (``starts``: one more entry than the line has characters; -1 for
    the letters of a ligature after its first)."""

    text: str
    starts: tuple[int, ...]
    # The characters of the line read back from other bytes than their own, but a Latin-1
    # character from its UTF-8 (Â¹ read as ¹, which a clean symbol is as often).
    undone: frozenset[int]
    # Those Latin-1 characters read back from their UTF-8: ftfy ate the lead byte C2 or C3
    # (ÖÃ°ü, 置包, is Öðü after ftfy), evidence only in a line the layer read some of as GBK.
    eaten: frozenset[int] = frozenset()


@lru_cache(maxsize=1 << 10)  # a line is restored for the page's reading and for its own
def restore(line: str, true: str = "gb18030", page_through_ftfy: bool = False,
            verify: bool = False, page: Page | None = None) -> Restored | None:
    """The bytes ``line`` was before ftfy (GBK read as Latin-1 or cp1252, then ftfy), chosen so
    that the ``true`` codec (gb18030 or cp950) reads them best (with the evidence of what the
    ``page`` read for sure elsewhere, ``ftfy_page``); None where the line shows no
    work of ftfy's (on a page through ftfy, any character that is not ASCII is enough: -h Îļþ,
    and ÓÁí, where ftfy read Ã and a byte 81 as Á and made no character of its own)."""
    if not (shows_ftfy(line) or (page_through_ftfy and not line.isascii())):
        return None
    chosen = _chosen(line, true, verify, page)
    pieces: list[str] = []
    starts: list[int] = []
    undone: set[int] = set()
    eaten: set[int] = set()
    page_bytes = _page_bytes()
    position = index = 0
    while index < len(line):
        data, width = chosen[index]
        # A ligature's letters are one piece: only the first begins one (-1: no boundary).
        starts += [position] + [-1] * (width - 1)
        if isinstance(data, str):
            piece = data
            if width > 1:
                undone.update(range(index, index + width))
        else:
            piece = data.decode("latin-1")
            if width > 1:
                undone.update(range(index, index + width))
            elif _eaten_lead(line[index], data):  # (never the character's own byte)
                eaten.add(index)
            elif data != page_bytes.get(line[index]):
                undone.add(index)
        pieces.append(piece)
        position += len(piece)
        index += width
    starts.append(position)
    return Restored("".join(pieces), tuple(starts), frozenset(undone), frozenset(eaten))



def sure_of(line: str, restored: Restored, true: str, known: set[str]) -> list[str]:
    """The characters the ``true`` codec reads of the ``restored`` bytes of ``line`` for sure
    (``ftfy_page.sure_chars``): from its characters' own bytes, no change of ftfy's undone, and
    a symbol only where the line's cheapest reading takes those bytes and would pay SURE_BITS
    to refuse any of them (a C2 byte ftfy ate before each of ©« makes 漏芦 of them), or where
    it is ``known`` already (the page's other lines read it so; the symbols found are added)."""
    # (page None given as the restoring gives it: one cache entry)
    (cost, first), judge = min(((_first_choice(line, true, judge, None), judge)
                                for judge in JUDGES), key=lambda entry: entry[0][0])
    changed = restored.undone | restored.eaten
    pieces, where = [], []
    for index, start in enumerate(restored.starts[:-1]):
        if start >= 0:
            end = next(after for after in restored.starts[index + 1:] if after >= 0)
            pieces.append((restored.text[start:end], index not in changed))
            where.append(index)

    def refused_costs(number: int) -> bool:
        data, _ = first[where[number]]
        return isinstance(data, bytes) and data.decode("latin-1") == pieces[number][0] and (
            best_sources(line, *_weighed(line), true, judge,
                         {(where[number], data): _REFUSED_BITS})[0] - cost >= SURE_BITS)

    def still_sure(char: str, numbers: list[int]) -> bool:
        if char not in known and all(map(refused_costs, numbers)):
            known.add(char)
        return char in known

    return sure_chars(pieces, true, still_sure)


def _sources_at(line: str, index: int) -> list[Source]:
    """The byte sequences ``line[index]`` may have been (``_sources``), but a lone C3 byte for
    an à that no space follows: ftfy reads Ã and a space as à, and leaves Ã before another
    character."""
    found: list[Source] = [*_sources(line[index])]
    if line[index] == "\u00e0" and line[index + 1:index + 2] != " ":
        found.remove(b"\xc3")
    return found


Weighed = tuple[list[list[Source]], dict[int, list[tuple[bytes, int]]]]


@lru_cache(maxsize=1 << 10)  # restored for the page's reading, then checked against ftfy
def _weighed(line: str) -> Weighed:
    """(the byte sequences each character of ``line`` may have been, the spans of several
    characters that may have been one sequence): what ``best_sources`` chooses among. Shared
    by the callers, which only read them."""
    near = _near_mojibake(line)
    sources: list[list[Source]] = [
        _sources_at(line, index) if index in near or not _made_by_ftfy(char) else [char]
        for index, char in enumerate(line)]
    spans = _ligature_sources(line)
    for more in (_composed_sources(line), _expanded_sources(line)):
        for index, found in more.items():
            spans.setdefault(index, []).extend(found)
    return sources, spans


@lru_cache(maxsize=1 << 11)  # each judge's first choice, restored and then checked
def _first_choice(line: str, true: str, judge: str, page: Page | None = None
                  ) -> tuple[float, Chosen]:
    """``best_sources`` of ``line`` as the ``judge`` reads it on the ``page``, nothing refused."""
    return best_sources(line, *_weighed(line), true, judge, page=page)


def _chosen(line: str, true: str, verify: bool, page: Page | None = None) -> Chosen:
    """The choice of the judge (``ftfy_choice.JUDGES``: modern Chinese or classical poetry)
    that reads ``line`` cheaper, each judge's choice its cheapest (``verify``: its cheapest
    that ftfy turns back into the line, and one that is before one that is not). A line is
    modern or classical as a whole: 聞 is taken over 聯 where the rest of the line reads as a
    poem, not wherever a poem would write it."""
    found: list[tuple[bool, float, Chosen]] = []
    for judge in JUDGES:
        if verify:
            cost, chosen, made = _verified_sources(line, true, judge, page)
        else:
            (cost, chosen), made = _first_choice(line, true, judge, page), True
        found.append((not made, cost, chosen))
    return min(found, key=lambda entry: entry[:2])[2]  # the modern judge's on a tie


# Where the restored bytes, given to ftfy again, do not make the line, each choice around a
# character that comes out otherwise is refused in turn (it costs _REFUSED_BITS more) and the
# bytes chosen again, breadth first, at most _MOST_TRIES choices in all.
_MOST_TRIES = 12
_REFUSED_BITS = 64.0
_REGARBLE_WINDOW = 1  # characters on either side of one that comes out otherwise


def _verified_sources(line: str, true: str, judge: str = MODERN, page: Page | None = None
                      ) -> tuple[float, Chosen, bool]:
    """(its cost, the cheapest choice of ``best_sources`` that ftfy (the installed release)
    turns back into ``line``, read as Latin-1 or as cp1252, True): where ftfy's change was
    lossy, the most plausible bytes need not be bytes ftfy makes this line of (ҹ" is Ò¹ before
    C2 84, 聞, not before a quote: ftfy leaves Ò¹" as it is). Where none is found in
    _MOST_TRIES (another release of ftfy decodes other runs), the first choice and False."""
    first_cost, first = _first_choice(line, true, judge, page)
    queue: list[tuple[float, int, frozenset[tuple[int, Source]], Chosen]] = [
        (first_cost, 0, frozenset(), first)]
    seen: set[frozenset[tuple[int, Source]]] = {frozenset()}
    while queue:
        cost, _, refused, chosen = heappop(queue)  # the cheapest choice not checked yet
        differing = _regarbled_differs(line, chosen)
        if not differing:  # its cost, less the bits of the refused choices it still made
            paid = sum(chosen[index][1] > 0 and chosen[index][0] == data
                       for index, data in refused)
            return cost - _REFUSED_BITS * paid, chosen, True
        for index in differing:
            begin = index
            while begin > 0 and chosen[begin][1] == 0:  # inside a piece of several characters
                begin -= 1
            more = refused | {(begin, chosen[begin][0])}
            if more in seen or len(seen) >= _MOST_TRIES:
                continue
            seen.add(more)
            cost, again = best_sources(line, *_weighed(line), true, judge,
                                       dict.fromkeys(more, _REFUSED_BITS), page)
            heappush(queue, (cost, len(seen), more, again))
    return first_cost, first, False


def _regarbled_differs(line: str, chosen: Chosen) -> list[int]:
    """The positions of ``line`` (and _REGARBLE_WINDOW around them) where ftfy makes other text
    of the ``chosen`` bytes read as Latin-1 and as cp1252 (those of the Latin-1 reading); none
    where either makes ``line``."""
    text = "".join(data if isinstance(data, str) else data.decode("latin-1")
                   for data, width in chosen if width)
    again = _regarbled(text, line)
    if again is None:
        return []
    differing: set[int] = set()
    matcher = SequenceMatcher(None, line, again, autojunk=False)
    for tag, first, last, _, _ in matcher.get_opcodes():
        if tag != "equal":
            differing.update(range(max(0, first - _REGARBLE_WINDOW),
                                   min(len(line), max(last, first + 1) + _REGARBLE_WINDOW)))
    return sorted(differing)


@lru_cache(maxsize=1 << 10)  # the judges often choose alike
def _regarbled(text: str, line: str) -> str | None:
    """None where ftfy (the installed release) makes ``line`` of ``text`` (bytes as Latin-1
    characters) read as Latin-1 or as cp1252; else what it makes of the Latin-1 reading."""
    import ftfy

    again = ftfy.fix_text(text)
    if again == line or ftfy.fix_text(text.translate(_cp1252_table())) == line:
        return None
    return again


# A page is checked against the installed ftfy where that makes this share of its restored
# lines again, of this many lines at least: ftfy 6.0-6.2 decode runs 6.3 leaves, and on their
# pages a choice 6.3 makes the line of is no better than the most plausible one.
_INSTALLED_SHARE = 0.85
_FEWEST_CHECKED = 5


def by_installed_ftfy(lines: Sequence[str], true: str) -> bool:
    """Whether the installed release of ftfy went over the page of ``lines`` (GBK or Big5, the
    ``true`` codec, read as Latin-1 or cp1252): it makes _INSTALLED_SHARE of the lines again
    of their restored bytes, of those with two Latin-1 characters of the upper half side by
    side (what a Western reading of GBK is made of: a clean line beside them is not counted).
    There, ``restore`` may check its choices (``verify``)."""
    checked = made = 0
    for line in lines:
        restored = restore(line, true, page_through_ftfy=True) if _GARBLED.search(line) \
            else None
        if restored is not None:
            checked += 1
            made += _regarbled(restored.text, line) is None
    return checked >= _FEWEST_CHECKED and made >= _INSTALLED_SHARE * checked


@cache
def _cp1252_table() -> dict[int, str]:
    """Latin-1 characters 80-9F to what a cp1252 reading (a browser's: undefined bytes stay C1
    controls) makes of their bytes."""
    return {data[0]: char for char, data in _page_bytes().items() if char > "\xff"}


# The layer's decision for a line: (ftfy's repair of all of it and what ftfy did, or None;
# the chains' repairs of it). A line repaired here: (the line, the chain undone, bits saved).
FtfyRepair = tuple[str, tuple[str, ...]] | None
LineRepairs = tuple[FtfyRepair, list[tuple[Repair, Chain]]]
Repaired = tuple[str, str, float]


def repair_line(line: str, repairs: Sequence[tuple[Repair, Chain]],
                line_repairs: Callable[[str], LineRepairs], whole_only: bool = False,
                verify: bool = False, page: Page | None = None) -> Repaired | None:
    """(the repaired ``line``, the chain undone, bits saved) where the line is GBK or Big5
    through ftfy (``verify``: on a page the installed ftfy made, ``restore``'s check first; with
    what the ``page`` read for sure): its
    restored bytes repaired by ``line_repairs`` (the layer's repair of a line), the stretches
    with a character ftfy made taken from that and the layer's own ``repairs`` elsewhere, read
    better in words than the line with the layer's own repairs alone. None otherwise."""
    plain_repairs = [(repair.start, repair.end, repair.after) for repair, _ in repairs]
    # Where ftfy made a character of the line (a quote, an NBSP or an à before a space GBK read
    # as Latin-1 has as often), its lossy changes may be inside the layer's own reading of GBK
    # from Latin-1 or cp1252 too, read as they stand ('€ between two such characters: 個 is
    # 82 80). Not from the other Western pages, whose own letters (Mac Roman's ∞Ω, cp1250's
    # ĘŇ) ftfy would make: a line read whole from one is left to that reading (asking was
    # half a second a line).
    inside = any(map(_made_by_ftfy, line))
    looked_at = [(repair.start, repair.end, repair.after) for repair, chain in repairs
                 if not (inside and _from_a_page_ftfy_reads(chain))]
    # A line the layer read some of as GBK or Big5 from Latin-1 or cp1252 and left two
    # upper-half characters of elsewhere may be one whose lead byte ftfy ate before a Latin-1
    # character (ÖÃ°ü is Öðü, 置包; Big5's Â²Ê¼ is ²Ê¼, 簡潔): its bytes are restored too.
    unread = _left_unread(line, repairs)
    if not (_left_by(line, looked_at) or unread) or _clean_words(line):
        return None
    plain = applied(line, repairs)
    tried = set()
    # GBK first; the bytes restored for Big5 differ only where a lossy change of ftfy's is
    # undone, and are read only where those for GBK give nothing. On a page the installed ftfy
    # made (``verify``), the bytes it makes the line of first (孔子云：何陋 is no 孔子云Ｂ汉为),
    # then the likeliest (another release of ftfy went over the line: 避免 of Big5 through
    # 6.2 comes back so only).
    for true, checked in [(true, checked) for true in ("gb18030", "cp950")
                          for checked in sorted({verify, False}, reverse=True)]:
        restored = restore(line, true, page_through_ftfy=unread, verify=checked, page=page)
        if restored is None or restored.text in tried or not _reads_whole(restored, true):
            continue
        tried.add(restored.text)
        # Bytes 80-9F as cp1252 writes them: as C1 controls, the layer would read the line as
        # cp1252 read as Latin-1 (ftfy's own repair) before any GBK.
        whole, found = line_repairs(restored.text.translate(_cp1252_table()))
        if whole is not None or not found or (whole_only and not _read_whole(restored, found)):
            continue
        regions = mapped_back(line, restored, [(r.start, r.end, r.after) for r, _ in found])
        changed = restored.undone | restored.eaten if unread else restored.undone
        ours = [region for region in regions or []
                if any(index in changed for index in range(region[0], region[1]))]
        if not ours:
            continue
        back = _merged(line, ours, plain_repairs)
        gain = cost_in_words(plain) - cost_in_words(back)
        letters = "".join(char for char in back if not char.isascii())
        if gain > 0 and reads_like_chinese(letters, WHOLE_AVERAGE) and not _new_letters(
                line, back) and _made_again(line, restored):
            names = sorted({chain.name for _, chain in found})
            return back, ", ".join(names) + THEN_FTFY, gain
    return None


def _made_again(line: str, restored: Restored) -> bool:
    """Whether the installed ftfy makes ``line`` of its ``restored`` bytes, asked of a short text
    with no CJK nor Latin-1 letter (GBK read as Latin-1 is made of them): до®© is clean."""
    return (len(line) > SHORT_TEXT or _CJK_OR_LATIN1_LETTER.search(line) is not None
            or _regarbled(restored.text, line) is None)


_CJK_OR_LATIN1_LETTER = lazy_compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u00c0-\u00d6"
                                      "\u00d8-\u00f6\u00f8-\u00ff]")


def _left_by(line: str, repairs: Sequence[tuple[int, int, str]]) -> bool:
    """Whether ``line`` outside the layer's own ``repairs`` still shows ftfy's work
    (``shows_ftfy``): where the layer read it all (UTF-8 read as cp1252, whole), nothing is."""
    outside, position = [], 0
    for start, end, _ in sorted(repairs):
        outside.append(line[position:start])
        position = max(position, end)
    outside.append(line[position:])
    return any(_made_by_ftfy(char) or char in "'\"\u00a0\u00e0" for char in "".join(outside))


def _left_unread(line: str, repairs: Sequence[tuple[Repair, Chain]]) -> bool:
    """Whether the layer read some of ``line`` as GBK or Big5 from a Western code page
    (``repairs``; cp1254 and cp1250 write most of what Latin-1 does) and left two upper-half
    characters of Latin-1 or cp1252 side by side elsewhere, or read a character rarer than any
    the frequency table lists (a byte eaten inside a run puts the rest a byte off: Big5's
    Â²¼äªº, 簡潔的, is ²¼äªº after ftfy, read as 票銂熙)."""
    western = [repair for repair, chain in repairs if _from_a_western_page(chain)]
    if not western:
        return False
    if any(char_cost(char) >= RARE_HAN for repair in western for char in repair.after):
        return True
    # ftfy reads Ã and a space as à and a space: the layer's reading of à (E0, 余 of ÓÃ) may
    # be a C3 byte (用).
    if any("\u00e0 " in line[repair.start:repair.end + 1] for repair in western):
        return True
    outside, position = [], 0
    for repair, _ in sorted(repairs, key=lambda item: item[0].start):
        outside.append(line[position:repair.start])
        position = max(position, repair.end)
    outside.append(line[position:])
    return any(_upper_patterns()[0].search(piece) for piece in outside)


def _read_whole(restored: Restored, found: Sequence[tuple[Repair, Chain]]) -> bool:
    """Whether the layer read all of the ``restored`` line as GBK or Big5 from a Western code
    page, in one reading: a line alone, with nothing else of the text read so, needs that."""
    return len(found) == 1 and _from_a_western_page(found[0][1]) and (
        found[0][0].start == 0 and found[0][0].end == len(restored.text))


def _reads_whole(restored: Restored, true: str) -> bool:
    """Whether the ``true`` codec reads every restored byte: GBK read as Latin-1 leaves no lead
    byte before a space or a digit (² and a space, § and a digit are clean symbols)."""
    try:
        for stretch in _NOT_LATIN_1.split(restored.text):  # between characters kept as they are
            stretch.encode("latin-1").decode(true)
    except UnicodeDecodeError:
        return False
    return True


_NOT_LATIN_1 = lazy_compile("[^\x00-\xff]")


def _eaten_lead(char: str, data: bytes) -> bool:
    """Whether ``data`` is ``char``'s UTF-8 and ``char`` a Latin-1 one: ftfy's decode of Â¹ as
    ¹, which alone is no evidence of ftfy (© 25 is as clean as it is garbled)."""
    return len(char) == 1 and "\u0080" <= char <= "\u00ff" and data == char.encode("utf-8")


def _from_a_western_page(chain: Chain) -> bool:
    """Whether ``chain`` reads GBK or Big5 back from a single-byte Western code page."""
    return chain.true in ("gb18030", "cp950") and (
        chain.wrong == "latin-1" or chain.wrong.startswith("sloppy-"))


def _from_a_page_ftfy_reads(chain: Chain) -> bool:
    """Whether ``chain`` reads GBK or Big5 back from Latin-1 or cp1252, the pages ftfy reads
    UTF-8 from."""
    return _from_a_western_page(chain) and chain.wrong in ("latin-1", "sloppy-cp1252")


def applied(line: str, repairs: Sequence[tuple[Repair, Chain]]) -> str:
    """``line`` with the layer's run repairs of it made."""
    pieces, position = [], 0
    for repair, _ in sorted(repairs, key=lambda item: item[0].start):
        pieces += [line[position:repair.start], repair.after]
        position = repair.end
    pieces.append(line[position:])
    return "".join(pieces)


def mapped_back(line: str, restored: Restored, repairs: Sequence[tuple[int, int, str]]
                ) -> list[tuple[int, int, str]] | None:
    """``repairs`` of the restored text of ``line`` as repairs of ``line`` itself (first, last,
    after); None where one begins or ends inside the bytes of one character of ``line``."""
    where = {start: index for index, start in enumerate(restored.starts) if start >= 0}
    regions = []
    for start, end, after in sorted(repairs):
        first, last = where.get(start), where.get(end)
        if first is None or last is None:
            return None
        regions.append((first, last, after))
    return regions


def _merged(line: str, ours: Sequence[tuple[int, int, str]],
            plain: Sequence[tuple[int, int, str]]) -> str:
    """``line`` with the repairs ``ours`` (of the restored line, where ftfy's work was undone)
    made, and the layer's own repairs of the line (``plain``) wherever they do not overlap
    one of ours: elsewhere the line is judged as it stands (café… beside a garbled stretch is
    no caf配)."""
    kept = [item for item in plain
            if not any(item[0] < last and first < item[1] for first, last, _ in ours)]
    pieces, position = [], 0
    for first, last, after in sorted([*ours, *kept]):
        pieces += [line[position:first], after]
        position = last
    pieces.append(line[position:])
    return "".join(pieces)


