from __future__ import annotations

import datetime as dt

from commission.cases import models as case_models
from commission.documents.models import Document
from commission.inquiries.referees import referee_verdicts
from commission.registry.enums import RelationshipKind
from commission.registry.models import Relationship
from tests.factories import MembershipFactory, PersonFactory


def _recommend(story, witness, basis="observed_work", fingerprint="d"):
    doc = Document.objects.create(
        title="Recommendation",
        text="t",
        fingerprint=fingerprint * 64,
        written_on=dt.date(1921, 12, 1),
    )
    return case_models.Testimony.objects.create(
        case=story.case, document=doc, witness=witness, stance="for", basis=basis
    )


def test_recommendation_counts_after_a_year_of_observed_work_in_the_organisation(story):
    referee = PersonFactory(ref="P-ref", given_name="Anna", surname="Belova")
    MembershipFactory(person=referee, organisation=story.case.commission.organisation)
    Relationship.objects.create(
        source=referee, target=story.subject, kind=RelationshipKind.OBSERVED_WORK,
        started_on=dt.date(1919, 5, 1),
    )  # fmt: skip
    _recommend(story, referee)
    (verdict,) = referee_verdicts(case=story.case)
    assert verdict.counts
    assert verdict.reasons == [
        "This recommendation counts.",
        "They worked together for 31 months (at least 12 needed).",
    ]


def test_short_acquaintance_and_outsider_do_not_count(story):
    referee = PersonFactory(ref="P-ref2", given_name="Ivan", surname="Kratkov")
    Relationship.objects.create(
        source=referee, target=story.subject, kind=RelationshipKind.COLLEAGUE,
        started_on=dt.date(1921, 6, 1),
    )  # fmt: skip
    _recommend(story, referee)
    (verdict,) = referee_verdicts(case=story.case)
    assert not verdict.counts
    assert verdict.reasons == [
        "They worked together for 6 months; the rule asks for at least 12.",
        "Ivan Petrovich Kratkov is not a member of RCP(b), so did not work with them in the "
        "organisation.",
    ]


def test_knowing_a_relative_is_not_a_recommendation(story):
    MembershipFactory(person=story.author, organisation=story.case.commission.organisation)
    _recommend(story, story.author, basis="knows_relative")
    (verdict,) = referee_verdicts(case=story.case)
    assert not verdict.counts
    assert verdict.reasons[0] == (
        "Vladimir Ilyich Ulyanov (Lenin) speaks from knows a relative, not from observing "
        "Yevgenia Kasparova-Popova's work."
    )
    assert "No working tie between" in verdict.reasons[1]
