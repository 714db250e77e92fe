"""The orchestrator: runs the layers in order and collects their steps.

Order: html, mojibake, unicode, annotations, script, punctuation. HTML references are read
first (as ftfy does) so that mojibake spelled with references (``&Atilde;&copy;``) is repaired in
the same pass. One repair can reveal another (a removed control character joins the two halves
of a mojibake pair), so the repair layers run again until the text stops changing, at most
``MAX_ROUNDS`` times: that is what makes ``fix(fix(x)) == fix(x)``.

Clean text costs one scan: the triggers of every enabled repair layer are joined into one
regular expression, and when it finds nothing (and the text is in NFC) the repair layers are
skipped.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Mapping
from functools import cache

from .config import DEFAULT, Config
from .explain import FixResult, Step
from .layers import annotations as annotation_layer
from .layers import html, mojibake, punctuation, script, unicode

MAX_ROUNDS = 3


@cache
def _trigger(config: Config) -> re.Pattern[str] | None:
    """One pattern that finds anything the enabled repair layers might change."""
    triggers = []
    if config.html:
        triggers.append(html.TRIGGER)
    if config.mojibake:
        triggers.append(mojibake.TRIGGER)
    if config.unicode:
        triggers.append(unicode.TRIGGER)
        if config.fold_width:
            triggers.append("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
        if config.fold_spaces:
            triggers.append("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
    if config.annotations:
        triggers.append(annotation_layer.TRIGGER)
    return re.compile("|".join(triggers)) if triggers else None


def run(text: str, config: Config = DEFAULT, explain: bool = False) -> FixResult:
    """Run every enabled layer over ``text``."""
    steps: list[Step] = []
    trigger = _trigger(config)
    for _ in range(MAX_ROUNDS):
        if trigger is None or not (
            trigger.search(text) or (config.unicode and not unicodedata.is_normalized("NFC", text))
        ):
            break
        repaired = _repair(text, config, explain, steps)
        if repaired == text:
            break
        text = repaired
    if config.to is not None and config.script:
        text = _extend(steps, script.run(text, config.to, explain))
    if config.punctuation:
        text = _extend(steps, punctuation.run(text, explain))
    return FixResult(text, tuple(steps))


def _repair(text: str, config: Config, explain: bool, steps: list[Step]) -> str:
    if config.html:
        text = _extend(steps, html.run(text, explain))
    if config.mojibake:
        text = _extend(steps, mojibake.run(text, explain))
    if config.unicode:
        text = _extend(steps, unicode.run(text, config.fold_width, config.fold_spaces, explain))
    if config.annotations:
        text = _extend(steps, annotation_layer.run(text, explain))
    return text


def _extend(steps: list[Step], result: tuple[str, list[Step]]) -> str:
    """Collect a layer's steps, numbering its groups after the ones before (for replay)."""
    text, new_steps = result
    group = steps[-1].group if steps else -1
    layer = ""
    for step in new_steps:
        if step.layer != layer:
            group, layer = group + 1, step.layer
        steps.append(dataclasses.replace(step, group=group))
    return text


def make_config(to: str | None, config: Config | None, options: Mapping[str, object]) -> Config:
    """The config a call asks for: ``config`` (or the default) with ``to`` and ``options`` set."""
    if to is None and not options:
        return config if config is not None else DEFAULT
    changes: dict[str, object] = dict(options)
    if to is not None:
        changes["to"] = to
    return (config if config is not None else DEFAULT).replace(**changes)
