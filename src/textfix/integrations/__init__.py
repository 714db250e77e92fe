"""textfix on data engines: pandas-level functions (``frames``) and Dask helpers (``dask``).

Nothing here is imported by ``import textfix``; pandas and Dask come with the ``dask`` extra
(``pip install 'textfix[dask]'``). The functions only take a ``Config`` (frozen, picklable) and
call ``textfix.fix`` in whatever process runs them: each worker builds its OpenCC converters
and tables on first use and keeps them, so nothing heavy is shipped with a task.
"""
