"""What Windows' cp936 dropped of UTF-8 read as GBK, filled in: the characters a UTF-8 sequence
cut short may have been, each byte put back one that cp936 drops before what followed it (a
lead byte of no GBK pair with the next; 80 is the euro sign, never dropped). ``lossy_gbk``
guesses among them (``lossy="guess"``), and marks a character cut short only where every one
of them is Chinese.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, lru_cache

from ..plausibility import cost

NO_BYTE = 256  # after the last byte of the line


@lru_cache(maxsize=1 << 12)
def dropped_fillings(sequence: bytes, missing: int, after: int) -> tuple[str, ...]:
    """The characters ``sequence`` (followed by the byte ``after``) was, ``missing`` bytes
    dropped anywhere after its lead (家, E5 AE B6, is E5 B6: AE B6 is no GBK pair)."""
    fails = _gbk_fails()
    found: dict[str, None] = {}
    for filled, new in _with_bytes_put_back(sequence[:1], sequence[1:], missing, ()):
        following = (*filled[1:], after)
        if all(filled[at] != 0x80 and fails[filled[at]][following[at]] for at in new):
            try:
                found[filled.decode("utf-8")] = None
            except UnicodeDecodeError:
                continue
    return tuple(found)


def _with_bytes_put_back(done: bytes, rest: bytes, missing: int, new: tuple[int, ...]
                         ) -> Iterator[tuple[bytes, tuple[int, ...]]]:
    """``done + rest`` with ``missing`` continuation bytes put back anywhere after ``done``,
    and where the bytes put back stand."""
    if not missing:
        yield done + rest, new
        return
    for at in range(len(rest) + 1):
        for byte in _CONTINUATIONS:
            yield from _with_bytes_put_back(done + rest[:at] + bytes([byte]), rest[at:],
                                            missing - 1, (*new, len(done) + at))


_CONTINUATIONS = tuple(range(0x80, 0xC0))


@cache
def _gbk_fails() -> tuple[tuple[bool, ...], ...]:
    """[byte][next byte or NO_BYTE]: whether GBK reads no character from ``byte`` followed by
    ``next`` (cp936 drops it)."""
    table = []
    for byte in range(256):
        row = []
        for following in range(256):
            try:
                row.append(len(bytes([byte, following]).decode("gbk")) != 1)
            except UnicodeDecodeError:
                row.append(True)
        row.append(byte >= 0x80)
        table.append(tuple(row))
    return tuple(table)


# How many fillings of a character whose two last bytes Windows wrote one "?" for are kept, the
# likeliest first: as many as of one lost byte (``recode.search._LIKELIEST``).
_LIKELIEST = 64


@lru_cache(maxsize=1 << 10)
def lost_pair_fillings(sequence: bytes) -> tuple[str, ...]:
    """The likeliest characters a lead byte of three and Windows' "?" (``sequence``) were: its
    two continuation bytes were the pair GBK could not read (如, E5 A6 82, after 傚 that took
    its E5 is "?": A6 82 is no GBK pair); () where ``sequence`` is not of that shape."""
    if len(sequence) != 2 or sequence[1:] != b"?" or not 0xE0 <= sequence[0] < 0xF0:
        return ()
    fails = _gbk_fails()
    found = []
    for first in _CONTINUATIONS:
        for second in _CONTINUATIONS:
            if fails[first][second]:
                try:
                    found.append(bytes([sequence[0], first, second]).decode("utf-8"))
                except UnicodeDecodeError:
                    continue
    return tuple(sorted(found, key=cost)[:_LIKELIEST])
