"""The examples in the docstrings are tests too."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import textfix

MODULES = sorted(
    info.name for info in pkgutil.walk_packages(textfix.__path__, "textfix.")
    if info.name not in ("textfix.__main__",)
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failures == 0
