"""The Rust core against the Python reference: the same numbers, to the last bit, on every input.

The whole suite runs under each implementation (``TEXTFIX_IMPLEMENTATION``, see .ci/run); these
tests compare the two directly, in one process, and are skipped where the core is not built.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.util import module_from_spec, spec_from_file_location
from itertools import islice
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import core, corpus, corpus_paragraphs

from textfix import _kernels, plausibility

SETTINGS = settings(max_examples=400, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

# Pieces of what the scorer meets: Chinese in both scripts, mojibake of every chain, Latin-1
# letters beside Han characters, kana, private use, astral characters and lone surrogates.
PIECES = ["你好", "浣犲ソ", "ÄãºÃ", "ä½ å¥½", "笢恅", "詳細", "冈細", "新聞", "新闻", "中é文",
          "L中", "H", "テキスト", "\ue000", "\ufffd", "\uffff", "😀", "𠀀", "\ud800", "\udfff",
          "𬬿",
          "café", "Привет", "\x85", " ", "\n", "，。", "锟斤拷", "僑聯(lián)"]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.characters(exclude_categories=())),
                 max_size=30).map("".join)

SCORERS: list[str] = ["char_costs", "cost", "cost_in_words", "neighbours", "word_bonus",
                      "worst"]


def kernels(name: str) -> tuple[Callable[[str], object], Callable[[str], object]]:
    assert _kernels.core is not None
    return getattr(_kernels.core, name), getattr(plausibility.REFERENCE, name)


@core
@pytest.mark.parametrize("name", SCORERS)
@SETTINGS
@given(texts)
@example("")
@example("\ud800\udc00")  # a surrogate pair in a str is two code points, not one astral one
def test_scorer_matches_the_reference(name: str, text: str) -> None:
    rust, python = kernels(name)
    assert rust(text) == python(text)


@core
@SETTINGS
@given(st.lists(texts, max_size=12))
def test_costs_in_words_matches_the_reference(texts: list[str]) -> None:
    assert _kernels.core is not None
    assert _kernels.core.costs_in_words(texts) == plausibility.REFERENCE.costs_in_words(texts)


@core
@pytest.mark.parametrize("threshold", [plausibility.SUSPECT, plausibility.VERY_SUSPECT, 0.0])
@SETTINGS
@given(texts)
@example("\ud800\U00020000\x00\x85\uffff")
def test_suspect_positions_match_the_reference(threshold: float, text: str) -> None:
    assert _kernels.core is not None
    assert _kernels.core.suspect_positions(text, threshold) == \
        plausibility.REFERENCE.suspect_positions(text, threshold)


@core
def test_every_character_is_suspect_alike() -> None:
    every = "".join(map(chr, range(0x110000)))
    assert _kernels.core is not None
    for threshold in (plausibility.SUSPECT, plausibility.VERY_SUSPECT):
        assert _kernels.core.suspect_positions(every, threshold) == \
            plausibility.REFERENCE.suspect_positions(every, threshold)


@core
def test_every_character_costs_the_same() -> None:
    every = "".join(map(chr, [*range(0xD800), *range(0xE000, 0x110000)]))
    rust, python = kernels("char_costs")
    assert rust(every) == python(every)


@core
@corpus
@pytest.mark.parametrize("corpus", ["dev", "literary"])
def test_scorer_matches_on_every_corpus_paragraph(corpus: str) -> None:
    paragraphs = corpus_paragraphs(corpus)
    for name in SCORERS:
        rust, python = kernels(name)
        assert [rust(text) for text in paragraphs] == [python(text) for text in paragraphs], name


def differential() -> ModuleType:
    script = Path(__file__).resolve().parents[1] / "fuzz" / "differential.py"
    spec = spec_from_file_location("differential", script)
    assert spec is not None and spec.loader is not None
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@core
def test_the_pipeline_gives_the_same_text_and_steps_under_both() -> None:
    """Whole ``fix_and_explain`` calls, each implementation in a process of its own (the
    implementation is chosen at import): fuzz/differential.py on a sample; the full runs are in
    the README."""
    module = differential()
    assert module.compare(module.random_items(400, seed=13)) == 400


@core
@corpus
def test_the_pipeline_gives_the_same_text_and_steps_on_corpus_paragraphs() -> None:
    module = differential()
    sample = list(islice(module.corpus_items(documents=False), 0, None, 40))
    assert module.compare(sample) == len(sample)
