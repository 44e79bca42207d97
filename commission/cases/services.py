"""Writes to cases. A case's state changes only in `_apply_transition`, reached through
`transition_case` or through a service (hearing, decision, appeal) that has checked its own
permission first. Every write locks the case row, checks the caller's version, and records an
audit event in its transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from commission.audit.services import record_event
from commission.cases import queries, rules, tallies
from commission.cases.enums import (
    TRANSITIONS,
    CaseKind,
    CaseState,
    DecisionOutcome,
    FilingRole,
    HearingState,
    KnowledgeBasis,
    SittingState,
    Stance,
    VoteChoice,
)
from commission.cases.events import case_decided
from commission.cases.models import (
    Case,
    CaseDocument,
    CaseTransition,
    Decision,
    Ground,
    Hearing,
    HearingAttendance,
    RecusalOverride,
    ReportedOutcome,
    Sitting,
    SittingAttendance,
    Testimony,
    Vote,
)
from commission.core import clock
from commission.core.actors import Actor
from commission.core.audit_actions import AuditAction
from commission.core.dates import long_date, long_datetime
from commission.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from commission.core.roles import require
from commission.documents.changes import documents_changed
from commission.documents.models import Document
from commission.registry import services as registry_services
from commission.registry.enums import MembershipStatus
from commission.registry.models import Commission, Commissioner, Membership, Person
from commission.registry.posts import posted_commissions

# The membership status each outcome leads to; None leaves the status as it is.
OUTCOME_STATUS: dict[str, str | None] = {
    DecisionOutcome.RETAIN: MembershipStatus.MEMBER,
    DecisionOutcome.PROBATION: MembershipStatus.PROBATION,
    DecisionOutcome.REPRIMAND: None,
    DecisionOutcome.EXPEL: MembershipStatus.EXPELLED,
    DecisionOutcome.EXPEL_FOR_TERM: MembershipStatus.EXPELLED_FOR_TERM,
    DecisionOutcome.EXPEL_SHAMEFUL: MembershipStatus.EXPELLED,
    DecisionOutcome.REINSTATE: MembershipStatus.MEMBER,
}


def _state_label(state: str) -> str:
    return str(CaseState(state).label)


def _locked(case: Case, expected_version: int | None) -> Case:
    """The case row, locked until the transaction ends; Conflict if it changed since read."""
    current = (
        Case.objects.select_for_update().select_related("commission", "subject").get(pk=case.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise Conflict(
            _(
                "%(current)s was changed by someone else while you were working on it "
                "(it is now %(state_label)s). Reload the case and try again."
            )
            % {"current": current, "state_label": _state_label(current.state)}
        )
    return current


def require_case_in_reach(actor: Actor, case: Case) -> None:
    """Refuse work on a case outside the commissions a clerk is posted to, as the reads hide
    it (cases.queries.can_see_case): NotFound, in the words a missing case gets, so the refusal
    does not confirm the case exists. Nothing is refused to an account with no post."""
    commissions = posted_commissions(actor)
    if commissions is None or case.subject.user_id == actor.pk:
        return
    if not queries.needs_to_know(commissions, case):
        raise NotFound(
            _(
                "There is no case %(ref)s among the cases of the commissions you are posted to "
                "as clerk."
            )
            % {"ref": case.ref}
        )


def require_posted_to(actor: Actor, commission: Commission) -> None:
    """Refuse a clerk posted elsewhere work before `commission` (opening a case there):
    NotAllowed naming the commission. Nothing is refused to an account with no post."""
    commissions = posted_commissions(actor)
    if commissions is not None and commission.pk not in commissions:
        raise NotAllowed(
            _(
                "You are posted as clerk to other commissions than %(commission)s, so you may "
                "not open its cases."
            )
            % {"commission": commission.name}
        )


def _due_on(case: Case, state: str, today: dt.date) -> dt.date | None:
    r = rules.rules_for(case)
    if state in (CaseState.OPEN, CaseState.GATHERING):
        return case.due_on or today + dt.timedelta(days=r.file_due_days)
    if state == CaseState.READY:
        return today + dt.timedelta(days=r.hearing_due_days)
    return None


def _apply_transition(
    case: Case, to_state: str, *, actor: Actor, reason: str, due_on: dt.date | None = None
) -> Case:
    """The single place a case's state is written. `case` must be locked by the caller."""
    if (case.state, to_state) not in TRANSITIONS:
        raise InvalidInput(
            _("A case that is %(state_label)s cannot become %(state_label2)s.")
            % {"state_label": _state_label(case.state), "state_label2": _state_label(to_state)},
            field="state",
        )
    today = clock.today()
    from_state = case.state
    before = tallies.key_of(case)
    case.state = to_state
    case.state_since = clock.now()
    case.due_on = due_on if due_on is not None else _due_on(case, to_state, today)
    case.version = F("version") + 1
    case.save(update_fields=["state", "state_since", "due_on", "version"])
    case.refresh_from_db(fields=["version"])
    # The search index keeps the state of the cases a letter is filed on.
    documents_changed(CaseDocument.objects.filter(case=case).values_list("document_id", flat=True))
    tallies.moved(before, tallies.key_of(case))
    CaseTransition.objects.create(
        case=case, from_state=from_state, to_state=to_state, by=actor, reason=reason
    )
    record_event(
        actor=actor,
        action=AuditAction.CASE_TRANSITION,
        target=case,
        summary=f"{case}: {_state_label(from_state)} → {_state_label(to_state)}. {reason}",
        before={"state": from_state},
        after={"state": to_state, "due_on": case.due_on},
    )
    return case


def transition_case(
    *, actor: Actor, case: Case, to_state: str, reason: str, expected_version: int
) -> Case:
    """Move a case to another state, if the move is allowed and the actor may make it.

    Errors: InvalidInput for a move the process does not allow or no reason; NotAllowed when the
    actor's role may not make this move; Conflict when the case changed since it was read.
    """
    if to_state not in CaseState.values:
        raise InvalidInput(
            _("'%(to_state)s' is not a state a case can be in.") % {"to_state": to_state},
            field="state",
        )
    if not reason.strip():
        raise InvalidInput(_("Say why the case moves on."), field="reason")
    require_case_in_reach(actor, case)
    with transaction.atomic():
        current = _locked(case, expected_version)
        permission = TRANSITIONS.get((current.state, to_state))
        if permission is None:
            raise InvalidInput(
                _("A case that is %(state_label)s cannot become %(state_label2)s.")
                % {
                    "state_label": _state_label(current.state),
                    "state_label2": _state_label(to_state),
                },
                field="state",
            )
        require(actor, permission, f"move a case to {_state_label(to_state)}")
        return _apply_transition(current, to_state, actor=actor, reason=reason.strip())


def _new_open_case(
    *,
    actor: Actor,
    subject: Person,
    commission: Commission,
    kind: str,
    title: str,
    summary: str,
    opened_on: dt.date,
    confidential: bool,
    reason: str,
    appeals: Decision | None = None,
    reopens: Decision | None = None,
) -> Case:
    """The row of a new open case, its deadline and its first transition. Callers have checked
    who may open it and record their own audit event."""
    case = Case.objects.create(
        ref=registry_services.new_ref("K"), subject=subject, commission=commission, kind=kind,
        state=CaseState.OPEN, state_since=clock.now(), title=title, summary=summary,
        opened_on=opened_on, opened_by=actor, confidential=confidential,
        appeals=appeals, reopens=reopens,
    )  # fmt: skip
    case.due_on = _due_on(case, CaseState.OPEN, opened_on)
    case.save(update_fields=["due_on"])
    tallies.moved(None, tallies.key_of(case))
    CaseTransition.objects.create(
        case=case, from_state="", to_state=CaseState.OPEN, by=actor, reason=reason
    )
    return case


def open_case(
    *,
    actor: Actor,
    subject: Person,
    commission: Commission,
    kind: str,
    title: str = "",
    summary: str = "",
    opened_on: dt.date | None = None,
    confidential: bool = False,
    appeals: Decision | None = None,
    reopens: Decision | None = None,
) -> Case:
    """Open a case about `subject` before `commission`.

    Errors: NotAllowed; InvalidInput for an unknown kind, an appeal without the decision it
    appeals, or a subject with no membership of the commission's organisation.
    """
    require(actor, "cases.open_case", "open cases")
    require_posted_to(actor, commission)
    if kind not in CaseKind.values:
        raise InvalidInput(_("'%(kind)s' is not a kind of case.") % {"kind": kind}, field="kind")
    if kind == CaseKind.APPEAL and appeals is None:
        raise InvalidInput(
            _("An appeal must name the decision it appeals against."), field="appeals"
        )
    if not Membership.objects.filter(
        person=subject, organisation_id=commission.organisation_id
    ).exists():
        raise InvalidInput(
            _(
                "%(subject)s has no membership of %(organisation)s; a commission of "
                "that organisation cannot hear a case about them."
            )
            % {"subject": subject.display_name, "organisation": commission.organisation},
            field="subject",
        )
    today = opened_on or clock.today()
    with transaction.atomic():
        case = _new_open_case(
            actor=actor, subject=subject, commission=commission, kind=kind,
            title=title.strip(),
            summary=summary, opened_on=today, confidential=confidential, appeals=appeals,
            reopens=reopens, reason=_("opened"),
        )  # fmt: skip
        record_event(
            actor=actor,
            action=AuditAction.CASE_OPEN,
            target=case,
            summary=f"Opened {case} before {commission}.",
            after={
                "subject": subject.ref, "commission": commission.ref, "kind": kind,
                "appeals": appeals.pk if appeals else None,
                "reopens": reopens.pk if reopens else None, "confidential": confidential,
            },
        )  # fmt: skip
    return case


def file_document(
    *, actor: Actor, case: Case, document: Document, role: str, note: str = ""
) -> CaseDocument:
    """Put a document on the case file (once). If the case already has a decision, the page will
    flag the document as material that decision did not see.

    Errors: NotAllowed; InvalidInput for an unknown role or a closed or withdrawn case.
    """
    require(actor, "cases.manage_case", "file documents on cases")
    require_case_in_reach(actor, case)
    if role not in FilingRole.values:
        raise InvalidInput(
            _("'%(role)s' is not a reason to file a document.") % {"role": role}, field="role"
        )
    with transaction.atomic():
        current = _locked(case, None)
        if current.state == CaseState.WITHDRAWN:
            raise InvalidInput(
                _("%(current)s was withdrawn; nothing more can be filed on it.")
                % {"current": current}
            )
        filing, created = CaseDocument.objects.get_or_create(
            case=current,
            document=document,
            defaults={
                "role": role, "filed_at": clock.now(), "filed_by": actor, "note": note,
            },
        )  # fmt: skip
        if created:
            documents_changed([document.pk])
            record_event(
                actor=actor,
                action=AuditAction.CASE_FILE_DOCUMENT,
                target=current,
                summary=f"Filed “{document}” on {current} as {FilingRole(role).label}.",
                after={"document": document.pk, "role": role},
            )
    return filing


def record_testimony(
    *,
    actor: Actor,
    case: Case,
    document: Document,
    witness: Person,
    stance: str,
    basis: str,
    period: str = "",
    summary: str = "",
) -> Testimony:
    """Record what `witness` states about the subject in `document`, filing the document too."""
    require(actor, "cases.manage_case", "record testimony")
    require_case_in_reach(actor, case)
    if stance not in Stance.values:
        raise InvalidInput(_("'%(stance)s' is not a stance.") % {"stance": stance}, field="stance")
    if basis not in KnowledgeBasis.values:
        raise InvalidInput(
            _("'%(basis)s' is not a basis of knowledge.") % {"basis": basis}, field="basis"
        )
    with transaction.atomic():
        file_document(actor=actor, case=case, document=document, role=FilingRole.TESTIMONY)
        testimony, created = Testimony.objects.get_or_create(
            case=case, document=document, witness=witness,
            defaults={"stance": stance, "basis": basis, "period": period, "summary": summary},
        )  # fmt: skip
        if created:
            record_event(
                actor=actor,
                action=AuditAction.CASE_TESTIMONY,
                target=case,
                summary=f"{witness.display_name} testifies {Stance(stance).label} "
                f"({KnowledgeBasis(basis).label}).",
                after={"witness": witness.ref, "stance": stance, "basis": basis},
            )
    return testimony


def schedule_hearing(
    *,
    actor: Actor,
    case: Case,
    starts_at: dt.datetime,
    place: str = "",
    expected_version: int,
) -> Hearing:
    """Schedule a sitting of the case's commission; the case becomes "hearing scheduled".

    Errors: NotAllowed; InvalidInput when the case is not ready for hearing; Conflict.
    """
    require(actor, "cases.schedule_hearing", "schedule hearings")
    require_case_in_reach(actor, case)
    with transaction.atomic():
        current = _locked(case, expected_version)
        if current.state != CaseState.READY:
            raise InvalidInput(
                _(
                    "A hearing can be scheduled only for a case that is ready for hearing; "
                    "%(current)s is %(state_label)s."
                )
                % {"current": current, "state_label": _state_label(current.state)}
            )
        hearing = Hearing.objects.create(
            case=current, commission=current.commission, starts_at=starts_at, place=place
        )
        _apply_transition(
            current,
            CaseState.HEARING,
            actor=actor,
            reason=_("hearing scheduled for %(when)s") % {"when": long_datetime(starts_at)},
            due_on=timezone.localtime(starts_at).date(),
        )
        record_event(
            actor=actor,
            action=AuditAction.HEARING_SCHEDULE,
            target=hearing,
            summary=f"Scheduled a hearing of {current} for {starts_at:%Y-%m-%d %H:%M}.",
            after={"case": current.pk, "starts_at": starts_at, "place": place},
        )
    return hearing


def _locked_hearing(hearing: Hearing) -> Hearing:
    current = Hearing.objects.select_for_update().get(pk=hearing.pk)
    if current.state != HearingState.SCHEDULED:
        raise InvalidInput(
            _("This hearing is already %(HearingState)s; it cannot be changed.")
            % {"HearingState": HearingState(current.state).label}
        )
    return current


def postpone_hearing(
    *,
    actor: Actor,
    hearing: Hearing,
    starts_at: dt.datetime,
    reason: str,
    expected_version: int | None = None,
) -> Hearing:
    """Move a scheduled hearing to a new time: the old sitting is kept as postponed and a new
    one is scheduled, so the record shows both. Errors: NotAllowed; InvalidInput."""
    require(actor, "cases.schedule_hearing", "postpone hearings")
    require_case_in_reach(actor, hearing.case)
    if not reason.strip():
        raise InvalidInput(_("Say why the hearing is postponed."), field="reason")
    with transaction.atomic():
        old = _locked_hearing(hearing)
        case = _locked(old.case, expected_version)
        old.state = HearingState.POSTPONED
        old.note = reason.strip()
        old.save(update_fields=["state", "note"])
        new = Hearing.objects.create(
            case=case, commission=old.commission, starts_at=starts_at, place=old.place
        )
        before = tallies.key_of(case)
        case.due_on = timezone.localtime(starts_at).date()
        case.version = F("version") + 1
        case.save(update_fields=["due_on", "version"])
        tallies.moved(before, tallies.key_of(case))
        record_event(
            actor=actor,
            action=AuditAction.HEARING_POSTPONE,
            target=old,
            summary=f"Postponed the hearing of {case} to {starts_at:%Y-%m-%d %H:%M}: {reason}",
            before={"starts_at": old.starts_at},
            after={"new_hearing": new.pk, "starts_at": starts_at},
        )
    return new


def cancel_hearing(
    *, actor: Actor, hearing: Hearing, reason: str, expected_version: int | None = None
) -> Hearing:
    """Cancel a scheduled hearing. The case goes back to "ready for hearing"; the case, and the
    appeal it may carry, stay as they are. Errors: NotAllowed; InvalidInput."""
    require(actor, "cases.schedule_hearing", "cancel hearings")
    require_case_in_reach(actor, hearing.case)
    if not reason.strip():
        raise InvalidInput(_("Say why the hearing is cancelled."), field="reason")
    with transaction.atomic():
        current = _locked_hearing(hearing)
        case = _locked(current.case, expected_version)
        current.state = HearingState.CANCELLED
        current.note = reason.strip()
        current.save(update_fields=["state", "note"])
        still_scheduled = case.hearings.filter(state=HearingState.SCHEDULED).exists()
        if case.state == CaseState.HEARING and not still_scheduled:
            _apply_transition(
                case,
                CaseState.READY,
                actor=actor,
                reason=_("hearing cancelled: %(reason)s") % {"reason": reason.strip()},
            )
        record_event(
            actor=actor,
            action=AuditAction.HEARING_CANCEL,
            target=current,
            summary=f"Cancelled the hearing of {case}: {reason.strip()}",
        )
    return current


def record_hearing(
    *,
    actor: Actor,
    hearing: Hearing,
    attendance: Mapping[Person, bool],
    minutes: str,
    expected_version: int | None = None,
) -> Hearing:
    """Record that a hearing was held: who attended and the minutes."""
    require(actor, "cases.schedule_hearing", "record hearings")
    require_case_in_reach(actor, hearing.case)
    if not minutes.strip():
        raise InvalidInput(_("The minutes of the hearing are empty."), field="minutes")
    with transaction.atomic():
        current = _locked_hearing(hearing)
        _locked(current.case, expected_version)
        current.state = HearingState.HELD
        current.minutes = minutes.strip()
        current.save(update_fields=["state", "minutes"])
        HearingAttendance.objects.bulk_create(
            [
                HearingAttendance(hearing=current, person=p, present=here)
                for p, here in attendance.items()
            ]
        )
        record_event(
            actor=actor,
            action=AuditAction.HEARING_HELD,
            target=current,
            summary=f"Held the hearing of {current.case}; {sum(attendance.values())} present.",
            after={"present": [p.ref for p, here in attendance.items() if here]},
        )
    return current


def override_recusal(
    *,
    actor: Actor,
    case: Case,
    commissioner: Person,
    reason: str,
    expected_version: int | None = None,
) -> RecusalOverride:
    """The chair lets a tied commissioner sit on the case, with a reason on the record."""
    require(actor, "cases.override_recusal", "override a recusal")
    require_case_in_reach(actor, case)
    if not reason.strip():
        raise InvalidInput(_("Say why the commissioner may sit despite the tie."), field="reason")
    ties = rules.recusal_reasons(case, commissioner)
    if not ties:
        raise InvalidInput(
            _("%(commissioner)s is not tied to this case; no override is needed.")
            % {"commissioner": commissioner.display_name}
        )
    with transaction.atomic():
        _locked(case, expected_version)
        try:
            override = RecusalOverride.objects.create(
                case=case, commissioner=commissioner, reason=reason.strip(), by=actor
            )
        except IntegrityError:
            raise InvalidInput(
                _("An override for %(commissioner)s is already on record.")
                % {"commissioner": commissioner.display_name}
            ) from None
        record_event(
            actor=actor,
            action=AuditAction.CASE_RECUSAL_OVERRIDE,
            target=case,
            summary=f"Let {commissioner.display_name} sit on {case} despite: {' '.join(ties)} "
            f"Reason: {reason.strip()}",
            after={"commissioner": commissioner.ref, "ties": ties, "reason": reason.strip()},
        )
    return override


def _check_voters(case: Case, votes: Mapping[Person, str], decided_on: dt.date | None) -> None:
    if not votes:
        raise InvalidInput(_("Record the commissioners' votes."), field="votes")
    seated = set(
        Commissioner.objects.filter(commission=case.commission)
        .exclude(ended_on__lt=decided_on or clock.today())
        .values_list("person_id", flat=True)
    )
    overridden = set(
        RecusalOverride.objects.filter(case=case).values_list("commissioner_id", flat=True)
    )
    for person, choice in votes.items():
        if choice not in VoteChoice.values:
            raise InvalidInput(_("'%(choice)s' is not a vote.") % {"choice": choice}, field="votes")
        if person.pk not in seated:
            raise InvalidInput(
                _("%(person)s does not sit on %(commission)s and cannot vote on this case.")
                % {"person": person.display_name, "commission": case.commission},
                field="votes",
            )
        if person.pk not in overridden:
            ties = rules.recusal_reasons(case, person)
            if ties:
                raise InvalidInput(
                    _(
                        "%(person)s must stand aside from this case: %(ties)s The chair may "
                        "record an override with a reason."
                    )
                    % {"person": person.display_name, "ties": " ".join(ties)},
                    field="votes",
                )


def _sitting_of(
    hearing: Hearing | None, votes: Mapping[Person, str]
) -> tuple[Sitting | None, list[Person]]:
    """The sitting a decision is taken at (through its hearing) and who was present there. A
    decision at a sitting needs the sitting held with its quorum, and only those present vote.
    """
    if hearing is None or hearing.sitting_id is None:
        return None, []
    sitting = Sitting.objects.get(pk=hearing.sitting_id)
    if sitting.state != SittingState.HELD:
        raise InvalidInput(
            _("The %(sitting)s has not been held; record who was present first.")
            % {"sitting": sitting},
            field="hearing",
        )
    present = list(
        Person.objects.filter(
            pk__in=SittingAttendance.objects.filter(sitting=sitting, present=True).values(
                "person_id"
            )
        ).order_by("surname_key", "id")
    )
    here = {p.pk for p in present}
    absent = [p.display_name for p in votes if p.pk not in here]
    if absent:
        raise InvalidInput(
            _("%(absent)s was not present at the %(sitting)s and cannot vote there.")
            % {"absent": ", ".join(absent), "sitting": sitting},
            field="votes",
        )
    return sitting, present


def _settle_hearings(
    actor: Actor, case: Case, decision: Decision, present: Iterable[Person]
) -> None:
    """A decided case keeps no hearing waiting: the hearing the decision was taken at is
    recorded as held, with those present at the decision; any other scheduled hearing is
    cancelled, saying why. Runs inside `record_decision`'s transaction."""
    outcome = DecisionOutcome(decision.outcome).label
    on = f" on {decision.decided_on:%d %B %Y}" if decision.decided_on else ""
    for hearing in Hearing.objects.select_for_update().filter(
        case=case, state=HearingState.SCHEDULED
    ):
        if hearing.pk == decision.hearing_id:
            hearing.state = HearingState.HELD
            hearing.minutes = (
                hearing.minutes or f"The commission decided at this hearing: {outcome}."
            )
            hearing.save(update_fields=["state", "minutes"])
            people = list(present) or [v.commissioner for v in decision.votes.all()]
            HearingAttendance.objects.bulk_create(
                [HearingAttendance(hearing=hearing, person=p, present=True) for p in people],
                ignore_conflicts=True,
            )
            record_event(
                actor=actor,
                action=AuditAction.HEARING_HELD,
                target=hearing,
                summary=f"Held the hearing of {case}: the decision ({outcome}) was taken at it.",
                after={"present": sorted(p.ref for p in people), "decision": decision.pk},
            )
        else:
            hearing.state = HearingState.CANCELLED
            hearing.note = f"Not needed: the case was decided{on} ({outcome})."
            hearing.save(update_fields=["state", "note"])
            record_event(
                actor=actor,
                action=AuditAction.HEARING_CANCEL,
                target=hearing,
                summary=f"Cancelled the hearing of {case}: {hearing.note}",
                after={"decision": decision.pk},
            )


def _link_reports(actor: Actor, decision: Decision, document: Document) -> None:
    """The reports of this outcome by `document` on the case now point at the decision."""
    for report in ReportedOutcome.objects.select_for_update().filter(
        case_id=decision.case_id, document=document, outcome=decision.outcome, decision=None
    ):
        _link_report(actor, report, decision)


def _link_report(actor: Actor, report: ReportedOutcome, decision: Decision) -> None:
    """Point one report of an outcome at the decision that is that outcome, with its event."""
    report.decision = decision
    report.save(update_fields=["decision"])
    record_event(
        actor=actor,
        action=AuditAction.OUTCOME_LINK,
        target=report,
        summary=f"{decision} is the outcome reported by document {report.document_id}.",
        before={"decision": None},
        after={"decision": decision.pk, "document": report.document_id},
    )


def record_decision(
    *,
    actor: Actor,
    case: Case,
    expected_version: int,
    outcome: str,
    reasons: str,
    votes: Mapping[Person, str],
    decided_on: dt.date | None,
    grounds: Iterable[str] = (),
    term_until: dt.date | None = None,
    hearing: Hearing | None = None,
    reported_by: Document | None = None,
) -> Decision:
    """Record and sign the commission's decision on a case.

    In one transaction: the decision with its grounds, reasons and each commissioner's vote;
    the frozen list of documents on file; the member's new status in the membership history,
    pointing to this decision; the case moving to "decided" with its appeal deadline; for an
    appeal, the appealed case closing; no loose ends: the hearing the decision was taken at
    recorded as held, any other scheduled hearing of the case cancelled, and (through
    `events.case_decided`) the case's open inquiries withdrawn, each with its audit event.

    Errors: NotAllowed; InvalidInput for no reasons, an outcome needing an end date without one,
    a case not ready for decision, a voter who does not sit on the commission or must stand
    aside, a vote that did not carry, a hearing of another case, or a readmission the rules
    forbid; Conflict.
    """
    require(actor, "cases.record_decision", "record decisions")
    require_case_in_reach(actor, case)
    if outcome not in DecisionOutcome.values:
        raise InvalidInput(
            _("'%(outcome)s' is not a decision outcome.") % {"outcome": outcome}, field="outcome"
        )
    if not reasons.strip():
        raise InvalidInput(_("A decision must give its reasons."), field="reasons")
    needs_term = outcome in (DecisionOutcome.PROBATION, DecisionOutcome.EXPEL_FOR_TERM)
    if needs_term and term_until is None:
        raise InvalidInput(
            _("“%(DecisionOutcome)s” needs the date the term ends.")
            % {"DecisionOutcome": DecisionOutcome(outcome).label},
            field="term_until",
        )
    if decided_on is None and reported_by is None:
        raise InvalidInput(_("Give the date of the decision."), field="decided_on")
    if term_until is not None and decided_on is not None and term_until <= decided_on:
        raise InvalidInput(_("The term must end after the decision."), field="term_until")
    ground_rows = list(Ground.objects.filter(code__in=list(grounds)))
    unknown = set(grounds) - {g.code for g in ground_rows}
    if unknown:
        raise InvalidInput(
            _("Unknown grounds: %(sorted)s.") % {"sorted": ", ".join(sorted(unknown))},
            field="grounds",
        )
    if hearing is not None and hearing.case_id != case.pk:
        raise InvalidInput(
            _("The hearing of %(starts_at)s was a sitting on another case.")
            % {"starts_at": long_date(hearing.starts_at)},
            field="hearing",
        )
    with transaction.atomic():
        current = _locked(case, expected_version)
        if current.state not in (CaseState.READY, CaseState.HEARING):
            raise InvalidInput(
                _(
                    "A decision can be recorded only on a case that is ready for hearing "
                    "or being heard; %(current)s is %(state_label)s."
                )
                % {"current": current, "state_label": _state_label(current.state)}
            )
        membership = rules.membership_in_question(current)
        if membership is None:
            raise InvalidInput(
                _("%(subject)s has no membership to decide on.")
                % {"subject": current.subject.display_name}
            )
        _check_voters(current, votes, decided_on)
        sitting, present = _sitting_of(hearing, votes)
        count = rules.count_votes(list(votes.values()))
        if not count.carried:
            raise InvalidInput(
                _("The decision did not carry: %(count)s.") % {"count": count}, field="votes"
            )
        readmission = rules.check_readmission(
            case=current, membership=membership, outcome=outcome, decided_on=decided_on,
            term_until=term_until, votes=count,
        )  # fmt: skip
        if not readmission.allowed:
            raise InvalidInput(" ".join(readmission.explanation), field="outcome")
        in_force = rules.rules_for(current, decided_on)
        window = in_force.appeal_window_days
        appeal_deadline = (
            decided_on + dt.timedelta(days=window)
            if current.commission.parent_id and decided_on is not None
            else None
        )
        decision = Decision.objects.create(
            case=current, hearing=hearing, outcome=outcome, decided_on=decided_on,
            reasons=reasons.strip(), term_until=term_until, appeal_deadline=appeal_deadline,
            reported_by=reported_by, recorded_by=actor, sitting=sitting,
            quorum_needed=sitting.quorum_needed if sitting is not None else None,
            rules=in_force if in_force.pk else None,
        )  # fmt: skip
        decision.grounds.set(ground_rows)
        decision.present.set(present)
        decision.documents_on_file.set(list(current.filings.values_list("document_id", flat=True)))
        Vote.objects.bulk_create(
            [Vote(decision=decision, commissioner=p, choice=c) for p, c in votes.items()]
        )
        new_status = OUTCOME_STATUS[outcome]
        if new_status is not None:
            registry_services.change_membership_status(
                actor=actor,
                membership=membership,
                to_status=new_status,
                effective_on=decided_on,
                reason=_("%(outcome)s by %(commission)s")
                % {"outcome": DecisionOutcome(outcome).label, "commission": current.commission},
                decision=decision,
                probation_until=term_until if new_status == MembershipStatus.PROBATION else None,
                term_until=term_until if new_status == MembershipStatus.EXPELLED_FOR_TERM else None,
            )
        _apply_transition(
            current,
            CaseState.DECIDED,
            actor=actor,
            reason=_("decided: %(outcome)s") % {"outcome": DecisionOutcome(outcome).label},
            due_on=appeal_deadline,
        )
        _settle_hearings(actor, current, decision, present)
        if reported_by is not None:
            _link_reports(actor, decision, reported_by)
        case_decided(actor, decision)
        if current.kind == CaseKind.APPEAL and current.appeals_id:
            appealed = Case.objects.select_for_update().get(pk=current.appeals.case_id)  # type: ignore[union-attr]
            if appealed.state == CaseState.APPEALED:
                _apply_transition(
                    appealed, CaseState.CLOSED, actor=actor,
                    reason=_("appeal decided by %(commission)s")
                    % {"commission": current.commission},
                )  # fmt: skip
        record_event(
            actor=actor,
            action=AuditAction.DECISION_RECORD,
            target=decision,
            summary=f"{current.commission} decided on {current}: "
            f"{DecisionOutcome(outcome).label} ({count}).",
            after={
                "case": current.pk, "outcome": outcome, "decided_on": decided_on,
                "term_until": term_until, "grounds": sorted(g.code for g in ground_rows),
                "votes": {p.ref: c for p, c in votes.items()},
                "documents_on_file": sorted(
                    decision.documents_on_file.values_list("pk", flat=True)
                ),
                "reported_by": reported_by.pk if reported_by is not None else None,
                "sitting": sitting.pk if sitting is not None else None,
                "present": sorted(p.ref for p in present),
                "rules_version": in_force.version if in_force.pk else None,
            },
        )  # fmt: skip
    return decision


def link_reported_outcome(
    *, actor: Actor, report: ReportedOutcome, decision: Decision
) -> ReportedOutcome:
    """Record that `decision` is the decision a document reported (an editor's "was
    reinstated"): the report then points at it, and the case page shows them together.

    Safe to repeat with the same decision. Errors: NotAllowed; InvalidInput when the decision is
    on another case or has another outcome than the one reported; Conflict when the report is
    already linked to another decision."""
    require(actor, "cases.record_decision", "record decisions")
    require_case_in_reach(actor, decision.case)
    if decision.case_id != report.case_id:
        raise InvalidInput(
            _("%(decision)s was taken on another case than the one the report is about.")
            % {"decision": decision}
        )
    if decision.outcome != report.outcome:
        raise InvalidInput(
            _(
                "The document reports “%(DecisionOutcome)s”, but %(decision)s is "
                "“%(DecisionOutcome2)s”."
            )
            % {
                "DecisionOutcome": DecisionOutcome(report.outcome).label,
                "decision": decision,
                "DecisionOutcome2": DecisionOutcome(decision.outcome).label,
            }
        )
    with transaction.atomic():
        current = ReportedOutcome.objects.select_for_update().get(pk=report.pk)
        if current.decision_id == decision.pk:
            return current
        if current.decision_id is not None:
            raise Conflict(
                _(
                    "The report is already linked to decision %(decision_id)s; it cannot "
                    "stand for two decisions."
                )
                % {"decision_id": current.decision_id}
            )
        _link_report(actor, current, decision)
    return current


def open_appeal(
    *,
    actor: Actor,
    decision: Decision,
    statement: str,
    filed_on: dt.date | None = None,
    document: Document | None = None,
    expected_version: int | None = None,
) -> Case:
    """File an appeal against a decision: a new appeal case before the commission one level up.

    The subject may appeal their own case; others need cases.file_appeal. The appeal is filed
    today unless `filed_on` says otherwise, which only the secretariat may (`rules`).
    Errors: NotAllowed; InvalidInput after the appeal deadline, for a day to come, against a
    final decision (no commission above), or when the case is not in the decided state.
    """
    case = decision.case
    require_case_in_reach(actor, case)
    today = clock.today()
    filed_on = filed_on or today
    rules.check_appeal_filing(actor, case, filed_on=filed_on, today=today)
    if not statement.strip():
        raise InvalidInput(_("Say what the appeal is against and why."), field="statement")
    with transaction.atomic():
        current = _locked(case, expected_version)
        commission = current.commission
        if commission.parent_id is None:
            raise InvalidInput(
                _(
                    "Decisions of %(commission)s are final; there is no commission above "
                    "it to appeal to."
                )
                % {"commission": commission}
            )
        if decision.appeal_deadline and filed_on > decision.appeal_deadline:
            raise InvalidInput(
                _(
                    "The appeal window for this decision closed on %(appeal_deadline)s; an "
                    "appeal filed on %(filed_on)s is too late."
                )
                % {
                    "appeal_deadline": long_date(decision.appeal_deadline),
                    "filed_on": long_date(filed_on),
                },
                field="filed_on",
            )
        if (
            current.state != CaseState.DECIDED
            or current.decisions.order_by("-id").first() != decision
        ):
            raise InvalidInput(
                _(
                    "Only the latest decision of a decided case can be appealed; "
                    "%(current)s is %(state_label)s."
                )
                % {"current": current, "state_label": _state_label(current.state)}
            )
        parent = Commission.objects.get(pk=commission.parent_id)
        appeal = _new_open_case(
            actor=actor, subject=current.subject, commission=parent, kind=CaseKind.APPEAL,
            title="",
            summary=statement.strip(),
            opened_on=filed_on, confidential=current.confidential, appeals=decision,
            reason=_("appeal against the decision of %(commission)s") % {"commission": commission},
        )  # fmt: skip
        if document is not None:
            CaseDocument.objects.create(
                case=appeal, document=document, role=FilingRole.APPEAL,
                filed_at=clock.now(), filed_by=actor,
            )  # fmt: skip
            documents_changed([document.pk])
        _apply_transition(
            current,
            CaseState.APPEALED,
            actor=actor,
            reason=_("appealed to %(commission)s") % {"commission": parent},
        )
        record_event(
            actor=actor,
            action=AuditAction.CASE_APPEAL,
            target=appeal,
            summary=f"Appeal against {decision} on {current}, to {parent}.",
            after={"appeals": decision.pk, "filed_on": filed_on, "commission": parent.ref},
        )
    return appeal


def reopen_case(
    *,
    actor: Actor,
    decision: Decision,
    reason: str,
    material: Iterable[CaseDocument],
    expected_version: int | None = None,
) -> Case:
    """Open a reopening case on material that reached the file after `decision` and that the
    decision did not see. Errors: NotAllowed; InvalidInput when no such material is given."""
    require(actor, "cases.open_case", "reopen cases")
    require_case_in_reach(actor, decision.case)
    seen = set(decision.documents_on_file.values_list("pk", flat=True))
    new_material = [m for m in material if m.document_id not in seen]
    if not new_material:
        raise InvalidInput(
            _("A case is reopened on material the decision did not see; none was given."),
            field="material",
        )
    if not reason.strip():
        raise InvalidInput(_("Say why the case is reopened."), field="reason")
    case = decision.case
    with transaction.atomic():
        _locked(case, expected_version)
        reopening = open_case(
            actor=actor, subject=case.subject, commission=case.commission,
            kind=CaseKind.REOPENING,
            title="",
            summary=reason.strip(), confidential=case.confidential, reopens=decision,
        )  # fmt: skip
        for filing in new_material:
            file_document(
                actor=actor, case=reopening, document=filing.document, role=filing.role,
                note="material the earlier decision did not see",
            )  # fmt: skip
    return reopening


def record_confidential_read(*, actor: Actor, case: Case) -> None:
    """Log that `actor` read a confidential case: every such read is on record, the subject's
    own included. Nothing is logged for a case that is not confidential.

    Errors: NotAllowed for someone who may not read it (neither allowed confidential cases nor
    its subject)."""
    if not case.confidential:
        return
    own = getattr(getattr(actor, "person", None), "pk", None) == case.subject_id
    if not own:
        require(actor, "cases.view_confidential_case", "read confidential cases")
    with transaction.atomic():
        record_event(
            actor=actor, action=AuditAction.CASE_READ, target=case,
            summary=f"{actor.get_username()} read the confidential {case}"
            + (" (their own case)." if own else "."),
        )  # fmt: skip
