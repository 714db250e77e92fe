"""Properties that hold for any input: never raise, idempotent, no invented U+FFFD (only the
marks of lost bytes), exact replay."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import textfix
from textfix.explain import locate, original

# Fragments that wake up every layer: debris, references, mojibake pieces, damage, invisibles,
# radicals, decomposed marks, fullwidth forms, punctuation, surrogates.
FRAGMENTS = [
    "(", ")", "（", "）", "lián", "men", "lian2", "ㄌㄧㄢˊ", "wù", "function", "聯", "僑", "們",
    "联", "中", "国", "國", "于", "里", "為", "爲", "鹜", "&", "amp;", "&#20013;", "&nbsp;", "&lt;",
    "&amp;lt;", "<p>", "</p>", "ä", "½", "\u00a0", "å", "¥", "ï", "¼", "Œ", "â€œ", "ç•Œ",
    "锟斤拷", "烫烫烫", "??", "?", "\ufffd", "\u200b", "\u200d", "\ufeff", "\u2f08", "\uf900",
    "e\u0301", "\u0301", "\n", "\r\n", " ", "\u3000", "Ａ", "１", ",", ".", ":", "\x00", "\x85",
    "\x8f", "\ud800", "\udfff", "😀", "👩\u200d💻", "U盘", "软件",
]

texts = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.characters(exclude_categories=())),
    max_size=24,
).map("".join)

TARGETS = ["simplified", "traditional", "tw", "twp", "hk", "auto", "s2t", "t2s", "tw2sp"]

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=60))
def test_fix_never_raises_on_any_str(text: str) -> None:
    assert isinstance(textfix.fix(text), str)


@SETTINGS
@given(texts)
# A reference hidden behind invisible characters, four levels deep: each round of repairs
# uncovers one level, so a fixed number of rounds is not enough.
@example("&am&am&am&#8203;p;#8203;p;#8203;p;")
def test_fix_is_idempotent(text: str) -> None:
    once = textfix.fix(text)
    assert textfix.fix(once) == once


def assert_no_invented_replacement(text: str) -> None:
    """A U+FFFD comes out only where one went in, or as the mark of a character whose bytes a
    decoder lost (a mojibake step's reading holds it), guessing or not: guessing
    (``lossy="guess"``) fills in what has fillings and marks a character that has none (a lone
    lead byte at the end)."""
    for lossy in ("mark", "guess"):
        result = textfix.fix_and_explain(text, lossy=lossy)
        marks = sum(max(0, step.after.count("\ufffd") - step.before.count("\ufffd"))
                    for step in result.steps if step.layer == "mojibake")
        assert result.text.count("\ufffd") <= text.count("\ufffd") + marks


@SETTINGS
@given(texts)
# The ！'s last byte (81) dropped: marked by default, guessed on request.
@example("ä½ å¥½ï¼Œä¸–ç•Œï¼")
def test_fix_never_adds_replacement_characters_unmarked(text: str) -> None:
    assert_no_invented_replacement(text)


@SETTINGS
@given(texts, st.booleans(), st.booleans(), st.booleans())
def test_replay_reproduces_result(text: str, fold_width: bool, fold_spaces: bool,
                                  punctuation: bool) -> None:
    result = textfix.fix_and_explain(text, fold_width=fold_width, fold_spaces=fold_spaces,
                                     punctuation=punctuation)
    assert result.text == textfix.fix(text, fold_width=fold_width, fold_spaces=fold_spaces,
                                      punctuation=punctuation)
    assert textfix.replay(text, result.steps) == result.text
    # --explain's locations: the steps undone give the input back, every place is inside the
    # input and the output, and a step of the first group stands where its text stood.
    assert original(result.text, result.steps) == text
    for step, place in zip(result.steps, locate(result.steps), strict=True):
        assert 0 <= place.start <= place.end <= len(text)
        assert 0 <= place.output_start <= place.output_end <= len(result.text)
        if step.group == result.steps[0].group:
            assert text[place.start:place.end] == step.before


@SETTINGS
@given(texts, st.sampled_from(TARGETS))
def test_detect_and_convert_never_raise(text: str, to: str) -> None:
    report = textfix.detect_script(text)
    assert report.script in ("simplified", "traditional", "mixed", "ambiguous", "none")
    assert report.simplified + report.traditional <= report.han
    assert isinstance(textfix.convert(text, to), str)
    assert isinstance(textfix.fix(text, to=to), str)


@SETTINGS
@given(st.binary(max_size=200))
def test_decode_never_raises(data: bytes) -> None:
    result = textfix.decode(data)
    assert isinstance(result.text, str)
    assert isinstance(result.encoding, str)
    assert 0.0 <= result.confidence <= 1.0


@SETTINGS
@given(texts, st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_decode_never_raises_on_encoded_text(text: str, encoding: str) -> None:
    data = text.encode(encoding, errors="surrogatepass" if encoding != "gb18030" else "replace")
    assert isinstance(textfix.decode(data, declared="text/html; charset=gb2312").text, str)


# --- arbitrary str at its extremes, and generated Chinese text ---------------------------------

# Any code point: lone surrogates, NUL and C0/C1 controls, private use, every plane.
ANY_CHAR = st.characters(exclude_categories=())
PLANES = st.integers(0, 16).flatmap(
    lambda plane: st.integers(plane * 0x10000, plane * 0x10000 + 0xFFFF)).map(chr)
# One character repeated thousands of times: a repair trigger (( & ä 锟 ?) or anything at all.
RUNS = st.tuples(
    st.one_of(st.sampled_from(["(", "（", "&", "ä", "Ã", "ƒ", "锟", "烫", "?", "\ufffd", "\x00",
                               "\ud800", "\u200b", "聯", "浣", "\r", " ", "a"]), ANY_CHAR),
    st.integers(500, 3_000),
).map(lambda pair: pair[0] * pair[1])
EXTREMES = st.one_of(
    st.text(alphabet=st.one_of(ANY_CHAR, PLANES), max_size=80),
    RUNS,
    st.tuples(texts, RUNS, texts).map("".join),
)
# Few examples: a long run of mojibake-looking characters costs the mojibake layer up to a second
# (benchmarks/linear_time.py measures how that time grows).
LONG_SETTINGS = settings(SETTINGS, max_examples=25)


@LONG_SETTINGS
@given(EXTREMES)
@example("字(" * 3000)  # thousands of openings without a close
@example("ÃƒÂ" * 500 + "浣犲ソ锟" * 300)
def test_fix_on_extremes(text: str) -> None:
    once = textfix.fix(text)
    assert textfix.fix(once) == once
    assert_no_invented_replacement(text)


@LONG_SETTINGS
@given(EXTREMES, st.sampled_from(TARGETS))
def test_detect_and_convert_on_extremes(text: str, to: str) -> None:
    report = textfix.detect_script(text)
    assert report.simplified + report.traditional <= report.han
    converted = textfix.convert(text, to)
    assert converted.count("\ufffd") == text.count("\ufffd")


# Realistic clean text: real words of both scripts, Chinese punctuation, English words, numbers,
# fullwidth forms and line endings, none of which any repair layer should touch.
def _words(line: str) -> list[str]:
    return line.split()


WORDS = _words(
    "我们 今天 天气 很好 公园 散步 国务院 总理 北京 会见 来访 客人 双方 经贸 合作 问题 交换 意见 "
    "新华社 记者 报道 全国 人民 代表 大会 开幕 经济 发展 数字 乡村 振兴 手机 续航 电池 充电 快递 "
    "商品 价格 包邮 正品 旗舰店 优惠券 评论 楼主 回复 点赞 收藏 转发 下载 软件 安装 更新 网络 连接 "
    "学生 老师 学校 考试 成绩 医院 医生 健康 饮食 运动 旅游 酒店 机票 火车 地铁 城市 天津 上海 "
    "深圳 广州 杭州 公司 员工 工资 市场 股票 基金 银行 利率 政策 法律 环境 保护 能源 汽车 电动 "
    "這裡 群眾 討論 軟體 問題 網路 資訊 臺灣 臺北 學校 醫院 電腦 記者 報導 經濟 發展 總統 選舉 "
    "香港 澳門 銀行 颱風 捷運 便當 鐵路 圖書館 歷史 文化 藝術 電影 音樂 遊戲 運動 健康"
)
ASCII_WORDS = ["iPhone", "Wi-Fi", "USB-C", "GPT", "Python", "NBA", "5G", "CEO", "App", "OK"]
PUNCTUATION = ["，", "。", "、", "：", "；", "！", "？", "“", "”", "《", "》", "（", "）", "……",
               "——", "·", "\u3000"]
chinese_tokens = st.one_of(
    st.sampled_from(WORDS), st.sampled_from(WORDS), st.sampled_from(WORDS),
    st.sampled_from(PUNCTUATION), st.sampled_from(ASCII_WORDS).map(lambda w: f" {w} "),
    st.integers(0, 99_999).map(str), st.sampled_from(["１２", "ＡＢ", "２０２４年"]),
    st.sampled_from(["\n", "\r\n", "\r", "\t", " \n", "\u3000\u3000"]),
)
chinese_texts = st.lists(chinese_tokens, max_size=60).map("".join)


@SETTINGS
@given(chinese_texts)
@example("新华社北京电\u3000\u3000国务院总理今天会见来访客人，双方就经贸合作交换了意见。\r\n")
@example("楼主：这款 iPhone 的续航怎么样？回复：还行，充电一次能用一天。")
def test_clean_generated_chinese_is_unchanged(text: str) -> None:
    assert textfix.fix(text) == text
    assert textfix.fix_and_explain(text).steps == ()
    assert textfix.decode(text.encode("utf-8")).text == text


@SETTINGS
@given(chinese_texts, st.sampled_from(["gb18030", "big5", "utf-16", "utf-8"]))
def test_generated_chinese_round_trips_through_a_legacy_charset(text: str, encoding: str) -> None:
    # Text in a charset that can carry it, declared truthfully, decodes back to itself.
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:  # big5 lacks simplified-only characters
        encoding = "gb18030"
        data = text.encode(encoding)
    assert textfix.decode(data, declared=encoding).text == text
    assert isinstance(textfix.decode(data).text, str)


@SETTINGS
@given(chinese_texts, st.sampled_from(TARGETS))
def test_generated_chinese_converts_and_stays_fixed(text: str, to: str) -> None:
    converted = textfix.fix(text, to=to)
    assert textfix.fix(converted, to=to) == converted
    assert converted.count("\n") == text.count("\n")


LABELS = st.one_of(st.none(), st.sampled_from(
    ["gb2312", "GBK", "big5", "utf-8", "latin-1", "utf-16", "shift_jis", "x-unknown", "",
     "text/html; charset=gb2312", "charset=\"big5\"", "\x00", "utf-8\ud800"]), st.text(max_size=20))


BYTE_RUNS = st.tuples(st.binary(max_size=4), st.sampled_from([0, 0x80, 0xA1, 0xFF]),
                      st.integers(1_000, 5_000)).map(lambda t: t[0] + bytes([t[1]]) * t[2])


@SETTINGS
@given(st.binary(max_size=300), LABELS)
def test_detect_encoding_and_decode_never_raise(data: bytes, declared: str | None) -> None:
    guess = textfix.detect_encoding(data, declared=declared)
    assert 0.0 <= guess.confidence <= 1.0
    result = textfix.decode(data, declared=declared)
    assert result.encoding == guess.encoding
    assert isinstance(result.text, str)


@LONG_SETTINGS
@given(BYTE_RUNS, LABELS)
def test_decode_never_raises_on_long_byte_runs(data: bytes, declared: str | None) -> None:
    result = textfix.decode(data, declared=declared)
    assert result.encoding == textfix.detect_encoding(data, declared=declared).encoding
    assert isinstance(result.text, str)


# Issue 15: a bytes label (Scrapy's header values) raised TypeError, an int AttributeError.
NOT_LABELS = st.one_of(st.integers(), st.floats(), st.booleans(),
                       st.lists(st.text(max_size=5), max_size=2),
                       st.dictionaries(st.text(), st.text()))


@SETTINGS
@given(st.binary(max_size=300), LABELS)
def test_a_bytes_label_reads_as_its_text(data: bytes, declared: str | None) -> None:
    if declared is not None and not declared.isascii():
        return
    as_bytes = None if declared is None else declared.encode("ascii")
    assert textfix.detect_encoding(data, declared=as_bytes) == \
        textfix.detect_encoding(data, declared=declared)
    assert textfix.decode(data, declared=as_bytes).text == \
        textfix.decode(data, declared=declared).text


@SETTINGS
@given(st.binary(max_size=100), NOT_LABELS)
def test_a_label_of_another_type_is_a_clear_type_error(data: bytes, declared: object) -> None:
    calls: list[Callable[[], object]] = [
        lambda: textfix.detect_encoding(data, declared=declared),  # type: ignore[arg-type]
        lambda: textfix.decode(data, declared=declared),  # type: ignore[arg-type]
        lambda: textfix.StreamDecoder(declared),  # type: ignore[arg-type]
    ]
    why = f"str, bytes .* or None, not {type(declared).__name__}"
    for call in calls:
        with pytest.raises(TypeError, match=why):
            call()
