"""The case files of tests/cases (schema: tests/cases/README.md), and the negatives: clean text,
all of it in negative.json, that must come back unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import textfix

CASES = Path(__file__).parent / "cases"
FILES = sorted(path.name for path in CASES.glob("*.json"))


@pytest.mark.cases("negative.json")
def test_clean_text_unchanged(case: dict[str, Any]) -> None:
    text = case["input"]
    assert textfix.fix(text) == text
    result = textfix.fix_and_explain(text)
    assert result.text == text
    assert [step.action for step in result.steps] == case.get("reported", [])
    assert textfix.decode(text.encode("utf-8")).text == text


@pytest.mark.parametrize("name", FILES)
def test_case_file_follows_the_schema(name: str) -> None:
    document = json.loads((CASES / name).read_text(encoding="utf-8"))
    assert set(document) == {"description", "cases"}
    assert document["description"]
    for case in document["cases"]:
        # the same text out as in is a negative (negative.json), unless options ask for it
        if "expected" in case and "options" not in case:
            assert case["expected"] != case.get("input"), case["label"]
        if "known_failure" in case:
            assert case["known_failure"], case["label"]


def test_negatives_are_many_and_of_every_kind() -> None:
    cases = json.loads((CASES / "negative.json").read_text(encoding="utf-8"))["cases"]
    assert all(set(case) <= {"label", "input", "reported", "comment",
                                  "known_failure"} for case in cases)
    kinds = {case["label"].split(":")[0] for case in cases}
    assert kinds == {"mojibake look-alike", "classical", "symbols", "everyday",
                     "parentheses kept"}
    assert len(cases) >= 150
