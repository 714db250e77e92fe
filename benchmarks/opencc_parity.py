"""Does ``textfix.convert`` give what OpenCC's own test suite expects?

    python benchmarks/opencc_parity.py [--peers PATH] [--verbose]

Reads OpenCC's ``testcases/testcases.json`` (input x config -> expected) and its golden documents
(``golden/input/<name>.txt`` -> ``golden/output/<name>.<config>.txt``), converts every input with
``textfix.convert(input, to=config)`` and with raw OpenCC both without and with the tofu-risk
dictionaries, and prints pass counts per config. Each miss is attributed:

* ``tofu-risk``: raw OpenCC gives the expected text only with ``include_tofu_risk_dictionaries``,
  which textfix leaves off on purpose (those dictionaries emit characters most fonts lack);
* ``opencc``: raw OpenCC misses it either way (the installed OpenCC, not textfix);
* ``textfix``: textfix differs from raw OpenCC with the same dictionaries (a textfix bug).

It also checks textfix's target names (``traditional``, ``tw``, ``twp``, ``hk``) against the
OpenCC configs they stand for. Exit status 1 when any miss is textfix's own, else 0.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import opencc
from common import SHARED, argument_parser

import textfix

DEFAULT_PEERS = SHARED / "peers" / "opencc"
# textfix target names that always mean one OpenCC config ("simplified" depends on the text).
FIXED_TARGETS = {"traditional": "s2t", "tw": "s2tw", "twp": "s2twp", "hk": "s2hk"}

Blame = Literal["pass", "tofu-risk", "opencc", "textfix"]


@dataclass(frozen=True, slots=True)
class Case:
    """One input converted with one config, and the output OpenCC's suite expects."""

    id: str
    config: str
    input: str
    expected: str


@dataclass(frozen=True, slots=True)
class Outcome:
    case: Case
    textfix: str
    raw: str  # OpenCC without the tofu-risk dictionaries, as textfix calls it
    raw_tofu: str  # OpenCC with them (the binding's default)

    @property
    def blame(self) -> Blame:
        if self.textfix == self.case.expected:
            return "pass"
        if self.textfix != self.raw:
            return "textfix"
        return "tofu-risk" if self.raw_tofu == self.case.expected else "opencc"


# --- reading OpenCC's files -----------------------------------------------------------------

# A JSON string (skipped whole, so a comma inside one is never touched) or a trailing comma.
_TRAILING_COMMA = re.compile(r'"(?:[^"\\]|\\.)*"|,(?=\s*[}\]])')


def loads_lenient(text: str) -> object:
    """``json.loads`` that accepts trailing commas, as OpenCC's own reader of the file does."""
    return json.loads(_TRAILING_COMMA.sub(lambda m: "" if m.group() == "," else m.group(), text))


def read_testcases(peers: Path) -> list[Case]:
    document = loads_lenient((peers / "testcases" / "testcases.json").read_text(encoding="utf-8"))
    if not isinstance(document, dict) or not isinstance(document.get("cases"), list):
        raise ValueError("testcases.json: expected an object with a 'cases' list")
    return [
        Case(str(entry["id"]), config, str(entry["input"]), str(expected))
        for entry in document["cases"]
        for config, expected in entry["expected"].items()
    ]


def read_golden(peers: Path) -> list[Case]:
    """One case per golden output: ``output/<name>.<config>.txt`` converts ``input/<name>.txt``."""
    cases = []
    for source in sorted((peers / "golden" / "input").glob("*.txt")):
        for output in sorted((peers / "golden" / "output").glob(f"{source.stem}.*.txt")):
            config = output.name.removeprefix(f"{source.stem}.").removesuffix(".txt")
            cases.append(Case(f"golden/{source.stem}", config, source.read_text(encoding="utf-8"),
                              output.read_text(encoding="utf-8")))
    return cases


# --- converting -----------------------------------------------------------------------------


@cache
def raw_converter(config: str, tofu: bool) -> opencc.OpenCC:
    # Built once per config: construction costs 50-100 ms, conversion microseconds.
    return opencc.OpenCC(config, include_tofu_risk_dictionaries=tofu)


def run_case(case: Case) -> Outcome:
    return Outcome(
        case,
        textfix.convert(case.input, to=case.config),
        str(raw_converter(case.config, False).convert(case.input)),
        str(raw_converter(case.config, True).convert(case.input)),
    )


def target_name_mismatches(cases: Sequence[Case]) -> Iterator[tuple[str, Case]]:
    """Cases where a textfix target name converts differently from the config it stands for."""
    for name, config in FIXED_TARGETS.items():
        for case in cases:
            if case.config == config and textfix.convert(case.input, name) != textfix.convert(
                case.input, config
            ):
                yield name, case


# --- printing -------------------------------------------------------------------------------


def print_table(title: str, outcomes: Sequence[Outcome]) -> None:
    print(f"\n{title}")
    header = f"{'config':<8} {'cases':>5} {'textfix':>8} {'raw':>5} {'raw+tofu':>9} " \
        f"{'=raw':>5}  misses by cause"
    print(header)
    print("-" * len(header))
    for config in sorted({o.case.config for o in outcomes}):
        group = [o for o in outcomes if o.case.config == config]
        print(_table_line(config, group))
    print("-" * len(header))
    print(_table_line("all", outcomes))


def _table_line(name: str, group: Sequence[Outcome]) -> str:
    def passes(field: str) -> int:
        return sum(getattr(o, field) == o.case.expected for o in group)

    same = sum(o.textfix == o.raw for o in group)
    blames = Counter(o.blame for o in group if o.blame != "pass")
    causes = ", ".join(f"{cause} {n}" for cause, n in sorted(blames.items())) or "-"
    return f"{name:<8} {len(group):>5} {passes('textfix'):>8} {passes('raw'):>5} " \
        f"{passes('raw_tofu'):>9} {same:>5}  {causes}"


def print_misses(outcomes: Sequence[Outcome], verbose: bool) -> None:
    misses = [o for o in outcomes if o.blame != "pass"]
    if misses:
        print("\nmisses (textfix = raw = the output of OpenCC without tofu-risk dictionaries):")
    for outcome in misses:
        case = outcome.case
        print(f"  [{outcome.blame}] {case.id} {case.config}")
        if verbose or len(case.input) <= 200:
            print(f"      input    {case.input!r}")
            print(f"      expected {case.expected!r}")
            print(f"      textfix  {outcome.textfix!r}")
            print(f"      raw+tofu {outcome.raw_tofu!r}")
        else:
            print(f"      {_differing_lines(case.expected, outcome.textfix)} lines differ")


def _differing_lines(expected: str, got: str) -> int:
    lines = zip(expected.splitlines(), got.splitlines(), strict=False)
    return sum(a != b for a, b in lines) + abs(expected.count("\n") - got.count("\n"))


# --- main -----------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argument_parser("textfix.convert against OpenCC's test suite")
    parser.add_argument("--peers", type=Path, default=DEFAULT_PEERS,
                        help=f"OpenCC's test data (default: {DEFAULT_PEERS})")
    parser.add_argument("--verbose", action="store_true", help="print long misses in full")
    args = parser.parse_args(argv)
    if not (args.peers / "testcases" / "testcases.json").is_file():
        print(f"opencc_parity.py: no testcases/testcases.json under {args.peers}", file=sys.stderr)
        return 2
    print(f"opencc {opencc.__version__}, textfix {textfix.__version__}, data {args.peers}")
    cases, golden = read_testcases(args.peers), read_golden(args.peers)
    outcomes = [run_case(case) for case in cases]
    golden_outcomes = [run_case(case) for case in golden]
    print("columns: how many outputs equal the expected one, for textfix, raw OpenCC without and "
          "with the tofu-risk dictionaries; =raw: textfix equals raw OpenCC without them")
    print_table(f"testcases.json: {len(cases)} input x config pairs", outcomes)
    print_table(f"golden documents: {len(golden)}", golden_outcomes)
    print_misses([*outcomes, *golden_outcomes], args.verbose)
    names = list(target_name_mismatches([*cases, *golden]))
    print(f"\ntarget names {', '.join(f'{n}={c}' for n, c in FIXED_TARGETS.items())}: "
          f"{len(names)} mismatches")
    for name, case in names:
        print(f"  {name} != {case.config} on {case.id}")
    own = sum(o.blame == "textfix" for o in [*outcomes, *golden_outcomes]) + len(names)
    print(f"\nmisses that are textfix's own: {own}")
    return 1 if own else 0


if __name__ == "__main__":
    sys.exit(main())
