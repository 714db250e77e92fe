"""The one configuration object of the pipeline, and textfix's names for conversion targets."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache

import opencc

# textfix's target names -> OpenCC configuration. "auto" is resolved per text by the script layer.
TARGETS: dict[str, str] = {
    "simplified": "t2s",
    "traditional": "s2t",
    "tw": "s2tw",
    "twp": "s2twp",
    "hk": "s2hk",
}
# Common spellings of the same targets (BCP 47 tags, single letters).
TARGET_ALIASES: dict[str, str] = {
    "s": "simplified",
    "zh-hans": "simplified",
    "zh-cn": "simplified",
    "t": "traditional",
    "zh-hant": "traditional",
    "zh-tw": "tw",
    "zh-hk": "hk",
}
# Every configuration the installed OpenCC ships (s2t, tw2sp, ...), usable by its own name.
OPENCC_CONFIGS: frozenset[str] = frozenset(name.removesuffix(".json") for name in opencc.CONFIGS)
AUTO = "auto"
# What the mojibake layer does where bytes were lost (Config.lossy): the first is the default.
LOSSY_MODES = ("mark", "guess")


@lru_cache(maxsize=64)
def normalize_target(to: str | None) -> str | None:
    """The canonical name of a target (``"zh-TW"`` -> ``"tw"``); ValueError names the valid ones.

    >>> normalize_target("zh-Hans")
    'simplified'
    """
    if to is None:
        return None
    name = to.strip().lower().replace("_", "-")
    name = TARGET_ALIASES.get(name, name)
    if name.endswith(".json"):
        name = name[: -len(".json")]
    if name in TARGETS or name == AUTO or name in OPENCC_CONFIGS:
        return name
    valid = ", ".join([*TARGETS, AUTO, *sorted(OPENCC_CONFIGS)])
    raise ValueError(f"unknown conversion target {to!r}; expected one of: {valid}")


@dataclass(frozen=True, slots=True)
class Config:
    """What the pipeline does. Frozen, hashable and picklable: share one across threads/processes.

    The repair layers are on by default and change only what is broken. The fields below the
    line rewrite correct text and are off until asked for.
    """

    to: str | None = None  # conversion target; None keeps the script as it is
    mojibake: bool = True  # text decoded with the wrong codec upstream
    html: bool = True  # leftover entities and numeric character references
    unicode: bool = True  # Kangxi radicals, compatibility ideographs, invisibles, controls, NFC
    annotations: bool = True  # inline romanization debris such as 聯(lián)
    script: bool = True  # script conversion, when `to` is set
    # --- normalizations of correct text: opt-in ---
    fold_width: bool = False  # fullwidth letters and digits -> ASCII (never punctuation)
    fold_spaces: bool = False  # NBSP, U+3000 and other spaces -> " "
    punctuation: bool = False  # halfwidth punctuation inside Chinese text -> fullwidth
    drop_spam_lines: bool = False  # a first line of search-spam keywords in the other script
    # Where a lossy decoder lost bytes (U+FFFD, Windows' "?", a dropped byte): "mark" recovers a
    # character only where its missing bytes have one valid filling and keeps the marker
    # elsewhere; "guess" fills in the model's likeliest character, each guess a step.
    lossy: str = "mark"

    def __post_init__(self) -> None:
        object.__setattr__(self, "to", normalize_target(self.to))
        if self.lossy not in LOSSY_MODES:
            raise ValueError(f"unknown lossy mode {self.lossy!r}; expected one of: "
                             f"{', '.join(LOSSY_MODES)}")

    def replace(self, **changes: object) -> Config:
        """A copy with some fields changed; unknown field names raise TypeError."""
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise TypeError(f"unknown textfix option(s): {', '.join(sorted(unknown))}")
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


DEFAULT = Config()
