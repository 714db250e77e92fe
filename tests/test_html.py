"""HTML layer: leftover entities and numeric references in extracted text; markup is left alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textfix
from textfix.layers import html as html_layer
from textfix.layers.html import unescape_entities

REPAIRS = [
    ("numeric", "&#20013;&#25991;&#32593;&#31449;", "中文网站"),
    ("hex", "&#x4E2D;&#x6587;&amp;English", "中文&English"),
    ("nbsp", "售价&nbsp;199元", "售价\u00a0199元"),
    ("amp", "鱼&amp;熊掌不可兼得", "鱼&熊掌不可兼得"),
    ("quotes", "他说：&ldquo;明天见&rdquo;", "他说：“明天见”"),
    ("lt-gt", "如果 a &lt; b 且 b &gt; c", "如果 a < b 且 b > c"),
    ("url-in-text", "详情见 https://example.com/?id=1&amp;page=2", "详情见 https://example.com/?id=1&page=2"),
    ("double-escaped", "版权所有 &amp;copy; 2024 某某科技", "版权所有 © 2024 某某科技"),
    ("double-escaped-markup", "&amp;lt;p&amp;gt;正文&amp;lt;/p&amp;gt;", "<p>正文</p>"),
    ("mdash", "2024&mdash;2025年度报告", "2024—2025年度报告"),
    ("traditional", "&#x81FA;&#x7063;&#x7684;&#x591C;&#x5E02;", "臺灣的夜市"),
]

CLEAN = [
    "AT&T 和 T-Mobile 的资费对比",
    "查询参数 ?a=1&copy=2&lang=zh",
    "R&D 部门今年扩招",
    "Tom & Jerry 动画片",
    "<p>鱼&amp;熊掌不可兼得</p>",  # markup: its entities belong to it
    '<a href="/?a=1&amp;b=2">下一页</a>',
    "&copy 2024 没有分号",
    "&unknownentity; 不认识的实体",
    "&#0; 空字符引用",
    "&#xD800; 代理项引用",
    "版权所有 © 2024",
]


@pytest.mark.parametrize(("text", "expected"), [(t, e) for _, t, e in REPAIRS],
                         ids=[name for name, _, _ in REPAIRS])
def test_repairs(text: str, expected: str) -> None:
    assert textfix.fix(text) == expected
    assert unescape_entities(text) == expected


@pytest.mark.parametrize(("text", "expected"), [(t, e) for _, t, e in REPAIRS],
                         ids=[name for name, _, _ in REPAIRS])
def test_repairs_are_idempotent(text: str, expected: str) -> None:
    assert textfix.fix(expected) == expected
    assert textfix.fix(textfix.fix(text)) == textfix.fix(text)


@pytest.mark.parametrize("text", CLEAN)
def test_clean_text_unchanged(text: str) -> None:
    assert textfix.fix(text) == text
    assert unescape_entities(text) == text


def test_html_layer_off() -> None:
    assert textfix.fix("鱼&amp;熊掌", html=False) == "鱼&amp;熊掌"


def test_mojibake_spelled_with_references() -> None:
    # "你好" as UTF-8 read as Latin-1 (ä ½ NBSP å ¥ ½), then escaped as named references.
    text = "&auml;&frac12;&nbsp;&aring;&yen;&frac12;"
    assert textfix.fix(text) == "你好"


def test_explain_steps() -> None:
    text = "售价&nbsp;199元&amp;包邮"
    result = textfix.fix_and_explain(text)
    assert result.text == "售价\u00a0199元&包邮"
    assert [(s.layer, s.before, s.after) for s in result.steps] == [
        ("html", "&nbsp;", "\u00a0"), ("html", "&amp;", "&")]
    assert textfix.replay(text, result.steps) == result.text


# Without explanations the layer is one re.sub; with them, a list of edits: the same text.
_REFERENCE_PIECES = ["&", "amp;", "&amp;", "&#20013;", "&#x4E2D;", "&nbsp;", "&lt;", "&copy",
                     "&sub;", "&#0;", "&#1;", "&#xD800;", "&#99999999;", "中", "a", ";", "#",
                     " ", "<", "\n"]


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(_REFERENCE_PIECES), max_size=20).map("".join))
def test_unescaping_with_and_without_explanations_agree(text: str) -> None:
    quick, _ = html_layer.run(text, explain=False)
    explained, steps = html_layer.run(text, explain=True)
    assert quick == explained
    assert (quick != text) == bool(steps)
