"""The script layer's marks (``layers.script_marks``): what they find in real text, and the
core's one pass equal to the reference's patterns on any text and every corpus paragraph."""

from __future__ import annotations

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import core, corpus, corpus_paragraphs

import textfix
from textfix.data.script_chars import HONG_KONG_REWRITES, REGIONAL_SIMPLIFY, TAIWAN_REWRITES
from textfix.layers import script, script_marks
from textfix.layers.script_marks import Marks

TAIWAN_FORUM = ("隨著物價上漲，台北市民的生活壓力越來越大。\n"
                "樓主說得對，薪水都沒漲。\n"
                "網友：衹希望房租別再跟著漲了")
HONG_KONG_NEWS = "佢話呢度裏面好多人，衞生署説會跟進。\n市民排隊等候檢測"
JAPANESE_AND_CHINESE = "東京では雨が降っています。\n台灣的天氣很好"


def test_taiwan_forum_post() -> None:
    found = script_marks.REFERENCE(TAIWAN_FORUM)
    # 著 (隨著, 跟著) and 衹 are the regional forms, on the first and the third line; Taiwan's
    # configuration rewrites none of the text's characters, Hong Kong's one (說), OpenCC's two.
    assert found == Marks(False, (0, 1, 2), ((0, 21), (35, 49)))
    assert script.traditional_standard(TAIWAN_FORUM) == "tw"
    assert script.opencc_config(TAIWAN_FORUM, "simplified") == "tw2s"
    assert script.convert(TAIWAN_FORUM, "simplified") == (
        "随着物价上涨，台北市民的生活压力越来越大。\n"
        "楼主说得对，薪水都没涨。\n"
        "网友：衹希望房租别再跟着涨了")


def test_hong_kong_news_reads_as_hong_kong() -> None:
    found = script_marks.REFERENCE(HONG_KONG_NEWS)
    assert found == Marks(False, (1, 0, 2), ((0, 18),))
    assert script.opencc_config(HONG_KONG_NEWS, "simplified") == "hk2s"
    hk2s = opencc.OpenCC("hk2s", include_tofu_risk_dictionaries=False)
    assert script.convert(HONG_KONG_NEWS, "simplified") == hk2s.convert(HONG_KONG_NEWS) == (
        "佢话呢度里面好多人，卫生署说会跟进。\n市民排队等候检测")


def test_japanese_line_is_marked_and_kept() -> None:
    assert script_marks.REFERENCE(JAPANESE_AND_CHINESE) == Marks(True, (0, 0, 0), ())
    assert script.convert(JAPANESE_AND_CHINESE, "simplified") == (
        "東京では雨が降っています。\n台湾的天气很好")


def test_clean_simplified_text_bears_no_mark() -> None:
    text = "随着物价上涨，市民的生活压力越来越大。\nPrices rose 3% in Taipei."
    # 着 is what Taiwan's configuration would write as 著: the only mark.
    assert script_marks.REFERENCE(text) == Marks(False, (1, 0, 0), ())
    assert script.convert(text, "simplified") == text


def test_marks_of_the_text_the_repairs_made() -> None:
    # The pipeline finds the marks with its first look at the text; the HTML reference that the
    # repairs read moves the regional second line, whose marks are then found again.
    text = "樓主說得對&amp;薪水都沒漲\n隨著物價上漲"
    assert textfix.fix(text, to="simplified") == "楼主说得对&薪水都没涨\n随着物价上涨"
    assert textfix.fix(text.replace("&amp;", "&"), to="simplified") == (
        "楼主说得对&薪水都没涨\n随着物价上涨")


# Text made of the marked characters, newlines and their neighbours: kana, Han, ASCII, lone
# surrogates and astral characters.
_MARKED = REGIONAL_SIMPLIFY + TAIWAN_REWRITES + HONG_KONG_REWRITES + "ぁゖゝゞァ"
texts = st.text(st.one_of(st.sampled_from(_MARKED + "\n中文a 。"),
                          st.characters(codec=None)), max_size=60)


@core
@settings(max_examples=300, deadline=None)
@given(texts)
def test_core_marks_equal_the_reference(text: str) -> None:
    assert script_marks.marks(text) == script_marks.REFERENCE(text)


@core
@corpus
@pytest.mark.parametrize("name", ["dev", "literary"])
def test_core_marks_equal_the_reference_on_the_corpus(name: str) -> None:
    paragraphs = corpus_paragraphs(name)
    for text in paragraphs:
        assert script_marks.marks(text) == script_marks.REFERENCE(text), text
    whole = "\n".join(paragraphs)  # and as one document, with every line's offsets
    assert script_marks.marks(whole) == script_marks.REFERENCE(whole)
