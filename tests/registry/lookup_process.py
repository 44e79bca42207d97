"""A separate process of the application, for the tests of person lookup across processes.

    python -m tests.registry.lookup_process person REF GIVEN SURNAME   # stored as the web does
    python -m tests.registry.lookup_process serve   # a long-lived process: one query per line
                                                    # in, its [ref, how] pairs per line out

The database comes from DATABASE_URL and COMMISSION_VAR_DIR.
"""

from __future__ import annotations

import json
import os
import sys


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commission.settings")
    import django

    django.setup()
    from commission.core.services import system_actor
    from commission.registry import services
    from commission.registry.lookup import find_people

    if argv[0] == "person":
        ref, given, surname = argv[1:4]
        services.create_person(actor=system_actor(), ref=ref, given_name=given, surname=surname)
    elif argv[0] == "serve":
        for line in sys.stdin:
            found = [[m.person.ref, m.how] for m in find_people(line.strip())]
            print(json.dumps(found), flush=True)
    else:
        raise SystemExit(f"unknown command {argv[0]!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
