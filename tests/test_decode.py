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
