"""A separate process of the application, for the tests of the witness graph across processes.

    python -m tests.inquiries.graph_process seed          # a subject, her brother, his friend
    python -m tests.inquiries.graph_process tie REF REF KIND   # a tie recorded as the web does
    python -m tests.inquiries.graph_process ask REF       # one question; prints the answer
    python -m tests.inquiries.graph_process serve         # a long-lived process: one subject's
                                                          # ref per line in, one answer per line out
    python -m tests.inquiries.graph_process background    # a graph built while the database
                                                          # answers, before and after a bulk import

The database and the folder come from DATABASE_URL and COMMISSION_VAR_DIR. Prints JSON lines.
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
    from commission.inquiries import tiegraph
    from commission.inquiries.witnesses import find_witnesses
    from commission.registry import services
    from commission.registry.models import Person

    def person(ref: str) -> Person:
        found = Person.objects.filter(ref=ref).first()
        if found is None:
            found = services.create_person(
                actor=system_actor(), ref=ref, surname=f"Surname{ref}", given_name="Anna"
            )
        return found

    def tie(source: str, target: str, kind: str) -> None:
        services.record_relationship(
            actor=system_actor(), source=person(source), target=person(target), kind=kind,
            strength=4, period="since 1917",
        )  # fmt: skip

    def answer(ref: str) -> dict:
        found = find_witnesses(subject=person(ref))
        graph = tiegraph.current()
        return {
            "found": {c.person.ref: c.paths for c in found},
            "graph": graph.origin if graph is not None else None,
        }

    action = argv[0]
    if action == "seed":
        tie("P-subject", "P-brother", "sibling")
        tie("P-brother", "P-friend", "colleague")
        print(json.dumps({"seeded": True}))
    elif action == "tie":
        tie(argv[1], argv[2], argv[3])
        print(json.dumps({"tied": argv[1:]}))
    elif action == "ask":
        print(json.dumps(answer(argv[1])))
    elif action == "background":
        from django.db import connection, transaction

        from commission.registry import tielog
        from commission.registry.models import Relationship

        tiegraph.BUILD_WHILE_ASKED = 0  # every graph counts as large

        def state() -> dict:
            graph = tiegraph.current()
            found = find_witnesses(subject=person("P-subject"))
            return {"graph": graph.origin if graph else None,
                    "found": sorted(c.person.ref for c in found)}  # fmt: skip

        def built() -> None:
            assert tiegraph._kept.building is not None
            tiegraph._kept.building.join(timeout=60)

        tie("P-friend", "P-subject", "colleague")
        steps = {"while_built": state()}
        built()
        steps["built"] = state()
        with transaction.atomic(), connection.cursor() as cursor:
            tielog.quiet(cursor, connection.vendor)
            Relationship.objects.create(
                source=person("P-later"), target=person("P-subject"), kind="observed_work"
            )
            tielog.everything_changed(cursor, connection.vendor)
        steps["after_import"] = state()
        built()
        steps["rebuilt"] = state()
        print(json.dumps(steps))
    elif action == "serve":
        for line in sys.stdin:
            print(json.dumps(answer(line.strip())), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
