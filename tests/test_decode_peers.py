"""textfix.decode on chardet's and charset-normalizer's Chinese test files
(``../shared/peers/chardet``, ``../shared/peers/charset_normalizer``, read-only data).

Each file must decode to the text its true codec (the folder it is filed in) gives. chardet 7
itself gets 77 of these 78 (it calls ``big5-chinese/culturax_OSCAR-2201_10.txt`` something
else); ``benchmarks/detect_accuracy.py`` prints the comparison. Without the data these tests skip.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import textfix

PEERS = Path(__file__).resolve().parents[1].parent / "shared" / "peers"
if not (PEERS / "chardet").is_dir():
    pytest.skip(f"needs ../shared: the peer test data is not at {PEERS}", allow_module_level=True)

# folder name -> Python codec; EUC-TW is left out: Python has no codec for it.
CODECS = {"big5": "big5", "gb18030": "gb18030", "hz-gb-2312": "hz", "utf-8": "utf-8",
          "utf-16": "utf-16", "utf-16be": "utf-16-be", "utf-16le": "utf-16-le",
          "utf-32": "utf-32", "utf-32be": "utf-32-be", "utf-32le": "utf-32-le"}
NO_REPAIR = textfix.Config(mojibake=False, html=False, unicode=False, annotations=False)


def _files() -> list[tuple[str, str]]:
    found = [(str(path.relative_to(PEERS)), CODECS[folder.name.removesuffix("-chinese")])
             for folder in sorted((PEERS / "chardet").glob("*-chinese"))
             if folder.name.removesuffix("-chinese") in CODECS
             for path in sorted(folder.iterdir())]
    sample = PEERS / "charset_normalizer" / "data" / "sample-chinese.txt"
    if sample.is_file():
        found.append((str(sample.relative_to(PEERS)), "big5"))
    return found


@pytest.mark.parametrize(("name", "codec"), _files())
def test_peer_file_decodes_to_its_true_text(name: str, codec: str) -> None:
    data = (PEERS / name).read_bytes()
    assert textfix.decode(data, config=NO_REPAIR).text == data.decode(codec)


def test_there_are_78_distinct_files() -> None:
    assert len({(PEERS / name).read_bytes() for name, _ in _files()}) == 78
