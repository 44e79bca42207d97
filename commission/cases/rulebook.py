"""Changing an organisation's due-process rules: each change is a new version that takes effect
on a given day, with its audit event; no version is ever overwritten, and each decision keeps
the version it was taken under (`Decision.rules`). Reads are `rules.rules_in_effect` and
`rules_history`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from commission.audit.services import record_event
from commission.cases.enums import AssignmentRule
from commission.cases.models import DueProcessRules
from commission.cases.rules import rules_in_effect
from commission.core.actors import Actor
from commission.core.audit_actions import AuditAction
from commission.core.errors import Conflict, InvalidInput
from commission.core.roles import require
from commission.registry.models import Organisation

CHANGE_RULES = "cases.change_rules"


@dataclass(frozen=True)
class RuleField:
    name: str
    label: str
    unit: str
    low: int = 0
    high: int = 32767


# The rules an organisation may change, in the order pages and commands list them.
RULE_FIELDS: tuple[RuleField, ...] = (
    RuleField("appeal_window_days", "Appeal window", "days", low=1),
    RuleField("file_due_days", "Time for the file of an open case", "days", low=1),
    RuleField("hearing_due_days", "Time to hear a case ready for hearing", "days", low=1),
    RuleField("probation_months_workers", "Readmission probation for workers", "months"),
    RuleField("probation_months_others", "Readmission probation for others", "months"),
    RuleField(
        "halving_majority_percent", "Majority that may halve a probation", "% of votes", 1, 100
    ),
    RuleField("referee_min_months", "Time a referee must have observed the work", "months"),
    RuleField("quorum_percent", "Quorum of a sitting", "% of those seated", 0, 99),
    RuleField("assignment_rule", "How a case finds its rapporteur", ""),
)
FIELDS_BY_NAME = {f.name: f for f in RULE_FIELDS}


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def rule_values(rules: DueProcessRules) -> dict[str, int | str]:
    return {f.name: getattr(rules, f.name) for f in RULE_FIELDS}


def rules_history(organisation: Organisation) -> list[DueProcessRules]:
    """Every version of the organisation's rules, newest first."""
    return list(
        DueProcessRules.objects.filter(organisation=organisation)
        .select_related("recorded_by")
        .order_by("-version")
    )


def _checked(changes: Mapping[str, object]) -> dict[str, int | str]:
    """The changes as values the rules hold; InvalidInput naming the rule otherwise."""
    checked: dict[str, int | str] = {}
    for name, raw in changes.items():
        field = FIELDS_BY_NAME.get(name)
        if field is None:
            known = ", ".join(FIELDS_BY_NAME)
            raise InvalidInput(
                _("There is no rule called %(name)r; the rules are: %(known)s.")
                % {"name": name, "known": known}
            )
        if name == "assignment_rule":
            if str(raw) not in AssignmentRule.values:
                choices = ", ".join(AssignmentRule.values)
                raise InvalidInput(
                    f"{raw!r} is not a rule of assignment; choose one of {choices}.", field=name
                )
            checked[name] = str(raw)
            continue
        try:
            value = int(str(raw).strip())
        except ValueError:
            raise InvalidInput(
                f"{field.label} must be a whole number of {field.unit}, not {raw!r}.", field=name
            ) from None
        if not field.low <= value <= field.high:
            raise InvalidInput(
                f"{field.label} must be between {field.low} and {field.high} {field.unit}; "
                f"{value} is not.",
                field=name,
            )
        checked[name] = value
    return checked


def set_rules(
    *,
    actor: Actor,
    organisation: Organisation,
    effective_from: dt.date,
    changes: Mapping[str, object],
    reason: str,
    permission: str = CHANGE_RULES,
    action: str = AuditAction.RULES_SET,
) -> DueProcessRules:
    """Record a new version of the organisation's rules taking effect on `effective_from`: the
    version in effect that day with `changes` applied. Cases and decisions from that day on
    follow it; decisions already taken keep theirs.

    Side effects: an audit event with the rules before and after. Errors: NotAllowed without
    the permission to change the rules; InvalidInput for an unknown rule, a value out of range,
    no change at all or no reason; Conflict when a version already takes effect that day."""
    require(actor, permission, "change the procedure's rules")
    if not reason.strip():
        raise InvalidInput(_("Say why the rules change."), field="reason")
    checked = _checked(changes)
    with transaction.atomic():
        # One writer at a time per organisation, so two versions never get the same number.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        base = rules_in_effect(organisation.pk, effective_from)
        before = rule_values(base)
        after = {**before, **checked}
        if after == before:
            raise InvalidInput(
                f"These are already the rules in effect on {_day(effective_from)}; nothing changes."
            )
        if DueProcessRules.objects.filter(
            organisation=organisation, effective_from=effective_from
        ).exists():
            raise Conflict(
                f"A version of the rules of {organisation} already takes effect on "
                f"{_day(effective_from)}; a version is never changed, so choose another day."
            )
        last = DueProcessRules.objects.filter(organisation=organisation).aggregate(
            last=Max("version")
        )["last"]
        try:
            with transaction.atomic():
                new = DueProcessRules.objects.create(
                    organisation=organisation,
                    version=(last or 0) + 1,
                    effective_from=effective_from,
                    reason=reason.strip(),
                    recorded_by=actor,
                    **after,
                )
        except IntegrityError:
            raise Conflict(
                f"Someone else changed the rules of {organisation} at the same moment; "
                "look at them again and retry."
            ) from None
        changed = [
            f"{FIELDS_BY_NAME[name].label.lower()} {before[name]} → {after[name]}"
            for name in FIELDS_BY_NAME
            if before[name] != after[name]
        ]
        record_event(
            actor=actor,
            action=action,
            target=new,
            summary=f"Rules of {organisation}, version {new.version}, in effect from "
            f"{_day(effective_from)}: {'; '.join(changed)}. {reason.strip()}",
            before=before,
            after={**after, "version": new.version, "effective_from": effective_from},
        )
    return new
