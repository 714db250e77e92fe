"""Charset labels: what the caller declares and what the document says about itself.

Header and ``<meta>`` parsing is w3lib's (Scrapy's encoding helpers): it follows the WHATWG
prescan (a ``charset`` attribute, or ``http-equiv=content-type`` with ``content="...charset=..."``,
comments skipped, the scan stopped at ``<body>``, quoted strings in a Content-Type kept whole) in
linear-time patterns, and it maps labels to the supersets browsers decode with (gb2312/gbk ->
gb18030, iso-8859-1/ascii -> cp1252, euc-kr -> cp949, shift_jis -> cp932). Writing that again
would only add divergence from what Scrapy users already get. textfix adds two things: the Big5
family is tried as big5hkscs first and cp950 second, whichever decodes the bytes (Python's
``big5`` rejects cp950 and HKSCS characters such as 裏 and 啓); and a header that w3lib finds no
valid charset parameter in (``charset = "big5"``, ``charset='gbk'``: servers send them) is read
leniently by ``written_label``, since a declaration is only a hint that the bytes must confirm.
"""

from __future__ import annotations

import codecs
import re

from textfix.lazy_regex import lazy_compile

# The first bytes of a document that its own declaration is looked for in (the WHATWG prescan
# reads 1,024; w3lib allows 4,096).
PRESCAN_BYTES = 4096
# Big5-HKSCS first: it is the WHATWG (browser) Big5, agrees with Python's strict ``big5`` on every
# standard code (cp950 reads 255 codes differently, ／ as ∕ and ‧ as •: 5 of chardet's 28 Big5
# test files), and also reads the ETEN extensions (裏 F9D8) and HKSCS (啓 FBA3); cp950 only where
# the bytes hold one of the 7 codes only it maps (the euro sign A3E1).
BIG5_FAMILY = ("big5hkscs", "cp950")
# Latin-1 labels are read as cp1252 (w3lib's table), and as Latin-1 itself where the bytes hold
# one of the five that cp1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D), which browsers read
# as C1 controls.
# Python codec name -> the codecs to try, in order, the first that decodes the bytes wins.
_SUPERSETS = {"big5": BIG5_FAMILY, "cp950": BIG5_FAMILY, "big5hkscs": BIG5_FAMILY,
              "cp1252": ("cp1252", "latin_1")}
# charset=... in a Content-Type value, a <meta> tag or an XML declaration. The spaces after a
# quote are matched only after a quote: two adjacent \s* made a run of spaces quadratic.
_CHARSET = lazy_compile(rb"""charset\s*=\s*(?:["']\s*)?([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_XML_ENCODING = lazy_compile(rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""")
# A <meta> that names UTF-16 is read as UTF-8: the page was parsed as ASCII to find the tag at
# all, so it cannot be UTF-16 (WHATWG "prescan a byte stream", step "charset is UTF-16").
_META_UTF16 = {"utf_16", "utf_16_le", "utf_16_be"}


Label = str | bytes | bytearray | memoryview | None  # what ``declared`` may be


def label_text(declared: object) -> str | None:
    """A caller's ``declared`` as text: a ``str`` as it is; bytes (Scrapy's header values:
    ``response.headers.get("Content-Type")``) read as Latin-1, as Scrapy and w3lib read HTTP
    headers; None as None. Anything else is a ``TypeError`` that names what is accepted.

    >>> label_text(b"text/html; charset=gbk")
    'text/html; charset=gbk'
    """
    if declared is None or isinstance(declared, str):
        return declared
    if isinstance(declared, bytes | bytearray | memoryview):
        return bytes(declared).decode("latin-1")
    raise TypeError("declared must be a str, bytes (a charset name or Content-Type value) or "
                    f"None, not {type(declared).__name__}")


def data_bytes(data: object, function: str) -> bytes:
    """``data`` of ``decode``/``detect_encoding`` as bytes; a ``TypeError`` for anything that is
    no bytes-like object (``bytes(5)`` would be five NULs, ``bytes("中")`` an unclear error)."""
    if isinstance(data, bytes):
        return data
    if isinstance(data, bytearray | memoryview):
        return bytes(data)
    hint = "; use fix() for str" if isinstance(data, str) else ""
    raise TypeError(f"{function}() takes bytes, bytearray or memoryview, not "
                    f"{type(data).__name__}{hint}")


def _replace(error: UnicodeError) -> tuple[str, int]:
    """Python's "replace", except that GB18030 reads a lone 0x80 as the euro sign, as Windows'
    GBK (cp936) and the WHATWG GB18030 decoder do; Python's gb18030 rejects it."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    if error.encoding == "gb18030" and error.object[error.start] == 0x80:
        return "\u20ac", error.start + 1
    return "\ufffd", error.end


# The error handler of every lenient decode in textfix: bad bytes become U+FFFD.
LENIENT = "textfix-replace"
codecs.register_error(LENIENT, _replace)


def codec_name(label: str | None) -> str | None:
    """Python's canonical codec name (with underscores) for a label, or None if there is none.

    >>> codec_name("GB2312"), codec_name("Big5"), codec_name("x-unknown")
    ('gb2312', 'big5', None)
    """
    if not label:
        return None
    try:
        return codecs.lookup(label.strip().strip("\"'")).name.replace("-", "_")
    except (LookupError, ValueError):
        return None


def _widened(label: str) -> str | None:
    """The superset a browser decodes ``label`` with (w3lib's table), as a Python codec name."""
    # w3lib is imported on first use, here and below: its import compiles patterns.
    from w3lib.encoding import resolve_encoding

    try:
        resolved = resolve_encoding(label.strip().strip("\"'"))
    except (LookupError, ValueError):
        return None
    return codec_name(resolved)


def written_label(declared: str | None, data: bytes) -> str | None:
    """The codec a declaration names as written, not widened, read leniently: the caller's (a
    bare name or any ``charset=`` in it), else the document's XML declaration or ``charset=``.

    >>> written_label("text/html; charset = 'GB2312'", b"")
    'gb2312'
    >>> written_label(None, b'<meta charset=big5>')
    'big5'
    """
    if declared:
        match = _CHARSET.search(declared.encode("ascii", "replace"))
        name = codec_name(match.group(1).decode() if match else declared)
        if name:
            return name
    head = data[:PRESCAN_BYTES]
    match = _XML_ENCODING.search(head) or (_CHARSET.search(head) if b"<meta" in head.lower()
                                            else None)
    return codec_name(match.group(1).decode("ascii")) if match else None


def unknown_charset(declared: str) -> str | None:
    """The charset a declaration names that no codec reads (``klingon``, ``text/html;
    charset=klingon``), or None: a known name, or a Content-Type that names no charset.

    >>> unknown_charset("klingon"), unknown_charset("text/html; charset=GBK")
    ('klingon', None)
    """
    match = _CHARSET.search(declared.encode("utf-8", "replace"))
    if match:
        name = match.group(1).decode("ascii")
    elif "=" in declared or ";" in declared or "/" in declared:
        return None  # a Content-Type with no charset parameter: nothing declared
    else:
        name = declared.strip().strip("\"'")
    return None if codec_name(name) or _widened(name) else name


def declared_codec(declared: str | None) -> str | None:
    """The codec a caller's declaration names: a bare label (``"gbk"``) or a whole Content-Type
    value (``"text/html; charset=GBK"``), widened to its superset.

    >>> declared_codec("text/html; charset=GB2312"), declared_codec("latin-1")
    ('gb18030', 'cp1252')
    >>> declared_codec("text/html") is None
    True
    """
    if not declared or not declared.isascii():
        return None
    if "=" in declared or ";" in declared or "/" in declared:
        from w3lib.encoding import http_content_type_encoding

        found = codec_name(http_content_type_encoding(declared))
        if found:
            return found
        written = written_label(declared, b"")
        return _widened(written) if written else None
    return _widened(declared)


def document_codec(data: bytes) -> str | None:
    """The codec the document's ``<meta charset>``, ``<meta http-equiv>`` or XML declaration
    names in its first ``PRESCAN_BYTES`` bytes, widened to its superset.

    >>> document_codec(b'<html><head><meta charset="gb2312"><title>')
    'gb18030'
    """
    head = data[:PRESCAN_BYTES]
    if b"<" not in head:
        return None
    from w3lib.encoding import html_body_declared_encoding

    name = codec_name(html_body_declared_encoding(head))
    return "utf_8" if name in _META_UTF16 else name


def hints(declared: str | None, data: bytes) -> tuple[tuple[str, str], ...]:
    """The declared codecs to verify, strongest first, as ``(codec, source)``: the caller's
    declaration (an HTTP header outranks the page, as in browsers), then the document's own."""
    found = []
    caller = declared_codec(declared)
    if caller:
        found.append((caller, "declared"))
    own = document_codec(data)
    if own and own != caller:
        found.append((own, "document"))
    return tuple(found)


def supersets(codec: str) -> tuple[str, ...]:
    """The codecs to try for ``codec``, in order (the Big5 family as big5hkscs, then cp950;
    cp1252, then Latin-1)."""
    return _SUPERSETS.get(codec, (codec,))
