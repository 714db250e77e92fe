"""The choice of the bytes a line was before ftfy (``ftfy_choice.best_sources``): the core's
programme (``sources.rs``) gives what its Python reference does, cost and choice alike, on lines
of pages garbled by the real chain (GBK or Big5 read as Latin-1 or cp1252, then ftfy) and with
choices refused; its tables are the reference's own numbers.
"""

from __future__ import annotations

import ftfy
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import core

from textfix.data import model
from textfix.layers import ftfy_choice, ftfy_leaves
from textfix.layers.ftfy_clean import _READ_CHAR
from textfix.layers.ftfy_leaves import _composed_sources, _expanded_sources, _ligature_sources
from textfix.plausibility import char_costs

SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

# Chinese of both scripts and of both registers, with the marks and Latin a page holds.
PIECES = ["新闻发布会", "记者", "“", "”", "，", "。", "系统", "配置文件", "聞", "聯", "侣", "位",
          "毛", "頁", "頂", "灼灼其华", "莫道不消魂", "零露瀼瀼", "委委佗佗", "採菊東籬下", "軟體",
          "iPhone", "2024年", "ĳ", " ", "'", '"', "(", ")", "-", "a", "9"]
lines = st.lists(st.sampled_from(PIECES), min_size=1, max_size=14).map("".join)
CHAINS = [("gbk", "latin-1", "gb18030"), ("gbk", "cp1252", "gb18030"),
          ("big5", "latin-1", "cp950"), ("big5", "cp1252", "cp950")]


def through_ftfy(line: str, codec: str, wrong: str) -> str | None:
    """``line`` as a crawler and then ftfy made it, or None where the codecs cannot make it."""
    try:
        return ftfy.fix_text(line.encode(codec).decode(wrong))
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


def choices_of(line: str
               ) -> tuple[list[list[ftfy_choice.Source]], dict[int, list[tuple[bytes, int]]]]:
    """The sources and spans ``ftfy_undo.restore`` weighs for ``line``."""
    sources: list[list[ftfy_choice.Source]] = [[*ftfy_leaves._sources(char)] or [char]
                                                for char in line]
    spans = _ligature_sources(line)
    for more in (_composed_sources(line), _expanded_sources(line)):
        for index, found in more.items():
            spans.setdefault(index, []).extend(found)
    return sources, spans


@core
@SETTINGS
@given(lines, st.sampled_from(CHAINS), st.sampled_from(ftfy_choice.JUDGES), st.integers(0, 40))
@example("零露瀼瀼，灼灼其华", CHAINS[0], ftfy_choice.CLASSICAL, 3)
@example("新闻发布会“配置文件”", CHAINS[1], ftfy_choice.MODERN, 0)
def test_the_core_chooses_as_the_reference(line: str, chain: tuple[str, str, str], judge: str,
                                           refuse: int) -> None:
    garbled = through_ftfy(line, *chain[:2])
    if not garbled:
        return
    sources, spans = choices_of(garbled)
    true = chain[2]
    first = ftfy_choice.REFERENCE.best_sources(garbled, sources, spans, true, judge)
    assert ftfy_choice.best_sources(garbled, sources, spans, true, judge) == first
    # Refusing a choice the first reading took, as the check against ftfy does.
    index = refuse % len(garbled)
    while index > 0 and first[1][index][1] == 0:
        index -= 1
    refused = {(index, first[1][index][0]): 64.0}
    assert ftfy_choice.best_sources(garbled, sources, spans, true, judge, refused) == \
        ftfy_choice.REFERENCE.best_sources(garbled, sources, spans, true, judge, refused)


@core
@pytest.mark.parametrize("true", ["gb18030", "cp950"])
def test_the_tables_are_the_references_numbers(true: str) -> None:
    table = ftfy_choice._pair_table(true)
    for key in range(0x80 << 8):
        try:
            char = bytes((0x80 + (key >> 8), key & 0xFF)).decode(true)
        except UnicodeDecodeError:
            char = ""
        assert table[key] == (ord(char) if len(char) == 1 else ftfy_choice._NO_CHAR)
    readable = sorted({*range(0x80), *table} - {ftfy_choice._NO_CHAR})
    chars = "".join(map(chr, readable))
    for judge in ftfy_choice.JUDGES:
        costs = ftfy_choice._read_costs(chars, judge)
        assert costs[::13] == [ftfy_choice._read_bits(char, judge) for char in chars[::13]]
        # The table's shortcuts against the judge itself, character by character.
        assert costs == [ftfy_choice._judged(char, bits, judge)
                         + (0.0 if _READ_CHAR.match(char) else ftfy_choice.UNREADABLE_BITS)
                         for char, bits in zip(chars, char_costs(chars), strict=True)]


def test_the_model_holds_the_references_tables() -> None:
    """The chooser's costs and the classical judge's, as the core and the reference read them
    from the model, are what ``ftfy_choice`` derives (``tools/build_model.py`` stores them)."""
    sections = model.sections()
    codes, judged = ftfy_choice.chooser_costs()
    assert model.values(sections["choose_codes"], 4).tolist() == codes
    for judge, costs in zip(ftfy_choice.JUDGES, judged, strict=True):
        assert model.floats(sections[f"choose_{judge}"]).tolist() == costs
    han, bits = ftfy_choice.classical_han_costs()
    assert ftfy_choice._classical_costs() == dict(zip(map(chr, han), bits, strict=True))


@core
def test_a_poem_line_through_ftfy_is_read_alike() -> None:
    """A Tang line with 聞 (C2 84 after ftfy's straightened quote) read back by both."""
    garbled = through_ftfy("夜來風雨聲，花落知多少。處處聞啼鳥", "big5", "cp1252")
    assert garbled is not None
    sources, spans = choices_of(garbled)
    for judge in ftfy_choice.JUDGES:
        cost, chosen = ftfy_choice.best_sources(garbled, sources, spans, "cp950", judge)
        assert (cost, chosen) == ftfy_choice.REFERENCE.best_sources(garbled, sources, spans,
                                                                     "cp950", judge)
        restored = b"".join(data if isinstance(data, bytes) else data.encode("latin-1")
                            for data, width in chosen if width)
        assert restored.decode("cp950", "replace").startswith("夜來風雨聲")
