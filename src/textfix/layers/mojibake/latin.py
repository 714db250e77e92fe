"""What the chains leave of the Latin family (UTF-8 read as a Western code page, which is ftfy's
specialty) goes to ftfy, line by line, and each of its changes is judged on its own.

ftfy is called with every fix that rewrites correct Chinese text switched off: its defaults
fold fullwidth punctuation (，-> ,), straighten curly quotes and normalize with NFC/NFKC.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from ... import evidence, recode
from ...recode import Chain
from .acceptance import CJK, lone_chinese

if TYPE_CHECKING:
    import ftfy


@cache
def ftfy_config() -> ftfy.TextFixerConfig:
    """ftfy's options for Chinese text. ftfy is imported on first use: it costs 45 ms of
    start-up that clean text never needs."""
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False,  # the html layer's job, with markup detection of its own
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,  # would fold ，。： into ,.:
        uncurl_quotes=False,  # would straighten “” into ""
        fix_line_breaks=False,  # line endings are the user's
        fix_surrogates=False,
        remove_control_chars=False,  # the unicode layer's job
        normalization=None,  # the unicode layer's job (NFC only; never NFKC)
        explain=True,
    )


@cache
def _ftfy_whole_only() -> ftfy.TextFixerConfig:
    """``ftfy_config`` without the piecewise decode of UTF-8 (``decode_inconsistent_utf8``)."""
    return ftfy_config()._replace(decode_inconsistent_utf8=False)


def ftfy_first(line: str, whole: tuple[recode.Repair, Chain] | None
               ) -> tuple[str, tuple[str, ...]] | None:
    """ftfy's reading of a ``line`` with no Chinese in it, taken before the chains' runs or a
    ``whole`` reading into Chinese (LiĂ¨ge is Liège, not Li猫ge); None where there is none."""
    if CJK.search(line) or (whole is not None and not recode.into_chinese(whole[1])):
        return None
    if whole is not None and not _decodes_whole(line):
        # Against a whole reading into Chinese, ftfy's is taken only where it decoded the line
        # as UTF-8 whole (LiĂ¨ge); what else it does to such a line (C1 controls read as
        # cp1252: GBK read as Latin-1 is full of them) is no reading of it.
        return None
    fixed = ftfy_fixed(line, first=True)
    if whole is not None and fixed is not None and evidence.unusual_letters(fixed[0]):
        return None  # best_whole weighed that UTF-8 reading against Chinese: ÏµÍ³ is 系统
    return fixed


def _decodes_whole(line: str) -> bool:
    """Whether ftfy, without its piecewise decode, decodes ``line`` as UTF-8 as a whole (not
    only its C1 controls as cp1252)."""
    return any(action == "decode" and codec.startswith("utf-8")
               for action, codec in _ftfy_explained(line, whole_only=True)[1])


def ftfy_fixed(line: str, first: bool = False) -> tuple[str, tuple[str, ...]] | None:
    """(ftfy's repair of ``line``, what it did in words), or None where it changes nothing; asked
    ``first``, also where it decodes only pieces of the line (that breaks GBK read as cp1252)
    or makes Chinese (the chains' to read, lost bytes and all)."""
    if first and _ftfy_explained(line, whole_only=True)[0] == line:
        # ftfy's steps are the same with and without its piecewise decode until that decode
        # changes something, and such a result is refused here: where ftfy without it changes
        # nothing, ftfy with it has nothing to give either. GBK read as Latin-1 is turned down
        # three times faster so.
        return None
    fixed, steps = _ftfy_explained(line)
    if fixed == line or (first and (("apply", "decode_inconsistent_utf8") in steps
                                    or CJK.search(fixed))):
        return None
    kept = _judged(line, fixed)
    if kept == line:
        return None
    return kept, tuple(_ftfy_steps(steps))


@lru_cache(maxsize=64)
def _ftfy_explained(line: str, whole_only: bool = False
                    ) -> tuple[str, tuple[tuple[str, str], ...]]:
    """ftfy's repair of ``line`` and its steps, with ``ftfy_config`` (``_ftfy_whole_only`` if
    ``whole_only``). A line the chains leave is asked twice (``ftfy_first``, then at the end of
    the decisions): ftfy's own repeated decodes made that half the time of garbled Latin
    text."""
    import ftfy

    fixed, explanation = ftfy.fix_and_explain(
        line, config=_ftfy_whole_only() if whole_only else ftfy_config())
    return fixed, tuple((step[0], step[1]) for step in explanation or ())


# ftfy's changes this many unchanged characters apart or more are judged one by one: a long
# line (a document with its line breaks removed, a JSON field) holds clean stretches far apart,
# each of which must stand or fall on its own, as it would on a line of its own.
_APART = 16


def _judged(before: str, after: str) -> str:
    """``after`` (ftfy's repair of ``before``) with each change that rests on too little undone:
    Chinese characters none of them next to another (café®© is no caf鮩: the runs' rule,
    ``too_little``, holds for ftfy's too), letters of a script the line lacks, each alone
    (Łódź®© is no Łódꮩ, €© no ۩, Αθήνα®€ no Αθήνᮀ), or a letter glued to one of another
    alphabet (Αθήνα»£ is no Αθήνợ), or a character no text uses (nową®½ is no now and the
    unassigned U+0BBD). Changes fewer than _APART characters apart are judged together."""
    regions = _regions(before, after)
    pieces, position = [], 0
    for first, last, start, end in regions:
        pieces.append(before[position:first])
        changed = after[start:end]
        weak = (lone_chinese(changed) or evidence.odd_letters_in(before, first, last, changed)
                or evidence.glued_to_another_script(before, first, last, changed)
                or evidence.makes_unused(before[first:last], changed))
        pieces.append(before[first:last] if weak else changed)
        position = last
    pieces.append(before[position:])
    return "".join(pieces)


def _regions(before: str, after: str) -> list[tuple[int, int, int, int]]:
    """(first, last, start, end): ``before[first:last]`` became ``after[start:end]``, for each
    stretch of changes, those fewer than _APART unchanged characters apart taken as one. A line
    whose changes all lie within _APART characters (most) is only trimmed of its common ends;
    others are walked in step, in linear time: past each change, where the two agree again is
    looked for within _REACH characters, and a line of more than _MOST_REGIONS stretches (garbled
    through) is one."""
    first = 0
    while first < min(len(before), len(after)) and before[first] == after[first]:
        first += 1
    tail = 0
    while tail < min(len(before), len(after)) - first and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    last, end = len(before) - tail, len(after) - tail
    if last - first < _APART:
        return [(first, last, first, end)]
    regions: list[list[int]] = []
    old, new = first, first
    while old < last and new < end:
        if before[old] == after[new]:
            old, new = old + 1, new + 1
            continue
        again = _in_step(before, after, old, new, last, end)
        if again is None or len(regions) == _MOST_REGIONS:
            again = (last, end)
        if regions and old - regions[-1][1] < _APART:
            regions[-1][1], regions[-1][3] = again
        else:
            regions.append([old, again[0], new, again[1]])
        old, new = again
    if old < last or new < end:
        regions.append([old, last, new, end])
    return [(first, last, start, end) for first, last, start, end in regions]


# Characters that must agree past a change for the two texts to be in step again, and how far
# past its start a change's end is looked for (ftfy's repairs are a few characters each).
_ANCHOR = 8

_REACH = 64

_MOST_REGIONS = 64


def _in_step(before: str, after: str, old: int, new: int, last: int, end: int
             ) -> tuple[int, int] | None:
    """The nearest (old', new') past a change at ``before[old]``/``after[new]`` where _ANCHOR
    characters (or what is left before ``last``/``end``) agree; None within _REACH."""
    reach = new + min(_REACH, end - new)  # the last start in ``after`` looked at
    best: tuple[int, int, int] | None = None
    for shift in range(min(_REACH, last - old) + 1):
        if best is not None and shift >= best[0]:
            break  # no later start in ``before`` comes nearer
        anchor = before[old + shift:min(old + shift + _ANCHOR, last)]
        found = _first_start(after, anchor, new, reach, end)
        if found is not None and (best is None or shift + found - new < best[0]):
            best = (shift + found - new, old + shift, found)
    return None if best is None else (best[1], best[2])


def _first_start(after: str, anchor: str, new: int, reach: int, end: int) -> int | None:
    """The first start from ``new`` to ``reach`` where ``after``'s _ANCHOR characters (or what
    is left before ``end``) are ``anchor``."""
    if len(anchor) < _ANCHOR:  # cut short by the end: only a start as near the end matches
        at = end - len(anchor)
        return at if new <= at <= reach and after[at:end] == anchor else None
    at = after.find(anchor, new, min(end, reach + _ANCHOR))
    return at if at >= 0 else None


def _ftfy_steps(steps: Sequence[tuple[str, str]]) -> Iterator[str]:
    """ftfy's steps in words: an encode and the decode after it (past any transcode between)
    are a reading (``utf-8 read as windows-1250``), the rest as ftfy names them."""
    encoded = None
    for action, arg in steps:
        if action == "encode":
            encoded = arg.removeprefix("sloppy-")
        elif action == "decode" and encoded is not None:
            yield f"{arg} read as {encoded}"
            encoded = None
        else:
            yield f"{action} {arg}"
