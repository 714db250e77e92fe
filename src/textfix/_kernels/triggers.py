"""The bits of the core's scan (``textfix._core.scan``): the pipeline's options as it takes them
and the layers it returns. The character classes behind them, which ``tools/build_model.py``
writes into the model as flags, are gathered from the layers in ``textfix.layers.scan_table``.
"""

from __future__ import annotations

# The pipeline's options as the core takes them (``textfix._core.scan``), and the bits of the
# layers it returns.
HTML, MOJIBAKE, UNICODE, FOLD_WIDTH, FOLD_SPACES, ANNOTATIONS, LINES = (1 << n for n in range(7))
LAYER_BITS = {"html": HTML, "mojibake": MOJIBAKE, "unicode": UNICODE, "annotations": ANNOTATIONS}
# Asked, the core also says (in the same bit) whether the text holds a character that may keep it
# from being in NFC (``scan_table.nfc_maybe``); without one, it is in NFC.
NFC_MAYBE = 1 << 7
