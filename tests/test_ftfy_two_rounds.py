"""Bytes ftfy changed in two rounds come back: a GBK page read as Latin-1 (or cp1252) where
ftfy decoded a run, and then the run it made with the byte before it.

部门经理 is B2BF C3C5 BEAD C0ED: ftfy reads Å¾ (C5 BE) as ž, and then Ã and ž (cp1252's byte
9E) as Þ, so Þ was C3 C5 BE. 百里精兵 is B0D9 C0EF BEAB B1F8: ftfy reads ï¾« (EF BE AB) as the
halfwidth ﾫ, which it widens to ᆱ. 设置路由 is C9E8 D6C3 C2B7 D3C9: Â· is ·, and then Ã·
is ÷, so ÷ was C3 C2 B7. Each page comes back whole; each line, clean, stays.
"""

from __future__ import annotations

import ftfy
import pytest

import textfix
from textfix.layers import ftfy_leaves, ftfy_undo

NEWS = ["本报讯 一门经典课程将于下月开课，欢迎出门经商的朋友报名。",
        "部门经理说，这门经验课值得一听。"]
FORUM = ["楼主说得对，出门经商不容易。", "回复：部门经理也这么说。"]
CLASSICAL = ["百里精兵动，参差便渡辽。", "如何好白日，亦照此天骄。"]
PAGES = [NEWS, FORUM, CLASSICAL, [*NEWS, *FORUM, *CLASSICAL]]
PAGE_IDS = ["news", "forum", "classical", "all"]
INSTALLED_63 = ftfy.__version__.startswith("6.3")

# The news, forum and classical lines above, one page, read as cp1252 and given to ftfy 6.2.3
# (held as data: the older release runs in an environment of its own).
OLDER_FTFY_PAGE = (
    "\u00b1\u00be\u00b1\u00a8\u00d1\u00b6 \u04bb\u00de\u00ad\u00b5\u00e4\u00bf\u00ce\u00b3"
    "\u00cc\u00bd\u00ab\u00d3\u00da\u00cf\u00c2\u00d4\u00bf\u00aa\u00bf\u00ce\u00a3\u00ac"
    "\u00bb\u00b6\u00d3\u00ad\u00b3\u00f6\u00de\u00ad\u00c9\u0335\u00c4\u00c5\u00f3\u00d3"
    "\u0471\u00a8\u00c3\u00fb\u00a1\u00a3\n"
    "\u00b0\u00d9\u00c0\u11b1\u00b1\u00f8\u00b6\u00af\u00a3\u00ac\u00b2\u00ce\u00b2\u00ee"
    "\u00b1\u00e3\u00b6\u00c9\u00c1\u00c9\u00a1\u00a3\n"
    "\u00c2\u00a5\u00d6\u00f7\u02f5\u00b5\u00c3\u00b6\u00d4\u00a3\u00ac\u00b3\u00f6\u00de"
    "\u00ad\u00c9\u0332\u00bb\u00c8\u00dd\u00d2\u05e1\u00a3\n"
    "\u00b2\u00bf\u00c3\u017e\u00ad\u00c0\u00ed\u02f5\u00a3\u00ac\u00d5\u00e2\u00de\u00ad"
    "\u00d1\u00e9\u00bf\u00ce\u00d6\u00b5\u00b5\u00c3\u00d2\u00bb\u00cc\u00fd\u00a1\u00a3")
OLDER_FTFY_ORIGINAL = "\n".join([NEWS[0], CLASSICAL[0], FORUM[0], NEWS[1]])


def _garbled(lines: list[str]) -> str:
    return ftfy.fix_text("\n".join(lines).encode("gb18030").decode("latin-1"))


@pytest.mark.skipif(not INSTALLED_63, reason="the lines' garbling is ftfy 6.3's")
def test_the_pages_show_both_rounds() -> None:
    garbled = _garbled([*NEWS, *CLASSICAL])
    assert "\u00de\u00ad" in garbled  # Þ of C3 C5 BE, then AD
    assert "\u11b1" in garbled  # ᆱ of EF BE AB


@pytest.mark.parametrize("lines", PAGES, ids=PAGE_IDS)
def test_page_through_ftfy_comes_back_whole(lines: list[str]) -> None:
    fixed = textfix.fix(_garbled(lines))
    assert fixed == "\n".join(lines)
    assert textfix.fix(fixed) == fixed


def test_page_through_the_older_ftfy_comes_back_whole() -> None:
    assert textfix.fix(OLDER_FTFY_PAGE) == OLDER_FTFY_ORIGINAL


@pytest.mark.parametrize("lines", PAGES, ids=PAGE_IDS)
def test_clean_page_stays(lines: list[str]) -> None:
    page = "\n".join(lines)
    assert textfix.fix(page) == page


@pytest.mark.parametrize("clean", ["ÞÞ Ãž ÿ÷", "Þórshöfn ÷ 2 = ½", "カタカナ ㅋㅋ ᆱ", "价格 ÷ 2"])
def test_clean_symbols_and_letters_stay(clean: str) -> None:
    assert textfix.fix(clean) == clean


@pytest.mark.parametrize(("char", "data"), [
    ("\u00de", b"\xc3\xc5\xbe"),  # Þ: C3 and the UTF-8 of ž, cp1252's 9E
    ("\u00f7", b"\xc3\xc2\xb7"),  # ÷: C3 and the UTF-8 of ·
    ("\u11b1", b"\xef\xbe\xab"),  # ᆱ: halfwidth ﾫ, widened
    ("\u2022", b"\xc2\xc2\x95"),  # •: two C2 bytes eaten before 95
    ("\u3b14", b"\xc3\xc2\xa3\xac\x94"),  # 㬔: E3 of C3 C2 A3, then AC 94
])
def test_each_change_in_two_rounds_is_a_source(char: str, data: bytes) -> None:
    sources = ftfy_leaves._sources(char)
    assert data in sources
    assert ftfy.fix_text(data.decode("latin-1").translate(ftfy_undo._cp1252_table())) == char \
        or ftfy.fix_text(data.decode("latin-1")) == char
