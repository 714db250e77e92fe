"""No regular expression in textfix can backtrack catastrophically (issue 5, DESIGN.md).

Every pattern that textfix's own code compiles is collected, in a child process that hooks
``re._compile`` before textfix is imported and then runs the library over inputs that wake up
each layer and configuration (so the patterns built lazily, per config or per call, are caught
too). Each pattern is parsed with the standard library's regular-expression parser and checked
for the three shapes that make a backtracking engine slow:

* nested quantifiers over the same characters: ``(a+)+``, ``(\\w+\\s?)+``; a repeat inside a
  repeat whose characters can also start the outer repeat's next iteration;
* alternatives inside a repeat that can start with the same character: ``(?:a|aa)+``,
  ``(?:x|\\w)+``;
* adjacent repeats over the same characters with only optional items between them:
  ``\\s*["']?\\s*`` (what made ``declared_charset`` quadratic; see test_regressions.py).

Repeats bounded by a small count (``{1,8}``) cost a constant per position and do not count for
the third shape. The checks are conservative: a flagged pattern may be safe, but then it
should be rewritten so that it is obviously so.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import textfix

try:
    from re import _parser as sre_parse  # type: ignore[attr-defined,unused-ignore]  # 3.11+
except ImportError:  # Python 3.10
    import sre_parse

SRC = Path(textfix.__file__).resolve().parent.parent
SMALL_BOUND = 32  # a repeat of at most this many costs a constant per position

COLLECT = r"""
import importlib.util, json, os, re, sys

PACKAGE = os.path.dirname(importlib.util.find_spec("textfix").origin)
RE_DIR = os.path.dirname(re.__file__)
LAZY = os.path.join(PACKAGE, "lazy_regex.py")  # compiles on first use for its caller
seen = {}
original = re._compile


def hook(pattern, flags):
    frame = sys._getframe(1)
    while frame is not None and (frame.f_code.co_filename.startswith(RE_DIR)
                                 or frame.f_code.co_filename == LAZY):
        frame = frame.f_back
    if frame is not None and frame.f_code.co_filename.startswith(PACKAGE) \
            and isinstance(pattern, (str, bytes)):
        where = f"{os.path.relpath(frame.f_code.co_filename, PACKAGE)}:{frame.f_lineno}"
        kind = "bytes" if isinstance(pattern, bytes) else "str"
        text = pattern.decode("latin-1") if isinstance(pattern, bytes) else pattern
        seen.setdefault(json.dumps([kind, text, int(flags)]), where)
    return original(pattern, flags)


re._compile = hook
import textfix
from textfix.cli import audit, jsonl, text  # noqa: F401  (their patterns compile at import)

SAMPLES = [
    "衡陽市僑聯(lián)官網(wǎng)", "函数(function)和北京(Beijing)", "浣犲ソ涓栫晫", "ÄãºÃÊÀ½ç",
    "ä½ å¥½ï¼Œä¸–ç•Œ", "&#20013;&amp;lt;&nbsp;", "⼈民\u200b日报\x00", "ＡＢＣ１２３\u3000,.",
    "锟斤拷烫烫烫??", "笢恅", "e\u0301", "隨著软件, 聯(lian2)(ㄌㄧㄢˊ)", "\ud800字(",
]
OPTIONS = [{}, {"fold_width": True, "fold_spaces": True, "punctuation": True}]
for text in SAMPLES:
    for to in (None, "simplified", "traditional", "tw", "twp", "hk", "auto", "s2t"):
        for options in OPTIONS:
            textfix.fix(text, to=to, **options)
            textfix.fix_and_explain(text, to=to, **options)
    textfix.detect_script(text)
    for data in (text.encode("utf-8", "surrogatepass"), text.encode("gb18030", "replace"),
                 text.encode("big5", "replace")):
        for declared in (None, "gb2312", "big5", "text/html; charset=utf-8", "x-bogus"):
            textfix.decode(data, declared=declared)
            textfix.detect_encoding(data, declared=declared)
# The module-level patterns compiled on first use that no sample woke up, named by module and
# variable.
from textfix.lazy_regex import LazyPattern
for name, module in list(sys.modules.items()):
    if name.startswith("textfix") and getattr(module, "__file__", None):
        for variable, value in vars(module).items():
            for lazy in value.values() if isinstance(value, dict) else [value]:
                if isinstance(lazy, LazyPattern):
                    kind = "bytes" if isinstance(lazy.pattern, bytes) else "str"
                    text = lazy.pattern.decode("latin-1") if kind == "bytes" else lazy.pattern
                    where = f"{os.path.relpath(module.__file__, PACKAGE)}:{variable}"
                    seen.setdefault(json.dumps([kind, text, int(lazy.flags)]), where)
print(json.dumps(seen))
"""


@cache
def compiled_patterns() -> dict[tuple[str, str, int], str]:
    """{(kind, pattern, flags): where in src/textfix it was compiled}."""
    path = os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": path}
    output = subprocess.run([sys.executable, "-c", COLLECT], capture_output=True, text=True,
                            env=env, check=True, timeout=300).stdout
    found: dict[str, str] = json.loads(output.splitlines()[-1])
    patterns = {}
    for key, where in found.items():
        kind, pattern, flags = json.loads(key)
        patterns[kind, pattern, flags] = where
    return patterns


# --- character sets as sorted lists of (first, last) code point intervals -------------------

Intervals = tuple[tuple[int, int], ...]
EVERYTHING: Intervals = ((0, sys.maxunicode),)
NOTHING: Intervals = ()


def _union(*sets: Intervals) -> Intervals:
    merged: list[tuple[int, int]] = []
    for first, last in sorted(i for s in sets for i in s):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return tuple(merged)


def _complement(chars: Intervals) -> Intervals:
    gaps, start = [], 0
    for first, last in chars:
        if first > start:
            gaps.append((start, first - 1))
        start = last + 1
    if start <= sys.maxunicode:
        gaps.append((start, sys.maxunicode))
    return tuple(gaps)


def _overlap(a: Intervals, b: Intervals) -> bool:
    return any(f1 <= l2 and f2 <= l1 for f1, l1 in a for f2, l2 in b)


@cache
def _category(name: str, kind: str) -> Intervals:
    """The code points ``\\d``, ``\\w`` or ``\\s`` (or their negations) match."""
    negated = name.startswith("CATEGORY_NOT_")
    base = name.removeprefix("CATEGORY_NOT_").removeprefix("CATEGORY_")
    letter = {"DIGIT": "d", "WORD": "w", "SPACE": "s", "LINEBREAK": "n"}.get(base)
    if letter is None:
        return EVERYTHING  # an unknown category: assume it overlaps everything
    if letter == "n":
        chars: Intervals = ((10, 10),)
    else:
        top = 0xFF if kind == "bytes" else sys.maxunicode
        universe = "".join(map(chr, range(top + 1)))
        flags = re.ASCII if kind == "bytes" else 0
        chars = tuple((m.start(), m.end() - 1)
                      for m in re.finditer(f"\\{letter}+", universe, flags))
    return _complement(chars) if negated else chars


def _chars_of(op: Any, av: Any, kind: str) -> Intervals:
    """The characters one single-character item (literal, class, any) matches."""
    name = str(op)
    if name == "LITERAL":
        return ((av, av),)
    if name == "NOT_LITERAL":
        return _complement(((av, av),))
    if name == "ANY":
        return EVERYTHING
    assert name == "IN", name
    parts: list[Intervals] = []
    negate = False
    for item_op, item_av in av:
        item = str(item_op)
        if item == "NEGATE":
            negate = True
        elif item == "LITERAL":
            parts.append(((item_av, item_av),))
        elif item == "RANGE":
            parts.append(((item_av[0], item_av[1]),))
        elif item == "CATEGORY":
            parts.append(_category(str(item_av), kind))
        else:
            parts.append(EVERYTHING)  # anything else: assume the worst
    chars = _union(*parts)
    return _complement(chars) if negate else chars


SINGLE = {"LITERAL", "NOT_LITERAL", "ANY", "IN"}
REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
ZERO_WIDTH = {"AT", "ASSERT", "ASSERT_NOT", "GROUPREF", "GROUPREF_EXISTS"}


def _children(op: str, av: Any) -> Iterator[Any]:
    """The sub-sequences an item holds (a group's body, each alternative, a repeat's body)."""
    if op == "SUBPATTERN":
        yield av[-1]
    elif op == "ATOMIC_GROUP":
        yield av
    elif op in REPEATS:
        yield av[2]
    elif op == "BRANCH":
        yield from av[1]
    elif op in ("ASSERT", "ASSERT_NOT"):
        yield av[1]
    elif op == "GROUPREF_EXISTS":
        yield from (branch for branch in av[1:] if branch is not None)


def _nullable(sequence: Iterable[Any]) -> bool:
    """Whether the sequence can match the empty string."""
    return all(_item_nullable(str(op), av) for op, av in sequence)


def _item_nullable(op: str, av: Any) -> bool:
    if op in SINGLE:
        return False
    if op in ZERO_WIDTH:
        return True
    if op in REPEATS:
        return av[0] == 0 or _nullable(av[2])
    if op == "BRANCH":
        return any(_nullable(branch) for branch in av[1])
    return all(_nullable(child) for child in _children(op, av))


def _first(sequence: Iterable[Any], kind: str) -> Intervals:
    """The characters a match of the sequence can begin with."""
    sets: list[Intervals] = []
    for op, av in sequence:
        name = str(op)
        if name in ZERO_WIDTH:
            continue
        if name in SINGLE:
            sets.append(_chars_of(op, av, kind))
        else:
            sets.extend(_first(child, kind) for child in _children(name, av))
        if not _item_nullable(name, av):
            break
    return _union(*sets)


def _all_chars(sequence: Iterable[Any], kind: str) -> Intervals:
    """Every character the sequence can consume (look-arounds consume nothing)."""
    sets: list[Intervals] = []
    for op, av in sequence:
        name = str(op)
        if name in SINGLE:
            sets.append(_chars_of(op, av, kind))
        elif name not in ("ASSERT", "ASSERT_NOT"):
            sets.extend(_all_chars(child, kind) for child in _children(name, av))
    return _union(*sets)


def _repeats_within(sequence: Iterable[Any]) -> Iterator[tuple[int, int, Any]]:
    """(min, max, body) of every repeat anywhere inside the sequence, outside look-arounds."""
    for op, av in sequence:
        name = str(op)
        if name in REPEATS:
            yield av
        if name not in ("ASSERT", "ASSERT_NOT"):
            for child in _children(name, av):
                yield from _repeats_within(child)


def _branches_within(sequence: Iterable[Any]) -> Iterator[list[Any]]:
    """The alternatives of every alternation inside the sequence, outside look-arounds and
    outside nested repeats (those are checked as repeats of their own)."""
    for op, av in sequence:
        name = str(op)
        if name == "BRANCH":
            yield av[1]
        if name not in ("ASSERT", "ASSERT_NOT") and name not in REPEATS:
            for child in _children(name, av):
                yield from _branches_within(child)


def problems(pattern: str | bytes, flags: int = 0) -> list[str]:
    """What makes ``pattern`` liable to catastrophic backtracking; empty when nothing does."""
    kind = "bytes" if isinstance(pattern, bytes) else "str"
    found: list[str] = []
    _check(sre_parse.parse(pattern, flags), kind, found)
    return found


def _check(sequence: Any, kind: str, found: list[str]) -> None:
    items = list(sequence)
    for op, av in items:
        name = str(op)
        if name in REPEATS and av[1] > 1:
            _check_repeat(av[2], kind, found)
        for child in _children(name, av):
            _check(child, kind, found)
    _check_adjacent(items, kind, found)


def _check_repeat(body: Any, kind: str, found: list[str]) -> None:
    """A repeated body must not hold a repeat, or an alternation, that can start where the
    body's next iteration starts: the engine would try every way of splitting the input."""
    starts = _first(body, kind)
    for _, maximum, inner in _repeats_within(body):
        if maximum > 1 and _overlap(_all_chars(inner, kind), starts):
            found.append("nested quantifiers over the same characters")
    for branches in _branches_within(body):
        # An empty alternative lets what follows it start there: conservatively, the body again.
        firsts = [_union(_first(branch, kind), starts if _nullable(branch) else NOTHING)
                  for branch in branches]
        if any(_overlap(a, b) for i, a in enumerate(firsts) for b in firsts[i + 1:]):
            found.append("alternatives starting alike inside a repeat")


def _check_adjacent(items: list[Any], kind: str, found: list[str]) -> None:
    """Two large repeats in one sequence, over overlapping characters, with only optional
    items between them: ``\\s*x?\\s*`` splits a run of spaces in quadratically many ways."""
    for index, (op, av) in enumerate(items):
        if str(op) not in REPEATS or av[1] <= SMALL_BOUND:
            continue
        chars = _all_chars(av[2], kind)
        for later_op, later_av in items[index + 1:]:
            later = str(later_op)
            if later in REPEATS and later_av[1] > SMALL_BOUND \
                    and _overlap(chars, _all_chars(later_av[2], kind)):
                found.append("adjacent repeats over the same characters")
            if not _item_nullable(later, later_av):
                break


# --- the checker itself must catch the known bad shapes, and pass the safe ones -----------

@pytest.mark.parametrize("pattern", [
    r"(a+)+b", r"(?:\w+\s?)+$", r"(?:[a-z]{1,8})*x", r"(?:a|aa)+b", r"(\d+|\w)*!",
    r"(?:xy|\w)+!",
    r"""charset\s*=\s*["']?\s*(\w+)""", r"x\s*;?\s*y", r"(?:(?:ab)+)+", rb"(?:\s+)*;",
])
def test_checker_flags_catastrophic_shapes(pattern: str | bytes) -> None:
    assert problems(pattern)


@pytest.mark.parametrize("pattern", [
    r"[\u4e00-\u9fff](?:\((?:[a-z]{1,8}[1-5]?|[ㄅ-ㄩ]{1,5})\))+", r"\(([^()\n]*)\)",
    r"&(?:amp;)*(#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});", r"(?:ab+)+", r"a{1,8}a{1,8}",
    r"(?:ab|a)+c", r"(?:a|b)+c",
    r"(?:ab|a)+c", r"(?:a|b)+c",
    r"""charset\s*=\s*(?:["']\s*)?(\w{1,40})""", r"[)）](?:(?<=字[(（]a{2}[)）])|(?<=b))",
])
def test_checker_passes_safe_shapes(pattern: str) -> None:
    assert problems(pattern) == []


# --- and then every pattern textfix compiles ---------------------------------------------

def test_every_layer_compiles_patterns() -> None:
    """The collection really sees textfix's patterns (else the next test would pass empty)."""
    where = set(compiled_patterns().values())
    for module in ("pipeline.py", "layers/annotations.py", "layers/html.py", "layers/unicode.py",
                   "layers/script.py", "layers/mojibake/", "layers/decode.py",
                   "layers/punctuation.py"):
        prefix = module if module.endswith("/") else module + ":"  # a package, or a module
        assert any(w.startswith(prefix) for w in where), module


def test_no_pattern_in_textfix_can_backtrack_catastrophically() -> None:
    bad = {}
    for (kind, pattern, flags), where in compiled_patterns().items():
        source: str | bytes = pattern.encode("latin-1") if kind == "bytes" else pattern
        issues = problems(source, flags)
        if issues:
            bad[where] = (sorted(set(issues)), pattern[:120])
    assert bad == {}
