"""Undo a wrong decode: re-encode a run with the codec that misread it, decode with the right one.

A *chain* names both codecs: ``utf-8 read as gbk`` turns ``浣犲ソ`` back into the bytes
``E4 BD A0 E5 A5 BD`` and those into ``你好``. ``repair_whole`` reads all of a line at once (at C
speed); ``repair_runs`` finds every run of it that the chain explains better than the text itself,
judged by ``plausibility.cost``:

1. The run's bytes under the wrong codec are cut into *units*: stretches that end on a character
   boundary under both codecs (``浣犲ソ`` and ``你好`` are one unit of six bytes; ASCII is a unit
   of its own). Each unit has a gain: the bits its repair saves.
2. A dynamic programme picks the runs of units to repair, paying ``MARGIN`` bits per run, so
   a run is repaired only when it saves more than the margin, and clean characters between two
   garbled stretches are never part of a repair.
3. Where bytes were lost (a decoder wrote U+FFFD or ``?``, or dropped a byte), what is left of
   the damaged characters becomes one marker (the one the text had), unless a single byte is
   missing from one character and exactly one byte fits; only with ``lossy="guess"``
   (``search.GUESSING``) are the bytes that fit tried and, in a run of such units, the readings
   that read best together win. What only survived a loss may bridge two repairs, never make
   one.
4. A run is repaired only when at least two garbled characters in a row change; between two
   Chinese codecs (Big5 and GBK) it must also save more bits and read like real text.


This module is the driver (``repair_runs``: the runs the gains pick, snapped and judged). Beside
it: ``chain`` (a chain, its codecs and reading tables), ``search`` (steps 1-3: units, readings,
gains, the run DP), ``han`` (the gains between Big5 and GBK, by whole-list operations),
``acceptance`` (step 4: boundaries, clause cuts, ``convincing``), ``whole`` (a whole text read
at once) and ``fillings`` (where a repair filled in lost bytes, for its explanation). Where the
Rust core is built, it does steps 1 and 3 for every chain but those between Big5 and GBK
(``search.unit_gains``), the Big5/GBK gains (``han.han_gains``) and the run DP, and all four
steps for the chains from GBK or Big5 into UTF-8, between Big5 and GBK and from a Western code
page (``kept_runs``); the Python code is their reference (``REFERENCE``).
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace

from .. import _kernels
from . import han, search, whole
from .acceptance import (
    BOUNDARY,
    CJK_PUNCTUATION,
    CLAUSE_CHARS,
    HAN_BOUNDARY,
    WHOLE_AVERAGE,
    convincing,
    cut_at_clause_end,
    european_word,
    grown_to_boundary,
    lone_han,
    reads_like_chinese,
    script_extended,
    script_of,
    whole_clause,
)
from .chain import (
    MARGIN,
    UNREADABLE,
    Chain,
    Repair,
    codec_reading_table,
    han_to_han,
    into_chinese,
    reading_table,
    single_byte,
    upper_half,
)
from .han import han_gains, whole_could_save
from .search import WindowGains, best_runs, unit_gains
from .whole import WHOLE_WORST, repair_short_text, repair_whole, repair_whole_each

__all__ = [
    "CJK_PUNCTUATION",
    "CLAUSE_CHARS",
    "MARGIN",
    "REFERENCE",
    "UNREADABLE",
    "WHOLE_AVERAGE",
    "WHOLE_WORST",
    "Chain",
    "Repair",
    "WindowGains",
    "codec_reading_table",
    "han_gains",
    "han_to_han",
    "into_chinese",
    "reading_table",
    "reads_like_chinese",
    "repair_runs",
    "repair_runs_each",
    "repair_short_text",
    "repair_whole",
    "repair_whole_each",
    "script_of",
    "single_byte",
    "unit_gains",
    "upper_half",
    "whole_could_save",
]


def repair_runs(text: str, chain: Chain) -> list[Repair]:
    """The stretches of ``text`` that ``chain`` repairs, unit by unit: for text that is only
    partly garbled, or has lost bytes."""
    if _kernels.core is not None:
        # All of it in the core for the chains from GBK or Big5 into UTF-8, between Big5 and
        # GBK and from a Western code page: the readings of a long line of rare characters were
        # most of its time in Python.
        kept = _kernels.core.kept_runs(text, chain, search.GUESSING.get())
        if kept is not None:
            return [Repair(start, end, after, gain) for start, end, after, gain in kept]
    return _repair_runs(text, chain)


def repair_runs_each(text: str, chains: Sequence[Chain]) -> list[list[Repair]]:
    """``repair_runs`` of ``text`` for each of ``chains``, in one call into the core: a line's
    Western stretches ask every single-byte chain in turn, and a call each was most of the
    time of a line of short stretches (the fix fuzzer's slowest)."""
    if _kernels.core is None:
        return [_repair_runs(text, chain) for chain in chains]
    kept = _kernels.core.kept_runs_each(text, list(chains), search.GUESSING.get())
    return [_repair_runs(text, chain) if runs is None
            else [Repair(start, end, after, gain) for start, end, after, gain in runs]
            for chain, runs in zip(chains, kept, strict=True)]


def _repair_runs(text: str, chain: Chain) -> list[Repair]:
    """``repair_runs`` in Python: the reference of the core's ``kept_runs``."""
    if han_to_han(chain):  # screened by the bounds of han_gains, not by _hopeless
        return _han_repairs(text, chain)
    return [repair for spans, befores, readings, gains in unit_gains(text, chain)
            for repair in _accepted_runs(chain, spans, befores, readings, gains)]


def _han_repairs(text: str, chain: Chain) -> list[Repair]:
    """The runs of ``text`` that the Big5/GBK ``chain`` repairs: the runs that the gains of its
    characters (``han_gains``) pick, where those are not dismissed."""
    gains = han_gains(text, chain)
    if gains is None or not best_runs(gains):
        return []  # no run to judge: the readings of every character are not built
    readings: list[tuple[str, bool] | None] = [
        None if after == UNREADABLE else (after, True)
        for after in text.translate(reading_table(chain))]
    return _accepted_runs(chain, [(index, index + 1) for index in range(len(text))], list(text),
                          readings, gains)


def _accepted_runs(chain: Chain, spans: list[tuple[int, int]], befores: list[str],
                   readings: list[tuple[str, bool] | None], gains: list[float | None]
                   ) -> list[Repair]:
    """The convincing runs of units (at ``spans`` of the text) that the credited gains pick."""
    repairs = []
    for first, last in best_runs(gains):
        first, last = grown_to_boundary(first, last, gains, befores, readings,
                                        HAN_BOUNDARY if han_to_han(chain) else BOUNDARY)
        if han_to_han(chain):
            first, last = script_extended(first, last, gains, befores, readings)
            last = cut_at_clause_end(first, last, gains, befores, readings)
        gain = sum(gains[first:last])  # type: ignore[arg-type]  # no None inside a run
        after = "".join(reading[0] if reading else before
                        for reading, before in zip(readings[first:last], befores[first:last],
                                                   strict=True))
        clause = han_to_han(chain) and whole_clause(first, last, befores, readings)
        if not convincing(chain, gain, befores[first:last], readings[first:last], after, clause):
            continue
        if into_chinese(chain) and lone_han(after) and european_word(
                (befores[first - 1][-1:] if first else "") + "".join(befores[first:last])
                + (befores[last][:1] if last < len(befores) else "")):
            continue
        repairs.append(Repair(spans[first][0], spans[last - 1][1], after, gain))
    return repairs


# The Python reference of the core's kernels, for the differential tests.
REFERENCE = SimpleNamespace(repair_runs=_repair_runs,
                            unit_gains=search.REFERENCE.unit_gains,
                            best_runs=search.REFERENCE.best_runs,
                            han_gains=han.REFERENCE.han_gains,
                            whole_could_save=han.REFERENCE.whole_could_save,
                            repair_whole=whole.REFERENCE.repair_whole,
                            repair_whole_each=whole.REFERENCE.repair_whole_each)
