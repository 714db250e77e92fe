"""Long lines are repaired in pieces (textfix.pieces), cut where no layer's decision straddles
the cut: the pieces give what the whole line gives, and a stream gives what ``fix`` gives."""

from __future__ import annotations

import io
import random

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import textfix
from textfix import pieces, stream
from textfix.pipeline import clean, make_plan

PIECE = 256  # small pieces, so that a few paragraphs on one line make many of them

NEWS = (
    "新华社北京3月5日电，第十四届全国人民代表大会第二次会议今天上午在人民大会堂开幕。",
    "国务院总理在政府工作报告中提出，今年国内生产总值增长预期目标为百分之五左右。",
    "报告说，要加快发展新质生产力，推动产业链供应链优化升级，积极培育新兴产业和未来产业！",
    "据统计，去年全国城镇新增就业1244万人，居民消费价格上涨0.2%。",
    "有关负责人表示，将继续实施积极的财政政策和稳健的货币政策，加强政策工具创新和协调配合；",
)
TRADITIONAL = (
    "中央社台北5日電，行政院會今天通過明年度中央政府總預算案，歲出規模達新台幣2.88兆元。",
    "氣象署表示，受東北季風影響，北部及東北部地區明天起轉涼，低溫約攝氏15度。",
    "立法院今天三讀通過相關修正草案，未來網路平台業者須負起更多查核責任？",
    "衡陽市僑聯今日發布公告，歡迎海外僑胞返鄉參加文化交流活動。",
)
FORUM = (
    "今日去咗旺角食嘢，啲魚蛋好好味，不過排咗成個鐘先買到。",
    "有冇人知道呢部機點解開唔到？我試咗重新啟動都冇用。",
    "楼主说得对，这个函数(function)的返回值要先判断是否为空，不然会报错。",
    "请问 Python 3.12 的 asyncio 和 3.11 有什么区别？求大神解答！",
    "我部電腦用咗三年，而家開機要成兩分鐘，係咪要換SSD？",
)
# Garbled runs and what they were: UTF-8 read as GBK, GBK read as Latin-1, UTF-8 read as cp1252.
ORIGINALS = ("国务院总理在政府工作报告中提出", "今年经济增长预期目标", "政府工作报告")
GARBLED = {
    # 总 lost its last byte to U+FFFD: 64 characters fit, and it stays lost (lossy="mark").
    ORIGINALS[0].encode().decode("gbk", "replace"): ORIGINALS[0].replace("总", "\ufffd"),
    ORIGINALS[1].encode("gbk").decode("latin-1"): ORIGINALS[1],
    ORIGINALS[2].encode().decode("cp1252", "replace"): ORIGINALS[2],
}


def one_line(paragraphs: list[str]) -> str:
    return "".join(paragraphs)


def paragraphs(seed: int, count: int) -> list[str]:
    chooser = random.Random(seed)
    return [chooser.choice(NEWS + TRADITIONAL + FORUM) for _ in range(count)]


def unsplit(monkeypatch: pytest.MonkeyPatch, text: str, **options: object) -> str:
    """``fix`` with the line repaired at once, as before pieces."""
    with monkeypatch.context() as patch:
        patch.setattr(pieces, "PIECE_CHARS", 1 << 40)
        return textfix.fix(text, **options)  # type: ignore[arg-type]


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pieces, "PIECE_CHARS", PIECE)


def always_clean(text: str) -> bool:
    return True


# --- where a line is cut -------------------------------------------------------------------


def test_the_cut_is_after_the_last_sentence_end_before_a_han_character() -> None:
    line = one_line(list(NEWS))
    cut = pieces.next_cut(line, 0, always_clean, piece=PIECE)
    assert line[cut - 1] in "。！？；" and "\u4e00" <= line[cut] <= "\u9fff"
    assert PIECE // 2 <= cut <= PIECE
    later = [i + 1 for i, char in enumerate(line[cut:PIECE], cut) if char in "。！？；"]
    assert not [i for i in later if i < len(line) and "\u4e00" <= line[i] <= "\u9fff"]


def test_no_cut_near_a_trigger() -> None:
    plan = make_plan(None, None, {})
    news = one_line(list(NEWS) * 3)
    plain = pieces.next_cut(news, 0, lambda text: clean(text, plan), piece=PIECE)
    garbled = next(iter(GARBLED))
    # the same line with a garbled run right after the place it was cut at
    line = news[:plain] + garbled + news[plain:]
    cut = pieces.next_cut(line, 0, lambda text: clean(text, plan), piece=PIECE)
    assert cut < plain - pieces.NEAR or cut > plain + len(garbled) + pieces.NEAR
    assert clean(line[cut - pieces.NEAR : cut + pieces.NEAR], plan)


def test_a_reading_in_parentheses_is_no_place_to_cut() -> None:
    plan = make_plan(None, None, {})
    line = ("衡陽市僑聯(lián)今日發布公告。" * 40)
    cut = pieces.next_cut(line, 0, lambda text: clean(text, plan), piece=PIECE)
    # every sentence end is near a reading, so none is clean: still a sentence end
    assert line[cut - 1] == "。" and line[cut:].startswith("衡陽市僑聯(lián)")


def test_between_words_when_no_sentence_ends() -> None:
    line = " ".join(["the quick brown fox jumps over the lazy dog"] * 20)
    cut = pieces.next_cut(line, 0, always_clean, piece=PIECE)
    assert line[cut - 1] == " " and line[cut] != " " and PIECE // 2 <= cut <= PIECE


def test_the_last_resort_keeps_a_combining_mark_with_its_letter() -> None:
    line = "e\u0301" * PIECE
    cut = pieces.next_cut(line, 0, always_clean, piece=PIECE)
    assert line[cut] == "e" and cut <= PIECE


def test_only_long_lines_are_cut() -> None:
    short = one_line(list(NEWS)) + "\n"
    assert pieces.spans(short * 3, always_clean, piece=1 << 20) == [(0, len(short) * 3)]
    long = one_line(list(NEWS) * 12)
    found = pieces.spans(short + long + "\n" + short, always_clean, piece=PIECE)
    assert len(found) > 3 and found[0][0] == 0 and found[-1][1] == len(short) * 2 + len(long) + 1
    assert all(len(short) < end for _, end in found)  # the first line is kept whole


def test_the_long_line_finder_sees_every_long_line() -> None:
    for length in range(60, 140):
        text = "a\n" + "字" * length + "\nb"
        assert pieces.long_lines(text, 100) == ([(2, 2 + length)] if length >= 100 else [])


# --- the pieces give what the whole line gives ----------------------------------------------


@pytest.mark.usefixtures("small_pieces")
@pytest.mark.parametrize("seed", range(4))
def test_clean_one_line_documents_come_back_unchanged(seed: int) -> None:
    line = one_line(paragraphs(seed, 60))
    assert textfix.fix(line) == line
    assert textfix.fix(line + "\n" + line) == line + "\n" + line


@pytest.mark.parametrize("seed", range(3))
def test_garbled_runs_across_the_cuts_are_repaired_as_on_the_whole_line(
        seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    base = paragraphs(seed, 40)
    monkeypatch.setattr(pieces, "PIECE_CHARS", PIECE)
    chooser = random.Random(seed)
    for position in range(PIECE // 2 - 40, 3 * PIECE, 23):  # across where the cuts fall
        garbled, original = chooser.choice(list(GARBLED.items()))
        text = one_line(base)
        damaged = text[:position] + garbled + text[position:]
        expected = text[:position] + original + text[position:]
        assert textfix.fix(damaged) == expected, position
        assert unsplit(monkeypatch, damaged) == expected, position


def test_readings_and_references_on_one_long_line(small_pieces: None,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    line = one_line(["衡陽市僑聯(lián)官網(wǎng)今日發布公告，AT&amp;T公司表示歡迎。",
                     *paragraphs(7, 30)] * 3)
    expected = line.replace("(lián)", "").replace("(wǎng)", "").replace("&amp;", "&")
    assert textfix.fix(line) == expected
    assert unsplit(monkeypatch, line) == expected


@pytest.mark.parametrize("seed", range(3))
def test_simplified_target_on_one_long_line(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    line = one_line([*TRADITIONAL, *paragraphs(seed, 40)])
    expected = unsplit(monkeypatch, line, to="simplified")
    monkeypatch.setattr(pieces, "PIECE_CHARS", PIECE)
    assert textfix.fix(line, to="simplified") == expected
    assert "臺" not in expected and "僑" not in expected


def test_steps_of_the_pieces_replay(small_pieces: None) -> None:
    garbled = list(GARBLED)
    line = one_line([*NEWS, garbled[0], *TRADITIONAL, garbled[1], "僑聯(lián)。", *FORUM,
                     garbled[2]] * 2)
    result = textfix.fix_and_explain(line)
    assert result.text == textfix.fix(line)
    assert textfix.replay(line, result.steps) == result.text


# --- a stream gives what fix gives -----------------------------------------------------------


def streamed(text: str, sizes: list[int]) -> str:
    """``text`` through ``repaired_pieces`` in blocks of ``sizes`` (cycled)."""
    blocks, position, index = [], 0, 0
    while position < len(text):
        size = sizes[index % len(sizes)]
        blocks.append(text[position : position + size])
        position, index = position + size, index + 1
    plan = make_plan(None, None, {})
    return "".join(piece for piece, _ in stream.repaired_pieces(blocks, plan))


@pytest.mark.usefixtures("small_pieces")
@pytest.mark.parametrize("sizes", [[1], [7, 300, 2], [PIECE * 2 - 1], [5000]])
def test_a_stream_of_one_long_line_gives_what_fix_gives(sizes: list[int]) -> None:
    garbled = list(GARBLED)
    text = one_line([*NEWS, garbled[0], *FORUM, garbled[1], *TRADITIONAL, garbled[2]] * 3)
    text += "\n" + text[:500] + "\n" + "標題" + garbled[1][:4]  # a short last line
    assert streamed(text, sizes) == textfix.fix(text)


def test_repair_stream_on_a_file_of_one_long_line(small_pieces: None,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stream, "READ_BYTES", 4096)
    monkeypatch.setattr(stream, "MAX_LINE", 3000)
    garbled = list(GARBLED)
    text = one_line([*paragraphs(3, 20), garbled[0], *paragraphs(4, 20), garbled[1]] * 30)
    out = io.BytesIO()
    stream.repair_stream(io.BytesIO(text.encode()), out.write, config=textfix.Config())
    assert len(text.encode()) > stream.PROBE_BYTES
    assert out.getvalue().decode() == textfix.fix(text)
    assert garbled[0] not in out.getvalue().decode()


def test_a_short_last_line_is_no_short_text() -> None:
    """A stream's last piece may be one short line: repaired as the line of a long text it is,
    not as a title on its own."""
    title = "鐵路局"  # a title whose Big5/GBK reading a short text may take
    text = one_line(list(NEWS)) + "\n" + title
    assert streamed(text, [len(text) - len(title), len(title)]) == textfix.fix(text)


_TOKENS = [*NEWS, *TRADITIONAL, *FORUM, *GARBLED, "。", "，", " ", "\n", "(lián)", "(function)",
           "&amp;", "é", "e\u0301", "\u200b", "Ã©", "ä½ å¥½", "锟斤拷", "?", "字"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=80),
       st.lists(st.integers(1, 400), min_size=1, max_size=5))
# Two pieces in one block, the cut between them forced inside a run of mojibake: the stream
# repaired them together, fix apart.
@example([NEWS[0], "½ñÄê¾\xad¼ÃÔö³¤Ô¤ÆÚÄ¿±ê", "ä½ å¥½", *[NEWS[0]] * 4], [96])
def test_any_stream_gives_what_fix_gives(tokens: list[str], sizes: list[int]) -> None:
    text = "".join(tokens)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pieces, "PIECE_CHARS", 64)
        assert streamed(text, sizes) == textfix.fix(text)


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=300), st.lists(st.integers(1, 100), min_size=1, max_size=4))
def test_any_text_loses_nothing_in_pieces(text: str, sizes: list[int]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pieces, "PIECE_CHARS", 64)
        assert streamed(text, sizes) == textfix.fix(text)
        spans = pieces.spans(text, always_clean, 64)
        assert "".join(text[start:end] for start, end in spans) == text


def test_pieces_repaired_on_two_processes_come_back_in_order() -> None:
    # the default piece size: a spawned worker (threads running) would not see a patched one
    garbled = list(GARBLED)
    text = one_line([*NEWS, garbled[0], *FORUM, garbled[1], *TRADITIONAL, garbled[2]] * 12)
    assert len(text) > 2 * pieces.PIECE_CHARS
    text = (text + "\n" + "衡陽市僑聯(lián)官網(wǎng)\n") * 3
    blocks = [text[i : i + 700] for i in range(0, len(text), 700)]
    plan = make_plan("simplified", None, {})
    one = list(stream.repaired_pieces(blocks, plan, explain=True))
    two = list(stream.repaired_pieces(blocks, plan, explain=True, jobs=2))
    assert two == one and len(one) > 5
    assert "".join(piece for piece, _ in two) == textfix.fix(text, to="simplified")
