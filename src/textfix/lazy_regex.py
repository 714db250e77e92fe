"""Regular expressions compiled on first use.

Compiling the large character classes of the layers takes most of ``import textfix``, and clean
text under the Rust core never runs most of them: ``lazy_compile`` stands in for ``re.compile``
at module level and compiles on the first search, match or substitution.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from functools import cached_property
from typing import Any, AnyStr, Generic

_END = sys.maxsize  # the default end position of re.Pattern's methods
_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "split", "sub")


class LazyPattern(Generic[AnyStr]):
    """The methods of ``re.Pattern`` the package uses, compiling the pattern on the first call."""

    def __init__(self, pattern: AnyStr, flags: int = 0) -> None:
        self.pattern: AnyStr = pattern
        self.flags = flags

    @cached_property
    def compiled(self) -> re.Pattern[AnyStr]:
        compiled = re.compile(self.pattern, self.flags)
        # From now on the compiled pattern's own methods answer (instance attributes come before
        # the class's methods), so a hot loop pays no call through this class.
        vars(self).update({name: getattr(compiled, name) for name in _METHODS})
        return compiled

    def search(self, string: AnyStr, pos: int = 0, endpos: int = _END) -> re.Match[AnyStr] | None:
        return self.compiled.search(string, pos, endpos)

    def match(self, string: AnyStr, pos: int = 0, endpos: int = _END) -> re.Match[AnyStr] | None:
        return self.compiled.match(string, pos, endpos)

    def fullmatch(self, string: AnyStr, pos: int = 0,
                  endpos: int = _END) -> re.Match[AnyStr] | None:
        return self.compiled.fullmatch(string, pos, endpos)

    def finditer(self, string: AnyStr, pos: int = 0,
                 endpos: int = _END) -> Iterator[re.Match[AnyStr]]:
        return self.compiled.finditer(string, pos, endpos)

    def findall(self, string: AnyStr, pos: int = 0, endpos: int = _END) -> list[Any]:
        return self.compiled.findall(string, pos, endpos)

    def split(self, string: AnyStr, maxsplit: int = 0) -> list[AnyStr | Any]:
        return self.compiled.split(string, maxsplit)

    def sub(self, repl: AnyStr | Callable[[re.Match[AnyStr]], AnyStr], string: AnyStr,
            count: int = 0) -> AnyStr:
        return self.compiled.sub(repl, string, count)


def lazy_compile(pattern: AnyStr, flags: int = 0) -> LazyPattern[AnyStr]:
    """``re.compile(pattern, flags)``, deferred to the first use."""
    return LazyPattern(pattern, flags)
