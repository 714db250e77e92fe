"""GBK or Big5 pages read as Latin-1 or cp1252 and then given to ftfy come back whole.

The garbled pages are in ``ftfy_pages.json``, made by ``tools/derive_ftfy_pages.py`` with the
installed ftfy (6.3) and with ftfy 6.2.3 in an environment of its own: the older release decodes
more byte runs, and its behaviour is held here as data, not as a dependency.
"""

from __future__ import annotations

import json
from pathlib import Path

import ftfy
import pytest

import textfix
from textfix.layers import ftfy_undo

PAGES = json.loads((Path(__file__).parent / "ftfy_pages.json").read_text(encoding="utf-8"))


def _name(entry: dict[str, str]) -> str:
    return f"ftfy{entry['ftfy']}-{entry['page']}-{entry['codec']}-read-as-{entry['read_as']}"


def test_both_releases_are_held() -> None:
    releases = {entry["ftfy"][:3] for entry in PAGES}
    assert {"6.2", "6.3"} <= releases


@pytest.mark.parametrize("entry", PAGES, ids=_name)
def test_the_page_was_garbled_by_ftfy_too(entry: dict[str, str]) -> None:
    """ftfy changed each page after the wrong decode: these are not plain Latin-1 pages."""
    read = entry["original"].encode(entry["codec"]).decode("latin-1")
    assert entry["garbled"] != read
    assert entry["garbled"] != entry["original"]


@pytest.mark.parametrize("entry", [e for e in PAGES if e["ftfy"] == ftfy.__version__],
                         ids=_name)
def test_the_data_is_what_the_installed_ftfy_makes(entry: dict[str, str]) -> None:
    data = entry["original"].encode(entry["codec"])
    if entry["read_as"] == "latin-1":
        read = data.decode("latin-1")
    else:
        read = "".join(bytes([byte]).decode("cp1252", "ignore") or chr(byte) for byte in data)
    assert ftfy.fix_text(read) == entry["garbled"]


@pytest.mark.parametrize("entry", PAGES, ids=_name)
def test_page_through_ftfy_is_repaired_exactly(entry: dict[str, str]) -> None:
    fixed = textfix.fix(entry["garbled"])
    assert fixed == entry["original"]
    assert textfix.fix(fixed) == fixed


def _restored(line: str, true: str = "gb18030") -> str:
    restored = ftfy_undo.restore(line, true)
    assert restored is not None
    return restored.text.encode("latin-1").decode(true)


def test_decoded_utf8_goes_back_to_its_bytes() -> None:
    # 合同 (BA CF CD AC) read as Latin-1 is ºÏÍ¬; ftfy decodes Í¬ (CD AC) as ͬ.
    assert _restored("µÚÆß²¿·Ö »ù½ðºÏͬµ±ÊÂÈ˼°È¨ÀûÒåÎñ") == "第七部分 基金合同当事人及权利义务"


def test_decoded_c2_byte_goes_back() -> None:
    # 月光， is D4C2 B9E2 A3AC: ftfy reads Â¹ as ¹ and â£¬ as a Braille pattern.
    assert _restored("´²Ç°Ã÷Ô¹⣬ÒÉÊǵØÉÏ˪¡£") == "床前明月光，疑是地上霜。"


def test_ligature_expansion_is_undone() -> None:
    # 某 is C4 B3, Ä³ read as ĳ and then written ij; 浅 (C7 B3) becomes dz.
    assert _restored("ij֪ÃûÆ·ÅÆdz»ÒÉ«Ë«¼ç°ü") == "某知名品牌浅灰色双肩包"


def test_straightened_quote_is_undone() -> None:
    # 話 is D4 92 and 總 BF 82: cp1252 reads 92 and 82 as ’ and ‚, which ftfy straightens.
    assert _restored("ËûÕfß@¾äÔ'Ô\"ÔõüNÀí½â") == "他說這句話該怎麼理解"


def test_nfc_composition_is_undone() -> None:
    # 新台 is D0C2 CCA8: Â and Ì¨ (U+0328, an ogonek) are composed by NFC into Ą and U+0302.
    assert _restored("ÓÉÐĄ̂ŽÅ") == "由新台幣"


def test_big5_reading() -> None:
    page = "請問有人用過這家的咖啡機嗎？"
    garbled = ftfy.fix_text(page.encode("big5").decode("latin-1"))
    assert textfix.fix(garbled) == page


# Clean lines beside a garbled one: the page is GBK read as Latin-1 and then ftfy, but these
# lines are what they are (Greek, Dutch with a ligature, Vietnamese, Polish, Russian, French,
# symbols).
CLEAN_LINES = [
    "Ελλάδα®© 1,299° — Αθήνα « café » ½ prix",
    "IJsselmeer, Ĳssel, ﬁnance — «déjà vu» ¿qué? ½",
    "Tiếng Việt có dấu: Hà Nội — « phở » ©2024 ±5°",
    "Łódź — żółć «test» São Paulo ÀÉÎÕÜ ß µm ±0,5°C",
    "Привет, мир! «Ёжик» — №5 ©® ½¼¾",
    "l'été dernier «Château» — 25 € ¤ ¦ § ¨",
    "naïve résumé ©® — 12³ · 4¼ cups",
    "© 25，résumé…，1,299m³",
    "«İstanbul» £100 100°±3.5",
    "价格：¥1,299（含税），尺寸 12×25 cm，重量 0.5 kg",
]
GARBLED_LINE = "第七部分 基金合同当事人及权利义务"


@pytest.mark.parametrize("clean", CLEAN_LINES)
def test_clean_line_in_a_garbled_page_is_left_alone(clean: str) -> None:
    garbled = ftfy.fix_text(GARBLED_LINE.encode("gb18030").decode("latin-1"))
    assert textfix.fix(f"{garbled}\n{clean}") == f"{GARBLED_LINE}\n{clean}"


@pytest.mark.parametrize("clean", CLEAN_LINES)
def test_clean_line_alone_is_left_alone(clean: str) -> None:
    assert textfix.fix(clean) == clean


def test_a_line_alone_needs_the_layer_to_read_some_of_it() -> None:
    """A line the layer reads nothing of on its own is not restored: the chain is decided by
    the page (Ελλάδα restored to bytes reads as GBK as well as any)."""
    assert ftfy_undo.repair_page([(0, "Ελλάδα®©", None, [])], lambda line: (None, [])) == {}


def test_explained_as_one_step() -> None:
    garbled = ftfy.fix_text(GARBLED_LINE.encode("gb18030").decode("latin-1"))
    result = textfix.fix_and_explain(garbled)
    assert result.text == GARBLED_LINE
    assert any("then ftfy" in step.detail for step in result.steps)


@pytest.mark.parametrize(("original", "codec"), [
    ("expand - 将制表符转换为空格", "gb18030"),
    ("与会代表一致认为，本次会议取得了圆满成功。", "gb18030"),
    ("與 Fl s 標識同義.", "big5"),
])
def test_a_line_alone_read_whole_is_repaired(original: str, codec: str) -> None:
    """A line with nothing else of its text read as GBK from Latin-1 is restored where the
    layer reads all of the restored line in one reading."""
    read = original.encode(codec).decode("latin-1")
    garbled = ftfy.fix_text(read)
    assert garbled != read
    assert textfix.fix(garbled) == original
