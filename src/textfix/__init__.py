"""textfix: repair the Chinese text that scrapers get.

Mojibake, lying charsets, leftover entities, romanization debris, and script conversion, as
one pipeline of small layers. Clean text comes back unchanged in the default configuration.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .api import convert, decode, detect_encoding, detect_script, fix, fix_and_explain
from .config import Config
from .explain import DecodeResult, EncodingGuess, FixResult, Step, replay
from .layers.script import ScriptReport, ScriptSpan
from .scraping import decode_response

if TYPE_CHECKING:
    from .stream import StreamDecoder, iter_decode


def __getattr__(name: str) -> Any:
    """``__version__``, read from the installed metadata, and the streaming decoder, imported on
    first use: importlib.metadata (13 ms) and the stream's worker pools (multiprocessing, 15 ms)
    are import time that ``fix`` never needs."""
    if name in ("StreamDecoder", "iter_decode"):
        from . import stream

        return getattr(stream, name)
    if name != "__version__":
        raise AttributeError(f"module 'textfix' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("textfix")
    except PackageNotFoundError:  # running from a source tree that was not installed
        return "0+unknown"

__all__ = [
    "Config",
    "DecodeResult",
    "EncodingGuess",
    "FixResult",
    "ScriptReport",
    "ScriptSpan",
    "Step",
    "StreamDecoder",
    "__version__",
    "convert",
    "decode",
    "decode_response",
    "detect_encoding",
    "detect_script",
    "fix",
    "fix_and_explain",
    "iter_decode",
    "replay",
]
