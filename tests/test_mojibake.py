"""Mojibake layer: UTF-8 read as Latin-1/cp1252 is reversed; lost text is only reported."""

from __future__ import annotations

import codecs
import re
from functools import cache

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import textfix
from textfix import plausibility, recode
from textfix.charclass import body_ranges, char_ranges, class_body
from textfix.layers import mojibake
from textfix.layers.mojibake import (
    acceptance,
    fix_mojibake,
    latin,
    runs,
    trigger_derivation,
    triggers,
)


def read_as_cp1252(text: str) -> str:
    """What a browser shows for ``text`` sent as UTF-8 and read as windows-1252.

    Bytes that windows-1252 leaves undefined (81 8D 8F 90 9D) come through as the C1 controls of
    the same number, as they do in browsers and in Python's latin-1.
    """
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


def read_as_latin1(text: str) -> str:
    return text.encode("utf-8").decode("latin-1")


ORIGINALS = [
    "你好，世界",
    "【正品保证】小米手环8 NFC版",
    "标题：今日新闻联播",
    "“引号”和‘单引号’测试。",
    "這家餐廳的牛肉麵非常好吃！",
    "华为Mate 60 Pro 12GB+512GB 雅川青",
    "// 计算用户的平均年龄（单位：岁）",
]


def test_helper_really_makes_mojibake() -> None:
    assert read_as_cp1252("你好") == "ä½\u00a0å¥½"
    assert read_as_cp1252("，") == "ï¼Œ"
    assert read_as_latin1("小") == "å°\x8f"


@pytest.mark.parametrize("original", ORIGINALS)
def test_utf8_read_as_cp1252(original: str) -> None:
    broken = read_as_cp1252(original)
    assert broken != original
    assert textfix.fix(broken) == original
    assert fix_mojibake(broken) == original


@pytest.mark.parametrize("original", ORIGINALS)
def test_utf8_read_as_latin1(original: str) -> None:
    broken = read_as_latin1(original)
    assert textfix.fix(broken) == original


def test_known_literal_mojibake() -> None:
    assert textfix.fix("ä½\u00a0å¥½ï¼Œä¸–ç•Œ") == "你好，世界"
    assert textfix.fix("å°\x8fç±³æ‰‹çŽ¯8 NFCç‰ˆ") == "小米手环8 NFC版"


def test_fullwidth_punctuation_and_curly_quotes_survive() -> None:
    # ftfy's defaults would fold ， into , and straighten “”; textfix switches those off.
    original = "他说：“今天，我们休息。”"
    assert textfix.fix(read_as_cp1252(original)) == original


def test_mojibake_span_inside_correct_text() -> None:
    assert textfix.fix("标题：" + read_as_cp1252("你好世界")) == "标题：你好世界"


def test_only_the_broken_line_changes() -> None:
    text = "第一行是正常的。\n" + read_as_cp1252("第二行是乱码。") + "\n第三行 Café。"
    assert textfix.fix(text) == "第一行是正常的。\n第二行是乱码。\n第三行 Café。"


def test_mojibake_then_annotation_then_conversion() -> None:
    broken = read_as_cp1252("衡陽市僑聯(lián)")
    assert textfix.fix(broken) == "衡陽市僑聯"
    assert textfix.fix(broken, to="simplified") == "衡阳市侨联"


def test_mojibake_layer_off() -> None:
    broken = read_as_cp1252("你好，世界")
    assert textfix.fix(broken, mojibake=False) == broken


def test_explain_and_replay() -> None:
    text = "正常\n" + read_as_cp1252("乱码")
    result = textfix.fix_and_explain(text)
    assert result.text == "正常\n乱码"
    assert [s.layer for s in result.steps if s.changed] == ["mojibake"]
    assert textfix.replay(text, result.steps) == result.text


DAMAGE = [
    ("锟斤拷", "文件名：锟斤拷锟斤拷.txt", "锟斤拷锟斤拷"),
    ("replacement", "数据\ufffd\ufffd丢失", "\ufffd\ufffd"),
    ("tang", "内存内容：烫烫烫烫烫", "烫烫烫烫烫"),
    ("tun", "缓冲区：屯屯屯屯", "屯屯屯屯"),
    ("question-marks", "张??先生", "??"),
]


@pytest.mark.parametrize(("text", "damage"), [(t, d) for _, t, d in DAMAGE],
                         ids=[name for name, _, _ in DAMAGE])
def test_irrecoverable_damage_is_reported_not_repaired(text: str, damage: str) -> None:
    assert textfix.fix(text) == text
    result = textfix.fix_and_explain(text)
    assert result.text == text
    assert not result.changed
    findings = [s for s in result.steps if s.before == damage]
    assert len(findings) == 1
    finding = findings[0]
    assert finding.layer.startswith("mojibake")
    assert finding.before == finding.after
    assert not finding.changed
    assert text[finding.start:finding.end] == damage
    assert textfix.replay(text, result.steps) == text


@pytest.mark.parametrize("text", ["真的吗??", "What?? 真的吗", "Really??"])
def test_question_marks_not_between_han_are_not_damage(text: str) -> None:
    # Only a run of "?" between Han characters is what a lossy encoder leaves behind.
    assert textfix.fix_and_explain(text).steps == ()


def test_damage_is_no_utf8_to_search() -> None:
    # 锟斤拷 is U+FFFD written in GBK: its bytes read as UTF-8 only add loss markers, so the
    # prefilter of the unit search finds nothing in a line of it (the line was searched unit by
    # unit at 40 µs a character), while real UTF-8 read as GBK beside it still is found.
    chain = recode.Chain("gbk", "utf-8")
    assert recode.search._hopeless("锟斤拷" * 30 + "烫烫烫", chain)
    assert not recode.search._hopeless("锟斤拷浣犲ソ涓栫晫", chain)
    assert textfix.fix("浣犲ソ锟斤拷涓栫晫，锟斤拷烫烫烫烫") == "你好锟斤拷世界，锟斤拷烫烫烫烫"


@pytest.mark.parametrize("threshold", [plausibility.SUSPECT, 20.0])
def test_suspect_class_holds_exactly_the_costly_characters(threshold: float) -> None:
    suspect = re.compile(f"[{plausibility.suspect_class(threshold)}]")
    for code in range(0x80, 0x10000):
        if not 0xD800 <= code <= 0xDFFF:
            char = chr(code)
            assert (suspect.fullmatch(char) is not None) == (
                plausibility.char_cost(char) >= threshold), hex(code)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.text(alphabet="你好的鏈鑰擷ㄛ﹝\ue000\ue123ｶ丂亍鍒浣涓\n a。\x85\x00\ud800\uffff"
                        "\U00020000\U0010ffff", max_size=40))
def test_suspect_positions_are_the_suspect_class_matches(text: str) -> None:
    for threshold in (plausibility.SUSPECT, plausibility.VERY_SUSPECT):
        suspect = re.compile(f"[{plausibility.suspect_class(threshold)}]")
        assert plausibility.suspect_positions(text, threshold) == [
            match.start() for match in suspect.finditer(text)]


def test_stored_trigger_classes_are_the_derived_ones() -> None:
    # data/trigger_chars.tsv caches what the codecs and the cost model give; after a change to
    # either, `python tools/generate_triggers.py` brings it up to date.
    from textfix import data

    assert data.trigger_ranges() == trigger_derivation.derived_trigger_classes()


_COSTED = st.text(alphabet="你好世界測試详细冈細新聞éàÄãĀŁÿ abc,。，ｶ\ue000\ufffd\U00020000",
                  max_size=6)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(_COSTED, max_size=8))
def test_costs_in_words_are_those_of_each_text(texts: list[str]) -> None:
    # The units of a line are costed in one pass; the figures must be cost_in_words' own.
    assert plausibility.costs_in_words(texts) == [plausibility.cost_in_words(t) for t in texts]


@cache
def _suspect_pair() -> re.Pattern[str]:
    very = f"[{plausibility.suspect_class(plausibility.VERY_SUSPECT)}]"
    some = f"[{plausibility.suspect_class()}]"
    return re.compile(f"{very}.{{0,3}}{some}|{some}.{{0,3}}{very}")


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.text(alphabet="你好的是鏈鑰擷ㄛ﹝\ue000\ue123ｶ丂亍鍒浣涓犲ソ\n a。", max_size=40))
def test_suspect_cluster_is_a_very_suspect_character_near_a_suspect_one(text: str) -> None:
    # What the cluster test means, as one (slow to compile) pattern.
    if len(text) <= plausibility.SHORT_TEXT:
        expected = re.search(f"[{plausibility.suspect_class()}]", text) is not None
    else:
        expected = _suspect_pair().search(text) is not None
    assert plausibility.suspect_cluster(text) is expected


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.text(alphabet="你好的是這個測試鏈鑰擷ㄛ﹝\ue000\ue123ｶ丂亍鍒浣涓犲ソ叫把綷請參閱喔遭僤勣嗰"
                        "笢恅中文盢结倒皚琌ь壺そ躉階傷 a。，\uffff", max_size=40))
def test_could_save_is_false_only_where_no_run_saves_the_margin(text: str) -> None:
    """The screen before the Big5/GBK search says no only where ``_most_saved``, on the whole
    line's values, bounds every run below the margin."""
    for chain in (recode.Chain("gbk", "cp950"), recode.Chain("cp950", "gb18030")):
        if recode.han._could_save(text, chain):
            continue
        read = text.translate(recode.reading_table(chain))
        missing = [match.start() for match in re.finditer(recode.UNREADABLE, read)]
        own, saved = recode.han._han_savings(text, read, missing, chain)
        halves = [value / 2 for value in saved]
        assert recode.han._most_saved(own, halves, missing) < recode.MARGIN


def test_largest_bonuses_bound_every_pair() -> None:
    as_first, as_second = recode.han._largest_bonuses()
    for pair, bits in plausibility._pair_tables()[0].items():
        assert as_first[ord(pair[0])] >= bits and as_second[ord(pair[1])] >= bits


@cache
def _han_to_han_pair() -> re.Pattern[str]:
    likely = f"[{triggers.stored_class('han_to_han')}]"
    very = f"[{plausibility.suspect_class(plausibility.VERY_SUSPECT)}]"
    return re.compile(f"{likely}.{{0,3}}(?:{likely}|{very})|{very}.{{0,3}}{likely}"
                      f"|{very}.{{0,5}}{very}")


@settings(max_examples=600, deadline=None, derandomize=True, database=None)
@given(st.text(alphabet="你好的是中文測試 \n。ㄛ﹝蔚綴〞ぃ亍亘乩鍒犲ｶ綷丂\ue000", max_size=40))
def test_han_to_han_spot_is_the_patterns_it_replaced(text: str) -> None:
    # What the spot test means, as the (slow to compile) patterns of the pairs it replaced.
    likely = re.compile(f"[{triggers.stored_class('han_to_han')}]")
    expected = plausibility.suspect_cluster(text) or (
        (likely if len(text) <= plausibility.SHORT_TEXT else _han_to_han_pair()).search(text)
        is not None) or re.search(f"[{triggers.stored_class('alone')}]", text) is not None or (
        mojibake.short_trigger(text))
    assert runs._han_to_han_spot(text) is expected


@pytest.mark.parametrize("text", [
    "這是一個測試，繁體中文的句子。",
    "这是简体中文，里面有 ASCII 的 Latin 字母 L 和 H。",
    "café 這個 naïve 的 résumé L这é中文 Hé這L这",  # Latin letters, ASCII L/H beside Han
    "盢\ue6a9\ue04c结倒皚\ue6a9@foo, \ue79e琌",  # Big5 read as GBK
    "ь壺そ躉ㄛ悵隱絞ヶ俴婓そ躉階傷﹝",  # GBK read as Big5
    "𠀀 astral 𪚥 characters 這個",
    "喔遭到僤勣嗰的問題",  # keys (simplified forms) that are astral: of 喔 and 遭 read, of 僤
    "", "字",
])
def test_han_savings_by_code_match_the_strings(text: str) -> None:
    """The Big5/GBK gains computed on code units are the numbers the string costing gives,
    and the credited gains those of the character-by-character loop they replace."""
    for chain in (recode.Chain("gbk", "cp950"), recode.Chain("cp950", "gb18030")):
        read = text.translate(recode.reading_table(chain))
        missing = [match.start() for match in re.finditer(recode.UNREADABLE, read)]
        own, saved = recode.han._han_savings(text, read, missing, chain)
        by_strings, saved_by_strings = recode.han._han_savings_of_strings(text, read, missing)
        assert saved == saved_by_strings  # (what a character with no reading saves is unused)
        assert [gain for index, gain in enumerate(own) if index not in missing] == [
            gain for index, gain in enumerate(by_strings) if index not in missing]
        readings = [None if after == recode.UNREADABLE else (after, True) for after in read]
        looped: list[float | None] = [
            None if reading is None else before - after
            for reading, before, after in zip(readings, plausibility.char_costs(text),
                                              plausibility.char_costs(read), strict=True)]
        recode.search._add_pair_gains(looped, list(text), readings)
        halves = [value / 2 for value in saved]
        assert recode.han._with_pair_credit(own, saved, halves, missing) == looped
        best = max((sum(looped[first:last])  # type: ignore[arg-type]
                    for first in range(len(text)) for last in range(first + 1, len(text) + 1)
                    if None not in looped[first:last]), default=0.0)
        assert recode.han._most_saved(own, halves, missing) >= best - 1e-6


def test_a_page_of_damage_starts_no_layer() -> None:
    # 锟 begins UTF-8 read as GBK, but 锟斤拷 is U+FFFD written in GBK: nothing to read back.
    from textfix import pipeline

    page = "\n".join(["锟斤拷烫烫烫锟斤拷锟斤拷，锟斤拷"] * 50)
    assert pipeline._layers_to_run(page, pipeline.DEFAULT_PLAN) == set()
    assert pipeline._layers_to_run("锟浣犲ソ", pipeline.DEFAULT_PLAN) == {"mojibake"}
    assert textfix.fix("新闻：锟斤拷浣犲ソ涓栫晫") == "新闻：锟斤拷你好世界"


def _ftfy_first_reference(line: str) -> tuple[str, tuple[str, ...]] | None:
    """What ``latin.ftfy_fixed(line, first=True)`` is defined as: ftfy's repair with every option,
    refused where it decodes pieces of the line, makes Chinese, odd letters or a character no
    text uses (ð²‘ and a space read back as UTF-8 is U+32460, unassigned)."""
    import ftfy

    from textfix import evidence

    fixed, explanation = ftfy.fix_and_explain(line, config=mojibake.ftfy_config())
    steps = explanation or []
    piecewise = ("apply", "decode_inconsistent_utf8") in steps
    if (fixed == line or piecewise or acceptance.CJK.search(fixed)
            or evidence.odd_letters(line, fixed) or evidence.makes_unused(line, fixed)):
        return None
    return fixed, tuple(latin._ftfy_steps(steps))


# Pieces of European words and of Chinese, as they are and as UTF-8 or GBK read as a Western
# code page, and the Latin-1 and cp1252 characters, C1 controls among them, they are made of.
_PIECES = [reading for word in ("Liège", "Zürich", "Łódź", "Ελλάδα", "你好", "世界")
           for codec in ("utf-8", "gbk") for page in ("latin-1", "cp1252", "cp1250")
           for reading in (word, word.encode(codec, "ignore").decode(page, "ignore"))]
_WESTERN = st.lists(st.sampled_from(_PIECES) | st.text(
    alphabet="ÃÂÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ"
             "¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ\x81\x8d\x8f\x90\x9d ab",
    max_size=4), max_size=6).map("".join)


@settings(max_examples=500, deadline=None)
@given(_WESTERN)
@example("ð²‘ ")  # U+32460, unassigned, read back from its bytes and an NBSP made a space
def test_ftfy_is_asked_first_as_if_with_every_option(line: str) -> None:
    # The layer first asks ftfy without its piecewise decode, which is cheaper, and only
    # where that changes something asks again with every option.
    assert latin.ftfy_fixed(line, first=True) == _ftfy_first_reference(line)


def test_ftfy_first_reads_a_european_line_and_leaves_gbk_read_as_latin1() -> None:
    assert latin.ftfy_fixed("LiÃ¨ge et ZÃ¼rich", first=True) == (
        "Liège et Zürich", ("utf-8 read as latin-1",))
    assert latin.ftfy_fixed("ÄãºÃ£¬ÊÀ½ç", first=True) is None


def test_the_pages_read_back_whole_are_ftfys() -> None:
    from ftfy.chardata import CHARMAP_ENCODINGS

    def name(page: str) -> str:
        return codecs.lookup(page.removeprefix("sloppy-")).name

    ours = {"latin-1", "sloppy-windows-1252"}  # the chains' own pages
    assert sorted(map(name, mojibake.FTFY_PAGES)) == sorted(
        name(page) for page in CHARMAP_ENCODINGS if page not in ours)


@pytest.mark.parametrize("page", ["cp1251", "cp1253", "cp1257", "iso-8859-2", "cp437"])
def test_chinese_read_as_a_non_western_page_starts_the_layer(page: str) -> None:
    garbled = "编译成功，共三个文件".encode().decode(page, "replace")
    assert re.search(mojibake.trigger(), garbled)

_SHORT_ALPHABET = "匡兜瑩茬腔源楊妏蚚你好的是中文 aN-\n。ㄛ\ue000"


@settings(max_examples=600, deadline=None, derandomize=True, database=None)
@given(st.text(alphabet=_SHORT_ALPHABET, max_size=50))
def test_short_trigger_runs_the_layer(text: str) -> None:
    # The pipeline's scan stops at the short-text class only in a text of about twice the
    # short length (fixed-width lookarounds); wherever short_trigger holds it must stop there.
    from textfix import pipeline
    if mojibake.short_trigger(text):
        assert pipeline.DEFAULT_PLAN.scan.search(text) is not None
        assert pipeline.scan(text, pipeline.DEFAULT_PLAN) is not None
        assert "mojibake" in pipeline._layers_to_run(text, pipeline.DEFAULT_PLAN)


@settings(max_examples=600, deadline=None, derandomize=True, database=None)
@given(st.text(alphabet=_SHORT_ALPHABET + "詳細冈細新聞體", max_size=24))
def test_whole_could_save_bounds_the_whole_reading(text: str) -> None:
    # Where the screen says no, the whole reading saves less than the margin.
    for chain in (recode.Chain("gbk", "cp950"), recode.Chain("cp950", "gb18030")):
        after = text.translate(recode.reading_table(chain))
        if recode.UNREADABLE in after or recode.whole_could_save(text, chain):
            continue
        gain = plausibility.cost_in_words(text) - plausibility.cost_in_words(after)
        assert gain < recode.MARGIN


def test_listed_class_is_the_class() -> None:
    # The scan takes the short-text class as a list of characters, the trigger as a class.
    body = triggers.stored_class("short_text")
    listed = re.sub(r"\\(.)", r"\1", triggers._stored_list("short_text"))
    assert len(set(listed)) == len(listed)
    assert re.fullmatch(f"[{body}]+", listed)
    assert not re.search(f"[^{re.escape(listed)}]", "".join(
        chr(code) for code in range(0x80, 0x10000)
        if not 0xD800 <= code < 0xE000 and re.match(f"[{body}]", chr(code))))


@pytest.mark.parametrize("chars", ["", "a", "-", "\\", "]^-", "abcx-z", "锟斤拷涓浣鍒",
                                   "\u3400\u3401\u9fff\U00020000"])
def test_class_ranges_read_back(chars: str) -> None:
    # The stored classes are read back from class bodies as their writers spell them.
    assert body_ranges(class_body(chars)) == char_ranges(chars)
    assert body_ranges(re.escape("".join(sorted(set(chars))))) == char_ranges(chars)


# A shop page with its line breaks removed (one JSON field): clean symbol stretches far apart
# from one real piece of UTF-8 read as cp1252.
ONE_LINE_PAGE = ("新品上市：Café®© 拿铁咖啡豆 500g，产地 Αθήνα®€3.5 的合作农场。 "
                 "Łódź®© 分店今日开业，欢迎光临。 会员价 ±2°C 冷藏保存，"
                 "配送说明见 Αθήνα»£1,299 页面。 ")


def test_ftfy_changes_far_apart_in_one_line_are_judged_one_by_one() -> None:
    garbled = ONE_LINE_PAGE + "Le cafÃ© de lâ€™Ã©tÃ© est arrivÃ©."
    assert textfix.fix(garbled) == ONE_LINE_PAGE + "Le café de l’été est arrivé."


def test_clean_symbols_in_one_long_line_stay() -> None:
    assert textfix.fix(ONE_LINE_PAGE * 3) == ONE_LINE_PAGE * 3
    assert textfix.fix(ONE_LINE_PAGE.replace("。 ", "。\n")) == ONE_LINE_PAGE.replace("。 ", "。\n")


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.text(alphabet="abcé中文 ®©€Ã©Â", max_size=200),
       st.lists(st.tuples(st.integers(0, 200), st.integers(0, 4), st.text("xyz鮩ᮀ", max_size=3)),
                max_size=12))
def test_the_regions_of_ftfy_changes_rebuild_its_result(text: str,
                                                        edits: list[tuple[int, int, str]]) -> None:
    """Each stretch ``_regions`` finds, replaced in turn, turns the line into ftfy's result."""
    after = text
    for position, length, replacement in sorted(edits, reverse=True):
        after = after[:position] + replacement + after[position + length:]
    pieces, position = [], 0
    for first, last, start, end in latin._regions(text, after):
        assert position <= first <= last
        pieces += [text[position:first], after[start:end]]
        position = last
    assert "".join([*pieces, text[position:]]) == after


def _odd_letters_reference(before: str, after: str) -> bool:
    """``evidence.odd_letters`` as first written: the two lines trimmed of what they share at
    either end, character by character, and the scripts of every character of ``before``."""
    from textfix import evidence

    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = len(after)
    while end > start and len(before) - (len(after) - end) > start and (
            before[len(before) - (len(after) - end) - 1] == after[end - 1]):
        end -= 1
    changed = after[start:end]
    if evidence._C1_CONTROL.search(before, start, len(before) - (len(after) - end)):
        return False
    known = {evidence._letter_script(char) for char in before}
    new = [index for index, char in enumerate(changed) if not char.isascii()
           and evidence._of_a_script(char) and evidence._letter_script(char) not in known]
    return bool(new) and all(
        changed[index - 1:index].isascii() and changed[index + 1:index + 2].isascii()
        for index in new)


_LETTER_PIECES = ["Łódź", "®©", "€", "ꮩ", "۩", "25 ", "a", "Ï", "\x81", "ρ", "д", "ii", "ä"]


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(_LETTER_PIECES), max_size=8).map("".join),
       st.integers(0, 40), st.integers(0, 40),
       st.lists(st.sampled_from(_LETTER_PIECES), max_size=3).map("".join))
def test_odd_letters_of_a_change_is_that_of_the_changed_line(
        line: str, first: int, length: int, changed: str) -> None:
    # ftfy's changes to a long line are judged in place, without the changed line built.
    from textfix import evidence

    first = min(first, len(line))
    last = min(first + length, len(line))
    spliced = line[:first] + changed + line[last:]
    assert evidence.odd_letters_in(line, first, last, changed) == evidence.odd_letters(
        line, spliced) == _odd_letters_reference(line, spliced)


# What UTF-8 makes of the GBK bytes of common words: no word of any alphabet.
@pytest.mark.parametrize("word", ["系统", "一些", "模式", "小说", "委员", "某些", "太太", "微笑"])
def test_utf8_readings_of_gbk_words_are_unusual_letters(word: str) -> None:
    from textfix import evidence

    assert evidence.unusual_letters(word.encode("gbk").decode("utf-8"))


@pytest.mark.parametrize("word", ["Hôtel", "Łódź", "привет", "Україна", "Ελλάδα", "Việt Nam",
                                  "România", "nǐ hǎo", "Cafe\u0301", "iPhone和iPad",
                                  "Москва-Moscow", "IL2Rγc", "æ˜¯", "שלום", "مرحبا"])
def test_words_of_alphabets_are_no_unusual_letters(word: str) -> None:
    from textfix import evidence

    assert not evidence.unusual_letters(word)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("ab 中文é°±®©¡ïœŁódźдії\x81\x9d€™«»¿Ø]\\^-"), max_size=16),
       st.sampled_from(["latin-1", "sloppy-cp1250", "sloppy-cp1252", "sloppy-cp1254",
                        "sloppy-mac_roman"]))
def test_unwritable_ends_are_the_first_and_last_unwritable_character(line: str,
                                                                     codec: str) -> None:
    # What a run's code page cannot write outside the run is found once per line, from both
    # ends: the same as looking at every character.
    writable = acceptance._writable(codec)
    positions = [index for index, char in enumerate(line)
                 if not char.isascii() and char not in writable]
    expected = (positions[0], positions[-1]) if positions else None
    assert acceptance._unwritable_ends(line, codec) == expected


@pytest.mark.parametrize(("original", "label"), [
    ("ไทย", "a Thai word"), ("สวัสดีครับ", "a Thai greeting"), ("हिंदी", "the word Hindi"),
    ("বাংলা", "Bengali"), ("价格 ๑๒๓ บาท", "Thai digits and a word beside Chinese"),
    ("฿500", "a price in baht"),
])
def test_short_text_of_an_alphabet_reads_back(original: str, label: str) -> None:
    """A short text of Thai or an Indic script, UTF-8 read as cp1252, reads back: its
    characters come as a run of their script (or as a currency sign), where a lone sign made of
    an accented letter and two symbols (à¸µ) does not."""
    garbled = original.encode("utf-8").decode("cp1252")
    assert garbled != original
    assert textfix.fix(garbled) == original
