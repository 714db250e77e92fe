"""Decode layer (bytes only): which charset the bytes are really in, and why.

Precedence, with every declaration verified against the bytes:

1. A BOM (UTF-8, UTF-16, UTF-32) wins.
2. Binary data (a magic number, NULs out of a UTF-16/32 pattern) is reported, never decoded.
3. Valid UTF-8 is recognised by one C-speed decode, no statistics. A declaration of another
   codec is believed only if its reading is Chinese and more plausible (a short GBK string can
   happen to be valid UTF-8; real UTF-8 of more than a few characters never reads as Chinese).
4. Otherwise the caller's declaration (a name or a Content-Type value), then the document's own
   (``<meta>``, XML declaration), each widened to its superset, are verified: kept when they
   decode the bytes and no other codec reads them as clearly more plausible Chinese, overridden
   when they do not decode or when one does (a page labelled ISO-8859-1 or UTF-8 that is GBK).
5. Without a declaration that holds, the Chinese codecs are ranked by plausibility
   (``charset.score``); a reading that is not Chinese at all goes to chardet.
6. A document that no single codec reads, but whose lines each one does, is read line by line.
"""

from __future__ import annotations

import codecs

from textfix.lazy_regex import lazy_compile

from .. import evidence
from ..charset import labels, mixed, score, sniff
from ..explain import EncodingGuess

# Codecs of Chinese, Japanese and Korean text: a declaration of one is kept unless a rival reads
# the bytes as clearly more plausible Chinese; a declaration of anything else (a single-byte code
# page decodes any bytes) is overridden by any Chinese reading more plausible than its own.
_CJK = frozenset({"gb18030", "gbk", "gb2312", "cp950", "big5", "big5hkscs", "hz", "euc_jp",
                  "cp932", "shift_jis", "euc_kr", "cp949", "iso2022_jp", "iso2022_kr"})
# How much more plausible (bits, and share of the declared reading's cost) a rival must be to
# override a CJK declaration: Big5 read as GBK costs 2.3x its true reading on 16-byte samples.
_OVERRIDE_BITS = 8.0
_OVERRIDE_SHARE = 0.15
# How sure chardet must be of a non-Chinese answer to beat a strict (if implausible) Chinese
# reading: a single-byte code page decodes any bytes, and chardet 7 answers cp273 or MacIceland
# on 8-16 bytes of GBK. With no strict Chinese reading its answer is taken as it is: chardet 7
# gives 0.07 to a right Windows-1252 on a German sentence.
_CHARDET_TRUSTED = 0.5
_CHARDET_BYTES = 65536
_UTF8 = ("utf_8", "utf_8_sig")
_LONG_SEQUENCE = lazy_compile(rb"[\xe0-\xff]")  # the lead byte of a three- or four-byte character
_FOUR_BYTE = lazy_compile(rb"[\x81-\xfe][\x30-\x39][\x81-\xfe][\x30-\x39]")
_IN_WORD = lazy_compile("[A-Za-z][\u0080-\u07ff]|[\u0080-\u07ff][A-Za-z]")


def declared_charset(declared: str | None, data: bytes) -> str | None:
    """The charset the caller declared (a name or a Content-Type value), else the document's,
    as written (not widened)."""
    return labels.written_label(declared, data)


def public_name(codec: str) -> str:
    """Python's own spelling of a codec name: ``utf-8``, ``utf-16-le``, ``gb18030``, ``euc_jp``."""
    return codecs.lookup(codec).name


def _guess(codec: str, confidence: float, reason: str,
           segments: tuple[mixed.Segment, ...] = ()) -> EncodingGuess:
    named = tuple((start, end, public_name(name)) for start, end, name in segments)
    return EncodingGuess(public_name(codec), round(confidence, 3), reason, named)


def _margin_confidence(ranked: list[score.Reading]) -> float:
    """0.5 to 0.99 with the gap in bits between the best reading and the next (a 16-bit gap,
    one rare character, is 0.99)."""
    if len(ranked) < 2:
        return 0.99
    gap = ranked[1].cost - ranked[0].cost
    return max(0.5, min(0.99, 1.0 - float(2.0 ** (-gap / 4.0)) / 2.0))


def _read_declared(data: bytes, codec: str) -> score.Reading | None:
    for candidate in labels.supersets(codec):
        reading = score.read(data, candidate)
        if reading is not None:
            return reading
    return None


def _holds(declared: score.Reading, ranked: list[score.Reading]) -> bool:
    """Whether a declared reading survives its rivals (see ``_CJK``)."""
    rivals = [r for r in ranked if r.codec != declared.codec and r.is_chinese()]
    if not rivals:
        return True
    best = rivals[0]
    if declared.codec in _CJK:
        margin = max(_OVERRIDE_BITS, _OVERRIDE_SHARE * declared.cost)
        return best.cost >= declared.cost - margin
    return best.cost >= declared.cost


def _chardet(data: bytes) -> tuple[str | None, float]:
    import chardet  # on first use: UTF-8 and Chinese input, the common cases, never need it

    result = chardet.detect(data[:_CHARDET_BYTES], prefer_superset=True)
    name = labels.declared_codec(result.get("encoding"))
    return name, float(result.get("confidence") or 0.0)


def _detect_utf8(data: bytes, hints: tuple[tuple[str, str], ...]) -> EncodingGuess:
    """Bytes that are UTF-8 (perhaps with a character cut off at the end)."""
    if data.isascii():
        escaped = sniff.escaped_codec(data)
        if escaped == "hz":
            reading = score.read(data, "hz")
            if reading is not None and not reading.text.isascii() and reading.is_chinese():
                reason = "declared-verified" if any(c == "hz" for c, _ in hints) else "detected"
                return _guess("hz", 0.95, reason)
        elif escaped == "iso2022":
            name, confidence = _chardet(data)
            if name and name.startswith("iso2022") and sniff.decodes(data, name):
                return _guess(name, confidence, "detected")
        for codec, _ in hints:  # ASCII reads the same in them: keep the label (streams need it)
            reading = _read_declared(data, codec)
            if reading is not None and reading.text == data.decode("ascii"):
                return _guess(reading.codec, 0.99, "declared-verified")
        return _guess("utf_8", 0.99, "utf-8")
    for codec, _ in hints:
        if codec in _UTF8:
            return _guess("utf_8", 1.0, "declared-verified")
        if codec in _CJK:
            part = score.sample(data)
            reading = _read_declared(part, codec)
            utf8 = score.read(part, "utf_8")
            if (reading is not None and utf8 is not None and reading.is_chinese()
                    and reading.cost < utf8.cost):
                return _guess(reading.codec, 0.9, "declared-verified")
    if not hints:
        guess = _short_utf8(data)
        if guess is not None:
            return guess
    return _guess("utf_8", 1.0, "declared-overridden" if hints else "utf-8")


# The scripts of real text's two-byte UTF-8 characters: Latin-1 and Latin Extended-A (letters
# and symbols such as ¥ ° ±), Greek, Cyrillic, Hebrew, Arabic. GBK bytes that happen to be valid
# UTF-8 fall anywhere in U+0080-U+07FF: C1 controls, Latin Extended-B, IPA, combining marks,
# Armenian, Syriac, Thaana, N'Ko, or several scripts at once.
_TWO_BYTE_SCRIPTS = (("\u00a0", "\u017f"), ("\u0370", "\u03ff"), ("\u0400", "\u04ff"),
                     ("\u0590", "\u05ff"), ("\u0600", "\u06ff"))
_C1_CONTROL = lazy_compile("[\x80-\x9f]")


def _odd_utf8(text: str) -> bool:
    """Whether the non-ASCII characters of ``text`` (all below U+0800) look like no real text:
    a C1 control, letters of no alphabet's words (``evidence.unusual_letters``: 系统 in GBK is
    ϵͳ in UTF-8, two Greek letters), or characters of two of ``_TWO_BYTE_SCRIPTS``."""
    if _C1_CONTROL.search(text) or evidence.unusual_letters(text):
        return True
    scripts = {index for char in set(text) if not char.isascii()
               for index, (first, last) in enumerate(_TWO_BYTE_SCRIPTS) if first <= char <= last}
    return len(scripts) > 1


def _short_utf8(data: bytes) -> EncodingGuess | None:
    """Valid UTF-8 that holds no CJK character at all (only two-byte sequences) may be a short
    GBK or Big5 string: one GB2312 character in eight is a valid two-byte UTF-8 sequence (录 C2BC
    reads as ¼, 前 C7B0 as ǰ). Real text keeps UTF-8: its letters sit inside words (café, Grüße),
    its symbols beside numbers (¥99, 25°C), its characters in one script (Москва). A Chinese
    reading is considered only for UTF-8 that looks like none of that (``_odd_utf8``), and wins
    when it is Chinese and more plausible by a bit a byte."""
    if len(data) > score.SAMPLE_BYTES or _LONG_SEQUENCE.search(data):
        return None
    utf8 = score.read(data, "utf_8")
    if utf8 is None or not utf8.text:
        return None
    text = utf8.text
    if _IN_WORD.search(text) or not _odd_utf8(text):
        return None
    ranked = score.rank(data)
    if not ranked or not ranked[0].is_chinese():
        return None
    high = len(data) - len(text.encode("ascii", "ignore"))
    if ranked[0].cost + high < utf8.cost:
        return _guess(ranked[0].codec, 0.6, "detected")
    return None


def _extra_codecs(data: bytes, hints: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """Codecs to rank beside the Chinese ones: UTF-16/32 when NULs say so, declared CJK ones."""
    extra = list(sniff.wide_codecs(data))
    extra.extend(c for c, _ in hints if c in _CJK and c not in score.CHINESE)
    return tuple(extra)


def _detect_legacy(data: bytes, hints: tuple[tuple[str, str], ...]) -> EncodingGuess:
    """Bytes that are not UTF-8: verify the declarations, else rank, else ask chardet."""
    part = score.sample(data)
    ranked = score.rank(part, _extra_codecs(data, hints))
    for codec, _ in hints:
        # The ranked reading when there is one: it is judged the same way as its rivals.
        reading = next((r for r in ranked if r.codec in labels.supersets(codec)), None) \
            or _read_declared(part, codec)
        if reading is not None and _holds(reading, ranked):
            return _checked(data, reading.codec, 0.95, "declared-verified")
    reason = "declared-overridden" if hints else "detected"
    if ranked and (ranked[0].is_chinese() or ranked[0].codec.startswith("utf_")
                   or _four_byte_gb18030(part, ranked)):
        return _checked(data, ranked[0].codec, _margin_confidence(ranked), reason)
    if not ranked:  # no strict reading: a stray byte in Chinese text, or not Chinese at all
        lenient = score.best_lenient(part)
        if lenient.is_chinese() and lenient.text.count("\ufffd") * 100 <= len(part) + 100:
            return _checked(data, lenient.codec, 0.5, reason)
    name, confidence = _chardet(data)
    if name:
        reading = _read_declared(part, name)
        # Believed when it decodes and nothing Chinese does, or when it is sure enough.
        if reading is not None and (not ranked or confidence >= _CHARDET_TRUSTED
                                    or name in _CJK):
            return _checked(data, reading.codec, confidence, reason)
    if ranked:
        return _checked(data, ranked[0].codec, 0.3, reason)
    return _checked(data, score.best_lenient(part).codec, 0.2, reason)


def _four_byte_gb18030(part: bytes, ranked: list[score.Reading]) -> bool:
    """GB18030 is the only strict reading, through a four-byte sequence (lead, digit, lead,
    digit: what no other text makes), of characters no stranger than symbols: © ® ™ after
    ASCII are 15 bits each, too few Han characters for the gate."""
    return (len(ranked) == 1 and ranked[0].codec == "gb18030" and ranked[0].per_char() <= 16.0
            and _FOUR_BYTE.search(part) is not None)


def _checked(data: bytes, codec: str, confidence: float, reason: str) -> EncodingGuess:
    """The guess, once the whole of ``data`` is checked at C speed: when ``codec`` fails on more
    than a character cut off at the end, and reading line by line leaves fewer bad bytes, the
    document is read line by line (reason ``per-line``)."""
    if score.decodes(data, codec):
        return _guess(codec, confidence, reason)
    runs = mixed.segments(data, codec)
    if len(runs) > 1:
        whole = data.decode(codec, errors=labels.LENIENT).count("\ufffd")
        if mixed.decode(data, runs).count("\ufffd") < whole:
            return _guess(mixed.main_codec(runs), min(confidence, 0.8), "per-line", runs)
    return _guess(codec, min(confidence, 0.5), reason)


def _mostly_utf8(data: bytes) -> bool:
    """Not UTF-8 as a whole, but most of its non-ASCII characters are valid UTF-8 sequences:
    a UTF-8 document with lines in another codec pasted in."""
    text = score.sample(data).decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    return good >= 2 and good >= bad


def detect_encoding(data: bytes, declared: str | None = None) -> EncodingGuess:
    """The charset of ``data``, how sure (0-1), and why: ``bom``, ``binary``, ``utf-8``,
    ``declared-verified``, ``declared-overridden``, ``detected`` or ``per-line``."""
    if not data:
        return _guess("utf_8", 0.99, "utf-8")
    bom = sniff.bom(data)
    if bom:
        return _guess(bom, 1.0, "bom")
    if sniff.is_binary(data):
        return EncodingGuess("binary", 0.99, "binary")
    hints = labels.hints(declared, data)
    if sniff.utf8_tail(data) is not None:
        return _detect_utf8(data, hints)
    if _mostly_utf8(data):
        runs = mixed.segments(data, _line_fallback(data))
        if len(runs) > 1 or runs[0][2] != "utf_8":
            guess = _detect_legacy(data, hints)
            # Lines read as UTF-8 where UTF-8 reads them: per-line, unless one codec reads the
            # whole with fewer bad bytes (a single-byte code page reads anything, wrongly).
            if guess.reason == "per-line" or mixed.decode(data, runs).count("\ufffd") > \
                    data.decode(guess.encoding, errors=labels.LENIENT).count("\ufffd"):
                return guess
            return _guess(mixed.main_codec(runs), 0.8, "per-line", runs)
    return _detect_legacy(data, hints)


def _line_fallback(data: bytes) -> str:
    """The codec for the lines of a mostly-UTF-8 document that are not UTF-8: the most plausible
    reading of those lines together."""
    foreign = b"".join(line for line in score.sample(data).splitlines(keepends=True)
                       if not line.isascii() and not sniff.decodes(line, "utf-8"))
    ranked = score.rank(foreign)
    return ranked[0].codec if ranked else "gb18030"


def to_text(data: bytes, guess: EncodingGuess) -> str:
    """Decode with the guessed codec, or run by run for ``per-line``; bytes it cannot decode
    become U+FFFD (never raises). Binary data has no text: ""."""
    if guess.encoding == "binary":
        return ""
    if guess.segments:
        return mixed.decode(data, guess.segments)
    return data.decode(guess.encoding, errors=labels.LENIENT)
