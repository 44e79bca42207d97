"""Progress bars for long commands, shown only on a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def progress_bar(**options: Any) -> Iterator[Callable[[int], None] | None]:
    """Yield a function to report progress with (the count done since the last call), or None
    when standard error is not a terminal. `options` are tqdm's (total, unit, desc…)."""
    if not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    bar = tqdm(**options)

    def update(done: int) -> None:
        bar.update(done)

    try:
        yield update
    finally:
        bar.close()
