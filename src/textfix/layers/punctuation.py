"""Punctuation layer (opt-in): halfwidth punctuation inside Chinese text -> fullwidth.

``中文,English`` -> ``中文，English``; ``他说:好`` -> ``他说：好``; ``完成.`` -> ``完成。``;
``(中文)`` -> ``（中文）``. Only punctuation that follows a Han character is changed (and
parentheses whose content holds Han text), so ``3.14``, ``a, b`` and ``f(x)`` stay. Correct text
is rewritten here, so the layer runs only when asked for.
"""

from __future__ import annotations

from textfix.lazy_regex import lazy_compile

from ..charclass import HAN
from ..explain import Step, splice

_FULLWIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。"}
# "." only ends a sentence when what follows is not a word: keep 版本1.2, 文件.txt.
_AFTER_HAN = lazy_compile(f"(?<=[{HAN}])(?:[,;:?!]|\\.(?![0-9A-Za-z]))")
_PARENTHESES = lazy_compile(r"\(([^()\n]*)\)")
_HAS_HAN = lazy_compile(f"[{HAN}]")


def _edits(text: str) -> list[tuple[int, int, str]]:
    edits = [(m.start(), m.end(), _FULLWIDTH[m.group()]) for m in _AFTER_HAN.finditer(text)]
    for match in _PARENTHESES.finditer(text):
        if _HAS_HAN.search(match.group(1)):
            edits.append((match.start(), match.start() + 1, "（"))
            edits.append((match.end() - 1, match.end(), "）"))
    return sorted(edits)


def run(text: str, explain: bool) -> tuple[str, list[Step]]:
    edits = _edits(text) if _HAS_HAN.search(text) else []
    if not edits:
        return text, []
    steps = [Step("punctuation", "fullwidth", s, e, text[s:e], r) for s, e, r in edits]
    return splice(text, edits), steps if explain else []


def widen_punctuation(text: str) -> str:
    """The punctuation layer on its own.

    >>> widen_punctuation("他说:好,我们明天见.版本1.2 (测试)")
    '他说：好，我们明天见。版本1.2 （测试）'
    """
    return run(text, explain=False)[0]
