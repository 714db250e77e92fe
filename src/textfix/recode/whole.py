"""A whole text read through a chain at once: the common case, at C speed (``repair_whole``),
and a short text between Big5 and GBK (``repair_short_text``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from types import SimpleNamespace

from .. import _kernels
from ..plausibility import (
    char_costs,
    cost,
    cost_in_words,
    foreign,
    has_astral,
    losses,
    word_bonus,
    worst,
)
from .acceptance import (
    PLAUSIBLE_AVERAGE,
    WHOLE_AVERAGE,
    european_word,
    lone_han,
    makes_chinese,
    reads_like_chinese,
)
from .chain import (
    GAP,
    MARGIN,
    UNREADABLE,
    Chain,
    Repair,
    encode,
    into_chinese,
    reading_table,
    single_byte,
)
from .han import whole_could_save

# A title or a table cell garbled between Big5 and GBK is garbled whole, and too short for the
# runs to be sure of: read whole, every character through the chain, it must save LONE_MARGIN
# bits when a single character changes (岆 CD- is 是 CD-: 20 bits; 眖 CPAN is 從 CPAN: 17) and
# that character must be one real text hardly has (RARE_BEFORE bits, 1 in 30 million, or
# private use), MARGIN when several do (ノ CDROM 紆 is 用 CDROM 彈: 15 bits). No clean corpus
# paragraph and none of 129,846 clean 5-20 character cuts of them changes.
LONE_MARGIN = 15.0

_KANA_BLOCK = re.compile("[\u3040-\u30ff]")

RARE_BEFORE = 25.0


def repair_short_text(text: str, chain: Chain) -> Repair | None:
    """All of the short ``text`` read through the Big5/GBK ``chain``, if that reads like real
    text and saves enough; ASCII stays as it is."""
    if not whole_could_save(text, chain):
        return None
    after = text.translate(reading_table(chain))
    if UNREADABLE in after or after == text or foreign(after) > foreign(text):
        return None
    changed = [before for before, reading in zip(text, after, strict=True) if before != reading]
    if all(_KANA_BLOCK.match(char) for char in changed):
        return None  # ボタン OK is Japanese, whatever its Big5 reading (示正件) says
    letters = "".join(char for char in after if not char.isascii())
    gain = cost_in_words(text) - cost_in_words(after)
    if cost_in_words(letters) > PLAUSIBLE_AVERAGE * len(letters):
        return None
    if len(changed) == 1:
        if gain <= LONE_MARGIN or char_costs(changed[0])[0] < RARE_BEFORE:
            return None
    elif gain <= MARGIN:
        return None
    return Repair(0, len(text), after, gain)


# A whole-text reading is taken at once only when it holds no character this rare: rarer ones
# are where a clean character might have been swept into the repair. C1 controls do not count:
# they are what an inner misreading (UTF-8 read as cp1252 twice) is partly made of, and
# the gain still pays for them.
WHOLE_WORST = 20.0

_C1_CONTROLS = dict.fromkeys(range(0x80, 0xA0))


def repair_whole(text: str, chain: Chain, rarest: float = WHOLE_WORST) -> list[Repair] | None:
    """The common case at C speed: all of ``text`` is one garbled run that decodes strictly
    (through every misreading of ``chain``), with no character costlier than ``rarest`` (where the
    runs can take over, a rare one may be a clean character swept in).

    Both codecs being double-byte, every clean stretch decodes too, so that case is left to
    the units."""
    if GAP in text or (not single_byte(chain.wrong) and (
            chain.true != "utf-8" or has_astral(text))):
        return None
    try:
        after = text
        for _ in range(chain.times):
            after = encode(after, chain.wrong).decode(chain.true)
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    if losses(after) > losses(text) or worst(after.translate(_C1_CONTROLS)) > rarest:
        return None
    if not single_byte(chain.wrong) and foreign(after) > foreign(text):
        return None  # 为 read back as Ϊ: a clean neighbour swept into the reading
    letters = "".join(char for char in after if not char.isascii())
    if into_chinese(chain) and (not reads_like_chinese(letters, WHOLE_AVERAGE)
                                or not makes_chinese(letters)
                                or (lone_han(after) and european_word(text))):
        return None
    gain = cost(text) - cost(after)
    # The margin may be saved with the word pairs the reading makes (擴充 of Big5 read as
    # Western saves 11.7 bits by its characters, 20 with its word).
    in_words = gain + word_bonus(after) - word_bonus(text)
    return [Repair(0, len(text), after, gain)] if max(gain, in_words) > MARGIN else None


def repair_whole_each(text: str, chains: Sequence[Chain], rarest: float = WHOLE_WORST
                      ) -> list[Repair | None]:
    """``repair_whole`` of ``text`` through each of ``chains``: its repair or None."""
    return [found[0] if (found := REFERENCE.repair_whole(text, chain, rarest)) else None
            for chain in chains]


def _core_repair_whole_each(text: str, chains: Sequence[Chain], rarest: float = WHOLE_WORST
                            ) -> list[Repair | None]:
    """``repair_whole_each`` in one call of the core for all ``chains``; a chain whose codecs
    the core holds no table for is read by the reference."""
    assert _kernels.core is not None
    found, not_handled = _kernels.core.repair_whole_each(
        text, [(chain.wrong, chain.true, chain.times) for chain in chains], rarest,
        WHOLE_AVERAGE, MARGIN)
    repairs = [None if reading is None else Repair(0, len(text), *reading) for reading in found]
    for index in not_handled:
        repairs[index] = REFERENCE.repair_whole_each(text, [chains[index]], rarest)[0]
    return repairs


def _core_repair_whole(text: str, chain: Chain, rarest: float = WHOLE_WORST
                       ) -> list[Repair] | None:
    found = _core_repair_whole_each(text, [chain], rarest)[0]
    return [found] if found else None


# The functions above are the reference; where the Rust core runs (``textfix._kernels``), the
# whole-text readings are its kernel, which returns the same to the last bit. ``REFERENCE``
# keeps the reference for the differential tests.
REFERENCE = SimpleNamespace(repair_whole=repair_whole, repair_whole_each=repair_whole_each)
if _kernels.core is not None:
    repair_whole = _core_repair_whole
    repair_whole_each = _core_repair_whole_each
