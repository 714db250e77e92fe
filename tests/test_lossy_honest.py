"""The default lossy mode never invents: every character whose bytes survived comes back, every
other stays a U+FFFD (or the "?" Windows wrote), and nothing else is left in the output.

Each case is a line of a news page, a forum post or a shop's product title, garbled by one of
the lossy decoders real software has, and the exact repair: characters that lost bytes with more
than one filling stay marked. The negative cases are clean lines with the same ingredients
(a rare character before a U+FFFD, a question mark, a euro sign, a space after Chinese).
"""

from __future__ import annotations

import codecs

import pytest
from test_lossy_gbk import read_as_browser_gbk, read_as_cp936

import textfix
from textfix.layers import lossy_gbk, lossy_replace

LOST = "\ufffd"


def _windows(error: UnicodeError) -> tuple[str, int]:
    """MultiByteToWideChar: the bad pair becomes "?" and the next byte goes with it."""
    assert isinstance(error, UnicodeDecodeError)
    return "?", min(error.start + 2, len(error.object))


codecs.register_error("test-lossy-honest-windows", _windows)


def read_as_windows_gbk(text: str) -> str:
    return text.encode("utf-8").decode("gbk", errors="test-lossy-honest-windows")


def read_as_gbk_replace(text: str) -> str:
    return text.encode("utf-8").decode("gbk", errors="replace")


def read_as_cp1252_dropped(text: str) -> str:
    return text.encode("utf-8").decode("cp1252", errors="ignore")


@pytest.mark.parametrize(("original", "repaired"), [
    # 谢 (E8 B0 A2) before 。 (E3 80 82): a browser reads A2 E3 as the euro sign too, and 80 as
    # another; read as 80 the first would make 谀 of 谢's first bytes.
    ("本次活动得到了各界的大力支持，在此表示感谢。\n明天见。",
     "本次活动得到了各界的大力支持，在此表示感谢\ufffd\n明天见\ufffd"),
    # 团 (E5 9B A2) before 「 (E3 80 8C) and before 。.
    ("旅行团「九寨沟五日游」报名从速", "旅行团「九寨沟五日游」报名从\ufffd"),
    ("欢迎参加本次旅行团。\n报名电话见下", "欢迎参加本次旅行团\ufffd\n报名电话见下"),
])
def test_a_browsers_euro_sign_may_be_a2_e3(original: str, repaired: str) -> None:
    garbled = read_as_browser_gbk(original)
    assert "\u20ac\u20ac" in garbled
    assert textfix.fix(garbled) == repaired


@pytest.mark.parametrize(("original", "repaired"), [
    # Titles and forum lines where a U+FFFD marks the loss and little else reads back: 是
    # (E6 98 AF) before a space left 鏄 and the marker; 64 fillings, none is guessed.
    ("包邮 是真的吗", "包邮 \ufffd真的\ufffd"),
    ("是 CD-ROM", "\ufffd CD-ROM"),
    ("手机 值得买", "手机 值得\ufffd"),
    ("用 Python 写爬虫", "\ufffd Python 写爬\ufffd"),
    ("華為 手機殼 的值", "\ufffd\ufffd 手\ufffd 的\ufffd"),
])
def test_a_short_line_with_a_marker_keeps_no_garble(original: str, repaired: str) -> None:
    assert textfix.fix(read_as_gbk_replace(original)) == repaired


@pytest.mark.parametrize(("original", "repaired"), [
    # cp936 leaves no marker: a short line that reads through to Chinese, with garble-rare
    # characters where bytes were dropped.
    ("热卖 手机壳 的", "\ufffd\ufffd 手机\ufffd \ufffd"),
    ("的磁带设备。这里", "的\ufffd带设\ufffd。这\ufffd"),
    ("兼容的。", "兼\ufffd的\ufffd"),
])
def test_a_short_cp936_line_reads_through(original: str, repaired: str) -> None:
    assert textfix.fix(read_as_cp936(original)) == repaired


@pytest.mark.parametrize(("original", "repaired"), [
    # 是 CD- read by cp936 is 鏄 CD-: 鏄 is E6 98, and every byte cp936 drops before a space
    # makes a Chinese character of them (U+6600-663F). One character so is enough.
    ("是 CD-", "\ufffd CD-"),
    ("從 GitHub", "\ufffd GitHub"),  # 寰, E5 BE: 9E dropped
    ("用 USB 彈", "\ufffd USB \ufffd"),
])
def test_a_character_cut_short_alone_is_marked_where_it_was_chinese(original: str,
                                                                     repaired: str) -> None:
    assert textfix.fix(read_as_cp936(original)) == repaired


@pytest.mark.parametrize("clean", [
    "鄭畋",  # E0 A5 and EE B1 cut short would be Devanagari and private use, not Chinese
    "鄭畋 CD",
    "寰宇",  # 寰 (E5 BE) before 宇 (D3 EE): cp936 drops no byte before a trail such as D3
])
def test_a_rare_character_that_was_no_chinese_cut_short_stays(clean: str) -> None:
    assert textfix.fix(clean) == clean


@pytest.mark.parametrize(("original", "repaired"), [
    ("是 CD-ROM", "?CD-ROM"),
    ("中存储 PGP 密钥", "??PGP 密钥"),
    ("[中文維護]", "[???]"),
])
def test_windows_question_marks_stay(original: str, repaired: str) -> None:
    assert textfix.fix(read_as_windows_gbk(original)) == repaired


@pytest.mark.parametrize(("original", "repaired"), [
    # 千萬不要 each lost a byte cp1252 leaves undefined: too little for a run of their own, they
    # are marked beside the repair, one U+FFFD each.
    ("千萬不要因為覺得沮喪就放棄", "\ufffd\ufffd\ufffd\ufffd因為覺得沮喪就放棄"),
    # 华 (E5 8D 8E) lost 8D; 参 (E5 8F 82) at the end lost 8F.
    ("华为手机 官方旗舰店 特价 参", "\ufffd为手机 官方旗舰店 特价 \ufffd"),
    # 位 (E4 BD 8D) at the end, a number between it and the Chinese before.
    ("说明书第 3 位", "说明书第 3 \ufffd"),
])
def test_what_cp1252_dropped_beside_a_repair_is_marked(original: str, repaired: str) -> None:
    assert textfix.fix(read_as_cp1252_dropped(original)) == repaired


@pytest.mark.parametrize(("original", "repaired"), [
    # 参 (E5 8F 82) at the end lost 8F, an ASCII word between it and the Chinese: a word of its
    # own that begins as UTF-8 does (a lead byte, a continuation byte) is read in a line the
    # repairs read so.
    ("华为手机 官方旗舰店 特价 参", "\ufffd为手机 官方旗舰店 特价 \ufffd"),
    ("版本 2.0 参", "版本 2.0 \ufffd"),
    # A line the layer reads nothing of: 簽名 (E7 B0 BD E5 90 8D) lost 90 and 8D; 簽 is whole.
    ("PGP 簽名", "PGP 簽\ufffd"),
    ("GnuPG 签名", "GnuPG 签\ufffd"),
    # 宏 (E5 AE 8F) lost 8F at the start of an identifier: å® begins an ASCII word.
    ("宏_ftppro", "\ufffd_ftppro"),
    ("参_list", "\ufffd_list"),
])
def test_a_word_cut_short_of_its_own_is_marked(original: str, repaired: str) -> None:
    assert textfix.fix(read_as_cp1252_dropped(original)) == repaired


@pytest.mark.parametrize("clean", [
    "Nestlé®",  # é after a letter: a word's own, and a symbol after it
    "Nestlé® 雀巢咖啡",
    "è®12",  # a letter and a symbol, and digits: no identifier
    "à©",
    "jusqu'à…",  # E0 85 begins no UTF-8
    "Ça va, et toi?",
    "价格 è®12 元",
    "PGP ñ¦W",  # F1 begins plane 4: Big5's 簽名 read as Latin-1 is no UTF-8 cut short
])
def test_a_letter_and_a_symbol_are_no_word_cut_short(clean: str) -> None:
    assert textfix.fix(clean) == clean


def test_a_european_word_after_a_number_is_no_cut_short_chinese() -> None:
    # çã of Classificação are two lead bytes cut short, but a word's own letters: the letters
    # before them stand between them and the Chinese.
    garbled = read_as_cp1252_dropped("比赛排名第") + " 2: Classificação"
    assert textfix.fix(garbled) == "比赛排\ufffd第 2: Classificação"


def test_a_space_after_a_cut_short_character_is_no_nbsp_where_an_nbsp_survived() -> None:
    # 码 (E7 A0 81) keeps its A0 as an NBSP: the text's NBSPs were not made spaces, so 品, 不,
    # 含 and 运 before a space lost a byte each (81 8D 90 90); read as NBSPs they would be 哠
    # 丠 吠 访.
    original = "这家店的商品 不 含 运费，码 数偏小，建议拍大一码。"
    garbled = read_as_cp1252_dropped(original)
    assert "\xa0" in garbled
    assert textfix.fix(garbled) == (
        "这家店的商\ufffd\ufffd\ufffd\ufffd费，\ufffd数\ufffd\ufffd，建议\ufffd大一\ufffd。")


def test_the_statements_example_is_ambiguous_where_a_byte_was_dropped() -> None:
    # ä½ before a space is 你 (E4 BD A0) with its NBSP made a space, or 位 住 佐 佝 佁 (E4 BD
    # 8D ...) before a real space when cp1252 dropped their last byte; the final ï¼ shows that
    # it did drop one (！, EF BC 81). Without that, no byte was dropped and the space is the NBSP.
    assert textfix.fix("ä½ å¥½ï¼Œä¸–ç•Œï¼") == "\ufffd好，世界\ufffd"
    assert textfix.fix("ä½ å¥½ï¼Œä¸–ç•Œ") == "你好，世界"


@pytest.mark.parametrize("clean", [
    "鞗革金厄",  # classical: rare characters whose GBK bytes are UTF-8 cut short
    "零露瀼瀼 CD-2",
    "委委佗佗，如山如河。",
    "中文为\ufffd",  # 为 (CE AA) reads as Greek Ϊ: a real U+FFFD after it stays
    "下载地址\ufffd请稍后再试",
    "这款手机壳是真皮的吗?",
    "价格：€199（含税）",
    "Le café coûte 3 €, très bon.",
    "Größe: 42 — für Kinder",
])
def test_clean_lines_are_left_alone(clean: str) -> None:
    assert textfix.fix(clean) == clean


def test_euro_sign_bytes_follow_the_utf8_around_them() -> None:
    # cp936's euro sign is 80 (检 = E6 A3 80 is 妫€); a browser's is A2 E3 as well, where 80
    # would leave a stray byte.
    assert [piece.hex() if piece else piece for piece in lossy_gbk.line_bytes("妫€查")] == [
        "e6a3", "80", "b2e9"]
    assert [piece.hex() if piece else piece for piece in lossy_gbk.line_bytes("鎹€€\ufffd")] == [
        "e68d", "a2e3", "80", "ff"]


def read_as_browser_big5(text: str) -> str:
    """A browser's Big5 decoder (WHATWG) on ``text``'s UTF-8, errors as U+FFFD: a lead byte
    before an ASCII byte is U+FFFD and the ASCII byte is read again; 80 and FF are U+FFFD; the
    pairs are Big5-HKSCS's."""
    data, out, index = text.encode("utf-8"), [], 0
    while index < len(data):
        byte = data[index]
        second = data[index + 1] if index + 1 < len(data) else None
        if byte < 0x80:
            out.append(chr(byte))
            index += 1
            continue
        if not 0x81 <= byte <= 0xFE or second is None:
            out.append(LOST)
            index += 1
            continue
        try:
            pair = data[index:index + 2].decode("big5hkscs")
        except UnicodeDecodeError:
            pair = None
        if pair is not None and len(pair) != 1:
            pair = None
        out.append(LOST if pair is None else pair)
        index += 2 if pair is not None or second >= 0x80 else 1
    return "".join(out)


@pytest.mark.parametrize(("original", "repaired"), [
    # 梦 (E6 A2 A6): a browser reads A2 A6 as ╪, which Big5-HKSCS writes F9 EA (no UTF-8).
    ("美梦成真，好梦连连", "美梦\ufffd梦\ufffd"),
    ("做梦都想去北京旅游", "\ufffd梦\ufffd京\ufffd"),
    ("一场梦，一生情", "\ufffd梦，\ufffd"),
])
def test_a_browsers_big5_box_drawing_is_read_from_utf8_continuation_bytes(
        original: str, repaired: str) -> None:
    garbled = read_as_browser_big5(original)
    assert "\u256a" in garbled
    assert textfix.fix(garbled) == repaired


@pytest.mark.parametrize(("original", "repaired"), [
    # One rare character survives among the markers: the title is read, all of it lost.
    ("-h 文件", "-h \ufffd"),
    ("從 CPAN 下載", "\ufffd CPAN \ufffd"),
    ("用 Python 寫", "\ufffd Python \ufffd"),
    # One beside one marker: 宏 (E5 AE 8F) is 摰 and a U+FFFD for 8F, 從 (E5 BE 9E) 敺 and one.
    ("宏_DEBUG", "\ufffd_DEBUG"),
    ("從 GitHub", "\ufffd GitHub"),
    # 用 (E7 94 A8) before P: cp950 reads A8 50 as 沌, and the P comes back with its word.
    ("用Python", "\ufffdPython"),
])
def test_a_title_of_utf8_read_as_big5_keeps_no_garble(original: str, repaired: str) -> None:
    assert textfix.fix(original.encode("utf-8").decode("cp950", "replace")) == repaired


@pytest.mark.parametrize(("original", "repaired"), [
    ("從 GitHub", "\ufffd GitHub"),
    ("用Git", "\ufffdGit"),  # a browser reads E7 94 as one U+FFFD, A8 47 as 沁
])
def test_a_title_a_browser_read_as_big5_keeps_no_garble(original: str, repaired: str) -> None:
    assert textfix.fix(read_as_browser_big5(original)) == repaired


def read_as_cp1252_nbsps_spaces(text: str) -> str:
    """UTF-8 read as a browser reads cp1252 (81 8D 8F 90 9D as C1 controls), then its NBSPs
    made spaces."""
    table = {byte: bytes([byte]).decode("cp1252", "ignore") or chr(byte)
             for byte in range(0x80, 0x100)}
    return text.encode("utf-8").decode("latin-1").translate(table).replace("\xa0", " ")


@pytest.mark.parametrize(("original", "repaired", "guessed"), [
    # 持 (E6 8C 81) lost 81 before a space: "æŒ " is also 挠 (E6 8C A0) with its NBSP made a
    # space. Nothing else in the line tells which: before a Latin word a real space is as
    # common as not, and 挠 is the rarer reading by far.
    ("这款手机支持 5G 网络", "这款手机支\ufffd5G 网络", "这款手机支持 5G 网络"),
    ("详见 README 文件", "详\ufffdREADME 文件", "详见 README 文件"),
    # 宏 (E5 AE 8F) before a space and a Han character: 宠 (E5 AE A0) reads no likelier than a
    # dropped byte does, less a space between two Han characters.
    # Guessing, 宝 (E5 AE 9D) is the likeliest of them.
    ("本店宏 大", "本店\ufffd大", "本店宝 大"),
])
def test_a_space_after_a_cut_short_character_is_marked_where_nothing_tells(
        original: str, repaired: str, guessed: str) -> None:
    garbled = read_as_cp1252_dropped(original)
    assert textfix.fix(garbled) == repaired
    assert textfix.fix(garbled, lossy="guess") == guessed


@pytest.mark.parametrize("original", [
    "因为下雨，比赛推迟",  # 因 (E5 9B A0), 因为 a word: clearly the NBSP
    "你可以删除这个文件",  # 可 (E5 8F AF) keeps 8F as a C1 control: nothing was dropped
    "键盘映射 文件",
])
def test_an_nbsp_made_a_space_reads_back_where_it_is_clearly_the_likelier(original: str) -> None:
    assert textfix.fix(read_as_cp1252_nbsps_spaces(original)) == original


def test_a_browsers_big5_marker_may_stand_for_two_bytes() -> None:
    # 可 (E5 8F AF) then 訪 (E8 A8 AA): a browser writes one U+FFFD for E5 8F and reads AF E8 as
    # 航. Read as Python's cp950 would have written it, the U+FFFD is the one byte before AF at
    # which cp950 fails, C8, and C8 AF is ȯ: one filling of one assumption, not of the bytes.
    garbled = read_as_browser_big5("網址 超出 可訪問 的 範圍.")
    assert "\ufffd航赤" in garbled
    assert textfix.fix(garbled) == "網\ufffd \ufffd \ufffd訪\ufffd \ufffd \ufffd."


def test_a_line_a_repair_left_is_not_read_again_into_ascii() -> None:
    # On a page a browser read as Big5, a line that keeps no character is read into markers;
    # a line a repair left (人 is A4 48: read back from UTF-8 it leaves an H) is not.
    garbled = read_as_browser_big5("請求 超出 可訪問 的 地址.")
    left = "\ufffd人\ufffd雨\ufffd秋\ufffd"
    alone = lossy_replace.repair_lines([(0, garbled)])
    assert alone[0][:2] == ("請\ufffd \ufffd \ufffd訪\ufffd \ufffd \ufffd.",
                            lossy_replace.UTF8_AS_WEB_BIG5.name)
    assert lossy_replace.repair_lines([(0, garbled), (len(garbled) + 1, left)]) == alone
