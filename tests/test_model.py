"""The model file: derived from its sources, equal to Python's codecs, and refused when damaged."""

from __future__ import annotations

import unicodedata
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path
from types import ModuleType

import pytest

from textfix import recode
from textfix.data import model

TOOL = Path(__file__).resolve().parents[1] / "tools" / "build_model.py"


def build_model() -> ModuleType:
    spec = spec_from_file_location("build_model", TOOL)
    assert spec is not None and spec.loader is not None
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("name", "wrong", "true"), model.READING_CHAINS)
def test_every_big5_gbk_reading_is_the_codecs(name: str, wrong: str, true: str) -> None:
    """Every BMP character: the stored reading is what Python's codecs make of its bytes."""
    chain = recode.Chain(wrong, true)
    every = "".join(map(chr, range(0x10000)))
    assert every.translate(recode.reading_table(chain)) == every.translate(
        recode.codec_reading_table(chain))


def test_the_stored_model_is_the_derived_one() -> None:
    """Regenerate with tools/build_model.py when this fails. The cost tables hold what this
    Python's Unicode version calls unassigned, so they are compared on the model's version."""
    stored = model.sections()
    derived = model.read(build_model().build())
    assert stored.keys() == derived.keys()
    same_unicode = ".".join(map(str, model.values(stored["unicode"], 4))) == \
        unicodedata.unidata_version
    for name in stored:
        if same_unicode or name not in ("unicode", "bmp_costs", "astral_costs", "choose_modern",
                                        "choose_classical", "quiet_space", "quiet_word",
                                        "quiet_scripts"):
            assert bytes(stored[name]) == bytes(derived[name]), name


def test_a_damaged_model_is_refused() -> None:
    data = bytearray(model.raw_model())
    with pytest.raises(ValueError, match="not a textfix model"):
        model.read(b"PK\x03\x04" + bytes(data[4:]))
    data[100] ^= 1
    with pytest.raises(ValueError, match="digest"):
        model.read(bytes(data))


def test_the_continuation_pairs_are_those_of_the_lossy_chains_codecs() -> None:
    """The model holds ``continuation_pairs`` for every wrong codec of the lossy chains, equal to
    what the codecs give now."""
    from textfix.layers import lossy_replace, replaced_bytes

    assert set(model.CONTINUATION_CODECS) == {chain.wrong for chain in lossy_replace.LOSSY_CHAINS}
    for codec in model.CONTINUATION_CODECS:
        assert replaced_bytes._continuation_pairs(codec) == \
            replaced_bytes.continuation_pairs(codec)
