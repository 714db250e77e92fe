"""UTF-8 read as Big5: what survived comes back, every other character stays U+FFFD.

Python's cp950 with errors="replace" writes one U+FFFD for each byte it cannot read: half of
UTF-8's continuation bytes (80-A0) end no Big5 pair and lead none, so a pair's lead and such a
byte are lost. A browser's Big5 decoder (WHATWG) writes one U+FFFD for a bad pair of two
non-ASCII bytes; its output here is written out as it reads these lines (HKSCS's pairs).
"""

from __future__ import annotations

from difflib import SequenceMatcher

import pytest

import textfix
from textfix.layers import lossy_replace

LOST = "\ufffd"


def read_as_cp950(text: str) -> str:
    return text.encode("utf-8").decode("cp950", errors="replace")


def wrong_unmarked(output: str, original: str) -> int:
    """Characters of ``output`` that are neither the original's nor U+FFFD, after alignment."""
    matcher = SequenceMatcher(None, output, original, autojunk=False)
    return sum(char != LOST for tag, start, end, _, _ in matcher.get_opcodes()
               if tag in ("replace", "insert") for char in output[start:end])


# (original, read by cp950 with errors="replace", the default repair, lossy="guess")
CP950_CASES = [
    ("国家统计局今天发布数据，十月份全国居民消费价格同比上涨百分之二点一。",
     "�家�计�天�份�费价�涨�", "国家统计�天�份�费价�涨�"),
    ("楼主说得对，这个版本的系统确实比以前稳定多了，我用了一个月没出问题。",
     "楼主说�对�个�系�确�以�稳�个�没�", "楼主说國对�个�系的确�以后稳�个有没�"),
    ("显示关于psql命令行参数的帮助。", "�示�psql�令�帮�", "显示�psql命令�帮�"),
    # What comes back is read no further (as Big5 read as GBK, it would lose three more).
    ("请参考配置程序（bootsetups）的说明", "请�置�bootsetups�说�", "请�置�bootsetups�说法"),
]


def test_the_decoder_loses_bytes() -> None:
    assert read_as_cp950("显示") == "\ufffd\ufffd曄內"  # E6 98 BE E7 A4 BA: E6, 98 lost


@pytest.mark.parametrize(("original", "marked", "guessed"), CP950_CASES)
def test_cp950_reading_comes_back_where_bytes_survived(original: str, marked: str,
                                                       guessed: str) -> None:
    garbled = read_as_cp950(original)
    assert textfix.fix(garbled) == marked
    assert wrong_unmarked(marked, original) == 0
    assert textfix.fix(garbled, lossy="guess") == guessed


def test_guesses_are_steps_with_alternatives() -> None:
    garbled = read_as_cp950("显示关于psql命令行参数的帮助。")
    result = textfix.fix_and_explain(garbled, lossy="guess")
    guesses = [step for step in result.steps if step.action == "guess"]
    assert [step.after for step in guesses] == ["显", "命"]
    assert all(len(step.evidence) == 8 and step.after not in step.evidence for step in guesses)
    default = textfix.fix_and_explain(garbled)
    assert not [step for step in default.steps if step.action == "guess"]


# A product title and a line of verse as a browser's Big5 decoder reads their UTF-8.
BROWSER_CASES = [
    ("华为 MatePad 11 平板电脑 8GB+128GB 官方旗舰店 ¥2499",
     "�𦒘蛹 MatePad 11 撟單踎�菔� 8GB+128GB 摰䀹䲮�𡑒�摨� 瞼2499",
     "�为 MatePad 11 平板� 8GB+128GB 官方� ¥2499"),
    ("這家餐廳的牛肉麵真的很好吃，下次還要再來。",
     "�坔振擗𣂼輒����厰熊�毺�敺�末���銝𧢲活����滢���",
     "�家餐廳�麵�下次�"),
    ("床前明月光，疑是地上霜。举头望明月，低头思故乡。",
     "摨𠰴��擧��㚁��烐糓�唬��栶��蜀憭湔��擧�嚗䔶�憭湔�脲�銋∼��",
     "床�是�头�，�头�乡�"),
]


@pytest.mark.parametrize(("original", "garbled", "marked"), BROWSER_CASES)
def test_browser_reading_comes_back_where_bytes_survived(original: str, garbled: str,
                                                         marked: str) -> None:
    assert textfix.fix(garbled) == marked
    assert wrong_unmarked(marked, original) == 0
    # A browser's U+FFFD stands for one byte or two: nothing is guessed.
    assert textfix.fix(garbled, lossy="guess") == marked


def test_a_browser_line_that_lost_nothing_reads_back() -> None:
    # HKSCS's 䲰 (of 大於, E5 A4 A7 E6 96 BC) is no cp950 pair: no strict chain reads the line.
    assert textfix.fix("撘閙彍1 憭扳䲰撘閙彍2") == "引數1 大於引數2"


def test_a_line_with_nothing_left_is_marked_where_its_survivor_is_garble_rare() -> None:
    # 启用 (E5 90 AF E7 94 A8) keeps two bytes of six (AF E7, read as 舐) between four markers:
    # no character comes back, and the garble that no marker showed is gone.
    garbled = read_as_cp950("启用 XON/XOFF")
    assert textfix.fix(garbled) == "\ufffd XON/XOFF"


def test_a_line_garbled_through_with_nothing_left_is_one_mark() -> None:
    # Six characters survive, as rare as such garble is; no character of the line does.
    garbled = read_as_cp950("检查所有运行时配置")
    assert garbled == "璉���交�����餈�銵���園��蝵�"
    assert textfix.fix(garbled) == LOST


def test_on_a_page_a_line_with_nothing_left_is_marked() -> None:
    page = "各种日志文件的名字。\n检查所有运行时配置\n程序的有限功能和相应的服务"
    assert textfix.fix(read_as_cp950(page)) == "\ufffd件\ufffd\n\ufffd\n\ufffd"


@pytest.mark.parametrize("clean", [
    "這是一個\ufffd的例子，請忽略。",  # traditional text with a U+FFFD in it
    "台北市政府今天宣布\ufffd明年起將調整公車票價。",
    "下载失败\ufffd请重试",
    "�个�中�示�信�",  # what a repair left: not read again
    "\ufffd對\ufffd資\ufffd料解碼",  # its Big5 is UTF-8 of ƸѽX beside the losses
    "床前明月光，疑是地上霜。",
    "沈\ufffd",  # a surname beside a U+FFFD: read back from UTF-8 沈 (A8 48) leaves an H alone
    "-h 涵\ufffd",  # 涵 (B2 5B) would leave a "["
])
def test_clean_text_is_left_alone(clean: str) -> None:
    assert textfix.fix(clean) == clean
    assert textfix.fix(clean, lossy="guess") == clean
    assert lossy_replace.repair_line(clean) is None


def test_reading_needs_every_surviving_byte_to_fit() -> None:
    # 這是 in Big5 (B3 6F AC 4F) is no UTF-8 with a loss beside it.
    assert lossy_replace.honest_reading("這是\ufffd", lossy_replace.UTF8_AS_BIG5) is None


def test_on_a_browser_page_a_line_need_not_read_commoner_than_its_garble() -> None:
    # An error table of a Traditional manual as a browser reads its UTF-8 as Big5: 發生 I/O
    # 錯誤. keeps only 誤 of its characters, rarer than 潛, 航 and 炊 are on average; the
    # other lines say how the page was read.
    page = ("\ufffd航炊蝣潔\ufffd閬\ufffd\n"
            "\ufffd潛\ufffd I/O \ufffd航炊.\n"
            "蝤\ufffd\ufffd蝛粹\ufffd銝滩雲嚗諹\ufffd皜\ufffd\ufffd敺屸\ufffd閰艾\ufffd\ufffd")
    assert textfix.fix(page) == ("\ufffd誤碼\ufffd\n\ufffd I/O \ufffd誤.\n"
                                 "\ufffd空\ufffd不足，\ufffd後\ufffd試\ufffd")
    # Alone, the line is as much a title of rare characters: left as it came.
    line = "\ufffd潛\ufffd I/O \ufffd航炊."
    assert textfix.fix(line) == line
