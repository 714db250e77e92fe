"""The dismissed lines nothing after the chains touches (``layers.mojibake.quiet``): the core's
``Quiet`` gives what its reference does, on arbitrary text and every corpus line; ftfy's pattern
as the core reads it matches wherever ftfy's does; a line called quiet is one ftfy leaves as it
is; and a document of quiet lines beside a garbled one comes back with that one repaired.
"""

from __future__ import annotations

import re

import ftfy
import pytest
from ftfy.badness import BADNESS_RE, is_bad
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import core, corpus, corpus_paragraphs

from textfix import _kernels, fix
from textfix.layers.mojibake import latin, quiet, runs
from textfix.layers.mojibake import triggers as mojibake_triggers
from textfix.layers.mojibake.acceptance import CJK
from textfix.layers.mojibake.chains import CHAINS

SETTINGS = settings(max_examples=600, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

# What the tests look at: accented letters, Western symbols, quotes, Greek and Cyrillic words,
# ftfy's mojibake, Chinese, marks, U+FFFD, C1 controls, astral characters and lone surrogates.
PIECES = ["café", "çã", "łą", "Łódź", "İstanbul", "ğüşiöç", "Αθήνα", "Москва", "енергії", "°±",
          "®©", "€", "£", "×", "½", "²", "µ", "¿", "¡", "«", "»", "‘", "’", "“", "”", "—", "…",
          "'", '"', "\u00a0", "à", " ", "Ã©", "Ã ", "ä½ å¥½", "ÄãºÃ", "Ï", "µÍ", "ϵͳ", "你好",
          "咗", "，", "😂", "\ufffd", "\x85", "\x9f", "\ud800", "\uffff", "𠀀", "a", "Z", "3"]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.characters(exclude_categories=())),
                 max_size=24).map("".join)

# Clean lines of the kinds a page of European news and Cantonese forum posts is made of.
QUIET = [
    "W Łodzi otwarto nową linię tramwajową o długości 7,4 km, która połączy dworzec z osiedlem.",
    "Em São Paulo, a prefeitura anunciou a construção de 12 novas creches até dezembro.",
    "Türkiye’nin en büyük şehri İstanbul’da metro hattının açılışı ertelendi.",
    "個盒尺寸係30×20×15cm，重量±2kg，佢哋話寄順豐要幾錢？",
    "今日去咗旺角食嘢，啲魚蛋好好味，不過排咗成個鐘先買到😂",
]


def core_quiet(line: str) -> int:
    rules = quiet._core_rules()
    assert rules is not None
    found: bytes = rules.each(line, [(0, len(line))])
    return found[0]


@core
def test_ftfys_pattern_translates() -> None:
    assert quiet._rust_pattern(BADNESS_RE.pattern, BADNESS_RE.flags) is not None
    assert quiet._core_rules() is not None


@core
@SETTINGS
@given(texts)
@example("")
@example("ç”，x")  # "，" is no word character: ftfy finds nothing here
@example("a\ud800b")
def test_quiet_matches_the_reference(line: str) -> None:
    assert core_quiet(line) == quiet.quiet_state(line)


@core
@SETTINGS
@given(texts)
@example("ç”，x")
@example("Ã\ud800")
def test_the_translated_pattern_matches_wherever_ftfys_does(line: str) -> None:
    rules = quiet._core_rules()
    assert rules.bad(line) or not is_bad(line)
    if line.isascii() or max(line) < "\U00010000":  # widened only for astral characters
        assert rules.bad(line) == is_bad(line)


@SETTINGS
@given(texts)
def test_ftfy_leaves_a_quiet_line_as_it_is(line: str) -> None:
    if quiet.quiet(line) and not CJK.search(line):
        assert ftfy.fix_and_explain(line, config=latin.ftfy_config()).text == line


def test_the_pattern_translation_widens_only_categories() -> None:
    translated = quiet._rust_pattern(r"[a-c]x\s?é|^Â[^A-Z]", re.VERBOSE)
    assert translated is not None
    assert translated.startswith("(?:[\\x{61}-\\x{63}]\\x{78}(?:[")
    assert quiet._rust_pattern("(?i)abc", 0) is None  # flags the core does not take
    assert quiet._rust_pattern("a(?=b)", 0) is None  # a lookahead
    assert quiet._rust_pattern("[^\\w]", 0) is None  # a widened class would narrow


@core
@corpus
@pytest.mark.parametrize("name", ["dev", "literary"])
def test_quiet_matches_on_every_corpus_line(name: str) -> None:
    lines = [line for text in corpus_paragraphs(name) for line in text.split("\n") if line]
    rules = quiet._core_rules()
    text = "\n".join(lines)
    spans, position = [], 0
    for line in lines:
        spans.append((position, position + len(line)))
        position += len(line) + 1
    assert list(rules.each(text, spans)) == quiet.quiet_each(text, spans)


@pytest.mark.parametrize("line", QUIET)
def test_clean_european_and_cantonese_lines_are_quiet(line: str) -> None:
    assert mojibake_triggers.trigger_spans(line)  # the scan stops at it
    assert runs.reads_nothing(line, list(CHAINS))
    assert quiet.quiet(line)
    assert fix(line) == line


def test_a_line_with_work_left_is_not_quiet() -> None:
    assert not quiet.quiet("Le prix: 12 â‚¬ Ã  Zürich")  # UTF-8 read as cp1252, for ftfy
    assert not quiet.quiet("ÏµÍ³Ä¿Â¼")  # GBK read as Latin-1, ftfy's to restore
    assert not quiet.quiet("Em S\ufffdo Paulo")  # a lost byte


@core
def test_quiet_lines_beside_a_garbled_one() -> None:
    document = "\n".join([*QUIET, "ä½\xa0å¥½ï¼Œä¸–ç•Œ", *QUIET])
    spans = mojibake_triggers.trigger_spans(document)
    dismissed = [state != runs.READ for state in runs.line_states(document, spans)]
    states = quiet.quiet_lines(document, spans, dismissed)
    assert states.count(quiet.QUIET) == 2 * len(QUIET)
    assert fix(document) == "\n".join([*QUIET, "你好，世界", *QUIET])
    assert fix("\n".join(QUIET)) == "\n".join(QUIET)
    assert _kernels.core is not None


# A clean web line with Chinese beside a symbol of the upper half (北京™) shows a character ftfy
# may have made: it is quiet but for the page, which it tells that ftfy went over it.
MADE = ["北京™€25£3.50.512m³", "3.5°±2024 1,299±25 ‘小米’ 商标®", "£0.5 3.5±3.5 ‘Łódź’"]


@pytest.mark.parametrize("line", MADE)
def test_a_clean_line_ftfy_may_have_made_is_quiet_but_for_the_page(line: str) -> None:
    assert quiet.quiet_state(line) == quiet.FTFY_MADE
    assert not quiet.quiet(line)
    assert fix(line) == line


@core
def test_a_line_quiet_but_for_the_page_still_tells_it() -> None:
    document = "\n".join(MADE)
    spans = mojibake_triggers.trigger_spans(document)
    dismissed = [state != runs.READ for state in runs.line_states(document, spans)]
    assert all(dismissed)
    assert quiet.quiet_lines(document, spans, dismissed) == [quiet.FTFY_MADE] * len(MADE)
    assert fix(document) == document
