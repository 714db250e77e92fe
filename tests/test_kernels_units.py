"""The core's candidate search for the chains into UTF-8 and from the Western code pages
(``recode.unit_gains``) against the Python reference, and the codec tables it reads against
Python's codecs: every byte, byte pair, four-byte GB18030 sequence and BMP character.

Skipped where the core is not built; the whole suite also runs under each implementation.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import core, corpus, corpus_paragraphs

from textfix import _kernels, recode
from textfix.data import model
from textfix.layers import mojibake
from textfix.recode import Chain

SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

# The chains whose search the core does: every one the layer runs unit by unit but those
# between Big5 and GBK, and ftfy's code pages read back into UTF-8.
CHAINS = [chain for chain in (*mojibake.CHAINS, *mojibake.PAGE_CHAINS)
          if not recode.han_to_han(chain)]
WRONG = sorted({chain.wrong for chain in CHAINS})

BMP = [chr(code) for code in range(0x10000)]


def _python_encode(char: str, wrong: str) -> bytes | None:
    try:
        return recode.chain.encode(char, wrong)
    except UnicodeEncodeError:
        return None


def _python_decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


# --- the codec tables ---------------------------------------------------------------------


def test_the_model_holds_every_page_the_chains_read_with() -> None:
    pages = {wrong.removeprefix("sloppy-") for chain in CHAINS for wrong in [chain.wrong]
             if recode.single_byte(wrong)}
    assert pages <= set(model.PAGES)


@core
@pytest.mark.parametrize("wrong", WRONG)
def test_every_bmp_character_encodes_as_python_encodes_it(wrong: str) -> None:
    assert _kernels.core is not None
    assert _kernels.core.encode_each(wrong, BMP) == [_python_encode(c, wrong) for c in BMP]


@core
def test_astral_characters_encode_as_python_encodes_them() -> None:
    assert _kernels.core is not None
    astral = [chr(code) for code in [*range(0x10000, 0x110000, 97), 0x10FFFF, 0x1F600, 0x20000]]
    for wrong in WRONG:
        assert _kernels.core.encode_each(wrong, astral) == [_python_encode(c, wrong)
                                                            for c in astral], wrong


@core
@pytest.mark.parametrize("codec", ["gb18030", "cp950"])
def test_the_prefilter_encodes_every_character_as_python_does(codec: str) -> None:
    assert _kernels.core is not None
    every = "".join([*BMP, *map(chr, range(0x10000, 0x110000, 89)), "\U0010ffff"])
    assert _kernels.core.encode_replacing(codec == "gb18030", every) == every.encode(
        codec, "replace")


@core
@pytest.mark.parametrize("codec", ["utf-8", "gb18030", "cp950"])
def test_every_byte_and_byte_pair_decodes_as_python_decodes_it(codec: str) -> None:
    assert _kernels.core is not None
    datas = [b"", *(bytes([byte]) for byte in range(256)),
             *(bytes([lead, trail]) for lead in range(256) for trail in range(256))]
    assert _kernels.core.decode_each(codec, datas) == [_python_decode(d, codec) for d in datas]


@core
def test_every_four_byte_gb18030_sequence_decodes_as_python_decodes_it() -> None:
    assert _kernels.core is not None
    digits, leads = range(0x30, 0x3A), range(0x81, 0xFF)
    for first in leads:  # one lead at a time: 12,600 sequences each, 1.6 million in all
        datas = [bytes([first, second, third, fourth])
                 for second in digits for third in leads for fourth in digits]
        assert _kernels.core.decode_each("gb18030", datas) == [
            _python_decode(d, "gb18030") for d in datas], hex(first)
    # Bytes outside the ranges where four bytes are read, and sequences cut short.
    odd = [bytes([a, b, c, d]) for a in (0x80, 0x81, 0x84, 0x8F, 0x90, 0xE3, 0xE4, 0xFE, 0xFF)
           for b in (0x2F, 0x30, 0x39, 0x3A) for c in (0x80, 0x81, 0xFE, 0xFF)
           for d in (0x2F, 0x30, 0x39, 0x3A)]
    odd += [data[:cut] for data in odd for cut in (1, 2, 3)]
    assert _kernels.core.decode_each("gb18030", odd) == [_python_decode(d, "gb18030")
                                                         for d in odd]


@core
def test_every_three_and_four_byte_utf8_sequence_decodes_as_python_decodes_it() -> None:
    assert _kernels.core is not None
    for lead in range(0xE0, 0xF0):  # surrogates (ED A0-BF) and overlongs (E0 80-9F) among them
        datas = [bytes([lead, second, third]) for second in range(256) for third in range(256)]
        assert _kernels.core.decode_each("utf-8", datas) == [_python_decode(d, "utf-8")
                                                             for d in datas], hex(lead)
    tails = range(0x7F, 0xC1)  # every continuation byte and one on either side
    for lead in range(0xF0, 0xF8):  # overlongs (F0 80-8F), past U+10FFFF (F4 90-, F5-F7)
        datas = [bytes([lead, second, third, fourth])
                 for second in tails for third in tails for fourth in tails]
        assert _kernels.core.decode_each("utf-8", datas) == [_python_decode(d, "utf-8")
                                                             for d in datas], hex(lead)


@core
@SETTINGS
@given(st.binary(max_size=24), st.sampled_from(["utf-8", "gb18030", "cp950"]))
@example(b"\x81\x30\x81\x30\x41\xa4\x40", "gb18030")
@example(b"\xed\xa0\x80", "utf-8")
@example(b"\xc0\xaf", "utf-8")
def test_byte_strings_decode_as_python_decodes_them(data: bytes, codec: str) -> None:
    assert _kernels.core is not None
    assert _kernels.core.decode_each(codec, [data]) == [_python_decode(data, codec)]


# --- the candidate search -----------------------------------------------------------------

# Sentences a scraper meets: news, forum posts, product titles, classical lines, mixed Chinese
# and English, both scripts.
SENTENCES = [
    "国务院常务会议今天在北京召开，研究部署进一步扩大内需的措施。",
    "楼主说得对，这个版本的驱动确实有问题，我昨天也遇到了。",
    "【包邮】华为 Mate 60 Pro 手机壳 全包防摔 磨砂保护套",
    "床前明月光，疑是地上霜。举头望明月，低头思故乡。",
    "请先阅读 README.md 文件，然后运行 pip install textfix 安装。",
    "臺灣師範大學的圖書館週末開放到晚上十點。",
    "這款筆記型電腦的螢幕解析度很高，續航力也不錯。",
    "价格：￥299.00（含税），库存 12 件",
    "第3章 数据结构与算法——链表、栈和队列",
    "上海今日多云转晴，最高气温28°C。",
]
CLEAN = ["Hello, world! The price is 25 € today.", "café au lait, naïve résumé",
         "Привет, мир", "2023-05-01 12:00:00 INFO server started", "ボタンを押してください"]


def garbled(sentence: str, chain: Chain) -> str:
    """``sentence`` written in the chain's true codec and read by its wrong one, as the
    software that made the mojibake did (a double-byte reader writes U+FFFD for what it
    cannot read)."""
    data = sentence.encode(chain.true, "replace")
    if chain.wrong.startswith("sloppy-"):
        return data.decode("latin-1").translate(
            dict(enumerate(recode.chain.sloppy_table(chain.wrong[7:])[0])))
    return data.decode(chain.wrong, "replace")


def _windows_question(error: UnicodeError) -> tuple[str, int]:
    """What Windows' MultiByteToWideChar does with a GBK pair it cannot read: "?" for it, and
    the byte after the bad one goes with it."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return "?", min(error.start + 2, len(error.object))


codecs.register_error("textfix-test-windows", _windows_question)


# UTF-8 read with loss, as real decoders lose it: GBK and Big5 decoders writing U+FFFD, Windows
# writing "?", a cp1252 decoder dropping its undefined bytes, a no-break space turned into a
# plain one; each with the chain that reads it back.
LOSSY: list[tuple[Callable[[str], str], Chain]] = [
    (lambda text: text.encode("utf-8").decode("gbk", "replace"), Chain("gbk", "utf-8")),
    (lambda text: text.encode("utf-8").decode("cp950", "replace"), Chain("cp950", "utf-8")),
    (lambda text: text.encode("utf-8").decode("gbk", "textfix-test-windows"),
     Chain("gbk", "utf-8")),
    (lambda text: text.encode("utf-8").decode("cp1252", "ignore"), Chain("sloppy-cp1252", "utf-8")),
    (lambda text: garbled(text, Chain("sloppy-cp1252", "utf-8")).replace("\xa0", " "),
     Chain("sloppy-cp1252", "utf-8")),
    (lambda text: text.encode("utf-8").decode("latin-1").replace("\xa0", " "),
     Chain("latin-1", "utf-8")),
]


def lossy(text: str, how: int, seed: int) -> str:
    """``text`` with one kind of loss at a few places: a character dropped, written as "?",
    or as U+FFFD, or a space after it."""
    if not text:
        return text
    chars = list(text)
    for step in range(1 + seed % 3):
        at = (seed * 7919 + step * 104729) % len(chars)
        chars[at] = ["", "?", "\ufffd", chars[at] + " "][how]
    return "".join(chars)


def assert_same(text: str, chain: Chain) -> list[recode.WindowGains]:
    """The core's units are the reference's, where lost bytes are marked (the default) and
    where they are guessed (lossy="guess"); the default's are returned."""
    found = []
    for guess in (True, False):
        token = recode.search.GUESSING.set(guess)
        try:
            expected = recode.REFERENCE.unit_gains(text, chain)
            assert recode.search._core_unit_gains(text, chain) == expected, guess
        finally:
            recode.search.GUESSING.reset(token)
        found.append(expected)
    return found[-1]  # type: ignore[no-any-return]


chains = st.sampled_from(CHAINS)


@core
@SETTINGS
@given(st.sampled_from(SENTENCES), chains, st.integers(0, 40), st.integers(0, 40),
       st.sampled_from([*CLEAN, ""]))
def test_garbled_sentences_give_the_same_units(sentence: str, chain: Chain, cut: int,
                                               length: int, clean: str) -> None:
    """A garbled stretch inside clean text: its whole, or a part of it, beside clean Chinese
    and Western text."""
    garbled_part = garbled(sentence[cut:cut + length] or sentence, chain)
    assert_same(sentence[:cut] + garbled_part + clean + sentence[cut + length:], chain)
    assert_same(garbled_part, chain)


@core
@SETTINGS
@given(st.sampled_from(SENTENCES), st.sampled_from(range(len(LOSSY))), st.integers(0, 40),
       st.integers(1, 40), st.sampled_from([*CLEAN, ""]))
def test_text_read_with_loss_gives_the_same_units(sentence: str, which: int, cut: int,
                                                  length: int, clean: str) -> None:
    """Text that a real decoder lost bytes of, whole and as a stretch inside clean text."""
    garble, chain = LOSSY[which]
    part = garble(sentence[cut:cut + length] or sentence)
    assert_same(garble(sentence), chain)
    assert_same(sentence[:cut] + part + clean + sentence[cut + length:], chain)


@core
@SETTINGS
@given(st.sampled_from(SENTENCES), chains, st.integers(0, 3), st.integers(0, 1000))
def test_damaged_sentences_give_the_same_units(sentence: str, chain: Chain, how: int,
                                             seed: int) -> None:
    assert_same(lossy(garbled(sentence, chain), how, seed), chain)
    assert_same("新闻：" + lossy(garbled(sentence, chain), how, seed) + " (转载)", chain)


# What the search meets besides: mojibake of every chain, the characters the Western pages
# write, lone surrogates, astral characters, U+FFFF, private use, loss markers.
PIECES = ["浣犲ソ", "ÄãºÃ", "ä½ å¥½", "锟斤拷", "ï¿½", "鍥絃", "嚙踝蕭", "Ã©", "â€œ", "Â ",
          "\ufffd", "?", "\uffff", "\ue000", "😀", "𠀀", "\ud800", "\udfff", "\ud83d\ude00",
          "é", "€", "\x81", "\x8d", " ", "\n", "，", "中", "A"]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.characters(exclude_categories=()),
                           st.sampled_from("".join(recode.upper_half("sloppy-cp1252")
                                                   + recode.upper_half("sloppy-mac_roman")))),
                 max_size=40).map("".join)


@core
@SETTINGS
@given(texts, chains)
@example("", Chain("gbk", "utf-8"))
@example("", Chain("latin-1", "gb18030"))
@example("\ud800\udc00浣犲ソ", Chain("gbk", "utf-8"))
@example("浣犲ソ" * 40, Chain("gbk", "utf-8"))  # more matches than windows: the whole line
def test_arbitrary_strings_give_the_same_units(text: str, chain: Chain) -> None:
    assert_same(text, chain)


@SETTINGS
@given(texts, chains)
@example("新闻：" + "浣犲ソ涓栫晫锛岃繖鏄竴涓祴璇�" + " 完", Chain("gbk", "utf-8"))
def test_a_window_left_out_has_no_run_to_pick(text: str, chain: Chain) -> None:
    """The windows ``unit_gains`` leaves out (no run saves the margin) are ones of which
    ``_accepted_runs`` picks nothing: the repairs are those of every window."""
    windows = [] if recode.search._hopeless(text, chain) else recode.search._windows(text, chain)
    every = [recode.search._window_gains(text, start, end, chain, False)
             for start, end in windows]
    assert [repair for window in every for repair in recode._accepted_runs(chain, *window)] == \
        recode.repair_runs(text, chain)


@core
def test_the_core_searches_every_chain_it_holds() -> None:
    """The core answers for every chain but those between Big5 and GBK (the reference would
    answer for them unseen, and these tests compare nothing)."""
    assert _kernels.core is not None
    text = garbled(SENTENCES[0], Chain("gbk", "utf-8"))
    for chain in CHAINS:
        assert _kernels.core.unit_gains(text, chain.wrong, chain.true, False) is not None, chain
    assert _kernels.core.unit_gains(text, "gbk", "cp950", False) is None
    assert _kernels.core.unit_gains(text, "sloppy-koi8_r", "utf-8", True) is None


def test_repairs_read_the_garbled_stretch_back() -> None:
    """Every sentence its chain garbles without a loss comes back whole from between clean
    text, by either implementation."""
    tried = 0
    for chain in CHAINS:
        for sentence in SENTENCES:
            try:
                sentence.encode(chain.true)
            except UnicodeEncodeError:
                continue  # cp950 has no simplified-only characters
            text = garbled(sentence, chain)
            if "\ufffd" in text:
                continue  # the wrong codec could not read it all
            repairs = recode.repair_runs(f"新闻：{text} 完", chain)
            assert [repair.after for repair in repairs] == [sentence], (chain, sentence)
            tried += 1
    assert tried > 100


def test_clean_text_has_nothing_to_repair() -> None:
    for chain in CHAINS:
        for sentence in SENTENCES + CLEAN:
            assert recode.repair_runs(sentence, chain) == [], (chain, sentence)


# Of the paragraphs with nothing a single-byte chain's code page writes above 7F (its units
# are ASCII and characters it cannot write, read alike by both), one in this many is compared:
# the reference takes 2.5 ms a paragraph on them.
_SAMPLED = 100


@core
@corpus
@pytest.mark.parametrize("corpus", ["dev", "literary"])
@pytest.mark.parametrize("chain", CHAINS, ids=lambda chain: chain.name)
def test_the_same_units_on_the_corpus_paragraphs(corpus: str, chain: Chain) -> None:
    """Every paragraph through the chains from GBK and Big5 into UTF-8; through a Western code
    page, every paragraph that holds a character it writes above 7F, and one in _SAMPLED of
    the rest."""
    western = re.compile(f"[{re.escape(recode.upper_half(chain.wrong))}]"
                         if recode.single_byte(chain.wrong) else ".")
    compared = 0
    for index, text in enumerate(corpus_paragraphs(corpus)):
        if western.search(text) or index % _SAMPLED == 0:
            assert_same(text, chain)
            compared += 1
    assert compared > 50
