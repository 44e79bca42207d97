"""Due-process rules and the policy of who may do what on a case: who counts as the case's
subject, who may appeal and backdate an appeal, who may decide, who must stand aside, whether a
vote carried, whether readmission is open.

Pure reads shared by the services (which refuse what the rules forbid) and by the pages, the API
and the command line (which only show the same verdict before anyone submits)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from commission.cases.enums import CaseKind, CaseState, DecisionOutcome, VoteChoice
from commission.cases.models import Case, DueProcessRules, Testimony
from commission.core import clock
from commission.core.actors import Viewer
from commission.core.dates import long_date
from commission.core.errors import InvalidInput, NotAllowed
from commission.core.roles import can
from commission.registry.enums import (
    INVERSE_LABELS,
    SYMMETRIC_RELATIONSHIPS,
    MembershipStatus,
    RelationshipKind,
)
from commission.registry.models import Membership, Person, Relationship

FILE_APPEALS = "cases.file_appeal"
RECORD_DECISIONS = "cases.record_decision"

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


def is_subject(user: Viewer, case: Case) -> bool:
    """Whether `user` signs in as the person the case is about."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return False
    return Person.objects.filter(pk=case.subject_id, user_id=user.pk).exists()


def may_appeal(user: Viewer, case: Case) -> bool:
    """The subject may appeal a decision on their own case; the secretariat, on anyone's."""
    return can(user, FILE_APPEALS) or is_subject(user, case)


def may_backdate_appeal(user: Viewer) -> bool:
    """Only the secretariat records the day a posted appeal arrived; everyone else files on the
    day they file, so nobody can date their own appeal back into a closed window."""
    return can(user, FILE_APPEALS)


def may_decide(user: Viewer) -> bool:
    return can(user, RECORD_DECISIONS)


def appeal_open_to(user: Viewer, case: Case) -> bool:
    """Whether the page offers `user` an appeal: the case is decided, there is a commission
    above to appeal to, and `user` may appeal it."""
    return bool(
        case.state == CaseState.DECIDED and case.commission.parent_id and may_appeal(user, case)
    )


def check_appeal_filing(user: Viewer, case: Case, *, filed_on: dt.date, today: dt.date) -> None:
    """Refuse, with a sentence, an appeal `user` may not file on `case` dated `filed_on`.

    Errors: NotAllowed for someone who is neither the subject nor allowed to appeal for others;
    InvalidInput for a date other than today from anyone but the secretariat, and for a day
    that has not come yet."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        raise NotAllowed(_("You must be signed in to file an appeal."))
    if not may_appeal(user, case):
        raise NotAllowed(_("You may appeal only against a decision on your own case."))
    if filed_on > today:
        raise InvalidInput(
            _("An appeal cannot be filed on %(filed_on)s, a day that has not come yet.")
            % {"filed_on": long_date(filed_on)},
            field="filed_on",
        )
    if filed_on != today and not may_backdate_appeal(user):
        raise InvalidInput(
            _(
                "Your appeal is filed on the day you send it; only the secretariat "
                "records another day."
            ),
            field="filed_on",
        )


def rules_in_effect(organisation_id: int, on: dt.date | None = None) -> DueProcessRules:
    """The version of the organisation's rules in effect on `on` (default: today), or the
    defaults (unsaved) when it has none in effect then."""
    day = on or clock.today()
    found = (
        DueProcessRules.objects.filter(organisation_id=organisation_id)
        .filter(Q(effective_from__isnull=True) | Q(effective_from__lte=day))
        .order_by(F("effective_from").desc(nulls_last=True))
        .first()
    )
    return found or DueProcessRules(organisation_id=organisation_id)


def rules_for(case: Case, on: dt.date | None = None) -> DueProcessRules:
    """The rules that apply to the case on `on` (default: today)."""
    return rules_in_effect(case.commission.organisation_id, on)


def membership_in_question(case: Case) -> Membership | None:
    """The subject's membership of the organisation whose commission hears the case."""
    return Membership.objects.filter(
        person_id=case.subject_id, organisation_id=case.commission.organisation_id
    ).first()


def witnesses_of(case: Case) -> list[Person]:
    ids = Testimony.objects.filter(case=case).values_list("witness_id", flat=True).distinct()
    return list(Person.objects.filter(pk__in=list(ids)))


def _close_tie_label(rel: Relationship, person_id: int) -> str:
    """How `rel` reads from `person_id`'s side, as registry.queries.ties_of words it."""
    kind = RelationshipKind(rel.kind)
    if rel.source_id == person_id or kind in SYMMETRIC_RELATIONSHIPS:
        return str(kind.label)
    return str(INVERSE_LABELS.get(kind, f"{kind.label} (by)"))


def recusal_reasons_for(
    case: Case, people: list[Person], witnesses: list[Person] | None = None
) -> dict[int, list[str]]:
    """Why each of `people` is tied to the case's subject or to one of its witnesses, within
    two steps of family or close-work ties, as sentences (empty when they may sit), in one
    query: both steps of a two-step tie touch a commissioner or a target (the subject or a
    witness), so every relationship the rule can use is among those that touch one of them."""
    targets = {case.subject_id: f"the subject, {case.subject.display_name}"}
    for witness in witnesses_of(case) if witnesses is None else witnesses:
        targets.setdefault(witness.pk, f"the witness {witness.display_name}")
    ids = set(targets) | {p.pk for p in people}
    rels = list(
        Relationship.objects.filter(kind__in=list(RECUSAL_KINDS))
        .filter(Q(source_id__in=ids) | Q(target_id__in=ids))
        .select_related("source", "target")
        .order_by("id")
    )
    touching: dict[int, list[Relationship]] = defaultdict(list)
    for rel in rels:
        touching[rel.source_id].append(rel)
        touching[rel.target_id].append(rel)
    result: dict[int, list[str]] = {}
    for person in people:
        name = person.display_name
        if person.pk in targets:
            result[person.pk] = [f"{name} is {targets[person.pk]} of this case."]
            continue
        first_step = []
        for rel in touching[person.pk]:
            other = rel.target if rel.source_id == person.pk else rel.source
            first_step.append((_close_tie_label(rel, person.pk), other))
        first_step.sort(key=lambda tie: (tie[0], tie[1].surname_key, tie[1].pk))
        reasons = [
            f"{name} is {label} {targets[other.pk]}."
            for label, other in first_step
            if other.pk in targets
        ]
        near = {other.pk: (label, other) for label, other in first_step if other.pk not in targets}
        for rel in rels:
            if rel.source_id in near and rel.target_id in targets:
                middle_id, end_id = rel.source_id, rel.target_id
            elif rel.target_id in near and rel.source_id in targets:
                middle_id, end_id = rel.target_id, rel.source_id
            else:
                continue
            label, middle = near[middle_id]
            reasons.append(
                f"{name} is {label} {middle.display_name}, "
                f"who is tied ({rel.get_kind_display()}) to {targets[end_id]}."
            )
        result[person.pk] = reasons
    return result


def recusal_reasons(case: Case, commissioner: Person) -> list[str]:
    """The recusal rule for one commissioner (see recusal_reasons_for)."""
    return recusal_reasons_for(case, [commissioner])[commissioner.pk]


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
        return gettext("%(for)s for, %(against)s against, %(abstain)s abstaining") % {
            "for": self.for_,
            "against": self.against,
            "abstain": self.abstain,
        }


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
    rules = rules_for(case, decided_on)
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
