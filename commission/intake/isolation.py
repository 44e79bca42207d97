"""Reading letter files in worker processes that a hostile file cannot hold.

A PDF of a few kilobytes can make the reader work for minutes (twenty pages sharing one content
stream of a megabyte) or ask for hundreds of megabytes (a stream that inflates a thousandfold).
Read in the web process, one such file holds a web worker and slows every other page. So every
step that looks inside a file (decoding, PDF text, splitting into letters, the extraction
rules) runs in a small pool of worker processes, each task under three limits:

- wall time: the pool stops the worker when a task runs past `seconds` (pebble's timeout);
- processor time: `RLIMIT_CPU` is set to the worker's time so far plus `seconds`, so the
  kernel ends a worker that computes past it even if the pool were late;
- memory: `RLIMIT_AS` is set to the worker's size plus `memory_mb`, so an allocation past it
  fails (a `MemoryError`, answered as a sentence) instead of swapping the machine.

A stopped worker is replaced by the pool; the file is refused with an `UnreadableInput` naming
it and saying what happened, and the caller goes on with the next file. Looking names up in
the registry (resolution) stays in the calling process, which holds the database connection.

Workers are started through a fork server, never forked from the caller: a child forked from
the caller would inherit its open files, and with them the locks held on them. The search
index's writer lock is one: a worker forked while a letter was being indexed kept the lock for
its whole life (200 files), and every letter filed meanwhile waited for it in vain. Forking a
threaded process (the web server, or the pool's own threads) can also copy a lock another
thread held into the child, where nobody releases it.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import math
import multiprocessing
import os
import resource
import threading
from collections.abc import Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pebble import ProcessExpired, ProcessPool

from commission.intake.reading.decoding import decode_bytes, decode_file
from commission.intake.reading.extractors import DEFAULT
from commission.intake.reading.model import Extraction, Letter, UnreadableInput
from commission.intake.reading.pipeline import LetterReading, extract, read_letters
from commission.intake.reading.pipeline import read_and_extract as read_and_extract_here

logger = logging.getLogger(__name__)

DEFAULT_SECONDS = 5.0
DEFAULT_MEMORY_MB = 512
DEFAULT_WORKERS = 2
# A worker reads this many files, then is replaced, so whatever a reader leaks is returned.
_TASKS_PER_WORKER = 200


@dataclass(frozen=True)
class ReadingLimits:
    """What one file may cost: seconds of wall and processor time, megabytes of memory on top of
    what a worker holds before it starts reading, and how many files are read at once."""

    seconds: float = DEFAULT_SECONDS
    memory_mb: int = DEFAULT_MEMORY_MB
    workers: int = DEFAULT_WORKERS


@dataclass(frozen=True)
class _Refused:
    """A refusal as it crosses back from a worker (`UnreadableInput` takes two arguments and
    does not survive pickling)."""

    reason: str


def limits_from_settings() -> ReadingLimits:
    from django.conf import settings

    return ReadingLimits(
        seconds=float(getattr(settings, "LETTER_READ_SECONDS", DEFAULT_SECONDS)),
        memory_mb=int(getattr(settings, "LETTER_READ_MEMORY_MB", DEFAULT_MEMORY_MB)),
        workers=int(getattr(settings, "LETTER_READ_WORKERS", DEFAULT_WORKERS)),
    )


# --- the calling side ------------------------------------------------------------------------

_pool: ProcessPool | None = None
_pool_limits: ReadingLimits | None = None
_pool_lock = threading.Lock()


def _get_pool(limits: ReadingLimits) -> ProcessPool:
    global _pool, _pool_limits
    with _pool_lock:
        if _pool is not None and _pool.active and _pool_limits == limits:
            return _pool
        if _pool is not None:
            _pool.stop()
            _pool.join()
        workers = max(1, limits.workers)
        if threading.active_count() == 1:
            # A command reads one file at a time: a second worker would only pay the rules'
            # warm-up a second time.
            workers = 1
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        _pool = ProcessPool(max_workers=workers, max_tasks=_TASKS_PER_WORKER, context=context)
        _pool_limits = limits
        return _pool


@atexit.register
def shutdown() -> None:
    """Stop the workers (at exit, and in tests that change the limits)."""
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.stop()
            _pool.join()
            _pool = None


def _run(function: Any, args: tuple[Any, ...], file_name: str, limits: ReadingLimits) -> Any:
    # The pool's timeout is a little longer than the processor limit, so a file that computes
    # is ended by the kernel's limit and one that waits (or a worker that hangs) by the pool.
    future = _get_pool(limits).schedule(
        function, args=(*args, limits), timeout=limits.seconds + 0.5
    )
    try:
        outcome = future.result()
    except FutureTimeout:
        raise UnreadableInput(file_name, _too_slow(limits)) from None
    except ProcessExpired as stopped:
        raise UnreadableInput(file_name, _stopped(stopped.exitcode, limits)) from None
    except (BrokenProcessPool, OSError) as broken:
        # A worker that died outside any task (it could not start, or was killed from outside)
        # breaks the pool: the next file gets a new one, and this one is refused, not lost.
        logger.error("The letter-reading workers stopped: %s", broken)
        shutdown()
        raise UnreadableInput(
            file_name,
            "could not be read because the reading workers stopped unexpectedly; nothing from "
            "it was filed. Try again; if it happens again, the server's log says why.",
        ) from None
    if isinstance(outcome, _Refused):
        raise UnreadableInput(file_name, outcome.reason)
    return outcome


def _too_slow(limits: ReadingLimits) -> str:
    return (
        f"took longer than {limits.seconds:g} seconds to read and was stopped; nothing from it "
        "was filed. A PDF built to be slow to read looks like this: save the letter as text or "
        "print it to a new PDF and upload that."
    )


def _stopped(exitcode: int | None, limits: ReadingLimits) -> str:
    import signal

    if exitcode == -signal.SIGXCPU:
        return _too_slow(limits)
    return (
        f"needed more than {limits.memory_mb} MB of memory or {limits.seconds:g} seconds to "
        "read and was stopped; nothing from it was filed. Save the letter as text or print it "
        "to a new PDF and upload that."
    )


def read_file_letters(path: Path | str, *, limits: ReadingLimits | None = None) -> list[Letter]:
    """The letters of a file, read in a worker. Errors: UnreadableInput naming the file."""
    return list(_run(_letters_of_file, (str(path),), str(path), limits or limits_from_settings()))


def read_upload_letters(
    data: bytes, *, file_name: str, limits: ReadingLimits | None = None
) -> list[Letter]:
    """The letters of an uploaded file, read in a worker. Errors: UnreadableInput."""
    return list(
        _run(_letters_of_bytes, (data, file_name), file_name, limits or limits_from_settings())
    )


def extract_letters(
    letters: list[Letter], *, file_name: str, limits: ReadingLimits | None = None
) -> list[Extraction]:
    """What the extraction rules read from each letter, unresolved, worked out in a worker.
    Errors: UnreadableInput naming the file the letters came from."""
    if not letters:
        return []
    return list(_run(_extractions, (letters,), file_name, limits or limits_from_settings()))


def read_and_extract(
    path: Path | str, *, extractor: str = DEFAULT, limits: ReadingLimits | None = None
) -> list[LetterReading]:
    """A file's letters with what each says (names not yet looked up), in one worker task; the
    reader `commission extract` hands to `pipeline.iter_batch`."""
    return list(
        _run(_read_and_extract, (str(path), extractor), str(path), limits or limits_from_settings())
    )


# --- the worker side -------------------------------------------------------------------------


@contextlib.contextmanager
def _limited(limits: ReadingLimits) -> Iterator[None]:
    """The task's processor and memory limits, lifted again when it ends so the worker can
    read the next file."""
    cpu_soft, cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)
    as_soft, as_hard = resource.getrlimit(resource.RLIMIT_AS)
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = math.ceil(used.ru_utime + used.ru_stime + limits.seconds)
    resource.setrlimit(resource.RLIMIT_CPU, (_below(cpu, cpu_hard), cpu_hard))
    size = _address_space()
    if size is not None:
        memory = size + limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (_below(memory, as_hard), as_hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (as_soft, as_hard))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_soft, cpu_hard))


def _below(value: int, hard: int) -> int:
    return value if hard == resource.RLIM_INFINITY else min(value, hard)


def _address_space() -> int | None:
    """The worker's virtual size in bytes (Linux); elsewhere no memory limit is set."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


def _guarded(limits: ReadingLimits, work: Any) -> Any:
    try:
        with _limited(limits):
            return work()
    except UnreadableInput as refusal:
        return _Refused(refusal.reason)
    except MemoryError:
        return _Refused(
            f"needs more than {limits.memory_mb} MB of memory to read and was stopped; nothing "
            "from it was filed. Save the letter as text or print it to a new PDF and upload "
            "that."
        )
    except RecursionError:
        return _Refused("is nested too deeply to be read (a damaged or hostile file).")
    except Exception as fault:
        # A fault of the reader on this file must not become someone's error page: the file
        # is refused with a sentence, and the fault is logged for whoever fixes the reader.
        logger.exception("The letter reader failed on a file")
        return _Refused(
            "could not be read because of a fault in the letter reader "
            f"({type(fault).__name__}: {str(fault)[:200]}); nothing from it was filed."
        )


def _letters_of_file(path: str, limits: ReadingLimits) -> list[Letter] | _Refused:
    return _guarded(limits, lambda: read_letters(decode_file(path), file_name=path))


def _letters_of_bytes(
    data: bytes, file_name: str, limits: ReadingLimits
) -> list[Letter] | _Refused:
    return _guarded(
        limits, lambda: read_letters(decode_bytes(data, file_name=file_name), file_name=file_name)
    )


def _extractions(letters: list[Letter], limits: ReadingLimits) -> list[Extraction] | _Refused:
    return _guarded(limits, lambda: [extract(letter, resolve=False) for letter in letters])


def _read_and_extract(
    path: str, extractor: str, limits: ReadingLimits
) -> list[LetterReading] | _Refused:
    return _guarded(limits, lambda: read_and_extract_here(path, extractor=extractor))
