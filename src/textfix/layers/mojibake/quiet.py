"""The dismissed lines that the rest of the layer leaves alone: nothing in Python need see them.

A line the core dismisses (``runs.line_states``: no chain's reading of it is taken) still went
through ftfy (``_ftfy_alone``), the garbled page's restoring of ftfy's work
(``garbled_page.repair_page``, ``ftfy_undo.repair_line``) and the lossy readings, each turning
it down in Python: on a clean page of European news and Cantonese forum lines, the larger part
of the time. A line is quiet where each of those provably gives nothing, by the tests they
start with:

- no U+FFFD (``lossy_replace`` reads only such lines);
- ``lossy_gbk`` reads nothing of it alone (``lossy_gbk.reads_alone``; asked in Python, on top of
  the core's answer);
- ftfy changes nothing: ftfy's own test finds no mojibake in it (``ftfy.badness.is_bad``; C1
  controls, which ftfy's other fix takes, are mojibake to it), or it holds Chinese and no sign
  of UTF-8 read as Latin-1 (``_ftfy_alone`` then asks ftfy nothing);
- ftfy_undo restores nothing: no character ftfy could have made (``ftfy_undo._left_by``),
  clean words it never restores (``ftfy_clean._clean_words``), or no two upper-half characters
  of a Western code page side by side (without which ``ftfy_leaves.shows_ftfy`` is false and
  ``ftfy_undo.restore`` gives nothing);
- it tells the page nothing of ftfy (``garbled_page._ftfy_made_some``), so the page is read
  alike without it: where the page's chain is decided, every line that is not ASCII is read
  through it, this one as it would have been (no ftfy repair, no run).

``quiet`` is the reference; the core's ``Quiet`` answers for every dismissed line of a document
in one call, from the same character classes (taken from the modules that own them) and ftfy's
own pattern, translated for the core's regular expressions (``_rust_pattern``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

from ... import _kernels
from ...charclass import _CLASS_ITEM, char_ranges
from ...data import model
from .. import ftfy_clean, ftfy_undo, garbled_page, lossy_gbk
from ..ftfy_leaves import _page_bytes, _upper_patterns
from .acceptance import _CJK_CLASS, CJK
from .runs import each_distinct
from .triggers import _C1, _CONTINUATION, _UTF8_LEAD, UTF8_AS_LATIN

LOST = "\ufffd"


# What ``quiet_state`` says of a dismissed line: the layer's steps after the dismissal may
# change it (LOUD); they leave it alone (QUIET); they leave it alone, but it tells the page that
# ftfy went over it (FTFY_MADE: ``garbled_page._ftfy_made_some``, which the page's chain, where
# one is decided, reads on every line; a clean web line has such a spot wherever Chinese
# stands beside ™ or °).
LOUD, QUIET, FTFY_MADE = 0, 1, 2


def quiet_state(line: str) -> int:
    """LOUD, QUIET or FTFY_MADE for a dismissed ``line`` (see the module's text). The reference
    of the core's ``Quiet``."""
    from ftfy.badness import is_bad

    if not (LOST not in line
            and ((CJK.search(line) is not None and UTF8_AS_LATIN.search(line) is None)
                 or not is_bad(line))
            and (not ftfy_undo._left_by(line, []) or ftfy_clean._clean_words(line)
                 or _upper_patterns()[0].search(line) is None)):
        return LOUD
    return FTFY_MADE if garbled_page._ftfy_made_some(line) else QUIET


def quiet(line: str) -> bool:
    """Whether a dismissed ``line`` is one the layer's steps after the dismissal leave alone,
    and that tells the page nothing (``quiet_state`` QUIET)."""
    return quiet_state(line) == QUIET


def quiet_lines(text: str, spans: list[tuple[int, int]], dismissed: list[bool]) -> list[int]:
    """For each line of ``text`` at ``spans``, its ``quiet_state`` where it is ``dismissed``
    (LOUD where not), in one call of the core; LOUD for all where the core is not built (the
    Python implementation reads every line in full) or cannot take ftfy's pattern."""
    asked = [span for span, gone in zip(spans, dismissed, strict=True) if gone]
    rules = _core_rules() if asked else None
    if rules is None:
        return [LOUD] * len(spans)
    # ``lossy_gbk`` reads a line the layer repaired none of where it reads through on its own
    # (a title such as ``鏄?CD-`` that Windows' cp936 left, 是 CD-): such a line is not quiet.
    found = iter(each_distinct(text, asked, lambda unique: [
        LOUD if state != LOUD and lossy_gbk.reads_alone(text[start:end]) else state
        for state, (start, end) in zip(rules.each(text, unique), unique, strict=True)]))
    return [next(found) if gone else LOUD for gone in dismissed]


def quiet_each(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """``quiet_state`` of each line of ``text`` at ``spans``: the reference of ``Quiet.each``."""
    return [quiet_state(text[start:end]) for start, end in spans]


@cache
def _core_rules() -> Any:
    """The core's ``Quiet`` for this ftfy and this Python's Unicode, or None."""
    if _kernels.core is None:
        return None
    from ftfy.badness import BADNESS_RE

    pattern = _rust_pattern(BADNESS_RE.pattern, BADNESS_RE.flags)
    if pattern is None or ftfy_clean._ALPHABET_RUN.pattern != _ALPHABET_RUN:
        return None
    made = ftfy_clean._CJK_PAIR.pattern
    if not (made.startswith("[") and made.endswith("]{2}")):
        return None
    page = _page_bytes()
    classes = {
        "cjk": _body_ranges(_CJK_CLASS[1:-1]),
        "c1": _body_ranges(_C1),
        "utf8_lead": _body_ranges(_UTF8_LEAD),
        "continuation": _body_ranges(_CONTINUATION),
        "page": char_ranges(page),
        "upper": char_ranges(char for char in page if not char.isascii()),
        "left_marks": char_ranges(_LEFT_MARKS),
        "cjk_pair": _body_ranges(made[1:-4]),
        "clean_mark": _class_ranges(ftfy_clean._CLEAN_MARK.pattern),
        "alphabet": [_ALPHABET], "latin_extended": [_LATIN_EXTENDED], "small": [(97, 122)],
    }
    if classes["clean_mark"] is None:
        return None
    scripts = _stored("quiet_scripts") or alphabet_scripts()
    return _kernels.core.Quiet(pattern, classes, scripts, _STAND_IN)


def alphabet_scripts() -> list[int]:
    """For each character of _ALPHABET, the number of the first word of its name (its script:
    GREEK, CYRILLIC ...), numbered in order of appearance."""
    first, last = _ALPHABET
    words: dict[str, int] = {}
    return [words.setdefault(unicodedata.name(chr(code), "?").split(" ")[0], len(words))
            for code in range(first, last + 1)]


def _stored(name: str) -> list[int]:
    """The model's section ``name`` (``tools/build_model.py`` stores what this module derives
    from ``unicodedata``), or nothing where this Python's Unicode is not the model's (or the
    core is not built): read in
    microseconds where deriving the scripts and the classes took about 20 ms."""
    if _kernels.core is None or _kernels.core.unicode_version() != unicodedata.unidata_version:
        return []
    return model.values(model.sections()[name], 4).tolist()


# ``ftfy_undo._left_by``'s characters besides those ftfy made, and ``ftfy_clean._ALPHABET_RUN``
# (checked: the core's loop is written for this pattern).
_LEFT_MARKS = "'\"\u00a0\u00e0"
_ALPHABET = (0x370, 0x1FFF)
_LATIN_EXTENDED = (0x100, 0x24F)
_ALPHABET_RUN = "[\u0370-\u1fff]{3,}|[\u0100-\u024f][a-z]{3}"

# What the core's pattern reads a lone surrogate as (its strings hold none): a character in no
# class of the pattern, as a surrogate is in none.
_STAND_IN = 0xFFFF


def _class_ranges(pattern: str) -> list[tuple[int, int]] | None:
    """The characters of a pattern that is one plain class ``[...]``."""
    if not (pattern.startswith("[") and pattern.endswith("]")) or "]" in pattern[1:-1]:
        return None
    return _body_ranges(pattern[1:-1])


def _body_ranges(body: str) -> list[tuple[int, int]]:
    """``charclass.body_ranges`` without listing every character (the Han class holds 100,000:
    listing them took most of a second), merged into disjoint ranges in order."""
    merged: list[list[int]] = []
    for first, last in sorted((ord(first[-1]), ord((last or first)[-1]))
                              for first, last in _CLASS_ITEM.findall(body)):
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return [(first, last) for first, last in merged]


# --- ftfy's pattern for the core -----------------------------------------------------------

def _parser() -> Any:
    try:
        import re._parser as parser  # type: ignore[import-not-found,unused-ignore]
    except ImportError:  # Python 3.10
        import sre_parse as parser
    return parser


def _rust_pattern(pattern: str, flags: int) -> str | None:
    """``pattern`` (a Python regular expression) in the syntax of Rust's regex crate, matching
    wherever Python's does and possibly more (``\\w`` and ``\\s`` are widened to every astral
    character): where the core finds no match, ftfy finds none. None for a construct this does not
    translate, or where a class holds the surrogates' stand-in."""
    try:
        tree = _parser().parse(pattern, flags)
        state = getattr(tree, "state", None) or tree.pattern
        if (flags | state.flags) & (re.IGNORECASE | re.DOTALL | re.MULTILINE):
            return None
        return _sequence(tree)
    except (_Untranslatable, ValueError, TypeError, AttributeError, re.error):
        return None


class _Untranslatable(Exception):
    pass


def _sequence(items: Any) -> str:
    return "".join(_item(str(op), value) for op, value in items)


def _item(op: str, value: Any) -> str:
    if op == "LITERAL":
        return _char(value)
    if op == "ANY":
        return "."  # neither engine's takes "\n" (no DOTALL in ftfy's pattern: checked below)
    if op == "IN":
        return _class(value)
    if op == "BRANCH":
        return "(?:" + "|".join(_sequence(branch) for branch in value[1]) + ")"
    if op == "MAX_REPEAT":
        low, high, inner = value
        bound = "" if high == _parser().MAXREPEAT else str(high)
        return f"(?:{_sequence(inner)}){{{low},{bound}}}"
    if op == "SUBPATTERN":
        if value[1] or value[2]:  # flags added or removed inside
            raise _Untranslatable
        return "(?:" + _sequence(value[-1]) + ")"
    if op == "AT" and str(value) == "AT_BEGINNING":
        return "^"
    raise _Untranslatable(op)


def _char(code: int) -> str:
    if code == _STAND_IN or 0xD800 <= code <= 0xDFFF:
        raise _Untranslatable
    return f"\\x{{{code:X}}}"


def _class(items: Any) -> str:
    negated = False
    parts = []
    for op, value in items:
        op = str(op)
        if op == "NEGATE":
            negated = True
        elif op == "LITERAL":
            parts.append(_char(value))
        elif op == "RANGE":
            low, high = value
            if low <= _STAND_IN <= high or (low <= 0xDFFF and high >= 0xD800):
                raise _Untranslatable
            parts.append(f"\\x{{{low:X}}}-\\x{{{high:X}}}")
        elif op == "CATEGORY":
            parts.append(_category(str(value)))
        else:
            raise _Untranslatable(op)
    if negated and any(str(op) == "CATEGORY" for op, _ in items):
        raise _Untranslatable  # a widened category would narrow a negated class
    return ("[^" if negated else "[") + "".join(parts) + "]"


def _category(name: str) -> str:
    """A class of Python's ``str`` categories: exact in the BMP, widened to every astral
    character (``\\s`` has none there)."""
    if name in ("CATEGORY_UNI_SPACE", "CATEGORY_SPACE"):
        return _bmp_class(r"\s+")
    if name in ("CATEGORY_UNI_WORD", "CATEGORY_WORD"):
        return _bmp_class(r"\w+")
    raise _Untranslatable(name)


# The model's sections of ``bmp_runs`` of the categories ftfy's pattern uses.
_STORED_RUNS = {r"\s+": "quiet_space", r"\w+": "quiet_word"}


@cache
def _bmp_class(runs: str) -> str:
    """The class body of the BMP characters that Python's own ``runs`` (a category, repeated)
    matches (``bmp_runs``), and of every astral character."""
    flat = _stored(_STORED_RUNS[runs]) if runs in _STORED_RUNS else []
    found = list(zip(flat[0::2], flat[1::2], strict=True)) or bmp_runs(runs)
    if any(low <= _STAND_IN <= high or (low <= 0xDFFF and high >= 0xD800)
           for low, high in found):
        raise _Untranslatable
    return "".join(f"\\x{{{low:X}}}-\\x{{{high:X}}}" for low, high in found) + (
        "\\x{10000}-\\x{10FFFF}")


def bmp_runs(runs: str) -> list[tuple[int, int]]:
    """(first, last) of each run of the BMP characters that Python's own ``runs`` matches,
    found in one search over all of them."""
    every = "".join(map(chr, range(0x10000)))  # a character's index is its code point
    return [(match.start(), match.end() - 1) for match in re.finditer(runs, every)]
