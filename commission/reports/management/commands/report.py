"""`commission report statistics [--commission REF | --level LEVEL] [--from DATE] [--to DATE]
[--json] [--as USERNAME] [--recount]`: the procedure statistics of the statistics page, as text
or JSON, counted afresh with --recount;
`commission report cases FIGURE …`: the cases behind one figure."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from commission.audit.operators import command_line_actor
from commission.core.errors import CommissionError
from commission.reports.statistics.behind import FIGURES
from commission.reports.statistics.report import (
    as_data,
    figure_cases,
    procedure_statistics,
    recount_statistics,
)

LIST_LIMIT = 100


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _days(measured: dict[str, Any]) -> str:
    if not measured["count"]:
        return "nothing measured"
    return (
        f"{measured['count']} measured, median {measured['median_days']} days, "
        f"90th percentile {measured['p90_days']} days"
    )


def _text(data: dict[str, Any]) -> list[str]:
    cases, appeals, inquiries = data["cases"], data["appeals"], data["inquiries"]
    period = data["period"]
    lines = [
        f"Procedure statistics: {data['scope']['label']}, "
        f"{period['from'] or 'the beginning'} to {period['to'] or 'today'}",
        f"Cases opened: {cases['opened']}",
        *[f"  {row['kind']}: {row['count']}" for row in cases["opened_by_kind"]],
        f"Decisions: {cases['decided']}",
        *[
            f"  {row['kind']}, {row['outcome']}: {row['count']}"
            for row in cases["decided_by_kind_and_outcome"]
        ],
        f"Opening to decision: {_days(cases['opening_to_decision'])}",
        f"Appeal to decision: {_days(cases['appeal_to_decision'])}",
        *[f"Time in {row['state']}: {_days(row)}" for row in cases["time_in_state"]],
        f"Decisions appealed: {appeals['appealed']} of {appeals['decisions']} "
        f"({_percent(appeals['appealed_share'])})",
        *[
            f"  appeals against {row['commission']}: {row['upheld']} upheld, "
            f"{row['varied']} varied, {row['overturned']} overturned"
            for row in appeals["by_commission_appealed_from"]
        ],
        f"Expulsions followed by readmission: {appeals['readmitted']} of "
        f"{appeals['expulsions']} ({_percent(appeals['readmission_rate'])})",
        f"Inquiries sent: {inquiries['sent']}, answered {inquiries['answered']} "
        f"({_percent(inquiries['answer_rate'])}), late {inquiries['answered_late']}, "
        f"overdue {inquiries['overdue']}, escalated {inquiries['escalated']}",
        f"Time to answer: {_days(inquiries['time_to_answer'])}",
        f"Letters registered: {data['letters']['received']}, read {data['letters']['read']}",
        *[
            f"  {row['kind']}: {row['accepted']} accepted ({row['corrected']} corrected), "
            f"{row['rejected']} rejected, {row['pending']} waiting"
            for row in data["letters"]["proposals"]
        ],
        "Due process: {majority} decisions by the halving majority ({majority_needed} needed "
        "it), {recusal_overrides} recusals overridden, {late_filings} documents filed late "
        "on {late_cases} cases".format(**data["due_process"]),
    ]
    return lines


class Command(BaseCommand):
    help = "Procedure statistics (`report statistics`) and the cases behind a figure."
    # Reads only: the system checks (which load every URL and view) are left to the commands
    # that change things, so it starts at once.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        for name in ("statistics", "cases"):
            p = sub.add_parser(name)
            if name == "cases":
                p.add_argument("figure", choices=sorted(FIGURES))
                for narrow in ("kind", "outcome", "verdict", "state"):
                    p.add_argument(f"--{narrow}", default="")
            p.add_argument("--commission", default="", help="A commission's reference.")
            p.add_argument("--level", default="", help="district, gubernia or central.")
            p.add_argument("--from", dest="start", default="", help="YYYY-MM-DD")
            p.add_argument("--to", dest="end", default="", help="YYYY-MM-DD")
            p.add_argument("--json", action="store_true", help="Write JSON.")
            p.add_argument("--as", dest="as_user", help="Read as this user (default: system).")
            if name == "statistics":
                p.add_argument(
                    "--recount",
                    action="store_true",
                    help="Count every figure afresh (after rows were changed outside the "
                    "services), then print them.",
                )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            actor = command_line_actor(options["as_user"], command="report")
            scope = {k: options[k] for k in ("commission", "level", "start", "end")}
            if options["verb"] == "statistics":
                if options["recount"]:
                    recount_statistics(user=actor)
                data = as_data(procedure_statistics(user=actor, **scope))
                if options["json"]:
                    self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
                else:
                    self.stdout.write("\n".join(_text(data)))
                return
            narrows = {k: options[k] for k in ("kind", "outcome", "verdict", "state")}
            cases = figure_cases(user=actor, figure=options["figure"], narrows=narrows, **scope)
            refs = list(cases.values_list("ref", flat=True)[: LIST_LIMIT + 1])
            if options["json"]:
                self.stdout.write(json.dumps({"cases": refs[:LIST_LIMIT]}))
            else:
                self.stdout.write("\n".join(refs[:LIST_LIMIT]) or "No case.")
                if len(refs) > LIST_LIMIT:
                    self.stdout.write(
                        _("… and more; the first %(LIST_LIMIT)s are listed.")
                        % {"LIST_LIMIT": LIST_LIMIT}
                    )
        except CommissionError as error:
            raise CommandError(error.message) from None
