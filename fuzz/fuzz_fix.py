"""Coverage-guided fuzzing of ``textfix.fix`` (atheris): never raises, idempotent, no new U+FFFD.

Run: ``python fuzz/fuzz_fix.py -max_total_time=600 fuzz/corpus/fix`` (see fuzz/README.md).
"""

from __future__ import annotations

import sys

import atheris  # type: ignore[import-untyped]

with atheris.instrument_imports():
    import textfix

TARGETS = (None, "simplified", "traditional", "tw", "hk", "auto")


def test_one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    to = TARGETS[provider.ConsumeIntInRange(0, len(TARGETS) - 1)]
    text = provider.ConsumeUnicodeNoSurrogates(len(data)) if provider.ConsumeBool() \
        else provider.ConsumeUnicode(len(data))
    once = textfix.fix(text)
    if textfix.fix(once) != once:
        raise AssertionError(f"not idempotent: {text!r} -> {once!r} -> {textfix.fix(once)!r}")
    if once.count("\ufffd") > text.count("\ufffd"):
        raise AssertionError(f"U+FFFD added: {text!r} -> {once!r}")
    if to is not None:
        textfix.fix(text, to=to)
        textfix.convert(text, to)
    textfix.detect_script(text)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
