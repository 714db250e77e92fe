"""What ftfy leaves of GBK or Big5 read as Latin-1 or cp1252: the characters it made, and the
byte sequences each character of such a line may have been before ftfy (``ftfy_undo`` chooses
among them).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from itertools import combinations, permutations, product

from ..charclass import class_body
from ..lazy_regex import lazy_compile

# The curly quotes ftfy straightens (its uncurl_quotes: U+2018-201B and U+02BC become "'",
# U+201C-201F '"'); each was one cp1252 byte (91-94, 82, 84: C1 controls ftfy first turned into
# cp1252) or the UTF-8 of the quote, which ftfy decoded first.
_QUOTES = {"'": "\u2018\u2019\u201a\u201b\u02bc", '"': "\u201c\u201d\u201e\u201f"}

# The page's code page before ftfy: C1 controls and cp1252's characters are its bytes 80-9F.
_PAGE = "cp1252"

# What the name of a chain undone through ftfy ends with ("gb18030 read as latin-1, then ftfy").
THEN_FTFY = ", then ftfy"

@cache
def _page_bytes() -> dict[str, bytes]:
    """Every character a Latin-1 or cp1252 reading writes, and its byte."""
    table = {chr(byte): bytes([byte]) for byte in range(256)}
    for byte in range(0x80, 0xA0):
        try:
            table[bytes([byte]).decode(_PAGE)] = bytes([byte])
        except UnicodeDecodeError:
            continue
    return table


def _near_mojibake(line: str) -> set[int]:
    """The positions of ``line`` in a run of characters that are not ASCII with a Latin-1
    upper-half character in it, or in a short run of ftfy's characters alone (Ϊ, the 为 of
    "Ϊ ArrowButton") in a line with mojibake elsewhere: only there are ftfy's characters
    read back as bytes."""
    near: set[int] = set()
    for run in _NOT_ASCII_RUN.finditer(line):
        text = run.group()
        if any(_upper(char) for char in text) or (
                (len(text) <= _LONE_RUN or made_letters(text)) and _GARBLED.search(line)):
            near.update(range(run.start(), run.end()))
    return near


def made_letters(run: str) -> bool:
    """Whether ``run`` is letters ftfy made of two-byte UTF-8 runs: letters and marks outside
    Latin-1 below U+0800, and no three of one script in a row (ӡˢƷ is 印刷品 read as Latin-1;
    Ελλάδα and Привет are words)."""
    if not all("\u0100" <= char < "\u0800" and unicodedata.category(char)[0] in "LM"
               for char in run):
        return False
    scripts = [unicodedata.name(char, "?").split(" ")[0] for char in run]
    return not any(a == b == c for a, b, c in zip(scripts, scripts[1:], scripts[2:],
                                                   strict=False))


_NOT_ASCII_RUN = lazy_compile("[^\x00-\x7f]+")
_LONE_RUN = 2
_GARBLED = lazy_compile("[\u00a0-\u00ff]{2}")



def _made_by_ftfy(char: str) -> bool:
    """Whether ``char`` is none that a Latin-1 or cp1252 reading writes: ftfy made it."""
    return char not in _page_bytes()


def _upper(char: str) -> bool:
    """Whether ``char`` is what a Latin-1 or cp1252 reading makes of a byte above 7F."""
    return not char.isascii() and char in _page_bytes()


def shows_ftfy(line: str) -> bool:
    """Whether ``line`` may be GBK read as Latin-1 and then ftfy: two Latin-1 upper-half
    characters side by side somewhere (GBK read as Latin-1 is made of them), and a character
    ftfy made (one outside Latin-1 and cp1252), a straight quote or an NBSP glued to such
    characters, or an à before a space (ftfy's reading of Ã and a space)."""
    if line.isascii() or not _upper_patterns()[0].search(line):
        return False
    return (any(_made_by_ftfy(char) for char in line) or _lossy_ascii(line)
            or "\u00e0 " in line)


@cache
def _upper_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(two upper-half characters of a Latin-1 or cp1252 reading side by side; a straight quote
    or an NBSP between two of them: a curly quote or a C2 byte that ftfy changed), from the
    code pages' own tables."""
    upper = class_body(char for char in _page_bytes() if not char.isascii())
    return (re.compile(f"[{upper}]{{2}}"),
            re.compile(f"(?<=[{upper}])['\"\u00a0](?=[{upper}])"))


def _lossy_ascii(line: str) -> bool:
    return _upper_patterns()[1].search(line) is not None


@lru_cache(maxsize=1 << 12)  # asked for each character of each line restored
def _sources(char: str) -> tuple[bytes, ...]:
    """The byte sequences ``char`` may have been before ftfy, its own first: the byte a Latin-1
    or cp1252 reading made it of, else its UTF-8; then what a lossy change of ftfy's took away
    (a curly quote, an NBSP's C2 byte)."""
    own = _page_bytes().get(char)
    if own is None:
        found = [*_decoded_from(char)]
    else:
        found = [own, *_also_from(char, own)] if not char.isascii() else [own]
    if char == "\u00e0":
        found.append(b"\xc3")  # ftfy reads Ã and a space as à and a space (C3 20 as C3 A0 20)
    if char == "\u00a0":
        found.append(b"\xc2 ")  # ftfy reads Â and a space as an NBSP (C2 20 as C2 A0)
    for quote in _QUOTES.get(char, ""):
        data = _page_bytes().get(quote)
        found += [quote.encode("utf-8")] if data is None else [data, *_also_from(quote, data)]
    return (*found, *_singletons().get(char, []))


def _expanded_sources(line: str) -> dict[int, list[tuple[bytes, int]]]:
    """{index: [(bytes, how many characters)]} for each run of ``line`` that NFC wrote for one
    two-byte character: ftfy decodes Í\x84 as U+0344, which NFC writes as U+0308 U+0301 (型別
    is D0CD 8465)."""
    found: dict[int, list[tuple[bytes, int]]] = {}
    for expansion, data in _expansions().items():
        start = line.find(expansion)
        while start >= 0:
            found.setdefault(start, []).append((data, len(expansion)))
            start = line.find(expansion, start + 1)
    return found


@cache
def _expansions() -> dict[str, bytes]:
    """{what NFC writes for a two-byte character, when more than one character: its UTF-8}."""
    found = {}
    for code in range(0x80, 0x800):
        composed = unicodedata.normalize("NFC", chr(code))
        if len(composed) > 1:
            found[composed] = chr(code).encode("utf-8")
    return found


@cache
def _singletons() -> dict[str, list[bytes]]:
    """{a character: the UTF-8 of each two-byte character NFC replaces with it}: ftfy decodes
    Í¾ as U+037E, which its NFC writes as a semicolon (途 is CD BE), Î\x87 as U+0387, a
    middle dot."""
    found: dict[str, list[bytes]] = {}
    for code in range(0x80, 0x800):
        char = chr(code)
        composed = unicodedata.normalize("NFC", char)
        if composed != char and len(composed) == 1:
            found.setdefault(composed, []).append(char.encode("utf-8"))
    # ftfy's fix_character_width writes halfwidth katakana and hangul as their full forms
    # (ï¾« is ﾫ, then ᆱ; ï¾\x89 is ﾉ, then ノ).
    for code in range(0xFF61, 0xFFDD):
        char = chr(code)
        wide = unicodedata.normalize("NFKC", char)
        if wide != char and len(wide) == 1:
            found.setdefault(wide, []).append(char.encode("utf-8"))
    return found


@lru_cache(maxsize=1 << 12)
def _decoded_from(char: str) -> list[bytes]:
    """The bytes ftfy decoded ``char`` from: its UTF-8, and the same with any of those bytes
    that ftfy had decoded first from their own UTF-8 in an earlier round (ÏÂ£ is Ï£, C2 A3
    read as £, and then ϣ, CF A3; ``_byte_from``, ``_lead_from``); then the bytes of the text
    that another of ftfy's code pages makes that UTF-8 of (ftfy re-decodes an embedded stretch
    in any of them: ÏµÄ is Mac Roman for EC B5 80, 쵀), a letter of it that the page does not
    write being one ftfy made of two Latin-1 characters in an earlier round (Ä» is Ļ)."""
    data = char.encode("utf-8", "surrogatepass")
    found = [b"".join(parts) for parts in product(_lead_from(data[0]), *map(_byte_from, data[1:]))]
    found += [joined for joined in _through_code_pages(char) if joined not in found]
    # ftfy reads a space after a lead byte as the A0 byte it takes it for (Ã¡£ and a space is
    # á£ and a space, then ᣠ, E1 A3 A0; Ð and a space is Р): the space goes back.
    return found + [data.replace(b"\xa0", b" ") for data in found if b"\xa0" in data]


@lru_cache(maxsize=1 << 12)
def _through_code_pages(char: str) -> tuple[bytes, ...]:
    """The bytes of the texts that ftfy's code pages other than Latin-1 and cp1252 make the
    UTF-8 of ``char`` of, where the page writes them (``_decoded_from``)."""
    data = char.encode("utf-8", "surrogatepass")
    found: list[bytes] = []
    if len(data) < 2 or "\u0100" <= char <= "\u024f":
        return ()  # a letter of Latin Extended (ğ, ş) is as often clean text: its own bytes only
    for codec in _ftfy_code_pages():
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        # A character the page does not write is one ftfy made of two Latin-1 characters
        # first: a letter of Latin Extended (Ļ of Ä»), Greek or Cyrillic (λ of Î», which
        # windows-1253 then reads with £¬ as EB A3 AC, 룬), not a box line.
        options = [_page_bytes().get(one) or (one.encode("utf-8") if "\u0100" <= one <= "\u04ff"
                                              and one.isalpha() else None) for one in text]
        if None in options:
            continue
        joined = b"".join(part for part in options if part is not None)
        if joined not in found:
            found.append(joined)
    return tuple(found)


@cache
def _ftfy_code_pages() -> tuple[str, ...]:
    """The code pages besides Latin-1 and cp1252 that ftfy re-decodes UTF-8 from."""
    import ftfy.bad_codecs  # noqa: F401  (registers the sloppy codecs)
    from ftfy.chardata import CHARMAP_ENCODINGS

    return tuple(codec for codec in CHARMAP_ENCODINGS
                 if codec not in ("latin-1", "sloppy-windows-1252"))


def _byte_from(byte: int) -> list[bytes]:
    """What a byte of a sequence ftfy decoded may have been before earlier rounds: itself, its
    Latin-1 character's UTF-8 and, for a continuation byte, that twice over (ÐÂÂ\x84 is
    ÐÂ\x84, then Ð\x84, then Є)."""
    if byte < 0x80:
        return [bytes([byte])]
    once = chr(byte).encode("utf-8")
    return [bytes([byte]), once] + ([b"\xc2" + once] if byte < 0xC0 else [])


def _lead_from(byte: int) -> list[bytes]:
    """What the lead byte of a sequence ftfy decoded may have been (``_byte_from``), and for a
    lead of three bytes or more its UTF-8 whose continuation byte ftfy decoded first from a C2
    byte and itself (ÃÂ£¬\x94 is Ã£¬\x94, then ã¬\x94, E3 AC 94)."""
    found = _byte_from(byte)
    if byte >= 0xE0:  # a lead of three bytes or more: a two-byte one's is seldom so (and costly)
        once = found[1]
        found = [*found, once[:1] + b"\xc2" + once[1:]]
    return found


def _continuation_from(byte: int) -> list[bytes]:
    """What a continuation byte of a letter of two bytes may have been (``_byte_from``), and for
    a byte 80-9F the UTF-8 of its cp1252 character (Ãž, C3 C5 BE, is Þ: Å¾ is ž, then
    C3 9E)."""
    char = _page_chars().get(byte)
    return _byte_from(byte) + ([char.encode("utf-8")] if char is not None else [])


@cache
def _page_chars() -> dict[int, str]:
    """{byte 80-9F: the cp1252 character it is, where that is not its C1 control}."""
    return {data[0]: char for char, data in _page_bytes().items() if len(char) == 1
            and char > "\xff"}


def _also_from(char: str, own: bytes) -> list[bytes]:
    """What else ftfy makes ``char`` of, besides its byte ``own``: its UTF-8 (Â¹, C2 B9, is ¹;
    â‚¬ is €; Â and an A0 byte are an NBSP) and, for a character of bytes 80-9F, the UTF-8 of
    that C1 control (C2 80 is U+0080, which ftfy then turns into €); then two C2 bytes before
    the byte, both eaten in two rounds (ÂÂ· is Â· and then ·: 寺路 is CB C2 C2 B7; ÂÂ\x95 is
    •)."""
    data = char.encode("utf-8")
    found = [data]
    if own[0] < 0xA0 and chr(own[0]) != char:
        found.append(chr(own[0]).encode("utf-8"))
    if 0x80 <= own[0] < 0xC0:
        found.append(b"\xc2\xc2" + own)
    # A letter of two bytes whose continuation byte ftfy decoded first from its own UTF-8 or
    # from its cp1252 character's (ÃÂ¿ is Ã¿, then ÿ; Ãž, C3 C5 BE, is Þ).
    if len(data) == 2 and data[0] >= 0xC3:
        found += [data[:1] + earlier for earlier in _continuation_from(data[1])[1:]]
    return found


@cache
def _ligatures() -> dict[str, bytes]:
    """The letters ftfy writes for a Latin ligature (its fix_latin_ligatures), and the ligature's
    UTF-8."""
    from ftfy.chardata import LIGATURES

    return {str(letters): chr(code).encode("utf-8") for code, letters in LIGATURES.items()}


def _ligature_sources(line: str) -> dict[int, list[tuple[bytes, int]]]:
    """{index: [(UTF-8 of a ligature, how many characters of ``line`` its letters are)]} for
    the letters at ``index`` that are a ligature's expansion, next to a character that is not
    ASCII."""
    found: dict[int, list[tuple[bytes, int]]] = {}
    for letters, data in _ligatures().items():
        start = line.find(letters)
        while start >= 0:
            end = start + len(letters)
            if not line[start - 1:start].isascii() or not line[end:end + 1].isascii():
                found.setdefault(start, []).append((data, len(letters)))
            start = line.find(letters, start + 1)
    return found


_MOST_MARKS = 3  # combining marks in one cluster that are undone (subsets of them are tried)


def _composed_sources(line: str) -> dict[int, list[tuple[bytes, int]]]:
    """{index: [(bytes, how many characters)]} for each cluster of ``line`` (a character and the
    combining marks after it) that ftfy's NFC may have made: a Latin-1 letter followed by
    combining marks ftfy decoded from UTF-8 (Ì¨, CC A8, is U+0328) is composed with them (Â
    and U+0328 are Ą and U+0302). Every letter the page writes that NFC of the base and some of
    the marks makes is tried, the other marks after it as UTF-8."""
    found: dict[int, list[tuple[bytes, int]]] = {}
    index = 0
    while index < len(line):
        end = index + 1
        while end < len(line) and unicodedata.combining(line[end]):
            end += 1
        cluster = line[index:end]
        decomposed = unicodedata.normalize("NFD", cluster)
        if decomposed != cluster and not cluster.isascii():
            base, marks = decomposed[0], decomposed[1:]
            for size in range(min(len(marks), _MOST_MARKS) + 1):
                for chosen in combinations(range(len(marks)), size):
                    letter = unicodedata.normalize(
                        "NFC", base + "".join(marks[k] for k in chosen))
                    own = _page_bytes().get(letter)
                    if len(letter) != 1 or own is None:
                        continue
                    rest = "".join(mark for k, mark in enumerate(marks) if k not in chosen)
                    found.setdefault(index, []).append((own + rest.encode("utf-8"), end - index))
        if 2 <= len(cluster) - 1 <= _MOST_MARKS:
            found.setdefault(index, []).extend(_reordered_sources(cluster))
        index = end
    return found


def _reordered_sources(cluster: str) -> list[tuple[bytes, int]]:
    """The bytes of ``cluster`` (a character and two or more combining marks ftfy decoded)
    with its marks in each other order that NFC puts in this one: ftfy's NFC sorts marks by
    their combining class (Ì¬ÖµÍ, U+032C then U+05B5, comes out as U+05B5 U+032C)."""
    base, marks = cluster[0], cluster[1:]
    own = _page_bytes().get(base) or base.encode("utf-8", "surrogatepass")
    found = []
    for order in sorted({"".join(order) for order in permutations(marks)}):
        if order != marks and unicodedata.normalize("NFC", base + order) == cluster:
            found.append((own + order.encode("utf-8"), len(cluster)))
    return found
