"""`commission sitting …`: the commission's sittings on the command line, through the same
services as the pages (`cases.sittings`). Each verb acts as --as USERNAME."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from commission.audit.operators import command_line_actor
from commission.cases import sittings
from commission.cases.management.commands.case import _case, _commission, _datetime, _person
from commission.cases.models import DocketEntry, Sitting
from commission.core.actors import Actor
from commission.core.errors import CommissionError, NotFound


def _sitting(pk: int) -> Sitting:
    found = Sitting.objects.select_related("commission").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("There is no sitting number %(pk)s.") % {"pk": pk})
    return found


def _entry(sitting: Sitting, ref: str) -> DocketEntry:
    found = (
        DocketEntry.objects.select_related("sitting", "sitting__commission", "case")
        .filter(sitting=sitting, case__ref=ref)
        .first()
    )
    if found is None:
        raise NotFound(
            _("%(ref)s is not on the docket of the %(sitting)s.") % {"ref": ref, "sitting": sitting}
        )
    return found


class Command(BaseCommand):
    help = "Sittings: plan, docket, order, hold, postpone, cancel-hearing, cancel, minutes, show."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)

        def verb(name: str, help_text: str) -> CommandParser:
            p = sub.add_parser(name, help=help_text)
            p.add_argument("--as", dest="as_user", help="Act as this user (default: system).")
            return p

        p = verb("plan", "Plan a sitting of a commission.")
        p.add_argument("--commission", required=True)
        p.add_argument("--at", required=True, help='"YYYY-MM-DD HH:MM" in local time.')
        p.add_argument("--place", default="")
        p = verb("docket", "Put cases that are ready for hearing on a sitting's docket.")
        p.add_argument("sitting", type=int)
        p.add_argument("refs", nargs="+")
        p = verb("order", "Put a sitting's docket in this order.")
        p.add_argument("sitting", type=int)
        p.add_argument("refs", nargs="+")
        p = verb("hold", "Record that a sitting was held, with who was present.")
        p.add_argument("sitting", type=int)
        p.add_argument("--present", nargs="+", default=[], metavar="PERSONREF")
        p = verb("postpone", "Move a case not heard to the next sitting (or --to).")
        p.add_argument("sitting", type=int)
        p.add_argument("ref")
        p.add_argument("--reason", required=True)
        p.add_argument("--to", type=int, help="The sitting to move it to.")
        p = verb("cancel-hearing", "Cancel the hearing of a case on a docket.")
        p.add_argument("sitting", type=int)
        p.add_argument("ref")
        p.add_argument("--reason", required=True)
        p = verb("cancel", "Cancel a sitting; its cases move to the next one.")
        p.add_argument("sitting", type=int)
        p.add_argument("--reason", required=True)
        p = verb("minutes", "Adopt the minutes of a held sitting and print them.")
        p.add_argument("sitting", type=int)
        p = verb("show", "Show a sitting, its docket and, once held, its minutes.")
        p.add_argument("sitting", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        verbs: dict[str, Callable[[Actor, dict[str, Any]], None]] = {
            "plan": self.plan, "docket": self.docket, "order": self.order, "hold": self.hold,
            "postpone": self.postpone, "cancel_hearing": self.cancel_hearing,
            "cancel": self.cancel, "minutes": self.minutes, "show": self.show,
        }  # fmt: skip
        try:
            actor = command_line_actor(options.get("as_user"), command="sitting")
            verbs[options["verb"].replace("-", "_")](actor, options)
        except CommissionError as error:
            raise CommandError(error.message) from None

    def plan(self, actor: Actor, o: dict[str, Any]) -> None:
        s = sittings.plan_sitting(
            actor=actor, commission=_commission(o["commission"]), starts_at=_datetime(o["at"]),
            place=o["place"],
        )  # fmt: skip
        self.stdout.write(
            _("Planned sitting %(s)s: the %(s2)s of %(commission)s.")
            % {"s": s.pk, "s2": s, "commission": s.commission}
        )

    def docket(self, actor: Actor, o: dict[str, Any]) -> None:
        s = _sitting(o["sitting"])
        for ref in o["refs"]:
            entry = sittings.put_on_docket(actor=actor, sitting=s, case=_case(ref, actor))
            self.stdout.write(
                _("%(ref)s is item %(position)s of the docket of the %(s)s.")
                % {"ref": ref, "position": entry.position, "s": s}
            )

    def order(self, actor: Actor, o: dict[str, Any]) -> None:
        entries = sittings.order_docket(actor=actor, sitting=_sitting(o["sitting"]), refs=o["refs"])
        self.stdout.write("Docket: " + ", ".join(f"{e.position}. {e.case.ref}" for e in entries))

    def hold(self, actor: Actor, o: dict[str, Any]) -> None:
        present = [_person(ref) for ref in o["present"]]
        s = sittings.hold_sitting(actor=actor, sitting=_sitting(o["sitting"]), present=present)
        self.stdout.write(
            _("The %(s)s is held: %(count)s of %(seated)s present, quorum %(quorum_needed)s.")
            % {"s": s, "count": len(present), "seated": s.seated, "quorum_needed": s.quorum_needed}
        )

    def postpone(self, actor: Actor, o: dict[str, Any]) -> None:
        s = _sitting(o["sitting"])
        to = _sitting(o["to"]) if o["to"] else None
        moved = sittings.postpone_docket_entry(
            actor=actor, entry=_entry(s, o["ref"]), reason=o["reason"], to=to
        )
        self.stdout.write(
            _("%(ref)s moved to sitting %(sitting_id)s, the %(sitting)s.")
            % {"ref": o["ref"], "sitting_id": moved.sitting_id, "sitting": moved.sitting}
        )

    def cancel_hearing(self, actor: Actor, o: dict[str, Any]) -> None:
        s = _sitting(o["sitting"])
        sittings.cancel_docket_entry(actor=actor, entry=_entry(s, o["ref"]), reason=o["reason"])
        self.stdout.write(
            _("The hearing of %(ref)s is cancelled; it is ready for hearing.") % {"ref": o["ref"]}
        )

    def cancel(self, actor: Actor, o: dict[str, Any]) -> None:
        s = sittings.cancel_sitting(actor=actor, sitting=_sitting(o["sitting"]), reason=o["reason"])
        self.stdout.write(_("The %(s)s is cancelled.") % {"s": s})

    def minutes(self, actor: Actor, o: dict[str, Any]) -> None:
        s = _sitting(o["sitting"])
        document = sittings.adopt_minutes(actor=actor, sitting=s)
        self.stdout.write(document.text)

    def show(self, actor: Actor, o: dict[str, Any]) -> None:
        if not actor.has_perm("cases.view_case"):
            raise CommandError(_("Only the commission's people see its sittings."))
        s = _sitting(o["sitting"])
        self.stdout.write(
            _("Sitting %(s)s: the %(s2)s of %(commission)s (%(state)s)")
            % {"s": s.pk, "s2": s, "commission": s.commission, "state": s.get_state_display()}
        )
        for entry in sittings.docket(s):
            self.stdout.write(
                _("  %(position)s. %(case)s %(case2)s (hearing %(state)s)")
                % {
                    "position": entry.position,
                    "case": entry.case.ref,
                    "case2": entry.case,
                    "state": entry.hearing.get_state_display(),
                }
            )
        if s.state == "held":
            self.stdout.write(sittings.minutes_of(s).as_text())
