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
from textfix.layers import ftfy_choice, ftfy_leaves, ftfy_undo, garbled_page

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
    lines: list[garbled_page.Found] = [(0, "Ελλάδα®©", None, [])]
    assert garbled_page.repair_page("Ελλάδα®©", lines, lambda line: (None, [])) == (lines, {})


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


@pytest.mark.parametrize("original", [
    "複製標準輸入到標準輸出。",
    "該語言的新名字",
    "bzero - 向字串寫入零",
    "遞迴操作檔案和目錄",
    "init_module - 初始化一条可加载模块的记录.",
])
def test_a_line_whose_only_sign_of_ftfy_is_a_straightened_quote(original: str) -> None:
    """GBK read as cp1252, then ftfy: a lead or trail byte 91-94 (輸 is DD 94, 寫 8C 91) became
    a curly quote that ftfy straightened, and nothing else on the line is a character ftfy
    made. A straight quote between two characters a code page makes of
    GBK tells the page went through ftfy (``_ftfy_made_some``): read as cp1252 alone, the
    quote's byte 22 shifted every pair after it."""
    garbled = ftfy.fix_text(original.encode("gbk").decode("cp1252", "replace"))
    assert '"' in garbled or "'" in garbled
    assert textfix.fix(garbled) == original


@pytest.mark.parametrize("clean", [
    'Il a dit «"À bientôt"» à Noël',
    "ÄÖÜ\"äöü ist ein Test",
    "l'été à Paris, c'était \"très\" bien",
])
def test_a_quote_between_latin_1_letters_in_clean_text_stays(clean: str) -> None:
    assert textfix.fix(clean) == clean


# Whole pages (issue 14, part 2): the chain is decided for the page from all its garbled text,
# then every line is read through it, short lines and lines ftfy made CJK characters of too.
NEWS_PAGE = [
    "本报讯 记者从市交通局获悉，地铁三号线将于下月底开通试运营。",
    "全线共设车站二十二座，其中换乘站六座。",
    "新闻",
    "责任编辑：王小明",
    "在 Windows 下的 exec 或在 Macintosh 上的 AppleScript 中使用。",
]
FORUM_PAGE = [
    "回复 3 楼：不行的话就重启一下，我这边试过了没问题。",
    "楼主：谢谢！",
    "将这一行恢复到初始状态，然后再试一次。",
    "顶一下",
    "这个帖子太有用了，收藏了。",
]
SHOP_PAGE = [
    "【包邮】纯棉短袖T恤 男款 夏季新品 黑色 XL",
    "价格：99元",
    "月销量 2000+ 好评率 98%",
    "一个字面上的 %。",
    "店铺：某某旗舰店",
]


@pytest.mark.parametrize("lines", [NEWS_PAGE, FORUM_PAGE, SHOP_PAGE],
                         ids=["news", "forum", "shop"])
def test_whole_page_through_ftfy_comes_back_exact(lines: list[str]) -> None:
    page = "\n".join(lines)
    garbled = ftfy.fix_text(page.encode("gb18030").decode("latin-1"))
    assert textfix.fix(garbled) == page


@pytest.mark.parametrize("lines", [NEWS_PAGE, FORUM_PAGE, SHOP_PAGE],
                         ids=["news", "forum", "shop"])
def test_whole_page_read_as_cp1252_comes_back_exact(lines: list[str]) -> None:
    page = "\n".join(lines)
    data = page.encode("gb18030")
    garbled = "".join(bytes([byte]).decode("cp1252", "ignore") or chr(byte) for byte in data)
    assert textfix.fix(garbled) == page


def test_short_line_of_a_garbled_page_is_read_by_the_page() -> None:
    """``文件`` alone (Îļþ after ftfy) says too little; in a page of the same chain it is read."""
    page = "用法：cp [选项] 源文件 目标文件\n-h 文件"
    garbled = ftfy.fix_text(page.encode("gb18030").decode("latin-1"))
    assert garbled.endswith("-h Îļþ")
    assert textfix.fix(garbled) == page


def test_cjk_characters_ftfy_made_are_read_back() -> None:
    """ftfy decodes 上的 and a space (ÉÏµÄ ) as É and 쵀, a Hangul syllable of Mac Roman
    bytes: read back as bytes, not kept as clean text."""
    line = "在 Windows 下的 exec 或在 Macintosh 上的 AppleScript 中使用。"
    garbled = ftfy.fix_text(line.encode("gb18030").decode("latin-1"))
    assert "쵀" in garbled or "嵀" in garbled
    assert textfix.fix(garbled) == line


# Clean lines of other kinds in a page with garbled lines: left as they are.
OTHER_CLEAN_LINES = [
    *CLEAN_LINES,
    "床前明月光，疑是地上霜。",
    "東京都の天気は晴れ、最高気温は25℃です。",
    "关关雎鸠，在河之洲。窈窕淑女，君子好逑。",
    "Price: $19.99 — 50% off! ★★★★☆ (1,024 reviews)",
]


@pytest.mark.parametrize("clean", OTHER_CLEAN_LINES)
def test_clean_line_in_a_garbled_page_stays(clean: str) -> None:
    page = "\n".join(NEWS_PAGE)
    garbled = ftfy.fix_text(page.encode("gb18030").decode("latin-1"))
    assert textfix.fix(f"{garbled}\n{clean}") == f"{page}\n{clean}"


def test_page_chain_needs_the_layers_own_reading() -> None:
    """No chain is decided for a page where the layer read nothing from a Western code page."""
    assert garbled_page.page_chain([(0, "Ελλάδα®©", None, [])], lambda line: (None, []), {}) == (
        None, False)


def _as_cp1252(data: bytes) -> str:
    return "".join(bytes([byte]).decode("cp1252", "ignore") or chr(byte) for byte in data)


def test_field_cut_a_byte_short_is_read_with_the_page() -> None:
    """A listing read as cp1252 whose price field lost its last byte: the page's chain reads
    the field whole, and the lone lead byte stays as it was (nothing is invented for it)."""
    title = "【包邮】纯棉短袖T恤 男款 夏季新品 黑色 XL"
    field = "价格：99元，满两件包邮"
    garbled = f"{_as_cp1252(title.encode('gb18030'))}\n{_as_cp1252(field.encode('gb18030')[:-1])}"
    assert textfix.fix(garbled) == f"{title}\n价格：99元，满两件包Ó"


def test_clean_accented_line_beside_a_cp1252_page_stays() -> None:
    page = "\n".join(SHOP_PAGE)
    clean = "Crème brûlée — 4,50 € · Côte d'Azur"
    garbled = _as_cp1252(page.encode("gb18030"))
    assert textfix.fix(f"{garbled}\n{clean}") == f"{page}\n{clean}"


# Issue 14, part 2: what ftfy's pass destroyed. Each pair is a line and what GBK read as
# Latin-1 and then ftfy 6.3 makes of it, held as data (the test of the data needs ftfy 6.3).
LOSSY_LINES = [
    ("配置文件默认保存在 /etc/samba 目录下。",
     "ÅäÖÃÎļþĬÈϱ£´æÔÚ /etc/samba Ŀ¼Ï¡£"),
    ("请把下载的压缩包解压到 D:\\tools 目录下，然后双击运行。",
     "Çë°ÑÏÂÔØµÄѹËõ°ü½âѹµ½ D:\\tools Ŀ¼Ï£¬È»ºóË«»÷ÔËÐС£"),
    ("独倚危楼风细细，望极春愁。",
     "¶ÀÒÐΣ¥·çϸϸ£¬Íû¼«´º³î¡£"),
    ("若 密碼 錯誤 三次 , 系統 會 在 背景 下 重新 啟動",
     "Èô ÃÜ´a åeÕ` Èý´Î , ϵ½y •þ ÔÚ ±³¾° ÏÂ ÖØÐ\xa0†¢\"Ó"),
    ("函数返回的状态值为零表示成功。",
     "º¯Êý·µ»ØµÄ״ֵ̬ΪÁã±íʾ³É¹¦¡£"),
    ("本書 由 出版社 印刷品 部門 製作",
     "±¾•ø ÓÉ ³ö°æÉç ӡˢƷ ²¿éT Ñu×÷"),
    ("請先確認資料型別再修改欄位。",
     "ՈÏÈ´_ÕJÙYÁÏÐ\u0308\u0301eÔÙÐ\u07b8ęÚλ¡£"),
    ("有時相倚，有時相望。",
     "ÓЕrÏàÒУ¬ÓЕrÏàÍû¡£"),
]
LOSSY_IDS = ["two-c2-eaten", "c2-eaten-before-a-comma", "c2-eaten-before-yen",
             "nbsp-of-c2-and-space", "marks-reordered-by-nfc", "letters-of-no-one-script",
             "mark-nfc-wrote-as-two", "choice-checked-by-ftfy"]
INSTALLED_63 = ftfy.__version__.startswith("6.3")


@pytest.mark.skipif(not INSTALLED_63, reason="the data is ftfy 6.3's")
@pytest.mark.parametrize(("original", "garbled"), LOSSY_LINES, ids=LOSSY_IDS)
def test_lossy_lines_are_what_ftfy_makes(original: str, garbled: str) -> None:
    assert ftfy.fix_text(original.encode("gb18030").decode("latin-1")) == garbled


@pytest.mark.parametrize(("original", "garbled"), LOSSY_LINES[:-1], ids=LOSSY_IDS[:-1])
def test_lossy_change_of_ftfy_is_undone(original: str, garbled: str) -> None:
    """Â¼ and Â¡ read as ¼ and ¡ (目录下。 is C4BF C2BC CFC2 A1A3: the C2 bytes are gone, and
    another code page's reading of ¼ is no reason to prefer 目枷。), Â and a space read as an
    NBSP (下 and a space), marks NFC put in another order (状态值), letters ftfy made of
    two-byte runs in no one script (ӡˢƷ is 印刷品), U+0344 that NFC wrote as two marks (型別
    is D0CD 8465: Í\x84 is U+0344)."""
    assert textfix.fix(garbled) == original


@pytest.mark.parametrize(("original", "garbled"), LOSSY_LINES, ids=LOSSY_IDS)
def test_lossy_line_clean_stays(original: str, garbled: str) -> None:
    assert textfix.fix(original) == original


def test_restored_choice_is_checked_with_ftfy(monkeypatch: pytest.MonkeyPatch) -> None:
    """相倚， is CFE0 D2D0 A3AC: ftfy reads Ð£ as У. Its bytes read back to 相見， as well
    (D2 8A, a far source of У), which the modern judge reads better, but ftfy makes ÏàҊ£¬ of
    those: checked against the installed ftfy, the line's own bytes are chosen. (The classical
    judge reads the line as verse, and chooses them unchecked.)"""
    original, garbled = LOSSY_LINES[-1]
    restore = ftfy_undo.restore.__wrapped__  # not the cached results
    both = restore(garbled, "gb18030", page_through_ftfy=True)
    assert both is not None and both.text.encode("latin-1").decode("gb18030") == original
    monkeypatch.setattr(ftfy_undo, "JUDGES", (ftfy_choice.MODERN,))
    checked = restore(garbled, "gb18030", page_through_ftfy=True, verify=True)
    unchecked = restore(garbled, "gb18030", page_through_ftfy=True)
    assert checked is not None and unchecked is not None
    assert checked.text.encode("latin-1").decode("gb18030") == original
    assert unchecked.text.encode("latin-1").decode("gb18030") == "有時相見，有時相望。"


# A page of classical lines (traditional, written as GBK) through ftfy 6.3, and a news page
# (simplified) through ftfy 6.2.3 after a cp1252 reading, held as data: 6.2 decodes runs 6.3
# leaves (Øµ as ص), so its pages are not checked against the installed ftfy.
POEMS = [
    "江上晚來堪畫處，漁人披得一蓑歸。",
    "月落烏啼霜滿天，江楓漁火對愁眠。",
    "舉頭望明月，低頭思故鄉。",
    "落花時節又逢君，相倚無言到日斜。",
    "嗚呼噫嘻！時耶命耶？從古如斯。",
    "欲窮千里目，更上一層樓。",
    "深林人不知，明月來相照。",
    "獨坐幽篁裡，彈琴復長嘯。",
]
POEMS_63 = [
    "½­ÉÏÍí\x81í¿°®‹ÌŽ£¬\x9dOÈËÅûµÃÒ»Ëòšw¡£",
    "ÔÂÂäžõÌä˪\x9dMÌ죬½­—÷\x9dO»ðŒ¦³îÃß¡£",
    "Åeî^ÍûÃ÷Ô£¬µÍî^˼¹Êàl¡£",
    "Â仨•r¹\x9dÓÖ·ê¾ý£¬ÏàÒПoÑÔµ½ÈÕб¡£",
    "†èºôàæÎû£¡•rÒ®ÃüÒ®£¿\x8fÄ¹ÅÈç˹¡£",
    "Óû¸FǧÀïÄ¿£¬¸üÉÏÒ»ŒÓ˜Ç¡£",
    "ÉîÁÖÈ˲»Öª£¬Ã÷ԁíÏàÕÕ¡£",
    "ªš×øÓÄóòÑe£¬\x8f—ÇُÍéL‡[¡£",
]
NEWS = [
    "本报讯 记者从市交通局获悉，地铁三号线将于下月底开通试运营。",
    "配置文件默认保存在 /etc/samba 目录下。",
    "请把下载的压缩包解压到 D:\\tools 目录下，然后双击运行。",
    "函数返回的状态值为零表示成功。",
    "独倚危楼风细细，望极春愁。",
    "回复 3 楼：不行的话就重启一下，我这边试过了没问题。",
]
NEWS_62 = [
    "±¾±¨Ñ¶ ¼ÇÕß´ÓÊн»Í¨¾Ö»ñϤ£¬µØÌúÈýºÅÏß½«ÓÚÏÂÔµ\u05ffªÍ¨ÊÔÔËÓª¡£",
    "ÅäÖÃÎļþĬÈϱ£´æÔÚ /etc/samba Ŀ¼Ï¡£",
    "Çë°ÑÏÂÔصÄѹËõ°ü½âѹµ½ D:\\tools Ŀ¼Ï£¬È»ºóË«»÷ÔËÐС£",
    "º¯Êý·µ»ØµÄ״ֵ̬ΪÁã±íʾ³É¹¦¡£",
    "¶ÀÒÐΣ¥·çϸϸ£¬Íû¼«´º³î¡£",
    "»Ø¸´ 3 Â¥£º²»ÐеĻ°¾ÍÖØÆôһϣ¬ÎÒÕâ±ßÊÔ¹ýÁËûÎÊÌâ¡£",
]


@pytest.mark.skipif(not INSTALLED_63, reason="the data is ftfy 6.3's")
def test_poem_page_is_what_ftfy_makes() -> None:
    assert ftfy.fix_text("\n".join(POEMS).encode("gb18030").decode("latin-1")) == "\n".join(
        POEMS_63)


def test_poem_page_through_ftfy_comes_back_exact() -> None:
    """嗚呼噫嘻 keeps à as E0 (ftfy reads Ã as à only before a space) and 相倚 the bytes ftfy
    makes the line of: the page is checked against the installed ftfy."""
    assert ftfy_undo.by_installed_ftfy(POEMS_63, "gb18030")
    assert textfix.fix("\n".join(POEMS_63)) == "\n".join(POEMS)


def test_page_of_an_older_ftfy_is_not_checked_and_comes_back_exact() -> None:
    assert not ftfy_undo.by_installed_ftfy(NEWS_62, "gb18030")
    assert textfix.fix("\n".join(NEWS_62)) == "\n".join(NEWS)


@pytest.mark.parametrize("page", [POEMS, NEWS], ids=["poems", "news"])
def test_clean_page_stays(page: list[str]) -> None:
    assert textfix.fix("\n".join(page)) == "\n".join(page)


# Letters of several scripts side by side are no mojibake where they are words or notation.
NOTATION_LINES = [
    "法语 pain [pɛ̃]，英语 thin [θɪn]，粤语 [pʰɔːŋ˥]",
    "IPA: [pʰɔ̃ ʈʂʰʅ ɕʏ] ʰʷʲ",
    "Azərbaycan: ŞƏKİ, Gəncə",
]


@pytest.mark.parametrize("clean", NOTATION_LINES)
def test_notation_beside_a_page_through_ftfy_stays(clean: str) -> None:
    garbled = "\n".join(POEMS_63)
    assert textfix.fix(f"{garbled}\n{clean}") == "\n".join(POEMS) + f"\n{clean}"


# A manual page (simplified) through ftfy 6.3: ftfy's NFC wrote U+037E (Í¾, 途 is CD BE) as a
# semicolon, and read Ã and a space (用 and a space) as à and a space.
MANUAL = [
    "网络诊断工具使用说明",
    "数据包所途径的每个路由器都会记录下来。",
    "请使用 Ctrl+C 退出程序。",
    "如果目标主机没有响应，请检查防火墙设置。",
    "默认每秒发送一个数据包，共发送四次。",
    "结果保存在当前目录下的日志文件中。",
]
MANUAL_63 = [
    "ÍøÂçÕï¶Ï¹¤¾ßʹÓÃ˵Ã÷",
    "Êý¾Ý°üËù;¾¶µÄÿ¸ö·ÓÉÆ÷¶¼»á¼Ç¼ÏÂÀ´¡£",
    "ÇëʹÓà Ctrl+C Í˳ö³ÌÐò¡£",
    "Èç¹ûÄ¿±êÖ÷»úûÓÐÏìÓ¦£¬Çë¼ì²é·À»ðǽÉèÖá£",
    "ĬÈÏÿÃë·¢ËÍÒ»¸öÊý¾Ý°ü£¬¹²·¢ËÍËĴΡ£",
    "½á¹û±£´æÔÚµ±Ç°Ä¿Â¼ÏµÄÈÕÖ¾ÎļþÖС£",
]


@pytest.mark.skipif(not INSTALLED_63, reason="the data is ftfy 6.3's")
def test_manual_page_is_what_ftfy_makes() -> None:
    assert ftfy.fix_text("\n".join(MANUAL).encode("gb18030").decode("latin-1")) == "\n".join(
        MANUAL_63)


def test_manual_page_through_ftfy_comes_back_exact() -> None:
    assert textfix.fix("\n".join(MANUAL_63)) == "\n".join(MANUAL)
    assert textfix.fix("\n".join(MANUAL)) == "\n".join(MANUAL)


def test_line_read_whole_by_the_layer_is_restored_where_ftfy_was_lossy() -> None:
    """個 is 82 80, which ftfy reads as ‚€ and straightens to '€: the layer reads the whole
    line as GBK read as cp1252 and keeps the quote; the restored bytes read 個."""
    line, garbled = "系統會生成一個金鑰並保存", "ϵ½y•þÉú³ÉÒ»'€½ð老K±£´æ"
    if INSTALLED_63:
        assert ftfy.fix_text(line.encode("gb18030").decode("latin-1")) == garbled
    assert textfix.fix(garbled) == line
    assert textfix.fix(line) == line


# --- lines whose lead byte ftfy ate, and four-byte runs it read as no character ---------------
# Made with the installed ftfy here: a GBK or Big5 line read as Latin-1, then ftfy.fix_text.


def _through_ftfy(original: str, codec: str) -> str:
    return str(ftfy.fix_text(original.encode(codec).decode("latin-1")))


EATEN_LEADS = [
    # 置包 is D6C3 B0FC: ftfy reads Ã° as ð, and the C3 byte is gone (ÖÃ°ü is Öðü).
    ("本店所有商品均可设置包装礼盒，满两百元免运费。", "gb18030"),
    # 置服 is D6C3 B7FE: Ã· is ÷, and cp1254 writes the rest as Latin-1 does.
    ("请在设置页面里打开位置服务，然后重新启动应用。", "gb18030"),
    # 用户 is D3C3 BBA7: Ã» is û; the layer reads the rest of the line from cp1254 and cp1250.
    ("用户反馈说，升级以后设置里的选项全部变成了英文。", "gb18030"),
    # Big5 簡 is C2B2: Â² is ², and the Big5 reading of the rest of the run is a byte off.
    ("簡潔的設計讓這款背包很受歡迎，簽名版限量發售。", "cp950"),
    ("簡單的辦法是先設置包裹提醒。", "cp950"),
]


A_GRAVE_SPACES = [
    # 用 is D3C3: ftfy reads Ã and a space as à and a space, and ÓÃ is no 余 (D3E0). ftfy made
    # no other character of these lines.
    "请启用 JavaScript 后刷新页面",
    "管理员已启用 IPv6 支持",
]


@pytest.mark.parametrize("original", A_GRAVE_SPACES)
def test_a_grave_ftfy_made_of_c3_and_a_space_comes_back(original: str) -> None:
    garbled = _through_ftfy(original, "gb18030")
    assert "\u00c3 " in original.encode("gb18030").decode("latin-1")
    assert "\u00e0 " in garbled
    assert not any(map(ftfy_leaves._made_by_ftfy, garbled))
    assert textfix.fix(garbled) == original


@pytest.mark.parametrize("clean", ["Menu à la carte 菜单价格另议。", "Voilà ! 这就是答案。"])
def test_a_grave_before_a_space_in_clean_text_stays(clean: str) -> None:
    assert textfix.fix(clean) == clean


@pytest.mark.parametrize(("original", "codec"), EATEN_LEADS)
def test_lead_byte_ftfy_ate_before_a_latin1_letter_comes_back(original: str, codec: str) -> None:
    garbled = _through_ftfy(original, codec)
    # ftfy took a byte away: the line is not the plain Latin-1 reading, and ftfy made no
    # character outside Latin-1 of it (nothing ftfy_undo.shows_ftfy could see alone).
    assert len(garbled) < len(original.encode(codec))
    assert garbled != original.encode(codec).decode("latin-1")
    assert textfix.fix(garbled) == original


FOUR_BYTE_RUNS = [
    # 打开， is B4F2 BFAA A3AC: ftfy reads F2 BF AA A3 as U+BFAA3, in a plane with no character.
    "新闻客户端更新后，点击右上角打开，然后输入手机号即可登录。",
    # 已经损坏， is D2D1 BEAD CBF0 BBB5 A3AC: F0 BB B5 A3 is U+3BD63, past CJK Extension H.
    "如果文件已经损坏，请从备份中恢复。",
]


@pytest.mark.parametrize("original", FOUR_BYTE_RUNS)
def test_four_byte_run_ftfy_read_as_no_character_comes_back(original: str) -> None:
    garbled = _through_ftfy(original, "gb18030")
    astral = [char for char in garbled if ord(char) > 0xFFFF]
    assert astral and all(ord(char) > 0x323AF for char in astral)
    assert textfix.fix(garbled) == original


CLEAN_BESIDE = [
    "𠮷野家的牛肉饭真好吃😀，下次还来。",  # an astral CJK character and an emoji: clean
    "Café Zoë 推出新品：焦糖玛奇朵 ¥28，会员 9 折。",  # Latin-1 letters and a symbol beside Chinese
    "簡潔的設計讓這款背包很受歡迎，簽名版限量發售。",
    "本店所有商品均可设置包装礼盒，满两百元免运费。",
]


@pytest.mark.parametrize("clean", CLEAN_BESIDE)
def test_clean_line_with_letters_or_astral_characters_stays(clean: str) -> None:
    assert textfix.fix(clean) == clean
