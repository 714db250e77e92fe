"""HTML layer: entities and numeric character references left in extracted text.

``&nbsp;``, ``&amp;``, ``&#20013;``, ``&#x4E2D;`` become the characters they name. Only complete
references (with the ``;``) are read, so ``AT&T`` and ``?a=1&copy=2`` stay. Text that still holds
markup (``<p>``, ``</div>``) is HTML, whose entities belong to it, and is left alone. A doubly
escaped reference (``&amp;lt;``) is unescaped whole in one go, so that fixing twice changes
nothing more.
"""

from __future__ import annotations

import html
import re

from ..explain import Step, splice

_NAME = "#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31}"
TRIGGER = f"&(?:{_NAME});"
_REFERENCE = re.compile(f"&(?:amp;)*({_NAME});")
# A start or end tag. "[^<>]*" stops at the next "<", so the scan stays linear.
_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")


def _unescaped(name: str) -> str | None:
    """The character(s) that ``&name;`` stands for, or None for an unknown or invalid one."""
    reference = f"&{name};"
    char = html.unescape(reference)
    if char == reference or "\ufffd" in char:
        return None
    if len(char) == 1 and ((char < " " and char not in "\t\n\r") or "\x7f" <= char < "\xa0"):
        return None  # a control character is no repair
    return char


def run(text: str, explain: bool) -> tuple[str, list[Step]]:
    """Unescape the references in ``text`` unless it is markup."""
    if "&" not in text or _MARKUP.search(text):
        return text, []
    edits = []
    for match in _REFERENCE.finditer(text):
        char = _unescaped(match.group(1))
        if char is not None:
            edits.append((match.start(), match.end(), char))
    if not edits:
        return text, []
    steps = [
        Step("html", "unescaped reference", start, end, text[start:end], char)
        for start, end, char in edits
    ] if explain else []
    return splice(text, edits), steps


def unescape_entities(text: str) -> str:
    """Unescape leftover HTML references in plain text.

    >>> unescape_entities("&#20013;&#x6587;&amp;English")
    '中文&English'
    >>> unescape_entities("AT&T ?a=1&copy=2")
    'AT&T ?a=1&copy=2'
    """
    return run(text, explain=False)[0]
