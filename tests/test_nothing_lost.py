"""Nothing lost: what the pipeline does not repair comes out byte for byte.

Line endings (CRLF, CR, mixed), trailing whitespace, damage that cannot be undone (锟斤拷, U+FFFD,
烫烫烫, ??) and rare characters survive; a leading BOM survives when asked for (--keep-bom).
Each test states the one change it expects and checks, with a byte-level diff, that every other
byte of the input is in the output, in place.
"""

from __future__ import annotations

import codecs
import difflib
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import textfix

if TYPE_CHECKING:
    from conftest import Textfix


def changes(before: bytes, after: bytes) -> list[tuple[bytes, bytes]]:
    """The (old, new) byte runs that differ; everything else is equal byte for byte."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return [(before[i1:i2], after[j1:j2])
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


# A Windows-edited news article: CRLF, a trailing space and tab, U+3000 indents, one line of
# converter debris (the only thing to repair) and a line of damage that must stay as it is.
NEWS_CRLF = (
    "\u3000\u3000新华社北京3月5日电 第十四届全国人民代表大会第二次会议今天开幕。 \r\n"
    "\u3000\u3000衡陽市僑聯(lián)召開第八次歸僑僑眷代表大會。\t\r\n"
    "\u3000\u3000附件：锟斤拷锟斤拷.doc（无法打开）\r\n"
    "\r\n"
)


def test_crlf_news_only_the_debris_changes(run: Textfix) -> None:
    data = NEWS_CRLF.encode()
    status, out = run([], data)
    assert status == 0
    assert changes(data, out) == [("(lián)".encode(), b"")]
    assert out.count(b"\r\n") == 4
    assert b"\r\n\r\n" in out


def test_cr_only_line_endings() -> None:
    # Classic Mac OS line endings in a forum post, with an entity to unescape.
    post = "楼主：求推荐蓝牙耳机\r预算500以内&nbsp;\r谢谢各位！  \r"
    fixed = textfix.fix(post)
    assert fixed == "楼主：求推荐蓝牙耳机\r预算500以内\u00a0\r谢谢各位！  \r"
    assert changes(post.encode(), fixed.encode()) == [(b"&nbsp;", "\u00a0".encode())]


def test_mixed_line_endings_survive() -> None:
    text = "第一行\n第二行\r\n第三行\r第四行\n\r第五行"
    assert textfix.fix(text) == text
    assert textfix.fix(text, to="tw") == "第一行\n第二行\r\n第三行\r第四行\n\r第五行"
    assert textfix.fix("乡村振兴\r\n数字经济\r", to="traditional") == "鄉村振興\r\n數字經濟\r"


def test_trailing_whitespace_of_every_kind() -> None:
    text = "产品标题：华为Mate 60 Pro   \n颜色：雅川青\t\t\n库存：有货\u3000\u3000\n备注：\u00a0\n"
    assert textfix.fix(text) == text
    repaired = textfix.fix(text.replace("华为", "華(huá)為(wèi)"))
    assert repaired == text.replace("华为", "華為")


@pytest.mark.parametrize(
    "damage",
    [
        "锟斤拷锟斤拷",  # U+FFFD written as GBK and read back
        "\ufffd\ufffd",  # replacement characters from a lossy decode
        "烫烫烫烫烫",  # MSVC's uninitialised stack bytes read as GBK
        "屯屯屯屯",  # ... and its uninitialised heap
        "??",  # characters a legacy codec could not encode
        "\U000f0001\ue000",  # private use: a font's own glyphs
        "\U0003134a",  # a CJK Extension G character, rare but valid
    ],
    ids=["kunjinkao", "fffd", "tangtang", "tuntun", "question-marks", "private-use", "ext-g"],
)
def test_unrepairable_damage_is_kept(damage: str) -> None:
    text = f"【公告】本店商品：{damage}牌电饭煲，\r\n下单请联系客服。  \r\n"
    assert textfix.fix(text) == text
    assert textfix.fix(text, to="simplified") == text
    # Beside a repair the damage still stays: only the entity changes.
    mixed = text.replace("电饭煲", "电饭煲&amp;电压力锅")
    fixed = textfix.fix(mixed)
    assert changes(mixed.encode(), fixed.encode()) == [(b"amp;", b"")]


def test_mixed_chinese_english_with_tabs_is_untouched(run: Textfix) -> None:
    text = "函数(function)\t返回值\r\nprint(\"你好，世界\")  \r\nEOF\r\n"
    assert textfix.fix(text) == text
    status, out = run([], text.encode())
    assert (status, out) == (0, text.encode())


def test_legacy_encoding_keeps_line_endings(run: Textfix) -> None:
    text = "商品名称：乐视超级电视X50\r\n价格：￥1999\r\n\r\n"
    status, out = run([], text.encode("gb18030"))
    assert (status, out) == (0, text.encode("utf-8"))
    big5 = "臺灣新聞\r網路購物\r"
    assert run([], big5.encode("big5")) == (0, big5.encode("utf-8"))


# --- BOM --------------------------------------------------------------------------------------

BOM_TEXT = "商品：小米手环8 NFC版&nbsp;\r\n颜色：亮黑色\r\n"
BOM_FIXED = "商品：小米手环8 NFC版\u00a0\r\n颜色：亮黑色\r\n"


def test_bom_dropped_by_default(run: Textfix) -> None:
    data = codecs.BOM_UTF8 + BOM_TEXT.encode()
    assert run([], data) == (0, BOM_FIXED.encode())


def test_keep_bom_reemits_it(run: Textfix) -> None:
    data = codecs.BOM_UTF8 + BOM_TEXT.encode()
    status, out = run(["--keep-bom"], data)
    assert (status, out) == (0, codecs.BOM_UTF8 + BOM_FIXED.encode())
    assert changes(data, out) == [(b"&nbsp;", "\u00a0".encode())]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_keep_bom_from_utf16_and_utf32_gives_utf8_bom(run: Textfix, encoding: str) -> None:
    data = BOM_TEXT.encode(encoding)  # Python writes the BOM for these
    assert run(["--keep-bom"], data) == (0, codecs.BOM_UTF8 + BOM_FIXED.encode())


def test_keep_bom_adds_none_where_there_was_none(run: Textfix) -> None:
    assert run(["--keep-bom"], BOM_TEXT.encode()) == (0, BOM_FIXED.encode())
    assert run(["--keep-bom"], b"") == (0, b"")


def test_keep_bom_in_place_leaves_a_clean_bom_file_alone(run: Textfix, tmp_path: Path) -> None:
    path = tmp_path / "清单.csv"
    data = codecs.BOM_UTF8 + "编号,名称,数量\r\n1,螺丝刀,3\r\n".encode()
    path.write_bytes(data)
    before = path.stat()
    assert run(["-i", "--keep-bom", str(path)], b"") == (0, b"")
    assert path.read_bytes() == data
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert run(["--check", "--keep-bom", str(path)], b"") == (0, b"")
    # Negative case: without --keep-bom the BOM would go, so the file would change.
    assert run(["--check", str(path)], b"") == (1, b"")


def test_keep_bom_in_place_repairs_behind_the_bom(run: Textfix, tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(codecs.BOM_UTF8 + BOM_TEXT.encode())
    assert run(["-i", "--keep-bom", str(path)], b"") == (0, b"")
    assert path.read_bytes() == codecs.BOM_UTF8 + BOM_FIXED.encode()


def test_the_byte_for_byte_promise_and_its_scope(tmp_path: Path) -> None:
    # Issue 15: the README says clean text comes back byte for byte; these are its limits.
    import unicodedata

    clean = "今天天气很好，我们去公园散步吧。  \r\n樓主說得對\tOK\r\n沒有換行".encode()
    (tmp_path / "clean.txt").write_bytes(clean)
    done = subprocess.run([sys.executable, "-m", "textfix", str(tmp_path / "clean.txt")],
                          capture_output=True, check=True, timeout=120)
    assert done.stdout == clean
    gbk = "国务院总理今天在北京会见了来访的客人。\n"
    (tmp_path / "gbk.txt").write_bytes(gbk.encode("gbk"))
    done = subprocess.run([sys.executable, "-m", "textfix", str(tmp_path / "gbk.txt")],
                          capture_output=True, check=True, timeout=120)
    assert done.stdout == gbk.encode()  # the text is the same, in UTF-8
    decomposed = unicodedata.normalize("NFD", "Tiếng Việt và 中文")
    assert textfix.fix(decomposed) == unicodedata.normalize("NFC", decomposed)
    assert textfix.fix("零宽\u200b空格") == "零宽空格"
