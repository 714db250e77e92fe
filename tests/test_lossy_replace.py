"""Text read by a strict decoder with errors="replace": UTF-8 read as cp1252, Big5 read as GBK.

Each page is garbled the way Python does it (``open(..., encoding="cp1252", errors="replace")``,
``data.decode("gbk", "replace")``); what comes back must be the original wherever its bytes
survived, and one U+FFFD for each character that lost a byte and cannot be told: never a wrong
character, never new mojibake.
"""

from __future__ import annotations

import codecs

import pytest

import textfix
from textfix.layers import lossy_replace

LOST = "\ufffd"

NEWS_PAGE = "\n".join([
    "【新华社北京3月5日电】国务院总理在政府工作报告中指出，今年发展主要预期目标是：国内生产总值"
    "增长5%左右。",
    "网友热议：这款手机的续航到底怎么样？我用了一个星期，感觉还不错，充电也很快。",
    "小米14 Pro 16GB+512GB 钛金属版 全网通5G手机【官方正品】",
    "Python 3.12 发布：更快的解释器、更好的错误信息，详见官方文档。",
])

TRADITIONAL_PAGE = "\n".join([
    "台北市政府今天宣布，明年起將調整公車票價，學生票維持不變。",
    "這款筆電的螢幕很漂亮，但是電池只能撐四個小時，有點可惜。",
    "【限時優惠】無線藍牙耳機 降噪版 全館免運",
    "我們的目標是在年底前完成所有的測試。",
])


def read_as_cp1252(text: str) -> str:
    return text.encode("utf-8").decode("cp1252", errors="replace")


_lost_at: list[int] = []


def _record(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    _lost_at.append(error.start)
    return LOST, error.end


codecs.register_error("test-lossy-replace-record", _record)


def read_as_gbk(text: str) -> str:
    return text.encode("cp950").decode("gbk", errors="replace")


def lost_big5_chars(text: str) -> set[int]:
    """The characters of ``text`` (by index) one of whose Big5 bytes GBK wrote U+FFFD for."""
    _lost_at.clear()
    data = text.encode("cp950")
    data.decode("gbk", errors="test-lossy-replace-record")
    lost, position = set(), 0
    for index, char in enumerate(text):
        size = len(char.encode("cp950"))
        if any(position <= at < position + size for at in _lost_at):
            lost.add(index)
        position += size
    return lost


def honest(output: str, original: str, lost: set[int]) -> bool:
    """Character for character: the original, or U+FFFD where the original lost a byte."""
    return len(output) == len(original) and all(
        made == meant or (made == LOST and index in lost)
        for index, (made, meant) in enumerate(zip(output, original, strict=True)))


def test_the_decoders_lose_bytes() -> None:
    assert read_as_cp1252("【") == "ã€\ufffd"
    assert read_as_gbk("的一") == "\ufffd氦@"


def test_utf8_read_as_cp1252_page_comes_back_where_bytes_survived() -> None:
    assert textfix.fix(read_as_cp1252(NEWS_PAGE)) == "\n".join([
        "\ufffd新\ufffd社北京3月5日电】国务院总\ufffd在政府工作报告中指出，今年\ufffd展主\ufffd预期"
        "目标是：国内生产总值增长5%左\ufffd。",
        "网\ufffd热议：这款手机的续航到底怎么样？我用了一个星期，感觉还\ufffd错，充电也很快。",
        "\ufffd米14 Pro 16GB+512GB 钛金属版 全网通5G手机\ufffd官方正\ufffd】",
        "Python 3.12 \ufffd布：更快的解释器\ufffd更好的错误信\ufffd，详\ufffd官方文档。",
    ])


@pytest.mark.parametrize("line", NEWS_PAGE.splitlines())
def test_utf8_read_as_cp1252_marks_only_lost_characters(line: str) -> None:
    lost = {index for index, char in enumerate(line)
            if set(char.encode("utf-8")) & set(lossy_replace.CP1252_UNDEFINED)}
    output = textfix.fix(read_as_cp1252(line))
    assert honest(output, line, lost)
    assert "銆" not in output  # no GBK-style mojibake made of the loss


def test_big5_read_as_gbk_page_comes_back_where_bytes_survived() -> None:
    garbled = read_as_gbk(TRADITIONAL_PAGE)
    output = textfix.fix(garbled)
    assert honest(output, TRADITIONAL_PAGE, lost_big5_chars(TRADITIONAL_PAGE))
    assert output.splitlines()[1] == (
        "這款筆電\ufffd螢幕很漂亮\ufffd\ufffd是電\ufffd只\ufffd撐四\ufffd小\ufffd，有點\ufffd惜\ufffd")


def test_big5_read_as_gbk_lines_come_back_on_their_own() -> None:
    for line in TRADITIONAL_PAGE.splitlines():
        output = textfix.fix(read_as_gbk(line))
        assert honest(output, line, lost_big5_chars(line)), output
        assert output.count(LOST) < len(line) / 2


def test_a_lost_byte_with_one_filling_comes_back() -> None:
    # 沒 (A8 53): GBK reads A8 53 as no pair (A8 40-A0 only has A8 40-95 assigned in part), the
    # lead is lost; of the leads GBK rejects before 53, one makes a Big5 character with 53
    # that... is checked by the reading itself: whatever fills uniquely is the original.
    line = "我今天沒有時間，明天再說吧。"
    output = textfix.fix(read_as_gbk(line))
    assert honest(output, line, lost_big5_chars(line))


@pytest.mark.parametrize("clean", [
    NEWS_PAGE,
    TRADITIONAL_PAGE,
    "下载失败：文件名里有\ufffd，请重新上传。",  # a U+FFFD in clean Chinese text
    "Café au lait � 3,50 €",  # Western text with a U+FFFD
    "這是一個\ufffd的例子，請忽略。",
])
def test_clean_text_is_left_alone(clean: str) -> None:
    assert textfix.fix(clean) == clean


def test_reading_needs_every_surviving_byte_to_fit() -> None:
    # é (E9) before a space is no UTF-8: the line is no UTF-8 read as cp1252.
    assert lossy_replace.honest_reading("Café � crème", lossy_replace.UTF8_AS_CP1252) is None
    assert lossy_replace.repair_line("下载失败\ufffd请重试") is None


@pytest.mark.parametrize(("original", "repaired"), [
    # Command-line titles of a Traditional manual: 檔 (C0 C9) survived as GBK's 郎, 案 (AE D7)
    # lost both bytes. One character beside the markers, as rare as garble, reads back alone.
    ("-f 檔案", "-f 檔\ufffd"),
    ("-o 檔案", "-o 檔\ufffd"),
    ("--help 說明", "--help 說\ufffd"),
])
def test_big5_read_as_gbk_title_with_one_survivor_comes_back(original: str,
                                                             repaired: str) -> None:
    garbled = read_as_gbk(original)
    assert garbled.count(LOST) == 2
    assert textfix.fix(garbled) == repaired


@pytest.mark.parametrize("clean", [
    "-f 郎\ufffd",  # one marker: no Big5 pair of the frequent block lost both bytes
    "郎\ufffd",
    "新郎\ufffd\ufffd",  # two characters survived: the reading must read commoner
    "Re: 沈\ufffd",
])
def test_a_rare_character_beside_a_marker_is_left_alone(clean: str) -> None:
    assert textfix.fix(clean) == clean
