"""The referee rule: a recommendation counts only from someone who observed the member's work
for at least a year (by default) and worked with them in the organisation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from commission.cases.enums import KnowledgeBasis, Stance
from commission.cases.models import Case, Testimony
from commission.cases.rules import rules_for
from commission.core import clock
from commission.registry.enums import RelationshipKind
from commission.registry.models import Membership, Relationship

WORK_TIES = (
    RelationshipKind.OBSERVED_WORK,
    RelationshipKind.SUPERVISED_WORK,
    RelationshipKind.COLLEAGUE,
)


@dataclass(frozen=True)
class RefereeVerdict:
    testimony: Testimony
    counts: bool
    reasons: list[str]


def _months(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + (end.month - start.month) - (end.day < start.day)


def referee_verdicts(*, case: Case, today: dt.date | None = None) -> list[RefereeVerdict]:
    """For every testimony in the subject's favour on `case`, whether it counts as a
    recommendation under the organisation's rule, and why, in sentences."""
    today = today or clock.today()
    minimum = rules_for(case).referee_min_months
    organisation_id = case.commission.organisation_id
    subject = case.subject
    verdicts = []
    testimonies = (
        Testimony.objects.filter(case=case, stance=Stance.FOR)
        .select_related("witness", "document")
        .order_by("recorded_at", "id")
    )
    for testimony in testimonies:
        witness = testimony.witness
        reasons: list[str] = []
        counts = True
        if testimony.basis != KnowledgeBasis.OBSERVED_WORK:
            counts = False
            reasons.append(
                _(
                    "%(witness)s speaks from %(KnowledgeBasis)s, not from observing "
                    "%(subject)s's work."
                )
                % {
                    "witness": witness.display_name,
                    "KnowledgeBasis": KnowledgeBasis(testimony.basis).label,
                    "subject": subject.display_name,
                }
            )
        ties = Relationship.objects.filter(
            Q(source=witness, target=subject) | Q(source=subject, target=witness),
            kind__in=list(WORK_TIES),
        )
        longest = 0
        dated = False
        until = testimony.document.written_on or today
        for tie in ties:
            if tie.started_on:
                dated = True
                longest = max(longest, _months(tie.started_on, tie.ended_on or until))
        if not ties:
            counts = False
            reasons.append(
                _("No working tie between %(witness)s and %(subject)s is on record.")
                % {"witness": witness.display_name, "subject": subject.display_name}
            )
        elif not dated:
            counts = False
            reasons.append(_("How long they worked together is not on record."))
        elif longest < minimum:
            counts = False
            reasons.append(
                _(
                    "They worked together for %(longest)s months; the rule asks for at "
                    "least %(minimum)s."
                )
                % {"longest": longest, "minimum": minimum}
            )
        else:
            reasons.append(
                _("They worked together for %(longest)s months (at least %(minimum)s needed).")
                % {"longest": longest, "minimum": minimum}
            )
        if not Membership.objects.filter(person=witness, organisation_id=organisation_id).exists():
            counts = False
            reasons.append(
                _(
                    "%(witness)s is not a member of %(organisation)s, so did not work with "
                    "them in the organisation."
                )
                % {"witness": witness.display_name, "organisation": case.commission.organisation}
            )
        if counts:
            reasons.insert(0, "This recommendation counts.")
        verdicts.append(RefereeVerdict(testimony, counts, reasons))
    return verdicts
