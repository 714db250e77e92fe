"""textfix: repair the Chinese text that scrapers get.

Mojibake, lying charsets, leftover entities, romanization debris, and script conversion, as
one pipeline of small layers. Clean text comes back unchanged in the default configuration.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .api import convert, decode, detect_encoding, detect_script, fix, fix_and_explain
from .config import Config
from .explain import DecodeResult, EncodingGuess, FixResult, Step, replay
from .layers.script import ScriptReport, ScriptSpan
from .scraping import decode_response
from .stream import StreamDecoder, iter_decode

try:
    __version__ = version("textfix")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"

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
