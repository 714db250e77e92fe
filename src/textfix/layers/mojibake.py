"""Mojibake layer: text that was decoded with the wrong codec somewhere upstream.

This first version repairs the Latin family (UTF-8 read as Latin-1 or cp1252: ``ä½ å¥½`` ->
``你好``) with ftfy, line by line, and finds damage that no decoder can undo (``锟斤拷``,
U+FFFD, ``烫烫烫``, runs of ``?`` between Han characters) without touching it.

ftfy is called with every fix that rewrites correct Chinese text switched off: its defaults
fold fullwidth punctuation (，-> ,), straighten curly quotes and normalize with NFC/NFKC.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from ..charclass import HAN
from ..explain import Step, splice

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

# UTF-8 read as Latin-1/cp1252 always shows a lead byte (C2-F4) followed by a continuation byte
# (80-BF, or the cp1252 character in that place), or a C1 control. Text without one is clean.
_CP1252_CONTINUATIONS = "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc" \
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
SCAN = "\u0080-\u009f\u00c2-\u00f4"  # the characters a TRIGGER match starts with
# Written to start with one character class (the same matches as "lead continuation | C1"), so
# the regular-expression engine can skip to candidates: twice as fast on clean text.
TRIGGER = (
    f"[{SCAN}](?:(?<=[\u0080-\u009f])|(?<=[\u00c2-\u00f4])[\u0080-\u00bf{_CP1252_CONTINUATIONS}])"
)
_LATIN = re.compile(TRIGGER)
# Damage that cannot be undone: U+FFFD round-tripped through GBK (锟斤拷), U+FFFD itself, the
# MSVC fill patterns of uninitialised memory read as GBK (烫 = CC CC, 屯 = CD CD), and runs of
# "?" that a lossy encoder left between Han characters.
_DAMAGE = re.compile(
    f"(?:锟斤拷)+|\ufffd+|烫{{3,}}|屯{{3,}}|(?<=[{HAN}])\\?{{2,}}(?=[{HAN}])"
)


_DAMAGE_CHARS = re.compile("[锟\ufffd烫屯?]")


def find_damage(text: str) -> list[Step]:
    """Findings (changing nothing) for every stretch of irrecoverable damage in ``text``."""
    if not _DAMAGE_CHARS.search(text):
        return []
    return [
        Step("mojibake", "irrecoverable", m.start(), m.end(), m.group(), m.group(),
             "the original characters were lost before this text was made")
        for m in _DAMAGE.finditer(text)
    ]


def _fix_lines(text: str, explain: bool) -> tuple[str, list[Step]]:
    edits, steps = [], []
    offset = 0
    import ftfy

    for line in text.split("\n"):
        if _LATIN.search(line):
            fixed, explanation = ftfy.fix_and_explain(line, config=ftfy_config())
            if fixed != line:
                edits.append((offset, offset + len(line), fixed))
                if explain:
                    chain = ", ".join(f"{action} {arg}" for action, arg in explanation or [])
                    steps.append(Step("mojibake", "ftfy", offset, offset + len(line), line,
                                      fixed, chain))
        offset += len(line) + 1
    return (splice(text, edits) if edits else text), steps


def run(text: str, explain: bool) -> tuple[str, list[Step]]:
    """Repair the Latin-family mojibake in ``text``."""
    return _fix_lines(text, explain) if _LATIN.search(text) else (text, [])


def fix_mojibake(text: str) -> str:
    """The mojibake layer on its own.

    >>> fix_mojibake("ä½\\xa0å¥½ï¼Œä¸–ç•Œ")
    '你好，世界'
    """
    return run(text, explain=False)[0]
