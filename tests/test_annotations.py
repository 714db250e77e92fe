"""Annotation layer: romanization debris such as 僑聯(lián) goes, ordinary parentheses stay.

The cases live in tests/cases/annotations.json; the parentheses that stay, in negative.json.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textfix
from textfix import pipeline
from textfix.charclass import HAN
from textfix.layers import annotations as annotation_layer


@pytest.mark.cases("annotations.json")
def test_debris_is_removed(case: dict[str, str]) -> None:
    assert case["input"] != case["expected"]
    assert textfix.fix(case["input"]) == case["expected"]


@pytest.mark.cases("annotations.json")
def test_debris_output_is_stable(case: dict[str, str]) -> None:
    assert textfix.fix(case["expected"]) == case["expected"]
    assert textfix.fix(textfix.fix(case["input"])) == textfix.fix(case["input"])


def test_debris_kept_when_layer_is_off() -> None:
    text = "衡陽市僑聯(lián)召開工作會議"
    assert textfix.fix(text, annotations=False) == text
    assert textfix.fix(text) == "衡陽市僑聯召開工作會議"


def test_explain_names_each_removed_reading() -> None:
    text = "湖南省僑聯(lián)官網(wǎng)"
    result = textfix.fix_and_explain(text)
    assert result.text == "湖南省僑聯官網"
    removed = [(step.layer, step.before, step.after) for step in result.steps]
    assert removed == [("annotations", "(lián)", ""), ("annotations", "(wǎng)", "")]
    first, second = result.steps
    assert (first.start, first.end) == (5, 11)
    assert text[first.start:first.end] == "(lián)"
    assert text[second.start:second.end] == "(wǎng)"
    assert textfix.replay(text, result.steps) == result.text


def test_annotation_removed_before_conversion() -> None:
    assert textfix.fix("衡陽市僑聯(lián)", to="simplified") == "衡阳市侨联"
    assert textfix.fix("湖南省僑聯(lián)官網(wǎng)", to="simplified") == "湖南省侨联官网"


def test_annotation_removed_after_entity_is_read() -> None:
    # A CMS escaped the parentheses: the html layer runs first, then the debris is visible.
    assert textfix.fix("衡陽市僑聯&#40;lián&#41;") == "衡陽市僑聯"


def test_lone_simplified_reading_is_kept() -> None:
    # One tone-marked reading after a character valid in both scripts is no evidence of debris.
    assert textfix.fix("中(zhōng)國人") == "中(zhōng)國人"


@pytest.mark.parametrize(
    ("reading", "tone3", "form"),
    [
        ("lián", "lian2", "marked"),
        ("lian2", "lian2", "numbered"),
        ("men", "men", "bare"),
        ("lǜ", "lv4", "marked"),
        ("lü4", "lv4", "numbered"),
        ("ㄌㄧㄢˊ", "lian2", "zhuyin"),
    ],
)
def test_parse_reading(reading: str, tone3: str, form: str) -> None:
    parsed = annotation_layer.parse_reading(reading)
    assert parsed is not None
    assert (parsed.tone3, parsed.form) == (tone3, form)


@pytest.mark.parametrize("text", ["UPG", "function", "Beijing", "3", "市", "kāifā", "°C"])
def test_parse_reading_rejects_non_syllables(text: str) -> None:
    assert annotation_layer.parse_reading(text) is None


def test_remove_annotations_on_its_own() -> None:
    assert annotation_layer.remove_annotations("衡陽市僑聯(lián)") == "衡陽市僑聯"
    assert annotation_layer.remove_annotations("函数(function)") == "函数(function)"


def test_long_run_of_parentheses_is_linear() -> None:
    # Many candidates in a row must neither crash nor take long.
    text = "僑聯(lián)" * 2000 + "函数(function)" * 2000
    assert textfix.fix(text) == "僑聯" * 2000 + "函数(function)" * 2000


# The trigger (a closing parenthesis that looks back) must find what the plain pattern finds
# with any character but ASCII before the opening parenthesis (the layer then checks for a Han
# character). Fragments of every width around the limits (8 letters, 8 + a tone number, 5
# zhuyin) and the pieces around them.
_TRIGGER_PIECES = ["字", "聯", "a", "b", "ü", "á", "\u0301", "2", "6", "ㄌ", "ˊ", "(", ")", "（",
                   "）", " ", "，", "x" * 7, "lián", "zhuang", "abcdefgh", "ㄌㄧㄢ"]
_PLAIN_TRIGGER = re.compile(f"[^\x00-\x7f][(（](?:{annotation_layer._SYLLABLE})[)）]")
_DEBRIS_SHAPE = re.compile(f"[{HAN}][(（](?:{annotation_layer._SYLLABLE})[)）]")


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(_TRIGGER_PIECES), max_size=16).map("".join))
def test_trigger_finds_what_the_plain_pattern_finds(text: str) -> None:
    found = re.search(annotation_layer.TRIGGER, text) is not None
    assert found == (_PLAIN_TRIGGER.search(text) is not None)
    if _DEBRIS_SHAPE.search(text):
        assert found


@pytest.mark.parametrize(("text", "found"), [
    ("字(abcdefgh)", True), ("字(abcdefgh5)", True), ("字(abcdefghi)", False),
    ("字(ㄌㄧㄢˊ˙)", True), ("字(ㄌㄧㄢˊ˙ㄌ)", False), ("(lián)", False), ("字（lián）", True),
    ("字(lián", False), ("字(" * 50, False), ("pad(lián)", False), ("，(ok)", True),
])
def test_trigger_at_the_limits(text: str, found: bool) -> None:
    assert (re.search(annotation_layer.TRIGGER, text) is not None) is found


def test_openings_without_a_close_take_the_fast_path() -> None:
    # Openings never closed give the pipeline's scan nothing to stop at (issue 5: the scan
    # used to stop and try every trigger at each of them).
    assert pipeline._layers_to_run("字(" * 5000 + "字(lián", pipeline.DEFAULT_PLAN) == set()
    assert pipeline._layers_to_run("僑聯(lián)", pipeline.DEFAULT_PLAN) == {"annotations"}


# The layer removes debris with one re.sub when no explanation is asked for, and from the list
# of annotations when one is: both must give the same text.
_DEBRIS_PIECES = ["僑聯", "官網", "中", "孤鹜", "函数", "联", "們", "(lián)", "(wǎng)", "(zhōng)",
                  "(wù)", "(function)", "(lian2)", "(men)", "(ㄌㄧㄢˊ)", "（lián）", "(", ")", "a",
                  " ", "\n"]


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(_DEBRIS_PIECES), max_size=20).map("".join))
def test_removal_with_and_without_explanations_agree(text: str) -> None:
    quick, _ = annotation_layer.run(text, explain=False)
    explained, steps = annotation_layer.run(text, explain=True)
    assert quick == explained
    assert (quick != text) == bool(steps)


def test_a_reading_on_one_line_says_nothing_about_the_next() -> None:
    # Issue 15: a file is many unrelated paragraphs; debris on one line used to take the
    # teaching readings of every other line with it.
    lesson = "他(tā)是我的朋友。\n调(diào)查和调(tiáo)整的“调”是多音字\n"
    page = "本報(bào)訊 記者林曉(xiǎo)雯報道\n"
    assert textfix.fix(lesson + page + lesson) == lesson + "本報訊 記者林曉雯報道\n" + lesson
    explained = textfix.fix_and_explain(lesson + page)
    assert [step.before for step in explained.steps] == ["(bào)", "(xiǎo)"]


def test_jsonl_records_are_decided_one_by_one(tmp_path: Path) -> None:
    import subprocess
    import sys
    lines = ['{"text": "他(tā)是我的朋友。"}', '{"text": "衡陽市僑聯(lián)召開會議"}']
    source = tmp_path / "records.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "textfix", "--jsonl", "--field", "text",
                           str(source)], capture_output=True, check=True)
    assert done.stdout.decode().splitlines() == [lines[0], '{"text": "衡陽市僑聯召開會議"}']
