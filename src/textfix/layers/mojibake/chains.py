"""The misreadings the mojibake layer knows: where bytes were wrongly read, and what wrote them."""

from __future__ import annotations

import dataclasses

from ... import recode
from ...recode import Chain

# The Western code pages that Chinese bytes are read as. Single-byte readings come first in
# CHAINS: they are cheap to rule out.
WESTERN_PAGES = ("sloppy-cp1252", "sloppy-cp1250", "sloppy-cp1254", "sloppy-mac_roman", "latin-1")
CHAINS = (
    *(Chain(wrong, "gb18030") for wrong in WESTERN_PAGES),
    Chain("sloppy-cp1252", "utf-8"),  # ftfy's chains, where ftfy gives up: lost bytes
    Chain("latin-1", "utf-8"),
    Chain("sloppy-cp1252", "cp950"),
    Chain("gbk", "utf-8"),
    Chain("gbk", "cp950"),
    Chain("cp950", "gb18030"),
    Chain("cp950", "utf-8"),
)

# UTF-8 read as GBK, saved as UTF-8 and read as GBK again: the inner misreading is no likelier
# than the outer one (both are rare characters), so a pass per misreading never starts; the two
# decodes are tried together, on a whole line, wherever the chain of one misreading is.
TWICE_OVER = {chain: dataclasses.replace(chain, times=2) for chain in CHAINS
              if chain == Chain("gbk", "utf-8")}

# The families of chains, which the run-by-run search tries one after another.
FROM_UTF8 = frozenset(c for c in CHAINS if c.true == "utf-8" and not recode.single_byte(c.wrong))
HAN_TO_HAN = frozenset(c for c in CHAINS if recode.han_to_han(c))
HAN_TO_HAN_CHAINS = [chain for chain in CHAINS if chain in HAN_TO_HAN]  # in CHAINS' order

# The code pages besides Latin-1 and cp1252 that ftfy reads UTF-8 back from (its
# CHARMAP_ENCODINGS; a test keeps the two lists the same): Cyrillic, Central European, Greek,
# Turkish, Baltic, Mac Roman and the DOS console's. A line of UTF-8 read as one of them is read
# back whole (PAGE_CHAINS), by the layer, or by ftfy where it is no Chinese; never run by run,
# and the trigger has to bring the layer such a line.
FTFY_PAGES = ("sloppy-cp1251", "sloppy-cp1250", "sloppy-cp1253", "sloppy-cp1254",
              "sloppy-cp1257", "sloppy-iso-8859-2", "sloppy-mac_roman", "sloppy-cp437")
PAGE_CHAINS = tuple(Chain(page, "utf-8") for page in FTFY_PAGES)
