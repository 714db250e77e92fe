"""Documents that change codec from line to line: a UTF-8 page with a GBK footer pasted in, log
files appended to by programs of several locales, concatenated crawl output.

No byte of a line break (0x0A) can be part of a multibyte character in UTF-8, GB18030, Big5 or
the EUC and Shift_JIS families (their trail bytes start at 0x30 or 0x40), so cutting at line
breaks never cuts a character in these codecs.
"""

from __future__ import annotations

from collections.abc import Iterator

from . import score
from .labels import LENIENT

Segment = tuple[int, int, str]  # byte start, byte end, codec


def _lines(data: bytes) -> Iterator[tuple[int, int]]:
    start = 0
    while start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end + 1
        yield start, end
        start = end


def line_codec(line: bytes, primary: str) -> str | None:
    """The codec of one line: None for ASCII (any codec reads it), UTF-8 when it is valid UTF-8,
    else the most plausible of the strict readings (``primary`` among them) and the lenient
    readings of UTF-8 and ``primary`` (bad bytes as U+FFFD, each costing what nonsense does): a
    stray byte in a UTF-8 line costs one character, where GB18030 would read it all as mojibake."""
    if line.isascii():
        return None
    if score.read(line, "utf_8") is not None:
        return "utf_8"
    extra = () if primary in score.CHINESE else (primary,)
    options = [*score.rank(line, extra), score.lenient(line, "utf_8"),
               score.lenient(line, primary)]
    return min(options, key=lambda reading: reading.cost).codec


def segments(data: bytes, primary: str) -> tuple[Segment, ...]:
    """Maximal runs of lines that one codec reads, in order and covering ``data``. ASCII lines
    join the run before them (or the first run)."""
    runs: list[list[int | str]] = []
    for start, end in _lines(data):
        codec = line_codec(data[start:end], primary)
        if codec is None:
            if runs:
                runs[-1][1] = end
            continue
        if runs and runs[-1][2] == codec:
            runs[-1][1] = end
        else:
            runs.append([start if runs else 0, end, codec])
    if not runs:
        return ((0, len(data), primary),) if data else ()
    runs[-1][1] = len(data)
    return tuple((int(a), int(b), str(c)) for a, b, c in runs)


def decode(data: bytes, runs: tuple[Segment, ...]) -> str:
    """The text of ``data`` read run by run (never raises: bad bytes become U+FFFD)."""
    return "".join(data[start:end].decode(codec, errors=LENIENT) for start, end, codec in runs)


def main_codec(runs: tuple[Segment, ...]) -> str:
    """The codec that reads the most bytes."""
    sizes: dict[str, int] = {}
    for start, end, codec in runs:
        sizes[codec] = sizes.get(codec, 0) + end - start
    return max(sizes, key=sizes.__getitem__)
