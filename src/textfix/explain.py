"""Result types. An explanation is a program: ``replay(text, steps)`` redoes what the steps say."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Step:
    """One change (or one finding) of one layer.

    ``start``/``end`` index the text as that layer received it; ``before`` is ``text[start:end]``
    there and ``after`` what replaced it. A finding that changes nothing has ``before == after``
    (irrecoverable damage is reported this way, never "repaired"). ``group`` numbers the layer
    applications of one run: the steps of a group index the same text.
    """

    layer: str
    action: str
    start: int
    end: int
    before: str
    after: str
    detail: str = ""
    group: int = 0

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True, slots=True)
class FixResult:
    """What ``fix_and_explain`` returns: the repaired text and the steps that made it."""

    text: str
    steps: tuple[Step, ...] = ()

    @property
    def changed(self) -> bool:
        return any(step.changed for step in self.steps)


@dataclass(frozen=True, slots=True)
class EncodingGuess:
    """What ``detect_encoding`` returns. ``encoding`` is a Python codec name, or ``"binary"``.

    ``reason`` says why: ``bom``, ``binary``, ``utf-8``, ``declared-verified``,
    ``declared-overridden``, ``detected`` or ``per-line``. For ``per-line``, ``encoding`` is the
    codec of most bytes and ``segments`` says which bytes each codec reads, as
    ``(start, end, codec)`` runs of whole lines.
    """

    encoding: str
    confidence: float
    reason: str
    segments: tuple[tuple[int, int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class DecodeResult:
    """What ``decode`` returns: repaired text, the charset actually used, and every step."""

    text: str
    encoding: str
    confidence: float
    reason: str
    steps: tuple[Step, ...] = ()

    @property
    def is_binary(self) -> bool:
        return self.encoding == "binary"


def splice(text: str, edits: Iterable[tuple[int, int, str]]) -> str:
    """Apply non-overlapping ``(start, end, replacement)`` edits, given in ascending order."""
    pieces = []
    position = 0
    for start, end, replacement in edits:
        pieces.append(text[position:start])
        pieces.append(replacement)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def replay(text: str, steps: Sequence[Step]) -> str:
    """Redo ``steps`` (as returned by ``fix_and_explain``) on ``text``.

    The steps of one group index the same text, so they are applied together.
    """
    index = 0
    while index < len(steps):
        group_end = index
        while group_end < len(steps) and steps[group_end].group == steps[index].group:
            group_end += 1
        group = steps[index:group_end]
        text = splice(text, ((s.start, s.end, s.after) for s in group if s.changed))
        index = group_end
    return text
