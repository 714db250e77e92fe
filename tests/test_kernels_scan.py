"""The core's one-pass scan against the reference's regular expressions: the same stop, the same
layers and the same triggered lines of the mojibake layer, on every input and every config.

The reference is ``pipeline.REFERENCE.scan`` (the pipeline's scan pattern, then each layer's
trigger from where it stops) and ``mojibake.triggers.REFERENCE.trigger_spans`` (the lines
``trigger()`` finds); the core is ``textfix._core.scan``. Skipped where the core is not built.
"""

from __future__ import annotations

import dataclasses
import itertools
import random
import re
import unicodedata
from array import array
from functools import cache

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import core, corpus, corpus_paragraphs

from textfix import _kernels, pipeline
from textfix._kernels import triggers
from textfix.config import DEFAULT
from textfix.data import model
from textfix.layers import mojibake, scan_table
from textfix.layers.mojibake import triggers as mojibake_triggers
from textfix.pipeline import Plan, Stop

SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

# Every combination of the options that change the scan: the four repair layers and the
# unicode layer's two folds.
OPTIONS = [
    sum(bit for bit, on in zip(bits, chosen, strict=True) if on)
    for bits in [(triggers.HTML, triggers.MOJIBAKE, triggers.UNICODE, triggers.FOLD_WIDTH,
                  triggers.FOLD_SPACES, triggers.ANNOTATIONS)]
    for chosen in itertools.product((False, True), repeat=6)
]
PLANS = [
    pipeline.plan(DEFAULT.replace(
        html=bool(options & triggers.HTML), mojibake=bool(options & triggers.MOJIBAKE),
        unicode=bool(options & triggers.UNICODE), fold_width=bool(options & triggers.FOLD_WIDTH),
        fold_spaces=bool(options & triggers.FOLD_SPACES),
        annotations=bool(options & triggers.ANNOTATIONS)))
    for options in OPTIONS
]


@cache
def class_samples() -> list[str]:
    """A few characters of every class the scan tests (from the model's flags), spread over
    each class, so that each rule meets its characters side by side."""
    flags = model.values(model.sections()["scan_flags"], 4)
    rng = random.Random(13)
    samples: list[str] = []
    for bit in range(len(scan_table.classes())):
        members = [code for code, value in enumerate(flags) if value >> bit & 1]
        samples.extend(chr(code) for code in rng.sample(members, min(12, len(members))))
    return samples


# Fragments that wake every layer (tests/test_properties.py's), the contexts the rules look at
# (a dash doubled, 锟斤拷 whole and cut, references at and past their length limits, syllables
# of eight and nine letters), UTF-8 read through the code pages, and the awkward characters.
FRAGMENTS = [
    "(", ")", "（", "）", "lián", "men", "lian2", "ㄌㄧㄢˊ", "wù", "function", "聯", "僑", "們",
    "联", "中", "国", "國", "于", "里", "為", "爲", "鹜", "&", "amp;", "&#20013;", "&nbsp;", "&lt;",
    "&amp;lt;", "<p>", "</p>", "ä", "½", "\u00a0", "å", "¥", "ï", "¼", "Œ", "â€œ", "ç•Œ",
    "锟斤拷", "烫烫烫", "??", "?", "\ufffd", "\u200b", "\u200d", "\ufeff", "\u2f08", "\uf900",
    "e\u0301", "\u0301", "\n", "\r\n", " ", "\u3000", "Ａ", "１", ",", ".", ":", "\x00", "\x85",
    "\x8f", "\ud800", "\udfff", "😀", "👩\u200d💻", "U盘", "软件",
    "——", "……", "”——", "锟", "斤", "拷", "锟斤", "&#x4E2D;", "&#X4e2d;", "&#1234567;",
    "&#12345678;", "&#x1234567;", "&#;", "&a;", "&ab;", "&" + "a" * 31 + ";", "&" + "a" * 32 + ";",
    "#", "x", ";", "字(abcdefgh)", "字(abcdefghi)", "（lian2）", "(ㄌㄧㄢˊ)", "(ㄌㄧㄢㄌㄧㄢ)", "5",
    "дЅ", "Σ╜á", "Рџ", "浣犲ソ", "ÄãºÃ", "笢恅", "ä½ å¥½", "\uffff", "𠀀", "\U0002f800",
    "\U0010ffff", "\r", "ab", "中文" * 13, "job", "man", "zhuang", "zhuangs", "lǜ", "lü4", "lv4",
    "u\u0308", "\u0308", "ü", "ê", "ǹ", "ḿ", "æ", "ç", "÷", "(man)", "(handler)",
]
pieces = st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(class_samples()),
                   st.characters(exclude_categories=()))
texts = st.lists(pieces, max_size=40).map("".join)


def reference_scan(text: str, plan: Plan) -> tuple[int | None, frozenset[str]]:
    found = pipeline.REFERENCE.scan(text, plan)
    return (None, frozenset()) if found is None else (found.start, found.layers)


def core_scan(text: str, options: int) -> tuple[int | None, frozenset[str]]:
    assert _kernels.core is not None
    start, layers, _ = _kernels.core.scan(text, options)
    return start, frozenset(name for name, bit in triggers.LAYER_BITS.items() if layers & bit)


def core_lines(text: str, options: int = triggers.MOJIBAKE) -> list[tuple[int, int]]:
    assert _kernels.core is not None
    lines: list[tuple[int, int]] = _kernels.core.scan(text, options | triggers.LINES)[2]
    return lines


def assert_same(text: str, plans: list[Plan] = PLANS) -> None:
    for plan in plans:
        assert core_scan(text, plan.options) == reference_scan(text, plan), hex(plan.options)
        assert pipeline.look(text, plan) == pipeline.REFERENCE.look(text, plan), hex(plan.options)
        assert pipeline.look_and_mark(text, plan) == pipeline.REFERENCE.look_and_mark(
            text, plan), hex(plan.options)
        # Asked for the lines too, the core runs to the end and must find the same.
        assert core_scan(text, plan.options | triggers.LINES) == reference_scan(text, plan)
    assert core_lines(text) == mojibake_triggers.REFERENCE.trigger_spans(text)


@core
@SETTINGS
@given(texts)
@example("")
@example("\ud800\udc00")  # a surrogate pair in a str is two code points, not one astral one
@example("中文" * 12)  # SHORT_TEXT characters: the short-text rule at its edges
@example("è" + "中" * 23)
@example("中" * 24 + "è")
@example("è" + "中" * 24)
@example("中" * 23 + "è" + "中" * 23)
def test_scan_matches_the_reference(text: str) -> None:
    assert_same(text)


@cache
def short_only() -> str:
    """A character that stops the scan only in a short text (no layer takes it plain)."""
    where = mojibake.scan_where()[2][0]
    plain = pipeline.plan(DEFAULT.replace(fold_width=True, fold_spaces=True)).scan
    return next(char for char in where.replace("\\", "") if not plain.match(char + "中" * 60))


# Each context rule at its edges: a syllable after ASCII, at the start, of eight and nine
# letters, with a tone number, in zhuyin; doubled dashes; 锟斤拷 cut; references at their limits.
EDGES = [
    "ab(men)", "字(men)", "(men)", "字 (men)", "\n(men)", "字(men5)", "a(men5)", "字(5)",
    "字（ㄇㄣ）", "a（ㄇㄣ）", "字(ㄌㄧㄢˊㄌㄧ)", "字(ㄌㄧㄢˊㄌ)", "字(abcdefgh)", "字(abcdefghi)",
    "字(abcdefgh5)", "字(abcdefghi5)", "字(lián)", "字（lian2)", "——", "—“", "“—", "”——", "Ã—",
    "锟斤拷", "锟斤", "锟", "锟\n斤拷", "&#1;", "&#x;", "&#1234567;", "&#12345678;", "&#xabcdef;",
    "&#xabcdef0;", "&a;", "&ab;", "&a1;", "&1a;", "字(zhuang)", "字(zhuāng)", "字(zhuangs)",
    "字(zhuang5)", "字(lü)", "字(lu\u0308e4)", "字(lv4)", "字(\u0301)", "字(ê)", "字(çi)",
    "字(job)",
]


@core
@pytest.mark.parametrize("text", EDGES)
def test_context_rules_at_their_edges(text: str) -> None:
    assert_same(text)


@core
@pytest.mark.parametrize("length", range(44, 52))
def test_the_short_text_rule_at_its_edges(length: int) -> None:
    char = short_only()
    for position in range(min(length, 30)):
        assert_same("中" * position + char + "中" * (length - position - 1))
        assert_same("中" * position + char + "中" * (length // 2 - position))


@core
@SETTINGS
@given(st.lists(texts, min_size=1, max_size=6))
def test_lines_match_the_reference(lines: list[str]) -> None:
    """Lines with and without a trigger, joined by LF and by CRLF, and with what the other
    layers see enabled or not."""
    for text in ("\n".join(lines), "\r\n".join(lines)):
        reference = mojibake_triggers.REFERENCE.trigger_spans(text)
        for options in OPTIONS:
            if options & triggers.MOJIBAKE:
                assert core_lines(text, options) == reference


@core
def test_long_inputs_match_the_reference() -> None:
    rng = random.Random(7)
    long_texts = [
        "".join(rng.choice(FRAGMENTS + class_samples()) for _ in range(200_000)),
        "字(" * 50_000 + "字(lián)",
        "&" * 100_000 + "&amp;",
        "&" + "a" * 100_000 + ";",
        "(" + "a" * 100_000 + ")",
        "中文，新闻。" * 100_000 + "ä½ å¥½",
        "\n" * 100_000 + "浣犲ソ" + "\n" * 100_000,
    ]
    for text in long_texts:
        assert_same(text, [PLANS[0], PLANS[-1], pipeline.DEFAULT_PLAN])


def documents(texts: list[str], size: int = 32768) -> list[str]:
    """The paragraphs joined by newlines into documents of about ``size`` characters."""
    made, current, length = [], [], 0
    for text in texts:
        current.append(text)
        length += len(text) + 1
        if length >= size:
            made.append("\n".join(current))
            current, length = [], 0
    return [*made, "\n".join(current)]


@core
@corpus
@pytest.mark.parametrize("name", ["dev", "literary"])
def test_scan_matches_on_every_corpus_paragraph(name: str) -> None:
    plans = [pipeline.DEFAULT_PLAN, PLANS[-1]]  # the defaults, and every layer with both folds
    for text in corpus_paragraphs(name):
        assert_same(text, plans)


@core
@corpus
@pytest.mark.parametrize("name", ["dev", "literary"])
def test_scan_matches_on_whole_documents(name: str) -> None:
    docs = documents(corpus_paragraphs(name))
    for document in [*docs, *(document.replace("\n", "") for document in docs)]:
        assert_same(document, [pipeline.DEFAULT_PLAN, PLANS[-1]])


@core
def test_the_pipeline_scans_with_the_core() -> None:
    assert pipeline.scan is not pipeline.REFERENCE.scan
    assert pipeline.look_and_mark is not pipeline.REFERENCE.look_and_mark
    assert mojibake_triggers.trigger_spans is not mojibake_triggers.REFERENCE.trigger_spans
    found = pipeline.scan("衡陽市僑聯(lián)，ä½ å¥½", pipeline.DEFAULT_PLAN)  # stops at á
    assert found == Stop(8, frozenset({"annotations", "mojibake"}))


def test_stored_scan_flags_are_the_derived_ones() -> None:
    # After a change to a layer's scan or trigger classes, `python tools/build_model.py`.
    sections = model.sections()
    assert model.values(sections["scan_flags"], 4) == scan_table.bmp_flags()
    assert model.values(sections["scan_astral"], 4) == scan_table.astral_flags()
    assert model.values(sections["scan_numbers"], 4) == scan_table.numbers()
    assert model.values(sections["syllable_letters"], 4) == scan_table.syllable_letters()
    assert model.values(sections["syllables"], 4) == scan_table.syllables()


# Manual pages gloss terms in parentheses after the Chinese word; none of these spells a reading.
GLOSSES = [
    "命令在睡眠(sleep)指定的毫秒数之后返回。",
    "每個管道分配給一個作業(job)。它儲存一個當前執行的作業表。",
    "從檢索到的值中去除(strip)尾隨的空白(blank)和空行。",
    "将程序的输出内容管道(pipe)给分页程序（pager）。",
]


@pytest.mark.parametrize("text", GLOSSES)
def test_a_gloss_in_parentheses_stops_no_scan(text: str) -> None:
    assert pipeline.REFERENCE.scan(text, pipeline.DEFAULT_PLAN) is None
    if _kernels.core is not None:
        assert pipeline.scan(text, pipeline.DEFAULT_PLAN) is None


@pytest.mark.parametrize("text", [
    "衡陽市僑聯(lián)官網(wǎng)上線。", "绿(lü4)色出行", "們(˙ㄇㄣ)", "慢(man)"])
def test_a_reading_in_parentheses_stops_the_scan(text: str) -> None:
    for scan in {pipeline.REFERENCE.scan, pipeline.scan}:
        found = scan(text, pipeline.DEFAULT_PLAN)
        assert found is not None and "annotations" in found.layers


def test_the_classes_are_in_the_core_order() -> None:
    # crates/textfix-core/src/scan.rs names the bits in this order.
    names = [name for name, _ in scan_table.classes()]
    assert names == [
        "mojibake_scan", "mojibake_start", "mojibake_guarded", "damage_start", "c1", "utf8_lead",
        "continuation", "western", "dashes", "page_lead_1", "page_lead_2", "page_continuation",
        "mojibake_where_0", "mojibake_where_1", "mojibake_where_2", "mojibake_where_3",
        "mojibake_where_4", "unicode", "unicode_width", "unicode_spaces", "html_scan",
        "html_where", "annotations_scan", "annotations_where", "annotations_close",
        "annotations_open", "annotations_letter", "annotations_tone", "annotations_zhuyin",
        "annotations_not_ascii", "nfc_maybe", "big5_lead"]


@cache
def _nfc_maybe() -> re.Pattern[str]:
    return re.compile(scan_table.nfc_maybe())


# Characters around the edges of NFC: precomposed letters and Hangul syllables (which take no
# mark but may take a final consonant), marks, jamo, singletons, and plain text.
NFC_EDGES = ("e\u0301", "é", "ü", "ǖ", "\u0308", "\u0304", "가", "각", "\u1100", "\u1161",
             "\u11a8", "\uac00\u11a8", "\u212b", "Å", "\uf900", "\u0ccb", "\u0cca\u0cd5",
             "\u0915\u093c", "\u0958", "ค่ะ", "中文", "a", " ", "\U0001d15e", "\U0001d157")


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(NFC_EDGES), st.characters(exclude_categories=())),
                max_size=12).map("".join))
def test_a_text_without_nfc_maybe_characters_is_in_nfc(text: str) -> None:
    # The core's NFC_MAYBE class: where none of its characters is, NFC is not checked.
    if not _nfc_maybe().search(text):
        assert unicodedata.is_normalized("NFC", text)


def test_every_character_that_nfc_changes_is_nfc_maybe() -> None:
    for code in range(0x110000):
        char = chr(code)
        if not 0xD800 <= code < 0xE000 and unicodedata.normalize("NFC", char) != char:
            assert _nfc_maybe().match(char), hex(code)


def test_every_plan_has_its_options() -> None:
    assert len(set(OPTIONS)) == 64
    for options, plan in zip(OPTIONS, PLANS, strict=True):
        assert plan.options == options
    assert dataclasses.replace(pipeline.DEFAULT_PLAN).options == (
        triggers.HTML | triggers.MOJIBAKE | triggers.UNICODE | triggers.ANNOTATIONS)


def test_flags_sample_covers_every_nonempty_class() -> None:
    flags = array("I", model.values(model.sections()["scan_flags"], 4))
    for bit, (name, pattern) in enumerate(scan_table.classes()):
        assert any(value >> bit & 1 for value in flags) == bool(pattern), name
