"""Where bytes were lost: by default a character comes back only where one filling fits, and any
other stays U+FFFD; ``lossy="guess"`` fills in the likeliest, and each guess is a step that names
its alternatives (issue 14, part 3).

The garbled texts are made here from their originals by the decoders that lose bytes: Python's
GBK, cp1252 and Big5-as-GBK with ``errors="replace"``, cp1252 dropping its undefined bytes,
Windows' cp936 (``read_as_cp936``) and a browser's (WHATWG) gbk decoder
(``read_as_browser_gbk``)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from test_lossy_gbk import read_as_browser_gbk, read_as_cp936

import textfix
from textfix.cli.command import main
from textfix.explain import Step, replay


def replaced(text: str) -> str:
    return text.encode("utf-8").decode("gbk", "replace")


def cp1252_replaced(text: str) -> str:
    """UTF-8 read as cp1252 with errors="replace": its five undefined bytes become U+FFFD."""
    return text.encode("utf-8").decode("cp1252", "replace")


def big5_read_as_gbk(text: str) -> str:
    return text.encode("cp950").decode("gbk", "replace")


def dropped(text: str) -> str:
    """UTF-8 read as cp1252 by a decoder that drops its five undefined bytes (81 8D 8F 90 9D):
    no marker is left, so the honest repair writes one."""
    return text.encode("utf-8").decode("cp1252", "ignore")


# (original, how it was read, the default repair, the repair with lossy="guess"): a product
# title with a price, a forum post with symbols and an emoji, a news lead, a shop's notice
# read as cp1252 (品 and 丁 lost their last byte, 81).
CASES = [
    ("这台笔记本一直用得很好，价格6999元 还送一个鼠标。", read_as_browser_gbk,
     "这台笔记本一直用得很好，价格6999\ufffd 还送一个鼠标\ufffd",
     "这台笔记本一直用得很好，价格6999全 还送一个鼠标。"),
    ("楼主老是这样说 ✔ ✘ ★ ☆ 真的服了😭", read_as_browser_gbk,
     "楼主老是这样\ufffd \ufffd \ufffd \ufffd \ufffd 真的服了😭",
     "楼主老是这样说 ✀ ✀ ☀ ☀ 真的服了😭"),
    ("【限时特惠】小米手机 12GB+256GB 仅售2999元 ★★★★★", read_as_browser_gbk,
     "【限时特惠】小米手\ufffd 12GB+256GB 仅售2999\ufffd ★★★★\ufffd",
     "【限时特惠】小米手机 12GB+256GB 仅售2999全 ★★★★☀"),
    ("新华社北京3月5日电 国务院总理今天在人民大会堂作政府工作报告。", replaced,
     "新华社北\ufffd3\ufffd5日电 国务院\ufffd理今天在人民大会堂作政府工作报告\ufffd",
     "新华社北京3有5日电 国务院总理今天在人民大会堂作政府工作报告\ufffd"),
    ("新品上市：丁香花茶礼盒装，售价88元，全国包邮。", dropped,
     "新\ufffd上市：\ufffd香花茶礼盒装，售价88元，全国包邮。",
     "新品上市：丁香花茶礼盒装，售价88元，全国包邮。"),
    # 名 (E5 90 8D) lost both its last bytes; 联 and 话 one each.
    ("请在下方填写您的姓名和联系电话。", dropped,
     "请在下方填写您的姓\ufffd和\ufffd系电\ufffd。",
     "请在下方填写您的姓名和联系电话。"),
    # Read by Windows' cp936, which drops a byte that leads no pair: 家 (E5 AE B6) lost AE,
    # 。 its last byte at the end.
    ("国家统计局今天发布数据，十月份全国居民消费价格同比上涨百分之二点一。", read_as_cp936,
     "国\ufffd统计局今天发布数据，十月份全国居民消费价格同比上涨百分之二点一\ufffd",
     "国家统计局今天发布数据，十月份全国居民消费价格同比上涨百分之二点一。"),
    # A forum post read as cp1252 with errors="replace", and Big5 read as GBK so.
    ("這家餐廳的牛肉麵真的很好吃，下次還要再來。", cp1252_replaced,
     "這家\ufffd廳的牛肉麵真的很好\ufffd，下次還\ufffd\ufffd來。",
     "這家餐廳的牛肉麵真的很好吃，下次還要再來。"),
    ("這款筆電的螢幕很漂亮，但是電池只能撐四個小時，有點可惜。", big5_read_as_gbk,
     "這款筆電\ufffd螢幕很漂亮\ufffd\ufffd是電\ufffd只\ufffd撐四\ufffd小\ufffd，有點\ufffd惜\ufffd",
     # 但 (A6 FD) lost both bytes before 是: guessed among the pairs GBK fails at both.
     "這款筆電的螢幕很漂亮，但是電池只能撐四個小時，有點可惜。"),
]


@pytest.mark.parametrize(("original", "read", "marked", "guessed"), CASES)
def test_lost_characters_stay_marked_by_default(original: str, read: Callable[[str], str],
                                                marked: str, guessed: str) -> None:
    garbled = read(original)
    assert textfix.fix(garbled) == marked
    assert textfix.fix(garbled, lossy="mark") == marked
    # Every character that is not a marker is the original's, in order.
    kept = iter(original)
    assert all(char in kept for char in marked.replace("\ufffd", ""))


@pytest.mark.parametrize(("original", "read", "marked", "guessed"), CASES)
def test_guesses_are_steps_with_alternatives(original: str, read: Callable[[str], str],
                                             marked: str, guessed: str) -> None:
    garbled = read(original)
    result = textfix.fix_and_explain(garbled, lossy="guess")
    assert result.text == guessed
    assert textfix.fix(garbled, lossy="guess") == guessed
    assert replay(garbled, result.steps) == guessed
    guesses = [step for step in result.steps if step.action == "guess"]
    assert guesses
    for step in guesses:
        assert step.layer == "mojibake" and step.before == step.after and step.evidence
        assert step.after not in step.evidence
        assert "guessed where bytes were lost" in step.detail


@pytest.mark.parametrize(("original", "marked", "guessed"), [
    # Windows' "?" took the last byte of 。 (82) and the space after it (20): what follows is a
    # whole character, so the second byte was ASCII, and the space comes back with 。.
    ("文件的绝对路径。 例如：", "文件的绝对路径? 例??", "文件的绝对路径。 例如，"),
    # 键, 在 and 的 before a space, each a "?" before a Chinese character: spaced as written.
    ("修饰键 在 指定的 位置", "???指定?位置", "修饰错 在 指定的 位置"),
    # 一 (E4 B8 80) before 個 (E5 80 8B): 80 went with E5, then 80 8B; the "?" after the first
    # is no ASCII byte, and no space is added before it.
    ("一個索引名稱。", "??索引名稱?", "一?索引名稱。"),
])
def test_a_windows_question_mark_before_chinese_took_an_ascii_byte(original: str, marked: str,
                                                                   guessed: str) -> None:
    garbled = read_as_windows_gbk(original)
    assert textfix.fix(garbled) == marked
    assert textfix.fix(garbled, lossy="guess") == guessed


def test_a_rare_mark_of_big5s_first_rows_is_guessed_after_a_character() -> None:
    # 了 (A4 46) and ； (A1 46) both lost their lead to GBK: the model costs every CJK mark
    # alike, but only ，。、 are common, and 了 comes back; ， (A1 41) and 以 (A5 48) too.
    original = "這些資訊描述了數字，以及諸如此類的格式"
    garbled = big5_read_as_gbk(original)
    assert textfix.fix(garbled) == (
        "這些資訊描述\ufffd數\ufffd\ufffd\ufffd及諸\ufffd\ufffd\ufffd\ufffd格\ufffd")
    assert textfix.fix(garbled, lossy="guess") == original


def test_the_guessed_price_names_the_true_character() -> None:
    garbled = read_as_browser_gbk("价格6999元 还送一个鼠标")
    result = textfix.fix_and_explain(garbled, lossy="guess")
    assert result.text == "价格6999全 还送一个鼠标"  # 标 lost its last byte at the end
    assert [step.after for step in result.steps if step.action == "guess"] == ["全", "标"]
    step = next(step for step in result.steps if step.action == "guess")
    assert (step.after, step.chain) == ("全", "utf-8 read as gbk")
    assert result.text[step.start:step.end] == "全"  # the step indexes the repaired text
    assert "元" in step.evidence
    assert Step.from_dict(step.to_dict()) == step
    default = textfix.fix_and_explain(garbled)
    assert default.text == "价格6999\ufffd 还送一个鼠\ufffd"
    assert not [step for step in default.steps if step.action == "guess"]


def test_the_one_filling_that_fits_is_restored_and_says_so() -> None:
    # UTF-8 read as cp1252, its NBSP (C2 A0) then turned into a space: after C2 only A0 fits
    # (a dropped byte after C2 would make a C1 control).
    original = "Café\u00a0au lait 咖啡"
    garbled = original.encode("utf-8").decode("cp1252").replace("\u00a0", " ")
    for mode in ("mark", "guess"):
        result = textfix.fix_and_explain(garbled, lossy=mode)
        assert result.text == original
        (step,) = [step for step in result.steps if step.action == "restore"]
        assert (step.after, step.evidence) == ("\u00a0", ())
        assert "the only character that fits" in step.detail


def test_an_nbsp_inside_a_character_is_restored() -> None:
    # 格 (E6 A0 BC) read as cp1252 is "æ\xa0¼", its NBSP then turned into a space.
    garbled = "显示表格的表头".encode().decode("cp1252").replace("\u00a0", " ")
    assert garbled == "æ˜¾ç¤ºè¡¨æ ¼çš„è¡¨å¤´"
    for mode in ("mark", "guess"):
        result = textfix.fix_and_explain(garbled, lossy=mode)
        assert result.text == "显示表格的表头"
        (step,) = [step for step in result.steps if step.action == "restore"]
        assert step.after == "格"


@pytest.mark.parametrize("clean", [
    "价格6999元，还送一个鼠标。",
    "楼主说的对 ✔ ★☆ 😭 支持！",
    "这个字显示成了�，是编码问题吗?",
    "新华社北京3月5日电 (记者 王明) ?? 待确认",
])
def test_clean_text_is_unchanged_in_both_modes(clean: str) -> None:
    for mode in ("mark", "guess"):
        result = textfix.fix_and_explain(clean, lossy=mode)
        assert result.text == clean
        assert not [step for step in result.steps if step.action in ("guess", "restore")]


def test_an_unknown_mode_is_an_error() -> None:
    with pytest.raises(ValueError, match="lossy"):
        textfix.fix("你好", lossy="fill")


def test_the_command_line_option() -> None:
    garbled = read_as_browser_gbk("价格6999元 还送一个鼠标").encode("utf-8")
    for argv, expected in ((["--lossy", "guess"], "价格6999全 还送一个鼠标"),
                           ([], "价格6999\ufffd 还送一个鼠\ufffd")):
        out = io.BytesIO()
        assert main(argv, stdin=io.BytesIO(garbled), stdout=out) == 0
        assert out.getvalue().decode("utf-8") == expected


def test_explain_shows_each_guess(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.txt"
    page.write_text(read_as_browser_gbk("售价6999元 全国包邮，还送一个鼠标"), encoding="utf-8")
    out = io.BytesIO()
    assert main(["--explain", "--lossy", "guess", str(page)], stdout=out) == 0
    assert out.getvalue().decode("utf-8") == "售价6999全 全国包邮，还送一个鼠标"
    lines = capsys.readouterr().err.splitlines()
    guesses = [line for line in lines if "mojibake guess:" in line]
    assert len(guesses) == 2
    assert "'全'" in guesses[0] and "元" in guesses[0] and "output 1:7" in guesses[0]
    assert main(["--explain", str(page)], stdout=io.BytesIO()) == 0
    assert "mojibake guess:" not in capsys.readouterr().err


def read_as_windows_gbk(text: str) -> str:
    """UTF-8 read by Windows' GBK decoder: an unreadable pair becomes "?", both its bytes
    gone."""
    data, out, index = text.encode("utf-8"), [], 0
    while index < len(data):
        try:
            out.append(data[index:index + 2].decode("gbk") if data[index] >= 0x80
                       else chr(data[index]))
            index += 2 if data[index] >= 0x80 else 1
        except UnicodeDecodeError:
            out.append("?")
            index += 2
    return "".join(out)


@pytest.mark.parametrize(("original", "marked", "guessed"), [
    # 行 (E8 A1 8C) after 运 (E8 BF 90): 愯 took 90 and 行's E8, and A1 8C, which GBK leaves
    # unassigned, became "?": the two continuation bytes of one character, guessed in context.
    ("运行程序之前请先备份数据", "运?程序之前请先备份数据", "运行程序之前请先备份数据"),
    # 园 (E5 9B AD) and 玩 (E7 8E A9): "?" for AD E7 between them, in a user-defined area
    # GBK leaves unassigned; 国 (E5 9B BD) would have left BD E7, which GBK reads: no "?".
    ("我们今天去公园玩", "我们今天去公?", "我们今天去公园玩"),
])
def test_windows_question_marks_are_guessed_from_the_pairs_gbk_leaves_unassigned(
        original: str, marked: str, guessed: str) -> None:
    garbled = read_as_windows_gbk(original)
    assert textfix.fix(garbled) == marked
    assert textfix.fix(garbled, lossy="guess") == guessed
