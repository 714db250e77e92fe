"""What the bytes say before any statistics: a BOM, binary data, UTF-8, a UTF-16/32 NUL pattern,
escape-based encodings (HZ, ISO-2022)."""

from __future__ import annotations

import codecs

from textfix.lazy_regex import lazy_compile

from .. import plausibility

BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf_32"),
    (codecs.BOM_UTF32_BE, "utf_32"),
    (codecs.BOM_UTF8, "utf_8_sig"),
    (codecs.BOM_UTF16_LE, "utf_16"),
    (codecs.BOM_UTF16_BE, "utf_16"),
)
# Magic numbers no text starts with, and ones that a text could start with (MZ, ID3): those
# count only beside control bytes.
_BINARY_MAGIC = (
    b"\x89PNG", b"\xff\xd8\xff", b"%PDF-", b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b",
    b"\xfd7zXZ", b"7z\xbc\xaf", b"\x7fELF", b"\x00\x00\x01\x00", b"Rar!\x1a",
    b"\xca\xfe\xba\xbe", b"SQLite format 3\x00", b"\x28\xb5\x2f\xfd",
)
_TEXT_LIKE_MAGIC = (b"GIF8", b"BZh", b"MZ", b"RIFF", b"OggS", b"ID3", b"fLaC")
_CONTROL_BYTES = lazy_compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
BINARY_SNIFF_BYTES = 8192


def bom(data: bytes) -> str | None:
    """The codec a byte-order mark names (the codec strips the mark), or None.

    A UTF-32-LE mark is also a UTF-16-LE mark followed by U+0000; UTF-32 wins, as no text
    starts with a NUL (and the length cannot tell: a stream's first chunk has any length).
    """
    for mark, codec in BOMS:
        if data.startswith(mark):
            return codec
    return None


def decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except (UnicodeError, LookupError):
        return False
    return True


_WIDE = (("utf_32_le", 4), ("utf_32_be", 4), ("utf_16_le", 2), ("utf_16_be", 2))
_CONTROL_CHARS = lazy_compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f\ufffe\uffff]")
# Mean plausibility cost (bits a character) above which a UTF-16/32 reading is not text: random
# bytes read as UTF-16 are rare Han, Hangul, Yi and private use (about 25 bits), while text in
# any script costs under 15 (ASCII 3-6, common Han about 10, Cyrillic 14).
_WIDE_TEXT_BITS = 18.0


def wide_codecs(data: bytes) -> tuple[str, ...]:
    """The UTF-16/32 codecs without BOM that read the first bytes of ``data`` as text: strictly,
    made of plausible characters, with at most one control character in 64. ASCII in UTF-16 has
    a NUL in every other byte, but Chinese in UTF-16 has NULs too (一 is U+4E00), so where the
    NULs fall proves nothing alone; the reading does. Only data with a NUL is looked at: no
    other text has one."""
    head = data[:BINARY_SNIFF_BYTES]
    if b"\x00" not in head:
        return ()
    found = []
    for codec, unit in _WIDE:
        if len(data) % unit:
            continue
        try:
            text = head[: len(head) - len(head) % unit].decode(codec)
        except UnicodeDecodeError:
            continue
        start = text[:512]  # enough to tell, and the model costs ~100 ns a character
        if text and len(_CONTROL_CHARS.findall(text)) * 64 <= len(text) \
                and plausibility.cost(start) <= _WIDE_TEXT_BITS * len(start):
            found.append(codec)
    return tuple(found)


def is_binary(data: bytes) -> bool:
    """Images, archives, executables: a magic number, or NULs that are not in a UTF-16/32
    pattern. Text has neither, so it is never called binary."""
    if data.startswith(_BINARY_MAGIC):
        return True
    head = data[:BINARY_SNIFF_BYTES]
    if not _CONTROL_BYTES.search(head):
        return False
    if data.startswith(_TEXT_LIKE_MAGIC):
        return True
    nul = head.count(0)
    if not nul:
        return False
    return not wide_codecs(data)


def utf8_tail(data: bytes) -> int | None:
    """None if ``data`` is not UTF-8; else how many bytes at its end are the start of a character
    cut off (0 for valid UTF-8). The common case is one C-speed decode."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.end != len(data) or error.start < len(data) - 3:
            return None
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            decoder.decode(data[error.start:], final=False)
        except UnicodeDecodeError:
            return None
        return len(data) - error.start
    return 0


def escaped_codec(data: bytes) -> str | None:
    """The 7-bit escape encoding pure-ASCII ``data`` may be in: HZ (``~{ ... ~}``) or ISO-2022
    (an ESC sequence). Valid ASCII otherwise, so only these markers make it worth a look."""
    if b"~{" in data and b"~}" in data:
        return "hz"
    if b"\x1b$" in data or b"\x1b(" in data:
        return "iso2022"
    return None
