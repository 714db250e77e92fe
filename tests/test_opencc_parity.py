"""textfix.convert against OpenCC's own test suite (``../shared/peers/opencc``, read-only data).

textfix adds nothing to OpenCC's conversion: for every case its output equals raw OpenCC's with
the same config and ``include_tofu_risk_dictionaries=False`` (how textfix calls it), and equals
the suite's expected output wherever that raw OpenCC does. ``benchmarks/opencc_parity.py``
prints the same comparison as a table.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import opencc
import pytest

import textfix

PEERS = Path(__file__).resolve().parents[1].parent / "shared" / "peers" / "opencc"
if not (PEERS / "testcases" / "testcases.json").is_file():
    pytest.skip(f"needs ../shared: OpenCC's test data is not at {PEERS}", allow_module_level=True)

# Raw OpenCC (pip opencc 1.4.2) without the tofu-risk dictionaries misses the expected output of
# these cases; with them it passes. The expected outputs hold rare characters (𣨼 𪢮 𣗊) that
# only those dictionaries produce, and textfix leaves them off on purpose: most fonts cannot show
# those characters. So these cases are not compared with the expected output;
# test_only_tofu_risk_cases_need_the_tofu_risk_dictionaries keeps this list exact.
TOFU_RISK = frozenset({
    ("BYVoid_OpenCC_PR_1228_existing_behaviors", "t2s"),  # 殢 -> 𣨼
    ("BYVoid_OpenCC_PR_1229_existing_behaviors", "t2s"),  # 圞 -> 𪢮
    ("BYVoid_OpenCC_PR_464_xi_vs_xi", "t2s"),  # 樠 -> 𣗊
})


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    config: str
    input: str
    expected: str


# A JSON string (skipped whole, so commas inside strings stay) or a trailing comma, which the
# file has: OpenCC reads it with a lenient parser.
_TRAILING_COMMA = re.compile(r'"(?:[^"\\]|\\.)*"|,(?=\s*[}\]])')


def _testcases() -> list[Case]:
    text = (PEERS / "testcases" / "testcases.json").read_text(encoding="utf-8")
    document = json.loads(_TRAILING_COMMA.sub(lambda m: "" if m.group() == "," else m.group(),
                                              text))
    return [
        Case(entry["id"], config, entry["input"], expected)
        for entry in document["cases"]
        for config, expected in entry["expected"].items()
    ]


def _golden() -> list[Case]:
    """``golden/output/<name>.<config>.txt`` is ``golden/input/<name>.txt`` converted."""
    cases = []
    for source in sorted((PEERS / "golden" / "input").glob("*.txt")):
        for output in sorted((PEERS / "golden" / "output").glob(f"{source.stem}.*.txt")):
            config = output.name.removeprefix(f"{source.stem}.").removesuffix(".txt")
            cases.append(Case(f"golden/{source.stem}", config, source.read_text(encoding="utf-8"),
                              output.read_text(encoding="utf-8")))
    return cases


CASES = _testcases() + _golden()
CONFIGS = sorted({case.config for case in CASES})


@cache
def raw(config: str, tofu: bool = False) -> opencc.OpenCC:
    return opencc.OpenCC(config, include_tofu_risk_dictionaries=tofu)


def _of(config: str) -> list[Case]:
    return [case for case in CASES if case.config == config]


def test_data_is_complete() -> None:
    # 543 pairs over 16 configs (PROVENANCE.md) and 5 golden documents: a truncated copy would
    # otherwise pass with fewer cases.
    assert len(CASES) == 543 + 5
    assert len(CONFIGS) == 16


@pytest.mark.parametrize("config", CONFIGS)
def test_textfix_equals_raw_opencc(config: str) -> None:
    mismatches = [case.id for case in _of(config)
                  if textfix.convert(case.input, to=config) != raw(config).convert(case.input)]
    assert mismatches == []


@pytest.mark.parametrize("config", CONFIGS)
def test_textfix_equals_expected(config: str) -> None:
    mismatches = [case.id for case in _of(config) if (case.id, config) not in TOFU_RISK
                  and textfix.convert(case.input, to=config) != case.expected]
    assert mismatches == []


def test_only_tofu_risk_cases_need_the_tofu_risk_dictionaries() -> None:
    misses = {(case.id, case.config) for case in CASES
              if raw(case.config).convert(case.input) != case.expected}
    assert misses == TOFU_RISK
    for case in CASES:
        if (case.id, case.config) in TOFU_RISK:
            assert raw(case.config, tofu=True).convert(case.input) == case.expected
