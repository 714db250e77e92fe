"""A line repaired run by run must not be worse than a reading of it whole.

Japanese or Cantonese in GBK read as Latin-1 reads back whole with one decode; run by run, the
chains cut it into pieces, each the reading of some chain, and the pieces hold letters of
alphabets no one wrote there (``華源匹反隴ȁդγ``: Armenian, Greek). Two rules keep that out:

* ``without_foreign_letters``: a run read into GBK or Big5 may add only the letters a Chinese,
  Japanese or Korean page holds (and Latin); never Armenian, Thaana, Greek or Cyrillic that the
  line did not have.
* ``whole_over_runs``: where a line of a Western code page is cut into runs, one chain decodes
  all of it strictly, and that reads better than the runs' patchwork by the margin, the line is
  that chain's reading.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from ...evidence import CJK_READING_SCRIPTS, added_scripts, letter_script
from ...explain import splice
from ...lazy_regex import lazy_compile
from ...plausibility import cost_in_words
from ...recode import MARGIN, Chain, Repair, into_chinese, single_byte
from ...recode.chain import GAP, encode


def without_foreign_letters(line: str, repairs: Sequence[tuple[Repair, Chain]]
                            ) -> list[tuple[Repair, Chain]]:
    """``repairs`` less what adds letters no reading of theirs explains: into GBK or Big5,
    letters of a script the ``line`` lacks and no CJK page holds; into UTF-8 (which holds any
    script), letters of more than one such script, or one standing alone (¦Ð¦Ñ¦Ø, GBK Greek
    read as Latin-1, is no Cyrillic and Arabic). Such a repair from a Western code page keeps
    the longest stretch at either end that reads back strictly without them."""
    kept = []
    for repair, chain in repairs:
        if not _foreign(line, repair.after, chain.true == "utf-8"):
            kept.append((repair, chain))
        elif single_byte(chain.wrong):
            kept.extend((piece, chain) for piece in _clean_ends(line, repair, chain))
    return kept


# How many shorter stretches a repair with foreign letters tries at each end.
_TRIES = 48


def _clean_ends(line: str, repair: Repair, chain: Chain) -> list[Repair]:
    """The longest stretch at the start of ``repair`` and the longest at its end that read back
    strictly through ``chain`` without foreign letters, saving MARGIN bits each."""
    start, end = repair.start, repair.end
    pieces = []
    head = next((piece for cut in range(end - 1, max(start + 1, end - 1 - _TRIES), -1)
                 if (piece := _read(line, start, cut, chain)) is not None), None)
    if head is not None:
        pieces.append(head)
        start = head.end
    tail = next((piece for cut in range(start + 1, min(end - 1, start + 1 + _TRIES))
                 if (piece := _read(line, cut, end, chain)) is not None), None)
    if tail is not None:
        pieces.append(tail)
    return pieces


def _read(line: str, start: int, end: int, chain: Chain) -> Repair | None:
    before = line[start:end]
    try:
        after = encode(before, chain.wrong).decode(chain.true)
    except UnicodeError:
        return None
    if after == before or _foreign(line, after, chain.true == "utf-8"):
        return None
    gain = cost_in_words(before) - cost_in_words(after)
    return Repair(start, end, after, gain) if gain > MARGIN else None


def _foreign(line: str, after: str, into_utf8: bool) -> bool:
    new = added_scripts(line, after, CJK_READING_SCRIPTS)
    return bool(new) and not (into_utf8 and len(new) == 1 and _in_words(after, *new))


# A word of a new script read back from UTF-8 has this many letters at least: two letters side
# by side are as likely two pairs of bytes that happen to decode (¦Ð¦Ñ¦, GBK's Greek read as
# Latin-1, is no ЦѦ).
_WORD_LETTERS = 3


def _in_words(text: str, script: str) -> bool:
    """Whether every letter of ``script`` in ``text`` stands in a word of _WORD_LETTERS or more
    of them."""
    run = 0
    for char in text + " ":
        if char.isalpha() and letter_script(char) == script:
            run += 1
        elif 0 < run < _WORD_LETTERS:
            return False
        else:
            run = 0
    return True


# Where no run read back, the whole reading must make this many characters.
_ALONE_CHARS = 4
_LONE_UPPER_HALF = lazy_compile(r"(?:^|[\x00-\x7f])[^\x00-\x7f](?:[\x00-\x7f]|$)")


def whole_over_runs(line: str, chains: Sequence[Chain], repairs: Sequence[tuple[Repair, Chain]]
                    ) -> tuple[Repair, Chain] | None:
    """The reading of all of ``line`` by one of ``chains`` (a strict decode) that reads better in
    words than ``repairs`` applied, by MARGIN bits; None where there is none. With no
    ``repairs``, only a Western code page read back as GBK or Big5 is tried."""
    patched = splice(line, [(repair.start, repair.end, repair.after) for repair, _ in repairs])
    if len(repairs) == 1 and (repairs[0][0].start, repairs[0][0].end) == (0, len(line)):
        return None  # read whole already
    if not western_line(line):
        return None  # characters ftfy made among the bytes: ftfy_undo's to read
    best: tuple[Repair, Chain] | None = None
    patched_cost = cost_in_words(patched)
    for chain in chains:
        if chain.times != 1 or (not repairs and not into_chinese(chain)):
            continue  # with no run read back, only a Western page read as GBK or Big5
        try:
            after = encode(line, chain.wrong).decode(chain.true)
        except UnicodeError:
            continue
        if after == line or GAP in after or _controls(after) or (
                chain.true != "utf-8" and added_scripts(line, after, CJK_READING_SCRIPTS)):
            continue
        if not repairs and (sum(not char.isascii() for char in after) < _ALONE_CHARS
                            or all(char.isascii() or char.isalpha() for char in line)
                            or _LONE_UPPER_HALF.search(line)):
            # Alone, a reading needs more characters than 25°£12 (25哎12 in GBK), a sign that
            # no Western text shows (a symbol or a C1 control among the letters: ¤ for kana, £¬
            # for ，; ÀÁÂÃÄÅ is only letters), and no Western character alone between ASCII
            # ones, as European words and measures have them (naïve, 25°C) and GBK's pairs
            # seldom do.
            continue
        gain = patched_cost - cost_in_words(after)
        if gain > MARGIN and (best is None or gain > best[0].gain):
            best = Repair(0, len(line), after, gain), chain
    return best


def never_read_alone(line: str) -> bool:
    """Whether ``whole_over_runs`` reads no reading of ``line`` when no run is read back,
    whatever the chains: the line holds a character cp1252 cannot write, or a Western character
    alone between ASCII ones."""
    return not western_line(line) or _LONE_UPPER_HALF.search(line) is not None


def _controls(text: str) -> bool:
    return any(unicodedata.category(char) == "Cc" and char not in "\t" for char in text)


def western_line(line: str) -> bool:
    """Whether every character of ``line`` is one cp1252 or Latin-1 writes."""
    return all(char <= "\xff" or char in _CP1252_UPPER for char in line)


_CP1252_UPPER = frozenset(bytes(range(0x80, 0xA0)).decode("cp1252", "ignore"))
