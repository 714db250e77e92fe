"""Mojibake layer: text that was decoded with the wrong codec somewhere upstream.

Chinese mojibake (``浣犲ソ``: UTF-8 read as GBK; ``ÄãºÃ``: GBK read as cp1252; ``笢恅``: GBK read
as Big5; and the rest of ``CHAINS``) is reversed by ``recode``, run by run, wherever the
plausibility model prefers the repair by a clear margin. What remains of the Latin family (UTF-8
read as a Western code page, which is ftfy's specialty) goes to ftfy, line by line. Damage that no
decoder can undo (``锟斤拷``, U+FFFD, ``烫烫烫``, runs of ``?`` between Han characters) is only
reported (``damage``).

This module is the driver: the decisions, in the order they are taken. The stages live beside it:

- ``triggers``: which lines are looked at (the pipeline's scan runs the layer only on text with a
  trigger; ``trigger_derivation`` computes the trigger's stored classes for
  tools/generate_triggers.py);
- ``chains``: which misreadings the layer knows;
- ``runs``: which chains a line is worth, and their readings of it, whole or run by run;
- ``acceptance``: the rules that turn a reading down, or trim it, as resting on too little;
- ``latin``: ftfy, called with every fix that rewrites correct Chinese text switched off;
- ``damage``: what nothing reads back.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from ... import evidence
from ...explain import Step, splice
from ...plausibility import SHORT_TEXT
from ...recode import Chain, Repair
from ...recode.fillings import Filling, fillings
from ...recode.search import GUESSING
from .. import garbled_page, lossy_gbk, lossy_replace, lossy_western
from ..ftfy_leaves import THEN_FTFY
from .acceptance import too_little
from .chains import CHAINS, FTFY_PAGES, PAGE_CHAINS
from .damage import find_damage
from .latin import ftfy_config, ftfy_first, ftfy_fixed
from .patchwork import whole_over_runs, without_foreign_letters
from .quiet import FTFY_MADE, LOUD, quiet_lines
from .runs import (
    LONGEST_ASKED,
    QUIET,
    READ,
    SETTLED,
    best_whole,
    line_chains,
    line_states,
    read_back_from_a_page,
    reads_nothing,
    run_repairs,
    short_text_repairs,
)
from .triggers import (
    UTF8_AS_LATIN,
    lines_to_read,
    scan_class,
    scan_where,
    short_trigger,
    trigger,
    trigger_classes,
    trigger_spans,
)

__all__ = ["CHAINS", "FTFY_PAGES", "PAGE_CHAINS", "find_damage", "fix_mojibake", "ftfy_config",
           "run", "run_to_rest", "scan_class", "scan_where", "short_trigger", "trigger",
           "trigger_classes"]

# Mojibake of mojibake (UTF-8 read as cp1252 twice) is undone one garbling per pass.
_MOST_PASSES = 4


def run(text: str, explain: bool, guess: bool = False) -> tuple[str, list[Step]]:
    """Repair the mojibake in ``text``, one garbling after another: all of them before the
    unicode layer removes the soft hyphens and C1 controls that an inner one is partly made of.
    Where bytes were lost, a character is filled in only where one filling fits, unless
    ``guess`` (``Config.lossy``)."""
    repaired, steps, _ = run_to_rest(text, explain, guess)
    return repaired, steps


def run_to_rest(text: str, explain: bool, guess: bool = False) -> tuple[str, list[Step], bool]:
    """``run``, and whether the text it returns is one the layer leaves as it is: its last pass
    changed nothing (a pipeline round need not ask it again)."""
    token = GUESSING.set(guess)
    try:
        return _passes(text, explain, guess)
    finally:
        GUESSING.reset(token)


def _passes(text: str, explain: bool, guess: bool) -> tuple[str, list[Step], bool]:
    steps: list[Step] = []
    for garbling in range(_MOST_PASSES):
        repaired, new_steps = _repair_lines(text, explain, guess)
        if repaired == text:
            return text, steps, True
        # Each pass indexes the text the previous one made: its changes are a group, and the
        # findings on the text they made (the characters filled in where bytes were lost) the
        # next one.
        steps.extend(dataclasses.replace(step, group=2 * garbling + step.group)
                     for step in new_steps)
        text = repaired
    return text, steps, False


def _repair_lines(text: str, explain: bool, guess: bool = False) -> tuple[str, list[Step]]:
    """One pass over the lines of ``text`` that have a trigger."""
    # Only lines with a trigger are read: in a long document the one line with a rare character
    # is looked at, not the thousand beside it.
    spans = trigger_spans(text)
    # A title or a table cell may have a trigger of its own (a character that Big5 and GBK make
    # of a commoner one); with no other trigger, only its reading between the two is tried.
    short_text = short_trigger(text)
    # What the core shows of each line, in one call per document: no chain's reading of it is
    # taken (QUIET: it is not read again one by one), and the decisions leave it alone and take
    # nothing from it for the page too (SETTLED: it is not looked at again at all). A document
    # of SETTLED lines (clean classical text: rare characters, nothing garbled) is done.
    states = [READ] if short_text else line_states(text, spans)
    if states and all(state == SETTLED for state in states):
        return text, []
    only_short_text = short_text and not spans
    edits, steps = [], []
    filled: list[tuple[int, Filling, str]] = []  # (edit, what was filled in, chain)
    lines = [line for line, state in zip(lines_to_read(text, spans, short_text), states,
                                         strict=True) if state != SETTLED]
    dismissed = [state == QUIET for state in states if state != SETTLED]
    # Whether a line left out tells the page that ftfy went over it (``quiet.FTFY_MADE``).
    ftfy_made = False
    if not short_text and any(dismissed):
        # Of those, the ones nothing after the chains touches either are not seen at all.
        unsettled = [span for span, state in zip(spans, states, strict=True) if state != SETTLED]
        quiet = quiet_lines(text, unsettled, dismissed)
        ftfy_made = FTFY_MADE in quiet
        lines, dismissed = _unquiet(lines, dismissed, [state != LOUD for state in quiet])
    # A line that a decoder with errors="replace" wrote U+FFFD into (UTF-8 read as cp1252, Big5
    # read as GBK) and that reads back whole so is that chain's alone: no other chain cuts it
    # into runs, and no run-by-run search is spent on it.
    replaced = lossy_replace.repair_lines(lines)
    triggered = [(offset, line, *((None, []) if offset in replaced
                                  else (None, short_text_repairs(line)) if only_short_text
                                  else _repair_unless_dismissed(line, quiet)))
                 for (offset, line), quiet in zip(lines, dismissed, strict=True)]
    # Hook (issue 14): GBK or Big5 read as a Western code page, and then ftfy or not, decided
    # for the page and read on every line of it, those with no trigger of their own too; UTF-8
    # read by a lossy GBK decoder (Windows' cp936, a browser's gbk).
    found, undone = garbled_page.repair_page(
        text, [item for item in triggered if item[0] not in replaced], _repair_restored_line,
        ftfy_made)
    if replaced:
        found = sorted([*found, *(item for item in triggered if item[0] in replaced)],
                       key=lambda item: item[0])
    undone.update(replaced)
    found, read_honestly = lossy_gbk.repair_lines(text, found, undone)
    undone.update(read_honestly)
    # UTF-8 read by a Western code page that dropped bytes: what the runs left cut short.
    marked = lossy_western.repair_lines(found, undone)
    undone.update(marked)
    for offset, line, ftfy_repair, repairs in found:
        if offset in undone:
            after, undid, gain = undone[offset]
            if _spoils_whole(line, after, undid):
                continue
            edits.append((offset, offset + len(line), after))
            if explain:
                steps.append(Step("mojibake", "recode", offset, offset + len(line), line, after,
                                  chain=undid, gain=gain))
                if offset in read_honestly:  # the layer's own repairs stand in it as they were
                    filled.extend((len(edits) - 1, filling, chain) for filling, chain
                                  in _kept_fillings(line, after, repairs, guess))
                    filled.extend((len(edits) - 1, filling, undid)
                                  for filling in lossy_gbk.line_fillings(line, repairs))
                elif offset in marked:  # the layer's repairs stand in it as they were
                    filled.extend((len(edits) - 1, filling, chain) for filling, chain
                                  in _kept_fillings(line, after, repairs, guess))
                elif offset in replaced:
                    filled.extend((len(edits) - 1, filling, undid)
                                  for filling in lossy_replace.line_fillings(line))
            continue
        repairs = _unspoiled(line, repairs)
        if ftfy_repair is not None:
            edits.append((offset, offset + len(line), ftfy_repair[0]))
            if explain:
                steps.append(Step("mojibake", "ftfy", offset, offset + len(line), line,
                                  ftfy_repair[0], evidence=ftfy_repair[1]))
        for repair, chain in repairs:
            edits.append((offset + repair.start, offset + repair.end, repair.after))
            if explain:
                steps.append(Step("mojibake", "recode", offset + repair.start,
                                  offset + repair.end, line[repair.start:repair.end],
                                  repair.after, chain=chain.name, gain=repair.gain))
                filled.extend((len(edits) - 1, filling, chain.name) for filling in fillings(
                    line[repair.start:repair.end], repair.after, line[repair.end:], chain,
                    guess, line))
    if filled:
        steps.extend(_filled_steps(edits, filled, guess))
    return (splice(text, edits) if edits else text), steps


def _unspoiled(line: str, repairs: Sequence[tuple[Repair, Chain]]
               ) -> Sequence[tuple[Repair, Chain]]:
    """The repairs of a line's runs, but none where, in a short text, which has nothing else to
    stand on, they make a character no text uses (ó»© and a space read back as UTF-8 is
    U+FBA60: «advirtió»© (AFP) is clean) or mark a loss inside a word (résumé®® is no
    r\ufffdsum鮮), or where, read into GBK or Big5, they cut up a clean European word
    (``evidence.spoils_a_word``). (In a longer line, such a character or mark is a flaw of a
    reading that is right around it: Chinese lost between two English words.)"""
    if not repairs:
        return repairs
    after = splice(line, sorted((repair.start, repair.end, repair.after)
                                for repair, _ in repairs))
    short = len(line) <= SHORT_TEXT
    if (short and (evidence.makes_unused(line, after) or evidence.makes_a_lone_sign(line, after)
                   or evidence.marks_inside_a_word(line, after))) or (
            any(chain.true != "utf-8" for _, chain in repairs)
            and evidence.spoils_a_word(line, after)):
        return []
    return repairs


def _spoils_whole(line: str, after: str, chain_name: str) -> bool:
    """Whether a line read whole (``after``, through the chain named ``chain_name``: a page's,
    a lossy decoder's) is no reading: into GBK or Big5, it cuts up a clean European word
    (``evidence.spoils_a_word``); through ftfy, in a short text, it takes its kana for
    characters ftfy made (``evidence.unmakes_kana``). (A character no text uses is a flaw of a
    reading the page stands behind: ``_unspoiled`` asks that of a line's runs alone.)"""
    return (not chain_name.startswith("utf-8") and evidence.spoils_a_word(line, after)) or (
        chain_name.endswith(THEN_FTFY) and len(line) <= SHORT_TEXT
        and evidence.unmakes_kana(line, after))


LineRepairs = tuple[tuple[str, tuple[str, ...]] | None, list[tuple[Repair, Chain]]]


def _unquiet(lines: list[tuple[int, str]], dismissed: list[bool], quiet: list[bool]
             ) -> tuple[list[tuple[int, str]], list[bool]]:
    """The ``lines`` (and whether each is ``dismissed``) that are not ``quiet``."""
    if not any(quiet):
        return lines, dismissed
    kept = [index for index, still in enumerate(quiet) if not still]
    return [lines[index] for index in kept], [dismissed[index] for index in kept]


def _repair_unless_dismissed(line: str, dismissed: bool) -> LineRepairs:
    """``_repair_line`` of ``line``; where no chain reads anything in it (``dismissed``), only
    ftfy's part of it (nothing at all on a line with Chinese and no sign of UTF-8 read as
    Latin-1)."""
    return (_ftfy_alone(line), []) if dismissed else _repair_line(line)


def _kept_fillings(line: str, after: str, repairs: Sequence[tuple[Repair, Chain]], guess: bool
                   ) -> list[tuple[Filling, str]]:
    """The fillings of ``repairs`` of ``line`` where they stand in ``after`` (which holds each
    repair's text as it was, in order: ``lossy_gbk.repair_line``)."""
    found: list[tuple[Filling, str]] = []
    cursor = 0
    for repair, chain in sorted(repairs, key=lambda item: item[0].start):
        at = after.find(repair.after, cursor)
        if at < 0:
            return found
        cursor = at + len(repair.after)
        found.extend((dataclasses.replace(filling, start=at + filling.start), chain.name)
                     for filling in fillings(line[repair.start:repair.end], repair.after,
                                             line[repair.end:], chain, guess, line))
    return found


def _filled_steps(edits: list[tuple[int, int, str]], filled: list[tuple[int, Filling, str]],
                  guess: bool) -> list[Step]:
    """A finding for each character filled in where bytes were lost, on the text the ``edits``
    made (a group after theirs): "guess" with its alternatives, or "restore" where it was the
    only valid filling."""
    shifts, shift = [], 0
    for start, end, after in edits:
        shifts.append(shift)
        shift += len(after) - (end - start)
    steps = []
    for edit, filling, chain in filled:
        at = edits[edit][0] + shifts[edit] + filling.start
        end = at + len(filling.chars)
        action = "guess" if filling.alternatives else "restore"
        steps.append(Step("mojibake", action, at, end, filling.chars, filling.chars, group=1,
                          chain=chain, evidence=filling.alternatives))
    return steps


def _repair_restored_line(line: str) -> LineRepairs:
    """``_repair_line`` for a line whose bytes ftfy_undo restored, without the rules against
    patchwork (``whole_over_runs``, ``without_foreign_letters``): ftfy_undo takes the runs
    where ftfy made a character and judges them itself, and a strict decode of all of the line
    would read the bytes ftfy's changes left uncertain as they stand."""
    return _repair_line(line, against_patchwork=False)


def _repair_line(line: str, against_patchwork: bool = True) -> LineRepairs:
    """(ftfy's repair of all of a triggered ``line`` and what it did in words, or None; the
    chains' repairs otherwise): the decisions for one line, cheapest and surest first."""
    # The chains whose signs the line shows (Western pairs, a UTF-8 start, Big5/GBK clusters),
    # looked for around the damage that no chain reads back.
    chains = line_chains(line)
    if len(line) <= LONGEST_ASKED and reads_nothing(line, chains):
        # What is left when no chain reads anything (most triggered clean lines): ftfy's.
        return _ftfy_alone(line), []
    return _decided(line, chains, against_patchwork)


def _decided(line: str, chains: list[Chain], against_patchwork: bool = True) -> LineRepairs:
    """``_repair_line``'s decisions, given the ``chains`` the line is worth."""
    # The whole line through one chain: a decode each, and the surest reading when it is one.
    # Chinese read as cp1251 or cp437 (дЅ еҐЅ, Σ╜áσÑ╜) is read back whole or not at all: ftfy
    # finds some of those lines not bad, and leaves them.
    whole = best_whole(line, chains, keep=lambda item: not too_little(item, line, whole=True)
                       ) or read_back_from_a_page(line)
    # A line with no Chinese in it is ftfy's first (LiĂ¨ge is Liège, not Li猫ge), unless a chain
    # read it whole into Chinese.
    ftfy_repair = ftfy_first(line, whole)
    if ftfy_repair:
        return ftfy_repair, []
    if whole:
        return None, [whole]
    # Run by run: a garbled stretch among clean text, each run judged on its own evidence.
    # Pieces of other chains never stand where one chain reads the line whole (patchwork).
    repairs = run_repairs(line, chains)
    if against_patchwork:
        repairs = without_foreign_letters(line, repairs)
    if repairs:
        whole = whole_over_runs(line, chains, repairs) if against_patchwork else None
        return None, [whole] if whole else repairs
    # A line no run of which reads back may still read back whole, strictly, into Chinese (or
    # Japanese, or Cantonese: characters too rare for best_whole's bar).
    whole = whole_over_runs(line, chains, []) if against_patchwork else None
    if whole:
        return None, [whole]
    # What the chains leave of the Latin family (UTF-8 read as a Western code page) is ftfy's.
    return (ftfy_fixed(line) if UTF8_AS_LATIN.search(line) else None), []


def _ftfy_alone(line: str) -> tuple[str, tuple[str, ...]] | None:
    """``_repair_line``'s decisions where no chain reads anything in ``line``: ftfy first on a
    line with no Chinese, and otherwise on what the chains leave of the Latin family."""
    return ftfy_first(line, None) or (ftfy_fixed(line) if UTF8_AS_LATIN.search(line) else None)


def fix_mojibake(text: str) -> str:
    """The mojibake layer on its own.

    >>> fix_mojibake("ä½\\xa0å¥½ï¼Œä¸–ç•Œ")
    '你好，世界'
    """
    return run(text, explain=False)[0]
