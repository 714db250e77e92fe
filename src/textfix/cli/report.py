"""What the command reports of one input: the ``--detect`` report and the ``--explain`` lines."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterator, Sequence

from ..api import detect_script
from ..explain import DecodeResult, Step, locate, original
from ..layers.script import ScriptReport


def detect_report(name: str, data: bytes, result: DecodeResult) -> dict[str, object]:
    return report_from(name, result.encoding, result.confidence, result.reason,
                       detect_script(result.text), problem_counts(result.steps),
                       result.text.encode("utf-8") != data, spam_line(result))


def problem_counts(steps: Sequence[Step]) -> Counter[str]:
    """What ``--detect`` reports as problems: changes by layer, findings (damage) by kind."""
    return Counter(step.layer.split(".")[0] if step.changed else step.action
                   for step in steps if step.layer != "decode")


def report_from(name: str, encoding: str, confidence: float, reason: str,
                script: ScriptReport, problems: Counter[str], would_change: bool,
                spam: str | None) -> dict[str, object]:
    """The ``--detect`` report of one input, from its parts (a streamed input has no
    DecodeResult)."""
    return {
        "file": name,
        "encoding": encoding,
        "confidence": round(confidence, 3),
        "reason": reason,
        "script": script.script,
        "simplified": script.simplified,
        "traditional": script.traditional,
        "han": script.han,
        "problems": dict(sorted(problems.items())),
        "would_change": would_change,
        "spam_line": spam,
    }


def spam_line(result: DecodeResult) -> str | None:
    """The keyword-spam line that opens the text: dropped (--drop-spam-lines) or still there."""
    return spam_line_of(result.text, result.steps)


def spam_line_of(text: str, steps: Sequence[Step]) -> str | None:
    from ..layers import spam  # only when asked: its import is not free

    dropped = next((step.before for step in steps if step.layer == "spam"), None)
    if dropped is not None:
        return dropped.splitlines()[0]
    found = spam.find_spam_line(text)
    return found.line if found else None


def explained(name: str, result: DecodeResult) -> Iterator[str]:
    """The ``--explain`` lines of one input: how it was decoded (when not plain UTF-8), then
    each step at its line:column in the input, in the order of the input, with its line:column
    and offset in the output. A step that changed nothing and found nothing has no line."""
    decoding = next((step for step in result.steps if step.layer == "decode"), None)
    if decoding is not None and decoding.action != "utf-8":
        runs = ", ".join(f"bytes {a}-{b} {codec}" for a, b, codec in decoding.segments)
        yield (f"{name}: decoded as {result.encoding} ({decoding.action}, confidence "
               f"{result.confidence:.2f}){': ' + runs if runs else ''}")
    steps = [step for step in result.steps if step.layer != "decode"]
    input_lines = _line_starts(original(result.text, steps))
    output_lines = _line_starts(result.text)
    placed = sorted(zip(steps, locate(steps), strict=True), key=lambda pair: pair[1].start)
    for step, place in placed:
        if not (step.before or step.after):
            continue
        line, column = _line_column(input_lines, place.start)
        out_line, out_column = _line_column(output_lines, place.output_start)
        change = f"{step.before!r} -> {step.after!r}" if step.changed else repr(step.before)
        yield (f"{name}:{line}:{column}: {step.layer} {step.action}: {change}{_detail(step)}; "
               f"output {out_line}:{out_column}, offset {place.output_start}")


def _detail(step: Step) -> str:
    return f" ({step.detail})" if step.detail else ""


def _line_starts(text: str) -> list[int]:
    starts = [0]
    position = text.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def _line_column(starts: list[int], offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``offset``."""
    line = bisect.bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1
