"""Script layer: detection (simplified / traditional / mixed / ambiguous / none) and conversion.

Detection and conversion cases live in tests/cases/script.json.
"""

from __future__ import annotations

import pickle
from typing import Any

import opencc
import pytest

import textfix
from textfix import ScriptSpan


@pytest.mark.cases("script.json", kind="detected")
def test_detect_script(case: dict[str, Any]) -> None:
    report = textfix.detect_script(case["input"])
    detected = case["detected"]
    assert report.script == detected["script"]
    for count in ("simplified", "traditional", "han"):
        if count in detected:
            assert getattr(report, count) == detected[count]


@pytest.mark.cases("script.json", kind="repaired")
def test_convert(case: dict[str, Any]) -> None:
    assert textfix.convert(case["input"], case["options"]["to"]) == case["expected"]


@pytest.mark.cases("script.json", kind="repaired")
def test_fix_with_target_converts(case: dict[str, Any]) -> None:
    assert textfix.fix(case["input"], **case["options"]) == case["expected"]


@pytest.mark.parametrize(
    "text", ["于", "余", "干", "后", "里", "范", "岳", "占", "采", "系", "只", "台", "面", "群",
             "著", "才"]
)
def test_characters_of_both_scripts_are_ambiguous(text: str) -> None:
    report = textfix.detect_script(text)
    assert (report.script, report.simplified, report.traditional, report.han) == (
        "ambiguous", 0, 0, 1)


@pytest.mark.parametrize("char", ["于", "余", "干", "后", "里", "范", "岳", "占", "采", "系",
                                  "只", "台", "面", "群", "著", "才"])
def test_characters_of_both_scripts_never_make_text_mixed(char: str) -> None:
    assert textfix.detect_script(f"這是{char}的說明").script == "traditional"
    assert textfix.detect_script(f"这是{char}的说明").script == "simplified"


@pytest.mark.parametrize("char", ["為", "裡", "爲", "裏"])
def test_variant_traditional_forms_read_as_traditional(char: str) -> None:
    report = textfix.detect_script(char)
    assert (report.script, report.simplified, report.traditional) == ("traditional", 0, 1)


def test_spans_and_dominant() -> None:
    report = textfix.detect_script("衡陽市侨联")
    assert report.spans == (ScriptSpan(1, 2, "traditional"), ScriptSpan(3, 5, "simplified"))
    assert report.dominant == "simplified"
    assert textfix.detect_script("這裡的群眾").dominant == "traditional"
    assert textfix.detect_script("于是他在台里吃面").dominant is None
    assert textfix.detect_script("国國").dominant is None


def test_counts_ignore_non_han() -> None:
    report = textfix.detect_script("iPhone 15 Pro 国行，¥5999")
    assert (report.script, report.simplified, report.traditional, report.han) == (
        "simplified", 1, 0, 2)


def test_report_is_picklable() -> None:
    report = textfix.detect_script("衡陽市侨联")
    assert pickle.loads(pickle.dumps(report)) == report


def test_no_conversion_without_target() -> None:
    for text in ["为人民服务", "為人民服務", "衡陽市侨联"]:
        assert textfix.fix(text) == text


def test_script_layer_off_keeps_script() -> None:
    assert textfix.fix("為人民服務", to="simplified", script=False) == "為人民服務"


def test_convert_rejects_unknown_target() -> None:
    with pytest.raises(ValueError, match="martian"):
        textfix.convert("为人民服务", "martian")


def test_convert_keeps_lone_surrogates() -> None:
    assert textfix.convert("中\ud800國", "simplified") == "中\ud800国"
    assert textfix.fix("中\ud800國", to="simplified") == "中\ud800国"


def test_convert_keeps_line_structure() -> None:
    text = "第一行：軟體\n\n第三行：網路\r\n"
    assert textfix.convert(text, "simplified") == "第一行：软体\n\n第三行：网路\r\n"


# Taiwan text where only some lines hold a regional form (著 in 隨著, 衹): those lines take tw2s,
# the rest t2s, and the whole reads as tw2s would read it.
TAIWAN_PAGE = (
    "隨著物價上漲，台北市民的生活壓力越來越大。\n"
    "市政府表示，明年將調整公車票價。\n"
    "\n"
    "網友留言：「衹希望薪水也能跟著漲。」\n"
    "記者：王小明／台北報導"
)


def test_simplified_reads_taiwan_forms_line_by_line() -> None:
    expected = ("随着物价上涨，台北市民的生活压力越来越大。\n"
                "市政府表示，明年将调整公车票价。\n"
                "\n"
                "网友留言：「衹希望薪水也能跟着涨。」\n"
                "记者：王小明／台北报导")
    assert textfix.convert(TAIWAN_PAGE, "simplified") == expected
    tw2s = opencc.OpenCC("tw2s", include_tofu_risk_dictionaries=False)
    assert tw2s.convert(TAIWAN_PAGE) == expected
    # The same regional form at the start and at the end of the text, and twice in a line.
    for text in ("著作權法\n軟體", "軟體\n跟著走", "隨著隨著\n\n", "著"):
        assert textfix.convert(text, "simplified") == tw2s.convert(text)


def test_simplified_leaves_text_without_traditional_unchanged() -> None:
    text = "随着物价上涨，市民的生活压力越来越大。\nPrices rose 3% in Taipei."
    assert textfix.fix(text, to="simplified") == text


def test_conversion_steps_replay() -> None:
    text = "後來他去理髮了\n我的鼠标坏了"
    result = textfix.fix_and_explain(text, to="tw")
    assert result.text == "後來他去理髮了\n我的鼠標壞了"  # s2tw: characters only, no phrases
    assert textfix.replay(text, result.steps) == result.text
    assert all(step.layer == "script" for step in result.steps)


def test_conversion_steps_replay_phrase_of_other_length() -> None:
    text = "请插入U盘\n然后打开软件"
    result = textfix.fix_and_explain(text, to="twp")
    assert result.text == "請插入隨身碟\n然後開啟軟體"
    assert textfix.replay(text, result.steps) == result.text


@pytest.mark.parametrize("text", [
    "台北市政府今天宣布明年起調整公車票價",        # Taiwan news: 台 and 布 are no simplified
    "香港天文台發出黃色暴雨警告，市民留在裏面",  # Hong Kong: 台 and 裏 keep their standard
    "這裡的夜市小吃很有名，週末人潮擁擠",
    "乾隆皇帝下江南的故事流傳很廣",
    "于是他在台里吃面",                          # valid in both scripts
    "今天天气很好，我们去公园散步",              # simplified with no traditional character
])
def test_auto_keeps_text_in_its_own_script(text: str) -> None:
    # Issue 15: auto ran s2tw over traditional text (台北 -> 臺北, 宣布 -> 宣佈).
    assert textfix.fix(text, to="auto") == text
    assert textfix.convert(text, "auto") == text
    assert textfix.fix_and_explain(text, to="auto").steps == ()


def test_auto_converts_only_the_other_scripts_characters() -> None:
    # A Taiwan page with a simplified phrase pasted in: only that phrase moves, 台 stays.
    text = "台北市政府宣布，这个软件將於下週在網路上線"
    assert textfix.fix(text, to="auto") == "台北市政府宣布，這個軟件將於下週在網路上線"
    result = textfix.fix_and_explain(text, to="auto")
    assert textfix.replay(text, result.steps) == result.text
    # Mostly simplified text converts whole, as before.
    assert textfix.fix("衡陽市侨联", to="auto") == "衡阳市侨联"


JAPANESE = ("関東地方では明日にかけて大雨が続く見込みです。"
            "気象庁は土砂災害に警戒するよう呼びかけています。")


@pytest.mark.parametrize("text", [
    JAPANESE,
    "東京都の小池知事は記者会見で、来年度の予算案について説明した。",
    "新しいスマートフォンが発売されました",
])
def test_japanese_is_reported_as_japanese(text: str) -> None:
    # Issue 15: kanji with kana were reported as traditional Chinese.
    assert textfix.detect_script(text).script == "japanese"


@pytest.mark.parametrize("text", [
    "這家ラーメン店的味道很好，週末要排隊",  # a katakana brand in Chinese
    "小林の手工餅乾",                       # の for 的
    "我在誠品買了一本村上春樹的《ノルウェイの森》",
])
def test_chinese_with_some_kana_stays_chinese(text: str) -> None:
    assert textfix.detect_script(text).script == "traditional"


@pytest.mark.parametrize("to", ["simplified", "traditional", "tw", "twp", "hk", "auto"])
def test_japanese_is_never_converted(to: str) -> None:
    assert textfix.fix(JAPANESE, to=to) == JAPANESE
    assert textfix.convert(JAPANESE, to) == JAPANESE
    # In a page of both, the Chinese lines are converted and the Japanese one is left alone.
    page = f"關東地區今天下大雨\n{JAPANESE}\n這裡的群眾很多"
    assert textfix.fix(page, to="simplified") == f"关东地区今天下大雨\n{JAPANESE}\n这里的群众很多"
