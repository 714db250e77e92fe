"""The early dismissal of a triggered line (``runs.reads_nothing``): a line it dismisses is one
that the full decisions leave as it is (no whole reading, none from a page, no run), on every
corpus line and on arbitrary text; garbled lines are never dismissed. The core's kernel that
dismisses every triggered line of a document in one call (``reads_nothing_each``, with every
chain) gives what its reference does, and a line it dismisses gets what the full decisions
give it.

The dismissal asks only the kernels, so it holds under either implementation; the whole suite
runs under both (.ci/run).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import core, corpus, corpus_paragraphs

from textfix import _kernels, fix
from textfix.layers import mojibake
from textfix.layers.mojibake import runs
from textfix.layers.mojibake.chains import CHAINS

SETTINGS = settings(max_examples=600, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

# Clean lines that stop the scan (a Cantonese character, a rare classical one, two accented
# letters together) and that no chain reads anything in.
CLEAN_TRIGGERED = [
    "我部電腦用咗三年，而家開機要成兩分鐘，係咪要換SSD？",
    "佢哋話聽日會落大雨，記得帶遮呀！",
    "個樓盤實用面積得380呎，叫價$650萬，你哋覺得值唔值？",
    "Türkiye’nin en büyük şehri İstanbul’da metro hattının açılışı ertelendi.",
    "Rząd przyjął projekt ustawy o zmianie podatku dochodowego od osób fizycznych.",
    "孤舟蓑笠翁，獨釣寒江雪。棹歌聲裏過溪橋，慙愧漁翁不識愁。",
    "Le café crème coûte 3,50 € à Zürich, où l’été est frais.",
]

# Garbled lines, each read back by some chain: never dismissed.
GARBLED = [
    "浣犲ソ锛屼笘鐣岋紒浠婂ぉ澶╂皵寰堝ソ銆",  # UTF-8 read as GBK
    "ÄãºÃ£¬ÊÀ½ç£¡½ñÌìÌìÆøºÜºÃ¡£",  # GBK read as cp1252
    "ä½ å¥½ï¼Œä¸–ç•Œï¼ä»Šå¤©å¤©æ°”å¾ˆå¥½ã€‚",  # UTF-8 read as cp1252
    "新华社北京电 璸衡诀ㄓ 国务院总理今天主持召开常务会议",  # a Big5 run read as GBK
]


def full_path_reads_nothing(line: str) -> bool:
    """What the dismissal claims, asked of the full decisions: no chain's whole reading (kept
    or not), none from a page, no run."""
    chains = runs.line_chains(line)
    return (runs.best_whole(line, chains) is None and runs.read_back_from_a_page(line) is None
            and runs.run_repairs(line, chains) == [])


@pytest.mark.parametrize("line", CLEAN_TRIGGERED)
def test_a_clean_triggered_line_is_dismissed_and_comes_back_unchanged(line: str) -> None:
    assert runs.line_chains(line)  # it is worth some chains: the trigger stopped there
    assert runs.reads_nothing(line, runs.line_chains(line))
    assert full_path_reads_nothing(line)
    assert fix(line) == line


@pytest.mark.parametrize("line", GARBLED)
def test_a_garbled_line_is_not_dismissed(line: str) -> None:
    assert not runs.reads_nothing(line, runs.line_chains(line))
    assert not runs.reads_nothing(line, list(CHAINS))


def test_the_garbled_lines_are_still_repaired() -> None:
    assert fix(GARBLED[0]).startswith("你好，世界！今天天气很好")
    assert fix(GARBLED[1]) == "你好，世界！今天天气很好。"
    # cp1252 dropped the 81 of ！ (EF BC 81), so the space after ä½ may be a real one after a
    # dropped byte as well as 你's NBSP: by default both stay lost, guessed on request.
    assert fix(GARBLED[2]) == "\ufffd好，世界\ufffd今天天气很好。"
    assert fix(GARBLED[2], lossy="guess") == "你好，世界！今天天气很好。"


PIECES = [*CLEAN_TRIGGERED, *GARBLED, "咗", "嘅", "°C", "®", "é", "Ã©", "锟斤拷", "\ufffd", "?",
          "\ud800", "😀", "𠀀", "\uffff", "ボタン OK", "璸衡", "鍒嗛厤", "ÄãºÃ", "，", " ", "\x9d",
          "дЅ еҐЅ", "Σ╜á"]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.characters(exclude_categories=()),
                           st.characters(max_codepoint=0xFF),
                           st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)),
                 max_size=24).map("".join)


@SETTINGS
@given(texts)
@example("咗°C ÄãºÃ")
@example("")
def test_a_dismissed_line_is_one_the_full_path_leaves(text: str) -> None:
    for line in text.split("\n"):
        for chains in (runs.line_chains(line), list(CHAINS)):
            if runs.reads_nothing(line, chains):
                assert runs.best_whole(line, chains) is None, line
                assert runs.read_back_from_a_page(line) is None, line
                assert runs.run_repairs(line, chains) == [], line
        # The layer's decision for the line, with the dismissal and without it.
        assert mojibake._repair_line(line) == mojibake._decided(line, runs.line_chains(line))


@corpus
@pytest.mark.parametrize("name", ["dev", "literary"])
def test_a_dismissed_corpus_line_is_one_the_full_path_leaves(name: str) -> None:
    dismissed = 0
    for paragraph in corpus_paragraphs(name):
        for line in paragraph.split("\n"):
            chains = runs.line_chains(line)
            if chains and runs.reads_nothing(line, chains):
                dismissed += 1
                assert full_path_reads_nothing(line), line
                assert mojibake._decided(line, chains) == (None, []), line
    assert dismissed > 100  # the dismissal is exercised, not vacuous


@pytest.mark.parametrize("line", [
    "naïve cafÃ©, ZÃ¼rich",  # UTF-8 read as cp1252 among clean accents: a run
    "Ã©tÃ© Ã  Paris",  # ftfy's (restore_byte_a0), after the chains
    "The â€œbestâ€ price",
    "佢哋話聽日會落大雨 ÄãºÃ",
])
def test_the_decision_is_the_same_with_and_without_the_dismissal(line: str) -> None:
    assert mojibake._repair_line(line) == mojibake._decided(line, runs.line_chains(line))
    assert mojibake._repair_line(line) != (None, [])


# The core's kernel for a whole document (``reads_nothing_each``, every chain) against its
# reference, and what a line it dismisses gets from the layer.

def line_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


@core
@SETTINGS
@given(st.lists(texts, max_size=4).map("\n".join))
@example("我部電腦用咗三年\nÄãºÃ£¬ÊÀ½ç\nLe café crème coûte 3,50 €\n\n浣犲ソ")
@example("\ud800咗\n😀®©\n\U0010ffff°±")
def test_the_core_dismisses_the_lines_the_reference_does(text: str) -> None:
    spans = line_spans(text)
    assert runs._core_reads_nothing_each(text, spans) == runs.reads_nothing_each(text, spans)


def dismissed_alike(line: str) -> None:
    """A line dismissed with every chain reads nothing with its own: the layer gives it ftfy's
    part alone, as the full decisions do."""
    chains = runs.line_chains(line)
    assert runs.reads_nothing(line, chains), line
    assert mojibake._decided(line, chains) == (mojibake._ftfy_alone(line), []), line


@core
@corpus
@pytest.mark.parametrize("name", ["dev", "literary"])
def test_the_core_dismisses_corpus_lines_as_the_reference_does(name: str) -> None:
    text = "\n".join(corpus_paragraphs(name))
    spans = line_spans(text)
    dismissed = runs._core_reads_nothing_each(text, spans)
    assert dismissed == runs.reads_nothing_each(text, spans)
    worth_chains = {(start, end) for start, end in spans if runs.line_chains(text[start:end])}
    assert sum(dismissed) > 100
    for (start, end), quiet in zip(spans, dismissed, strict=True):
        if quiet and (start, end) in worth_chains:
            dismissed_alike(text[start:end])


@core
@pytest.mark.parametrize("line", CLEAN_TRIGGERED)
def test_a_clean_triggered_line_is_dismissed_by_the_core(line: str) -> None:
    assert runs._core_reads_nothing_each(line, [(0, len(line))]) == [True]
    dismissed_alike(line)


@core
@pytest.mark.parametrize("line", GARBLED)
def test_a_garbled_line_is_not_dismissed_by_the_core(line: str) -> None:
    assert runs._core_reads_nothing_each(line, [(0, len(line))]) == [False]


def test_a_document_of_dismissed_lines_comes_back_unchanged_and_its_garbled_line_repaired() -> None:
    document = "\n".join([*CLEAN_TRIGGERED, GARBLED[1], *CLEAN_TRIGGERED])
    expected = "\n".join([*CLEAN_TRIGGERED, "你好，世界！今天天气很好。", *CLEAN_TRIGGERED])
    assert fix(document) == expected


def test_a_long_line_is_dismissed_as_a_short_one_is() -> None:
    line = " ".join([CLEAN_TRIGGERED[0], CLEAN_TRIGGERED[3]] * 60)
    assert len(line) > runs.LONGEST_ASKED
    garbled = line + " " + GARBLED[1]
    if _kernels.core is not None:  # the core asks lines of any length, in one call
        assert runs.line_states(line, [(0, len(line))]) == [runs.SETTLED]
        assert runs.line_states(garbled, [(0, len(garbled))]) == [runs.READ]
    assert fix(line) == line
    assert fix(garbled) == line + " 你好，世界！今天天气很好。"
