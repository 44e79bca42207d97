"""Sittings and dockets: planning, the docket in order, quorum, a case not heard moved on,
decisions that record who was present, and minutes produced from the record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.test import APIClient

from commission.audit.models import AuditEvent
from commission.cases import services, sittings
from commission.cases.enums import (
    CaseKind,
    CaseState,
    DecisionOutcome,
    FilingRole,
    HearingState,
    SittingState,
)
from commission.cases.models import Case, CaseDocument, SittingAttendance
from commission.core.errors import InvalidInput
from tests.cases.conftest import DECIDED_ON


def _at(day: int, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(1921, 12, day, hour))


def _ready_case(chair, h):
    case = services.open_case(
        actor=chair, subject=h.subject, commission=h.district, kind=CaseKind.EXPULSION,
        opened_on=dt.date(1921, 12, 1),
    )  # fmt: skip
    return services.transition_case(
        actor=chair, case=case, to_state=CaseState.READY, reason="file complete",
        expected_version=case.version,
    )  # fmt: skip


def test_docket_in_order_held_with_quorum_and_minutes_filed(chair, hierarchy):
    s = sittings.plan_sitting(actor=chair, commission=hierarchy.district, starts_at=_at(12))
    first, second = _ready_case(chair, hierarchy), _ready_case(chair, hierarchy)
    sittings.put_on_docket(actor=chair, sitting=s, case=first)
    sittings.put_on_docket(actor=chair, sitting=s, case=second)
    assert Case.objects.get(pk=first.pk).state == CaseState.HEARING
    sittings.order_docket(actor=chair, sitting=s, refs=[second.ref, first.ref])
    assert [e.case.ref for e in sittings.docket(s)] == [second.ref, first.ref]

    present = hierarchy.district_commissioners[:2]
    held = sittings.hold_sitting(actor=chair, sitting=s, present=present)
    assert (held.state, held.seated, held.quorum_needed) == (SittingState.HELD, 3, 2)
    assert all(e.hearing.state == HearingState.HELD for e in sittings.docket(s))

    hearing = sittings.docket(s)[0].hearing
    case = Case.objects.get(pk=second.pk)
    decision = services.record_decision(
        actor=chair, case=case, expected_version=case.version, outcome=DecisionOutcome.EXPEL,
        reasons="Passive for a year.", votes=dict.fromkeys(present, "for"),
        decided_on=DECIDED_ON, hearing=hearing,
    )  # fmt: skip
    assert decision.sitting_id == s.pk
    assert decision.quorum_needed == 2
    assert set(decision.present.all()) == set(present)

    document = sittings.adopt_minutes(actor=chair, sitting=s)
    text = document.text
    assert "Present: " + ", ".join(p.display_name for p in present) in text
    assert f"Absent: {hierarchy.district_commissioners[2].display_name}" in text
    assert "Quorum: 2 of 3 members; 2 present" in text
    assert f"1. {case} ({case.ref})\n   Decided: expel (2 for, 0 against, 0 abstaining)." in text
    assert f"2. {first} ({first.ref})\n   Heard; no decision was taken." in text
    assert set(
        CaseDocument.objects.filter(document=document, role=FilingRole.MINUTES).values_list(
            "case_id", flat=True
        )
    ) == {first.pk, second.pk}


def test_no_quorum_records_nothing(chair, hierarchy):
    s = sittings.plan_sitting(actor=chair, commission=hierarchy.district, starts_at=_at(12))
    sittings.put_on_docket(actor=chair, sitting=s, case=_ready_case(chair, hierarchy))
    with pytest.raises(InvalidInput) as refused:
        sittings.hold_sitting(actor=chair, sitting=s, present=hierarchy.district_commissioners[:1])
    assert refused.value.message == (
        "The sitting has no quorum: 1 of 3 members present, 2 needed. Nothing was recorded; "
        "postpone or cancel its cases."
    )
    s.refresh_from_db()
    assert s.state == SittingState.PLANNED
    assert SittingAttendance.objects.count() == 0


def test_absent_member_cannot_vote_at_the_sitting(chair, hierarchy):
    s = sittings.plan_sitting(actor=chair, commission=hierarchy.district, starts_at=_at(12))
    entry = sittings.put_on_docket(actor=chair, sitting=s, case=_ready_case(chair, hierarchy))
    sittings.hold_sitting(actor=chair, sitting=s, present=hierarchy.district_commissioners[:2])
    case = Case.objects.get(pk=entry.case_id)
    with pytest.raises(InvalidInput, match="was not present at the"):
        services.record_decision(
            actor=chair, case=case, expected_version=case.version, outcome="expel",
            reasons="x", votes=dict.fromkeys(hierarchy.district_commissioners, "for"),
            decided_on=DECIDED_ON, hearing=entry.hearing,
        )  # fmt: skip
    assert Case.objects.get(pk=case.pk).state == CaseState.HEARING


def test_case_not_heard_moves_to_the_next_sitting(chair, hierarchy):
    s1 = sittings.plan_sitting(actor=chair, commission=hierarchy.district, starts_at=_at(12))
    s2 = sittings.plan_sitting(actor=chair, commission=hierarchy.district, starts_at=_at(19))
    entry = sittings.put_on_docket(actor=chair, sitting=s1, case=_ready_case(chair, hierarchy))
    moved = sittings.postpone_docket_entry(actor=chair, entry=entry, reason="rapporteur ill")
    assert moved.sitting_id == s2.pk
    entry.hearing.refresh_from_db()
    assert (entry.hearing.state, entry.hearing.note) == (HearingState.POSTPONED, "rapporteur ill")
    case = Case.objects.get(pk=entry.case_id)
    assert (case.state, case.due_on) == (CaseState.HEARING, dt.date(1921, 12, 19))
    assert AuditEvent.objects.filter(action="docket.move").count() == 1


def test_cancelled_sitting_moves_its_cases_or_returns_them(chair, hierarchy):
    s1 = sittings.plan_sitting(actor=chair, commission=hierarchy.district, starts_at=_at(12))
    entry = sittings.put_on_docket(actor=chair, sitting=s1, case=_ready_case(chair, hierarchy))
    sittings.cancel_sitting(actor=chair, sitting=s1, reason="snow")
    case = Case.objects.get(pk=entry.case_id)
    assert case.state == CaseState.READY
    entry.hearing.refresh_from_db()
    assert entry.hearing.state == HearingState.CANCELLED


def test_postpone_without_a_later_sitting_is_refused(chair, hierarchy):
    s1 = sittings.plan_sitting(actor=chair, commission=hierarchy.district, starts_at=_at(12))
    entry = sittings.put_on_docket(actor=chair, sitting=s1, case=_ready_case(chair, hierarchy))
    with pytest.raises(InvalidInput, match="No later sitting of District Commission"):
        sittings.postpone_docket_entry(actor=chair, entry=entry, reason="ill")
    entry.hearing.refresh_from_db()
    assert entry.hearing.state == HearingState.SCHEDULED


def test_pages_api_and_cli(client, capsys, chair, hierarchy):
    case = _ready_case(chair, hierarchy)
    client.force_login(chair)
    planned = client.post(
        "/cases/sittings/", {"commission": "C-dist", "starts_at": "1921-12-12T10:00"}
    )
    assert planned.status_code == 302
    s = hierarchy.district.sittings.get()
    client.post(f"/cases/sittings/{s.pk}/docket/add/", {"case": case.ref})
    docket = client.get(f"/cases/sittings/{s.pk}/docket/")
    assert case.ref in docket.content.decode()
    api = APIClient()
    api.force_authenticate(chair)
    refused = api.post(
        f"/api/v1/sittings/{s.pk}/held/",
        {"present": [hierarchy.district_commissioners[0].ref]},
        format="json",
    )
    assert refused.status_code == 422
    refs = [p.ref for p in hierarchy.district_commissioners]
    with pytest.raises(CommandError, match="no quorum"):
        call_command("sitting", "hold", str(s.pk), "--present", refs[0], "--as", "chair")
    call_command("sitting", "hold", str(s.pk), "--present", *refs, "--as", "chair")
    assert "present, quorum 2." in capsys.readouterr().out
    answer = api.post(f"/api/v1/sittings/{s.pk}/minutes/", format="json")
    assert answer.status_code == 200
    assert answer.json()["minutes"].startswith("Minutes of the sitting of District Commission")
    page = client.get(f"/cases/sittings/{s.pk}/")
    assert "Minutes of the sitting" in page.content.decode()


def test_the_minutes_are_written_in_the_readers_language(chair, hierarchy):
    from django.utils import translation

    s = sittings.plan_sitting(
        actor=chair, commission=hierarchy.district, starts_at=_at(12), place="Room 4"
    )
    case = _ready_case(chair, hierarchy)
    sittings.put_on_docket(actor=chair, sitting=s, case=case)
    held = sittings.hold_sitting(
        actor=chair, sitting=s, present=hierarchy.district_commissioners[:2]
    )
    with translation.override("ru"):
        text = sittings.minutes_of(held).as_text()
    assert text.splitlines()[:2] == [
        "Протокол заседания: District Commission",
        "12 декабря 1921 г. 10:00, Room 4",
    ]
    assert "Кворум: 2 из 3 членов; присутствовали 2, заседание правомочно" in text
    assert "   Заслушано; решение не принято." in text
    assert "Minutes" not in text


def test_the_audit_trail_names_a_sitting_in_the_installations_language(chair, hierarchy):
    from django.utils import translation

    from commission.audit.models import AuditEvent

    with translation.override("ru"):
        s = sittings.plan_sitting(actor=chair, commission=hierarchy.district, starts_at=_at(12))
        case = _ready_case(chair, hierarchy)
        sittings.put_on_docket(actor=chair, sitting=s, case=case)
    event = AuditEvent.objects.filter(action="docket.add").get()
    assert event.summary == (
        "Put Expulsion of Nadezhda Sergeyevna Alliluyeva on the docket of the Sitting of "
        "12 December 1921 10:00, as item 1."
    )
