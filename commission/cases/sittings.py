"""Writes and reads of the commission's sittings: planning one, putting cases on its docket in
order, holding it (attendance and quorum by the organisation's rules), moving a case whose
hearing was not held to the next sitting or cancelling that hearing, and adopting the minutes
produced from what was recorded. A case on a docket has a hearing at the sitting; the hearing is
the case's record of what became of it."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from commission.audit.services import record_event, trail_text
from commission.cases import rules
from commission.cases.assigning import sitting_members
from commission.cases.enums import (
    CaseState,
    DecisionOutcome,
    FilingRole,
    HearingState,
    SittingState,
)
from commission.cases.models import (
    Case,
    CaseDocument,
    Decision,
    DocketEntry,
    Hearing,
    HearingAttendance,
    Sitting,
    SittingAttendance,
)
from commission.cases.services import _apply_transition, _locked
from commission.core import clock
from commission.core.actors import Actor
from commission.core.audit_actions import AuditAction
from commission.core.dates import long_date, long_datetime
from commission.core.errors import Conflict, InvalidInput
from commission.core.roles import require
from commission.documents.enums import DocumentKind
from commission.documents.models import Document
from commission.registry.models import Commission, Person
from commission.registry.names import name_for_language

SCHEDULE = "cases.schedule_hearing"


def _when(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return long_datetime(local)


def quorum_for(commission: Commission, seated: int) -> int:
    """Members a sitting needs present: more than the organisation's share of those seated."""
    percent = rules.rules_in_effect(commission.organisation_id).quorum_percent
    return seated * percent // 100 + 1


def _locked_sitting(sitting: Sitting, expected_version: int | None = None) -> Sitting:
    current = Sitting.objects.select_for_update().select_related("commission").get(pk=sitting.pk)
    if expected_version is not None and current.version != expected_version:
        raise Conflict(
            _("The %(current)s was changed by someone else meanwhile. Reload it and try again.")
            % {"current": current}
        )
    return current


def _bump(sitting: Sitting, fields: list[str]) -> None:
    sitting.version = F("version") + 1
    sitting.save(update_fields=[*fields, "version"])
    sitting.refresh_from_db(fields=["version"])


def _planned(sitting: Sitting) -> None:
    if sitting.state != SittingState.PLANNED:
        raise InvalidInput(
            _("The %(sitting)s is %(SittingState)s; its docket cannot change.")
            % {"sitting": sitting, "SittingState": SittingState(sitting.state).label}
        )


def plan_sitting(
    *, actor: Actor, commission: Commission, starts_at: dt.datetime, place: str = ""
) -> Sitting:
    """Plan a sitting of `commission`. Errors: NotAllowed without cases.schedule_hearing."""
    require(actor, SCHEDULE, "plan sittings")
    with transaction.atomic():
        sitting = Sitting.objects.create(
            commission=commission, starts_at=starts_at, place=place.strip(),
            planned_by=actor if actor.pk else None,
        )  # fmt: skip
        record_event(
            actor=actor, action=AuditAction.SITTING_PLAN, target=sitting,
            summary=trail_text(
                lambda: f"Planned a sitting of {commission} for {_when(starts_at)}"
                + (f" at {place.strip()}." if place.strip() else ".")
            ),
            after={"commission": commission.ref, "starts_at": starts_at, "place": place},
        )  # fmt: skip
    return sitting


def _add_to_docket(actor: Actor, sitting: Sitting, case: Case, reason: str) -> DocketEntry:
    """The hearing of a locked, ready `case` at a locked, planned `sitting`, last on its docket;
    the case becomes "hearing scheduled"."""
    if case.commission_id != sitting.commission_id:
        raise InvalidInput(
            _(
                "%(case)s is before %(commission)s, not %(commission2)s; it cannot be "
                "on this docket."
            )
            % {"case": case, "commission": case.commission, "commission2": sitting.commission},
            field="case",
        )
    if case.state != CaseState.READY:
        raise InvalidInput(
            _("Only a case ready for hearing can go on a docket; %(case)s is %(CaseState)s.")
            % {"case": case, "CaseState": CaseState(case.state).label},
            field="case",
        )
    if DocketEntry.objects.filter(sitting=sitting, case=case).exists():
        raise InvalidInput(
            _("%(case)s is already on the docket of the %(sitting)s.")
            % {"case": case, "sitting": sitting},
            field="case",
        )
    hearing = Hearing.objects.create(
        case=case, commission=sitting.commission, starts_at=sitting.starts_at,
        place=sitting.place, sitting=sitting,
    )  # fmt: skip
    last = DocketEntry.objects.filter(sitting=sitting).aggregate(m=Max("position"))["m"] or 0
    entry = DocketEntry.objects.create(
        sitting=sitting, case=case, hearing=hearing, position=last + 1
    )
    _apply_transition(
        case, CaseState.HEARING, actor=actor, reason=reason,
        due_on=timezone.localtime(sitting.starts_at).date(),
    )  # fmt: skip
    return entry


def put_on_docket(
    *, actor: Actor, sitting: Sitting, case: Case, expected_version: int | None = None
) -> DocketEntry:
    """Put a case that is ready for hearing last on a planned sitting's docket.

    Errors: NotAllowed; InvalidInput for a case of another commission, not ready, or already
    on the docket, or a sitting no longer planned; Conflict."""
    require(actor, SCHEDULE, "put cases on a docket")
    with transaction.atomic():
        current = _locked_sitting(sitting)
        _planned(current)
        locked = _locked(case, expected_version)
        entry = _add_to_docket(
            actor,
            current,
            locked,
            _("on the docket of the sitting of %(when)s") % {"when": _when(current.starts_at)},
        )
        _bump(current, [])
        record_event(
            actor=actor, action=AuditAction.DOCKET_ADD, target=current,
            summary=trail_text(
                lambda: f"Put {locked} on the docket of the {current}, as item {entry.position}."
            ),
            after={"case": locked.ref, "position": entry.position},
        )  # fmt: skip
    return entry


def order_docket(*, actor: Actor, sitting: Sitting, refs: list[str]) -> list[DocketEntry]:
    """Put the docket in the order of `refs` (case references), which must name each case on it
    once. Errors: NotAllowed; InvalidInput."""
    require(actor, SCHEDULE, "order a docket")
    with transaction.atomic():
        current = _locked_sitting(sitting)
        _planned(current)
        entries = {e.case.ref: e for e in current.docket.select_related("case")}
        if sorted(refs) != sorted(entries):
            raise InvalidInput(
                _("Give every case on the docket once, in the new order: %(sorted)s.")
                % {"sorted": ", ".join(sorted(entries))},
                field="order",
            )
        # The unique (sitting, position) constraint is checked at commit, so positions can
        # swap within the transaction.
        for position, ref in enumerate(refs, start=1):
            entries[ref].position = position
        DocketEntry.objects.bulk_update(list(entries.values()), ["position"])
        _bump(current, [])
        record_event(
            actor=actor, action=AuditAction.DOCKET_ORDER, target=current,
            summary=trail_text(
                lambda: f"Put the docket of the {current} in order: {', '.join(refs)}."
            ),
            after={"order": refs},
        )  # fmt: skip
    return [entries[ref] for ref in refs]


def next_sitting(sitting: Sitting) -> Sitting | None:
    """The commission's next planned sitting after `sitting`."""
    return (
        Sitting.objects.filter(
            commission_id=sitting.commission_id,
            state=SittingState.PLANNED,
            starts_at__gt=sitting.starts_at,
        )
        .order_by("starts_at", "id")
        .first()
    )


def _take_off(
    actor: Actor, entry: DocketEntry, reason: str, to: Sitting | None
) -> DocketEntry | None:
    """End the scheduled hearing of `entry`: postponed to `to`'s docket, or cancelled (the
    case back to "ready for hearing") when `to` is None. Callers hold the locks."""
    hearing = Hearing.objects.select_for_update().get(pk=entry.hearing_id)
    if hearing.state != HearingState.SCHEDULED:
        raise InvalidInput(
            _("The hearing of %(case)s is already %(HearingState)s.")
            % {"case": entry.case, "HearingState": HearingState(hearing.state).label}
        )
    case = _locked(entry.case, None)
    hearing.state = HearingState.POSTPONED if to is not None else HearingState.CANCELLED
    hearing.note = reason
    hearing.save(update_fields=["state", "note"])
    _apply_transition(
        case, CaseState.READY, actor=actor, reason=_("not heard: %(reason)s") % {"reason": reason}
    )
    moved = None
    if to is not None:
        target = _locked_sitting(to)
        _planned(target)
        moved = _add_to_docket(
            actor,
            target,
            case,
            _("moved to the sitting of %(when)s: %(reason)s")
            % {"when": _when(target.starts_at), "reason": reason},
        )
        _bump(target, [])
    record_event(
        actor=actor, action=AuditAction.DOCKET_MOVE, target=entry.sitting,
        summary=trail_text(
            lambda: f"{case} was not heard at the {entry.sitting}: {reason} "
            + (f"Moved to the {to}." if to is not None else "Its hearing is cancelled.")
        ),
        after={"case": case.ref, "to_sitting": to.pk if to is not None else None},
    )  # fmt: skip
    return moved


def postpone_docket_entry(
    *, actor: Actor, entry: DocketEntry, reason: str, to: Sitting | None = None
) -> DocketEntry:
    """Move a case not heard at its sitting to `to`, or to the commission's next planned
    sitting; the old hearing stays on record as postponed.

    Errors: NotAllowed; InvalidInput without a reason, with no later sitting planned, or for a
    hearing no longer scheduled."""
    require(actor, SCHEDULE, "postpone hearings")
    if not reason.strip():
        raise InvalidInput(_("Say why the case was not heard."), field="reason")
    with transaction.atomic():
        target = to or next_sitting(entry.sitting)
        if target is None or target.pk == entry.sitting_id:
            raise InvalidInput(
                _(
                    "No later sitting of %(commission)s is planned; plan one first, or "
                    "cancel the hearing."
                )
                % {"commission": entry.sitting.commission},
                field="to",
            )
        if target.commission_id != entry.sitting.commission_id:
            raise InvalidInput(
                _("A case moves only to a sitting of its own commission."), field="to"
            )
        moved = _take_off(actor, entry, reason.strip(), target)
    assert moved is not None
    return moved


def cancel_docket_entry(*, actor: Actor, entry: DocketEntry, reason: str) -> Hearing:
    """Cancel the hearing of a case on a docket; the case goes back to "ready for hearing" and
    keeps any appeal it carries. Errors: NotAllowed; InvalidInput."""
    require(actor, SCHEDULE, "cancel hearings")
    if not reason.strip():
        raise InvalidInput(_("Say why the hearing is cancelled."), field="reason")
    with transaction.atomic():
        _take_off(actor, entry, reason.strip(), None)
    return Hearing.objects.get(pk=entry.hearing_id)


def cancel_sitting(*, actor: Actor, sitting: Sitting, reason: str) -> Sitting:
    """Cancel a planned sitting: each case on its docket moves to the commission's next planned
    sitting, or, if none is planned, goes back to "ready for hearing". Errors: NotAllowed;
    InvalidInput."""
    require(actor, SCHEDULE, "cancel sittings")
    if not reason.strip():
        raise InvalidInput(_("Say why the sitting is cancelled."), field="reason")
    with transaction.atomic():
        current = _locked_sitting(sitting)
        _planned(current)
        target = next_sitting(current)
        for entry in current.docket.select_related("case", "sitting", "sitting__commission"):
            if entry.hearing.state == HearingState.SCHEDULED:
                _take_off(actor, entry, f"the sitting was cancelled ({reason.strip()})", target)
        current.state = SittingState.CANCELLED
        current.note = reason.strip()
        _bump(current, ["state", "note"])
        record_event(
            actor=actor, action=AuditAction.SITTING_CANCEL, target=current,
            summary=trail_text(
                lambda: f"Cancelled the {current} of {current.commission}: {reason.strip()}"
            ),
            after={"moved_to": target.pk if target else None},
        )  # fmt: skip
    return current


def hold_sitting(
    *, actor: Actor, sitting: Sitting, present: list[Person], expected_version: int | None = None
) -> Sitting:
    """Record that the sitting was held with `present` among its seated members, and that every
    case still scheduled on its docket was heard there. The quorum is the organisation's rule
    applied to the members seated that day, and both are kept on the sitting.

    Errors: NotAllowed; InvalidInput for someone present who does not sit on the commission, a
    sitting without its quorum (nothing is recorded), or one no longer planned; Conflict."""
    require(actor, SCHEDULE, "record sittings")
    with transaction.atomic():
        current = _locked_sitting(sitting, expected_version)
        _planned(current)
        members = sitting_members(current.commission)
        member_ids = {p.pk for p in members}
        strangers = [p.display_name for p in present if p.pk not in member_ids]
        if strangers:
            raise InvalidInput(
                _("%(strangers)s do not sit on %(commission)s.")
                % {"strangers": ", ".join(strangers), "commission": current.commission},
                field="present",
            )
        here = {p.pk for p in present}
        needed = quorum_for(current.commission, len(members))
        if len(here) < needed:
            raise InvalidInput(
                _(
                    "The sitting has no quorum: %(count)s of %(count2)s members present, "
                    "%(needed)s needed. Nothing was recorded; postpone or cancel its cases."
                )
                % {"count": len(here), "count2": len(members), "needed": needed},
                field="present",
            )
        SittingAttendance.objects.bulk_create(
            SittingAttendance(sitting=current, person=p, present=p.pk in here) for p in members
        )
        heard = []
        for entry in current.docket.select_related("case", "hearing"):
            if entry.hearing.state != HearingState.SCHEDULED:
                continue
            hearing = entry.hearing
            hearing.state = HearingState.HELD
            hearing.minutes = _(
                "Heard at the sitting of %(when)s, item %(item)s of its docket."
            ) % {
                "when": _when(current.starts_at),
                "item": entry.position,
            }
            hearing.save(update_fields=["state", "minutes"])
            HearingAttendance.objects.bulk_create(
                HearingAttendance(hearing=hearing, person=p, present=p.pk in here) for p in members
            )
            heard.append(entry.case.ref)
        current.state = SittingState.HELD
        current.seated = len(members)
        current.quorum_needed = needed
        _bump(current, ["state", "seated", "quorum_needed"])
        record_event(
            actor=actor, action=AuditAction.SITTING_HELD, target=current,
            summary=trail_text(
                lambda: f"Held the {current} of {current.commission}: {len(here)} of "
                f"{len(members)} present (quorum {needed}); heard {len(heard)} cases."
            ),
            after={"present": sorted(p.ref for p in present), "quorum": needed, "heard": heard},
        )  # fmt: skip
    return current


@dataclass
class MinutesItem:
    position: int
    case: Case
    hearing: Hearing
    decisions: list[Decision]
    counts: dict[int, rules.VoteCount] = field(default_factory=dict)


@dataclass
class Minutes:
    sitting: Sitting
    present: list[Person]
    absent: list[Person]
    items: list[MinutesItem]

    def as_text(self) -> str:
        """The minutes in the active language: the reader's while they are drafted, and, once
        adopted, the language of the chair who adopted them, as they are filed."""
        s = self.sitting
        nobody = _("nobody")
        place = (
            _("%(when)s, %(place)s") % {"when": _when(s.starts_at), "place": s.place}
            if s.place
            else _when(s.starts_at)
        )
        lines = [
            _("Minutes of the sitting of %(commission)s") % {"commission": s.commission},
            place,
            "",
            _("Present: %(people)s")
            % {"people": ", ".join(name_for_language(p) for p in self.present) or nobody},
            _("Absent: %(people)s")
            % {"people": ", ".join(name_for_language(p) for p in self.absent) or nobody},
            _(
                "Quorum: %(needed)s of %(seated)s members; %(present)s present, so the sitting "
                "could decide."
            )
            % {"needed": s.quorum_needed, "seated": s.seated, "present": len(self.present)},
            "",
        ]
        for item in self.items:
            case = item.case
            lines.append(f"{item.position}. {case} ({case.ref})")
            state = HearingState(item.hearing.state).label
            if item.hearing.state != HearingState.HELD:
                lines.append(
                    "   "
                    + (
                        _("Not heard: %(state)s.") % {"state": state} + f" {item.hearing.note}"
                    ).rstrip()
                )
            for d in item.decisions:
                lines.append(
                    "   "
                    + _("Decided: %(outcome)s (%(votes)s).")
                    % {"outcome": DecisionOutcome(d.outcome).label, "votes": item.counts[d.pk]}
                )
                lines.append("   " + _("Reasons: %(reasons)s") % {"reasons": d.reasons})
            if item.hearing.state == HearingState.HELD and not item.decisions:
                lines.append("   " + _("Heard; no decision was taken."))
        return "\n".join(lines) + "\n"


def docket(sitting: Sitting) -> list[DocketEntry]:
    return list(
        sitting.docket.select_related(
            "case", "case__subject", "case__rapporteur", "hearing"
        ).order_by("position", "id")
    )


def minutes_of(sitting: Sitting) -> Minutes:
    """The minutes as recorded: who was present, each case on the docket, what became of its
    hearing and the decisions taken on it at the sitting, with their votes."""
    attendance = list(
        SittingAttendance.objects.filter(sitting=sitting)
        .select_related("person")
        .order_by("person__surname_key", "person_id")
    )
    items = []
    for entry in docket(sitting):
        decisions = list(Decision.objects.filter(sitting=sitting, case=entry.case).order_by("id"))
        counts = {
            d.pk: rules.count_votes(list(d.votes.values_list("choice", flat=True)))
            for d in decisions
        }
        items.append(MinutesItem(entry.position, entry.case, entry.hearing, decisions, counts))
    return Minutes(
        sitting=sitting,
        present=[a.person for a in attendance if a.present],
        absent=[a.person for a in attendance if not a.present],
        items=items,
    )


def adopt_minutes(*, actor: Actor, sitting: Sitting) -> Document:
    """Write the minutes of a held sitting from what was recorded, keep them on the sitting, and
    file them as a document on the case file of every case heard there.

    Errors: NotAllowed; InvalidInput for a sitting not held or minutes already adopted."""
    require(actor, SCHEDULE, "adopt minutes")
    with transaction.atomic():
        current = _locked_sitting(sitting)
        if current.state != SittingState.HELD:
            raise InvalidInput(
                _("The %(current)s has not been held; it has no minutes yet.")
                % {"current": current}
            )
        if current.minutes_document_id is not None:
            raise InvalidInput(
                _("The minutes of the %(current)s are already adopted.") % {"current": current}
            )
        minutes = minutes_of(current)
        text = minutes.as_text()
        local = timezone.localtime(current.starts_at)
        document = Document.objects.create(
            kind=DocumentKind.MINUTES,
            title=_("Minutes of the sitting of %(commission)s, %(day)s")
            % {"commission": current.commission, "day": long_date(local)},
            text=text, fingerprint=hashlib.sha256(text.encode()).hexdigest(),
            written_on=local.date(), registered_by=actor if actor.pk else None,
        )  # fmt: skip
        for item in minutes.items:
            if item.hearing.state == HearingState.HELD:
                CaseDocument.objects.get_or_create(
                    case=item.case, document=document,
                    defaults={"role": FilingRole.MINUTES, "filed_at": clock.now(),
                              "filed_by": actor if actor.pk else None},
                )  # fmt: skip
        current.minutes = text
        current.minutes_document = document
        _bump(current, ["minutes", "minutes_document"])
        record_event(
            actor=actor, action=AuditAction.SITTING_MINUTES, target=current,
            summary=trail_text(lambda: f"Adopted the minutes of the {current} and filed them on "
            f"{sum(1 for i in minutes.items if i.hearing.state == HearingState.HELD)} cases."),
            after={"document": document.pk},
        )  # fmt: skip
    return document
