"""Unicode layer: characters that look right but are not the ones text should hold.

Repairs (on by default):

* Kangxi radicals (U+2F00-U+2FD5, and the radicals-supplement forms that have one) and CJK
  compatibility ideographs become the unified ideographs they stand for: PDF extraction and old
  input methods emit ⼈ (U+2F08) for 人 and 豈 (U+F900) for 豈 (U+8C48), which look alike but
  do not search alike.
* Invisible characters (zero-width space, word joiner, soft hyphen, a BOM inside the text) and
  control characters (other than tab, line feed, form feed, carriage return) are removed. A zero
  width joiner or non-joiner between two letters that are not Han or ASCII is kept: it is
  part of an emoji sequence (👩‍💻) or of a script that needs it.
* Text is put in NFC, line by line, where it is not already.

Normalizations of correct text (off by default): fullwidth letters and digits to ASCII
(``fold_width``), and NBSP, U+3000 and the other space characters to " " (``fold_spaces``).
Fullwidth punctuation (，。：（）“”) is never folded.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from textfix.lazy_regex import lazy_compile

from ..charclass import HAN, class_body
from ..explain import Step, splice


@cache
def unified_forms() -> dict[str, str]:
    """{radical or compatibility ideograph: unified ideograph}, computed from Unicode's data on
    first use (normalizing 1,800 characters is a noticeable part of the import)."""
    table = {}
    ranges = [(0x2E80, 0x2FE0), (0xF900, 0xFB00), (0x2F800, 0x2FA20)]
    for first, last in ranges:
        for code in range(first, last):
            char = chr(code)
            unified = unicodedata.normalize("NFKC", char)
            if unified != char and len(unified) == 1:
                table[char] = unified
    return table


_JOINERS = "\u200c\u200d"
_INVISIBLE = "\u00ad\u180e\u200b\u2060\ufeff" + _JOINERS
_CONTROLS = "\x00-\x08\x0b\x0e-\x1f\x7f\x80-\x84\x86-\x9f"
_WIDE_ALNUM = "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_SPACE = lazy_compile(f"[{_SPACES}]")
# Characters a joiner between them makes it debris: Han, CJK punctuation, ASCII.
_JOINER_BREAKS = lazy_compile(f"[{HAN}\u3000-\u303f\uff00-\uffef\x00-\x7f]")


@cache
def scan_class(fold_width: bool, fold_spaces: bool) -> str:
    """The character-class body of everything this layer changes with these options."""
    always = f"{_INVISIBLE}{_CONTROLS}{class_body(unified_forms())}"
    return always + (_WIDE_ALNUM if fold_width else "") + (_SPACES if fold_spaces else "")


@cache
def _changed(fold_width: bool, fold_spaces: bool) -> re.Pattern[str]:
    """A character this layer changes with these options."""
    return re.compile(f"[{scan_class(fold_width, fold_spaces)}]")


# What is removed where no joiner is about (a joiner's fate depends on its neighbours), for the
# path without explanations: removed by one C-speed substitution with no call per match.
_REMOVED = lazy_compile(f"[{_INVISIBLE}{_CONTROLS}]+")


@cache
def _runs(fold_width: bool, fold_spaces: bool) -> re.Pattern[str]:
    """Runs of the characters ``_changed`` finds, for the path without explanations."""
    return re.compile(f"[{scan_class(fold_width, fold_spaces)}]+")


def _replacement(text: str, index: int) -> tuple[str, str]:
    """(replacement, reason) for the character at ``index``."""
    char = text[index]
    unified = unified_forms().get(char)
    if unified is not None:
        return unified, "unified ideograph"
    if "\uff10" <= char <= "\uff5a":
        return chr(ord(char) - 0xFEE0), "fullwidth to ASCII"
    if _SPACE.match(char):
        return " ", "space"
    if char in _JOINERS and _joins_letters(text, index):
        return char, "kept joiner"
    return "", "invisible" if char in _INVISIBLE else "control character"


class _Repairs(dict[int, str]):
    """Code point -> what ``_replacement`` writes for it, filled on first use; for
    ``str.translate`` over the runs a ``_runs`` pattern finds. Valid for every character but a
    joiner, whose fate depends on its neighbours."""

    def __missing__(self, code: int) -> str:
        replacement = self[code] = _replacement(chr(code), 0)[0]
        return replacement


_REPAIRS = _Repairs()


def _translated(run: re.Match[str]) -> str:
    return run.group().translate(_REPAIRS)


def _joins_letters(text: str, index: int) -> bool:
    if index == 0 or index + 1 >= len(text):
        return False
    return not (_JOINER_BREAKS.match(text, index - 1) or _JOINER_BREAKS.match(text, index + 1))


def run(text: str, fold_width: bool, fold_spaces: bool, explain: bool) -> tuple[str, list[Step]]:
    """Repair (and, if asked, fold) characters; then NFC. Clean text costs two C-speed scans.

    Without explanations (and joiners) the repair is two ``re.sub``: one that removes the
    invisible and control characters (0.08 s/MB on a text of 字 and zero-width spaces, against
    0.27 s/MB for a call per character), one that translates each run of the rest (0.02 s/MB on
    a text of ⼈, against 0.35 s/MB for the edit list that the explanations need).
    """
    if not explain and _JOINERS[0] not in text and _JOINERS[1] not in text:
        text = _runs(fold_width, fold_spaces).sub(_translated, _REMOVED.sub("", text))
        if not unicodedata.is_normalized("NFC", text):
            text = _nfc(text, explain=False)[0]
        return text, []
    edits = []
    reasons = []
    for match in _changed(fold_width, fold_spaces).finditer(text):
        replacement, reason = _replacement(text, match.start())
        if replacement != match.group():
            edits.append((match.start(), match.end(), replacement))
            reasons.append(reason)
    steps = [
        Step("unicode", reason, start, end, text[start:end], replacement)
        for (start, end, replacement), reason in zip(edits, reasons, strict=True)
    ] if explain else []
    if edits:
        text = splice(text, edits)
    if not unicodedata.is_normalized("NFC", text):
        text, nfc_steps = _nfc(text, explain)
        steps.extend(nfc_steps)
    return text, steps


def _nfc(text: str, explain: bool) -> tuple[str, list[Step]]:
    """NFC line by line, so that a step names the lines it changed."""
    lines = text.split("\n")
    steps = []
    offset = 0
    for number, line in enumerate(lines):
        normal = unicodedata.normalize("NFC", line)
        if normal != line:
            if explain:
                steps.append(Step("unicode.nfc", "NFC", offset, offset + len(line), line, normal))
            lines[number] = normal
        offset += len(line) + 1
    return "\n".join(lines), steps


def fix_characters(text: str, *, fold_width: bool = False, fold_spaces: bool = False) -> str:
    """The unicode layer on its own.

    >>> fix_characters("⼈民\\u200b日报")
    '人民日报'
    >>> fix_characters("ＡＢＣ１２３，。", fold_width=True)
    'ABC123，。'
    """
    return run(text, fold_width, fold_spaces, explain=False)[0]
