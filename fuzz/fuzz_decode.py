"""Coverage-guided fuzzing of ``textfix.decode`` and ``detect_encoding`` on arbitrary bytes.

Run: ``python fuzz/fuzz_decode.py -max_total_time=600 fuzz/work/decode fuzz/seeds/decode`` (see
fuzz/README.md).
"""

from __future__ import annotations

import sys

import atheris  # type: ignore[import-untyped]

with atheris.instrument_imports():
    import textfix

DECLARED = (None, "gb2312", "big5", "text/html; charset=utf-8", "iso-8859-1", "x-bogus", "utf-16")


def test_one_input(data: bytes) -> None:
    declared = DECLARED[data[0] % len(DECLARED)] if data else None
    guess = textfix.detect_encoding(data, declared=declared)
    if not 0.0 <= guess.confidence <= 1.0:
        raise AssertionError(f"confidence {guess.confidence} for {data!r}")
    result = textfix.decode(data, declared=declared)
    if not isinstance(result.text, str):
        raise AssertionError(f"decode returned {type(result.text)} for {data!r}")
    if result.encoding != guess.encoding:
        raise AssertionError(f"decode used {result.encoding}, detect said {guess.encoding}")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
