"""A repair never adds letters of a script that neither its input nor the reading's language has.

Realistic sentences of several scripts are garbled through the chains the layer reads (and the
lossy ones), and arbitrary text goes in as it is; whatever ``textfix.fix`` makes of either may
hold the letters of the input's scripts, of the original's (what the reading's language is),
and of a Chinese, Japanese or Korean reading (Han, kana, Hangul, Latin): never Armenian,
Thaana or Greek made of someone else's bytes.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import textfix
from textfix.evidence import CJK_READING_SCRIPTS, added_scripts

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

SENTENCES = [
    "国务院今天召开常务会议，部署进一步扩大内需的措施。",
    "楼主说得对！这款手机的续航真的不行，充电也慢。",
    "【官方正品】华为Mate 60 Pro 12GB+512GB 雅川青",
    "台北市政府今天宣布，明年起將調整公車票價。",
    "這款筆電的螢幕很漂亮，但是電池只能撐四個小時。",
    "東京都は今日、新しい観光キャンペーンを発表しました。",
    "ご注文ありがとうございます。商品は三日以内に発送いたします。",
    "佢哋今日去咗邊度食飯呀？我唔知喎，你問下佢啦。",
    "서울시는 오늘 새로운 교통 정책을 발표했습니다.",
    "Москва объявила о новых мерах поддержки малого бизнеса.",
    "Ο πρωθυπουργός ανακοίνωσε νέα μέτρα για την οικονομία.",
    "Die Bundesregierung hat heute neue Maßnahmen für Familien beschlossen.",
    "La ville de Liège accueille le festival d'été à partir de vendredi.",
    "Python 3.12 发布：更快的解释器、更好的错误信息，详见 docs.python.org。",
    "鲁侯戾止，言观其旂。其旂茷茷，鸾声哕哕。",
]


def _web(data: bytes, codec: str) -> str:
    """A browser's reading: the bytes ``codec`` leaves undefined as C1 controls."""
    return "".join(_web_char(byte, codec) for byte in data)


def _web_char(byte: int, codec: str) -> str:
    try:
        return bytes([byte]).decode(codec)
    except UnicodeDecodeError:
        return chr(byte)


def _cp936(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    return ("\u20ac" if error.object[error.start] == 0x80 else ""), error.start + 1


codecs.register_error("test-no-new-scripts-cp936", _cp936)

GARBLERS: list[Callable[[str], str]] = [
    lambda t: t.encode("utf-8").decode("gb18030", "replace"),
    lambda t: t.encode("gbk", "replace").decode("latin-1"),
    lambda t: _web(t.encode("gbk", "replace"), "cp1252"),
    lambda t: _web(t.encode("utf-8"), "cp1252"),
    lambda t: t.encode("utf-8").decode("latin-1"),
    lambda t: t.encode("cp950", "replace").decode("gbk", "replace"),
    lambda t: t.encode("gbk", "replace").decode("cp950", "replace"),
    lambda t: t.encode("utf-8").decode("cp1252", "replace"),
    lambda t: t.encode("utf-8").decode("gbk", "test-no-new-scripts-cp936"),
    lambda t: t.encode("utf-8").decode("cp950", "replace"),
    lambda t: t.encode("utf-8").decode("cp1251", "replace"),
]


# A Western reading adds Latin letters, and cp1252 reads the C1 controls 88 and 98 as the
# modifier letters ˆ and ˜.
ALLOWED = CJK_READING_SCRIPTS | {"MODIFIER"}


def assert_no_new_script(garbled: str, original: str = "", most: int = 0) -> None:
    output = textfix.fix(garbled)
    new = added_scripts(garbled + original, output, ALLOWED)
    assert len(new) <= most, (garbled, output, new)


@SETTINGS
@given(st.sampled_from(SENTENCES), st.sampled_from(range(len(GARBLERS))),
       st.integers(min_value=0, max_value=40), st.integers(min_value=1, max_value=60))
def test_garbled_sentences_gain_no_foreign_letters(sentence: str, garbler: int, start: int,
                                                   length: int) -> None:
    # A piece of a sentence, garbled whole, alone or between two clean clauses.
    piece = sentence[start:start + length] or sentence
    garbled = GARBLERS[garbler](piece)
    assert_no_new_script(garbled, piece)
    assert_no_new_script(f"据报道，{garbled}。", piece)


@SETTINGS
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]),
               max_size=40))
def test_arbitrary_text_gains_no_foreign_letters(text: str) -> None:
    # Arbitrary text may be UTF-8 read as Latin-1 by chance (Ï\x80 is π): the reading's
    # language is then whatever the bytes spell, one script at most.
    assert_no_new_script(text, most=1)


@SETTINGS
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4),
       st.sampled_from(range(len(GARBLERS))))
def test_garbled_pages_gain_no_foreign_letters(sentences: list[str], garbler: int) -> None:
    page = "\n".join(sentences)
    assert_no_new_script(GARBLERS[garbler](page), page)
