"""Chinese mojibake, case by case, from tests/cases/mojibake.json and classical.json (the schema:
tests/cases/README.md).

The garbling is done here, by the codecs (CHAINS), from originals written for the tests; the
cases with an 'input' are garbled text as it is found.
"""

from __future__ import annotations

import codecs
import functools
from collections.abc import Callable
from typing import Any

import pytest

import textfix


def web(data: bytes, codec: str) -> str:
    """``data`` read as a single-byte code page the way browsers do: undefined bytes become the
    C1 control of the same number."""
    return "".join(map(lambda byte: _web_char(byte, codec), data))


def _web_char(byte: int, codec: str) -> str:
    try:
        return bytes([byte]).decode(codec)
    except UnicodeDecodeError:
        return chr(byte)


def _utf8_as(page: str, text: str) -> str:
    return web(text.encode("utf-8"), page)


def _windows_gbk(error: UnicodeError) -> tuple[str, int]:
    """How Windows decodes GBK: an unreadable pair becomes "?" and both its bytes are gone."""
    assert isinstance(error, UnicodeDecodeError)
    return "?", min(error.start + 2, len(error.object))


codecs.register_error("textfix-test-windows-gbk", _windows_gbk)


CHAINS: dict[str, Callable[[str], str]] = {
    "utf-8 as gbk": lambda t: t.encode("utf-8").decode("gb18030"),
    "gbk as latin-1": lambda t: t.encode("gbk").decode("latin-1"),
    "gbk as cp1252": lambda t: web(t.encode("gbk"), "cp1252"),
    "gbk as cp1250": lambda t: web(t.encode("gbk"), "cp1250"),
    "gbk as cp1254": lambda t: web(t.encode("gbk"), "cp1254"),
    "gbk as mac_roman": lambda t: t.encode("gbk").decode("mac_roman"),
    "utf-8 as cp1252": lambda t: web(t.encode("utf-8"), "cp1252"),
    "utf-8 as latin-1": lambda t: t.encode("utf-8").decode("latin-1"),
    "big5 as gbk": lambda t: t.encode("cp950").decode("gb18030"),
    "big5 as cp1252": lambda t: web(t.encode("cp950"), "cp1252"),
    "gbk as big5": lambda t: t.encode("gbk").decode("cp950"),
    "utf-8 as cp1252 twice": lambda t: web(web(t.encode("utf-8"), "cp1252").encode("utf-8"),
                                           "cp1252"),
    "utf-8 as gbk twice":
        lambda t: t.encode("utf-8").decode("gb18030").encode("utf-8").decode("gb18030"),
    "utf-8 as gbk, then latin-1":
        lambda t: t.encode("utf-8").decode("gb18030").encode("utf-8").decode("latin-1"),
    "utf-8 as gbk, U+FFFD": lambda t: t.encode("utf-8").decode("gbk", "replace"),
    "utf-8 as cp1252, U+FFFD": lambda t: t.encode("utf-8").decode("cp1252", "replace"),
    "big5 as gbk, U+FFFD": lambda t: t.encode("cp950").decode("gbk", "replace"),
    "utf-8 as gbk, Windows ?":
        lambda t: t.encode("utf-8").decode("gbk", "textfix-test-windows-gbk"),
    # The code pages ftfy reads UTF-8 back from whole, and no chain does.
    **{f"utf-8 as {page}": functools.partial(_utf8_as, page)
       for page in ("cp1251", "cp1250", "cp1253", "cp1254", "cp1257", "iso-8859-2",
                    "mac_roman", "cp437")},
    "utf-8 as cp1252, NBSP as space":
        lambda t: web(t.encode("utf-8"), "cp1252").replace("\xa0", " "),
}


def garbled(case: dict[str, Any]) -> tuple[str, str]:
    """(garbled input, expected output) of a case garbled by a chain: the original, inside its
    'span' if it has one, unless the case expects something else (lost bytes)."""
    broken = CHAINS[case["chain"]](case["original"])
    before, after = case.get("span", ["", ""])
    return before + broken + after, case.get("expected", before + case["original"] + after)


@pytest.mark.cases("mojibake.json", "classical.json", kind="garbled")
def test_garbled(case: dict[str, Any]) -> None:
    broken, expected = garbled(case)
    assert broken != expected
    assert textfix.fix(broken, **case.get("options", {})) == expected


@pytest.mark.cases("mojibake.json", kind="repaired")
def test_literal(case: dict[str, str]) -> None:
    result = textfix.fix_and_explain(case["input"])
    assert result.text == case["expected"]
    assert textfix.replay(case["input"], result.steps) == case["expected"]
    assert any(step.layer == "mojibake" and (step.chain or step.evidence) for step in result.steps)


@pytest.mark.cases("mojibake.json", kind="unchanged")
def test_irrecoverable_is_reported_not_repaired(case: dict[str, Any]) -> None:
    result = textfix.fix_and_explain(case["input"])
    assert result.text == case["input"]
    assert [step.action for step in result.steps] == case["reported"]


def test_lyric_is_not_damage() -> None:
    assert not textfix.fix_and_explain("地面太烫 烫烫烫").steps
