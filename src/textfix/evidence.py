"""Evidence beyond the cost model that a run of a line is mojibake, not clean Chinese.

The cost model rates a character by its frequency in modern word counts, so the rare characters
and reduplications of classical poetry and prose (皎皎, 瀼瀼, 委委佗佗) cost many bits, and
between Big5 and GBK every two bytes read as some Han character: two rare characters become two
common ones (皎皎 read back from Big5 as GBK is 伯伯, a word) and save more than any margin.
Mojibake is rarely that small. Text read through the wrong codec is garbled whole, a line or a
field, and even a garbled clause inside clean text has several different characters, whose
bytes read back as real characters of the line's own script. So a run whose repair rests on
little structure (``weaknesses``) is taken only where the line around it gives no clean Chinese
to compare with (``clean_context``): there the cost model alone decides, as before.

Clean text with Western symbols has the same trouble with the Western code pages: ``®©`` is a
GBK pair, ``é”€`` the UTF-8 of 销. ``telling_changes`` and ``odd_letters`` say what a reading
from them changes that tells, and what no repair of real mojibake makes.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from textfix.lazy_regex import lazy_compile

from . import recode
from .charclass import CJK_BESIDE_HAN, HAN
from .data.script_chars import SIMPLIFIED_ONLY, TRADITIONAL_ONLY
from .plausibility import SHORT_TEXT
from .recode import Chain, Repair

# A Big5/GBK run must change this many different characters (a reduplication counts once): 皎皎
# read back as 伯伯, 芃芃黍 as 刷刷读 or 穆穆棣棣 as 縫縫葱葱 is two pieces of evidence, one of
# which the cost model counts twice.
DISTINCT_CHARS = 3

# A run read back into UTF-8 from GBK or Big5 must make this many characters of three bytes or
# more (what Chinese is in UTF-8): 绲縢 read back as 絿g (E7 BB BF 67) is three bytes that happen
# to be UTF-8 and an ASCII letter, as one pair in a few hundred GBK characters is; 瞽瞍焚 read
# back as ¢漵I has a sequence of two bytes, likelier still by chance.
MULTIBYTE_CHARS = 2

# The line outside every run found in it must hold this many Han characters for a weak run to
# be refused: clean Chinese the run's reading has to fit. A line garbled whole has none or few.
CONTEXT_HAN = 4
# In a short text (a title, a table cell, a line of verse) fewer say as much: 白鶴空 is clean
# Chinese that a reading of the two characters after it (寥泬 as 归田) has to fit.
SHORT_CONTEXT_HAN = 1

_HAN = lazy_compile(f"[{HAN}]")
_HAN_RUN = lazy_compile(f"[{HAN}]+")
# CJK and fullwidth punctuation (what Big5's and GBK's punctuation rows read back as), not the
# rest of their symbol rows (〆 ︼ ‐ ― ㄤ, which a Han character read back as is a sign of a
# wrong reading).
_CJK_PUNCTUATION_BODY = ("\u3001-\u3003\u3008-\u3011\u3014-\u301f\uff01-\uff0f"
                         "\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018\u2019\u201c\u201d"
                         "\u2026\u00b7")
_CJK_PUNCTUATION = lazy_compile(f"[{_CJK_PUNCTUATION_BODY}]")
# Text whose every character ``_script`` names ascii, han or punctuation.
_PLAIN_SCRIPTS = lazy_compile(f"[\x00-\x7f{HAN}{_CJK_PUNCTUATION_BODY}]*")
_LOSS = lazy_compile("[\ufffd?]")
_C1_CONTROL = lazy_compile("[\x80-\x9f]")


def clean_context(line: str, runs: list[Repair]) -> int:
    """How many Han characters ``line`` holds outside every one of ``runs``."""
    covered = sorted((run.start, run.end) for run in runs)
    count, position = 0, 0
    for start, end in covered:
        if start > position:
            count += len(_HAN.findall(line, position, start))
        position = max(position, end)
    return count + len(_HAN.findall(line, position))


def context_needed(line: str) -> int:
    """How many Han characters ``line`` must hold outside its runs for a weak run to be
    refused."""
    return CONTEXT_HAN if len(line) > SHORT_TEXT else SHORT_CONTEXT_HAN


def han_count(text: str) -> int:
    return len(_HAN.findall(text))


def weaknesses(line: str, repair: Repair, chain: Chain, outside: str) -> list[str]:
    """Why the repair of ``repair``'s run of ``line`` through ``chain`` rests on too little to
    be taken against clean text around it (``outside``: the line less every run found); [] where
    its structure is that of mojibake. Single-byte chains are judged elsewhere
    (``mojibake.acceptance.too_little``)."""
    before = line[repair.start:repair.end]
    if recode.han_to_han(chain):
        return _han_to_han(before, repair.after, outside)
    if chain.true == "utf-8" and not recode.single_byte(chain.wrong):
        return _into_utf8(before, repair.after, line, repair.end)
    return []


def _han_to_han(before: str, after: str, outside: str) -> list[str]:
    """A Big5/GBK run changes only Han characters, few of them different (private use, kana or
    symbols read back as Han are what clean Chinese does not hold), reads Han back as symbols,
    or reads back as the other script than the line's, or as both."""
    found = []
    changed = [(old, new) for old, new in zip(before, after, strict=False) if old != new]
    if all(_HAN.match(old) for old, _ in changed) and len(
            {old for old, _ in changed}) < DISTINCT_CHARS:
        found.append("few distinct characters")
    if any(read_as_symbol(old, new) for old, new in changed):
        found.append("Han read back as symbols")
    script = recode.script_of(after)
    if _mixed(after):
        found.append("mixes scripts")
    elif script is not None and recode.script_of(outside) not in (None, script):
        found.append("other script than the line")
    return found


_SIMPLIFIED_ONLY = frozenset(SIMPLIFIED_ONLY)
_TRADITIONAL_ONLY = frozenset(TRADITIONAL_ONLY)


def read_as_symbol(before: str, after: str) -> bool:
    """Whether a Han character reads back as something other than Han or CJK punctuation."""
    return (_HAN.match(before) is not None and _HAN.match(after) is None
            and _CJK_PUNCTUATION.match(after) is None)


def _mixed(text: str) -> bool:
    """Whether ``text`` holds characters of only one script each, of both."""
    simplified = any(char in _SIMPLIFIED_ONLY for char in text)
    return simplified and any(char in _TRADITIONAL_ONLY for char in text)


def _into_utf8(before: str, after: str, line: str, end: int) -> list[str]:
    if _LOSS.search(before) or _LOSS.search(after):
        return []  # what survived a loss: judged by recode's rules for lost bytes
    found = []
    if sum(char >= "\u0800" for char in after) < MULTIBYTE_CHARS and not _letter_taken(
            after, line[end:end + 1]):
        found.append("few characters of three bytes")
    if _PLAIN_SCRIPTS.fullmatch(after):
        return found  # a reading into Chinese (most): no letter of another script
    new_scripts = {_script(char) for char in after if _letter(char)} - _scripts_of(line)
    if new_scripts - {"ascii", "han", "punctuation"}:
        found.append("letters of a script the line lacks")
    return found


def _letter_taken(after: str, next_char: str) -> bool:
    """Whether the reading ends in the first letter of the ASCII word that follows it: the last
    byte of a Chinese character's UTF-8 and that letter read as one GBK character (国L as 鍥絃
    before inux, 為m as 鐐簃 before ount), a sign of mojibake that a lone ASCII letter among
    Han characters (絿g) is not."""
    return after[-1:].isascii() and after[-1:].isalpha() and next_char.isascii() and (
        next_char.isalnum())


def _letter(char: str) -> bool:
    return unicodedata.category(char)[0] in "LN"


@lru_cache(maxsize=16)
def _scripts_of(line: str) -> frozenset[str]:
    """The scripts of the characters of ``line``; cached, as every repair of a line asks (a
    line of a thousand runs made it quadratic)."""
    return frozenset(map(_script, set(line)))


@lru_cache(maxsize=4096)
def _script(char: str) -> str:
    """A rough script of ``char``: its Unicode name's first word (YI, SYRIAC, BRAILLE), Han,
    ASCII or CJK punctuation."""
    if char.isascii():
        return "ascii"
    if _HAN.match(char):
        return "han"
    if _CJK_PUNCTUATION.match(char):
        return "punctuation"
    return unicodedata.name(char, "UNNAMED").split(" ")[0]


def telling_changes(before: str, after: str) -> list[tuple[str, str]]:
    """The characters a Big5/GBK reading of ``before`` as ``after`` changes, less a symbol read
    back as another symbol (● as 〈): both codecs have symbol rows where the other has them, and
    the cost model's preference between two symbols tells nothing."""
    return [(old, new) for old, new in zip(before, after, strict=False)
            if old != new and not (_symbol(old) and _symbol(new))]


def _symbol(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


def odd_letters(before: str, after: str) -> bool:
    """Whether ``after``, a repair of all of ``before``, makes what a repair of Latin-family
    mojibake does not: characters of a script ``before`` lacks, each alone among ASCII
    (Łódź®© read back as Łódꮩ, a Cherokee letter; 25 €© as 25 ۩). A garbled word reads back
    as letters of its own script side by side (हिन्दी, привет)."""
    return odd_letters_in(before, 0, len(before), after)


def odd_letters_in(line: str, first: int, last: int, changed: str) -> bool:
    """``odd_letters`` of ``line`` and ``line`` with ``changed`` in place of
    ``line[first:last]``, in time that grows with the change, not the line: ftfy's changes
    to a long line are judged one by one."""
    size = first + len(changed) + len(line) - last  # of the changed line

    def changed_at(index: int) -> str:
        if index < first:
            return line[index]
        if index < first + len(changed):
            return changed[index - first]
        return line[index - first - len(changed) + last]

    start = first
    while start < min(len(line), size) and line[start] == changed_at(start):
        start += 1
    # Past the change both lines end alike: the common end is trimmed in one step.
    trimmed = min(len(line) - last, size - start, len(line) - start)
    while (size - trimmed > start and len(line) - trimmed > start
           and line[len(line) - trimmed - 1] == changed_at(size - trimmed - 1)):
        trimmed += 1
    new_text = "".join(map(changed_at, range(start, size - trimmed)))
    if _C1_CONTROL.search(line, start, len(line) - trimmed):
        return False  # clean text never holds a C1 control: Ï\x81 is ρ
    known = _letter_scripts_of(line)
    new = [index for index, char in enumerate(new_text)
           if not char.isascii() and _of_a_script(char) and _letter_script(char) not in known]
    return bool(new) and all(
        new_text[index - 1:index].isascii() and new_text[index + 1:index + 2].isascii()
        for index in new)


@lru_cache(maxsize=32)
def _letter_scripts_of(line: str, letters_only: bool = False) -> frozenset[str]:
    """``_letter_script`` of every character of ``line`` (or of its letters only); cached, as
    each change or run in a long line asks (a line of thousands of runs made it quadratic)."""
    return frozenset(_letter_script(char) for char in set(line)
                     if not letters_only or char.isalpha())


def _of_a_script(char: str) -> bool:
    """Whether ``char`` is a letter, mark, digit, sign or symbol of an alphabet past Greek and
    Cyrillic (۩ is Arabic, ꮩ Cherokee, ᮀ a Sundanese sign, ౩ a Telugu digit, ๏ a Thai sign):
    Greek and Cyrillic letters are what European mojibake reads back as (IL2RÎ³cKO is
    IL2RγcKO); the symbols from U+2000 to the CJK blocks and past U+FE00 (❤, �, 😀) belong to
    no script."""
    category = unicodedata.category(char)
    return (category[0] in "LMNPS" or category == "Cf") and (
        "\u0530" <= char < "\u2000" or "\ua000" <= char < "\ufe00")


def _glued(left: str, right: str) -> bool:
    """Whether ``left`` and ``right`` are letters of two scripts."""
    return (left.isalpha() and right.isalpha()
            and _letter_script(left) != _letter_script(right))


def _letter_script(char: str) -> str:
    """``_script``, with ASCII letters Latin like the rest of that script."""
    return "LATIN" if char.isascii() and char.isalpha() else _script(char)


def glued_to_another_script(line: str, start: int, end: int, after: str) -> bool:
    """Whether ``after``, the reading of ``line[start:end]``, begins or ends with a letter glued
    to a letter of an alphabet that Chinese text does not mix with (Cyrillic, Greek, Arabic,
    ...: not Latin, kana or Hangul) next to the run (дії®© read back as дії悟)."""
    left = line[start - 1:start] if start else ""
    right = line[end:end + 1]
    return (_alphabet(left) and _glued(left, after[:1])) or (
        _alphabet(right) and _glued(after[-1:], right))


_MIXES_WITH_CHINESE = frozenset({"LATIN", "han", "HIRAGANA", "KATAKANA", "HANGUL"})


def _alphabet(char: str) -> bool:
    return char.isalpha() and _letter_script(char) not in _MIXES_WITH_CHINESE


# The letters a reading into GBK or Big5 may add: Chinese, Japanese and Korean text, and the
# Latin of pinyin and of the English mixed in (the first word of a letter's Unicode name, or
# ``han``). GBK also holds Greek and Cyrillic rows, but a Chinese page seldom does.
CJK_READING_SCRIPTS = frozenset({"han", "LATIN", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA",
                                 "HANGUL", "BOPOMOFO", "IDEOGRAPHIC", "FULLWIDTH", "HALFWIDTH",
                                 "CJK"})


def added_scripts(before: str, after: str, allowed: frozenset[str] = frozenset()) -> set[str]:
    """The scripts of the letters of ``after`` that neither ``before`` has letters of nor
    ``allowed`` names (ǵ, Armenian ｄ, Thaana ޓ in a GBK reading of a Latin-1 line)."""
    known = _letter_scripts_of(before, letters_only=True)
    if "han" in known or "han" in allowed:
        after = _HAN_RUN.sub("", after)  # most of a reading into Chinese: nothing to look up
    return {script for char in set(after) if char.isalpha()
            for script in [_letter_script(char)] if script not in known and script not in allowed}


def letter_script(char: str) -> str:
    """The script of a letter, as ``added_scripts`` names it."""
    return _letter_script(char)


def spoils_a_word(line: str, after: str) -> bool:
    """Whether a reading of ``line`` into GBK or Big5 (``after``) leaves the ASCII letters of a
    European word of three letters or more (all of them, or but the letter at either end of
    three) glued to a CJK character (or a box-drawing one), and makes few CJK characters
    (_FEW_CJK) or no new pair of them side by side: the word was clean («Über»© is no 很ber貍,
    »nową« no 籲ow公, «linię»© no 芦linie台哗, Łódź© no ｓd煩, 材質 Kraków²¶ no 材質 Krak體捕).
    A garbled line is Chinese read back as characters side by side, and what a code page makes
    of a character next to an English word is seldom a word of one case (ÔÚLinuxÏÂ is
    在Linux下)."""
    made = len(_CJK.findall(after)) - len(_CJK.findall(line))
    if made <= 0 or (made > _FEW_CJK and len(_CJK_PAIR.findall(after))
                     > len(_CJK_PAIR.findall(line))):
        return False
    for word in _LATIN_WORD.finditer(line):
        if len(word.group()) >= 3 and _european_cased(word.group()):
            for stretch in _ASCII_LETTERS.findall(word.group()):
                parts = (stretch, stretch[1:], stretch[:-1]) if len(stretch) >= 3 else (stretch,)
                if any(_glued_to_cjk(part, after) for part in parts):
                    return True
    return False


# A reading that makes this many CJK characters or fewer rests on little: a cut word outweighs it.
_FEW_CJK = 3


def _glued_to_cjk(stretch: str, text: str) -> bool:
    """Whether ``stretch`` stands in ``text`` with a CJK character right before or after it, or
    one letter away (zostaną®© read so is zostana台庐: the ą a composed a, its byte read on)."""
    at = text.find(stretch)
    while at >= 0:
        end = at + len(stretch)
        if _CJK_NEAR_END.match(text, end) or _CJK_NEAR_START.search(text, max(0, at - 2), at):
            return True
        at = text.find(stretch, at + 1)
    return False


def _european_cased(word: str) -> bool:
    """Whether ``word`` (Latin letters) has a non-ASCII letter and is written as a word is: in
    lower case, or with a capital first (Rząd, Ökonomen; ÔÚLinuxÏÂ is not)."""
    return not word.isascii() and (word.islower() or (word[0].isupper() and word[1:].islower()))


def marks_inside_a_word(line: str, after: str) -> bool:
    """Whether ``after`` has more U+FFFD between two ASCII letters than ``line``: in a short text,
    a character lost inside a word of Latin letters was an accented letter of it."""
    return len(_MARK_IN_WORD.findall(after)) > len(_MARK_IN_WORD.findall(line))


def unmakes_kana(line: str, after: str) -> bool:
    """Whether ``after`` holds fewer kana than ``line``: in a short text, Japanese beside symbols
    (の®©, はの£¿) that a reading through ftfy took for characters ftfy made of GBK's bytes."""
    return len(_KANA.findall(after)) < len(_KANA.findall(line))


def makes_a_lone_sign(line: str, after: str) -> bool:
    """Whether ``after`` holds a character of an alphabet past Greek and Cyrillic
    (``_of_a_script``: a letter, mark, digit or sign) that ``line`` does not, with none of its
    script beside it: in a short text, à¸µ is an accented word and two symbols, not a Thai vowel
    sign with no letter to stand on (ี), nor à¼¢ a Tibetan digit (༢). Text garbled in such a
    script reads back as a run of its characters (or as a currency sign: ฿500)."""
    for index, char in enumerate(after):
        if (char in line or not _of_a_script(char) or _letter_script(char) == "LATIN"
                or unicodedata.category(char) == "Sc"):
            continue  # Vietnamese ế is Latin, beside its word's letters; ฿ stands before a price
        beside = after[max(0, index - 1):index] + after[index + 1:index + 2]
        if not any(_of_a_script(other) and _script(other) == _script(char) for other in beside):
            return True
    return False


def makes_unused(line: str, after: str) -> bool:
    """Whether ``after`` holds a character no text uses (a code point of no character, or of
    the private use planes 15 and 16: ó»© and a space read back as UTF-8 is U+FBA60) that
    ``line`` does not."""
    return any(char not in line for char in after
               if char >= "\U000f0000" or unicodedata.category(char) == "Cn")


_CJK = lazy_compile(f"[{HAN}\u2500-\u257f{CJK_BESIDE_HAN}]")  # and box drawing
_MARK_IN_WORD = lazy_compile("[A-Za-z]\ufffd(?=[A-Za-z])")
_KANA = lazy_compile("[\u3041-\u3096\u30a1-\u30fa]")
_CJK_PAIR = lazy_compile(f"{_CJK.pattern}{{2}}")
_CJK_NEAR_END = lazy_compile(f"[^\\W\\d_]?{_CJK.pattern}")
_CJK_NEAR_START = lazy_compile(f"{_CJK.pattern}[^\\W\\d_]?$")
_ASCII_LETTERS = lazy_compile("[A-Za-z]+")
# Latin letters (not × and ÷; not ª and º, which code pages make of GBK as often as words hold).
_LATIN_WORD = lazy_compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]+")


def unusual_letters(text: str) -> bool:
    """Whether ``text`` holds what UTF-8 makes of the GBK bytes of common Chinese words, not
    of a word of an alphabet (Hôtel, Łódź, привет, Αθήνα, שלום): below U+0800, a letter, mark
    or modifier of no alphabet's everyday words (``_EVERYDAY_LETTER``: 系统 read as UTF-8 is
    ϵͳ, 一些 һЩ, 模式 ģʽ, 小说 С˵) or no character at all (微笑, \u03a2Ц), a combining
    accent with no letter before it (太太, ̫̫), or letters of two alphabets beyond ASCII side
    by side (委员, ίԱ; 某些, ĳЩ; not IL2Rγc)."""
    previous = " "
    for char in text:
        if "\u0100" <= char < "\u0800":
            category = unicodedata.category(char)
            if category[0] in "LMC" or category == "Sk":
                if not _EVERYDAY_LETTER.match(char):
                    return True
                if category[0] == "M" and not previous.isalpha():
                    return True
        if "\u0080" <= min(previous, char) <= max(previous, char) < "\u0800" and _glued(
                previous, char):
            return True
        previous = char
    return False


# The letters of alphabets' everyday words below U+0800 past Latin-1: Latin Extended-A;
# Extended-B's Vietnamese ơ ư, pinyin's vowels with a caron and Romanian ș ț; cp1252's ƒ ˆ ˜
# (what UTF-8 read as cp1252 twice reads back as once: æ˜¯ is 是); the combining accents of
# decomposed text (Cafe\u0301); basic Greek with its tonos; the Cyrillic of Russian,
# Ukrainian, Belarusian, Serbian, Macedonian and Bulgarian (with Ґ); the Hebrew and Arabic
# letters.
_EVERYDAY_LETTER = lazy_compile(
    "[\u0100-\u017f\u0192\u01a0\u01a1\u01af\u01b0\u01cd-\u01dc\u0218-\u021b\u02c6\u02dc"
    "\u0300-\u036f\u0386\u0388-\u038a\u038c\u038e-\u03a1\u03a3-\u03ce\u0400-\u045f"
    "\u0490\u0491\u05d0-\u05ea\u0621-\u063a\u0641-\u064a]")
