"""UTF-8 read by a lossy GBK decoder: what survived comes back, what was lost stays U+FFFD.

The two decoders are written here from their descriptions: Windows' cp936 with its lossy flags
drops a byte that begins no character and reads 80 as the euro sign; a browser's gbk decoder
(WHATWG) writes U+FFFD for a lead byte before an ASCII byte, keeps the ASCII byte, and also
reads 80 as the euro sign. Neither output may hold a wrong character that no U+FFFD marks.
"""

from __future__ import annotations

import codecs
from difflib import SequenceMatcher

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textfix
from textfix.layers import lossy_gbk


def _cp936_lossy(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    return ("\u20ac" if error.object[error.start] == 0x80 else ""), error.start + 1


codecs.register_error("test-lossy-gbk-cp936", _cp936_lossy)


def read_as_cp936(text: str) -> str:
    return text.encode("utf-8").decode("gbk", errors="test-lossy-gbk-cp936")


def read_as_browser_gbk(text: str) -> str:
    """The WHATWG gb18030 decoder on ``text``'s UTF-8, for the two-byte and one-byte cases UTF-8
    of the BMP gives (no four-byte sequence: they need digits after lead bytes)."""
    data, out, index = text.encode("utf-8"), [], 0
    while index < len(data):
        byte = data[index]
        if byte < 0x80:
            out.append(chr(byte))
            index += 1
        elif byte == 0x80:
            out.append("\u20ac")
            index += 1
        elif index + 1 < len(data) and (0x40 <= data[index + 1] <= 0x7E
                                        or 0x80 <= data[index + 1] <= 0xFE):
            out.append(data[index:index + 2].decode("gb18030"))
            index += 2
        else:
            out.append("\ufffd")  # the next byte, ASCII here, is read again
            index += 1
    return "".join(out)


def wrong_unmarked(output: str, original: str) -> int:
    """Characters of ``output`` that are neither the original's nor U+FFFD, after alignment."""
    matcher = SequenceMatcher(None, output, original, autojunk=False)
    return sum(char != "\ufffd" for tag, start, end, _, _ in matcher.get_opcodes()
               if tag in ("replace", "insert") for char in output[start:end])


def test_the_decoders_lose_bytes() -> None:
    assert read_as_cp936("检查") == "妫€鏌"
    assert read_as_cp936("结束。\n") == "缁撴潫銆\n"
    assert read_as_browser_gbk("结束。\n") == "缁撴潫銆\ufffd\n"
    assert read_as_browser_gbk("\u00a0") == "聽"


def survivors(original: str) -> str:
    """``original`` with every character that lost a byte to Windows' cp936 as U+FFFD (one for
    several side by side): the honest repair, worked out from the decoder's own errors."""
    dropped: set[int] = set()

    def record(error: UnicodeError) -> tuple[str, int]:
        assert isinstance(error, UnicodeDecodeError)
        if error.object[error.start] != 0x80:
            dropped.add(error.start)
        return "", error.start + 1

    codecs.register_error("test-lossy-gbk-record", record)
    original.encode("utf-8").decode("gbk", errors="test-lossy-gbk-record")
    out: list[str] = []
    position = 0
    for char in original:
        size = len(char.encode("utf-8"))
        lost = any(byte in dropped for byte in range(position, position + size))
        if not (lost and out and out[-1] == "\ufffd"):
            out.append("\ufffd" if lost else char)
        position += size
    return "".join(out)


# Pages written for the tests, with characters that lose bytes before a line break, a space or
# the end (。 元 ...), in GBK pairs Windows leaves unassigned (公 before 布, 第 before 一), and
# characters whose last byte is 80, which Windows reads as the euro sign (检 一 ...).
PAGES = [
    "检查组今天公布了第一批结果。\n各地要求在月底前完成整改。\n",
    "这台笔记本一直用得很好，价格6999元 还送一个鼠标。",
    "床前明月光，疑是地上霜。\n举头望明月，低头思故乡。",
    "请问这个版本什么时候发布？\n回复：下周一，敬请期待。",
]


@pytest.mark.parametrize("original", PAGES)
def test_cp936_page_comes_back_as_far_as_it_survived(original: str) -> None:
    garbled = read_as_cp936(original)
    assert garbled != original
    expected = survivors(original)
    assert expected != original
    fixed = textfix.fix(garbled)
    assert fixed == expected
    assert wrong_unmarked(fixed, original) == 0


def test_survivors_reference() -> None:
    # 。 before the line break loses its last byte; 公 loses AC (the unassigned pair AC E5).
    assert survivors("今天公布。\n") == "今天�布�\n"


BROWSER_PAGES = [
    "检查组今天公布了第一批结果。\n各地要求在月底前完成整改。\n",
    "床前明月光，疑是地上霜。\n举头望明月，低头思故乡。",
    # 元 lost its last byte: 64 characters fit, none is guessed (lossy="guess" would).
    "这台笔记本一直用得很好，价格6999元 还送一个鼠标。",
]


@pytest.mark.parametrize("original", BROWSER_PAGES)
def test_browser_page_has_no_unmarked_wrong_character(original: str) -> None:
    garbled = read_as_browser_gbk(original)
    assert "\ufffd" in garbled
    fixed = textfix.fix(garbled)
    assert wrong_unmarked(fixed, original) == 0
    assert sum(char != "\ufffd" for char in fixed) > 0.8 * len(original)


def test_nbsp_comes_back() -> None:
    original = "价格：\u00a06999元，配送：\u00a0全国包邮 (OK)"
    garbled = read_as_browser_gbk(original)
    assert "聽" in garbled
    # The second NBSP's bytes survived (C2 A0, read as 聽 with the byte before): it comes back.
    # The first lost its A0 (a lead byte before the digit 6): C2 with any of 32 bytes is a
    # character, so it stays U+FFFD unless asked to guess.
    assert textfix.fix(garbled) == "价格：\ufffd6999元，配送：\u00a0全国包邮 (OK)"
    assert textfix.fix(garbled, lossy="guess") == original


def test_honest_units_mark_a_lost_byte_once() -> None:
    # 。 (E3 80 82) before a line break: the browser wrote 銆 and U+FFFD for E3 80 and 82.
    units = lossy_gbk.honest_units("銆\ufffd\n")
    assert units is not None
    assert "".join(unit.reading or "" for unit in units) == "\ufffd\n"


def test_clean_gbk_text_is_no_lossy_utf8() -> None:
    # Clean Chinese re-encoded in GBK is stray bytes as UTF-8: no honest reading.
    units = lossy_gbk.honest_units("中文")
    assert units is not None
    assert all(unit.reading is None for unit in units)


CLEAN = [
    "检查组今天公布了第一批结果。",
    "价格：€6999，优惠 €200，仅限今天。",
    "出错时显示 \ufffd 字符，请检查编码设置。",
]


@pytest.mark.parametrize("clean", CLEAN)
def test_clean_text_is_left_alone(clean: str) -> None:
    assert textfix.fix(clean) == clean


def test_clean_classical_text_beside_a_garbled_clause_is_kept() -> None:
    # 芣 and 苢 are C6 5D and C6 71 in GBK: as UTF-8 a lead byte before "]" and "q", which no
    # lossy decoder leaves (it would have read the pair): the clean clause stays.
    garbled = "采采芣苢，" + read_as_cp936("薄言采之") + "。"
    fixed = textfix.fix(garbled)
    assert fixed.startswith("采采芣苢，")
    assert wrong_unmarked(fixed, "采采芣苢，薄言采之。") == 0


def test_the_chains_gbk_is_pythons_but_for_the_cp936_euro_sign() -> None:
    # Exhaustive over the BMP: the chains' GBK (recode.chain.encode, which the core's tables
    # are dumped from) writes what Python's gbk codec writes, GB18030 where gbk cannot, and the
    # one cp936 entry Python lacks: the euro sign at 80.
    from textfix.recode.chain import CP936_EURO, encode
    differing = []
    for code in range(0x10000):
        char = chr(code)
        try:
            python = char.encode("gbk")
        except UnicodeEncodeError:
            try:
                python = char.encode("gb18030")
            except UnicodeEncodeError:
                python = None
        try:
            ours = encode(char, "gbk")
        except UnicodeEncodeError:
            ours = None
        if ours != python:
            differing.append((char, ours))
    assert differing == [(CP936_EURO, b"\x80")]


@pytest.mark.parametrize(("original", "repaired"), [
    ("检查结果显示一切正常", "检查结果显示一切\ufffd常"),  # 正 lost a byte: 64 fillings
    ("我们检验了这批货物，质量合格", "我们检验了这批货物，质量合\ufffd"),
    ("检测报告已经出来了", "检测报告已经出来了"),
    ("质检部门：抽检合格率99%", "质\ufffd部门：抽检合格\ufffd99%"),
])
def test_the_euro_sign_of_cp936_reads_back(original: str, repaired: str) -> None:
    # 检 (E6 A3 80) read by cp936 is 妫€: the chains read it back as any other character.
    garbled = original.encode("utf-8").decode("gbk", errors="test-lossy-gbk-cp936")
    assert "妫€" in garbled
    assert textfix.fix(garbled) == repaired


@pytest.mark.parametrize(("original", "repaired"), [
    # Little of the line reads back run by run; every character of it is UTF-8 that cp936 left.
    ("各种日志文件。", "各\ufffd日志文件\ufffd"),
    # 第 (E7 AC AC) lost both its last bytes before 一 (E4 B8 80).
    ("文件中的第一个标准时间", "文件\ufffd的\ufffd一\ufffd标准时间"),
    # ¥ (C2 A5) is 楼 in GBK: the honest reading, though 楼 is the commoner character.
    ("华为 MatePad 11 平板电脑 官方旗舰店 ¥2499", "华为 MatePad 11 平板电脑 官方旗舰\ufffd ¥2499"),
    # 以 (E4 BB A5) before a space: A5 was dropped.
    ("它将以 PEM 格式输出", "它将\ufffd PEM 格式输出"),
])
def test_cp936_line_reads_through(original: str, repaired: str) -> None:
    garbled = read_as_cp936(original)
    assert textfix.fix(garbled) == repaired
    assert wrong_unmarked(repaired, original) == 0


# Long lines of what lossy GBK text and clean text hold: ASCII, "?", euro signs, U+FFFD, GBK's
# readings of UTF-8 and clean Chinese.
_LONG_LINES = st.lists(st.sampled_from(list("ab 1.,?€\ufffd鏄涓瀛浣犲ソ锛鍥絃中文软件")),
                       min_size=lossy_gbk._PIECE + 1, max_size=4 * lossy_gbk._PIECE).map("".join)


@settings(max_examples=300, deadline=None)
@given(_LONG_LINES)
def test_a_long_line_is_told_a_piece_at_a_time_as_whole(line: str) -> None:
    cut = lossy_gbk._cut(line)
    whole = cut is not None and all(
        unit.reading is not None or line[unit.start:unit.end].isascii()
        for unit in lossy_gbk._units(line, *cut))
    assert lossy_gbk._every_unit_reads(line) == whole



# Beside GBK's readings of UTF-8 and clean Chinese, characters whose GBK lead byte the next byte
# cuts short (我 CE D2, 有 D3 D0, 嗄 E0 C4) and one whose next byte may follow it (噌 E0 E1).
@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list("ab 1.,?€\ufffd鏄涓瀛浣犲ソ锛鍥絃中文软件éñ我有嗄噌")),
                min_size=1, max_size=30).map("".join))
def test_a_line_told_at_its_first_character_is_one_no_reading_needs(line: str) -> None:
    if not lossy_gbk._first_unit_reads_no_way(line):
        return
    cut = lossy_gbk._cut(line)
    assert cut is None or any(
        unit.reading is None and not line[unit.start:unit.end].isascii()
        for unit in lossy_gbk._units(line, *cut))
