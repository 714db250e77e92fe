"""A line one chain reads whole is not cut into runs of other chains.

Japanese and Cantonese in GBK, read as Latin-1, come back with one decode; run by run, pieces of
three or four chains held Armenian, Thaana and Cyrillic letters (``華源匹反隴ȁդγ``), and the
unicode layer then deleted the soft hyphens and C1 controls the right decode needed.
"""

from __future__ import annotations

import pytest

import textfix
from textfix.layers.mojibake import patchwork
from textfix.recode import Chain, Repair

LINES = [
    "東京都は今日、新しい観光キャンペーンを発表しました。",
    "ご注文ありがとうございます。商品は三日以内に発送いたします。",
    "佢哋今日去咗邊度食飯呀？我唔知喎，你問下佢啦。",
    "佢哋話聽日會早啲嚟，唔使等佢哋食飯。",  # its GBK holds 81 and AD
    "【予約受付中】ワイヤレスイヤホン ノイズキャンセリング 送料無料",
]


@pytest.mark.parametrize("line", LINES)
def test_gbk_read_as_latin1_comes_back_in_one_step(line: str) -> None:
    garbled = line.encode("gbk").decode("latin-1")
    result = textfix.fix_and_explain(garbled)
    assert result.text == line
    recoded = [step for step in result.steps if step.layer == "mojibake"]
    assert len(recoded) == 1 and (recoded[0].start, recoded[0].end) == (0, len(garbled))


def test_a_page_of_them_comes_back() -> None:
    page = "\n".join(LINES)
    assert textfix.fix(page.encode("gbk").decode("latin-1")) == page


def test_a_run_adding_letters_of_another_alphabet_keeps_only_what_reads_without_them() -> None:
    line = "ÁªÏµ·½Ê½£º"
    armenian = (Repair(0, 4, "联փ", 30.0), Chain("latin-1", "gb18030"))
    chinese = (Repair(4, 10, "方式：", 40.0), Chain("latin-1", "gb18030"))
    kept = patchwork.without_foreign_letters(line, [armenian, chinese])
    assert [(repair.start, repair.end, repair.after) for repair, _ in kept] == [
        (0, 2, "联"), (4, 10, "方式：")]
    between_codecs = (Repair(0, 4, "联փ", 30.0), Chain("gbk", "utf-8"))
    assert patchwork.without_foreign_letters(line, [between_codecs]) == []


def test_a_utf8_reading_may_add_one_alphabet_in_words() -> None:
    line = "ÐŸÑ€Ð¸Ð²ÐµÑ‚"
    russian = (Repair(0, len(line), "Привет", 80.0), Chain("sloppy-cp1252", "utf-8"))
    assert patchwork.without_foreign_letters(line, [russian]) == [russian]
    mixed = (Repair(0, 8, "Ц¦ئ", 20.0), Chain("latin-1", "utf-8"))
    assert patchwork.without_foreign_letters("¦Ð¦Ñ¦Ø¦È", [mixed]) == []


@pytest.mark.parametrize("clean", [
    *LINES,
    "Liège, Müller, Zoë — café crème brûlée",
    "ÀÁÂÃÄÅ ÈÉÊË",
    "Die Bundesregierung hat heute neue Maßnahmen für Familien beschlossen.",
    "Preis: 25°C, 12£, ±3 µm",
])
def test_clean_text_is_left_alone(clean: str) -> None:
    assert textfix.fix(clean) == clean
