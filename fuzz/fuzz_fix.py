"""Coverage-guided fuzzing of ``textfix.fix`` (atheris): never raises, idempotent, no new U+FFFD
but the marks of lost bytes, the same text with and without explanations, and an explanation
that replays.

Run: ``python fuzz/fuzz_fix.py -max_total_time=600 fuzz/work/fix fuzz/seeds/fix`` (see
fuzz/README.md).
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
    # The layers take a quicker path when no explanation is asked for: both must agree, and
    # the explanation must replay to the same text.
    explained = textfix.fix_and_explain(text)
    # A U+FFFD is added only as the mark of a character whose bytes a decoder lost (a mojibake
    # step's reading holds it), guessing or not: guessing fills in a character whose missing
    # bytes have fillings, and marks one that has none (a lone lead byte at the end).
    if once.count("\ufffd") > text.count("\ufffd") + _marks(explained.steps):
        raise AssertionError(f"U+FFFD added: {text!r} -> {once!r}")
    guessed = textfix.fix_and_explain(text, lossy="guess")
    if guessed.text.count("\ufffd") > text.count("\ufffd") + _marks(guessed.steps):
        raise AssertionError(f"U+FFFD added guessing: {text!r} -> {guessed.text!r}")
    if textfix.fix(text, lossy="guess") != guessed.text:
        raise AssertionError(f"fix and fix_and_explain differ guessing: {text!r}")
    if explained.text != once:
        raise AssertionError(f"fix and fix_and_explain differ: {text!r} -> {once!r}, "
                             f"{explained.text!r}")
    if textfix.replay(text, explained.steps) != once:
        raise AssertionError(f"replay differs: {text!r} -> {once!r}")
    if to is not None:
        textfix.fix(text, to=to)
        textfix.convert(text, to)
    textfix.detect_script(text)


def _marks(steps: list[textfix.Step]) -> int:
    """The U+FFFD that the mojibake layer's steps wrote: marks of characters lost."""
    return sum(max(0, step.after.count("\ufffd") - step.before.count("\ufffd"))
               for step in steps if step.layer == "mojibake")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
