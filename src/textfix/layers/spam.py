"""Spam layer (opt-in): a first line of search-spam keywords, as hijacked and mirrored pages carry.

Such a line is a run of keyword phrases joined by ``_``, ``,`` or ``|``, written in the other
script from the body (the mirror converted the body, not the keywords it added)::

    99国精产品在线视频_永久性国产无码精品在线观看_亚洲а∨无码2019在线观看   <- simplified
    當前位置: 衡陽市僑聯 ...                                               <- traditional body

A line is flagged only when all of these hold, so real titles, tables of contents and tag lists
stay: at least three separated parts, none holding a space or sentence punctuation; each part
mostly Han and five Han characters or more (tags, section names and site names are shorter:
``新闻频道``, ``人民网``); and the line's
script-specific characters all but all of one script while the body's are of the other. Without
that contrast nothing is flagged: a keyword line in the body's own script looks like a title.

>>> text = "免费视频在线观看_高清电影在线播放_最新电视剧免费看\\n這裡是正文，歡迎閱讀。"
>>> drop_spam_lines(text)
'這裡是正文，歡迎閱讀。'
>>> drop_spam_lines("新闻 | 体育 | 财经\\n今天的新闻。")
'新闻 | 体育 | 财经\\n今天的新闻。'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from textfix.lazy_regex import lazy_compile

from ..charclass import HAN
from ..explain import Step
from .script import detect_script

# Parts are joined by these; a space may stand around them (``a | b``), never inside a part.
_SEPARATOR = lazy_compile(r"\s*[_,|｜]\s*")
# A keyword part holds no sentence punctuation (titles and headings do) and no inner space
# (tables of contents: ``第一章 总则``).
_NOT_KEYWORD = lazy_compile(r"[\s。！？；：:;!?“”「」『』《》（）()\"'…、，．.]")
_ORDINAL = lazy_compile(
    r"第[0-9一二三四五六七八九十百千零〇两]+[章节条篇部卷回集课讲期]|[0-9]+[、.]")
_LINE = lazy_compile(r"[^\r\n]*(?:\r\n|\n|\r|$)")
_SPACES = lazy_compile(r"[ \t\u3000\r\n]*")



@cache
def _han_char() -> re.Pattern[str]:
    # Compiled on first use: the class costs 2 ms, and most runs never see a keyword line.
    return re.compile(f"[{HAN}]")


MIN_PARTS = 3
MIN_HAN = 5  # Han characters in every part: spam phrases are long, tags and site names short
MAX_LINE = 400  # a first line longer than this is a paragraph, not a keyword line
MIN_SPECIFIC = 2  # script-specific characters needed on each side to call the scripts
MAX_MINORITY = 0.2  # share of the other script's characters tolerated on each side


@dataclass(frozen=True, slots=True)
class SpamLine:
    """A flagged line; ``start``-``end`` is what dropping it removes (the blank lines after too)."""

    start: int
    end: int
    line: str
    parts: int
    script: str  # the line's script
    body_script: str


def keyword_parts(line: str) -> list[str] | None:
    """The keyword phrases of ``line`` when it has the shape of a keyword line, else None.

    >>> keyword_parts("在线视频观看_免费电影网站_高清无码在线")
    ['在线视频观看', '免费电影网站', '高清无码在线']
    >>> keyword_parts("第一章 总则 | 第二章 会员 | 第三章 组织机构") is None
    True
    """
    line = line.strip()
    if not line or len(line) > MAX_LINE:
        return None
    parts = _SEPARATOR.split(line)
    if len(parts) < MIN_PARTS or any(not part or _NOT_KEYWORD.search(part) for part in parts):
        return None
    han = [len(_han_char().findall(part)) for part in parts]
    if any(2 * count < len(part) for count, part in zip(han, parts, strict=True)):
        return None  # a Latin or numeric part: a tag list or a menu, not Chinese keywords
    if min(han) < MIN_HAN:
        return None
    if 2 * sum(bool(_ORDINAL.match(part)) for part in parts) >= len(parts):
        return None  # numbered: a table of contents (第一章总则,第二章会员)
    return parts


def _one_script(text: str) -> str | None:
    """The script of ``text`` when its specific characters are (nearly) all of one script."""
    report = detect_script(text)
    major, minor = sorted((report.simplified, report.traditional), reverse=True)
    if major < MIN_SPECIFIC or minor > MAX_MINORITY * (major + minor):
        return None
    return report.dominant


def _after_blank_lines(text: str, position: int) -> int:
    """Where the blank lines that start at ``position`` end: after the last line break in the
    run of spaces and breaks there (one run, no nested repeats)."""
    end = _SPACES.match(text, position).end()  # type: ignore[union-attr]  # "*" always matches
    last_break = max(text.rfind("\n", position, end), text.rfind("\r", position, end))
    return last_break + 1 if last_break >= 0 else position


def _candidates(text: str, start: int) -> Iterator[tuple[int, int, str, int, str]]:
    """(start, end, line, parts, script) of each keyword-shaped line at the top of the text."""
    position = start
    while True:
        line_start = _after_blank_lines(text, position)
        match = _LINE.match(text, line_start)
        if match is None or match.end() == line_start:
            return
        line = match.group().rstrip("\r\n")
        parts = keyword_parts(line)
        script = _one_script(line) if parts is not None else None
        if parts is None or script is None:
            return
        position = _after_blank_lines(text, match.end())
        yield line_start, position, line, len(parts), script


def find_spam_lines(text: str) -> list[SpamLine]:
    """The keyword lines at the top of ``text`` (a page may carry two, one after the other),
    each in the other script from the body that follows them all."""
    candidates = list(_candidates(text, 0))
    if not candidates:
        return []
    body_script = _one_script(text[candidates[-1][1]:])
    found = []
    for start, end, line, parts, script in candidates:
        if body_script is None or script == body_script:
            break
        found.append(SpamLine(start, end, line, parts, script, body_script))
    return found


def find_spam_line(text: str) -> SpamLine | None:
    """The keyword-spam line that opens ``text`` (blank lines before it skipped), if any."""
    found = find_spam_lines(text)
    return found[0] if found else None


def run(text: str, explain: bool = False) -> tuple[str, list[Step]]:
    """Drop the keyword lines at the top of ``text``; the steps only when ``explain``."""
    found = find_spam_lines(text)
    if not found:
        return text, []
    start, end = found[0].start, found[-1].end
    steps = []
    if explain:
        steps = [Step("spam", "dropped keyword line", s.start, s.end, text[s.start:s.end], "",
                      f"{s.parts} keywords in {s.script}, body in {s.body_script}")
                 for s in found]
    return text[:start] + text[end:], steps


def drop_spam_lines(text: str) -> str:
    """``text`` without the keyword-spam lines at its top."""
    return run(text)[0]
