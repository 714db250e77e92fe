"""Scraping helpers: decode an HTTP response object without depending on its library.

Duck-typed on ``.content`` (the body as bytes) and ``.headers`` (a mapping with a
case-insensitive ``get``, as requests, httpx and Scrapy's ``Headers`` have); Scrapy responses
carry ``.body`` instead of ``.content`` and bytes header values, and are read too.
"""

from __future__ import annotations

from typing import Any

from .charset.labels import Label
from .config import Config
from .explain import DecodeResult


def _content_type(headers: Any) -> Label:
    if headers is None:
        return None
    try:
        value = headers.get("content-type") or headers.get("Content-Type")
    except (AttributeError, TypeError):
        return None
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    return value if isinstance(value, str | bytes | bytearray) else None  # decode() reads bytes


def _body(response: Any) -> bytes:
    for name in ("content", "body"):
        value = getattr(response, name, None)
        if isinstance(value, bytes | bytearray | memoryview):
            return bytes(value)
    raise TypeError(f"{type(response).__name__} has neither .content nor .body bytes")


def decode_response(response: Any, *, to: str | None = None, config: Config | None = None,
                    explain: bool = True, **options: bool | str) -> DecodeResult:
    """``decode(response.content, declared=<its Content-Type header>)``: the header is a hint
    the bytes must confirm, like the page's own ``<meta>``.

    >>> class Response:  # what requests and httpx give
    ...     content = "<p>今天天气很好</p>".encode("gbk")
    ...     headers = {"content-type": "text/html; charset=ISO-8859-1"}
    >>> decode_response(Response()).text, decode_response(Response()).reason
    ('<p>今天天气很好</p>', 'declared-overridden')
    """
    from .api import decode  # api imports the layers; this module is imported by api

    return decode(_body(response), declared=_content_type(getattr(response, "headers", None)),
                  to=to, config=config, explain=explain, **options)
