"""The rules that turn down, or trim, a reading the chains offer: evidence it rests on too little.

A repair must save bits (``recode``); these rules ask what else the line says. Clean text with
Western symbols in it is commoner than a garbled character alone (Pro®© is no Pro悟), Japanese
is full of what Big5 read as GBK shows (kana), and a run whose structure is too weak for the clean
Chinese around it (``evidence``) is cut back to what holds. Each rule names, in its docstring,
the cases that decided it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from operator import attrgetter

from ... import evidence, recode
from ...charclass import CJK_BESIDE_HAN, HAN, beyond_ascii
from ...lazy_regex import lazy_compile
from ...plausibility import SHORT_TEXT, char_costs, cost, word_bonus
from ...recode import Chain
from ...recode.chain import encode


def supported(line: str, found: list[tuple[recode.Repair, Chain]]
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
    outside = blanked(line, [repair for repair, _ in found])
    weak = [evidence.weaknesses(line, repair, chain, outside) for repair, chain in found]
    strong = [item for item, why in zip(found, weak, strict=True) if not why]
    context = evidence.clean_context(line, [repair for repair, _ in found]) + sum(
        evidence.han_count(repair.after) for repair, _ in strong)
    kept = []
    for (repair, chain), why in zip(found, weak, strict=True):
        if why and context >= evidence.context_needed(line) and not _beside(
                line, repair, chain, strong):
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
                part = shifted(found[0], start)
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


def too_little(item: tuple[recode.Repair, Chain], line: str, whole: bool = False) -> bool:
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
    if recode.han_to_han(chain) and _unlike_a_garbled_run(line, repair):
        return True
    if (not recode.single_byte(chain.wrong) and chain.true == "utf-8"
            and len(line) <= SHORT_TEXT and (_lone_foreign(repair.after)
                                             or _no_han_of_han(before, repair.after))):
        return True  # 戬穀 is no ꯷Y: a title read back from UTF-8 reads as words of its script
    if recode.han_to_han(chain):
        changed = "".join(old for old, new in zip(before, repair.after, strict=False) if old != new)
        return (not EAST_ASIAN.search(before) or _ALPHABET_WORD.search(before) is not None
                or (_KANA_BLOCK.search(changed) is not None
                    and not _compiled(_NOT_KANA).search(changed)
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
    if not lone_chinese(repair.after):
        return False
    if whole:
        return not (_has_letter(line) or (_commonest(repair.after)
                                          and not _between_figures(line, repair)))
    return not (_joins_a_word(line, repair) or _read_whole_from_utf8(line, repair, chain)
                or _a_word_of_its_own(line, repair))


def surely_too_little(item: tuple[recode.Repair, Chain], line: str) -> bool:
    """Whether ``too_little`` (not ``whole``) is sure to turn down a single-byte chain's reading,
    told without its tests of letters (``str.isalpha``, ``glued_to_another_script``): the line
    holds what the chain's code page cannot write outside the run, the run no C1 control, and
    the reading fewer than _PARTLY_GARBLED_HAN Han characters, no Chinese alone
    (``_only_chinese``), no word with a clean neighbour and no word of its own (its first
    stretch beyond ASCII surely no letter, by ``_surely_no_letter``, or an ASCII letter or digit
    beside it). Those make ``too_little`` true whatever the rest says: the symbols of a web page
    (``2024°±100`` through GBK is 2024氨100) beside Chinese or another script. False where it may
    not be. The reference of the core's bound (``settle.rs``)."""
    repair, chain = item
    if not recode.single_byte(chain.wrong):
        return False
    before = line[repair.start:repair.end]
    letters = beyond_ascii(repair.after)
    han = evidence.han_count(repair.after)
    return (_written_elsewhere(line, repair, chain) and not _C1_CONTROL.search(before)
            and han < _PARTLY_GARBLED_HAN and not _maybe_only_chinese(letters, han, chain)
            and not _joins_a_word(line, repair) and not _maybe_a_word_of_its_own(line, repair))


def _surely_no_letter(char: str) -> bool:
    """Whether ``char`` is one that ``str.isalpha`` surely finds no letter: ASCII but its
    letters, Latin-1's symbols (A0-BF but ª µ º), × and ÷. The empty string is none."""
    code = ord(char) if len(char) == 1 else -1
    return ((0 <= code < 0x80 and not char.isalpha())
            or (0xA0 <= code <= 0xBF and code not in (0xAA, 0xB5, 0xBA)) or code in (0xD7, 0xF7))


def _maybe_only_chinese(letters: str, han: int, chain: Chain) -> bool:
    """``_only_chinese`` for a reading of fewer than _PARTLY_GARBLED_HAN Han characters whose
    non-ASCII characters are ``letters``, where it may be true (a reading into UTF-8 with a
    character of CJK: ``_read_whole_from_utf8`` may hold)."""
    if not letters or not all(_compiled(_HAN).match(char) or recode.CJK_PUNCTUATION.match(char)
                              for char in letters):
        return False
    return han >= 2 or (han == 0 and len(letters) >= 2) or (
        chain.true == "utf-8" and CJK.search(letters) is not None)


def _maybe_a_word_of_its_own(line: str, repair: recode.Repair) -> bool:
    """``_a_word_of_its_own``, where it may be true: told by ``_surely_no_letter`` for the run's
    first stretch beyond ASCII, and by ASCII letters and digits beside it."""
    if CJK.search(line) is None:
        return False
    core = _NOT_ASCII_RUN.search(line, repair.start, repair.end)
    if core is None:
        return False
    if recode.CJK_PUNCTUATION.fullmatch(beyond_ascii(repair.after)):
        return True
    edges = line[core.start() - 1:core.start()] + line[core.end():core.end() + 1]
    return not (all(_surely_no_letter(char) for char in core.group())
                or any(char.isascii() and char.isalnum() for char in edges))


def _unlike_a_garbled_run(line: str, repair: recode.Repair) -> bool:
    """Whether a Big5/GBK run reads unlike a garbled one, as clean classical text does: a Han
    character read back as no Han character nor sentence mark (其旂 is no ㄤ岩, 委委佗佗 no
    〆〆︼︼); or, where a reduplicated pair reads back as another (瀼瀼 as 鬧鬧: a rare pair
    read back as a common one is one change seen twice), fewer than two changes or too little
    gain once each pair's repeat is counted once (零露瀼瀼 is no 零露鬧鬧), or in a short text
    a stop beside a Han character the run leaves (芃芃黍苗 is no 刷刷读苗: a title garbled
    between the two codecs is garbled through)."""
    before = line[repair.start:repair.end]
    han = _compiled(_HAN)
    pairs = enumerate(zip(before, repair.after, strict=False))
    changes = [(index, old, new) for index, (old, new) in pairs if old != new]
    if any(han.match(old) and not (han.match(new) or new in _SENTENCE_MARKS)
           for _, old, new in changes):
        return True
    repeats = {index for index, old, new in changes
               if index and before[index - 1] == old and repair.after[index - 1] == new}
    if not repeats:
        return False
    if len(changes) - len(repeats) < 2:
        return True
    kept = [index for index in range(len(before)) if index not in repeats]
    gain = (cost("".join(before[index] for index in kept))
            - cost("".join(repair.after[index] for index in kept)))
    beside = line[repair.start - 1:repair.start] + line[repair.end:repair.end + 1]
    return gain <= HAN_TRIMMED_MARGIN or (len(line) <= SHORT_TEXT
                                         and han.search(beside) is not None)


def _no_han_of_han(before: str, after: str) -> bool:
    """Whether a reading makes no Han character nor CJK punctuation of two Han characters or
    more: a title of Chinese read back from UTF-8 is Chinese again (瞻熉座 is no ¤⼮y; 锛圱 is
    （T)."""
    return evidence.han_count(before) >= 2 and _CJK_READ.search(after) is None


_CJK_READ = lazy_compile(f"[{HAN}\u3000-\u303f\uff00-\uffef]")


# The sentence marks a Big5/GBK reading may make of a Han character: CJK ones, and the dashes,
# quotes and ellipsis Chinese text writes from General Punctuation (– of A8 43 in GBK is 每
# in Big5).
_SENTENCE_MARKS = frozenset("，。、；：？！「」『』（）《》〈〉【】") | frozenset(
    map(chr, range(0x2010, 0x2028)))


def _lone_foreign(text: str) -> bool:
    """Whether ``text`` holds a letter or digit beyond Latin-1 and the CJK blocks with no
    neighbour of its own script (by its Unicode name's first word: MEETEI, CYRILLIC); a U+FFFD
    where bytes were lost is none."""
    def script(char: str) -> str:  # of a letter or digit; "" for any other character
        if char <= "\xff" or _compiled(_HAN).match(char) or _CJK_BLOCKS.match(char) or \
                unicodedata.category(char)[0] not in "LN":
            return ""
        return unicodedata.name(char, "?").split(" ")[0]

    scripts = [script(char) for char in text]
    return any(name and name not in (scripts[index - 1] if index else "",
                                     scripts[index + 1] if index + 1 < len(scripts) else "")
               for index, name in enumerate(scripts))


_CJK_BLOCKS = re.compile("[\u2e80-\u33ff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f"
                         "\uff00-\uffef]")


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
    letters = beyond_ascii(repair.after)
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
        if not _LATIN_SCRIPT.match(line[position]):
            return False
        position += step
    word = line[position + 1:edge] if step < 0 else line[edge:position]
    return _european(word)


def _european(word: str) -> bool:
    """Whether ``word`` is Latin letters with a non-ASCII one among them."""
    return all(_LATIN_SCRIPT.match(char) for char in word) and not word.isascii()


def _written_elsewhere(line: str, repair: recode.Repair, chain: Chain) -> bool:
    """Whether ``line`` outside the run holds a character that ``chain``'s Western code page
    cannot write."""
    ends = _unwritable_ends(line, chain.wrong)
    return ends is not None and (ends[0] < repair.start or ends[1] >= repair.end)


@lru_cache(maxsize=32)
def _unwritable_ends(line: str, codec: str) -> tuple[int, int] | None:
    """The first and last position of a character of ``line`` that ``codec`` cannot write;
    None where it can write them all. Found once per line: asked run by run, looking at the
    whole line made a long line's runs quadratic."""
    unwritable = _unwritable(codec)
    first = unwritable.search(line)
    if first is None:
        return None
    last = unwritable.search(line[::-1])
    assert last is not None
    return first.start(), len(line) - 1 - last.start()


@cache
def _unwritable(codec: str) -> re.Pattern[str]:
    """A character beyond ASCII that ``codec`` cannot write."""
    return re.compile(f"[^\\x00-\\x7f{re.escape(''.join(sorted(_writable(codec))))}]")


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
    if CJK.search(line) is None:
        return False
    core = _NOT_ASCII_RUN.search(line, repair.start, repair.end)
    if core is None:
        return False
    left, right = line[core.start() - 1:core.start()], line[core.end():core.end() + 1]
    edges = left + right
    if recode.CJK_PUNCTUATION.fullmatch(beyond_ascii(repair.after)):
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
    made = "".join(CJK.findall(repair.after))
    read = len(beyond_ascii(line[repair.start:repair.end]))
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


EAST_ASIAN = lazy_compile("[\u2e80-\U0010ffff]")  # CJK, private use and beyond: not an alphabet

# A word of Greek or Cyrillic: Big5 read as GBK makes such letters one here and there. A word
# is of one alphabet: GBK's rows of both make mixed runs of them (完成 of A7 B9 A6 A8 is ЧΘ).
_ALPHABET_WORD = lazy_compile("[\u0370-\u03ff]{3,}|[\u0400-\u052f]{3,}")

# Kana read as Han between Big5 and GBK, with nothing else garbled but symbols (テキスト° is
# no 氾平旦玄～): Japanese, unless the line shows what only mojibake has.
_KANA_BLOCK = lazy_compile("[\u3040-\u30ff]")

_NOT_KANA = f"[{HAN}\ue000-\uf8ff\u3100-\u312f]"


def _lone_letter(text: str) -> bool:
    """Whether ``text``, read back as UTF-8 from a Western code page, makes letters of no Latin
    or Chinese script, none of them next to another non-ASCII character: ß¥ read as one NKo
    letter, ×œ as Hebrew; a garbled word of Russian reads back as letters side by side. (Symbols
    and Latin letters, ✔ or é, are what Latin-family mojibake mostly is.)"""
    return (CJK.search(text) is None and re.search("[^\x00-\x7f]{2}", text) is None
            and any(char.isalpha() and not _LATIN_SCRIPT.match(char) for char in text))


_LATIN_SCRIPT = lazy_compile("[\x00-\u024f\u1e00-\u1eff]")


def tells_enough(line: str, repair: recode.Repair) -> bool:
    """Whether a short text's Big5/GBK reading changes enough that tells: two characters or
    more, not counting a symbol read back as another symbol. One character alone is
    ``recode.repair_short_text``'s lone-character rule, which holds where nothing else changes
    (岆 CD- is 是 CD-): beside symbols read back as other symbols, the text is no clean frame
    around one garbled character (鼠● is no 公〈, 桼● no 彰〈)."""
    telling = evidence.telling_changes(line, repair.after)
    changed = sum(old != new for old, new in zip(line, repair.after, strict=False))
    return len(telling) >= 2 or (len(telling) == 1 and changed == 1)


def reads_as_chinese(text: str) -> bool:
    """Whether ``text`` has Chinese characters, and its non-ASCII characters read like Chinese on
    average: what UTF-8 Chinese read back from a page is, and what a clean word read back is not
    (дії as cp1251 is 䳿, café©© as cp1250 驩, €¥ as Mac Roman Arabic ۴). UTF-8 read back as
    another alphabet is ftfy's to read."""
    letters = beyond_ascii(text)
    return (CJK.search(text) is not None
            and recode.reads_like_chinese(letters, recode.WHOLE_AVERAGE))


def blanked(line: str, repairs: list[recode.Repair]) -> str:
    """``line`` with the stretches ``repairs`` cover turned into spaces (in one pass: a line of
    ten thousand repairs must not be copied ten thousand times)."""
    pieces, position = [], 0
    for repair in sorted(repairs, key=_start):
        start, end = repair.start, repair.end
        if start < position:
            start = position  # overlapping the one before: blanked already up to here
        pieces.append(line[position:start])
        if end > start:
            pieces.append(" " * (end - start))
        if end > position:
            position = end
    pieces.append(line[position:])
    return "".join(pieces)


_start = attrgetter("start")


# Japanese text is full of kana, which is also what Big5 read as GBK shows. Its commonest
# particles and endings, several times over, and none of what only mojibake has (private use,
# bopomofo, box drawing), tell it apart.
_JAPANESE_PARTICLES = lazy_compile("[のはがをにでてとたしすまるい]")

_NOT_JAPANESE = lazy_compile("[\ue000-\uf8ff\u3105-\u312f\u2500-\u257f]")


def looks_japanese(line: str) -> bool:
    return len(_JAPANESE_PARTICLES.findall(line)) >= 3 and not _NOT_JAPANESE.search(line)


def shifted(repair: recode.Repair, offset: int) -> recode.Repair:
    return recode.Repair(repair.start + offset, repair.end + offset, repair.after, repair.gain)


# Han characters, kana, bopomofo, CJK and fullwidth punctuation. A line with none of them holds
# no Chinese read right, and whatever is wrong with it is first ftfy's to judge: UTF-8 read as
# cp1252, MacRoman, cp1251 or cp437 in any language (Hôtel, not H么tel; ирилицом, not 我把我抖我).
# What ftfy leaves (GBK read as Latin-1, UTF-8 with bytes lost) goes on to the chains.
_CJK_CLASS = f"[{HAN}{CJK_BESIDE_HAN}]"

CJK = lazy_compile(_CJK_CLASS)

_TWO_CJK = _CJK_CLASS + "{2}"


def lone_chinese(text: str) -> bool:
    """Whether ``text`` holds Chinese characters, none of them next to another."""
    return CJK.search(text) is not None and _compiled(_TWO_CJK).search(text) is None


# UTF-8 read as a Western code page that lost a byte here and there (an NBSP turned into a
# space, a byte cp1252 leaves undefined dropped) decodes strictly as GBK, into UTF-8 read as
# GBK (显示表格, "æ˜¾ç¤ºè¡¨æ ¼", is 鏄剧ず琛ㄦ 肩); read as UTF-8 it is Chinese with a loss or two
# in it. At most one such loss in this many characters read back.
_UTF8_PER_LOSS = 4
_UTF8_HAN = 4


def utf8_with_losses(text: str, chain: Chain) -> bool:
    """Whether ``text``, read whole through the Western-page ``chain`` into GB18030 or Big5, is
    rather UTF-8 with losses: its bytes read as UTF-8 make _UTF8_HAN Han characters and a loss
    in _UTF8_PER_LOSS characters beyond ASCII at most."""
    if not recode.single_byte(chain.wrong) or chain.true == "utf-8":
        return False
    try:
        read = encode(text, chain.wrong).decode("utf-8", "replace")
    except UnicodeError:
        return False
    wide = [char for char in read if not char.isascii()]
    lost = wide.count("\ufffd")
    return (bool(lost) and lost * _UTF8_PER_LOSS <= len(wide)
            and evidence.han_count(read) >= _UTF8_HAN)
