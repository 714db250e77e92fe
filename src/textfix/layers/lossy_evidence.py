"""What tells a line read by a lossy decoder from clean text, where the bytes that survived
fit the true codec either way (``lossy_replace``): the reading adds no ASCII of its own, reads
commoner than the line, and is made of the letters the chain's text is made of.
"""

from __future__ import annotations

from collections import Counter

from ..evidence import letter_script
from ..plausibility import cost_in_words

LOST = "\ufffd"


def adds_no_ascii(line: str, reading: str) -> bool:
    """Whether ``reading`` adds no ASCII character to ``line`` but the first letter or digit
    of a word whose rest the line holds. A Big5 pair may end in an ASCII byte: UTF-8 read
    as Big5 glues the letter after a character to it (用H, E7 94 A8 48, is ��沈 before otKe,
    and reads back as �HotKe), where a character read back from a line a repair left, or
    from clean text, leaves a letter alone (人, A4 48, is an H between two markers; 涵, B2 5B,
    a "[")."""
    kept = iter(char for char in line if char.isascii())
    expected = next(kept, None)
    for index, char in enumerate(reading):
        if not char.isascii():
            continue
        if char == expected:
            expected = next(kept, None)
            continue
        following = reading[index + 1:index + 2]
        if not (char.isalnum() and following.isascii() and following.isalnum()):
            return False
    return expected is None


# What a character that survived alone among the markers costs at least (隞 24.5 bits, 沈 14.4,
# 賊 13.7), where Chinese text costs 9 or 10 a character.
LONE_GARBLE = 13.0


def rarer_before(line: str, letters: str) -> bool:
    """Whether the characters of ``line`` beyond ASCII are rarer on average than the ``letters``
    read back: between Big5, GBK and UTF-8 both sides are Han, and a reading that drops
    characters saves bits whatever it reads (请�置�说�, a repair already, is no Big5 read as
    GBK, though reading it so drops three)."""
    kept = "".join(char for char in line if char != LOST and not char.isascii())
    if not letters or not kept:
        return True
    return cost_in_words(letters) / len(letters) < cost_in_words(kept) / len(kept)


def lone_survivor(line: str, letters: str) -> bool:
    """Whether one character of ``line`` beyond ASCII survived beside its markers, as rare as
    garble is, and reads back as one (``letters``): a title (-f 郎��, -f 檔案 read as GBK) has
    nothing to compare it with, and the reading may be no commoner (檔 14.5 bits, 郎 13.9)."""
    kept = [char for char in line if char != LOST and not char.isascii()]
    return len(kept) == 1 == len(letters) and LOST in line \
        and cost_in_words(kept[0]) >= LONE_GARBLE


def mostly_han(letters: str) -> bool:
    """Whether most of the ``letters`` that are letters are Han characters."""
    scripts = Counter(letter_script(char) for char in letters if char.isalpha())
    return scripts["han"] * 2 > sum(scripts.values()) or not scripts


def no_alphabet_leads(line: str) -> bool:
    """Whether of the letters of ``line`` beyond ASCII no one alphabet has the most, as in
    Chinese, and in GBK's reading of Big5 (Han, kana, Greek and Cyrillic from its rows, a little
    of each; Ру��кий is Russian, América holds GBK's é and is Spanish)."""
    letters = Counter(letter_script(char) for char in line if not char.isascii()
                      and char.isalpha())
    total = sum(letters.values())
    return all(count * 2 <= total for script, count in letters.items() if script != "han")
