"""Two records of one person merged into one — everything that points at the merged record,
in every app, moves to the kept one — and the merge undone exactly; likely pairs listed."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.test import APIClient

from commission.audit.models import AuditEvent
from commission.audit.queries import verify_chain
from commission.core.audit_actions import AuditAction
from commission.core.errors import Conflict, InvalidInput, NotAllowed
from commission.demo.loader import load_demo
from commission.registry import merging
from commission.registry.lookup import find_people
from commission.registry.models import Membership, Person, PersonMerge
from tests.factories import MembershipFactory, PersonFactory


@pytest.fixture
def demo(db, settings):
    settings.COMMISSION_TODAY = ""
    load_demo()


def _pointing_at(person: Person) -> dict[str, list[int]]:
    """Every row of every app that points at `person`, by model and field."""
    found = {}
    for field in merging._pointers():
        rows = field.model._default_manager.filter(**{field.attname: person.pk})
        found[f"{field.model._meta.label_lower}.{field.attname}"] = sorted(
            rows.values_list("pk", flat=True)
        )
    return {k: v for k, v in found.items() if v}


def test_everything_moves_to_the_kept_record_and_the_undo_puts_it_back(demo):
    clerk = User.objects.get(username="clerk")
    her = Person.objects.get(ref="P-kasparova-popova")
    before = _pointing_at(her)
    # Her cases, memberships, names, ties, mentions in letters, testimony about her, inquiries.
    assert {"cases.case.subject_id", "registry.membership.person_id",
            "registry.mention.person_id"} <= set(before)  # fmt: skip
    new = PersonFactory(ref="P-new", given_name="Evgeniya", surname="Kasparova", gender="unknown")
    record = merging.merge_people(actor=clerk, keep=new, merge=her, reason="the same woman")
    her.refresh_from_db()
    new.refresh_from_db()
    assert her.merged_into == new
    assert _pointing_at(her) == {}
    assert set(_pointing_at(new)) >= set(before) - {"registry.personname.person_id"}
    assert (new.gender, new.user.username) == ("female", "member")
    assert [m.person.ref for m in find_people("Kasparova-Popova")] == ["P-new"]
    event = AuditEvent.objects.get(action=AuditAction.PERSON_MERGE)
    assert "Merged Yevgenia Mikhailovna Kasparova-Popova [P-kasparova-popova] into" in event.summary

    merging.undo_merge(actor=clerk, merge=record)
    her.refresh_from_db()
    new.refresh_from_db()
    assert her.merged_into is None
    assert _pointing_at(her) == before
    assert _pointing_at(new) == {}
    assert (new.gender, new.user, her.user.username) == ("unknown", None, "member")
    assert find_people("Kasparova-Popova")[0].person.ref == "P-kasparova-popova"
    with pytest.raises(InvalidInput, match="undone already"):
        merging.undo_merge(actor=clerk, merge=record)
    report = verify_chain(actor=User.objects.get(username="auditor"))
    assert (report.finished, report.problems) == (True, [])


def test_a_contradiction_stops_the_merge_and_nothing_changes(db, clerk):
    first, second = PersonFactory(ref="P-1"), PersonFactory(ref="P-2")
    membership = MembershipFactory(person=first)
    MembershipFactory(person=second, organisation=membership.organisation)
    with pytest.raises(Conflict, match="Both records have a membership"):
        merging.merge_people(actor=clerk, keep=first, merge=second, reason="same")
    assert Membership.objects.filter(person=second).count() == 1
    assert not PersonMerge.objects.exists()
    second.refresh_from_db()
    assert second.merged_into is None


def test_merging_needs_the_right_a_reason_and_two_records(db, clerk, member):
    first, second = PersonFactory(ref="P-1"), PersonFactory(ref="P-2")
    with pytest.raises(NotAllowed):
        merging.merge_people(actor=member, keep=first, merge=second, reason="same")
    with pytest.raises(InvalidInput, match="Say why"):
        merging.merge_people(actor=clerk, keep=first, merge=second, reason=" ")
    with pytest.raises(InvalidInput, match="into itself"):
        merging.merge_people(actor=clerk, keep=first, merge=first, reason="same")


def test_the_api_merges_and_unmerges(db, clerk):
    first = PersonFactory(ref="P-1", given_name="Ivan", surname="Petrov")
    second = PersonFactory(ref="P-2", given_name="Iwan", surname="Petrow")
    api = APIClient()
    api.force_authenticate(clerk)
    answer = api.post(
        "/api/v1/people/P-1/merge/", {"duplicate": "P-2", "reason": "same"}, format="json"
    )
    assert answer.status_code == 200
    assert any(n["value"] == second.display_name for n in answer.json()["names"])
    assert api.get("/api/v1/people/P-2/").json()["merged_into"] == "P-1"
    assert [p["ref"] for p in api.get("/api/v1/people/").json()["results"]] == ["P-1"]
    number = api.post("/api/v1/people/P-1/merge/", {"duplicate": 0, "reason": "x"}, format="json")
    assert number.status_code == 400
    assert number.json()["errors"]["duplicate"] == [
        "Give duplicate as text (in quotes), not the number 0."
    ]
    unknown = api.post(
        "/api/v1/people/P-1/merge/", {"duplicate": "P-none", "reason": "x"}, format="json"
    )
    assert unknown.status_code == 422
    assert api.post("/api/v1/people/P-2/unmerge/").json()["merged_into"] is None
    assert api.post("/api/v1/people/P-2/unmerge/").status_code == 422
    assert first.names.count() == 0


def test_the_pages_list_likely_pairs_merge_and_undo(db, client, clerk):
    PersonFactory(ref="P-1", given_name="Ivan", surname="Petrov", born_on="1890-01-01")
    PersonFactory(ref="P-2", given_name="Iwan", surname="Petrow")
    PersonFactory(ref="P-3", given_name="Ivan", surname="Petrov", born_on="1901-05-05")
    client.force_login(clerk)
    listing = client.get(reverse("registry:duplicates")).content.decode()
    assert "P-2" in listing
    merged = client.post(
        reverse("registry:person-merge", args=["P-1"]),
        {"duplicate": "P-2", "reason": "one man"},
        follow=True,
    )
    assert "into this record: 0 record(s) moved" in merged.content.decode()
    page = client.get(reverse("registry:person", args=["P-2"])).content.decode()
    assert "This record was merged into" in page
    undone = client.post(reverse("registry:person-unmerge", args=["P-2"]), follow=True)
    assert "The merge is undone" in undone.content.decode()
    assert Person.objects.get(ref="P-2").merged_into is None


def test_the_command_line_merges_undoes_and_lists(db, clerk):
    PersonFactory(ref="P-1", given_name="Ivan", surname="Petrov")
    PersonFactory(ref="P-2", given_name="Ivan", surname="Petrov")
    out = StringIO()
    call_command("merge", "--likely", stdout=out)
    assert "P-1" in out.getvalue()
    assert "P-2" in out.getvalue()
    call_command("merge", "P-1", "P-2", "--reason", "same man", "--as", "clerk", stdout=out)
    assert "Merged P-2 into P-1" in out.getvalue()
    call_command("merge", "--undo", "P-2", "--as", "clerk", stdout=out)
    assert "P-2 is a record of its own again" in out.getvalue()
    with pytest.raises(CommandError, match="nothing to undo"):
        call_command("merge", "--undo", "P-2", "--as", "clerk")
