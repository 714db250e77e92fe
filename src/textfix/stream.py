"""Incremental decoding of large files and pipes, in constant memory.

The charset is detected on the first ``PROBE_BYTES`` (or all of a shorter input), exactly as
``decode`` would on them. After that the bytes are decoded block by block, cut after the last
line break of each block, so every block is whole lines (the repair layers work on lines). Each
block is checked at C speed with one strict decode. A block that fails is re-examined, and only
that block: when detection on it names another codec that reads it (a stream whose first 64 KB
were ASCII, then GBK), the stream switches to that codec for good; otherwise the block is read
line by line (``charset.mixed``). Either way the change is recorded in ``steps``. A line longer
than ``MAX_LINE`` bytes is cut where the codec's incremental decoder says a character ends.

    >>> decoder = StreamDecoder()
    >>> decoder.feed("第一行\\n第二".encode("gbk")) + decoder.feed("行\\n".encode("gbk")) \\
    ...     + decoder.finish()
    '第一行\\n第二行\\n'
    >>> decoder.guess.encoding
    'gb18030'
"""

from __future__ import annotations

import codecs
import dataclasses
import functools
import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from . import parallel, pieces
from .charset import mixed, score
from .charset.labels import LENIENT, Label, label_text
from .config import Config
from .explain import EncodingGuess, Step
from .layers import decode as decode_layer
from .pipeline import Plan, clean, make_plan, run
from .plausibility import SHORT_TEXT

PROBE_BYTES = 65536  # what detection reads before the first text comes out
MAX_LINE = 1 << 20  # a "line" longer than this is cut (at a character end) to bound memory
READ_BYTES = 1 << 20  # what iter_decode reads at a time
# Codecs that are read with their own incremental decoder: a line break byte can be half a
# UTF-16/32 unit, and HZ and ISO-2022 carry a shift state across lines.
_STATEFUL = ("utf-16", "utf-32", "hz", "iso2022")


class Readable(Protocol):
    """What the stream functions read from: a binary file, a pipe, a wrapper of one."""

    def read(self, size: int = -1, /) -> bytes: ...


class StreamDecoder:
    """Feed bytes, get text. ``guess`` describes the stream as read so far (None until the probe
    is done): the probe's detection while the stream stays in its codec; once a block switched
    codec or was read line by line, reason ``per-line``, ``encoding`` the codec the stream reads
    now and ``segments`` which bytes each codec read (runs of one codec merged). ``steps``
    records every switch of codec and every block read line by line."""

    def __init__(self, declared: Label = None, *, probe_bytes: int = PROBE_BYTES) -> None:
        self.declared = label_text(declared)
        self.probe_bytes = probe_bytes
        self._detected: EncodingGuess | None = None
        self._confidence = 0.0  # of the last detection, the probe's or a block's
        self._runs: list[tuple[int, int, str]] = []  # (start, end, codec) of the bytes read
        self.steps: list[Step] = []
        self._pending = b""
        self._codec = "utf-8"
        self._incremental: codecs.IncrementalDecoder | None = None
        self._offset = 0  # bytes consumed so far, for the steps
        self._chars = 0  # characters produced so far, for the steps

    @property
    def guess(self) -> EncodingGuess | None:
        if self._detected is None or not self.steps:
            return self._detected
        runs = tuple((start, end, decode_layer.public_name(codec))
                     for start, end, codec in self._runs)
        return EncodingGuess(decode_layer.public_name(self._codec), self._confidence,
                             "per-line", runs)

    @property
    def is_binary(self) -> bool:
        return self.guess is not None and self.guess.encoding == "binary"

    def feed(self, chunk: bytes) -> str:
        """The text of ``chunk`` that can be given out now (whole lines; "" while probing)."""
        if self.is_binary:
            return ""
        self._pending += chunk
        if self.guess is None:
            if len(self._pending) < self.probe_bytes:
                return ""
            self._detect()
            if self.is_binary:
                return ""
        return self._drain(final=False)

    def finish(self) -> str:
        """The rest of the text, once the input has ended."""
        if self.guess is None:
            self._detect()
        if self.is_binary:
            return ""
        return self._drain(final=True)

    def _detect(self) -> None:
        self._detected = decode_layer.detect_encoding(self._pending, self.declared)
        self._confidence = self._detected.confidence
        self._codec = self._detected.encoding
        if self._detected.segments:  # a mixed probe: go on with its main codec, line by line
            self._codec = mixed.main_codec(self._detected.segments)
        if self._codec.startswith(_STATEFUL):
            self._incremental = codecs.getincrementaldecoder(self._codec)(errors=LENIENT)

    def _drain(self, final: bool) -> str:
        data = self._pending
        if self._incremental is not None:
            self._pending = b""
            return self._emit(len(data), self._incremental.decode(data, final=final))
        cut = len(data) if final else data.rfind(b"\n") + 1
        if not cut and len(data) > MAX_LINE:
            return self._cut_long_line(data)
        self._pending = data[cut:]
        return self._block(data[:cut]) if cut else ""

    def _cut_long_line(self, data: bytes) -> str:
        decoder = codecs.getincrementaldecoder(self._codec)(errors=LENIENT)
        text = decoder.decode(data, final=False)
        self._pending = decoder.getstate()[0]
        return self._emit(len(data) - len(self._pending), text)

    def _block(self, block: bytes) -> str:
        try:
            text = block.decode(self._codec)
        except (UnicodeError, LookupError):
            pass
        else:
            if self._codec == "utf-8-sig":  # the BOM is at the start of the first block only
                self._codec = "utf-8"
            return self._emit(len(block), text)
        guess = decode_layer.detect_encoding(block[:PROBE_BYTES])
        if guess.encoding not in ("binary", self._codec) and not guess.segments \
                and score.decodes(block, guess.encoding):
            self._step("switched", f"{self._codec} -> {guess.encoding}")
            self._codec, self._confidence = guess.encoding, guess.confidence
            return self._emit(len(block), block.decode(self._codec, errors=LENIENT))
        runs = mixed.segments(block, self._codec)
        names = ", ".join(sorted({decode_layer.public_name(codec) for _, _, codec in runs}))
        self._step("per-line", f"bytes {self._offset}-{self._offset + len(block)}: {names}")
        for start, end, codec in runs:
            self._read(self._offset + start, self._offset + end, codec)
        return self._emit(len(block), mixed.decode(block, runs), read=False)

    def _step(self, action: str, detail: str) -> None:
        self.steps.append(Step("decode", action, self._chars, self._chars, "", "", detail))

    def _emit(self, consumed: int, text: str, read: bool = True) -> str:
        if read:
            self._read(self._offset, self._offset + consumed, self._codec)
        self._offset += consumed
        self._chars += len(text)
        return text

    def _read(self, start: int, end: int, codec: str) -> None:
        """Record that ``codec`` read bytes ``start``-``end`` (merged with the run before)."""
        codec = decode_layer.public_name(codec)
        if self._runs and self._runs[-1][2] == codec and self._runs[-1][1] == start:
            self._runs[-1] = (self._runs[-1][0], end, codec)
        elif end > start:
            self._runs.append((start, end, codec))


def repair_stream(source: Readable, write: Callable[[bytes], object], *,
                  declared: Label = None, config: Config | None = None,
                  first: bytes = b"", keep_bom: bool = False,
                  on_piece: Callable[[str, list[Step]], object] | None = None,
                  jobs: int = 1) -> StreamDecoder:
    """Decode ``source`` incrementally, repair each piece like ``fix``, and ``write`` it as
    UTF-8: constant memory for any size. Returns the decoder (``guess``, ``steps``,
    ``is_binary``: binary input writes nothing). A piece is about ``READ_BYTES`` of whole lines,
    or of a line too long to hold, cut where ``fix`` cuts it (``textfix.pieces``): the repair
    layers give what ``fix`` on the whole text gives. Whole-text decisions are made per piece:
    ``to="auto"`` follows each piece's dominant script; spam lines are looked for at the top of
    the first. With ``on_piece``, each repaired piece and the steps that made it go there too.
    With ``jobs`` over 1, the pieces are repaired on that many processes while this one decodes
    and writes (``parallel.ordered_map``: in order, a few pieces ahead at most)."""
    decoder = StreamDecoder(declared)
    started = False
    texts = iter_decode(source, decoder=decoder, first=first)
    for repaired, steps in repaired_pieces(texts, make_plan(None, config, {}),
                                           explain=on_piece is not None, jobs=jobs):
        if not started and keep_bom and decoder.guess is not None \
                and decoder.guess.reason == "bom":
            write(codecs.BOM_UTF8)
        started = True
        if on_piece is not None:
            on_piece(repaired, steps)
        write(repaired.encode("utf-8", errors="replace"))
    return decoder


def repaired_pieces(texts: Iterable[str], plan: Plan, explain: bool = False, jobs: int = 1
                    ) -> Iterator[tuple[str, list[Step]]]:
    """``run`` on ``texts`` (a stream's text in blocks cut anywhere) piece by piece
    (``pieces_of``), on ``jobs`` processes: together, what ``run`` on all of it gives, but for
    the whole-text decisions (``repair_stream``)."""
    return parallel.ordered_map(_repaired_task, _tasks(texts, plan, explain), jobs)


_Task = tuple[str, Plan, bool, bool]  # (piece, plan, whether it starts after a break, explain)


def _tasks(texts: Iterable[str], plan: Plan, explain: bool) -> Iterator[_Task]:
    later = plan  # the plan of the pieces after the first: no top of the text there
    if plan.config.drop_spam_lines:
        later = make_plan(None, plan.config.replace(drop_spam_lines=False), {})
    first, after_break = True, False
    for text in pieces_of(texts, plan):
        yield text, plan if first else later, after_break, explain
        first, after_break = False, text.endswith("\n")


def _repaired_task(task: _Task) -> tuple[str, list[Step]]:
    return _repaired_piece(*task)


def _repaired_piece(text: str, plan: Plan, after_break: bool, explain: bool
                    ) -> tuple[str, list[Step]]:
    """``run`` on a piece; one that starts a line after the first is run after a line break,
    as it stands in the whole text: a short last line is no short text (a title, a table cell:
    the mojibake layer reads those as a whole)."""
    if not (after_break and len(text) <= SHORT_TEXT):
        return run(text, plan, explain=explain)
    repaired, steps = run("\n" + text, plan, explain=explain)
    if not repaired.startswith("\n"):
        return run(text, plan, explain=explain)
    return repaired[1:], [dataclasses.replace(step, start=step.start - 1, end=step.end - 1)
                          for step in steps]


def pieces_of(texts: Iterable[str], plan: Plan) -> Iterator[str]:
    """``texts`` (a stream's text, in blocks cut anywhere) again, in blocks of whole lines or
    ending where ``fix`` cuts a long line (``textfix.pieces``): what is held back is the
    unfinished line, less than ``2 * PIECE_CHARS`` from its start or its last cut."""
    is_clean = functools.partial(clean, plan=plan)
    pending = ""  # the unfinished line, from its start or from a cut
    for text in texts:
        if pending:
            text = pending + text
        start, at = 0, text.rfind("\n") + 1
        while len(text) - at >= 2 * pieces.PIECE_CHARS:
            # Each piece alone, as fix repairs it: two pieces repaired together may decide
            # otherwise where a cut had to fall inside a run of mojibake.
            at = pieces.next_cut(text, at, is_clean)
            yield text[start:at]
            start = at
        if at > start:
            yield text if at == len(text) else text[start:at]
        pending = text[at:]
    if pending:
        yield pending


def iter_decode(source: Readable, declared: Label = None,
                decoder: StreamDecoder | None = None, first: bytes = b"") -> Iterator[str]:
    """The text of a binary stream, piece by piece (whole lines), in constant memory. ``first``
    is bytes already read from ``source``; pass a ``decoder`` to read its ``guess`` and
    ``steps`` afterwards."""
    decoder = decoder if decoder is not None else StreamDecoder(declared)
    chunks: Iterable[bytes] = iter(lambda: source.read(READ_BYTES), b"")
    for chunk in itertools.chain((first,), chunks):
        text = decoder.feed(chunk)
        if text:
            yield text
    text = decoder.finish()
    if text:
        yield text
