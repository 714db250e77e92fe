"""The public functions. ``textfix/__init__.py`` re-exports them."""

from __future__ import annotations

from .charset.labels import Label, data_bytes, label_text
from .config import Config
from .explain import DecodeResult, EncodingGuess, FixResult, Step
from .layers.script import ScriptReport
from .layers.script import convert as convert  # re-exported as the public convert()
from .layers.script import detect_script as detect_script
from .pipeline import DEFAULT_PLAN, Plan, make_plan, repaired, run


def _explained(text: str, plan: Plan) -> tuple[str, tuple[Step, ...]]:
    repaired, steps = run(text, plan, explain=True)
    return repaired, tuple(steps)


def fix(text: str, *, to: str | None = None, config: Config | None = None,
        **options: bool | str) -> str:
    """Repair ``text``; with ``to``, also convert it to that script.

    Options are the fields of ``Config`` (``mojibake=False``, ``fold_width=True``, ...).
    With the defaults, clean text comes back unchanged, and a character whose bytes were lost
    is never guessed: it stays U+FFFD (or the "?" a decoder wrote) unless its missing bytes
    have one valid filling; ``lossy="guess"`` fills in the likeliest one.

    >>> fix("衡陽市僑聯(lián)")
    '衡陽市僑聯'
    >>> fix("衡陽市僑聯(lián)", to="simplified")
    '衡阳市侨联'
    """
    if not isinstance(text, str):
        raise TypeError(f"fix() takes str, not {type(text).__name__}; use decode() for bytes")
    default = to is None and config is None and not options  # the common call, looked up at once
    return repaired(text, DEFAULT_PLAN if default else make_plan(to, config, options))


def fix_and_explain(text: str, *, to: str | None = None, config: Config | None = None,
                    **options: bool | str) -> FixResult:
    """Like ``fix``, and also every step taken: ``replay(text, result.steps) == result.text``."""
    if not isinstance(text, str):
        raise TypeError(f"fix_and_explain() takes str, not {type(text).__name__}")
    return FixResult(*_explained(text, make_plan(to, config, options)))


def detect_encoding(data: bytes, *, declared: Label = None) -> EncodingGuess:
    """Which charset ``data`` is in. ``declared`` is a hint: a charset name or Content-Type, as
    ``str`` or ``bytes`` (Scrapy's header values)."""
    from .layers import decode as decode_layer  # the detectors' import is decoding's to pay

    return decode_layer.detect_encoding(data_bytes(data, "detect_encoding"),
                                        label_text(declared))


def decode(data: bytes, *, declared: Label = None, to: str | None = None,
           config: Config | None = None, explain: bool = True, **options: bool | str
           ) -> DecodeResult:
    """Decode bytes in an unknown or misdeclared charset, then repair the text like ``fix``.

    ``declared`` is a hint the bytes must confirm: a charset name or a whole Content-Type value,
    ``str`` or ``bytes`` (the document's own ``<meta>`` or XML declaration is read too); any
    other type is a ``TypeError``. ``.steps`` holds the decoding
    step (its action is the reason: ``bom``, ``utf-8``, ``declared-verified``,
    ``declared-overridden``, ``detected``, ``per-line`` or ``binary``; for ``per-line`` its
    detail lists the byte runs and their codecs) and, unless ``explain=False`` (faster on large
    text), every step of the repair.

    >>> page = decode("<p>今天天气很好</p>".encode("gbk"), declared="text/html; charset=utf-8")
    >>> page.text, page.encoding, page.reason
    ('<p>今天天气很好</p>', 'gb18030', 'declared-overridden')
    """
    from .layers import decode as decode_layer  # the detectors' import is decoding's to pay

    data = data_bytes(data, "decode")
    guess = decode_layer.detect_encoding(data, label_text(declared))
    text = decode_layer.to_text(data, guess)
    detail = f"{guess.encoding} ({guess.confidence:.2f})"
    if guess.segments:
        detail += ": " + ", ".join(f"bytes {a}-{b} {codec}" for a, b, codec in guess.segments)
    found = Step("decode", guess.reason, 0, 0, "", "", detail, segments=guess.segments)
    if guess.encoding == "binary":
        return DecodeResult(text, guess.encoding, guess.confidence, guess.reason, (found,))
    repaired, steps = run(text, make_plan(to, config, options), explain=explain)
    return DecodeResult(repaired, guess.encoding, guess.confidence, guess.reason,
                        (found, *steps))


__all__ = ["ScriptReport", "convert", "decode", "detect_encoding", "detect_script", "fix",
           "fix_and_explain"]
