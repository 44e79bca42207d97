"""Writes of who works on a case: the chair assigns a rapporteur among the commission's sitting
members, or lets the organisation's rule pick one (round-robin, or the least loaded); a
reassignment ends the current assignment with its reason. Nobody who must stand aside from the
case (cases.rules.recusal_reasons) can be assigned it unless the chair has recorded an
override. `Case.rapporteur` is written here and nowhere else."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils.translation import gettext as _

from commission.audit.services import record_event
from commission.cases import rulebook, rules, tallies
from commission.cases.enums import TERMINAL_STATES, AssignmentRule, CaseState
from commission.cases.models import Assignment, Case, DueProcessRules, RecusalOverride
from commission.cases.services import _locked
from commission.core import clock
from commission.core.actors import Actor
from commission.core.audit_actions import AuditAction
from commission.core.errors import Conflict, InvalidInput
from commission.core.roles import require
from commission.registry.models import Commission, Commissioner, Organisation, Person

ASSIGN = "cases.assign_case"
OPEN_STATES = [s for s in CaseState.values if s not in TERMINAL_STATES]


def sitting_members(commission: Commission) -> list[Person]:
    """The people who sit on the commission today, in seat order (chair first, then by name):
    the order round-robin goes round."""
    today = clock.today()
    seats = (
        Commissioner.objects.filter(commission=commission)
        .exclude(ended_on__lt=today)
        .exclude(started_on__gt=today)
        .select_related("person")
        .order_by("role", "person__surname_key", "person_id")
    )
    seen: dict[int, Person] = {}
    for seat in seats:
        seen.setdefault(seat.person_id, seat.person)
    return list(seen.values())


def who_must_stand_aside(case: Case, people: list[Person]) -> dict[int, list[str]]:
    """The reasons each of `people` must stand aside from `case`, leaving out anyone the chair
    has let sit by a recorded override."""
    overridden = set(
        RecusalOverride.objects.filter(case=case).values_list("commissioner_id", flat=True)
    )
    ties = rules.recusal_reasons_for(case, people)
    return {pk: reasons for pk, reasons in ties.items() if reasons and pk not in overridden}


def open_load(commission: Commission, people: list[Person]) -> dict[int, int]:
    """Open cases of the commission per rapporteur, for the rule "by load" and the form."""
    rows = (
        Case.objects.filter(commission=commission, rapporteur__in=people, state__in=OPEN_STATES)
        .values_list("rapporteur_id")
        .annotate(n=Count("id"))
    )
    found = dict.fromkeys((p.pk for p in people), 0)
    found.update(dict(rows))
    return found


def _rule_choice(case: Case, rule: str, candidates: list[Person]) -> Person:
    """The rapporteur `rule` picks among `candidates` (already free of recusals)."""
    if rule == AssignmentRule.BY_LOAD:
        load = open_load(case.commission, candidates)
        return min(candidates, key=lambda p: (load[p.pk], candidates.index(p)))
    last = (
        Assignment.objects.filter(case__commission=case.commission)
        .exclude(case=case)
        .order_by("-assigned_at", "-id")
        .values_list("rapporteur_id", flat=True)
        .first()
    )
    members = sitting_members(case.commission)
    order = [p.pk for p in members]
    start = order.index(last) + 1 if last in order else 0
    eligible = {p.pk: p for p in candidates}
    for step in range(len(order)):
        pk = order[(start + step) % len(order)]
        if pk in eligible:
            return eligible[pk]
    return candidates[0]


def assign_case(
    *,
    actor: Actor,
    case: Case,
    rapporteur: Person | None = None,
    rule: str | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Assignment:
    """Make `rapporteur` (or, without one, the member the rule picks) the case's rapporteur.

    `rule` defaults to the organisation's rule; "chair" then needs a named rapporteur. A case
    that already has a rapporteur is reassigned: the current assignment ends with `reason`,
    which is then required. Side effects: the case's version goes up; an audit event.

    Errors: NotAllowed without cases.assign_case; InvalidInput for a closed or withdrawn case,
    someone who does not sit on the commission, someone who must stand aside, the same
    rapporteur again, a reassignment without a reason, or no member left to pick; Conflict
    when the case changed meanwhile.
    """
    require(actor, ASSIGN, "assign cases")
    with transaction.atomic():
        current = _locked(case, expected_version)
        if current.state in TERMINAL_STATES:
            raise InvalidInput(
                _("%(current)s is %(CaseState)s; it is no longer assigned.")
                % {"current": current, "CaseState": CaseState(current.state).label}
            )
        members = sitting_members(current.commission)
        stand_aside = who_must_stand_aside(current, members)
        chosen_rule = rule or rules.rules_for(current).assignment_rule
        if chosen_rule not in AssignmentRule.values:
            raise InvalidInput(
                _("'%(chosen_rule)s' is not a rule of assignment.") % {"chosen_rule": chosen_rule},
                field="rule",
            )
        if rapporteur is None:
            if chosen_rule == AssignmentRule.CHAIR:
                raise InvalidInput(
                    _("Name the rapporteur, or choose a rule (round-robin, by load) to pick one."),
                    field="rapporteur",
                )
            candidates = [
                p for p in members if p.pk not in stand_aside and p.pk != current.rapporteur_id
            ]
            if not candidates:
                raise InvalidInput(
                    _(
                        "No member of %(commission)s is free to take %(current)s: every one "
                        "must stand aside or already has it."
                    )
                    % {"commission": current.commission, "current": current},
                    field="rapporteur",
                )
            rapporteur = _rule_choice(current, chosen_rule, candidates)
        else:
            chosen_rule = AssignmentRule.CHAIR
        if rapporteur.pk not in {p.pk for p in members}:
            raise InvalidInput(
                _(
                    "%(rapporteur)s does not sit on %(commission)s; only its members can "
                    "be rapporteurs of its cases."
                )
                % {"rapporteur": rapporteur.display_name, "commission": current.commission},
                field="rapporteur",
            )
        if rapporteur.pk in stand_aside:
            raise InvalidInput(
                _(
                    "%(rapporteur)s must stand aside from this case: %(stand_aside)s The "
                    "chair may record an override with a reason."
                )
                % {
                    "rapporteur": rapporteur.display_name,
                    "stand_aside": " ".join(stand_aside[rapporteur.pk]),
                },
                field="rapporteur",
            )
        if rapporteur.pk == current.rapporteur_id:
            raise InvalidInput(
                _("%(rapporteur)s is already the rapporteur of %(current)s.")
                % {"rapporteur": rapporteur.display_name, "current": current},
                field="rapporteur",
            )
        previous = Assignment.objects.filter(case=current, ended_at__isnull=True).first()
        if previous is not None and not reason.strip():
            raise InvalidInput(
                _("%(current)s is with %(rapporteur)s; say why it is reassigned.")
                % {"current": current, "rapporteur": previous.rapporteur.display_name},
                field="reason",
            )
        now = clock.now()
        if previous is not None:
            previous.ended_at = now
            previous.ended_reason = reason.strip()
            previous.save(update_fields=["ended_at", "ended_reason"])
        try:
            with transaction.atomic():
                assignment = Assignment.objects.create(
                    case=current, rapporteur=rapporteur, rule=chosen_rule,
                    reason=reason.strip(), assigned_by=actor if actor.pk else None,
                )  # fmt: skip
        except IntegrityError:
            raise Conflict(
                _("Someone else assigned %(current)s at the same moment. Reload the case.")
                % {"current": current}
            ) from None
        before = tallies.key_of(current)
        current.rapporteur = rapporteur
        current.version = F("version") + 1
        current.save(update_fields=["rapporteur", "version"])
        current.refresh_from_db(fields=["version"])
        tallies.moved(before, tallies.key_of(current))
        label = AssignmentRule(chosen_rule).label
        how = "" if chosen_rule == AssignmentRule.CHAIR else f" ({label})"
        verb = "Reassigned" if previous is not None else "Assigned"
        record_event(
            actor=actor,
            action=AuditAction.CASE_ASSIGN,
            target=current,
            summary=f"{verb} {current} to {rapporteur.display_name}{how}."
            + (f" Reason: {reason.strip()}" if reason.strip() else ""),
            before={"rapporteur": previous.rapporteur.ref if previous else None},
            after={"rapporteur": rapporteur.ref, "rule": chosen_rule, "reason": reason.strip()},
        )
    return assignment


def set_assignment_rule(*, actor: Actor, organisation: Organisation, rule: str) -> DueProcessRules:
    """Set how the organisation's cases find their rapporteur when the chair names none, from
    today: a new version of its rules (`rulebook.set_rules`).

    Errors: NotAllowed without cases.assign_case; InvalidInput for an unknown rule or the rule
    already in effect; Conflict when the rules already changed today."""
    if rule not in AssignmentRule.values:
        raise InvalidInput(
            _("'%(rule)s' is not a rule of assignment.") % {"rule": rule}, field="rule"
        )
    return rulebook.set_rules(
        actor=actor,
        organisation=organisation,
        effective_from=clock.today(),
        changes={"assignment_rule": rule},
        reason=f"Cases find their rapporteur by: {AssignmentRule(rule).label}.",
        permission=ASSIGN,
        action=AuditAction.CASE_ASSIGNMENT_RULE,
    )
