"""What a serving process does once the application is loaded."""

from __future__ import annotations

import gc


def settle() -> None:
    """Put every object alive now (the code, the models, the URL patterns, the settings) out of
    the garbage collector's reach.

    They live as long as the process, yet each full collection would walk all of them again:
    about 50 ms on the 2-core reference machine, paid by whichever request happened to set it
    off (docs/performance.md, witness discovery). After this, a collection walks only what
    requests have made since. Reference counting still frees everything as before."""
    gc.collect()
    gc.freeze()
