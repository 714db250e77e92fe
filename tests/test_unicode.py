"""Unicode layer: radicals, compatibility ideographs, invisibles, controls, NFC; opt-in folds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textfix
from textfix.layers import unicode as unicode_layer
from textfix.layers.unicode import fix_characters

REPAIRS = [
    # Kangxi radicals that PDF extraction emits: ⼈ U+2F08, ⽇ U+2F47, ⽬ U+2F6C.
    ("pdf-kangxi", "\u2f08民\u2f47报评论员文章", "人民日报评论员文章"),
    ("kangxi-in-title", "项\u2f6c管理与\u2f08力资源", "项目管理与人力资源"),
    # CJK radicals supplement with a unified form: ⺟ U+2E9F -> 母.
    ("radical-supplement", "\u2e9f婴用品专区", "母婴用品专区"),
    # Compatibility ideographs: 豈 U+F900 -> 豈 U+8C48, 例 U+F9B5 -> 例 U+4F8B,
    # 丽 U+2F800 -> 丽 U+4E3D.
    ("compat-ideograph", "\uf900有此理", "\u8c48有此理"),
    ("compat-ideograph-2", "举\uf9b5说明", "举\u4f8b说明"),
    ("compat-supplement", "美\U0002f800的风景", "美\u4e3d的风景"),
    ("zero-width-space", "小米\u200b手环8 NFC版", "小米手环8 NFC版"),
    ("word-joiner", "北京\u2060时间", "北京时间"),
    ("soft-hyphen", "信息\u00ad安全", "信息安全"),
    ("bom-inside", "第一段\ufeff第二段", "第一段第二段"),
    ("zwj-between-han", "中\u200d文", "中文"),
    ("zwnj-between-han", "简\u200c体", "简体"),
    ("nul-and-bell", "订单\x00号\x07码：20240101", "订单号码：20240101"),
    ("escape-and-delete", "状态\x1b\x7f正常", "状态正常"),
    ("vertical-tab", "标题\x0b正文", "标题正文"),
    ("nfc-latin", "咖啡馆(cafe\u0301)", "咖啡馆(café)"),
    ("nfc-pinyin", "拼音 lu\u0308 和 nu\u0308", "拼音 lü 和 nü"),
]

CLEAN = [
    "程序员👩\u200d💻加班到深夜",  # a zero width joiner inside an emoji sequence
    "می\u200cخواهم",  # a zero width non-joiner inside Persian text
    "我爱你❤\ufe0f",  # variation selector
    "\u3000\u3000第一章　初入江湖",  # ideographic spaces as paragraph indent
    "价格：\u00a0199元",  # no-break space
    "ＡＢＣ１２３，。：（）“”",  # fullwidth letters, digits and punctuation
    "姓名\t年龄\t城市\n张三\t25\t北京\r\n",  # tab, line feed, carriage return
    "第一页\f第二页",  # form feed
    "Café crème brûlée",
    "⺠",  # a radicals-supplement form with no unified ideograph of its own
]


@pytest.mark.parametrize(("text", "expected"), [(t, e) for _, t, e in REPAIRS],
                         ids=[name for name, _, _ in REPAIRS])
def test_repairs(text: str, expected: str) -> None:
    assert textfix.fix(text) == expected
    assert fix_characters(text) == expected


@pytest.mark.parametrize("text", CLEAN)
def test_clean_text_unchanged(text: str) -> None:
    assert textfix.fix(text) == text
    assert fix_characters(text) == text
    assert not textfix.fix_and_explain(text).changed


def test_unicode_layer_off() -> None:
    text = "\u2f08民\u2f47报\u200b"
    assert textfix.fix(text, unicode=False) == text


def test_fold_width() -> None:
    text = "ｉＰｈｏｎｅ１５，售价５９９９元。"
    assert textfix.fix(text) == text
    assert textfix.fix(text, fold_width=True) == "iPhone15，售价5999元。"


def test_fold_width_never_folds_punctuation() -> None:
    text = "（注：见附录Ａ，第３页！）"
    assert textfix.fix(text, fold_width=True) == "（注：见附录A，第3页！）"


def test_fold_spaces() -> None:
    text = "\u3000\u3000第一章\u00a0开始\u2003了"
    assert textfix.fix(text) == text
    assert textfix.fix(text, fold_spaces=True) == "  第一章 开始 了"


@pytest.mark.parametrize("space", ["\u2002", "\u2003", "\u2009", "\u202f", "\u205f", "\u00a0"])
def test_fold_spaces_turns_every_space_into_a_space(space: str) -> None:
    text = f"总计1{space}000元"
    assert textfix.fix(text) == text
    assert textfix.fix(text, fold_spaces=True) == "总计1 000元"


def test_fold_width_and_spaces_together() -> None:
    text = "型号：\u3000ＭＩ－８"
    assert textfix.fix(text, fold_width=True, fold_spaces=True) == "型号： MI－8"


def test_explain_steps() -> None:
    text = "小米\u200b手环\u2f08"
    result = textfix.fix_and_explain(text)
    assert result.text == "小米手环人"
    assert [(s.layer, s.before, s.after) for s in result.steps] == [
        ("unicode", "\u200b", ""), ("unicode", "\u2f08", "人")]
    assert textfix.replay(text, result.steps) == result.text


def test_nfc_step_replays() -> None:
    text = "第一行\ncafe\u0301 和 lu\u0308\n第三行"
    result = textfix.fix_and_explain(text)
    assert result.text == "第一行\ncafé 和 lü\n第三行"
    assert textfix.replay(text, result.steps) == result.text


def test_joiner_at_text_edges_is_removed() -> None:
    assert textfix.fix("\u200d你好\u200c") == "你好"


# Without explanations the layer translates runs in one re.sub; with them, it lists every edit:
# the same text, with and without the folds, joiners (which fall back to the edit list) included.
_PIECES = ["\u2f08", "\u2e9f", "\uf900", "\U0002f800", "\u200b", "\u00ad", "\ufeff", "\x00", "\x85",
           "\x9f", "\x7f", "\u200d", "\u200c", "Ａ", "１", "\u3000", "\u00a0", "\u2003", "e",
           "\u0301", "字", "a", "👩", "\n", " "]


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=20).map("".join), st.booleans(), st.booleans())
def test_repair_with_and_without_explanations_agree(text: str, width: bool, spaces: bool) -> None:
    quick, _ = unicode_layer.run(text, width, spaces, explain=False)
    explained, steps = unicode_layer.run(text, width, spaces, explain=True)
    assert quick == explained
    assert (quick != text) == bool(steps)
