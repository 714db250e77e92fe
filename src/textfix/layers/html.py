"""HTML layer: entities and numeric character references left in extracted text.

``&nbsp;``, ``&amp;``, ``&#20013;``, ``&#x4E2D;`` become the characters they name. Only complete
references (with the ``;``) are read, so ``AT&T`` and ``?a=1&copy=2`` stay. Named references are
read only for text characters (Latin-1, general punctuation, € ™): the math and Greek names
collide with identifiers in code (Perl's ``exists &sub;`` is no ``⊂``).

Text that holds a literal ``<`` or ``>`` is left alone: either it is markup, whose references
belong to it, or it was unescaped already and the references left in it are meant literally
("remember to escape < as &lt;"). A doubly escaped reference (``&amp;lt;``) is unescaped whole in
one go, so that fixing twice changes nothing more.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from html.entities import name2codepoint

from textfix.lazy_regex import lazy_compile

from ..explain import Step, splice

_NAME = "#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31}"
TRIGGER = f"&(?:{_NAME});"
SCAN = ""  # the characters a TRIGGER match starts with, wherever they stand
# ... and those that start one only in some places, as (characters, condition right after
# them): "&" where the rest of a reference follows.
SCAN_WHERE = (("&", f"(?=(?:{_NAME});)"),)
_REFERENCE = lazy_compile(f"&(?:amp;)*({_NAME});")
_TEXT_ENTITIES = frozenset(
    name for name, code in name2codepoint.items()
    if code < 0x250 or 0x2000 <= code < 0x2070 or code in (0x20AC, 0x2122)
) | {"apos"}


@lru_cache(maxsize=4096)
def _unescaped(reference: str) -> str | None:
    """What a ``_REFERENCE`` match (``&#20013;``, ``&amp;lt;``) stands for, or None for an
    unknown or invalid one.

    Cached by the whole reference: a page repeats a few references (``&nbsp;``, ``&amp;``), and
    deciding one from scratch was over half the layer's time on a run of them.
    """
    match = _REFERENCE.fullmatch(reference)
    name = match.group(1) if match else ""
    if not name or (name[0] != "#" and name not in _TEXT_ENTITIES):
        return None
    char = html.unescape(f"&{name};")
    if char == f"&{name};" or "\ufffd" in char:
        return None
    if len(char) == 1 and ((char < " " and char not in "\t\n\r") or "\x7f" <= char < "\xa0"):
        return None  # a control character is no repair
    return char


def _replacement(match: re.Match[str]) -> str:
    char = _unescaped(match.group())
    return match.group() if char is None else char


def run(text: str, explain: bool) -> tuple[str, list[Step]]:
    """Unescape the references in ``text`` unless it holds a literal ``<`` or ``>``.

    Without explanations this is one ``re.sub`` with a cached lookup per reference, as
    ``html.unescape`` does: 0.05 s/MB on a run of references (``html.unescape`` 0.08, the
    edit list that explanations need 0.29).
    """
    if "&" not in text or "<" in text or ">" in text:
        return text, []
    if not explain:
        return _REFERENCE.sub(_replacement, text), []
    edits = []
    for match in _REFERENCE.finditer(text):
        char = _unescaped(match.group())
        if char is not None:
            edits.append((match.start(), match.end(), char))
    if not edits:
        return text, []
    steps = [
        Step("html", "unescaped reference", start, end, text[start:end], char)
        for start, end, char in edits
    ]
    return splice(text, edits), steps


def unescape_entities(text: str) -> str:
    """Unescape leftover HTML references in plain text.

    >>> unescape_entities("&#20013;&#x6587;&amp;English")
    '中文&English'
    >>> unescape_entities("AT&T ?a=1&copy=2")
    'AT&T ?a=1&copy=2'
    """
    return run(text, explain=False)[0]
