"""The statistics' counts kept per commission (reports.statistics.kept): after every change made
through the services, the figures added up from the kept counts are the figures counted afresh,
for every class of reader, scope and period; and a change counts again only the commissions of
the people it concerns."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from commission.audit.models import AuditEvent
from commission.audit.services import record_event
from commission.cases.models import Case, Decision, Hearing
from commission.cases.services import open_appeal, open_case, record_decision, transition_case
from commission.core.audit_actions import AuditAction
from commission.demo.loader import load_demo
from commission.documents.models import Document
from commission.inquiries.models import Inquiry
from commission.inquiries.services import answer_inquiry, ask
from commission.jobs.enums import JobState
from commission.jobs.models import Job
from commission.jobs.running import run_job_message
from commission.registry.models import Commission, Person
from commission.reports.models import KeptTally
from commission.reports.statistics.figures import compute
from commission.reports.statistics.jobs import behind, catch_up_statistics
from commission.reports.statistics.kept import FULL, KEEP, period_key, touched_segments
from commission.reports.statistics.report import as_data, frame_for, procedure_statistics
from commission.reports.statistics.scope import Period, third
from commission.reports.statistics.tally import UNFILED, segment_of_case
from tests.cases.conftest import hierarchy  # noqa: F401 (a fixture)
from tests.factories import CommissionFactory, UserFactory


@pytest.fixture
def readers(db):
    return {
        "chair": UserFactory(username="kept-chair", roles=["chair"]),
        "clerk": UserFactory(username="kept-clerk", roles=["clerk"]),
    }


def _scopes():
    yield {}
    yield {"level": "central"}
    for commission in Commission.objects.order_by("ref"):
        yield {"commission": commission.ref}
    # Periods of whole months, and periods that cut the thirds of a month at either end or
    # both, or lie within one: each is the sum of its kept thirds and its ends counted afresh.
    yield {"start": "1921-01-01", "end": "1921-12-31"}
    yield {"start": "1921-03-15", "end": "1922-02-10"}
    yield {"start": "1921-12-20"}
    yield {"end": "1921-12-20"}
    yield {"start": "1921-12-03", "end": "1921-12-25"}
    yield {"start": "1921-11-30", "end": "1921-12-01"}
    yield {"start": "1921-12-11", "end": "1921-12-20"}
    yield {"start": "1921-12-21", "end": "1922-01-15"}
    yield {"level": "central", "start": "1921-06-01", "end": "1922-04-30"}
    first = Commission.objects.order_by("ref").first()
    if first is not None:
        yield {"commission": first.ref, "start": "1921-11-10", "end": "1922-03-31"}


def _same_as_afresh(readers):
    """Every reader and scope: the kept figures equal those counted afresh; then the workers
    keep the sets the pages could not (whose figures were counted afresh for the page)."""
    for name, user in readers.items():
        for scope in _scopes():
            kept = as_data(procedure_statistics(user=user, **scope))
            afresh = as_data(compute(frame_for(user=user, **scope)))
            assert kept == afresh, (name, scope)
    _workers_keep()


def _workers_keep():
    """What the workers do with the sets the pages asked them to count in full."""
    for job in Job.objects.filter(name=KEEP, state=JobState.WAITING).order_by("pk"):
        run_job_message(job.pk)


def reply_document() -> Document:
    return Document.objects.create(title="A reply", text="I knew her.", fingerprint="r" * 64)


def _kept(reading="all"):
    return dict(
        KeptTally.objects.filter(reading=reading, period=period_key(Period())).values_list(
            "segment", "as_of_seq"
        )
    )


def test_kept_figures_follow_the_demo_story_and_each_change_after_it(readers):
    load_demo(decide=False)
    _same_as_afresh(readers)
    chair = readers["chair"]
    # A commission of the same organisation with a case of its own, about someone else.
    central = Commission.objects.get(ref="C-central")
    # (A large key, as an organisation of thousands of commissions has, names long rows.)
    elsewhere = CommissionFactory(
        pk=123_456, ref="C-elsewhere", organisation=central.organisation, level="gubernia",
        parent=central,
    )  # fmt: skip
    member = Person.objects.filter(
        memberships__organisation=central.organisation, cases__isnull=True
    ).order_by("ref").first()  # fmt: skip
    open_case(actor=chair, subject=member, commission=elsewhere, kind="verification")
    _same_as_afresh(readers)
    before = _kept()
    assert FULL in before
    assert f"+commission:{elsewhere.pk}" in before

    # The chair hears the appeals: decisions, votes, status changes, letters, minutes.
    load_demo()
    _same_as_afresh(readers)
    after = _kept()
    assert after[FULL] > before[FULL]
    assert after[f"+commission:{central.pk}"] == after["+all"] == after[FULL]
    # The commission before which the two members had no case was not counted again.
    assert after[f"+commission:{elsewhere.pk}"] == before[f"+commission:{elsewhere.pk}"]
    assert (
        after[segment_of_case(elsewhere.pk, Case.objects.get(commission=elsewhere).pk)]
        == (before[FULL])
    )

    chair = readers["chair"]
    decision = Decision.objects.filter(outcome="reinstate").order_by("pk").first()
    subject = decision.case.subject
    other = Commission.objects.exclude(pk=decision.case.commission_id).order_by("ref").first()
    case = open_case(
        actor=chair, subject=subject, commission=other, kind="verification",
        title="Verification after reinstatement", opened_on=dt.date(1922, 3, 1),
        confidential=True,
    )  # fmt: skip
    _same_as_afresh(readers)
    case = transition_case(
        actor=chair, case=case, to_state="gathering", reason="Letters asked for.",
        expected_version=case.version,
    )  # fmt: skip
    witness = Person.objects.exclude(pk=subject.pk).order_by("ref").first()
    inquiry = ask(
        actor=chair, subject=subject, case=case, recipient=witness,
        question="What do you know of her work?", due_on=dt.date(1922, 4, 1),
    )  # fmt: skip
    _same_as_afresh(readers)
    inquiry = Inquiry.objects.get(pk=inquiry.pk)
    answer_inquiry(
        actor=chair, inquiry=inquiry, reply=reply_document(), stance="for", basis="hearsay",
        expected_version=inquiry.version,
    )  # fmt: skip
    _same_as_afresh(readers)


def test_an_appeal_and_its_decision_count_again_the_commission_appealed_against(
    readers,
    hierarchy,  # noqa: F811 (the fixture imported above)
):
    h, chair = hierarchy, readers["chair"]
    case = open_case(
        actor=chair, subject=h.subject, commission=h.district, kind="expulsion",
        opened_on=dt.date(1921, 12, 1),
    )  # fmt: skip
    case = transition_case(
        actor=chair, case=case, to_state="ready", reason="File complete.",
        expected_version=case.version,
    )  # fmt: skip
    expelled = record_decision(
        actor=chair, case=case, expected_version=case.version, outcome="expel",
        reasons="Absent from the cell's work for a year.",
        votes=dict.fromkeys(h.district_commissioners, "for"), decided_on=dt.date(1921, 12, 10),
        grounds=["passivity"],
    )  # fmt: skip
    _same_as_afresh(readers)
    appeal = open_appeal(
        actor=chair, decision=expelled, statement="Wrongly expelled.",
        filed_on=dt.date(1921, 12, 12),
    )  # fmt: skip
    _same_as_afresh(readers)
    appeal = transition_case(
        actor=chair, case=appeal, to_state="ready", reason="File complete.",
        expected_version=appeal.version,
    )  # fmt: skip
    record_decision(
        actor=chair, case=appeal, expected_version=appeal.version, outcome="reinstate",
        reasons="The cell's minutes show her at work.",
        votes=dict.fromkeys(h.gubernia_commissioners, "for"), decided_on=dt.date(1921, 12, 20),
        grounds=["new-evidence"],
    )  # fmt: skip
    _same_as_afresh(readers)
    stats = procedure_statistics(user=chair, commission=h.district.ref)
    assert (stats.expulsions, stats.readmitted, stats.decisions_appealed) == (1, 1, 1)
    assert [(r.commission_ref, r.overturned) for r in stats.appeals] == [(h.district.ref, 1)]


def test_which_commissions_a_change_reaches(db):
    load_demo()
    case = Case.objects.filter(subject__ref="P-kasparova-popova").order_by("pk").first()
    own = {
        segment_of_case(c, pk)
        for c, pk in Case.objects.filter(subject=case.subject).values_list("commission_id", "pk")
    }
    assert len(own) > 1  # her expulsion below and her appeal above
    assert touched_segments([("case.transition", "cases.case", str(case.pk))]) == own
    decision = Decision.objects.filter(case=case).first()
    if decision is not None:
        assert touched_segments([("decision.record", "cases.decision", str(decision.pk))]) == own
    # A reading or a tag changes no count; a merge of people, or a kind of change not
    # known, has everything counted again.
    assert touched_segments([("person.personal_data_read", "registry.person", "1")]) == set()
    assert touched_segments([("document.tag", "documents.document", "1")]) == set()
    # A hearing moves its case between states.
    hearing = Hearing.objects.filter(case__subject=case.subject).first()
    assert touched_segments([("hearing.held", "cases.hearing", str(hearing.pk))]) == own
    assert touched_segments([("person.merge", "registry.person", "1")]) is None
    assert touched_segments([("something.new", "cases.case", "1")]) is not None
    assert touched_segments([("something.new", "somewhere.else", "1")]) is None
    unfiled = Inquiry.objects.filter(case__isnull=True).first()
    if unfiled is not None:
        assert UNFILED in touched_segments([("inquiry.send", "inquiries.inquiry", str(unfiled.pk))])


def test_a_change_not_followed_counts_everything_again(readers):
    load_demo()
    _same_as_afresh(readers)
    chair = readers["chair"]
    case = Case.objects.order_by("pk").first()
    Case.objects.filter(pk=case.pk).update(kind="expulsion")  # an import's doing, say
    with transaction.atomic():
        record_event(actor=chair, action=AuditAction.RECORD_IMPORT, target_type="record",
                     target_id="", summary="Records imported.")  # fmt: skip
    before = _kept()
    # The page counts afresh and leaves the kept sets to a worker, which counts them in full.
    kept = as_data(procedure_statistics(user=chair))
    assert kept == as_data(compute(frame_for(user=chair)))
    assert _kept() == before
    assert Job.objects.filter(name=KEEP, state=JobState.WAITING).count() == 1
    _same_as_afresh(readers)
    rows = _kept()
    assert len(set(rows.values())) == 1  # every row counted at the import's event
    assert rows != before


def test_a_worker_brings_the_kept_counts_up_to_date_after_a_change(readers):
    load_demo(decide=False)
    assert behind()  # nothing counted yet
    catch_up_statistics()
    assert not behind()
    marks = dict(KeptTally.objects.filter(segment=FULL).values_list("reading", "as_of_seq"))
    load_demo()  # the chair's decisions
    assert behind()
    catch_up_statistics()
    assert not behind()
    after = dict(KeptTally.objects.filter(segment=FULL).values_list("reading", "as_of_seq"))
    assert all(after[r] > marks[r] for r in ("all", "public"))
    _same_as_afresh(readers)


def test_recount_counts_afresh_what_was_changed_behind_the_services_back(readers):
    load_demo()
    chair = readers["chair"]
    before = procedure_statistics(user=chair)
    Case.objects.filter(subject__ref="P-n-alliluyeva", kind="expulsion").update(kind="verification")
    assert as_data(procedure_statistics(user=chair)) == as_data(before)  # no event: not seen
    out = StringIO()
    call_command("report", "statistics", "--recount", "--json", "--as", chair.username, stdout=out)
    assert '"kind": "verification"' in out.getvalue()
    _same_as_afresh(readers)
    assert AuditEvent.objects.filter(action="statistics.recount").count() == 1


def test_a_recount_compiled_once_counts_other_cases_as_the_queries_built_afresh(
    readers, monkeypatch
):
    """A recount's queries are compiled once and run again with other case numbers: for any
    segments, with or without the inquiries on no case, for either reading, they count what
    the same queries built afresh for those segments count."""
    from dataclasses import replace

    from commission.reports.statistics import figures
    from commission.reports.statistics.scope import Scope

    load_demo()
    people = list(Person.objects.order_by("pk")[:2])
    ask(
        actor=readers["chair"], subject=people[0], recipient=people[1],
        question="Do you know her?", due_on=dt.date(1921, 12, 1),
    )  # fmt: skip
    segments = sorted(
        {segment_of_case(c, pk) for c, pk in Case.objects.values_list("commission_id", "pk")}
    )
    assert len(segments) > 2
    choices = [
        frozenset(segments[::2]),
        frozenset(segments[1::2]) | {UNFILED},
        frozenset(segments[:1]),
        frozenset(segments) | {UNFILED},
    ]
    base = frame_for(user=readers["chair"])

    def counted(reading, among):
        frame = replace(base, reading=reading, segmented=True, scope=Scope(among=among))
        return {key: tally.counters for key, tally in figures.tally(frame).items()}

    readings = (figures.Reading.ALL, figures.Reading.PUBLIC)
    figures._COMPILED.clear()
    compiled = {(r, among): counted(r, among) for r in readings for among in choices}
    assert len(figures._COMPILED) > 10
    monkeypatch.setattr(figures, "_recount", lambda frame: False)
    for (reading, among), found in compiled.items():
        assert found == counted(reading, among), (reading, sorted(among))
    everything = compiled[(figures.Reading.ALL, choices[-1])]
    # Counted by segment and third of a month: the inquiry on no case under the days it was
    # sent in.
    sent = third(Inquiry.objects.get(question="Do you know her?").sent_at.date())
    assert everything[f"{UNFILED}@{sent}"]["counts"]["inquiries.sent"] == 1
    assert sum(t.get("opened", {}).get("expulsion", 0) for t in everything.values()) > 0


def test_a_month_is_told_in_the_time_zone_of_the_periods_days(readers, settings):
    """An inquiry sent at 22:30 UTC on 30 November is sent on 1 December in Moscow: with the
    days told in Moscow time, the kept first third of December holds it, as counting afresh
    does."""
    settings.TIME_ZONE = "Europe/Moscow"
    load_demo(decide=False)
    chair = readers["chair"]
    people = list(Person.objects.order_by("pk")[:2])
    inquiry = ask(
        actor=chair, subject=people[0], recipient=people[1], question="Do you know her?",
        due_on=dt.date(1921, 12, 20),
    )  # fmt: skip
    moment = dt.datetime(1921, 11, 30, 22, 30, tzinfo=dt.UTC)
    Inquiry.objects.filter(pk=inquiry.pk).update(sent_at=moment)
    call_command("report", "statistics", "--recount", "--as", chair.username, stdout=StringIO())
    catch_up_statistics()
    for period in ({"start": "1921-12-01", "end": "1921-12-10"},
                   {"start": "1921-11-21", "end": "1921-11-30"},
                   {"start": "1921-11-01", "end": "1921-12-31"}):  # fmt: skip
        kept = as_data(procedure_statistics(user=chair, **period))
        afresh = as_data(compute(frame_for(user=chair, **period)))
        assert kept == afresh, period
    december = as_data(procedure_statistics(user=chair, start="1921-12-01", end="1921-12-10"))
    assert december["inquiries"]["sent"] >= 1
    # Read from the kept days, not counted afresh.
    assert KeptTally.objects.filter(segment="+all@1921-12-1").exists()
