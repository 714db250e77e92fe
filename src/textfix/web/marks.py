"""Where each change of a repair lies in the repaired text.

A step indexes the text as its layer received it, so a later layer moves it. ``pieces`` replays
the steps group by group over a list of pieces of the text, each either untouched or made by
some steps (with the text it replaced, its ``origin``), and returns the pieces of the final text.
A step that touches a changed piece takes the whole piece in: the mark it makes covers both.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from ..explain import Step, splice


@dataclass(frozen=True, slots=True)
class Piece:
    """Part of a text: ``text`` now, ``origin`` in the input, and the indices of the steps that
    made it (none: untouched, ``origin == text``). A removal is a piece with empty ``text``."""

    text: str
    origin: str
    steps: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Mark:
    """A changed stretch of the final text, in UTF-16 code units (as a browser counts)."""

    start: int
    end: int
    origin: str
    steps: tuple[int, ...]


# A group's edit: (start, end, replacement, indices of the steps it stands for).
Edit = tuple[int, int, str, tuple[int, ...]]


def pieces(text: str, steps: Sequence[Step]) -> list[Piece]:
    """The pieces of ``replay(text, steps)``; findings (``before == after``) mark their text too."""
    current = [Piece(text, text)]
    index = 0
    while index < len(steps):
        group_end = index
        while group_end < len(steps) and steps[group_end].group == steps[index].group:
            group_end += 1
        edits: list[Edit] = [(step.start, step.end, step.after, (i,))
                             for i, step in enumerate(steps[index:group_end], start=index)
                             if step.changed or step.end > step.start]
        if edits:
            current = _apply(current, _widened(current, edits))
        index = group_end
    return current


def marks(text: str, steps: Sequence[Step]) -> list[Mark]:
    """The changed pieces of the repaired text, placed in UTF-16 code units."""
    found = []
    position = 0
    for piece in pieces(text, steps):
        length = len(piece.text.encode("utf-16-le")) // 2
        if piece.steps:
            found.append(Mark(position, position + length, piece.origin, piece.steps))
        position += length
    return found


def _widened(current: list[Piece], edits: list[Edit]) -> list[Edit]:
    """The edits stretched over every changed piece they cut into, and merged where they then
    meet: an edit never splits a changed piece."""
    text = "".join(piece.text for piece in current)
    spans: list[tuple[int, int]] = []  # (start, end) of each changed piece with text
    position = 0
    for piece in current:
        if piece.steps and piece.text:
            spans.append((position, position + len(piece.text)))
        position += len(piece.text)
    starts = [start for start, _ in spans]

    def inside(offset: int) -> tuple[int, int] | None:
        at = bisect.bisect_right(starts, offset) - 1
        if at >= 0 and spans[at][0] < offset < spans[at][1]:
            return spans[at]
        return None

    merged: list[tuple[int, int, list[Edit]]] = []
    for edit in sorted(edits, key=lambda e: (e[0], e[1])):
        start, end = edit[0], edit[1]
        if (around := inside(start)) is not None:
            start = around[0]
        if (around := inside(end)) is not None:
            end = around[1]
        if merged and start < merged[-1][1]:
            low, high, members = merged[-1]
            merged[-1] = (low, max(high, end), [*members, edit])
        else:
            merged.append((start, end, [edit]))
    return [
        (low, high, splice(text[low:high], ((s - low, e - low, r) for s, e, r, _ in members)),
         tuple(i for *_, ids in members for i in ids))
        for low, high, members in merged
    ]


def _apply(current: list[Piece], edits: list[Edit]) -> list[Piece]:
    """Replace the stretches the (sorted, disjoint, widened) edits cover by the pieces they make."""
    result: list[Piece] = []
    queue = list(reversed(current))  # popped from the end: the next piece last
    position = 0  # where queue[-1] starts
    for start, end, replacement, ids in edits:
        while queue and position + len(queue[-1].text) <= start:
            piece = queue.pop()
            result.append(piece)
            position += len(piece.text)
        if queue and position < start:  # an untouched piece runs into the edit: split it
            head = queue.pop()
            cut = start - position
            result.append(Piece(head.text[:cut], head.text[:cut]))
            queue.append(Piece(head.text[cut:], head.text[cut:]))
            position = start
        origin: list[str] = []
        made = set(ids)
        while queue and position + len(queue[-1].text) <= end and (
                position < end or queue[-1].text):
            piece = queue.pop()
            origin.append(piece.origin)
            made.update(piece.steps)
            position += len(piece.text)
        if queue and position < end:  # an untouched piece runs out of the edit: split it
            tail = queue.pop()
            cut = end - position
            origin.append(tail.text[:cut])
            queue.append(Piece(tail.text[cut:], tail.text[cut:]))
            position = end
        result.append(Piece(replacement, "".join(origin), tuple(sorted(made))))
    result.extend(reversed(queue))
    return [piece for piece in result if piece.text or piece.steps]
