"""Decode layer: BOMs, UTF-8, declared charsets verified and widened, detection, binary input."""

from __future__ import annotations

import codecs
import io
import zipfile

import pytest

import textfix

# 镕 (U+9555) is in GBK but not in GB2312: a page declared gb2312 that holds it is really GBK.
NEWS = "国务院总理朱镕基今天在北京会见了来访的客人，双方就经贸合作等问题交换了意见。"
REVIEW = "這是一段繁體中文的測試文字，台灣的朋友們都說這家餐廳的牛肉麵非常好吃，價格也很合理。"
PRODUCT = "【正品保证】小米手环8 NFC版 血氧心率监测 150种运动模式\n"


def test_news_is_outside_gb2312() -> None:
    with pytest.raises(UnicodeEncodeError):
        NEWS.encode("gb2312")
    assert NEWS.encode("gbk") == NEWS.encode("gb18030")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + NEWS.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + NEWS.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + NEWS.encode("utf-16-be"), "utf-16"),
        (codecs.BOM_UTF32_LE + NEWS.encode("utf-32-le"), "utf-32"),
        (codecs.BOM_UTF32_BE + NEWS.encode("utf-32-be"), "utf-32"),
    ],
    ids=["utf-8-sig", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"],
)
def test_bom(data: bytes, encoding: str) -> None:
    result = textfix.decode(data)
    assert result.text == NEWS  # the BOM itself is not part of the text
    assert result.encoding == encoding
    assert result.reason == "bom"
    assert result.confidence == 1.0


def test_utf8() -> None:
    result = textfix.decode(PRODUCT.encode("utf-8"))
    assert (result.text, result.encoding, result.reason) == (PRODUCT, "utf-8", "utf-8")


def test_ascii_is_utf8() -> None:
    result = textfix.decode(b"GET /index.html HTTP/1.1\r\n")
    assert (result.text, result.encoding) == ("GET /index.html HTTP/1.1\r\n", "utf-8")


def test_empty() -> None:
    result = textfix.decode(b"")
    assert result.text == ""
    assert not result.is_binary


def test_utf8_declared_gbk_is_still_utf8() -> None:
    # Valid UTF-8 of real Chinese text is never valid-looking GBK by accident in practice;
    # the bytes win over the label.
    result = textfix.decode(NEWS.encode("utf-8"), declared="text/html; charset=GBK")
    assert (result.text, result.encoding) == (NEWS, "utf-8")


def test_gbk_detected() -> None:
    result = textfix.decode(NEWS.encode("gbk"))
    assert result.text == NEWS
    assert result.encoding == "gb18030"
    assert result.reason == "detected"


@pytest.mark.parametrize("declared", ["gb2312", "GB2312", "text/html; charset=GB2312",
                                      "text/html;charset=\"gb2312\"", "gbk"])
def test_declared_gb2312_is_widened_to_gb18030(declared: str) -> None:
    result = textfix.decode(NEWS.encode("gbk"), declared=declared)
    assert result.text == NEWS
    assert result.encoding == "gb18030"
    assert result.reason == "declared-verified"


def test_meta_charset_in_document() -> None:
    page = f'<html><head><meta charset="gb2312"><title>新闻</title></head><body>{NEWS}</body>'
    result = textfix.decode(page.encode("gbk"))
    assert result.text == page
    assert result.encoding == "gb18030"
    assert result.reason == "declared-verified"


def test_xml_declaration() -> None:
    doc = f'<?xml version="1.0" encoding="GBK"?>\n<item><title>{NEWS}</title></item>'
    result = textfix.decode(doc.encode("gbk"))
    assert (result.text, result.encoding) == (doc, "gb18030")


def test_gb18030_four_byte_characters() -> None:
    # 𠀀 (U+20000, Extension B) and an emoji need GB18030's four-byte sequences.
    text = "生僻字“𠀀”和表情😀都能显示，汉字测试通过。"
    result = textfix.decode(text.encode("gb18030"))
    assert result.text == text
    assert result.encoding == "gb18030"


def test_big5_detected() -> None:
    result = textfix.decode(REVIEW.encode("big5"))
    assert result.text == REVIEW
    assert result.encoding in ("cp950", "big5hkscs")


def test_big5_declared() -> None:
    result = textfix.decode(REVIEW.encode("big5"), declared="text/html; charset=big5")
    assert result.text == REVIEW
    assert result.encoding in ("cp950", "big5hkscs")
    assert result.reason == "declared-verified"


def test_wrong_declared_utf8_is_overridden() -> None:
    result = textfix.decode(NEWS.encode("gbk"), declared="utf-8")
    assert result.text == NEWS
    assert result.encoding == "gb18030"
    assert result.reason == "declared-overridden"


@pytest.mark.parametrize("declared", ["text/html; charset=ISO-8859-1", "latin-1", "windows-1252"])
def test_declared_western_charset_on_gbk_is_overridden(declared: str) -> None:
    # HTTP's old default charset: a server that says nothing gets ISO-8859-1 from many clients.
    result = textfix.decode(NEWS.encode("gbk"), declared=declared)
    assert result.text == NEWS
    assert result.encoding == "gb18030"
    assert result.reason == "declared-overridden"


def test_decode_repairs_and_converts() -> None:
    data = "衡陽市僑聯(lián)召開工作會議".encode("gb18030")
    assert textfix.decode(data).text == "衡陽市僑聯召開工作會議"
    assert textfix.decode(data, to="simplified").text == "衡阳市侨联召开工作会议"


def test_decode_steps_start_with_the_decode_finding() -> None:
    data = "衡陽市僑聯(lián)".encode()
    result = textfix.decode(data)
    assert result.steps[0].layer == "decode"
    assert not result.steps[0].changed
    assert [(s.layer, s.before) for s in result.steps[1:]] == [("annotations", "(lián)")]
    assert textfix.replay(data.decode("utf-8"), result.steps) == result.text


def test_decode_accepts_bytearray_and_memoryview() -> None:
    data = NEWS.encode("utf-8")
    assert textfix.decode(bytearray(data)).text == NEWS  # type: ignore[arg-type]
    assert textfix.decode(memoryview(data)).text == NEWS  # type: ignore[arg-type]


def test_detect_encoding() -> None:
    guess = textfix.detect_encoding(NEWS.encode("gbk"), declared="gb2312")
    assert (guess.encoding, guess.reason) == ("gb18030", "declared-verified")
    assert 0.0 <= guess.confidence <= 1.0
    assert textfix.detect_encoding(NEWS.encode("utf-8")).encoding == "utf-8"


def test_stray_byte_in_gbk_costs_one_character() -> None:
    # One corrupt byte in a GBK page: the rest must still be read as GBK.
    data = NEWS.encode("gbk") + b"\xff" + "报道结束".encode("gbk")
    result = textfix.decode(data)
    assert result.text == NEWS + "\ufffd报道结束"
    assert result.encoding == "gb18030"


def test_gbk_truncated_mid_character_costs_one_character() -> None:
    # A scraper that keeps the first N bytes cuts the last character in half.
    data = (NEWS * 3).encode("gbk")[:-1]
    result = textfix.decode(data)
    assert result.text == (NEWS * 3)[:-1] + "\ufffd"
    assert result.encoding == "gb18030"


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


def _empty_zip() -> bytes:
    archive = io.BytesIO()
    zipfile.ZipFile(archive, "w").close()
    return archive.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        PNG,
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00",
        _empty_zip(),
    ],
    ids=["png", "jpeg", "pdf", "gzip", "empty-zip"],
)
def test_binary(data: bytes) -> None:
    result = textfix.decode(data)
    assert result.is_binary
    assert result.encoding == "binary"
    assert textfix.detect_encoding(data).encoding == "binary"


def test_utf16_with_ascii_is_not_binary() -> None:
    text = "Name: 张三\nCity: Beijing\n"
    result = textfix.decode(text.encode("utf-16"))
    assert (result.text, result.is_binary) == (text, False)


# --- lying and honest labels ---------------------------------------------------------------

FORUM = "楼主说得对，这家店的售后服务太差了，我上个月买的手机屏幕就坏了，客服一直不回复。"
TAIPEI = "他說：「這裏的老師啓發了我很多。」台北市政府今天公布了新的交通政策。"


def _page(label: str, body: str) -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="{label}"><title>论坛</title></head>'
            f"<body><p>{body}</p></body></html>")


@pytest.mark.parametrize("label", ["utf-8", "iso-8859-1", "windows-1252"])
def test_meta_that_lies_about_gbk_is_overridden(label: str) -> None:
    page = _page(label, FORUM)
    result = textfix.decode(page.encode("gbk"))
    assert (result.text, result.encoding, result.reason) == (page, "gb18030",
                                                             "declared-overridden")


@pytest.mark.parametrize("header", ["text/html; charset=UTF-8", "text/html; charset=ISO-8859-1",
                                    "text/html; charset=gbk"])
def test_header_that_lies_about_big5_is_overridden(header: str) -> None:
    page = f"<html><body><p>{REVIEW}</p></body></html>"
    result = textfix.decode(page.encode("big5"), declared=header)
    assert result.text == page
    assert result.encoding == "big5hkscs"
    assert result.reason == "declared-overridden"


def test_honest_big5_label_reads_cp950_and_hkscs_characters() -> None:
    # Python's big5 rejects 裏 (F9D8, an ETEN extension) and 啓 (FBA3, HKSCS).
    data = TAIPEI.encode("big5hkscs")
    with pytest.raises(UnicodeDecodeError):
        data.decode("big5")
    result = textfix.decode(data, declared="text/html; charset=big5")
    assert (result.text, result.encoding, result.reason) == (TAIPEI, "big5hkscs",
                                                             "declared-verified")
    assert textfix.decode(data).text == TAIPEI


def test_honest_western_label_is_kept() -> None:
    text = "Größere Änderungen: Überprüfung der Straße, café français."
    result = textfix.decode(text.encode("cp1252"), declared="text/html; charset=ISO-8859-1")
    assert (result.text, result.encoding, result.reason) == (text, "cp1252", "declared-verified")


def test_lenient_header_spellings_are_read() -> None:
    # Servers send these; w3lib finds no valid parameter in them, the lenient reading does.
    for header in ("text/html; charset = 'gbk'", 'text/html; charset = "gb2312"'):
        assert textfix.detect_encoding(NEWS.encode("gbk"), declared=header).reason == \
            "declared-verified"


def test_meta_inside_a_comment_is_not_a_declaration() -> None:
    page = f'<html><head><!-- <meta charset="big5"> --></head><body>{NEWS}</body></html>'
    result = textfix.decode(page.encode("gbk"))
    assert (result.text, result.reason) == (page, "detected")


# --- short inputs ----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "codec", "encoding"), [
    ("小米手环8 NFC版", "gbk", "gb18030"),
    ("录 shell 前, log", "gbk", "gb18030"),  # these GBK bytes are also valid UTF-8 (¼ ǰ)
    ("系统", "gbk", "gb18030"),  # valid UTF-8 too, of one script: ϵͳ, Greek signs of no word
    ("一些小说", "gbk", "gb18030"),  # һЩС˵
    ("限時特價 九折", "big5", "big5hkscs"),
    ("新品上市😀", "gb18030", "gb18030"),
])
def test_sixteen_bytes_or_fewer(text: str, codec: str, encoding: str) -> None:
    data = text.encode(codec)
    assert len(data) <= 16
    result = textfix.decode(data)
    assert (result.text, result.encoding) == (text, encoding)


@pytest.mark.parametrize("word", ["café", "Grüße", "±5 mm", "Москва", "naïve", "Việt", "не"])
def test_short_western_utf8_stays_utf8(word: str) -> None:
    assert textfix.detect_encoding(word.encode()).encoding == "utf-8"


# --- other CJK and Unicode encodings -----------------------------------------------------------

JAPANESE = "これは日本語の文章です。文字コードの判定をテストします。"
KOREAN = "안녕하세요 세계 이것은 한국어 문장입니다 인코딩 감지 테스트"


@pytest.mark.parametrize(("text", "codec", "encoding"), [
    (JAPANESE, "euc_jp", "euc_jp"),
    (JAPANESE, "shift_jis", "cp932"),
    (KOREAN, "euc_kr", "cp949"),
    ("Привет, мир! Это короткий текст на русском языке.", "cp1251", "cp1251"),
])
def test_japanese_korean_and_cyrillic_are_not_taken_for_chinese(text: str, codec: str,
                                                                  encoding: str) -> None:
    result = textfix.decode(text.encode(codec))
    assert (result.text, result.encoding) == (text, encoding)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_bom(codec: str) -> None:
    text = "新闻标题：北京今日晴。\nNews: sunny in Beijing today.\n"
    result = textfix.decode(text.encode(codec))
    assert (result.text, result.encoding, result.reason) == (text, codec, "detected")


def test_hz() -> None:
    data = b"~{<:Ky2;S{#,NpJ)l6HK!#~}"
    result = textfix.decode(data)
    assert (result.text, result.encoding) == ("己所不欲，勿施於人。", "hz")
    assert textfix.decode(b"a tilde ~ alone").encoding == "utf-8"


# --- mixed documents ---------------------------------------------------------------------------

def test_utf8_page_with_a_gbk_line_is_read_per_line() -> None:
    head = f"<html><body>\n<p>{NEWS}</p>\n"
    footer = "<p>本站广告：特价手机，全场五折！</p>\n"
    data = head.encode() + footer.encode("gbk") + b"</body></html>\n"
    result = textfix.decode(data)
    assert result.text == head + footer + "</body></html>\n"
    assert result.reason == "per-line"
    guess = textfix.detect_encoding(data)
    # ASCII lines (the closing tags) join the run before them: every codec here reads them.
    assert [codec for _, _, codec in guess.segments] == ["utf-8", "gb18030"]
    assert guess.segments[1][:2] == (len(head.encode()), len(data))


def test_one_document_in_one_codec_is_not_per_line() -> None:
    assert textfix.detect_encoding((NEWS + "\n" + FORUM).encode("gbk")).segments == ()


def test_truncated_utf8_costs_one_character() -> None:
    data = (NEWS * 2).encode()[:-2]
    result = textfix.decode(data)
    assert (result.text, result.encoding) == ((NEWS * 2)[:-1] + "\ufffd", "utf-8")


def test_stray_byte_in_utf8_costs_one_character() -> None:
    data = NEWS.encode()[:9] + b"\xff" + NEWS.encode()[9:]
    result = textfix.decode(data)
    assert (result.text, result.encoding) == (NEWS[:3] + "\ufffd" + NEWS[3:], "utf-8")


def test_utf7_label_is_ignored() -> None:
    # UTF-7 re-spells "<" as "+ADw-": a page that declares it could smuggle markup (w3lib).
    data = b"+ADw-script+AD4-alert(1)+ADw-/script+AD4-"
    result = textfix.decode(data, declared="text/html; charset=utf-7")
    assert (result.text, result.encoding) == (data.decode("ascii"), "utf-8")


@pytest.mark.parametrize("data", [
    bytes(range(256)) * 8,  # every byte value, NULs everywhere
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00",  # a Windows executable
    b"SQLite format 3\x00\x10\x00\x01\x01\x00@  \x00\x00\x00\x01",
], ids=["all-bytes", "exe", "sqlite"])
def test_more_binary(data: bytes) -> None:
    result = textfix.decode(data)
    assert (result.encoding, result.reason, result.text) == ("binary", "binary", "")


def test_stray_byte_that_gbk_would_accept_in_a_utf8_document() -> None:
    # \xa1 followed by UTF-8 bytes is a valid GB18030 pair: the line must stay UTF-8, one
    # character lost, not become GB18030 mojibake.
    lines = (NEWS + "\n").encode()
    data = lines * 3 + NEWS.encode()[:9] + b"\xa1" + NEWS.encode()[9:] + b"\n" + lines
    result = textfix.decode(data)
    assert result.text == (NEWS + "\n") * 3 + NEWS[:3] + "\ufffd" + NEWS[3:] + "\n" + NEWS + "\n"
    assert result.encoding == "utf-8"


@pytest.mark.parametrize("text", ["Price: ¥99", "25 °C ± 2", "× 3", "Ελλάδα 2024", "שלום"])
def test_short_utf8_symbols_and_one_script_stay_utf8(text: str) -> None:
    # ¥ (C2A5) is also the GBK pair of 楼: a price must not become 楼99.
    assert textfix.decode(text.encode()).text == text


def test_gbk_euro_sign_0x80() -> None:
    # Windows' GBK writes € as the single byte 0x80, which Python's gb18030 rejects.
    data = "价格：".encode("gbk") + b"\x80" + "99，欢迎选购正品行货".encode("gbk")
    result = textfix.decode(data)
    assert (result.text, result.encoding) == ("价格：€99，欢迎选购正品行货", "gb18030")


def test_latin1_label_with_bytes_cp1252_leaves_undefined() -> None:
    data = "Caf\xe9 na\xefve \x8d".encode("latin-1")
    guess = textfix.detect_encoding(data, declared="text/html; charset=iso-8859-1")
    assert (guess.encoding, guess.reason) == ("iso8859-1", "declared-verified")
    assert textfix.detect_encoding(b"Caf\xe9 na\xefve", declared="latin-1").encoding == "cp1252"


def test_ascii_with_a_four_byte_gb18030_symbol() -> None:
    # No Han character to judge by, but only GB18030 writes © as 81 30 84 38.
    data = "loginctl - ©".encode("gb18030")
    result = textfix.decode(data)
    assert (result.text, result.encoding, result.reason) == ("loginctl - ©", "gb18030",
                                                             "detected")


def test_scrapy_header_bytes_are_a_label() -> None:
    # Scrapy's response.headers.get("Content-Type") is bytes.
    page = "<p>今天天气很好，我们去公园散步吧</p>".encode("gbk")
    found = textfix.decode(page, declared=b"text/html; charset=gbk")
    assert (found.text, found.encoding, found.reason) == (
        "<p>今天天气很好，我们去公园散步吧</p>", "gb18030", "declared-verified")
    assert textfix.detect_encoding(page, declared=b"text/html; charset=utf-8").reason == \
        "declared-overridden"
    assert textfix.decode(page, declared=bytearray(b"gbk")).encoding == "gb18030"
    clean = "今天天气很好".encode()
    assert textfix.decode(clean, declared=b"text/html; charset=utf-8").text == "今天天气很好"


@pytest.mark.parametrize("data", ["今天天气很好", 5, None, ["a"]])
def test_data_that_is_no_bytes_is_a_clear_type_error(data: object) -> None:
    with pytest.raises(TypeError, match="takes bytes, bytearray or memoryview"):
        textfix.decode(data)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="takes bytes, bytearray or memoryview"):
        textfix.detect_encoding(data)  # type: ignore[arg-type]
