"""Properties that hold for any input: never raise, idempotent, no invented U+FFFD, exact replay."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import textfix

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


@SETTINGS
@given(texts)
def test_fix_never_adds_replacement_characters(text: str) -> None:
    assert textfix.fix(text).count("\ufffd") <= text.count("\ufffd")


@SETTINGS
@given(texts, st.booleans(), st.booleans(), st.booleans())
def test_replay_reproduces_result(text: str, fold_width: bool, fold_spaces: bool,
                                  punctuation: bool) -> None:
    result = textfix.fix_and_explain(text, fold_width=fold_width, fold_spaces=fold_spaces,
                                     punctuation=punctuation)
    assert result.text == textfix.fix(text, fold_width=fold_width, fold_spaces=fold_spaces,
                                      punctuation=punctuation)
    assert textfix.replay(text, result.steps) == result.text


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
