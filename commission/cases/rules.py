"""Due-process rules: who must stand aside, whether a vote carried, whether readmission is open.

Pure reads shared by the services (which refuse what the rules forbid) and by the pages (which
explain the same verdict before anyone submits)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Q

from commission.cases.enums import CaseKind, DecisionOutcome, VoteChoice
from commission.cases.models import Case, DueProcessRules, Testimony
from commission.registry.enums import MembershipStatus, RelationshipKind
from commission.registry.models import Membership, Person, Relationship
from commission.registry.queries import Tie, ties_of

# Ties close enough that a commissioner should not judge the other person (or their witness).
RECUSAL_KINDS = frozenset(
    {
        RelationshipKind.PARENT,
        RelationshipKind.SIBLING,
        RelationshipKind.SPOUSE,
        RelationshipKind.RELATIVE,
        RelationshipKind.COLLEAGUE,
        RelationshipKind.SUPERVISED_WORK,
    }
)
RESTORING_OUTCOMES = frozenset(
    {DecisionOutcome.PROBATION, DecisionOutcome.REINSTATE, DecisionOutcome.RETAIN}
)


def rules_for(case: Case) -> DueProcessRules:
    """The organisation's rules, or the defaults when it has not set its own."""
    organisation_id = case.commission.organisation_id
    found = DueProcessRules.objects.filter(organisation_id=organisation_id).first()
    return found or DueProcessRules(organisation_id=organisation_id)


def membership_in_question(case: Case) -> Membership | None:
    """The subject's membership of the organisation whose commission hears the case."""
    return Membership.objects.filter(
        person_id=case.subject_id, organisation_id=case.commission.organisation_id
    ).first()


def witnesses_of(case: Case) -> list[Person]:
    ids = Testimony.objects.filter(case=case).values_list("witness_id", flat=True).distinct()
    return list(Person.objects.filter(pk__in=list(ids)))


def _close_ties(person_id: int) -> list[Tie]:
    person = Person.objects.get(pk=person_id)
    return [t for t in ties_of(person) if t.relationship.kind in RECUSAL_KINDS]


def recusal_reasons(case: Case, commissioner: Person) -> list[str]:
    """Why `commissioner` is tied to the case's subject or to one of its witnesses, within two
    steps of family or close-work ties, as sentences; empty when they may sit."""
    targets = {case.subject_id: f"the subject, {case.subject.display_name}"}
    for witness in witnesses_of(case):
        targets.setdefault(witness.pk, f"the witness {witness.display_name}")
    if commissioner.pk in targets:
        return [f"{commissioner.display_name} is {targets[commissioner.pk]} of this case."]
    reasons = []
    first_step = _close_ties(commissioner.pk)
    for tie in first_step:
        if tie.other.pk in targets:
            reasons.append(f"{commissioner.display_name} is {tie.label} {targets[tie.other.pk]}.")
    near = {tie.other.pk: tie for tie in first_step if tie.other.pk not in targets}
    if near:
        second = Relationship.objects.filter(
            (Q(source_id__in=list(near)) & Q(target_id__in=list(targets)))
            | (Q(target_id__in=list(near)) & Q(source_id__in=list(targets))),
            kind__in=list(RECUSAL_KINDS),
        ).select_related("source", "target")
        for rel in second:
            middle_id = rel.source_id if rel.source_id in near else rel.target_id
            end_id = rel.target_id if middle_id == rel.source_id else rel.source_id
            first = near[middle_id]
            reasons.append(
                f"{commissioner.display_name} is {first.label} {first.other.display_name}, "
                f"who is tied ({rel.get_kind_display()}) to {targets[end_id]}."
            )
    return reasons


@dataclass
class VoteCount:
    for_: int = 0
    against: int = 0
    abstain: int = 0

    @property
    def cast(self) -> int:
        return self.for_ + self.against + self.abstain

    @property
    def carried(self) -> bool:
        return self.for_ > self.against

    def share_for(self) -> Fraction:
        return Fraction(self.for_, self.cast) if self.cast else Fraction(0)

    def __str__(self) -> str:
        return f"{self.for_} for, {self.against} against, {self.abstain} abstaining"


def count_votes(choices: list[str]) -> VoteCount:
    count = VoteCount()
    for choice in choices:
        if choice == VoteChoice.FOR:
            count.for_ += 1
        elif choice == VoteChoice.AGAINST:
            count.against += 1
        else:
            count.abstain += 1
    return count


@dataclass
class RuleCheck:
    applies: bool
    allowed: bool
    explanation: list[str] = field(default_factory=list)


def _months_between(start: dt.date, end: dt.date) -> Fraction:
    whole = (end.year - start.year) * 12 + (end.month - start.month)
    return Fraction(whole) + Fraction(end.day - start.day, 30)


def expelled_for_shameful_behaviour(membership: Membership) -> bool:
    last_expulsion = (
        membership.history.filter(
            to_status__in=[MembershipStatus.EXPELLED, MembershipStatus.EXPELLED_FOR_TERM]
        )
        .select_related("decision")
        .order_by("-effective_on", "-id")
        .first()
    )
    return bool(
        last_expulsion
        and last_expulsion.decision
        and last_expulsion.decision.outcome == DecisionOutcome.EXPEL_SHAMEFUL
    )


def check_readmission(
    *,
    case: Case,
    membership: Membership | None,
    outcome: str,
    decided_on: dt.date | None,
    term_until: dt.date | None,
    votes: VoteCount,
) -> RuleCheck:
    """Whether a decision that would bring an expelled person back satisfies the readmission
    rules: probation of 1½ years for workers and 3 for others (halved only by a 4/5 majority),
    closed to those expelled for shameful behaviour, and to those expelled for a term until it
    ends. An appeal reviews the expulsion itself, so the rules do not bind it."""
    if membership is None or outcome not in RESTORING_OUTCOMES:
        return RuleCheck(applies=False, allowed=True)
    if membership.status not in (MembershipStatus.EXPELLED, MembershipStatus.EXPELLED_FOR_TERM):
        return RuleCheck(applies=False, allowed=True)
    if case.kind == CaseKind.APPEAL:
        return RuleCheck(
            applies=False,
            allowed=True,
            explanation=[
                "This is an appeal against the expulsion itself, so the readmission rules "
                "do not apply: the commission may overturn the expulsion."
            ],
        )
    rules = rules_for(case)
    check = RuleCheck(applies=True, allowed=True)
    if decided_on is None:
        check.allowed = False
        check.explanation.append("The readmission rules need the date of the decision.")
        return check
    name = case.subject.display_name
    if expelled_for_shameful_behaviour(membership):
        check.allowed = False
        check.explanation.append(
            f"{name} was expelled for shameful behaviour; readmission is closed to them."
        )
        return check
    if (
        membership.status == MembershipStatus.EXPELLED_FOR_TERM
        and membership.term_until
        and membership.term_until > decided_on
    ):
        check.allowed = False
        check.explanation.append(
            f"{name} was expelled for a term that ends on {membership.term_until:%d %B %Y}; "
            "readmission is closed until then."
        )
        return check
    if outcome != DecisionOutcome.PROBATION:
        check.allowed = False
        check.explanation.append(
            "Readmission after expulsion is as a candidate on probation, not straight back "
            "to full membership."
        )
        return check
    is_worker = case.subject.is_worker
    required = Fraction(
        rules.probation_months_workers if is_worker else rules.probation_months_others
    )
    who = "a worker" if is_worker else "not a worker"
    majority = Fraction(rules.halving_majority_percent, 100)
    if votes.cast and votes.share_for() >= majority:
        required /= 2
        check.explanation.append(
            f"The vote ({votes}) reaches the {rules.halving_majority_percent}% majority, "
            "so the probation may be halved."
        )
    given = _months_between(decided_on, term_until) if term_until else Fraction(0)
    if given < required:
        check.allowed = False
        check.explanation.append(
            f"{name} is {who}: the probation must last at least {float(required):g} months, "
            f"but this decision sets {float(given):.1f}."
        )
    else:
        check.explanation.append(
            f"{name} is {who}: a probation of at least {float(required):g} months is needed; "
            f"this decision sets {float(given):.1f}."
        )
    return check
