"""Generated tables (tools/generate_tables.py) and their loaders. Never edited by hand."""

from __future__ import annotations

from functools import cache
from importlib.resources import files


def _tsv(name: str) -> dict[str, str]:
    rows = {}
    for line in files(__name__).joinpath(name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("\t")
            rows[key] = value
    return rows


@cache
def readings() -> dict[str, frozenset[str]]:
    """{character: its readings in tone3 pinyin}, e.g. 聯 -> {"lian2"}, 們 -> {"men5", ...}."""
    return {char: frozenset(value.split()) for char, value in _tsv("readings.tsv").items()}


@cache
def zhuyin() -> dict[str, str]:
    """{zhuyin syllable: tone3 pinyin}, e.g. ``ㄌㄧㄢˊ -> "lian2"``."""
    return _tsv("zhuyin.tsv")


@cache
def char_frequency() -> dict[str, int]:
    """{character: count}, most frequent first; traditional forms share their simplified count."""
    return {char: int(count) for char, count in _tsv("char_frequency.tsv").items()}
