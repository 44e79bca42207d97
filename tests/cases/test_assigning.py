"""Assigning cases to rapporteurs, queues and the workload view: the services, the pages, the
API and `commission case assign`, each refusing a commissioner who must stand aside."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from commission.audit.models import AuditEvent
from commission.cases import assigning, services, tallies, workload
from commission.cases.enums import AssignmentRule, CaseKind, CaseState
from commission.cases.models import Assignment, Case
from commission.core.errors import InvalidInput, NotAllowed
from commission.registry.enums import RelationshipKind
from commission.registry.models import Commissioner, Relationship
from tests.factories import PersonFactory


def _open(actor, h, commission=None):
    return services.open_case(
        actor=actor, subject=h.subject, commission=commission or h.district,
        kind=CaseKind.EXPULSION, opened_on=dt.date(1921, 12, 1),
    )  # fmt: skip


def _tie(person, subject):
    Relationship.objects.create(source=person, target=subject, kind=RelationshipKind.SIBLING)


def _snapshot(case):
    case.refresh_from_db()
    return (
        case.rapporteur_id,
        case.version,
        Assignment.objects.count(),
        AuditEvent.objects.filter(action="case.assign").count(),
    )


def test_chair_assigns_a_member_with_an_audit_event(chair, hierarchy):
    case = _open(chair, hierarchy)
    member = hierarchy.district_commissioners[1]
    assignment = assigning.assign_case(
        actor=chair, case=case, rapporteur=member, expected_version=case.version
    )
    case.refresh_from_db()
    assert case.rapporteur_id == member.pk
    assert case.version == 2
    assert assignment.rule == AssignmentRule.CHAIR
    event = AuditEvent.objects.get(action="case.assign")
    assert event.summary == f"Assigned {case} to {member.display_name}."
    assert event.after["rapporteur"] == member.ref


def test_member_who_must_stand_aside_cannot_be_assigned_and_nothing_changes(chair, hierarchy):
    case = _open(chair, hierarchy)
    sibling = hierarchy.district_commissioners[1]
    _tie(sibling, hierarchy.subject)
    before = _snapshot(case)
    with pytest.raises(InvalidInput) as refused:
        assigning.assign_case(actor=chair, case=case, rapporteur=sibling, expected_version=1)
    assert refused.value.message == (
        f"{sibling.display_name} must stand aside from this case: {sibling.display_name} is "
        f"sibling of the subject, Nadezhda Sergeyevna Alliluyeva. The chair may record an "
        "override with a reason."
    )
    assert _snapshot(case) == before


def test_override_lets_a_tied_member_be_assigned(chair, hierarchy):
    case = _open(chair, hierarchy)
    sibling = hierarchy.district_commissioners[1]
    _tie(sibling, hierarchy.subject)
    services.override_recusal(actor=chair, case=case, commissioner=sibling, reason="no other")
    case.refresh_from_db()
    assigning.assign_case(actor=chair, case=case, rapporteur=sibling, expected_version=None)
    case.refresh_from_db()
    assert case.rapporteur_id == sibling.pk


def test_someone_off_the_commission_cannot_be_rapporteur(chair, hierarchy):
    case = _open(chair, hierarchy)
    outsider = hierarchy.central_commissioners[1]
    with pytest.raises(InvalidInput, match="does not sit on District Commission"):
        assigning.assign_case(actor=chair, case=case, rapporteur=outsider)
    assert Assignment.objects.count() == 0


def test_clerk_may_not_assign(clerk, chair, hierarchy):
    case = _open(chair, hierarchy)
    with pytest.raises(NotAllowed, match="You may not assign cases"):
        assigning.assign_case(
            actor=clerk, case=case, rapporteur=hierarchy.district_commissioners[0]
        )
    assert Assignment.objects.count() == 0


def test_reassignment_needs_a_reason_and_keeps_the_history(chair, hierarchy):
    case = _open(chair, hierarchy)
    first, second = hierarchy.district_commissioners[1], hierarchy.district_commissioners[2]
    assigning.assign_case(actor=chair, case=case, rapporteur=first)
    with pytest.raises(InvalidInput, match="say why it is reassigned"):
        assigning.assign_case(actor=chair, case=case, rapporteur=second)
    assigning.assign_case(actor=chair, case=case, rapporteur=second, reason="first is ill")
    history = workload.assignment_history(case)
    assert [(a.rapporteur_id, a.ended_reason) for a in history] == [
        (first.pk, "first is ill"),
        (second.pk, ""),
    ]
    assert history[0].ended_at is not None
    assert history[1].ended_at is None


def test_round_robin_goes_round_the_seats_skipping_who_must_stand_aside(chair, hierarchy):
    seats = hierarchy.district_commissioners  # chair first, then by name
    _tie(seats[1], hierarchy.subject)
    picked = []
    for _ in range(3):
        case = _open(chair, hierarchy)
        a = assigning.assign_case(actor=chair, case=case, rule=AssignmentRule.ROUND_ROBIN)
        picked.append(a.rapporteur_id)
    assert picked == [seats[0].pk, seats[2].pk, seats[0].pk]


def test_by_load_picks_the_member_with_fewest_open_cases(chair, hierarchy):
    seats = hierarchy.district_commissioners
    for person in (seats[0], seats[0], seats[1]):
        assigning.assign_case(actor=chair, case=_open(chair, hierarchy), rapporteur=person)
    case = _open(chair, hierarchy)
    a = assigning.assign_case(actor=chair, case=case, rule=AssignmentRule.BY_LOAD)
    assert a.rapporteur_id == seats[2].pk
    assert a.rule == AssignmentRule.BY_LOAD


def test_the_organisations_rule_applies_when_none_is_named(chair, hierarchy):
    assigning.set_assignment_rule(
        actor=chair, organisation=hierarchy.district.organisation, rule=AssignmentRule.BY_LOAD
    )
    a = assigning.assign_case(actor=chair, case=_open(chair, hierarchy))
    assert a.rule == AssignmentRule.BY_LOAD
    assert AuditEvent.objects.filter(action="case.assignment_rule").count() == 1


def test_chair_rule_without_a_name_is_refused(chair, hierarchy):
    with pytest.raises(InvalidInput, match="Name the rapporteur"):
        assigning.assign_case(actor=chair, case=_open(chair, hierarchy))


def test_workload_counts_each_members_cases_by_section_and_overdue(chair, hierarchy):
    seats = hierarchy.district_commissioners
    cases = [_open(chair, hierarchy) for _ in range(4)]
    for case, person in zip(cases, [seats[0], seats[0], seats[1], None], strict=True):
        if person is not None:
            assigning.assign_case(actor=chair, case=case, rapporteur=person)
    case = Case.objects.get(pk=cases[1].pk)
    services.transition_case(
        actor=chair, case=case, to_state=CaseState.GATHERING, reason="asking",
        expected_version=case.version,
    )  # fmt: skip
    # A deadline written straight to the row, as a bulk load would: the counts are rebuilt.
    Case.objects.filter(pk=cases[0].pk).update(due_on=dt.date(1921, 12, 10))
    tallies.rebuild_counts(actor=chair)
    view = workload.workload(commission=hierarchy.district, today=dt.date(1921, 12, 15))
    rows = {m.person.pk: (m.assigned, m.waiting, m.open, m.overdue) for m in view.members}
    assert rows == {seats[0].pk: (1, 1, 2, 1), seats[1].pk: (1, 0, 1, 0), seats[2].pk: (0, 0, 0, 0)}
    assert (view.unassigned.open, view.total_open) == (1, 4)


def test_queue_lists_a_members_cases_by_section(chair, hierarchy):
    seats = hierarchy.district_commissioners
    case = _open(chair, hierarchy)
    assigning.assign_case(actor=chair, case=case, rapporteur=seats[1])
    q = workload.queue(user=chair, person=seats[1])
    assert [(key, [c.ref for c in cases]) for key, _label, cases in q.sections] == [
        ("assigned", [case.ref]), ("waiting", []), ("ready", []), ("hearing", []), ("decided", []),
    ]  # fmt: skip


# --- the edges ---------------------------------------------------------------------------


def test_assign_page_refuses_who_must_stand_aside(client, chair, hierarchy):
    case = _open(chair, hierarchy)
    sibling = hierarchy.district_commissioners[1]
    _tie(sibling, hierarchy.subject)
    client.force_login(chair)
    page = client.get(f"/cases/{case.ref}/assign/")
    assert page.status_code == 200
    assert "must stand aside" in page.content.decode()
    before = _snapshot(case)
    refused = client.post(
        f"/cases/{case.ref}/assign/", {"version": case.version, "rapporteur": sibling.ref}
    )
    assert refused.status_code == 400
    assert "must stand aside from this case" in refused.content.decode()
    assert _snapshot(case) == before
    done = client.post(
        f"/cases/{case.ref}/assign/",
        {"version": case.version, "rapporteur": hierarchy.district_commissioners[2].ref},
    )
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.rapporteur_id == hierarchy.district_commissioners[2].pk


def test_workload_and_queue_pages(client, chair, hierarchy):
    case = _open(chair, hierarchy)
    person = hierarchy.district_commissioners[2]
    assigning.assign_case(actor=chair, case=case, rapporteur=person)
    client.force_login(chair)
    page = client.get("/cases/workload/?commission=C-dist")
    assert page.status_code == 200
    assert person.display_name in page.content.decode()
    queue = client.get(f"/cases/queue/?person={person.ref}")
    assert queue.status_code == 200
    assert case.ref in queue.content.decode()


def test_workload_page_is_the_chairs(client, clerk, hierarchy):
    client.force_login(clerk)
    assert client.get("/cases/workload/").status_code == 403


def test_api_assigns_and_refuses_who_must_stand_aside(chair, hierarchy):
    case = _open(chair, hierarchy)
    sibling = hierarchy.district_commissioners[1]
    _tie(sibling, hierarchy.subject)
    api = APIClient()
    api.force_authenticate(chair)
    before = _snapshot(case)
    refused = api.post(
        f"/api/v1/cases/{case.ref}/assign/",
        {"rapporteur": sibling.ref, "version": case.version},
        format="json",
    )
    assert refused.status_code == 422
    assert "must stand aside" in str(refused.json())
    assert _snapshot(case) == before
    done = api.post(
        f"/api/v1/cases/{case.ref}/assign/",
        {"rule": "round_robin", "version": case.version},
        format="json",
    )
    assert done.status_code == 201
    assert done.json()["rapporteur"]["ref"] == hierarchy.district_commissioners[0].ref
    load = api.get("/api/v1/workload/", {"commission": "C-dist"})
    assert load.status_code == 200
    assert load.json()["total_open"] == 1
    queue = api.get("/api/v1/queue/", {"person": hierarchy.district_commissioners[0].ref})
    assert [c["ref"] for c in queue.json()["sections"][0]["cases"]] == [case.ref]


def test_cli_assigns_and_refuses_who_must_stand_aside(capsys, chair, hierarchy):
    case = _open(chair, hierarchy)
    sibling = hierarchy.district_commissioners[1]
    _tie(sibling, hierarchy.subject)
    before = _snapshot(case)
    with pytest.raises(CommandError, match="must stand aside from this case"):
        call_command("case", "assign", case.ref, "--to", sibling.ref, "--as", "chair")
    assert _snapshot(case) == before
    other = hierarchy.district_commissioners[2]
    call_command("case", "assign", case.ref, "--to", other.ref, "--as", "chair")
    out = capsys.readouterr().out
    assert f"{case.ref} is assigned to {other.display_name} [{other.ref}]" in out
    call_command("case", "workload", "--commission", "C-dist", "--as", "chair")
    assert "1 open cases before District Commission." in capsys.readouterr().out


def test_a_seat_that_ended_is_not_offered(chair, hierarchy):
    gone = PersonFactory(ref="P-gone")
    Commissioner.objects.create(
        commission=hierarchy.district, person=gone, ended_on=dt.date(1920, 1, 1)
    )
    assert gone not in assigning.sitting_members(hierarchy.district)
