"""The model file: every table and number that the Rust core and the Python reference both read.

``model.bin`` is written by ``tools/build_model.py`` and read here and by
``crates/textfix-core/src/model.rs``; this module holds the writer and the Python reader, so a
format change cannot land on one side only. Layout, little-endian::

    magic  b"TXFXMDL\\0"
    u32    FORMAT (the version both readers check)
    u32    the number of sections
    per section: a name (16 bytes, NUL-padded ASCII), u32 element width in bytes, u32 count
    the sections' data, in the same order
    SHA-256 of everything before it (32 bytes)

Costs and bonuses are stored as integers in 1/``SCALE`` bits. Read as floats they are dyadic
fractions far from 2^53, so every sum of them is exact in any order: Python's ``sum`` (which
compensates since 3.12), a loop in Rust and a running total all agree to the last bit, and both
implementations make the same decision at every margin.
"""

from __future__ import annotations

import struct
from array import array
from dataclasses import dataclass
from functools import cache

from textfix.data import data_path

MAGIC = b"TXFXMDL\0"
FORMAT = 1
SCALE = 1024  # units per bit
_NAME = 16
# The Big5/GBK chains whose one-for-one readings the model holds: (section, wrong, true codec).
READING_CHAINS = (("big5_as_gbk", "gbk", "cp950"), ("gbk_as_big5", "cp950", "gb18030"))
_DIGEST = 32
# The single-byte code pages whose characters the model holds ("page_<name>"): Latin-1 and the
# pages the mojibake layer reads with (their "sloppy-" variants, as recode.chain.sloppy_table makes
# them).
PAGES = ("latin-1", "cp1252", "cp1250", "cp1254", "mac_roman", "cp1251", "cp1253", "cp1257",
         "iso-8859-2", "cp437")
# The codecs whose characters read from two UTF-8 continuation bytes but written as another pair
# the model holds ("cont_<codec>": ``layers.replaced_bytes.continuation_pairs``): the wrong
# codecs of ``layers.lossy_replace.LOSSY_CHAINS``.
CONTINUATION_CODECS = ("cp1252", "cp950", "big5hkscs", "gbk")
# In the codec sections: no character, or no encoding.
NO_CODE = 0xFFFFFFFF
# The four-byte GB18030 sequences that decode to BMP characters (81 30 81 30 to 84 31 A4 39).
GB18030_FOUR_BYTE_BMP = 39420


@dataclass(frozen=True, slots=True)
class Section:
    """One table: ``width``-byte little-endian integers (signed where ``signed``)."""

    name: str
    width: int
    values: array[int] | array[float]


_TYPECODES = {(2, False): "H", (4, False): "I", (4, True): "i"}


def _typecode(width: int, signed: bool) -> str:
    code = _TYPECODES[(width, signed)]
    if array(code).itemsize != width:  # "I" is 4 bytes on every platform CPython supports
        raise ValueError(f"no array type of {width} bytes")
    return code


def write(sections: list[Section]) -> bytes:
    """The model file holding ``sections``."""
    header = MAGIC + struct.pack("<II", FORMAT, len(sections))
    body = b""
    for section in sections:
        name = section.name.encode("ascii")
        if len(name) > _NAME:
            raise ValueError(f"section name too long: {section.name}")
        header += name.ljust(_NAME, b"\0") + struct.pack("<II", section.width,
                                                         len(section.values))
        values = array(section.values.typecode, section.values)
        if values.itemsize != section.width:
            raise ValueError(f"{section.name}: {values.itemsize}-byte values, not {section.width}")
        if struct.pack("=H", 1) != struct.pack("<H", 1):
            values.byteswap()
        body += values.tobytes()
    content = header + body
    return content + _sha256(content)


def _sha256(content: bytes) -> bytes:
    import hashlib  # on first use: loading OpenSSL is a noticeable part of ``import textfix``

    return hashlib.sha256(content).digest()


def read(data: bytes) -> dict[str, memoryview]:
    """{name: the section's raw little-endian bytes} of a model file; ValueError where the file
    is not one of this FORMAT or its digest does not match."""
    if len(data) < len(MAGIC) + 8 + _DIGEST or not data.startswith(MAGIC):
        raise ValueError("not a textfix model file")
    content, digest = data[:-_DIGEST], data[-_DIGEST:]
    if _sha256(content) != digest:
        raise ValueError("the model file's digest does not match its content")
    version, count = struct.unpack_from("<II", data, len(MAGIC))
    if version != FORMAT:
        raise ValueError(f"model format {version}, this textfix reads {FORMAT}")
    position = len(MAGIC) + 8
    entries = []
    for _ in range(count):
        name = data[position:position + _NAME].rstrip(b"\0").decode("ascii")
        width, length = struct.unpack_from("<II", data, position + _NAME)
        entries.append((name, width * length))
        position += _NAME + 8
    view = memoryview(content)
    found = {}
    for name, size in entries:
        found[name] = view[position:position + size]
        position += size
    if position != len(content):
        raise ValueError("the model file's sections do not fill it")
    return found


def values(raw: memoryview, width: int, signed: bool = False) -> array[int]:
    """A section's integers."""
    table = array(_typecode(width, signed))
    table.frombytes(raw)
    if struct.pack("=H", 1) != struct.pack("<H", 1):
        table.byteswap()
    return table


def floats(raw: memoryview) -> array[float]:
    """A section of 8-byte doubles (IEEE 754 binary64, as CPython's floats on every platform)."""
    table = array("d")
    table.frombytes(raw)
    if struct.pack("=H", 1) != struct.pack("<H", 1):
        table.byteswap()
    return table


@cache
def raw_model() -> bytes:
    """The bytes of the shipped ``model.bin`` (the core is handed the same bytes)."""
    with open(data_path("model.bin"), "rb") as model:
        return model.read()


@cache
def sections() -> dict[str, memoryview]:
    return read(raw_model())
