"""Pure work on text spread over worker processes while this process writes, for the loads
that handle hundreds of thousands of letters (reading a collection, rebuilding the search
index); and the entry of a process started afresh (`set_up_and_call`, the registry import's
reading process).

The workers are started by copying this process (the "fork" start method), so they need no
setting up of their own and the functions they run may be any of the application's. Copying
is only safe while this process runs no other thread, so the workers are started first, before
the load opens its database connection or its index writer. Where a system cannot copy a
process, the work is done in this process instead, with the same results.
"""

from __future__ import annotations

import collections
import contextlib
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

Batch = TypeVar("Batch")
Result = TypeVar("Result")


def worker_count() -> int:
    """One worker per core but one, which is left to the process that writes (and to the
    threads of the engines it writes to); at least one, at most four."""
    return max(1, min(4, (os.cpu_count() or 2) - 1))


@contextlib.contextmanager
def workers(wanted: bool = True) -> Iterator[Any]:
    """A pool of worker processes for `in_order`, or None when not `wanted` (a small load, not
    worth starting processes for) or where processes cannot be copied."""
    if not wanted or "fork" not in multiprocessing.get_all_start_methods():
        yield None
        return
    with multiprocessing.get_context("fork").Pool(worker_count()) as pool:
        yield pool


def in_order(
    pool: Any, work: Callable[..., Result], batches: Iterable[Batch], *args: Any
) -> Iterator[Result]:
    """`work(batch, *args)` for each batch, in the order of the batches. With a pool, a few
    batches are worked on ahead while the caller handles the one given to it; never more, so
    a file of any size is never held in memory at once."""
    if pool is None:
        for batch in batches:
            yield work(batch, *args)
        return
    ahead: collections.deque[Any] = collections.deque()
    for batch in batches:
        ahead.append(pool.apply_async(work, (batch, *args)))
        if len(ahead) > worker_count() + 1:
            yield ahead.popleft().get()
    while ahead:
        yield ahead.popleft().get()


def set_up_and_call(target: str, *args: Any) -> None:
    """The entry of a process started afresh (the "spawn" start method): set Django up, then
    call `target` ("module:function") with `args`. It lives here, in a module that loads no
    models, because a new process reads its entry before Django is ready to load them."""
    import importlib

    import django

    django.setup()
    module, _, name = target.partition(":")
    getattr(importlib.import_module(module), name)(*args)
