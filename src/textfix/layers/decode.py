"""Decode layer (bytes only): which charset the bytes are really in.

Precedence: a BOM; valid UTF-8 (checked at C speed); a declared charset (HTTP header, or the
document's own ``<meta charset>`` / XML declaration) when the bytes decode cleanly under it;
chardet for the rest. Legacy names are widened to the supersets browsers use (gb2312/gbk ->
gb18030, big5 -> cp950 or big5hkscs, iso-8859-1 -> cp1252). A declared single-byte Western
charset is overridden when chardet is confident the bytes are a Chinese multibyte encoding.
"""

from __future__ import annotations

import codecs
import re

from ..explain import EncodingGuess

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Magic numbers no text starts with, and ones that a text could start with (MZ, ID3): those
# count only beside control bytes.
_BINARY_MAGIC = (
    b"\x89PNG", b"\xff\xd8\xff", b"%PDF-", b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b",
    b"\xfd7zXZ", b"7z\xbc\xaf", b"\x7fELF", b"\x00\x00\x01\x00", b"Rar!\x1a",
    b"\xca\xfe\xba\xbe", b"SQLite format 3\x00",
)
_TEXT_LIKE_MAGIC = (b"GIF8", b"BZh", b"MZ", b"RIFF", b"OggS", b"ID3", b"fLaC")
# charset=... in a Content-Type value, a <meta> tag or an XML declaration. The spaces after a
# quote are matched only after a quote: two adjacent \s* made a run of spaces quadratic.
_CHARSET = re.compile(rb"""charset\s*=\s*(?:["']\s*)?([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""")
_WIDER = {  # Python codec name -> the supersets to try, in order
    "gb2312": ("gb18030",),
    "gbk": ("gb18030",),
    "big5": ("cp950", "big5hkscs"),
    "cp950": ("cp950", "big5hkscs"),
    "big5hkscs": ("big5hkscs", "cp950"),
    "latin_1": ("cp1252",),
    "iso8859_1": ("cp1252",),
    "ascii": ("cp1252",),
}
_SINGLE_BYTE_WESTERN = {"cp1252", "latin_1", "iso8859_1", "ascii", "iso8859_15"}
_CHINESE = {"gb18030", "gbk", "gb2312", "cp950", "big5", "big5hkscs", "hz", "utf_8"}
_MULTIBYTE = {"utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be",
              "euc_jp", "shift_jis", "cp932", "euc_kr", "cp949", "iso2022_jp"}
_LENIENT = ("gb18030", "cp950", "big5hkscs")


def codec_name(label: str | None) -> str | None:
    """Python's canonical codec name for a charset label, or None if Python has no such codec.

    >>> codec_name("GB2312"), codec_name("x-unknown")
    ('gb2312', None)
    """
    if not label:
        return None
    try:
        return codecs.lookup(label.strip().strip("\"'")).name.replace("-", "_")
    except (LookupError, ValueError):
        return None


def declared_charset(declared: str | None, data: bytes) -> str | None:
    """The charset the caller declared (a name or a Content-Type value), else the document's."""
    if declared:
        match = _CHARSET.search(declared.encode("ascii", "replace"))
        name = codec_name(match.group(1).decode() if match else declared)
        if name:
            return name
    head = data[:4096]
    match = _XML_ENCODING.search(head) or (_CHARSET.search(head) if b"<meta" in head.lower()
                                            else None)
    return codec_name(match.group(1).decode("ascii")) if match else None


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _widened(codec: str, data: bytes) -> str | None:
    """The superset of ``codec`` (or ``codec`` itself) that decodes ``data`` strictly, if any."""
    for candidate in _WIDER.get(codec, (codec,)):
        if _decodes(data, candidate):
            return candidate
    return None


_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def is_binary(data: bytes) -> bool:
    """Images, archives, executables: a magic number, or NULs that are not in a UTF-16/32
    pattern. Text has neither, so it is never called binary."""
    if data.startswith(_BINARY_MAGIC):
        return True
    head = data[:8192]
    if not _CONTROL_BYTES.search(head):
        return False
    if data.startswith(_TEXT_LIKE_MAGIC):
        return True
    nul = head.count(0)
    if not nul:
        return False
    # UTF-16 text of mostly ASCII or CJK has its NULs on one parity; binary has them anywhere.
    even, odd = head[0::2].count(0), head[1::2].count(0)
    return min(even, odd) > nul // 4 and not _decodes(data, "utf-16")


def _chardet(data: bytes) -> tuple[str | None, float]:
    import chardet  # on first use: UTF-8 input, the common case, never needs it

    result = chardet.detect(data, prefer_superset=True)
    return codec_name(result.get("encoding")), float(result.get("confidence") or 0.0)


def _lenient_chinese(data: bytes) -> str | None:
    """The Chinese codec that decodes ``data`` with the fewest errors, if they are few (a
    truncated last character, a stray byte): one bad byte should cost one character, not the
    whole text."""
    best, fewest = None, max(1, len(data) // 100) + 1
    for codec in _LENIENT:
        errors = data.decode(codec, errors="replace").count("\ufffd")
        if errors < fewest:
            best, fewest = codec, errors
    return best


def detect_encoding(data: bytes, declared: str | None = None) -> EncodingGuess:
    """The charset of ``data``, how sure, and why."""
    for bom, codec in _BOMS:
        if data.startswith(bom) and _decodes(data, codec):
            return EncodingGuess(codec, 1.0, "bom")
    if is_binary(data):
        return EncodingGuess("binary", 0.99, "binary")
    if _decodes(data, "utf-8"):
        return EncodingGuess("utf-8", 1.0 if not data.isascii() else 0.99, "utf-8")
    hint = declared_charset(declared, data)
    detected, confidence = _chardet(data)
    if hint:
        verified = _widened(hint, data)
        if verified and not (
            verified in _SINGLE_BYTE_WESTERN and detected in _CHINESE and confidence >= 0.2
        ):
            return EncodingGuess(verified, 0.95, "declared-verified")
    reason = "declared-overridden" if hint else "detected"
    # A single-byte code page decodes any bytes, so a weak guess of one proves nothing.
    trusted = detected in _CHINESE or detected in _MULTIBYTE or confidence >= 0.5
    widened = _widened(detected, data) if detected and trusted else None
    if widened:
        return EncodingGuess(widened, confidence, reason)
    lenient = _lenient_chinese(data)
    if lenient:
        return EncodingGuess(lenient, 0.3, f"{reason}-lenient")
    widened = _widened(detected, data) if detected else None
    if widened:
        return EncodingGuess(widened, confidence, reason)
    return EncodingGuess("utf-8", 0.0, "fallback-replace")


def to_text(data: bytes, guess: EncodingGuess) -> str:
    """Decode with the guessed codec; bytes it cannot decode become U+FFFD (never raises)."""
    codec = "utf-8" if guess.encoding == "binary" else guess.encoding
    return data.decode(codec, errors="replace")
