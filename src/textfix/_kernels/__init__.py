"""Which implementation runs the kernels: the Rust core (``textfix._core``) or the plain Python
reference beside each kernel.

``TEXTFIX_IMPLEMENTATION=python`` selects the reference, ``=rust`` insists on the core (an
ImportError says why it cannot be had); unset, the core is used when it can be imported and was
built with the model file this package holds, else the reference. Both give the same results:
every test runs under both, and differential tests compare them directly.
"""

from __future__ import annotations

import os
import warnings
from types import ModuleType

_CHOICES = ("rust", "python")


def _core_or_reason() -> tuple[ModuleType | None, str]:
    try:
        from textfix import _core
    except ImportError as error:
        return None, f"textfix._core cannot be imported ({error})"
    from textfix.data import data_path

    with open(data_path("model.bin"), "rb") as model:
        model.seek(-32, os.SEEK_END)
        digest = model.read()
    if digest != _core.MODEL_DIGEST:
        return None, ("textfix._core was built with another model file than the package holds;"
                      " rebuild it (python -m pip install -e .)")
    return _core, ""


def _choose() -> tuple[str, ModuleType | None]:
    wanted = os.environ.get("TEXTFIX_IMPLEMENTATION", "").strip().lower()
    if wanted and wanted not in _CHOICES:
        raise ImportError(f"TEXTFIX_IMPLEMENTATION={wanted!r}: use one of {', '.join(_CHOICES)}")
    if wanted == "python":
        return "python", None
    core, reason = _core_or_reason()
    if core is not None:
        return "rust", core
    if wanted == "rust":
        raise ImportError(f"TEXTFIX_IMPLEMENTATION=rust, but {reason}")
    if "built with another model" in reason:
        warnings.warn(f"{reason}; using the Python reference", RuntimeWarning, stacklevel=2)
    return "python", None


IMPLEMENTATION, core = _choose()
