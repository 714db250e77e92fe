"""Damage that no decoder can undo: only reported, and kept out of the chains' way."""

from __future__ import annotations

import re

from ...charclass import HAN
from ...explain import Step
from ...lazy_regex import lazy_compile

# Damage that cannot be undone: U+FFFD round-tripped through GBK (锟斤拷), U+FFFD itself, the
# MSVC fill patterns of uninitialised memory read as GBK (烫 = CC CC, 屯 = CD CD), and runs of
# "?" that a lossy encoder left between Han characters.
_DAMAGE = lazy_compile(
    f"(?:锟斤拷)+|\ufffd+|烫{{4,}}|屯{{4,}}|(?<=[{HAN}])\\?{{2,}}(?=[{HAN}])"
)
_DAMAGE_CHARS = lazy_compile("[锟\ufffd烫屯?]")

# The part of it that no chain reads back, with which no chain need be tried (U+FFFD and "?"
# are where the lossy readings start); 锟斤拷 may be cut by a line break.
_IRRECOVERABLE = lazy_compile("(?:锟斤拷?|斤拷)+|烫{4,}|屯{4,}")


def find_damage(text: str) -> list[Step]:
    """Findings (changing nothing) for every stretch of irrecoverable damage in ``text``."""
    if not _DAMAGE_CHARS.search(text):
        return []
    return [
        Step("mojibake", "irrecoverable", m.start(), m.end(), m.group(), m.group())
        for m in _DAMAGE.finditer(text)
    ]


def irrecoverable_blanked(line: str) -> str:
    """``line`` with the damage that no chain reads back turned into spaces."""
    return _IRRECOVERABLE.sub(_as_spaces, line) if "锟" in line else line


def _as_spaces(match: re.Match[str]) -> str:
    return " " * len(match.group())
