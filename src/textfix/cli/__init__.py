"""The ``textfix`` command line (``python -m textfix``, the ``textfix`` console script).

Its modules, each importing only those after it in this list and the library:

- ``command``: the argument parser and ``main(argv, stdin, stdout) -> int``, which checks the
  options and hands the run to a mode (``textfix serve`` goes to ``textfix.web.command``);
- ``jsonl``: the ``--jsonl`` mode, named fields of each record repaired;
- ``text``: the text mode, each input read, repaired and written (or checked, or reported);
- ``streaming``: inputs too large to hold, repaired piece by piece;
- ``report``: the ``--detect`` report and the ``--explain`` lines of one input;
- ``audit``: the corpus summary of ``--summary`` and ``--summary-html``;
- ``_io``: the shared errors and the reading and (atomic) writing of inputs and outputs.
"""

from __future__ import annotations

from .command import build_parser, main, main_exit

__all__ = ["build_parser", "main", "main_exit"]
