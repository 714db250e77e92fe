"""The dismissal of a triggered line whose runs acceptance would all turn down
(``runs.reads_nothing_kept``, the core's ``settle_each``): a line it dismisses is one the full
decisions leave to ftfy alone, on every corpus line and on arbitrary text; garbled lines are
never dismissed. The core's acceptance of runs (``kept_runs``) keeps what
``recode.repair_runs`` keeps, to the last bit, and its ``settle_each`` dismisses what the
reference does.

Clean classical text is what this is for: its rare characters give the Big5/GBK and UTF-8
chains runs to weigh on one line in ten, which ``reads_nothing`` cannot dismiss and the
decisions all turn down.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import core, corpus, corpus_paragraphs

from textfix import _kernels, fix, recode
from textfix.charclass import HAN
from textfix.layers import (
    ftfy_leaves,
    ftfy_undo,
    garbled_page,
    lossy_gbk,
    lossy_replace,
    mojibake,
)
from textfix.layers.mojibake import acceptance, quiet, runs, triggers
from textfix.layers.mojibake.chains import CHAINS, HAN_TO_HAN

SETTINGS = settings(max_examples=600, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

# Clean classical lines, traditional and simplified, whose rare characters give a chain runs to
# weigh (``reads_nothing`` does not dismiss them) and that acceptance turns all down.
CLASSICAL = [
    "鴨鴨，觜唼唼。青蒲生，春水狹。蕩漾木蘭船，中有雙少年。少年醉，鴨不起。",
    "防有鹊巢，邛有旨苕。谁侜予美？心焉忉忉。中唐有甓，邛有旨鷊。谁侜予美？心焉惕惕。",
    "绿树藏莺莺玉啼，柳丝斜拂白铜堤，弄珠江上草萋萋。日暮饮归何处客，绣鞍骢马一声嘶，满身兰麝醉如泥。",
    "青陽告謝，朱明戒序。延長是祈，敬陳椒醑。博碩斯薦，笙鏞備舉。庶盡肅恭，非馨稷黍。",
    "列位登青瑣，還鄉復綵衣。共言晨省日，便是晝遊歸。春水經梁宋，晴山入海沂。莫愁東路遠，四牡正騑騑。",
]

# Garbled lines, each read back by some chain: never dismissed.
GARBLED = [
    "浣犲ソ锛屼笘鐣岋紒浠婂ぉ澶╂皵寰堝ソ銆",  # UTF-8 read as GBK
    "ÄãºÃ£¬ÊÀ½ç£¡½ñÌìÌìÆøºÜºÃ¡£",  # GBK read as cp1252
    # A Big5 clause read as GBK after a clean one, a GBK one read as Big5 after a clean one.
    "子曰：學而時習之，不亦說乎？" + "論壇公告：請先閱讀".encode("big5").decode("gbk", "replace"),
    "这是简体中文的句子。" + "中文字幕下载，请先阅读说明".encode("gbk").decode("big5", "replace"),
]

# Every chain's runs are asked (the single-byte ones' in Western stretches).
RUN_CHAINS = list(CHAINS)


def _garbled(text: str, true: str, wrong: str) -> str:
    return text.encode(true, "replace").decode(wrong, "replace")


PIECES = [
    *CLASSICAL, *GARBLED, "咗", "嘅", "°C", "®", "é", "Ã©", "\ufffd", "?", "\ud800", "😀", "𠀀",
    "\uffff", "ボタン OK", "璸衡", "鍒嗛厤", "ÄãºÃ", "，", "。", " ", "\ue000", "叫把綷", "笢恅",
    "Привет", "快速簡间", "請參閱", "°±", "®©", "12°±0.5", "©£12", "Napíšte", "µÈÓÚ", "»ò",
    "Pokémon®©", "café", "£º", _garbled("价格", "gbk", "latin-1"),
    _garbled("請參閱說明文件，", "big5", "gbk"),
    _garbled("数据库设置。", "gbk", "big5"), _garbled("你好，世界", "utf-8", "gbk"),
    _garbled("你好，世界", "utf-8", "cp950"),
]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.characters(exclude_categories=()),
                           st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)),
                 max_size=24).map("".join)


def line_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def left_to_ftfy(line: str) -> None:
    """The decisions for a dismissed ``line``, with its own chains and with every chain: ftfy's
    part alone, as the layer gives a dismissed line."""
    alone: mojibake.LineRepairs = (mojibake._ftfy_alone(line), [])
    for chains in (runs.line_chains(line), list(CHAINS)):
        assert runs.reads_nothing_kept(line, chains), line
        assert mojibake._decided(line, chains) == alone, line


@pytest.mark.parametrize("line", CLASSICAL)
def test_a_clean_classical_line_is_dismissed_and_comes_back_unchanged(line: str) -> None:
    assert runs.line_chains(line)
    assert not runs.reads_nothing(line, list(CHAINS))  # a chain's gains may pick a run
    assert runs.reads_nothing_kept(line, list(CHAINS))
    left_to_ftfy(line)
    assert fix(line) == line


@pytest.mark.parametrize("line", GARBLED)
def test_a_garbled_line_is_not_dismissed(line: str) -> None:
    assert not runs.reads_nothing_kept(line, list(CHAINS))
    assert not runs.reads_nothing_kept(line, runs.line_chains(line))
    assert fix(line) != line


@SETTINGS
@given(texts)
@example("\ue000\ue000。")
@example("")
def test_a_dismissed_line_is_one_the_decisions_leave_to_ftfy(text: str) -> None:
    for line in text.split("\n"):
        if runs.reads_nothing_kept(line, list(CHAINS)):
            left_to_ftfy(line)


@corpus
@pytest.mark.parametrize("name", ["dev", "literary"])
def test_a_dismissed_corpus_line_is_one_the_decisions_leave_to_ftfy(name: str) -> None:
    dismissed = 0
    for paragraph in corpus_paragraphs(name):
        for line in paragraph.split("\n"):
            if (runs.line_chains(line) and runs.reads_nothing_kept(line, list(CHAINS))
                    and not runs.reads_nothing(line, list(CHAINS))):
                dismissed += 1
                left_to_ftfy(line)
    # The runs' acceptance is exercised, not vacuous: classical text is where it dismisses.
    assert dismissed >= {"dev": 1, "literary": 500}[name]


# The core against the reference.

def kept(text: str, chain: recode.Chain) -> list[tuple[int, int, str, float]]:
    assert _kernels.core is not None
    found = _kernels.core.kept_runs(text, chain, recode.search.GUESSING.get())
    assert found is not None
    return [(start, end, after, gain) for start, end, after, gain in found]


def reference_kept(text: str, chain: recode.Chain) -> list[tuple[int, int, str, float]]:
    return [(r.start, r.end, r.after, r.gain) for r in recode.REFERENCE.repair_runs(text, chain)]


def same(rust: object, python: object) -> bool:
    """Equal, and equal in repr too: the sign of every zero."""
    return rust == python and repr(rust) == repr(python)


@core
@SETTINGS
@given(texts, st.sampled_from(RUN_CHAINS))
@example(_garbled("請參閱說明文件，", "big5", "gbk"), recode.Chain("gbk", "cp950"))
@example(_garbled("你好，世界", "utf-8", "gbk"), recode.Chain("gbk", "utf-8"))
@example("\ud800\udfff\uffff", recode.Chain("cp950", "gb18030"))
def test_the_core_keeps_the_runs_the_reference_keeps(text: str, chain: recode.Chain) -> None:
    assert same(kept(text, chain), reference_kept(text, chain))


@SETTINGS
@given(texts, st.lists(st.sampled_from(RUN_CHAINS), max_size=8))
@example(_garbled("你好，世界", "utf-8", "cp1252") + "®©", RUN_CHAINS)
def test_the_runs_of_each_chain_in_one_call_are_each_chains_own(
        text: str, chains: list[recode.Chain]) -> None:
    # Under the core, one call for all the chains (``kept_runs_each``); under the reference, a
    # loop: either way what ``repair_runs`` and the reference keep for each chain.
    each = recode.repair_runs_each(text, chains)
    assert len(each) == len(chains)
    for runs_of_one, chain in zip(each, chains, strict=True):
        assert same(runs_of_one, recode.repair_runs(text, chain))
        assert same(runs_of_one, recode.REFERENCE.repair_runs(text, chain))


@core
def test_the_core_keeps_no_run_of_other_chains() -> None:
    assert _kernels.core is not None
    assert _kernels.core.kept_runs("ÄãºÃ", recode.Chain("gbk", "gb18030"), False) is None


@core
@corpus
@pytest.mark.parametrize("name", ["dev", "literary"])
def test_the_core_keeps_corpus_runs_as_the_reference_does(name: str) -> None:
    asked = 0
    for paragraph in corpus_paragraphs(name):
        for line in paragraph.split("\n"):
            for chain in RUN_CHAINS:
                if recode.single_byte(chain.wrong) and not triggers.western_pair().search(line):
                    continue
                if (recode.han_gains(line, chain) is not None if chain in HAN_TO_HAN
                        else recode.unit_gains(line, chain)):
                    asked += 1
                    assert same(kept(line, chain), reference_kept(line, chain)), line
    assert asked >= {"dev": 1, "literary": 500}[name]


@core
@SETTINGS
@given(st.lists(texts, max_size=4).map("\n".join))
@example("\n".join([*CLASSICAL, *GARBLED]))
@example("\ud800咗\n😀®©\n\U0010ffff°±")
def test_the_core_dismisses_the_lines_the_reference_does(text: str) -> None:
    spans = line_spans(text)
    assert runs._core_settle_each(text, spans) == runs.settle_each(text, spans)


@core
@corpus
@pytest.mark.parametrize("name", ["dev", "literary"])
def test_the_core_dismisses_corpus_lines_as_the_reference_does(name: str) -> None:
    text = "\n".join(corpus_paragraphs(name))
    spans = line_spans(text)
    quiet = runs._core_settle_each(text, spans)
    assert quiet == runs.settle_each(text, spans)
    assert quiet.count(runs.SETTLED) > 100


def test_a_classical_document_comes_back_unchanged_and_its_garbled_line_repaired() -> None:
    document = "\n".join([*CLASSICAL, GARBLED[1], *CLASSICAL])
    expected = "\n".join([*CLASSICAL, "你好，世界！今天天气很好。", *CLASSICAL])
    assert fix(document) == expected


# A document whose every triggered line is SETTLED is left as it is in one call of the core:
# what the full decisions make of it, line by line and page by page.

def settled_parts_leave_it(line: str) -> None:
    """What the layer asks of a SETTLED ``line`` beside its own decisions gives nothing, and
    the line gives the page's decision nothing."""
    assert mojibake._ftfy_alone(line) is None, line
    assert not garbled_page._ftfy_made_some(line), line
    assert lossy_replace.repair_line(line) is None, line
    assert lossy_gbk.repair_line(line, []) is None, line
    for whole_only in (True, False):
        assert ftfy_undo.repair_line(line, [], mojibake._repair_restored_line,
                                     whole_only) is None, line


@core
@corpus
@pytest.mark.parametrize("name", ["dev", "literary"])
def test_a_settled_corpus_line_gives_the_page_nothing(name: str) -> None:
    text = "\n".join(corpus_paragraphs(name))
    spans = line_spans(text)
    states = runs._core_settle_each(text, spans)
    for (start, end), state in zip(spans, states, strict=True):
        if state == runs.SETTLED:
            settled_parts_leave_it(text[start:end])
    assert states.count(runs.SETTLED) > 100


@core
@corpus
def test_a_settled_document_is_what_the_full_decisions_make_of_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    paragraphs = corpus_paragraphs("literary")
    documents = ["\n".join(paragraphs[start:start + 40]) for start in range(0, 2000, 40)]
    quick = [mojibake.run(document, explain=True) for document in documents]
    states = [runs.line_states(document, triggers.trigger_spans(document))
              for document in documents]
    monkeypatch.setattr(mojibake, "line_states", lambda text, spans: [runs.READ] * len(spans))
    assert quick == [mojibake.run(document, explain=True) for document in documents]
    assert sum(all(state == runs.SETTLED for state in found) for found in states) > 10
    assert sum(found.count(runs.SETTLED) for found in states) > 500


def test_no_code_page_writes_a_han_character() -> None:
    """What ``left_alone`` rests on: a line with three Han characters in a row has a stretch
    ftfy never makes (``garbled_page._ftfy_made_some``)."""
    assert not any(re.match(f"[{HAN}]", char) for char in ftfy_leaves._page_bytes())


# Web pages: symbols, figures and words of several scripts, where the Western code pages read a
# Chinese character here and there (°± through GBK is 氨, ®© through Big5 悟) and acceptance
# turns every run down. Such a line cp1252 cannot write is dismissed; a garbled stretch beside
# the same scripts is not.
WEB_LINES = [
    "3.5°±2024 1,299±25 ‘小米’ 商标®",
    "§100 Acme… Αθήνα®© ©2024 0.5°C ¿🎉?",
    "¿手机?12°±0.5¥25© 3.5© 3.5¿版权所有?",
    "🎉®© 12² 0.5 € 0.5m³ 0.5°C “мир”",
    "©3.5, €100, «網路», Crème brûlée®©",
]

GARBLED_WEB_LINES = [
    ("价格：" + _garbled("原价两千元", "gbk", "latin-1"), "价格：原价两千元"),
    ("Привет，" + _garbled("你好世界", "gbk", "cp1252"), "Привет，你好世界"),
]


@pytest.mark.parametrize("line", WEB_LINES)
def test_a_clean_web_line_is_dismissed_and_comes_back_unchanged(line: str) -> None:
    assert not runs.reads_nothing(line, list(CHAINS))  # a Western code page's gains pick a run
    assert runs.reads_nothing_kept(line, list(CHAINS))
    left_to_ftfy(line)
    assert fix(line) == line


@pytest.mark.parametrize(("line", "repaired"), GARBLED_WEB_LINES)
def test_a_garbled_web_line_is_not_dismissed(line: str, repaired: str) -> None:
    assert not runs.reads_nothing_kept(line, list(CHAINS))
    assert fix(line) == repaired


@core
def test_the_core_dismisses_web_lines_as_the_reference_does() -> None:
    text = "\n".join([*WEB_LINES, *(line for line, _ in GARBLED_WEB_LINES)])
    spans = line_spans(text)
    states = runs._core_settle_each(text, spans)
    assert states == runs.settle_each(text, spans)
    assert runs.READ not in states[:len(WEB_LINES)]
    assert states[len(WEB_LINES):] == [runs.READ] * len(GARBLED_WEB_LINES)


# The bound on acceptance that lets a Western stretch's whole reading count as none.

def stretch_readings(line: str) -> list[tuple[recode.Repair, recode.Chain]]:
    """Every single-byte chain's whole reading of every Western stretch of ``line`` with a
    Western pair, where the line stands."""
    single = [chain for chain in CHAINS if recode.single_byte(chain.wrong)]
    found: list[tuple[recode.Repair, recode.Chain]] = []
    for stretch in triggers.western_stretch().finditer(line):
        if triggers.western_pair().search(stretch.group()):
            found.extend((acceptance.shifted(reading, stretch.start()), chain)
                         for reading, chain in zip(recode.repair_whole_each(stretch.group(),
                                                                            single),
                                                   single, strict=True) if reading)
    return found


def stretch_runs(line: str) -> list[tuple[recode.Repair, recode.Chain]]:
    """Every run a single-byte chain keeps in every Western stretch of ``line`` with a Western
    pair, where the line stands."""
    single = [chain for chain in CHAINS if recode.single_byte(chain.wrong)]
    return [(acceptance.shifted(run, stretch.start()), chain)
            for stretch in triggers.western_stretch().finditer(line)
            if triggers.western_pair().search(stretch.group())
            for chain in single for run in recode.repair_runs(stretch.group(), chain)]


@SETTINGS
@given(texts)
@example("file—新闻，2024°±100，網路，2024±25")
@example("2024°C3.5°±1,299¿naïve? 价格")
def test_what_surely_rests_on_too_little_does(line: str) -> None:
    for item in [*stretch_readings(line), *stretch_runs(line)]:
        if acceptance.surely_too_little(item, line):
            assert acceptance.too_little(item, line), (line, item)


@pytest.mark.parametrize("line", [*WEB_LINES, "file—新闻，2024°±100，網路，2024±25",
                                  "©1,299、100²、3.5°±100"])
def test_a_web_line_s_symbols_surely_rest_on_too_little(line: str) -> None:
    readings = stretch_readings(line)
    assert all(acceptance.surely_too_little(item, line) for item in readings)
    assert runs.reads_nothing_kept(line, list(CHAINS))
    left_to_ftfy(line)
    assert fix(line) == line


def test_a_garbled_stretch_does_not_surely_rest_on_too_little() -> None:
    line = "价格：" + _garbled("原价两千元", "gbk", "latin-1")
    readings = stretch_readings(line)
    assert readings
    assert not any(acceptance.surely_too_little(item, line) for item in readings)


# A short line of a web page with Chinese in it may read whole between Big5 and GBK (a title or
# a table cell garbled so): dismissed only where ``repair_short_text`` reads it in no way.
SHORT_WEB_LINES = ["臺灣·енергії 3.5 € 0.5±3.5", "€2024、100m³、naïve®©", "價格®©，3.5 €"]


@pytest.mark.parametrize("line", SHORT_WEB_LINES)
def test_a_short_web_line_is_dismissed_and_comes_back_unchanged(line: str) -> None:
    assert any(recode.whole_could_save(line, chain) for chain in HAN_TO_HAN)
    assert runs.reads_nothing_kept(line, list(CHAINS))
    left_to_ftfy(line)
    assert fix(line) == line


def test_a_short_title_garbled_between_big5_and_gbk_is_not_dismissed() -> None:
    title = _garbled("數據庫設置", "big5", "gbk")
    assert runs.reads_nothing_kept(title, list(CHAINS)) is False
    assert fix(title) == "數據庫設置"


# A line cp1252 writes all of is read whole from a Western code page where no run reads back
# (``whole_over_runs``), unless a Western character stands alone between ASCII ones: then it
# is dismissed as a line with Chinese in it is; GBK read as Latin-1 has its pairs side by side.
@pytest.mark.parametrize("line", ["12°±12 25½ © 12 2024°", "3.5, 0.5°±100, 0.5½, ±1,299°",
                                  "Copyright © 2024 Acme®©"])
def test_a_western_line_with_a_lone_symbol_is_dismissed(line: str) -> None:
    assert not runs.reads_nothing(line, list(CHAINS))
    assert runs.reads_nothing_kept(line, list(CHAINS))
    left_to_ftfy(line)
    assert fix(line) == line


@pytest.mark.parametrize(("line", "repaired"), [("ÄãºÃÊÀ½ç", "你好世界"),
                                                ("ÄãºÃ ÊÀ½ç £¬ 2024", "你好 世界 ， 2024")])
def test_gbk_read_as_latin1_is_not_dismissed(line: str, repaired: str) -> None:
    assert not runs.reads_nothing_kept(line, list(CHAINS))
    assert fix(line) == repaired


# UTF-8 read by Windows' lossy cp936: "?" where it dropped a pair. No run of the chains is kept
# in such a line, and ``lossy_gbk`` reads it back honestly: a line with a "?" that it reads is
# neither settled nor quiet, though the core says so.
@pytest.mark.parametrize(("line", "repaired"), [
    ("termcap 鍏煎?鐨勩?", "termcap 兼?的?"),
    ("Use termcap 鍏煎?鐨勩?", "Use termcap 兼?的?"),
])
def test_a_line_cp936_left_question_marks_in_is_read_back(line: str, repaired: str) -> None:
    assert runs.reads_nothing_kept(line, list(CHAINS))
    assert lossy_gbk.repair_line(line, []) is not None
    assert fix(line) == repaired
    assert fix(f"价格®©，3.5 €\n{line}\n版权所有©£12") == f"价格®©，3.5 €\n{repaired}\n版权所有©£12"


# A document repeats its lines (a table's rows, a forum's signatures): each distinct line is
# asked of the core once, and every copy gets its answer.
@core
def test_repeated_lines_are_answered_as_each_alone() -> None:
    lines = [*WEB_LINES[:2], GARBLED_WEB_LINES[0][0], WEB_LINES[0], "Türkiye’nin İstanbul’da",
             GARBLED_WEB_LINES[0][0], "Türkiye’nin İstanbul’da", WEB_LINES[1]]
    text = "\n".join(lines)
    spans = line_spans(text)
    alone = [runs.line_states(line, [(0, len(line))])[0] for line in lines]
    assert runs.line_states(text, spans) == alone
    assert alone[2] == alone[5] == runs.READ and runs.READ not in alone[:2]
    dismissed = [state != runs.READ for state in alone]
    assert quiet.quiet_lines(text, spans, dismissed) == [
        quiet.quiet_lines(line, [(0, len(line))], [gone])[0]
        for line, gone in zip(lines, dismissed, strict=True)]
