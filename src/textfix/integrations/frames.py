"""textfix over pandas objects: the partition functions for Dask and PySpark's ``pandas_udf``.

Missing values (None, NaN, ``pd.NA``) and values that are not strings are left as they are.

>>> fix_texts(["衡陽市僑聯(lián)", None], Config())
['衡陽市僑聯', None]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from ..api import fix
from ..config import DEFAULT, Config

T = TypeVar("T")


def make_config(config: Config | None = None, **options: object) -> Config:
    """``config`` (or the default) with ``options`` set: resolved once, in the caller's process,
    so a bad option fails at once and not in every worker."""
    base = config if config is not None else DEFAULT
    return base.replace(**options) if options else base


def fix_value(value: T, config: Config = DEFAULT) -> T | str:
    """``fix`` for a string; anything else (None, NaN, a number) as it is."""
    return fix(value, config=config) if isinstance(value, str) else value


def fix_texts(texts: Iterable[T], config: Config = DEFAULT) -> list[T | str]:
    """A partition of a Dask bag (any iterable of texts) repaired, as a list."""
    return [fix_value(text, config) for text in texts]


def fix_series(series: Any, config: Config = DEFAULT) -> Any:
    """A pandas Series of texts repaired; same index, name and dtype.

    Also the body of a PySpark ``pandas_udf`` (see the README's recipe).
    """
    # Built with the input's dtype: Series.map would infer one (None becoming NaN in pandas 3).
    return type(series)([fix_value(value, config) for value in series], index=series.index,
                        name=series.name, dtype=series.dtype)


def fix_frame(frame: Any, columns: Sequence[str], config: Config = DEFAULT) -> Any:
    """A pandas DataFrame with the text ``columns`` repaired (a copy; other columns shared)."""
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise KeyError(f"no such column(s): {', '.join(missing)}")
    return frame.assign(**{column: fix_series(frame[column], config) for column in columns})
