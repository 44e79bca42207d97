"""Files the system writes that may hold personal data (exports, reports of refused rows, the
embedded database) are created readable by their owner only: on a shared machine, another
account must not read them through a permissive umask."""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Any

PRIVATE_MODE = 0o600


def open_private(path: Path, mode: str = "w", **kwargs: Any) -> IO[Any]:
    """`path.open(mode)` for writing, the file created (or truncated) with mode 0600; a file
    that was there already is narrowed to 0600 too."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC)
    descriptor = os.open(path, flags, PRIVATE_MODE)
    try:
        os.fchmod(descriptor, PRIVATE_MODE)
        return os.fdopen(descriptor, mode, **kwargs)
    except BaseException:
        os.close(descriptor)
        raise
