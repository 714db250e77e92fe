"""The Rust core's Big5/GBK kernels against the Python reference (``recode.REFERENCE``): the same
gains, bounds and runs, to the last bit, on every input.

The whole suite runs under each implementation (``TEXTFIX_IMPLEMENTATION``, see .ci/run); these
tests compare the two directly, in one process, and are skipped where the core is not built.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import core, corpus, corpus_paragraphs

from textfix import _kernels, recode

SETTINGS = settings(max_examples=600, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

CHAINS = (recode.Chain("gbk", "cp950"), recode.Chain("cp950", "gb18030"))

# Clean text of both scripts and what each chain makes of it, so that both the lines the
# bounds dismiss and the ones they let through are met.
TRADITIONAL = ["這是一個測試，繁體中文的句子。", "請參閱說明文件", "論壇公告：請先閱讀",
               "子曰：學而時習之，不亦說乎？", "臺灣的中文字幕下載", "快速簡潔"]
SIMPLIFIED = ["这是简体中文的句子。", "中文字幕下载，请先阅读说明", "新闻标题", "数据库设置"]


def _garbled(text: str, true: str, wrong: str) -> str:
    return text.encode(true, "replace").decode(wrong, "replace")


PIECES = [
    *TRADITIONAL, *SIMPLIFIED,
    *(_garbled(text, "big5", "gbk") for text in TRADITIONAL),
    *(_garbled(text, "gbk", "big5") for text in SIMPLIFIED),
    "盢\ue6a9\ue04c结倒皚\ue6a9", "ь壺そ躉ㄛ悵隱絞ヶ俴婓そ躉階傷﹝", "叫把綷", "笢恅",
    "鑰擷ㄛ﹝丂亍鍒", "喔遭僤勣嗰", "𬬿",  # rare characters; keys that are astral
    "\ue000", "\ue123", "\uf8ff",  # private use
    "café", "naïve", "é", "L", "H", "ß", "Привет",  # Latin-1 letters, and what joins sees
    "😀", "𠀀", "𪚥",  # astral
    "\ud800", "\udfff", "\ud800\udc00",  # lone surrogates
    "\uffff", "\ufffd", "?", " ", "\n", "，。", "ASCII 0-9", "テキスト",
]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.characters(exclude_categories=())),
                 max_size=40).map("".join)
chains = st.sampled_from(CHAINS)


def same(rust: object, python: object) -> bool:
    """Equal, and equal in repr too: the sign of every zero."""
    return rust == python and repr(rust) == repr(python)


@core
@SETTINGS
@given(texts, chains)
@example("", CHAINS[0])
@example("\uffff" * 3, CHAINS[1])
@example("盢\ue6a9\ue04c结倒皚\ue6a9@foo, \ue79e琌", CHAINS[0])
@example("笢恅趼躉狟婥ㄛ③珂堐黍佽隴𠀀", CHAINS[1])  # a garbled line with an astral character
def test_han_gains_match_the_reference(text: str, chain: recode.Chain) -> None:
    assert _kernels.core is not None
    rust, python = _kernels.core.han_gains(text, chain), recode.REFERENCE.han_gains(text, chain)
    assert same(rust, python)


@core
@SETTINGS
@given(texts, chains)
@example("", CHAINS[0])
@example("叫把綷", CHAINS[0])
def test_whole_could_save_matches_the_reference(text: str, chain: recode.Chain) -> None:
    assert _kernels.core is not None
    assert _kernels.core.whole_could_save(text, chain) is recode.REFERENCE.whole_could_save(
        text, chain)


# Gains of every size: the model's dyadic values and arbitrary floats (both sides add in the
# same order, so even inexact sums agree).
gains = st.lists(st.one_of(st.none(), st.integers(-40 * 2048, 40 * 2048).map(lambda n: n / 2048),
                           st.floats(-1e6, 1e6)), max_size=60)


@core
@SETTINGS
@given(gains)
@example([])
@example([None])
@example([5.0, 5.0, 5.0])
@example([30.0, -20.0, 30.0, None, 13.0])
def test_best_runs_match_the_reference(values: list[float | None]) -> None:
    assert _kernels.core is not None
    assert _kernels.core.best_runs(values) == recode.REFERENCE.best_runs(values)


@core
def test_han_gains_refuse_a_chain_without_readings() -> None:
    assert _kernels.core is not None
    with pytest.raises(ValueError):
        _kernels.core.han_gains("浣犲ソ", recode.Chain("gbk", "utf-8"))


@core
@corpus
@pytest.mark.parametrize("name", ["dev", "literary"])
def test_han_kernels_match_on_every_corpus_line(name: str) -> None:
    """Every paragraph and every line of it (the corpora's paragraphs are one line each), through
    both chains; and a tenth of them garbled by each chain, where the gains are not dismissed."""
    assert _kernels.core is not None
    paragraphs = corpus_paragraphs(name)
    lines = [line for paragraph in paragraphs if "\n" in paragraph
             for line in paragraph.split("\n")]
    garbled = [_garbled(text, true, wrong) for text in paragraphs[::10]
               for true, wrong in (("big5", "gbk"), ("gbk", "big5"))]
    kept = 0
    for texts in (paragraphs, lines, garbled):
        for chain in CHAINS:
            rust = [_kernels.core.han_gains(text, chain) for text in texts]
            assert same(rust, [recode.REFERENCE.han_gains(text, chain) for text in texts])
            runs = [_kernels.core.best_runs(found) for found in rust if found is not None]
            assert runs == [recode.REFERENCE.best_runs(found) for found in rust
                            if found is not None]
            kept += len(runs)
            short = [text for text in texts if len(text) <= 24]
            assert ([_kernels.core.whole_could_save(text, chain) for text in short]
                    == [recode.REFERENCE.whole_could_save(text, chain) for text in short])
    assert kept > 100  # the lines that reach the search were compared, not only the dismissed
