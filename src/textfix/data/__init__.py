"""Generated tables (tools/generate_tables.py) and their loaders. Never edited by hand."""

from __future__ import annotations

import os
from functools import cache


def data_path(name: str) -> str:
    """The path of the data file ``name``. A plain path, not importlib.resources (whose import
    costs more than the rest of ``import textfix``): the package holds an extension module, so it
    is always imported from a directory, never from a zip."""
    return os.path.join(os.path.dirname(__file__), name)


def _tsv(name: str) -> dict[str, str]:
    rows = {}
    with open(data_path(name), encoding="utf-8") as file:
        text = file.read()
    for line in text.splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("\t")
            rows[key] = value
    return rows


@cache
def readings() -> dict[str, str]:
    """{character: its readings in tone3 pinyin, space-separated}, e.g. 聯 -> "lian2", 們 ->
    "men5 men2": split where one is asked for (a set for each of the 42,000 characters, made
    at once, took twice as long as reading the file)."""
    return _tsv("readings.tsv")


@cache
def zhuyin() -> dict[str, str]:
    """{zhuyin syllable: tone3 pinyin}, e.g. ``ㄌㄧㄢˊ -> "lian2"``."""
    return _tsv("zhuyin.tsv")


@cache
def char_frequency() -> dict[str, int]:
    """{character: count}, most frequent first; traditional forms share their simplified count."""
    return {char: int(count) for char, count in _tsv("char_frequency.tsv").items()}


@cache
def classical_frequency() -> dict[str, int]:
    """{character: count} in classical poetry (全唐诗 and 全宋诗), most frequent first; simplified
    forms counted in the poems' OpenCC conversion (tools/generate_classical.py)."""
    return {char: int(count) for char, count in _tsv("classical_chars.tsv").items()}


@cache
def classical_pairs() -> dict[str, float]:
    """{two Han characters: bits} for pairs side by side in classical poetry, keyed by
    simplified form as ``char_pairs`` is: their pointwise mutual information."""
    table: dict[str, float] = {}
    for bits, pairs in _tsv("classical_pairs.tsv").items():
        table.update(dict.fromkeys(_pieces(pairs, 2), float(bits)))
    return table


@cache
def char_pairs() -> dict[str, float]:
    """{two characters: bits} for pairs inside words, keyed by simplified form: how much more
    often the pair occurs than its characters alone predict (pointwise mutual information)."""
    table: dict[str, float] = {}
    for bits, pairs in _tsv("char_pairs.tsv").items():  # a line per value: "7.5\t详细数据..."
        table.update(dict.fromkeys(_pieces(pairs, 2), float(bits)))
    return table


def _pieces(text: str, size: int) -> list[str]:
    return [text[start:start + size] for start in range(0, len(text), size)]


@cache
def traditional_chars() -> dict[str, str]:
    """{traditional character: the simplified form that ``char_pairs`` is keyed by}."""
    return _tsv("traditional_chars.tsv")


@cache
def trigger_ranges() -> dict[str, list[tuple[int, int]]]:
    """{name: (first, last) code points of each range} of the mojibake trigger's classes (see
    ``textfix.layers.mojibake.trigger_derivation``), stored a range per line: "name, first,
    last" in hexadecimal, then a comment naming the characters."""
    ranges: dict[str, list[tuple[int, int]]] = {}
    with open(data_path("trigger_chars.tsv"), encoding="utf-8") as file:
        text = file.read()
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, first, last, _ = line.split("\t", 3)
            ranges.setdefault(name, []).append((int(first, 16), int(last, 16)))
    return ranges
