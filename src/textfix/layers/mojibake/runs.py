"""The chains' readings of a triggered line: which chains the line is worth, its best reading
whole, and otherwise the best set of runs that the chains read back (judged by ``acceptance``).

Line by line, the layer tries the single-byte chains where Western pairs are, the whole-line
UTF-8 readings (one decode each) where such a beginning is, and the double-byte chains run by
run only where two suspect characters stand close together, as mojibake always has and clean
text almost never.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Callable, Sequence
from functools import cache
from itertools import pairwise
from typing import TypeVar

from ... import _kernels, recode
from ...charclass import HAN
from ...evidence import unusual_letters
from ...lazy_regex import lazy_compile
from ...plausibility import (
    SHORT_TEXT,
    VERY_SUSPECT,
    char_cost,
    suspect_cluster,
    suspect_positions,
    word_bonus,
)
from ...recode import Chain
from .. import lossy_gbk
from ..replaced_bytes import LOST
from .acceptance import (
    EAST_ASIAN,
    blanked,
    looks_japanese,
    reads_as_chinese,
    shifted,
    supported,
    surely_too_little,
    tells_enough,
    too_little,
    utf8_with_losses,
)
from .chains import CHAINS, FROM_UTF8, HAN_TO_HAN, HAN_TO_HAN_CHAINS, PAGE_CHAINS, TWICE_OVER
from .damage import irrecoverable_blanked
from .patchwork import never_read_alone
from .triggers import (
    ALONE_SUSPECT,
    UTF8_AS_LATIN,
    big5_pairs_only,
    short_trigger,
    stored_class,
    utf8_start,
    western_pair,
    western_stretch,
)


def line_chains(line: str) -> list[Chain]:
    """The chains worth trying on ``line``, looked for around the damage no chain reads back."""
    return _chains_for(irrecoverable_blanked(line))


def run_repairs(line: str, chains: list[Chain]) -> list[tuple[recode.Repair, Chain]]:
    """The best set of non-overlapping repairs that the ``chains`` find in ``line`` run by run,
    where none reads it whole: a family at a time, the Western code pages (each Western stretch
    read whole before unit by unit), then the readings into UTF-8, then those between Big5 and
    GBK. A later family looks only where the repairs so far leave suspect characters: on lossy
    UTF-8 read as GBK that spares four chains of unit-by-unit work per line.
    """
    single = [chain for chain in chains if recode.single_byte(chain.wrong)]
    # The line's script ranks only readings from a Western code page, which only the
    # single-byte chains make: counting it on every line was a sixth of the time on classical
    # text. It is counted when a reading into Chinese is first ranked (LineScript).
    script = LineScript(line) if single else None
    found = _western_repairs(line, single, script) if single else []
    for family in (FROM_UTF8, HAN_TO_HAN):
        left = _chains_for(blanked(line, [repair for repair, _ in found])) if found else chains
        found.extend((r, chain) for chain in left if chain in family
                     for r in recode.repair_runs(line, chain))
    found = [item for item in found if not too_little(item, line)]
    found = supported(line, found)
    whole_short_text = best_short_text_reading(line, chains, found)
    return [whole_short_text] if whole_short_text else _best_disjoint(found, script)


def reads_nothing(line: str, chains: list[Chain]) -> bool:
    """Whether no chain of ``chains`` offers any reading of ``line``, whole or run by run: then
    ``best_whole`` and ``read_back_from_a_page`` find nothing and ``run_repairs`` returns no
    repair, whatever the rules that judge a reading would say. Most triggered clean lines are
    such (a Cantonese character, a rare classical one, ``°`` or ``®`` beside a letter), and
    this asks the core's kernels only, not the rules: a few calls instead of the decisions'
    dozens. The Western stretches go first: where a chain reads something in a clean line, it is
    mostly there (°± and ®© make Chinese through GBK), and the line is then told in a call or
    two."""
    return _reads_nothing(line, chains, _runs_found)


def reads_nothing_kept(line: str, chains: list[Chain]) -> bool:
    """``reads_nothing``, but that in a line cp1252 cannot write (Chinese, Cyrillic or an emoji
    in it), or with a Western character alone between ASCII ones, a chain's runs count only
    where ``recode.repair_runs`` keeps one (acceptance turns down what the gains pick), not
    where the gains could pick one, and in a Western stretch only one ``too_little`` may take:
    the rare characters of classical text give the chains into UTF-8 and between Big5 and GBK
    runs to weigh on most lines, and ``°±`` or ``®©`` the Western code pages on web pages, and
    none is kept. Such a line's decisions take nothing from
    any chain either: ``run_repairs`` asks each chain's runs on their own (a Western stretch's
    after its whole readings, which are asked alike), and ``whole_over_runs`` reads no such line
    when no run is kept (``never_read_alone``). The reference of the core's ``settle_each``."""
    if not never_read_alone(line):
        return _reads_nothing(line, chains, _runs_found)
    return _reads_nothing(line, chains, _runs_kept, _stretch_runs_kept, bounded=True)


def _runs_found(line: str, chain: Chain) -> bool:
    """Whether the gains of ``chain`` (into UTF-8 or between Big5 and GBK) may pick a run."""
    if chain in HAN_TO_HAN:
        return recode.han_gains(line, chain) is not None
    return chain in FROM_UTF8 and bool(recode.unit_gains(line, chain))


def _runs_kept(line: str, chain: Chain) -> bool:
    """Whether ``recode.repair_runs`` keeps a run of ``chain`` (into UTF-8 or between Big5 and
    GBK)."""
    return (chain in HAN_TO_HAN or chain in FROM_UTF8) and bool(recode.repair_runs(line, chain))


def _stretch_runs_found(line: str, start: int, end: int, chain: Chain) -> bool:
    """Whether the gains of the single-byte ``chain`` may pick a run in the Western stretch
    ``line[start:end]``."""
    return bool(recode.unit_gains(line[start:end], chain))


def _stretch_runs_kept(line: str, start: int, end: int, chain: Chain) -> bool:
    """Whether ``recode.repair_runs`` keeps a run of the single-byte ``chain`` in the Western
    stretch ``line[start:end]`` that acceptance may take: ``run_repairs`` drops a run that
    ``too_little`` turns down, so one ``surely_too_little`` is sure of counts as none (``°±``
    read through Mac Roman as 氨 between figures, on a web page with Chinese in it)."""
    return any(not surely_too_little((shifted(repair, start), chain), line)
               for repair in recode.repair_runs(line[start:end], chain))


StretchRead = Callable[[str, int, int, Chain], bool]


def _reads_nothing(line: str, chains: list[Chain], runs_read: Callable[[str, Chain], bool],
                   stretch_read: StretchRead = _stretch_runs_found,
                   bounded: bool = False) -> bool:
    """``reads_nothing``, with ``runs_read`` telling whether a chain's runs read something, and
    ``stretch_read`` whether a single-byte chain's runs of a Western stretch do; where
    ``bounded``, a stretch's whole reading that ``surely_too_little`` turns down reads nothing,
    and a short line reads whole between Big5 and GBK only where ``repair_short_text`` does."""
    single = [chain for chain in chains if recode.single_byte(chain.wrong)]
    if single and not _western_reads_nothing(line, single, stretch_read, bounded):
        return False
    tried = [*chains, *(TWICE_OVER[chain] for chain in chains if chain in TWICE_OVER)]
    if any(recode.repair_whole_each(line, tried)) or any(
            recode.repair_whole_each(line, PAGE_CHAINS, math.inf)):
        return False
    if any(runs_read(line, chain) for chain in chains):
        return False
    # ``best_short_text_reading``, which reads a short East Asian line whole between Big5 and
    # GBK even where no run does (where ``bounded``, only where ``recode.repair_short_text``
    # reads it; otherwise where it could save the margin).
    could_read = recode.repair_short_text if bounded else recode.whole_could_save
    return (len(line) > SHORT_TEXT or not EAST_ASIAN.search(line)
            or not any(could_read(line, chain) for chain in chains if chain in HAN_TO_HAN))


def _western_reads_nothing(line: str, single: list[Chain],
                           stretch_read: StretchRead = _stretch_runs_found,
                           bounded: bool = False) -> bool:
    """Whether the single-byte chains read nothing in any stretch ``_western_repairs`` reads:
    not the stretch whole (but, where ``bounded``, what ``surely_too_little`` turns down: the
    stretch's best reading is then none, and its runs are asked), nor any run of it (as
    ``stretch_read`` tells)."""
    for stretch in western_stretch().finditer(line):
        text = stretch.group()
        if not western_pair().search(text):
            continue
        if any(stretch_read(line, stretch.start(), stretch.end(), chain) for chain in single
               ) or any(
                reading and not (bounded and surely_too_little(
                    (shifted(reading, stretch.start()), chain), line))
                for reading, chain in zip(recode.repair_whole_each(text, single), single,
                                          strict=True)):
            return False
    return True


def reads_nothing_each(text: str, spans: list[tuple[int, int]]) -> list[bool]:
    """For each line of ``text`` at ``spans``, ``reads_nothing`` with every chain the layer knows:
    a line so dismissed reads nothing whichever chains it is worth (each chain is asked on its
    own, so fewer ask less). The reference of the core's kernel, for the differential tests."""
    return [reads_nothing(text[start:end], list(CHAINS)) for start, end in spans]


def _core_reads_nothing_each(text: str, spans: list[tuple[int, int]]) -> list[bool]:
    """``reads_nothing_each`` in one call of the core for a whole document."""
    assert _kernels.core is not None
    whole, single, from_utf8 = _chain_names()
    dismissed: list[bool] = _kernels.core.reads_nothing_each(
        text, spans, whole, [_named(chain) for chain in PAGE_CHAINS], single, from_utf8,
        HAN_TO_HAN_CHAINS, (recode.WHOLE_WORST, recode.WHOLE_AVERAGE, recode.MARGIN, SHORT_TEXT),
        recode.search.GUESSING.get())
    return dismissed


# What ``settle_each`` says of a line: some chain's reading of it may be taken; none is
# (``reads_nothing_kept``); none is, and the decisions leave it alone (``left_alone``).
READ, QUIET, SETTLED = 0, 1, 2


def settle_each(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """For each line of ``text`` at ``spans``, READ, QUIET or SETTLED (``reads_nothing_kept``
    with every chain the layer knows, and ``left_alone``). Where every line is SETTLED, the
    layer's decisions change nothing in the document: each line is left to ftfy alone, which
    passes it over, ``garbled_page`` finds no chain for the page, and ``ftfy_undo``,
    ``lossy_replace`` and ``lossy_gbk`` nothing to read. The reference of the core's kernel."""
    return [(SETTLED if left_alone(line) else QUIET)
            if reads_nothing_kept(line := text[start:end], list(CHAINS)) else READ
            for start, end in spans]


def left_alone(line: str) -> bool:
    """Whether the decisions for a ``line`` no chain reads leave it as it is and take nothing
    from it for the page: it holds three Han characters in a row (Chinese, which ftfy does not
    read first: ``ftfy_first``; clean words, which ``ftfy_undo`` never restores:
    ``_clean_words``; no sign that ftfy went over the page, since no code page writes a Han
    character: ``garbled_page._ftfy_made_some``), no sign of UTF-8 read as Latin-1 (ftfy is not
    asked: ``_ftfy_alone``), and no U+FFFD (the lossy chains read only such lines:
    ``lossy_replace``)."""
    return (LOST not in line and UTF8_AS_LATIN.search(line) is None
            and _THREE_HAN.search(line) is not None)


_THREE_HAN = lazy_compile(f"[{HAN}]{{3}}")


def _core_settle_each(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """``settle_each`` in one call of the core for a whole document."""
    assert _kernels.core is not None
    whole, single, from_utf8 = _chain_names()
    quiet: bytes = _kernels.core.settle_each(
        text, spans, whole, [_named(chain) for chain in PAGE_CHAINS], single, from_utf8,
        HAN_TO_HAN_CHAINS, (recode.WHOLE_WORST, recode.WHOLE_AVERAGE, recode.MARGIN, SHORT_TEXT),
        recode.search.GUESSING.get())
    return list(quiet)


def line_states(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """``settle_each`` of the lines at ``spans`` in one call of the core per document; READ for
    every line where the core is not built: the Python implementation reads each line in full,
    as the reference of the decisions."""
    if not _kernels.core or not spans:
        return [READ] * len(spans)
    # A line that ``lossy_gbk`` reads on its own (a short title that Windows' cp936 left, or a
    # line with the "?" it wrote) is not left alone, though no chain reads it.
    return each_distinct(text, spans, lambda unique: [
        QUIET if state == SETTLED and lossy_gbk.reads_alone(text[start:end]) else state
        for state, (start, end) in zip(_core_settle_each(text, unique), unique, strict=True)])


_T = TypeVar("_T")


def each_distinct(text: str, spans: list[tuple[int, int]],
                  each: Callable[[list[tuple[int, int]]], list[_T]]) -> list[_T]:
    """``each(spans)``, a kernel whose answer for a line of ``text`` depends on the line alone,
    asked once for each distinct line: a page repeats its lines (a table's rows, a forum's
    signatures, a feed's bylines), and each is then read once."""
    first: dict[str, int] = {}
    lines = [text[start:end] for start, end in spans]
    for index, line in enumerate(lines):
        first.setdefault(line, index)
    if len(first) == len(spans):
        return each(spans)
    answers = dict(zip(first, each([spans[index] for index in first.values()]), strict=True))
    return [answers[line] for line in lines]


# A line longer than this is not asked on its own whether it ``reads_nothing`` (by
# ``mojibake._repair_line``, where the core's ``line_states`` did not dismiss it): some
# chain mostly reads something in a long line, and the question is then asked twice. Of the
# triggered corpus lines of 100-200 characters 85 % are dismissed, of 500-1000 half.
LONGEST_ASKED = 1000


_ChainName = tuple[str, str, int]


def _named(chain: Chain) -> _ChainName:
    return chain.wrong, chain.true, chain.times


@cache
def _chain_names() -> tuple[list[_ChainName], list[_ChainName], list[_ChainName]]:
    """The chains ``reads_nothing`` asks with every chain, as the core names them: read whole
    (every chain and its reading twice over), single-byte, from a double-byte codec into UTF-8."""
    tried = [*CHAINS, *(TWICE_OVER[chain] for chain in CHAINS if chain in TWICE_OVER)]
    return ([_named(chain) for chain in tried],
            [_named(chain) for chain in CHAINS if recode.single_byte(chain.wrong)],
            [_named(chain) for chain in CHAINS if chain in FROM_UTF8])


def short_text_repairs(line: str) -> list[tuple[recode.Repair, Chain]]:
    """The reading of all of a short ``line`` between Big5 and GBK, for a line with only a
    short-text trigger: no chain from UTF-8 or a Western code page has a character to start
    from there, and on the 23 such samples of the benchmark (--limit 300, every chain) the full
    search finds what this does, at ten times the time."""
    if looks_japanese(line):
        return []
    best = best_short_text_reading(line, HAN_TO_HAN_CHAINS, [])
    return [best] if best else []


def best_short_text_reading(line: str, chains: list[Chain], found: list[tuple[recode.Repair, Chain]]
                            ) -> tuple[recode.Repair, Chain] | None:
    """The best reading of all of a short ``line`` between Big5 and GBK, if it saves about as
    much as the best of the runs ``found``: less by no more than the margin a repair must save
    (MARGIN), the evidence it would take that what the runs leave is clean (亩 read back as 譯
    saves nothing, 期 read back as 戳 costs 6 bits, but the rest of the title around it was
    garbled the same way). On the benchmark's short Big5/GBK lines (--limit 300) the whole
    reading was right wherever it saved 8 bits less at most, and wrong wherever 15 or more
    (CREATE DOMAIN - 定義一個新郖: 域 was clean)."""
    if len(line) > SHORT_TEXT or not EAST_ASIAN.search(line):
        return None  # no reading between Big5 and GBK where only alphabets and symbols are
    whole = [(repair, chain) for chain in chains if chain in HAN_TO_HAN
             if (repair := recode.repair_short_text(line, chain)) and not too_little(
                 (repair, chain), line) and tells_enough(line, repair)]
    if not whole:
        return None
    best = max(whole, key=lambda item: item[0].gain)
    rival = max((repair.gain for repair, _ in found), default=0.0)
    return best if best[0].gain >= rival - recode.MARGIN else None


def best_whole(text: str, chains: Sequence[Chain], script: LineScript | None = None,
               keep: Callable[[tuple[recode.Repair, Chain]], bool] = lambda item: True,
               rarest: float = recode.WHOLE_WORST) -> tuple[recode.Repair, Chain] | None:
    """The whole-text reading that saves the most, of those the ``chains`` make (a decode each,
    two for UTF-8 read as GBK twice) with no character rarer than ``rarest`` and ``keep`` keeps.
    A Western code page's reading into UTF-8 goes before its readings into GB18030 or Big5: GBK
    text seldom is valid UTF-8 too, but a European word read back as Chinese can save more bits
    than as itself (HÃ´tel is Hôtel, not H么tel). Where that reading makes letters no
    alphabet's everyday words use, all readings compete by what they save: the GBK of common
    words is valid UTF-8 too (ÏµÍ³ is 系统 or ϵͳ, Ä£Ê½ 模式 or ģʽ). A text whose only sign
    is Big5 with ASCII second bytes (``big5_pairs_only``) is read only into characters of
    BIG5_PAIRS_RAREST bits or fewer."""
    tried = [*chains, *(TWICE_OVER[chain] for chain in chains if chain in TWICE_OVER)]
    if big5_pairs_only(text):
        rarest = min(rarest, BIG5_PAIRS_RAREST)
    whole = [(repair, chain) for repair, chain
             in zip(recode.repair_whole_each(text, tried, rarest), tried, strict=True)
             if repair and keep((repair, chain))]
    if any(recode.single_byte(chain.wrong) and chain.true == "utf-8"
           and not unusual_letters(repair.after) for repair, chain in whole):
        whole = [item for item in whole if not recode.into_chinese(item[1])]
    whole = [item for item in whole if not utf8_with_losses(text, item[1])]
    # Ranked with the word pairs each reading makes: the gains count characters alone, and the
    # Big5 and the GBK reading of a short field are near (資源 saves 2.6 bits more than 戈方,
    # and earns 9.8 bits of a word).
    return max(whole, key=lambda item: _ranked(item, script) + word_bonus(item[0].after)
               ) if whole else None


def read_back_from_a_page(line: str) -> tuple[recode.Repair, Chain] | None:
    """The reading of all of ``line`` as UTF-8 read as one of FTFY_PAGES that saves the most.
    No run is read back from those pages, so a rare character does not bar the whole line
    (撷 in a cp1251 page)."""
    return best_whole(line, PAGE_CHAINS, keep=lambda item: reads_as_chinese(item[0].after),
                      rarest=math.inf)


def _western_repairs(line: str, chains: list[Chain], script: LineScript | None
                     ) -> list[tuple[recode.Repair, Chain]]:
    """The repairs of the single-byte ``chains`` in the stretches of ``line`` that a Western
    code page can write: the best whole reading of a stretch, else every chain unit by unit."""
    found: list[tuple[recode.Repair, Chain]] = []
    for stretch in western_stretch().finditer(line):
        text = stretch.group()
        if not western_pair().search(text):
            continue
        offset = stretch.start()
        whole = best_whole(text, chains, script, functools.partial(_enough_at, offset, line))
        # Unit by unit where no whole reading is taken, unless Big5's ASCII second bytes are
        # all the stretch shows.
        best = ([whole] if whole else [] if big5_pairs_only(text)
                else _stretch_repairs(text, chains))
        found.extend((shifted(r, offset), chain) for r, chain in best)
    return found


def _enough_at(offset: int, line: str, item: tuple[recode.Repair, Chain]) -> bool:
    """Whether a repair of the stretch of ``line`` at ``offset`` is not ``too_little``."""
    repair, chain = item
    return not too_little((shifted(repair, offset), chain), line)


def _stretch_repairs(text: str, chains: list[Chain]) -> list[tuple[recode.Repair, Chain]]:
    """Every chain's repairs of a Western stretch, unit by unit, the readings into UTF-8 first:
    where they leave no two Western characters together, the readings into GB18030 or Big5
    have nothing left to win (on UTF-8 with dropped bytes that spares six chains of work)."""
    into_utf8 = [chain for chain in chains if chain.true == "utf-8"]
    found = [(r, chain) for chain, runs in zip(into_utf8, recode.repair_runs_each(text, into_utf8),
                                               strict=True) for r in runs]
    if found and not western_pair().search(blanked(text, [repair for repair, _ in found])):
        return found
    others = [chain for chain in chains if chain.true != "utf-8"]
    return found + [(r, chain) for chain, runs in zip(others, recode.repair_runs_each(
        text, others), strict=True) for r in runs]


def _best_disjoint(found: list[tuple[recode.Repair, Chain]], script: LineScript | None = None
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
# A Western stretch whose only sign is Big5 with ASCII second bytes (¥i¥H is 可以) is read
# whole or not at all, and only into characters this common (15 bits: 翻譯 is 13.1 and 14.1):
# symbols before unit letters read so too (°C·s is Big5's 蚓新, 18.1 and 9.7 bits).
BIG5_PAIRS_RAREST = 15.0
# The script a line with none of its own is taken to be in: GBK pages far outnumber Big5 ones,
# so where a Western code page's bytes read as both (»ò is GBK's 或 and Big5's 麼, alone in
# "Linux »ò Windows"), the GBK reading goes first unless it saves SCRIPT_BITS less.
LIKELIER_SCRIPT = "simplified"


class LineScript:
    """``recode.script_of`` a line, counted on first use: the Western stretches of most lines
    that have some read nothing, and a line of the fix fuzzer's spent a tenth of its time
    counting a script no reading was ranked by."""

    __slots__ = ("_line", "_script")

    def __init__(self, line: str) -> None:
        self._line: str | None = line
        self._script: str | None = None

    def __call__(self) -> str | None:
        if self._line is not None:
            self._script, self._line = recode.script_of(self._line), None
        return self._script


def _ranked(item: tuple[recode.Repair, Chain], script: LineScript | None) -> float:
    """A repair's gain, less SCRIPT_BITS where a Western code page is read back into the other
    script than the ``script`` of the line around it (LIKELIER_SCRIPT where it has none), or
    into UTF-8 letters of no European word (``unusual_letters``: ƫƫ, which saves 3 bits more
    than 偏偏)."""
    repair, chain = item
    if recode.single_byte(chain.wrong) and chain.true == "utf-8":
        return repair.gain - SCRIPT_BITS if unusual_letters(repair.after) else repair.gain
    if not recode.into_chinese(chain):
        return repair.gain
    around = (script() if script is not None else None) or LIKELIER_SCRIPT
    other = recode.script_of(repair.after) not in (None, around)
    return repair.gain - SCRIPT_BITS if other else repair.gain


def _chains_for(line: str) -> list[Chain]:
    """The chains worth trying on ``line``: the single-byte ones where two Western upper-half
    characters meet, the double-byte ones where suspect characters cluster, and the ones from
    UTF-8 also where a character stands that UTF-8 read as GBK or Big5 begins with (a garbled
    run need not hold a very suspect character: 鍒嗛厤 is 分配)."""
    western = western_pair().search(line) is not None
    double = _han_to_han_spot(line) and not looks_japanese(line)
    from_utf8 = double or utf8_start().search(line) is not None
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
    likely = [match.start() for match in _han_to_han_char().finditer(line)]
    if likely and len(line) <= SHORT_TEXT:
        return True
    very = suspect_positions(line, VERY_SUSPECT)
    # The characters that are a trigger alone are the very suspect ones this rare.
    if any(char_cost(line[index]) >= ALONE_SUSPECT for index in very):
        return True
    return len(line) > SHORT_TEXT and _close_together(likely, very, line)


# How far apart (in characters, one to the next) a character of ``_han_to_han_class`` may stand
# from another or from a very suspect one, and two very suspect ones from each other.
_HAN_TO_HAN_REACH = 4

_VERY_SUSPECT_REACH = 6


def _close_together(likely: list[int], very: list[int], line: str) -> bool:
    """Whether a character at ``likely`` stands _HAN_TO_HAN_REACH characters or less from another
    at ``likely`` or ``very``, or two at ``very`` _VERY_SUSPECT_REACH or less apart, on one line of
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
        reach = _VERY_SUSPECT_REACH if kinds[first] & kinds[second] & 2 else _HAN_TO_HAN_REACH
        if second - first <= reach and "\n" not in line[first + 1:second]:
            return True
    return False


@cache
def _han_to_han_char() -> re.Pattern[str]:
    """A character of ``_han_to_han_class``, compiled on first use."""
    return re.compile(f"[{stored_class('han_to_han')}]")
