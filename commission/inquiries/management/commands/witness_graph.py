"""`commission witness-graph [--rebuild]`: the ties held in memory for witness discovery."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from commission.inquiries import tiegraph


class Command(BaseCommand):
    help = (
        "Show the graph of ties that witness discovery holds in memory (loading it from the "
        "arrays saved beside the database, or building them); --rebuild reads every tie again."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--rebuild", action="store_true", help="Read every tie again and save the arrays."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        graph = tiegraph.rebuild() if options["rebuild"] else tiegraph.current(wait=True)
        if graph is None:
            self.stdout.write(
                _("Witness discovery reads the ties from the database (WITNESS_GRAPH = database).")
            )
            return
        size = graph.size()
        how = _("built from the database") if graph.origin == "built" else _("loaded")
        self.stdout.write(
            _(
                "%(ties)s ties, %(megabytes)s MB in memory, %(how)s in %(seconds)s s; followed "
                "the change log to entry %(position)s, %(changed)s people changed since the "
                "arrays were saved in %(folder)s."
            )
            % {
                "ties": format(size["ties"], ","),
                "megabytes": format(size["bytes"] / 2**20, ".0f"),
                "how": how,
                "seconds": format(time.perf_counter() - started, ".1f"),
                "position": graph.position.applied,
                "changed": len(graph.changed),
                "folder": tiegraph.saved_in(),
            }
        )
