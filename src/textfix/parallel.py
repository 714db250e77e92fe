"""Ordered parallel map over processes with bounded memory, for the CLI's ``-j/--jobs``.

The pipeline is CPU-bound Python, so threads would share one core: ``-j`` uses processes.
``multiprocessing.Pool.imap`` would do the ordering, but its feeder thread reads the whole
input ahead into the task queue, so memory grows with the input. ``ordered_map`` keeps at most
``jobs * INFLIGHT_PER_JOB`` tasks submitted and yields results in input order: memory is
constant in the input size, and the output can be written as it comes.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from multiprocessing.pool import AsyncResult
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

INFLIGHT_PER_JOB = 3  # one running, two queued per worker: no worker waits for the next task
# Below this much input a pool's start-up (forking two workers and the first round trip took
# 15-60 ms here) is a large share of the whole run (1 MB of JSON Lines converted to simplified
# takes about 0.1 s in-process), so it runs in-process; see benchmarks/scaling.py.
MIN_PARALLEL_BYTES = 1 << 20


def available_cores() -> int:
    """The cores this process may run on (the affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def resolve_jobs(jobs: int | None) -> int:
    """``-j N``: N workers; 0 or None (the default) means every core.

    >>> resolve_jobs(3)
    3
    """
    if jobs is None or jobs == 0:
        return available_cores()
    if jobs < 0:
        raise ValueError(f"--jobs needs a count of 0 or more, not {jobs}")
    return jobs


def _quiet_worker() -> None:
    # Ctrl-C reaches the whole process group: the parent reports it once and stops the pool;
    # a worker's own KeyboardInterrupt traceback would only add noise.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _context() -> multiprocessing.context.BaseContext:
    # fork shares the parent's loaded tables and converters and starts in milliseconds. It is
    # safe only with no other thread running (one could hold a lock the child then waits on
    # forever), which is the CLI's case; a program that has threads, and every platform
    # without fork, gets spawn (Config pickles; the workers import textfix themselves).
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def ordered_map(func: Callable[[T], R], items: Iterable[T], jobs: int
                ) -> Generator[R, None, None]:
    """``map(func, items)`` on ``jobs`` processes, in input order, with bounded look-ahead.

    ``func`` and the items must pickle (a top-level function, or a ``functools.partial`` of
    one). With ``jobs <= 1`` everything runs in this process, with no pool at all. An exception
    raised by ``func`` is raised here, at its item's place in the order.

    >>> list(ordered_map(abs, [-3, 1, -2], 1))
    [3, 1, 2]
    """
    if jobs <= 1:
        yield from map(func, items)
        return
    pool = _context().Pool(jobs, initializer=_quiet_worker)
    try:
        pending: deque[AsyncResult[R]] = deque()
        limit = jobs * INFLIGHT_PER_JOB
        for item in items:
            if len(pending) >= limit:
                yield pending.popleft().get()
            pending.append(pool.apply_async(func, (item,)))
        while pending:
            yield pending.popleft().get()
        pool.close()
    finally:
        _stop(pool)  # also on an error or when the consumer stops early


# How long a pool may take to stop before its workers are killed.
_STOP_SECONDS = 10.0


def _stop(pool: multiprocessing.pool.Pool) -> None:
    """Terminate and join ``pool``, in bounded time: ``Pool.terminate`` can hang when a worker
    dies holding a queue lock (CPython issues 78178 and 96995), as it may when a closed pipe
    stops the CLI mid-run. Past ``_STOP_SECONDS`` the workers (this process's only children in
    the CLI) are killed and the stuck thread is left behind (it is a daemon)."""
    stopper = threading.Thread(target=_terminate, args=(pool,), daemon=True)
    stopper.start()
    stopper.join(_STOP_SECONDS)
    if stopper.is_alive():
        for child in multiprocessing.active_children():
            child.kill()


def _terminate(pool: multiprocessing.pool.Pool) -> None:
    pool.terminate()
    pool.join()


def peek(items: Iterable[T], budget: int, size: Callable[[T], int]) -> tuple[list[T], bool,
                                                                               Iterator[T]]:
    """Read ``items`` until ``budget`` (in ``size`` units) is passed or they end.

    Returns what was read, whether that was all, and an iterator over everything (the items
    read first, then the rest): small inputs can then be done in-process, with no pool.
    """
    iterator = iter(items)
    head: list[T] = []
    total = 0
    for item in iterator:
        head.append(item)
        total += size(item)
        if total > budget:
            return head, False, _chain(head, iterator)
    return head, True, iter(head)


def _chain(head: list[T], rest: Iterator[T]) -> Iterator[T]:
    yield from head
    yield from rest
