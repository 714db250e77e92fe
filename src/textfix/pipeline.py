"""The orchestrator: runs the layers in order and collects their steps.

Order: html, mojibake, unicode, annotations, (spam), script, punctuation. HTML references are read
first (as ftfy does) so that mojibake spelled with references (``&Atilde;&copy;``) is repaired in
the same pass. One repair can reveal another (a removed control character joins the two halves
of a mojibake pair), so the repair layers run again until the text stops changing: that is
what makes ``fix(fix(x)) == fix(x)``. Every repair removes what triggered it, so real text
settles in one or two rounds; ``MAX_ROUNDS`` only bounds a contrived input.

Clean text costs one scan: every enabled repair layer names the characters its trigger can start
with (``SCAN``, and ``SCAN_WHERE`` for those that start one only in some places, such as ")"
after a syllable and an opening parenthesis), the pipeline joins them into one character class, and
when that finds nothing (and the text is in NFC) the repair layers are skipped. Where it stops,
each layer's trigger is searched for from there, and only the layers with a real trigger run.
That is the reference (``REFERENCE.scan``); where the Rust core runs (``textfix._kernels``), its
scan finds the same in one pass over the text, from character flags and context rules
(``textfix._kernels.triggers``). Configs are turned into plans once per distinct call.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from functools import lru_cache
from types import SimpleNamespace

from . import _kernels, pieces
from ._kernels import triggers as core_scan
from .config import DEFAULT, Config
from .explain import Step
from .layers import annotations as annotation_layer
from .layers import html, mojibake, punctuation, script, script_marks, spam, unicode
from .plausibility import SHORT_TEXT

MAX_ROUNDS = 32


@dataclass(frozen=True, slots=True)
class Plan:
    """A config with what running it needs, computed once per distinct call."""

    config: Config
    # No layer after the repairs (spam lines, conversion, punctuation) is on: text that the
    # scan passes comes back as it is, without a step of the pipeline being taken.
    repairs_only: bool
    # The config as the core's scan takes it (``textfix._kernels.triggers``).
    options: int
    # The script layer converts: it asks for the text's marks (``script_marks``), which the
    # look at the text finds in the same read.
    converts: bool = False

    @property
    def scan(self) -> re.Pattern[str]:
        """The reference's scan: a character class of everything any enabled repair layer's
        trigger starts with, so that one C-speed search of clean text finds nothing. Compiled
        on first use (the core's scan needs none of the patterns)."""
        return _patterns(self.options)[0]

    @property
    def triggers(self) -> tuple[tuple[str, str], ...]:
        """(layer, trigger pattern) of each enabled repair layer, for the reference."""
        return _patterns(self.options)[1]

    @property
    def checked(self) -> frozenset[str]:
        """The characters at which the reference's scan stops only where the parentheses they
        close spell a syllable (``annotations.closes_a_syllable``)."""
        return _patterns(self.options)[2]


@dataclass(frozen=True, slots=True)
class Stop:
    """Where the scan stopped in a text, and the repair layers with a trigger from there."""

    start: int
    layers: frozenset[str]


# A scan that stops nowhere, at once (anchored: "(?!)" alone is tried at every position).
_NEVER = re.compile(r"\A(?!)")

# (characters, condition): characters (a class body) that start a trigger only where the
# zero-width ``condition`` holds right after them (look-behinds reach back over the character).
Where = tuple[tuple[str, str], ...]


@lru_cache(maxsize=64)
def _patterns(options: int
              ) -> tuple[re.Pattern[str], tuple[tuple[str, str], ...], frozenset[str]]:
    """(the scan, (layer, trigger) of each enabled layer, the scan's characters checked for a
    syllable) for a plan's ``options``."""
    def on(bit: int) -> bool:
        return bool(options & bit)

    layers: list[tuple[str, str, Where, str]] = []  # (name, scan, scan where, trigger)
    if on(core_scan.HTML):
        layers.append(("html", html.SCAN, html.SCAN_WHERE, html.TRIGGER))
    if on(core_scan.MOJIBAKE):
        layers.append(("mojibake", mojibake.scan_class(), mojibake.scan_where(),
                       mojibake.trigger()))
    if on(core_scan.UNICODE):
        chars = unicode.scan_class(on(core_scan.FOLD_WIDTH), on(core_scan.FOLD_SPACES))
        layers.append(("unicode", chars, (), f"[{chars}]"))
    if on(core_scan.ANNOTATIONS):
        layers.append(("annotations", annotation_layer.SCAN, annotation_layer.SCAN_WHERE,
                       annotation_layer.TRIGGER))
    if not layers:
        return _NEVER, (), frozenset()
    scan = _scan([(chars, where) for _, chars, where, _ in layers])
    # A closing parenthesis stops the scan for the annotation layer alone, unless another layer
    # takes it anywhere (the unicode layer's width folding takes "）").
    closing = annotation_layer.SCAN_WHERE[0][0] if on(core_scan.ANNOTATIONS) else ""
    others = "".join(chars + "".join(guarded for guarded, _ in where)
                     for name, chars, where, _ in layers if name != "annotations")
    checked = frozenset(char for char in closing
                        if not (others and re.match(f"[{others}]", char)))
    return scan, tuple((name, pattern) for name, _, _, pattern in layers), checked


def _scan(layers: list[tuple[str, Where]]) -> re.Pattern[str]:
    """One character class of every character a trigger can start with; those that start one
    only in some places are let through only there (lookarounds after the class, so the engine
    still skips from candidate to candidate at C speed). A guarded character that some layer
    takes plain is plain (a layer's own guarded characters are none of its plain ones)."""
    plain = "".join(chars for chars, _ in layers)
    taken = re.compile(f"[{plain}]") if plain else None
    rules = []
    for _, where in layers:
        for chars, condition in where:
            own = "".join(char for char in re.sub(r"\\(.)", r"\1", chars)
                          if taken is None or not taken.match(char))
            if own:
                rules.append((re.escape(own), condition))
    if not rules:
        return taken or _NEVER  # no layer has a trigger: nothing ever stops it
    guarded = "".join(chars for chars, _ in rules)
    lookarounds = "|".join(f"(?<=[{chars}]){condition}" for chars, condition in rules)
    return re.compile(f"[{plain}{guarded}](?:{lookarounds}|(?<![{guarded}]))")


@lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@lru_cache(maxsize=256)
def plan(config: Config) -> Plan:
    converts = config.to is not None and config.script
    repairs_only = not (config.drop_spam_lines or config.punctuation or converts)
    return Plan(config, repairs_only, _options(config), converts)


def _options(config: Config) -> int:
    """The core scan's options for ``config``."""
    chosen = ((config.html, core_scan.HTML), (config.mojibake, core_scan.MOJIBAKE),
              (config.unicode, core_scan.UNICODE), (config.fold_width, core_scan.FOLD_WIDTH),
              (config.fold_spaces, core_scan.FOLD_SPACES),
              (config.annotations, core_scan.ANNOTATIONS))
    return sum(bit for on, bit in chosen if on)


@lru_cache(maxsize=256)
def _plan_for(to: str | None, config: Config | None, options: tuple[tuple[str, object], ...]
              ) -> Plan:
    base = config if config is not None else DEFAULT
    changes: dict[str, object] = dict(options)
    if to is not None:
        changes["to"] = to
    return plan(base.replace(**changes) if changes else base)


def make_plan(to: str | None, config: Config | None, options: Mapping[str, object]) -> Plan:
    """The plan a call asks for: ``config`` (or the default) with ``to`` and ``options`` set."""
    if to is None and config is None and not options:
        return DEFAULT_PLAN
    return _plan_for(to, config, tuple(sorted(options.items())) if options else ())


_NOTHING: frozenset[str] = frozenset()


def scan(text: str, plan: Plan) -> Stop | None:
    """Where ``plan``'s scan stops in ``text`` (None: nowhere), and the repair layers whose
    trigger is found from there. The reference; the core's ``scan`` returns the same."""
    start = next((hit.start() for hit in plan.scan.finditer(text)
                  if text[hit.start()] not in plan.checked
                  or annotation_layer.closes_a_syllable(text, hit.start())), None)
    if start is None:
        return None
    # No trigger match starts before the first scan character. One search per trigger from
    # there: trying every trigger at every scan hit in Python took 70 % of the time on garbled
    # text, where nearly every character is a hit. (One alternation of all triggers scans clean
    # text several times slower than the class.)
    return Stop(start, frozenset(name for name, trigger in plan.triggers
                                 if _trigger_found(name, trigger, text, start)))


def _trigger_found(layer: str, trigger: str, text: str, start: int) -> bool:
    """Whether ``layer``'s ``trigger`` matches in ``text`` from ``start`` (the annotation
    layer's only where its parentheses spell a syllable)."""
    if layer != "annotations":
        return _compiled(trigger).search(text, start) is not None
    return any(annotation_layer.closes_a_syllable(text, match.start())
               for match in _compiled(trigger).finditer(text, start))


# Each set of layers, by the bits of the core's scan.
_LAYER_SETS = {
    bits: frozenset(name for name, bit in core_scan.LAYER_BITS.items() if bits & bit)
    for bits in range(sum(core_scan.LAYER_BITS.values()) + 1)
}


def look(text: str, plan: Plan) -> tuple[Stop | None, bool]:
    """(``scan``, whether ``text`` is in NFC or the unicode layer is off): what the pipeline
    asks of every text before it does anything. The reference."""
    normalized = not plan.config.unicode or unicodedata.is_normalized("NFC", text)
    return REFERENCE.scan(text, plan), normalized


def _core_scan(text: str, plan: Plan) -> Stop | None:
    """``scan`` by the core: one pass over ``text``."""
    assert _kernels.core is not None
    start, layers, _ = _kernels.core.scan(text, plan.options)
    return None if start is None else Stop(start, _LAYER_SETS[layers])


def _core_look(text: str, plan: Plan) -> tuple[Stop | None, bool]:
    """``look`` by the core: the scan's one pass also tells whether ``text`` holds a character
    that may keep it from being in NFC; only then is NFC checked (a third of the time of clean
    text). The core's classes are this Python's only where its Unicode is the model's."""
    assert _kernels.core is not None
    if not plan.config.unicode:
        return _core_scan(text, plan), True
    start, layers, _ = _kernels.core.scan(text, plan.options | core_scan.NFC_MAYBE)
    return _looked(text, start, layers)


def _looked(text: str, start: int | None, layers: int) -> tuple[Stop | None, bool]:
    """``look``'s answer from the core's scan with NFC_MAYBE."""
    stop = None if start is None else Stop(start, _LAYER_SETS[layers & ~core_scan.NFC_MAYBE])
    unsure = layers & core_scan.NFC_MAYBE or not _same_unicode()
    return stop, not unsure or unicodedata.is_normalized("NFC", text)


def look_and_mark(text: str, plan: Plan) -> tuple[tuple[Stop | None, bool], script_marks.Marks]:
    """(``look``, ``script_marks.marks``) of ``text``: what the pipeline asks of a text that it
    will convert. The reference."""
    return REFERENCE.look(text, plan), script_marks.REFERENCE(text)


def _core_look_and_mark(text: str, plan: Plan
                        ) -> tuple[tuple[Stop | None, bool], script_marks.Marks]:
    """``look_and_mark`` by the core, from one read of ``text``'s code points (which cost as
    much as either pass over them)."""
    assert _kernels.core is not None
    nfc = core_scan.NFC_MAYBE if plan.config.unicode else 0
    (start, layers, _), (hiragana, rewrites, regional) = _kernels.core.scan_and_script_marks(
        text, plan.options | nfc)
    marks = script_marks.Marks(hiragana, rewrites, tuple(regional))
    if not nfc:
        return (None if start is None else Stop(start, _LAYER_SETS[layers]), True), marks
    return _looked(text, start, layers), marks


@functools.cache
def _same_unicode() -> bool:
    """Whether this Python's Unicode is the one the core's character classes come from."""
    assert _kernels.core is not None
    version: str = _kernels.core.unicode_version()
    return version == unicodedata.unidata_version


REFERENCE = SimpleNamespace(scan=scan, look=look, look_and_mark=look_and_mark)
if _kernels.core is not None:
    scan, look, look_and_mark = _core_scan, _core_look, _core_look_and_mark


# What ``look`` found in a text: where the scan stops, and whether the text is in NFC.
Looked = tuple[Stop | None, bool]


def _layers_to_run(text: str, plan: Plan, looked: Looked | None = None) -> AbstractSet[str]:
    """The repair layers that have something to look at in ``text``, from where the scan
    stops (``looked``: found already, or None to look now)."""
    found, normalized = look(text, plan) if looked is None else looked
    if found is None and normalized:
        return _NOTHING  # the common case: one scan, nothing built
    # The scan stops at the mojibake layer's short-text triggers too, which no trigger pattern
    # holds: the text's length decides.
    layers: set[str] = set()
    if found is not None:
        if _short_mojibake(text, plan):
            layers.add("mojibake")
        layers.update(found.layers)
    if not normalized:
        layers.add("unicode")
    return layers


def _short_mojibake(text: str, plan: Plan) -> bool:
    """Whether the mojibake layer has a trigger in ``text`` that only a short text has (a title,
    a table cell: ``mojibake.short_trigger``); a long one is spared the search."""
    return len(text) <= SHORT_TEXT and plan.config.mojibake and mojibake.short_trigger(text)


DEFAULT_PLAN = plan(DEFAULT)


def repaired(text: str, plan: Plan) -> str:
    """``run`` without the steps, the common case first: clean text costs one look (the scan,
    and NFC, which the core's scan settles on most text; the pipeline's bookkeeping was a
    third of the time on clean corpus paragraphs), and where the scan stops the rounds start
    from that look rather than scan again."""
    if plan.converts and not text.isascii():  # (the script layer passes ASCII as it is)
        looked, marks = look_and_mark(text, plan)
        return _run(text, plan, False, looked, marks)[0]
    looked = look(text, plan)
    if looked == (None, True) and plan.repairs_only:
        return text
    return _run(text, plan, False, looked)[0]


def run(text: str, plan: Plan, explain: bool = False) -> tuple[str, list[Step]]:
    """Run every enabled layer over ``text``; the steps only when ``explain``."""
    return _run(text, plan, explain, None)


def _run(text: str, plan: Plan, explain: bool, looked: Looked | None,
         marks: script_marks.Marks | None = None) -> tuple[str, list[Step]]:
    """``run``, from what ``look`` found in ``text`` and the marks of ``text`` where known."""
    original = text
    steps: list[Step] = []
    config = plan.config
    spans = pieces.spans(text, functools.partial(clean, plan=plan))
    if len(spans) == 1:
        text = _rounds(text, plan, explain, looked, steps)
    else:  # a line too long to repair at once (textfix.pieces)
        text = _rounds_by_piece(text, spans, plan, explain, steps)
    if explain and config.mojibake:
        steps.extend(_grouped(steps, mojibake.find_damage(text)))
    if config.drop_spam_lines:  # after the repairs (they may fix the line), before conversion
        text = _extend(steps, spam.run(text, explain))
    if config.to is not None and config.script:
        known = marks if text is original else None  # the marks of the text as it came
        text = _extend(steps, script.run(text, config.to, explain, known))
    if config.punctuation:
        text = _extend(steps, punctuation.run(text, explain))
    return text, steps


def _rounds(text: str, plan: Plan, explain: bool, looked: Looked | None, steps: list[Step]
            ) -> str:
    """The repair layers, round after round, until ``text`` stops changing."""
    rested: dict[str, str] = {}
    for _ in range(MAX_ROUNDS):
        layers = _layers_to_run(text, plan, looked)
        looked = None  # later rounds look at the text that the repairs made
        if not layers:
            break
        repaired = _repair(text, plan.config, layers, explain, steps, rested)
        if repaired == text:
            break
        text = repaired
    return text


def _rounds_by_piece(text: str, spans: list[tuple[int, int]], plan: Plan, explain: bool,
                     steps: list[Step]) -> str:
    """``_rounds`` on each piece of ``text``; the steps of a piece index the text with the
    pieces before it repaired and those after it not yet."""
    done: list[str] = []
    offset = 0  # where the piece starts in the text its steps index
    for start, end in spans:
        piece_steps: list[Step] = []
        repaired = _rounds(text[start:end], plan, explain, None, piece_steps)
        steps.extend(_grouped(steps, [replace(step, start=step.start + offset,
                                                  end=step.end + offset)
                                      for step in piece_steps]))
        done.append(repaired)
        offset += len(repaired)
    return "".join(done)


def clean(text: str, plan: Plan) -> bool:
    """Whether no enabled repair layer has a trigger in ``text`` (``pieces.Clean``)."""
    return scan(text, plan) is None


def _repair(text: str, config: Config, layers: AbstractSet[str], explain: bool, steps: list[Step],
            rested: dict[str, str]) -> str:
    """One round of the repair layers that ``layers`` names, in pipeline order.

    A layer that was not triggered still runs when an earlier layer changed the text, unless
    the text is one it left as it was (``rested``: layer -> that text): a layer is a function
    of the text alone, and a page of mojibake is costly to look at again (the mojibake layer's
    last pass already found nothing more in the text it returned).
    """
    original = text

    def due(layer: str, enabled: bool) -> bool:
        return (layer in layers or (enabled and text is not original)) \
            and rested.get(layer) != text

    if due("html", False):
        text = _rest(rested, "html", text, steps, html.run(text, explain))
    if due("mojibake", config.mojibake):
        repaired, found, settled = mojibake.run_to_rest(text, explain, config.lossy == "guess")
        text = _rest(rested, "mojibake", text, steps, (repaired, found), settled)
    if due("unicode", config.unicode):
        text = _rest(rested, "unicode", text, steps,
                     unicode.run(text, config.fold_width, config.fold_spaces, explain))
    if due("annotations", config.annotations):
        text = _rest(rested, "annotations", text, steps, annotation_layer.run(text, explain))
    return text


def _rest(rested: dict[str, str], layer: str, text: str, steps: list[Step],
          result: tuple[str, list[Step]], settled: bool = False) -> str:
    """``_extend``, noting in ``rested`` the text ``layer`` leaves as it is: ``text`` where it
    changed nothing and found nothing, its own output where it says so (``settled``)."""
    repaired, found = result
    if settled:
        rested[layer] = repaired
    elif repaired == text and not found:
        rested[layer] = text
    return _extend(steps, result)


def _extend(steps: list[Step], result: tuple[str, list[Step]]) -> str:
    """Collect a layer's steps; returns its text."""
    text, new_steps = result
    if new_steps:
        steps.extend(_grouped(steps, new_steps))
    return text


def _grouped(steps: list[Step], new_steps: list[Step]) -> list[Step]:
    """``new_steps`` numbered in groups after ``steps``: a new group wherever the layer name
    changes (``unicode`` then ``unicode.nfc``) or the layer's own group does (the passes of the
    mojibake layer), since each indexes the text its part made."""
    group = steps[-1].group if steps else -1
    part: tuple[str, int] | None = None
    numbered = []
    for step in new_steps:
        if (step.layer, step.group) != part:
            group, part = group + 1, (step.layer, step.group)
        numbered.append(replace(step, group=group))
    return numbered
