"""End to end on the reference page: a scraped, machine-converted page full of pinyin debris.

The page lives in the shared examples folder next to the repository; without it these tests skip.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import opencc
import pytest

import textfix

if TYPE_CHECKING:
    from conftest import Textfix

PAGE = Path(__file__).parents[1] / ".." / "shared" / "examples" / "scraped_page.txt"

# "(" + one tone-marked pinyin syllable + ")": letters with at least one tone-marked vowel.
_MARKED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN_ANNOTATION = re.compile(f"\\((?=[a-zü]*[{_MARKED}])[a-zü{_MARKED}]{{1,6}}\\)")


@cache
def page_text() -> str:
    if not PAGE.is_file():
        pytest.skip(f"needs ../shared: the reference page is not at {PAGE}")
    return PAGE.read_text(encoding="utf-8")


@cache
def annotation_free() -> str:
    text, count = PINYIN_ANNOTATION.subn("", page_text())
    assert count == 123
    return text


def test_independent_regex_sees_the_page_as_described() -> None:
    text = page_text()
    assert len(PINYIN_ANNOTATION.findall(text)) == 123
    assert text.count("縣(市)") == 1
    assert "縣(市)" in annotation_free()
    assert "(lián)" not in annotation_free()


def test_to_simplified_subprocess() -> None:
    done = subprocess.run([sys.executable, "-m", "textfix", "--to", "simplified"],
                          input=page_text().encode("utf-8"), capture_output=True, timeout=60,
                          check=False)
    assert done.returncode == 0
    assert done.stderr == b""
    out = done.stdout.decode("utf-8")
    assert PINYIN_ANNOTATION.search(out) is None
    assert textfix.detect_script(out).traditional == 0
    # The body follows the Taiwan standard (為 裡 著), so OpenCC's own reader of that standard,
    # tw2s, is the conversion to match: it gives 着力 where t2s leaves Taiwan's 著力.
    converter = opencc.OpenCC("tw2s", include_tofu_risk_dictionaries=False)
    assert out == converter.convert(annotation_free())
    t2s = opencc.OpenCC("t2s", include_tofu_risk_dictionaries=False).convert(annotation_free())
    assert [(a, b) for a, b in zip(t2s, out, strict=True) if a != b] == [("著", "着")] * 2


def test_to_simplified_keeps_the_legitimate_parenthesis(run: Textfix) -> None:
    status, out = run(["--to", "simplified"], page_text().encode("utf-8"))
    assert status == 0
    text = out.decode("utf-8")
    assert "县(市)" in text
    assert text.count("(") == 1


def test_simplified_first_line_unchanged(run: Textfix) -> None:
    status, out = run(["--to", "simplified"], page_text().encode("utf-8"))
    assert status == 0
    assert out.decode("utf-8").split("\n")[0] == page_text().split("\n")[0]


def test_without_target_keeps_traditional_body(run: Textfix) -> None:
    status, out = run([], page_text().encode("utf-8"))
    assert status == 0
    assert out.decode("utf-8") == annotation_free()


def test_library_matches_cli() -> None:
    assert textfix.fix(page_text()) == annotation_free()
    result = textfix.fix_and_explain(page_text(), to="simplified")
    assert textfix.replay(page_text(), result.steps) == result.text
    assert sum(step.layer == "annotations" for step in result.steps) == 123


def test_idempotent_on_page() -> None:
    once = textfix.fix(page_text())
    assert textfix.fix(once) == once
    simplified = textfix.fix(page_text(), to="simplified")
    assert textfix.fix(simplified, to="simplified") == simplified


def test_detect(run: Textfix) -> None:
    status, out = run(["--detect"], page_text().encode("utf-8"))
    assert status == 0
    report = json.loads(out)
    assert report["script"] == "mixed"
    assert report["problems"]["annotations"] == 123
    assert report["encoding"] == "utf-8"
    assert report["would_change"] is True


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
@pytest.mark.parametrize("options", [["--to", "simplified"], []], ids=["simplified", "plain"])
def test_other_encodings_give_identical_output(run: Textfix, encoding: str,
                                               options: list[str]) -> None:
    expected = run(options, page_text().encode("utf-8"))
    assert expected[0] == 0
    assert run(options, page_text().encode(encoding)) == expected
