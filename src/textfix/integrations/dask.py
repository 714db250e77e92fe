"""textfix on Dask: bags of texts and dataframes with text columns.

::

    import dask.bag as db
    from textfix.integrations.dask import fix_bag, fix_dataframe

    pages = db.read_text("crawl/*.txt", linedelimiter="\\n")
    clean = fix_bag(pages, to="simplified")                    # lazy, like any bag
    frame = fix_dataframe(dd.read_parquet("crawl/"), ["title", "body"])

Both call ``map_partitions`` with a top-level function and a picklable ``Config``: the tasks are
small, and each worker builds its converters once, on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..config import Config
from .frames import fix_frame, fix_texts, make_config


def fix_bag(bag: Any, *, config: Config | None = None, **options: object) -> Any:
    """A Dask bag of texts, repaired (lazily); non-strings are passed through."""
    return bag.map_partitions(fix_texts, make_config(config, **options))


def fix_dataframe(frame: Any, columns: Sequence[str], *, config: Config | None = None,
                  **options: object) -> Any:
    """A Dask dataframe with the text ``columns`` repaired (lazily); the schema is kept."""
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise KeyError(f"no such column(s): {', '.join(missing)}")
    return frame.map_partitions(fix_frame, list(columns), make_config(config, **options),
                                meta=frame._meta)
