"""A separate process of the application, for the tests of several processes and of a crash.

    python -m tests.search.process load FILE [--die-after-commit]
    python -m tests.search.process load-alone FILE [--batch N] [--workers] [--die-before-indexing]
    python -m tests.search.process peek WORD      # letters the index holds, without following
    python -m tests.search.process search WORD    # as a search does: follow the log, then search
    python -m tests.search.process wait WORD SECONDS   # search until found; prints when

The database and the index folder come from DATABASE_URL and COMMISSION_VAR_DIR (or
COMMISSION_SEARCH_INDEX_DIR). Prints one JSON line.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commission.settings")
    import django

    django.setup()
    from django.db import transaction

    from commission.core.services import system_actor
    from commission.intake.archive import load_letters
    from commission.search.embedded import current_index
    from commission.search.queries import SearchFilters, search
    from commission.search.query import parse

    action = argv[0]
    if action == "load":
        with transaction.atomic():
            if "--die-after-commit" in argv:
                # Registered first, so it runs first after the commit: the process dies with
                # the letter committed and the change log written, before the index applies it.
                transaction.on_commit(lambda: os.kill(os.getpid(), signal.SIGKILL))
            report = load_letters(actor=system_actor(), path=Path(argv[1]))
        print(json.dumps({"loaded": report.loaded, "committed_at": time.time()}))
    elif action == "load-alone":
        # As `commission load-letters` runs: in no transaction of its own, so the index is
        # written by one writer for the whole load (`search.embedded.Loading`).
        from commission.intake import archive
        from commission.search.embedded import Loading

        if "--batch" in argv:
            archive.BATCH = int(argv[argv.index("--batch") + 1])
        if "--workers" in argv:  # read by worker processes however small the file
            archive.PARALLEL_FROM = 0
        if "--die-before-indexing" in argv:
            # The first batch is committed, letters and change log; the index never sees it.
            Loading._follow = lambda *args: os.kill(os.getpid(), signal.SIGKILL)  # type: ignore[method-assign]
        report = load_letters(actor=system_actor(), path=Path(argv[1]))
        print(json.dumps({"loaded": report.loaded, "committed_at": time.time()}))
    elif action == "peek":
        found = current_index().search(parse(argv[1]).phrases, _everything(), limit=20)
        print(json.dumps({"matched": found.count}))
    elif action == "search":
        results = search(user=system_actor(), text=argv[1], filters=SearchFilters(kind="letters"))
        print(json.dumps({"matched": results.letters_matched,
                          "ids": [f.document.pk for f in results.letters],
                          "passages": [f.passage for f in results.letters]}))  # fmt: skip
    elif action == "wait":
        deadline = time.time() + float(argv[2])
        print(json.dumps({"ready": True}), flush=True)
        while time.time() < deadline:
            results = search(
                user=system_actor(), text=argv[1], filters=SearchFilters(kind="letters")
            )
            if results.letters_matched:
                print(json.dumps({"found_at": time.time()}))
                return
            time.sleep(0.02)
        print(json.dumps({"found_at": None}))


def _everything():
    from commission.search.engine import Narrowing

    return Narrowing(include_sealed=True)


if __name__ == "__main__":
    main(sys.argv[1:])
