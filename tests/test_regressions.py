"""Regressions found by the reliability work of issue 5 (properties, fuzzing, the regex review).

One test per finding, its docstring first: what went wrong and on which input.
"""

from __future__ import annotations

import textfix
from textfix.layers.decode import declared_charset


def test_charset_parameter_with_a_long_run_of_spaces() -> None:
    """``charset\\s*=\\s*["']?\\s*`` had two adjacent ``\\s*``: a Content-Type header (or a
    <meta> tag) with "charset=" and then a run of spaces cost time quadratic in the run (16,000
    spaces: 3 s). The run is now matched once; this input returns at once."""
    header = "text/html; charset=" + " " * 50_000 + ";"
    assert declared_charset(header, b"") is None
    page = b"<meta http-equiv=Content-Type content='text/html; charset=" + b" " * 4000 + b"'>"
    assert declared_charset(None, page) is None
    assert textfix.decode("新闻".encode("gbk"), declared=header).text == "新闻"


def test_charset_parameter_spellings_still_read() -> None:
    """The same charset parameters as before the fix: quoted, spaced, in a <meta> tag."""
    assert declared_charset("text/html; charset=GB2312", b"") == "gb2312"
    assert declared_charset('text/html; charset = "big5"', b"") == "big5"
    assert declared_charset("text/html; charset=' gbk'", b"") == "gbk"
    assert declared_charset('text/html;charset="  utf-8"', b"") == "utf_8"
    assert declared_charset("text/html; charset=x-unknown", b"") is None
    page = b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    assert declared_charset(None, page) == "gb2312"
    assert declared_charset(None, b'<meta charset=" big5 ">') == "big5"


def test_survivor_of_a_loss_does_not_swallow_a_clean_character() -> None:
    """Found by fuzz_fix (U+FFFD added): in ``栀?ソ涓栫晫`` the run 涓栫晫 (世界) snapped left over
    ``栀?ソ``, read as what survived a Windows "?", and the clean 栀 and the "?" came out as one
    U+FFFD. But 栀 (E8 D9 in GBK) is no piece of UTF-8: only bytes that are UTF-8 with bytes
    lost where the markers stand are read as survivors of a loss."""
    assert textfix.fix("栀?ソ涓栫晫") == "栀?ソ世界"
    assert textfix.fix("\x00栀?\x00ソ\x00涓\x00栫\x00晫") == "栀?ソ世界"


def test_big5_hkscs_pair_with_two_code_points() -> None:
    """Found by the mojibake benchmark (ValueError from zip): Big5-HKSCS reads a few pairs as
    two code points (88 62 is Ê̄), so 坆, whose GBK bytes they are, made the Big5 reading of a
    line one character longer than the line. Such a pair has no one-for-one reading."""
    garbled = "開啟網路連線".encode("cp950").decode("gb18030")
    assert textfix.fix("坆" + garbled + "，然後重新開機。") == "坆開啟網路連線，然後重新開機。"


def test_windows_question_mark_stays_the_loss_marker() -> None:
    """Found by fuzz_fix (U+FFFD added): where a character was lost at a Windows "?", the repair
    wrote U+FFFD, a marker the text did not have. The "?" Windows wrote stays the marker; a
    repair never adds a U+FFFD."""
    # \x80 becomes € (ftfy reads the C1 control as cp1252), which the chains' GBK writes as
    # cp936 does, 80: a stray UTF-8 continuation byte, not part of the character lost at "?".
    # ソ (A5 BD) after the "?" is the two bytes of that character the lost pair orphaned: the
    # "?" marks it all (the line is garbled through: 世界 reads back).
    assert textfix.fix("\x80\x00?\x00ソ\x00涓\x00栫\x00晫") == "€?世界"
    lost_two = "数量 统计".encode().decode("gbk", errors="replace")  # U+FFFD stays U+FFFD
    assert textfix.fix(lost_two).count("\ufffd") <= lost_two.count("\ufffd")


def test_a_letter_written_as_the_gap_byte_is_no_lost_byte() -> None:
    """Found by fuzz_fix (U+FFFD added with ``lossy="guess"``): the unit search writes U+FFFD,
    the mark of lost bytes, as the byte FF, which no true codec's text holds; but cp1252 writes
    ÿ as FF too, so ``ÿç½ÿ`` read as UTF-8 took both ÿ for lost bytes and came out as ``�网``.
    A character the wrong code page writes as FF (ÿ, cp1251's я) is none it made of UTF-8, GBK
    or Big5 text: no reading crosses it."""
    for lossy in ("mark", "guess"):
        assert textfix.fix("ÿç½ÿ", lossy=lossy) == "ÿç½ÿ"
        assert textfix.fix("Rendez-vous à L'Haÿ-les-Roses, 12 € – café", lossy=lossy) == \
            "Rendez-vous à L'Haÿ-les-Roses, 12 € – café"
    # A real loss beside it is still read: 災 (E7 81 BD) with 81, which cp1252 drops, gone.
    assert textfix.fix("ÿ 价格 ç½ 好", lossy="guess") == "ÿ 价格 災 好"


def test_guessing_marks_a_character_with_no_filling() -> None:
    """Found by fuzz_fix (U+FFFD added with ``lossy="guess"``): the harness asked that guessing
    add no U+FFFD at all. But in ``7ÿ½ç½½ççò`` read back as UTF-8 that cp1252 dropped bytes of,
    the last two characters are lone lead bytes (E7, then F2 at the end, which begins only
    unassigned planes): no filling is worth guessing, and ``lossy_western`` marks each. Guessing
    fills in what has fillings and says so; each U+FFFD it leaves is a step's mark."""
    text = "7ÿ½ç½½ççò"
    assert textfix.fix(text) == text  # without the guess, too little reads back
    guessed = textfix.fix_and_explain(text, lossy="guess")
    assert guessed.text == "7ÿ½罽睁\ufffd\ufffd"
    recode, guess = guessed.steps[0], guessed.steps[1]
    assert (recode.before, recode.after) == (text, guessed.text)
    assert guess.action == "guess" and guess.after == "睁" and "睏" in guess.evidence
