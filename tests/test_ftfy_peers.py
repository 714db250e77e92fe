"""textfix on ftfy's own test cases (``../shared/peers/ftfy/test-cases``, read-only data).

ftfy is the judge of UTF-8 read as a Western code page in any language, and textfix calls it for
what its chains leave; a CJK repair must never beat ftfy on ftfy's own ground (``HÃ´tel`` is
``Hôtel``, not ``H么tel``), and the clean texts of the cases (Polish, Slovak, Serbian ...) must
come back unchanged. Without the data these tests skip.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import ftfy
import pytest

import textfix
from textfix.layers.mojibake import ftfy_config

CASES = Path(__file__).resolve().parents[1].parent / "shared" / "peers" / "ftfy" / "test-cases"
if not CASES.is_dir():
    pytest.skip(f"needs ../shared: ftfy's test cases are not at {CASES}", allow_module_level=True)

# Not clean text: the expected output of a hopeless garble is garbled too, and ftfy itself
# changes the manga title (a known failure of ftfy's).
NOT_CLEAN = {"An absolutely hopeless garble", "Synthetic, false positive: the title of a manga, "
             "in weird capitalized romaji, with a non-breaking space"}
FTFY = ftfy_config()._replace(explain=False)


def _cases(*names: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for name in names:
        cases.extend(json.loads((CASES / name).read_text(encoding="utf-8")))
    return cases


ALL = _cases("in-the-wild.json", "language-names.json", "known-failures.json")
PASSING = [case for case in _cases("in-the-wild.json", "language-names.json")
           if case["expect"] == "pass"]


@pytest.mark.parametrize("case", [case for case in PASSING
                                  if ftfy.fix_text(case["original"], config=FTFY)
                                  == case["fixed"]],
                         ids=lambda case: case["label"][:60])
def test_textfix_repairs_what_ftfy_repairs(case: dict[str, Any]) -> None:
    assert textfix.fix(case["original"]) == case["fixed"]


@pytest.mark.parametrize("case", [case for case in ALL if case["label"] not in NOT_CLEAN],
                         ids=lambda case: case["label"][:60])
def test_the_repaired_text_stays_as_it_is(case: dict[str, Any]) -> None:
    assert textfix.fix(case["fixed"]) == case["fixed"]
