"""Speed of the mojibake layer's unit search (``recode.unit_gains``: windows, units, readings,
gains), the Rust core against the Python reference, on whole garbled documents; ``fix`` and
``ftfy.fix_text`` on the same documents as anchors, all in one run.

    python benchmarks/unit_search.py [--corpus PATH] [--documents N] [--size CHARS]

A document is corpus paragraphs joined by newlines up to ``--size`` characters, every line
garbled through one chain (strict, a span of each line, or through a lossy decoder); the unit
search is timed over each line with the chain that reads it back. Figures are medians per
document, in millions of characters per second (Mc/s).
"""

from __future__ import annotations

import codecs
import gzip
import json
import statistics
import time
from collections.abc import Callable, Sequence

import ftfy
from common import argument_parser

import textfix
from textfix import _kernels, recode
from textfix.recode import Chain


def _windows_question(error: UnicodeError) -> tuple[str, int]:
    """Windows' way with a GBK pair it cannot read: "?", and the next byte goes with it."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return "?", min(error.start + 2, len(error.object))


codecs.register_error("unit-search-windows", _windows_question)


def _sloppy(data: bytes, page: str) -> str:
    return data.decode("latin-1").translate(dict(enumerate(recode.chain.sloppy_table(page)[0])))


def _span(garble: Callable[[str], str]) -> Callable[[str], str]:
    """The middle third of a line garbled, the rest clean."""
    def partial(line: str) -> str:
        first, last = len(line) // 3, 2 * len(line) // 3
        return line[:first] + garble(line[first:last]) + line[last:]
    return partial


def _utf8_as_gb18030(line: str) -> str:
    return line.encode("utf-8").decode("gb18030", "replace")


# (kind, group, how a line is garbled, the chain that reads it back)
KINDS: list[tuple[str, str, Callable[[str], str], Chain]] = [
    ("utf-8 read as gb18030", "strict", _utf8_as_gb18030, Chain("gbk", "utf-8")),
    ("utf-8 read as cp1252", "strict", lambda line: _sloppy(line.encode("utf-8"), "cp1252"),
     Chain("sloppy-cp1252", "utf-8")),
    ("gbk read as latin-1", "strict",
     lambda line: line.encode("gb18030").decode("latin-1"), Chain("latin-1", "gb18030")),
    ("gbk read as cp1252", "strict", lambda line: _sloppy(line.encode("gb18030"), "cp1252"),
     Chain("sloppy-cp1252", "gb18030")),
    ("utf-8 read as gb18030, a span", "partial", _span(_utf8_as_gb18030), Chain("gbk", "utf-8")),
    ("gbk read as latin-1, a span", "partial",
     _span(lambda line: line.encode("gb18030").decode("latin-1")), Chain("latin-1", "gb18030")),
    ("utf-8 read as gbk, U+FFFD", "lossy",
     lambda line: line.encode("utf-8").decode("gbk", "replace"), Chain("gbk", "utf-8")),
    ("utf-8 read as gbk, Windows ?", "lossy",
     lambda line: line.encode("utf-8").decode("gbk", "unit-search-windows"),
     Chain("gbk", "utf-8")),
    ("utf-8 read as cp1252, dropped", "lossy",
     lambda line: line.encode("utf-8").decode("cp1252", "ignore"),
     Chain("sloppy-cp1252", "utf-8")),
]


def documents(paragraphs: list[str], count: int, size: int) -> list[list[str]]:
    """``count`` documents of paragraphs (lines) of about ``size`` characters, in corpus
    order."""
    found: list[list[str]] = []
    lines: list[str] = []
    length = 0
    for paragraph in paragraphs:
        line = " ".join(paragraph.split("\n"))
        if not line.strip():
            continue
        lines.append(line)
        length += len(line) + 1
        if length >= size:
            found.append(lines)
            lines, length = [], 0
            if len(found) == count:
                break
    return found


def rate(chars: int, seconds: float) -> float:
    return chars / max(seconds, 1e-9)


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> None:
    parser = argument_parser("the unit search, core against reference", corpus=True)
    parser.add_argument("--documents", type=int, default=3, help="documents per kind")
    parser.add_argument("--size", type=int, default=32_000, help="characters per document")
    args = parser.parse_args(argv)
    if _kernels.core is None:
        raise SystemExit("the Rust core is not built: nothing to compare")
    with gzip.open(args.corpus, "rt", encoding="utf-8") as lines:
        paragraphs = [json.loads(line)["text"] for line in lines]
    clean = documents(paragraphs, args.documents, args.size)
    print(f"{len(clean)} documents of ~{args.size:,} characters per kind; medians per document")
    print(f"{'kind':32} {'group':8} {'search: core':>14} {'reference':>12} {'core/ref':>9}"
          f" {'fix':>10} {'ftfy':>10} {'fix/ftfy':>9}")
    for kind, group, garble, chain in KINDS:
        rows = [measure([garble(line) for line in lines], chain) for lines in clean]
        core, reference, fixed, anchor = (statistics.median(column)
                                          for column in zip(*rows, strict=True))
        print(f"{kind:32} {group:8} {core / 1e6:>9.3f} Mc/s {reference / 1e6:>7.3f} Mc/s"
              f" {core / reference:>8.1f}x {fixed / 1e6:>5.3f} Mc/s {anchor / 1e6:>5.3f} Mc/s"
              f" {fixed / anchor:>8.2f}x")


def measure(lines: list[str], chain: Chain) -> tuple[float, float, float, float]:
    """Characters per second of the garbled ``lines``: the unit search by the core and by
    the reference, line by line through ``chain``; ``fix`` and ftfy on the whole document."""
    document = "\n".join(lines)
    chars = len(document)
    core, reference = recode.search._core_unit_gains, recode.REFERENCE.unit_gains
    return (rate(chars, timed(lambda: [core(line, chain) for line in lines])),
            rate(chars, timed(lambda: [reference(line, chain) for line in lines])),
            rate(chars, timed(lambda: textfix.fix(document))),
            rate(chars, timed(lambda: ftfy.fix_text(document))))


if __name__ == "__main__":
    main()
