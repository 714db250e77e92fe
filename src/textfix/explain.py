"""Result types. An explanation is a program: ``replay(text, steps)`` redoes what the steps say."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Step:
    """One change (or one finding) of one layer.

    ``start``/``end`` index the text as that layer received it; ``before`` is ``text[start:end]``
    there and ``after`` what replaced it. A finding that changes nothing has ``before == after``
    (irrecoverable damage is reported this way, never "repaired"). ``group`` numbers the layer
    applications of one run: the steps of a group index the same text.

    What decided a step is data, as fits its layer: ``chain`` (the misreading a mojibake repair
    undid, ``"utf-8 read as gbk"``), ``gain`` (the bits it saved), ``evidence`` (what ftfy did,
    in words), ``segments`` (a per-line decode's byte runs and their codecs, ``(start, end,
    codec)``). ``detail`` is the sentence a person reads; where it is not given it is rendered
    from those fields (``"utf-8 read as gbk, 38 bits more plausible"``), as pydantic-core's
    errors render their message from their context.

    >>> step = Step("mojibake", "recode", 0, 6, "浣犲ソ", "你好", chain="utf-8 read as gbk",
    ...             gain=37.6)
    >>> step.detail
    'utf-8 read as gbk, 38 bits more plausible'
    >>> Step.from_dict(step.to_dict()) == step
    True
    """

    layer: str
    action: str
    start: int
    end: int
    before: str
    after: str
    detail: str = ""
    group: int = 0
    chain: str = ""
    gain: float | None = None
    evidence: tuple[str, ...] = ()
    segments: tuple[tuple[int, int, str], ...] = ()

    def __post_init__(self) -> None:
        if not self.detail:
            object.__setattr__(self, "detail", _rendered(self))

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def to_dict(self) -> dict[str, Any]:
        """The step as a dict of plain values, ready for JSON; ``from_dict`` reads it back."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Step:
        """The step ``to_dict`` wrote (or its JSON read back)."""
        fields = dict(data)
        fields["evidence"] = tuple(fields.get("evidence", ()))
        fields["segments"] = tuple(tuple(segment) for segment in fields.get("segments", ()))
        return cls(**fields)


def _rendered(step: Step) -> str:
    """The ``detail`` sentence of a step's fields ("" where it has none)."""
    if step.chain and step.gain is not None:
        return f"{step.chain}, {step.gain:.0f} bits more plausible"
    if step.layer == "mojibake" and step.action == "ftfy":
        return "ftfy: " + ", ".join(step.evidence)
    if step.layer == "mojibake" and step.action == "guess":
        return (f"guessed where bytes were lost ({step.chain}); it may have been any of "
                + " ".join(step.evidence))
    if step.layer == "mojibake" and step.action == "restore":
        return f"the only character that fits the bytes that were lost ({step.chain})"
    if step.layer == "mojibake" and step.action == "irrecoverable":
        return "the original characters were lost before this text was made"
    return ""


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


@dataclass(frozen=True, slots=True)
class Location:
    """Where a step stands in the text that came in (``start``-``end``) and in the text that
    came out (``output_start``-``output_end``), whatever the steps before and after it did."""

    start: int
    end: int
    output_start: int
    output_end: int


class _Edits:
    """The changes of one group: where each stands before (``old``) and after (``new``)."""

    def __init__(self, group: Sequence[Step]) -> None:
        self.old_starts: list[int] = []
        self.old_ends: list[int] = []
        self.new_starts: list[int] = []
        self.new_ends: list[int] = []
        self.shift: list[int] = []  # the length change up to and with each edit
        shift = 0
        for step in group:
            if step.changed:
                self.old_starts.append(step.start)
                self.old_ends.append(step.end)
                self.new_starts.append(step.start + shift)
                shift += len(step.after) - (step.end - step.start)
                self.new_ends.append(step.end + shift)
                self.shift.append(shift)

    def back(self, at: int, is_end: bool) -> int:
        """A position after the edits, in the text before them."""
        index = bisect.bisect_right(self.new_starts, at) - 1
        if index < 0:
            return at
        start, end = self.new_starts[index], self.new_ends[index]
        if start == end == at:  # a deletion here: an end stops before it, a start goes after
            return self.old_starts[index] if is_end else self.old_ends[index]
        if start <= at < end:  # inside what the edit made: its whole span
            return self.old_ends[index] if is_end and at > start else self.old_starts[index]
        return at - self.shift[index]

    def forward(self, at: int, is_end: bool) -> int:
        """A position before the edits, in the text after them."""
        index = bisect.bisect_right(self.old_starts, at) - 1
        if index < 0:
            return at
        start, end = self.old_starts[index], self.old_ends[index]
        if start == end == at:  # an insertion here: an end stops before it, a start goes after
            return self.new_starts[index] if is_end else self.new_ends[index]
        if start <= at < end:  # inside what the edit replaced: its whole span
            return self.new_ends[index] if is_end and at > start else self.new_starts[index]
        return at + self.shift[index]


def _groups(steps: Sequence[Step]) -> list[Sequence[Step]]:
    """The steps in their groups, as ``replay`` applies them (a run of one group number)."""
    groups: list[Sequence[Step]] = []
    index = 0
    while index < len(steps):
        end = index
        while end < len(steps) and steps[end].group == steps[index].group:
            end += 1
        groups.append(steps[index:end])
        index = end
    return groups


def locate(steps: Sequence[Step]) -> list[Location]:
    """The place of each of ``steps`` in the input and in the output: each group indexes the
    text the group before it made, so its offsets are carried back through the groups before
    it and forward through those after it.

    >>> from textfix import fix_and_explain
    >>> result = fix_and_explain("僑聯(lián)&amp;官網(wǎng)")
    >>> [(step.before, place.start, place.output_start)
    ...  for step, place in zip(result.steps, locate(result.steps))]
    [('&amp;', 8, 2), ('(lián)', 2, 2), ('(wǎng)', 15, 5)]
    """
    groups = _groups(steps)
    edits = [_Edits(group) for group in groups]
    places = []
    for number, group in enumerate(groups):
        own = edits[number]
        changed = 0  # the index of the step's edit among the group's
        for step in group:
            start, end = step.start, step.end
            for earlier in reversed(edits[:number]):
                start, end = earlier.back(start, False), earlier.back(end, True)
            if step.changed:
                out_start, out_end = own.new_starts[changed], own.new_ends[changed]
                changed += 1
            else:
                out_start, out_end = own.forward(step.start, False), own.forward(step.end, True)
            for later in edits[number + 1 :]:
                out_start, out_end = later.forward(out_start, False), later.forward(out_end, True)
            places.append(Location(start, end, out_start, out_end))
    return places


def original(text: str, steps: Sequence[Step]) -> str:
    """The text ``steps`` started from, given the ``text`` they made: ``replay`` backwards.

    >>> from textfix import fix_and_explain
    >>> original("僑聯", fix_and_explain("僑聯(lián)").steps)
    '僑聯(lián)'
    """
    for group in reversed(_groups(steps)):
        own = _Edits(group)
        befores = [step.before for step in group if step.changed]
        text = splice(text, zip(own.new_starts, own.new_ends, befores, strict=True))
    return text
