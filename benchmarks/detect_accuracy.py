"""Charset detection accuracy and speed: textfix against chardet 7 and charset-normalizer.

    python benchmarks/detect_accuracy.py [--corpus PATH] [--peers DIR] [--limit N] [--quick]
                                         [--rounds N] [--json FILE]

Every system gets the same bytes in the same run, and a sample counts as right only when the
decoded text equals the original text exactly.

- Cells: real paragraphs of the development corpus (simplified ones for GBK and GB18030,
  traditional ones for Big5, both for UTF-8 and UTF-16), a manual page's paragraphs joined by
  newlines (short pages joined to the next), read from a random paragraph on and cut to at most
  16, 64, 512 or 4,096 bytes on a character boundary (counted in the encoded bytes). The
  GB18030 cell holds text with four-byte characters: every sample ends with one of the corpus's
  own non-GBK characters (© ® ™), so a four-byte sequence is always part of it.
- Labels: HTML pages of the same paragraphs in GBK or Big5 whose header or ``<meta>`` says
  UTF-8 or ISO-8859-1 (lying), or the truth (honest); textfix against w3lib's
  ``html_to_unicode`` (what Scrapy does with the labels; chardet and charset-normalizer take no
  label).
- Peers: chardet's Chinese test files and charset-normalizer's Chinese sample, each right when
  decoded to the text that its true codec gives (the folder name; EUC-TW is skipped: Python has
  no codec for it).
- Speed: ``textfix.decode`` (the whole pipeline, explain off) against ``chardet.detect`` plus
  ``bytes.decode`` and against charset-normalizer's ``from_bytes().best()``, on all cell samples.

textfix is called with the repair layers off for accuracy (``decode`` then returns exactly what
the codec read), and with the default configuration for speed.
"""

from __future__ import annotations

import gzip
import json
import platform
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import chardet
from common import SHARED, argument_parser, command_line
from w3lib.encoding import html_to_unicode

import textfix

charset_normalizer: Any
try:
    import charset_normalizer
except ImportError:  # a benchmark anchor only, never a dependency of textfix
    charset_normalizer = None

DEFAULT_PEERS = SHARED / "peers"
LENGTHS = (16, 64, 512, 4096)
# cell encoding -> (Python codec that writes the bytes, scripts of the paragraphs used)
ENCODINGS = {
    "utf-8": ("utf-8", ("simplified", "traditional")),
    "gbk": ("gbk", ("simplified",)),
    "gb18030": ("gb18030", ("simplified",)),
    "big5": ("big5", ("traditional",)),
    "utf-16": ("utf-16", ("simplified", "traditional")),
}
FOUR_BYTE = "©®™"  # the corpus's own characters that GB18030 writes in four bytes
DOCUMENT_CHARS = 6000  # pages shorter than this are joined to the next one of the same script
NO_REPAIR = textfix.Config(mojibake=False, html=False, unicode=False, annotations=False)
PEER_CODECS = {"big5": "big5", "gb18030": "gb18030", "hz-gb-2312": "hz", "utf-8": "utf-8",
               "utf-16": "utf-16", "utf-16be": "utf-16-be", "utf-16le": "utf-16-le",
               "utf-32": "utf-32", "utf-32be": "utf-32-be", "utf-32le": "utf-32-le"}

Decoder = Callable[[bytes], str | None]


@dataclass(frozen=True, slots=True)
class Sample:
    text: str
    data: bytes


def load_documents(corpus: Path) -> dict[str, list[str]]:
    """{script: [document]}: each manual page's paragraphs of one script, joined by newlines."""
    pages: dict[tuple[str, str], list[str]] = {}
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row["script"] in ("simplified", "traditional"):
                pages.setdefault((row["script"], row["file"]), []).append(row["text"])
    documents: dict[str, list[str]] = {"simplified": [], "traditional": []}
    for (script, _), paragraphs in pages.items():
        page = "\n".join(paragraphs)
        short = documents[script] and len(documents[script][-1]) < DOCUMENT_CHARS
        if short:  # pages too short for the 4,096-byte cells go on with the next page
            documents[script][-1] += "\n" + page
        else:
            documents[script].append(page)
    return documents


def cut(text: str, codec: str, size: int) -> str | None:
    """The longest prefix of ``text`` whose encoding is at most ``size`` bytes (BOM included),
    or None if ``text`` cannot be encoded or is shorter than ``size`` bytes."""
    try:
        if len(text.encode(codec)) < size:
            return None
    except UnicodeEncodeError:
        return None
    low, high = 0, min(len(text), size)
    while low < high:  # binary search on the character count
        middle = (low + high + 1) // 2
        if len(text[:middle].encode(codec)) <= size:
            low = middle
        else:
            high = middle - 1
    return text[:low]


def cell_samples(documents: dict[str, list[str]], encoding: str, size: int, limit: int,
                 rng: random.Random) -> list[Sample]:
    """``limit`` distinct samples: a random document of the cell's scripts, from a random line
    of it, cut to ``size`` bytes. Samples that are all ASCII (which every codec reads) are
    left out."""
    codec, scripts = ENCODINGS[encoding]
    pool = [doc for script in scripts for doc in documents[script]]
    samples: list[Sample] = []
    seen: set[str] = set()
    for _ in range(limit * 50):
        if len(samples) >= limit:
            break
        doc = rng.choice(pool)
        lines = doc.split("\n")
        text = "\n".join(lines[rng.randrange(len(lines)):])
        if encoding == "gb18030":
            # A four-byte character where the sample is cut: it is always in the sample.
            prefix = cut(text, codec, size - 4)
            text = "" if prefix is None else prefix + rng.choice(FOUR_BYTE)
        else:
            text = cut(text, codec, size) or ""
        if text.strip() and not text.isascii() and text not in seen:
            seen.add(text)
            samples.append(Sample(text, text.encode(codec)))
    return samples


def by_name(data: bytes, name: str | None) -> str | None:
    if not name:
        return None
    try:
        return data.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None


def textfix_text(data: bytes) -> str | None:
    return textfix.decode(data, config=NO_REPAIR).text


def chardet_text(data: bytes) -> str | None:
    return by_name(data, chardet.detect(data).get("encoding"))


def normalizer_text(data: bytes) -> str | None:
    assert charset_normalizer is not None
    best = charset_normalizer.from_bytes(data).best()
    return str(best) if best is not None else None


def systems() -> dict[str, Decoder]:
    found: dict[str, Decoder] = {"textfix": textfix_text, "chardet": chardet_text}
    if charset_normalizer is not None:
        found["charset-normalizer"] = normalizer_text
    return found


def accuracy(decoder: Decoder, samples: Sequence[Sample]) -> tuple[int, list[Sample]]:
    right, wrong = 0, []
    for sample in samples:
        try:
            text = decoder(sample.data)
        except Exception:  # an anchor that raises has simply not decoded the sample
            text = None
        if text == sample.text:
            right += 1
        else:
            wrong.append(sample)
    return right, wrong


PAGE = ("<!DOCTYPE html>\n<html><head>{meta}<title>{title}</title></head>\n<body>\n{body}\n"
        "</body></html>\n")
META = {"charset": '<meta charset="{label}">',
        "http-equiv": '<meta http-equiv="Content-Type" content="text/html; charset={label}">'}


def label_cases(documents: dict[str, list[str]], limit: int, rng: random.Random
                ) -> list[tuple[str, bool, bytes, str | None, str]]:
    """(case name, lying?, bytes, Content-Type header, expected text)."""
    cases: list[tuple[str, bool, bytes, str | None, str]] = []
    for codec, script, honest in (("gbk", "simplified", ("gbk", "gb2312")),
                                  ("big5", "traditional", ("big5",))):
        docs = [d for d in documents[script] if len(d) >= 8]
        for index in range(limit):
            doc = docs[rng.randrange(len(docs))]
            paragraphs = doc.split("\n")[:rng.choice((1, 3, 12))]
            body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
            title = paragraphs[0][:20]
            for label in ("utf-8", "iso-8859-1", *honest):
                lying = label not in honest
                where = ("header", "charset", "http-equiv")[index % 3]
                meta = "" if where == "header" else META[where].format(label=label)
                header = f"text/html; charset={label}" if where == "header" else "text/html"
                page = PAGE.format(meta=meta, title=title, body=body)
                try:
                    data = page.encode(codec)
                except UnicodeEncodeError:
                    continue
                cases.append((f"{codec} labelled {label} ({where})", lying, data, header, page))
    return cases


def run_labels(cases: Sequence[tuple[str, bool, bytes, str | None, str]]) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for name, lying, data, header, page in cases:
        tf = textfix.decode(data, declared=header, config=NO_REPAIR).text == page
        scrapy = html_to_unicode(header, data)[1] == page
        key = "lying" if lying else "honest"
        entry = results.setdefault(key, {"n": 0, "textfix": 0, "w3lib": 0, "failures": []})
        entry["n"] += 1
        entry["textfix"] += tf
        entry["w3lib"] += scrapy
        if not tf and len(entry["failures"]) < 5:
            entry["failures"].append(name)
    return results


def peer_files(peers: Path) -> list[tuple[str, bytes, str]]:
    """(path, bytes, expected text) of every peer file, deduplicated by content."""
    files, seen = [], set()
    for folder in sorted((peers / "chardet").glob("*-chinese")):
        codec = PEER_CODECS.get(folder.name.removesuffix("-chinese"))
        if codec is None:
            continue  # EUC-TW: Python has no codec
        for path in sorted(folder.iterdir()):
            files.append((str(path.relative_to(peers)), path.read_bytes(), codec))
    sample = peers / "charset_normalizer" / "data" / "sample-chinese.txt"
    if sample.exists():
        files.append((str(sample.relative_to(peers)), sample.read_bytes(), "big5"))
    unique = []
    for name, data, codec in files:
        if data not in seen:
            seen.add(data)
            unique.append((name, data, data.decode(codec)))
    return unique


def run_peers(peers: Path) -> dict[str, Any]:
    files = peer_files(peers)
    results: dict[str, Any] = {"n": len(files)}
    for system, decoder in systems().items():
        right = [decoder(data) == text for _, data, text in files]
        results[system] = sum(right)
        results[f"{system}_failures"] = [name for (name, _, _), ok
                                         in zip(files, right, strict=True) if not ok]
    return results


def one_pass(call: Callable[[bytes], object], inputs: Sequence[bytes]) -> float:
    begin = time.perf_counter()
    for data in inputs:
        call(data)
    return time.perf_counter() - begin


def chardet_decode(data: bytes) -> str:
    name = chardet.detect(data).get("encoding") or "utf-8"
    return data.decode(name, errors="replace")


def run_speed(samples: Sequence[Sample], rounds: int) -> dict[str, float]:
    """Bytes per second of each system on every other sample, best of ``rounds`` rounds. A
    round times one pass of every system in turn, so a burst of load on the shared machine
    weighs on all of them alike instead of on whichever ran during it."""
    inputs = [sample.data for sample in samples[::2]]
    systems: dict[str, Callable[[bytes], object]] = {
        "textfix.decode": lambda d: textfix.decode(d, explain=False),
        "textfix.decode, no repair": lambda d: textfix.decode(d, explain=False, config=NO_REPAIR),
        "textfix.detect_encoding": textfix.detect_encoding,
        "chardet.detect+decode": chardet_decode,
        "chardet.detect": chardet.detect,
    }
    if charset_normalizer is not None:
        systems["charset-normalizer"] = normalizer_text
    for call in systems.values():  # warm up: lazy tables, codecs and models outside the clock
        for data in inputs[::20]:
            call(data)
    best = dict.fromkeys(systems, float("inf"))
    for _ in range(rounds):
        for name, call in systems.items():
            best[name] = min(best[name], one_pass(call, inputs))
    total = sum(map(len, inputs))
    return {name: total / seconds for name, seconds in best.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argument_parser(__doc__, corpus=True, json=True)
    parser.add_argument("--peers", type=Path, default=DEFAULT_PEERS)
    parser.add_argument("--limit", type=int, default=400, help="samples per cell")
    parser.add_argument("--quick", action="store_true", help="100 samples per cell")
    parser.add_argument("--rounds", type=int, default=3, help="speed rounds (best is kept)")
    args = parser.parse_args(argv)
    limit = 100 if args.quick else args.limit
    print("command:", command_line())
    print(f"python {platform.python_version()}, textfix {textfix.__version__}, "
          f"chardet {version('chardet')}, charset-normalizer "
          f"{version('charset-normalizer') if charset_normalizer else 'absent (skipped)'}")
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}: nothing to measure")
        return 0
    rng = random.Random(20261201)
    documents = load_documents(args.corpus)
    report: dict[str, Any] = {"cells": {}}
    names = list(systems())
    print(f"\naccuracy % (decoded text == original), {limit} samples per cell")
    print(f"{'encoding':9} {'bytes':>5} {'n':>4}  " + "  ".join(f"{n:>18}" for n in names))
    all_samples: list[Sample] = []
    for encoding in ENCODINGS:
        for size in LENGTHS:
            samples = cell_samples(documents, encoding, size, limit, rng)
            all_samples.extend(samples)
            row: dict[str, Any] = {"n": len(samples)}
            for name, decoder in systems().items():
                right, wrong = accuracy(decoder, samples)
                row[name] = round(100.0 * right / max(1, len(samples)), 2)
                if name == "textfix" and wrong:
                    row["textfix_failures"] = [w.text for w in wrong[:5]]
            report["cells"][f"{encoding}/{size}"] = row
            print(f"{encoding:9} {size:>5} {len(samples):>4}  "
                  + "  ".join(f"{row[n]:>18.2f}" for n in names))
            for text in row.get("textfix_failures", []):
                print("    textfix wrong:", repr(text[:60]))
    labels = run_labels(label_cases(documents, max(10, limit // 4), rng))
    report["labels"] = labels
    print("\nHTML pages with a charset label (header, <meta charset>, <meta http-equiv>):")
    for key, entry in labels.items():
        share = 100 * entry["textfix"] / entry["n"]
        print(f"  {key:7} {entry['n']:>4} pages: textfix {share:.1f} %"
              f", w3lib html_to_unicode (Scrapy) {100 * entry['w3lib'] / entry['n']:.1f} %"
              + (f"  textfix wrong: {entry['failures']}" if entry["failures"] else ""))
    if args.peers.exists():
        peers = run_peers(args.peers)
        report["peers"] = peers
        print(f"\npeer corpus: {peers['n']} files (deduplicated, EUC-TW skipped)")
        for name in names:
            print(f"  {name:18} {peers[name]:>3} right; wrong: {peers[name + '_failures']}")
    else:
        print(f"\nno peer corpus at {args.peers}: skipped")
    speeds = run_speed(all_samples, 1 if args.quick else args.rounds)
    report["speed"] = speeds
    base = speeds["chardet.detect"]
    print(f"\nspeed on every other cell sample ({len(all_samples[::2])}), best of "
          f"{1 if args.quick else args.rounds} interleaved rounds:")
    for name, value in speeds.items():
        print(f"  {name:22} {value / 1e6:8.2f} MB/s  {value / base:6.1f}x chardet.detect")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
