"""textfix.decode_response on requests-, httpx- and Scrapy-style response objects."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

import textfix

PAGE = "<html><body><p>今日要闻：北京地铁新线开通，早高峰客流明显下降。</p></body></html>"


@dataclass
class RequestsLike:  # requests.Response and httpx.Response: .content bytes, str headers
    content: bytes
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class ScrapyLike:  # scrapy.http.Response: .body bytes, bytes header values in lists
    body: bytes
    headers: dict[bytes | str, list[bytes]] = field(default_factory=dict)


def test_lying_header_is_overridden() -> None:
    response = RequestsLike(PAGE.encode("gbk"), {"content-type": "text/html; charset=ISO-8859-1"})
    result = textfix.decode_response(response)
    assert (result.text, result.encoding, result.reason) == (PAGE, "gb18030",
                                                             "declared-overridden")


def test_honest_header_is_verified() -> None:
    response = RequestsLike(PAGE.encode("gbk"), {"Content-Type": "text/html; charset=GBK"})
    assert textfix.decode_response(response).reason == "declared-verified"


def test_scrapy_response() -> None:
    response = ScrapyLike(PAGE.encode("gbk"), {"Content-Type": [b"text/html; charset=gb2312"]})
    result = textfix.decode_response(response, to="tw")
    assert result.text == PAGE.replace("今日要闻：北京地铁新线开通，早高峰客流明显下降",
                                       "今日要聞：北京地鐵新線開通，早高峰客流明顯下降")
    assert result.reason == "declared-verified"


def test_no_headers_at_all() -> None:
    class Bare:
        content = PAGE.encode("utf-8")

    assert textfix.decode_response(Bare()).text == PAGE


def test_not_a_response() -> None:
    with pytest.raises(TypeError, match=r"neither \.content nor \.body"):
        textfix.decode_response(object())
