"""Chinese mojibake, case by case, from tests/cases/mojibake.json.

The garbling is done here, by the codecs, from originals written for the tests; the literal cases
are garbled text as it is found.
"""

from __future__ import annotations

import codecs
import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import textfix

CASES: dict[str, Any] = json.loads(
    (Path(__file__).parent / "cases" / "mojibake.json").read_text(encoding="utf-8"))
# Classical poetry and prose: rare characters and reduplications, clean and garbled.
CLASSICAL: dict[str, Any] = json.loads(
    (Path(__file__).parent / "cases" / "classical.json").read_text(encoding="utf-8"))


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
    "gbk as big5": lambda t: t.encode("gbk").decode("cp950"),
    "utf-8 as cp1252 twice": lambda t: web(web(t.encode("utf-8"), "cp1252").encode("utf-8"),
                                           "cp1252"),
    "utf-8 as gbk twice":
        lambda t: t.encode("utf-8").decode("gb18030").encode("utf-8").decode("gb18030"),
    "utf-8 as gbk, then latin-1":
        lambda t: t.encode("utf-8").decode("gb18030").encode("utf-8").decode("latin-1"),
    "utf-8 as gbk, U+FFFD": lambda t: t.encode("utf-8").decode("gbk", "replace"),
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
    """(garbled input, expected output) of a 'repaired' case."""
    broken = CHAINS[case["chain"]](case["original"])
    before, after = case.get("span", ["", ""])
    return before + broken + after, before + case["original"] + after


@pytest.mark.parametrize("case", CASES["repaired"] + CLASSICAL["repaired"],
                         ids=lambda c: f"{c['chain']}:{c['original']}")
def test_repaired(case: dict[str, Any]) -> None:
    broken, expected = garbled(case)
    assert broken != expected
    assert textfix.fix(broken) == expected


@pytest.mark.parametrize("case", CASES["literal"], ids=lambda c: c["input"])
def test_literal(case: dict[str, str]) -> None:
    result = textfix.fix_and_explain(case["input"])
    assert result.text == case["expected"]
    assert textfix.replay(case["input"], result.steps) == case["expected"]
    assert any(step.layer == "mojibake" and (step.chain or step.evidence) for step in result.steps)


@pytest.mark.parametrize("text", CASES["clean"] + CLASSICAL["clean"])
def test_clean_text_unchanged(text: str) -> None:
    result = textfix.fix_and_explain(text)
    assert result.text == text
    assert not [step for step in result.steps if step.changed]


@pytest.mark.parametrize("case", CASES["lossy"], ids=lambda c: c["garbled_with"])
def test_lossy(case: dict[str, str]) -> None:
    broken = CHAINS[case["garbled_with"]](case["original"])
    assert textfix.fix(broken) == case["expected"]


@pytest.mark.parametrize("text", CASES["irrecoverable"])
def test_irrecoverable_is_reported_not_repaired(text: str) -> None:
    result = textfix.fix_and_explain(text)
    assert result.text == text
    assert [step.action for step in result.steps] == ["irrecoverable"]


def test_lyric_is_not_damage() -> None:
    assert not textfix.fix_and_explain("地面太烫 烫烫烫").steps


@pytest.mark.parametrize("case", CASES["known_failures"] + CLASSICAL["known_failures"],
                         ids=lambda c: c["why"][:40])
@pytest.mark.xfail(strict=True, reason="known failure, see the case's 'why'")
def test_known_failures(case: dict[str, str]) -> None:
    if "chain" in case:
        broken, expected = garbled(case)
    else:
        broken, expected = case["input"], case["expected"]
    assert textfix.fix(broken) == expected
