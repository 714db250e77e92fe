"""The JSON API's work, apart from HTTP: options in, a repair with its marks and summary out.

``POST /api/fix`` takes either JSON (``{"text": ..., "to": ..., "options": {...}}``) or the raw
bytes of a file (options in the query string); both land in ``fix_request``.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from ..api import decode, detect_encoding, detect_script, fix_and_explain
from ..config import TARGETS, Config, normalize_target
from ..explain import Step, replay
from ..layers.decode import to_text
from .marks import marks

# The layers a person may switch on: each rewrites correct text (see Config).
OPT_IN = ("fold_width", "fold_spaces", "punctuation", "drop_spam_lines")
# The repair layers, on unless switched off.
REPAIRS = ("mojibake", "html", "unicode", "annotations")
CHOICES = (*TARGETS, "auto")


class BadRequest(ValueError):
    """A request the API cannot serve; its message is sent back with status 400."""


@dataclasses.dataclass(frozen=True)
class Options:
    to: str | None = None
    declared: str | None = None  # the charset a file declares (a hint, for bytes only)
    switches: tuple[tuple[str, bool], ...] = ()

    @classmethod
    def parse(cls, values: Mapping[str, Any]) -> Options:
        """From JSON (``{"to": ..., "options": {...}}``) or a query (``?to=&fold_width=1``)."""
        to = values.get("to") or None
        if to is not None and not isinstance(to, str):
            raise BadRequest("'to' must be a string")
        try:
            to = normalize_target(to)
        except ValueError as error:
            raise BadRequest(str(error)) from None
        declared = values.get("declared") or None
        if declared is not None and not isinstance(declared, str):
            raise BadRequest("'declared' must be a string")
        nested = values.get("options", {})
        if not isinstance(nested, Mapping):
            raise BadRequest("'options' must be an object")
        switches = {}
        for name in (*OPT_IN, *REPAIRS):
            value = nested.get(name, values.get(name))
            if value is not None:
                switches[name] = _flag(name, value)
        unknown = set(nested) - set(OPT_IN) - set(REPAIRS)
        if unknown:
            raise BadRequest(f"unknown option(s): {', '.join(sorted(unknown))}")
        return cls(to, declared, tuple(sorted(switches.items())))


def _flag(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("1", "true", "on", "yes"):
        return True
    if value in ("0", "false", "off", "no", ""):
        return False
    raise BadRequest(f"option {name!r} must be true or false")


def fix_request(source: str | bytes, options: Options) -> dict[str, Any]:
    """The API's answer for text (``fix_and_explain``) or bytes (``decode``)."""
    config = Config(to=options.to).replace(**dict(options.switches))
    encoding: dict[str, Any] | None = None
    if isinstance(source, bytes):
        result = decode(source, declared=options.declared, config=config)
        original = to_text(source, detect_encoding(source, declared=options.declared))
        text, steps = result.text, result.steps
        encoding = {"encoding": result.encoding, "confidence": round(result.confidence, 3),
                    "reason": result.reason, "detail": steps[0].detail, "bytes": len(source)}
        repair_steps: Sequence[Step] = steps[1:]
    else:
        fixed = fix_and_explain(source, config=config)
        original, text, steps = source, fixed.text, fixed.steps
        repair_steps = steps
    offset = len(steps) - len(repair_steps)  # a mark names steps by their index in "steps"
    return {
        "text": text,
        "changed": any(step.changed for step in steps),
        "steps": [step_json(step) for step in steps],
        "encoding": encoding,
        "script": script_json(original, repair_steps),
        "marks": [[mark.start, mark.end, mark.origin, [offset + i for i in mark.steps]]
                  for mark in marks(original, repair_steps)],
        "summary": summary(steps),
    }


def step_json(step: Step) -> dict[str, Any]:
    return step.to_dict()


# The script is told from this many characters at most: detect_script takes about a second
# per MB, and the first 100,000 characters of a text tell its script as well as all of them.
SCRIPT_SAMPLE = 100_000


def script_json(original: str, steps: Sequence[Step]) -> dict[str, Any]:
    """The script of the text as repaired, before any conversion to a target script."""
    first_conversion = next((i for i, step in enumerate(steps) if step.layer == "script"),
                            len(steps))
    repaired = replay(original, steps[:first_conversion])
    report = detect_script(repaired[:SCRIPT_SAMPLE])
    return {"script": report.script, "simplified": report.simplified,
            "traditional": report.traditional, "han": report.han,
            "sampled": len(repaired) > SCRIPT_SAMPLE}


def summary(steps: Sequence[Step]) -> dict[str, Any]:
    """What was found, by kind: the page's summary table."""
    kinds: Counter[str] = Counter()
    chains: Counter[str] = Counter()
    for step in steps:
        layer = step.layer.split(".")[0]
        if layer == "decode":
            continue
        if layer == "mojibake":
            if step.action == "irrecoverable":
                kinds["irrecoverable"] += 1
                continue
            kinds["mojibake"] += 1
            chains[step.chain if step.action == "recode" else "ftfy"] += 1
        elif layer == "unicode":
            kinds[{"invisible": "invisible", "control character": "control"}
                  .get(step.action, "unicode")] += 1
        elif layer == "html":
            kinds["entities"] += 1
        elif layer == "script":
            kinds["converted"] += 1
        else:
            kinds[layer] += 1
    return {"kinds": dict(sorted(kinds.items())), "chains": dict(chains.most_common())}
