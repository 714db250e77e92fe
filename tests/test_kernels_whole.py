"""The Rust core's whole-text readings against the Python reference (``recode.REFERENCE``): the
same reading and the same gain, to the last bit, or None alike, for every chain, on every input.

The whole suite runs under each implementation (``TEXTFIX_IMPLEMENTATION``, see .ci/run); these
tests compare the two directly, in one process, and are skipped where the core is not built.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import CORPUS, core, corpus, corpus_paragraphs

from textfix import recode
from textfix.layers.mojibake.chains import CHAINS, PAGE_CHAINS, TWICE_OVER
from textfix.recode import Chain, whole
from textfix.recode.chain import sloppy_table

SETTINGS = settings(max_examples=800, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

# Every chain the mojibake layer reads whole, and a few it never asks for: more rounds, none,
# and codecs the core holds no table for (the reference reads those).
LAYER_CHAINS = (*CHAINS, *TWICE_OVER.values(), *PAGE_CHAINS)
ALL_CHAINS = (*LAYER_CHAINS, Chain("sloppy-cp1252", "utf-8", 2), Chain("latin-1", "gb18030", 0),
              Chain("sloppy-koi8_r", "utf-8"), Chain("latin-1", "big5hkscs"),
              Chain("cp950", "utf-8", 3))
RAREST = (recode.WHOLE_WORST, math.inf, 16.0)


def misread(text: str, chain: Chain) -> str:
    """``text`` written in ``chain.true`` and read as ``chain.wrong``, ``chain.times`` times
    (what ``repair_whole`` undoes), with whatever cannot be written or read replaced."""
    for _ in range(chain.times):
        data = text.encode(chain.true, "replace")
        if chain.wrong.startswith("sloppy-"):
            text = "".join(sloppy_table(chain.wrong[7:])[0][byte] for byte in data)
        else:
            text = data.decode(chain.wrong, "replace")
    return text


CLEAN = ["新华社北京电，国务院总理今天主持召开常务会议。", "這是一個測試，繁體中文的句子。",
         "iPhone和iPad的价格", "子曰：學而時習之，不亦說乎？", "Napíšte nám do 5. mája",
         "Hôtel de ville, 10 €", "Zażółć gęślą jaźń", "Привет, мир", "ボタン OK",
         "佢哋喺度食緊飯", "下載 CD-ROM 驅動程式 (2.3 MB)", "【限时特价】全新正品 包邮"]
PIECES = [
    *CLEAN,
    *(misread(text, chain) for text in CLEAN for chain in LAYER_CHAINS),
    "浣犲ソ", "鏂伴椈", "ÄãºÃ", "ä½ å¥½", "Ã¤Â½Â\xa0Ã¥Â¥Â½", "宒峈", "ʽΪ",
    "\ud800", "\udfff", "\ud800\udc00",  # lone surrogates
    "😀", "𠀀", "𪚥", "\U0010ffff",  # astral
    "\ufffd", "\uffff", "?", "\x81", "\x9d", " ", "\n", "，。", "ß", "ĀĀ", "ășț",
]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.characters(exclude_categories=()),
                           st.characters(max_codepoint=0xFF)),
                 max_size=30).map("".join)


def same(rust: object, python: object) -> bool:
    """Equal, and equal in repr too: the sign of every zero, every float's last bit."""
    return rust == python and repr(rust) == repr(python)


def check(text: str, rarest: float = recode.WHOLE_WORST,
          chains: tuple[Chain, ...] = ALL_CHAINS) -> list[recode.Repair | None]:
    rust = whole._core_repair_whole_each(text, chains, rarest)
    python: list[recode.Repair | None] = recode.REFERENCE.repair_whole_each(text, chains, rarest)
    assert same(rust, python), (text, rust, python)
    return python


@core
@SETTINGS
@given(texts, st.sampled_from(RAREST))
@example("", recode.WHOLE_WORST)
@example("ÄãºÃ£¬ÊÀ½ç", recode.WHOLE_WORST)
@example("Nap\u00edšte ÄãºÃ", math.inf)
@example("浣犲ソ\ud800", recode.WHOLE_WORST)
def test_whole_readings_match_the_reference(text: str, rarest: float) -> None:
    check(text, rarest)


@core
@SETTINGS
@given(st.lists(st.sampled_from(CLEAN), min_size=1, max_size=6).map("，".join),
       st.sampled_from(LAYER_CHAINS), st.sampled_from(RAREST))
def test_mojibake_of_every_chain_reads_back_alike(clean: str, chain: Chain,
                                                  rarest: float) -> None:
    check(misread(clean, chain), rarest)


@core
def test_the_readings_are_real_repairs() -> None:
    """Not only Nones agree: the layer's chains read mojibake back, and clean text stays."""
    news = "新华社北京电，国务院总理今天主持召开常务会议。"
    title = "新闻报道"  # its UTF-8 read as GBK loses no byte
    found = check(misread(title, Chain("gbk", "utf-8")))
    assert [repair.after for repair in found if repair] == [title]
    twice = check(misread(title, Chain("gbk", "utf-8", 2)))
    assert [repair.after for repair in twice if repair] == [title]
    found = check(misread(news, Chain("sloppy-cp1252", "utf-8")))
    assert [repair.after for repair in found if repair] == [news]
    found = check(misread(news, Chain("latin-1", "gb18030")))
    assert news in [repair.after for repair in found if repair]
    assert check(news) == [None] * len(ALL_CHAINS)
    assert check("Napíšte nám do 5. mája") == [None] * len(ALL_CHAINS)


@core
def test_a_long_line_matches() -> None:
    news = "新华社北京电，国务院总理今天主持召开常务会议。" * 400
    check(misread(news, Chain("gbk", "utf-8")))
    check(misread(news, Chain("sloppy-cp1252", "gb18030")), math.inf)
    check(news + "\ud800")


@core
@corpus
@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.jsonl.gz")) if CORPUS.is_dir() else [],
                         ids=lambda path: path.name)
def test_every_corpus_paragraph_matches(path: Path) -> None:
    """Every paragraph through every chain, at both bounds; and every tenth one garbled by each
    of the layer's chains."""
    paragraphs = corpus_paragraphs(path.name.removesuffix(".jsonl.gz"))
    for paragraph in paragraphs:
        check(paragraph)
        check(paragraph, math.inf, PAGE_CHAINS)
    for paragraph in paragraphs[::10]:
        for chain in LAYER_CHAINS:
            check(misread(paragraph, chain), recode.WHOLE_WORST, (chain,))
            check(misread(paragraph, chain), math.inf, (chain,))
