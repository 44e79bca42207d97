"""Every time someone is shown a person's contact details (the person page, the API, the
command line, the text of the letter they were taken from) the audit trail records who, when,
where and which kinds, never the values; the member sees her own record and that list."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from commission.audit.models import AuditEvent
from commission.core.audit_actions import AuditAction
from commission.documents.models import Document
from commission.intake.models import Proposal, ProposalKind, ProposalState
from commission.registry.enums import ContactKind
from commission.registry.models import ContactDetail
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory

ADDRESS = "Tverskaya 7, flat 12"
PHONE = "58–97"


@pytest.fixture
def yevgenia(db, member):
    person = PersonFactory(
        ref="P-k", given_name="Yevgenia", surname="Kasparova", gender="female", user=member
    )
    MembershipFactory(person=person)
    ContactDetail.objects.create(person=person, kind=ContactKind.PHONE, value=PHONE)
    ContactDetail.objects.create(person=person, kind=ContactKind.ADDRESS, value=ADDRESS)
    return person


def _reads(person) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action=AuditAction.PERSONAL_DATA_READ, target_id=str(person.pk)
        ).order_by("seq")
    )


def test_the_person_page_puts_the_read_on_record_without_the_values(client, clerk, yevgenia):
    client.force_login(clerk)
    page = client.get(reverse("registry:person", args=["P-k"])).content.decode()
    assert PHONE in page
    [event] = _reads(yevgenia)
    assert event.actor_name == "clerk"
    assert event.after == {"where": "on the person page", "kinds": ["address", "telephone"]}
    assert "clerk was shown the personal data of P-k (address, telephone)" in event.summary
    for value in (PHONE, ADDRESS, "Tverskaya"):
        assert value not in event.summary
        assert value not in str(event.after)


def test_no_read_is_recorded_where_nothing_personal_was_shown(client, clerk, yevgenia, db):
    bare = PersonFactory(ref="P-bare", given_name="Aron", surname="Solts")
    client.force_login(clerk)
    client.get(reverse("registry:person", args=["P-bare"]))
    assert _reads(bare) == []


def test_the_api_and_the_command_line_put_their_reads_on_record(clerk, yevgenia):
    api = APIClient()
    api.force_authenticate(clerk)
    answer = api.get(f"/api/v1/people/{yevgenia.ref}/")
    assert answer.status_code == 200
    assert {c["value"] for c in answer.json()["contacts"]} == {PHONE, ADDRESS}

    call_command("person", "Yevgenia Kasparova", stdout=StringIO())
    wheres = [e.after["where"] for e in _reads(yevgenia)]
    assert wheres == ["through the API", "on the command line (commission person)"]


def test_reading_the_letter_the_details_came_from_is_reading_them(client, clerk, yevgenia):
    letter = Document.objects.create(
        title="Letter from Kasparova", text=f"My address is {ADDRESS}.", kind="letter"
    )
    ContactDetail.objects.filter(kind=ContactKind.ADDRESS).update(source_document=letter)
    client.force_login(clerk)
    assert client.get(reverse("intake:review", args=[letter.pk])).status_code == 200
    [event] = _reads(yevgenia)
    assert event.after == {"where": f"in the text of letter {letter.pk}", "kinds": ["address"]}


def test_the_member_sees_her_own_record_and_who_read_it(client, clerk, member, yevgenia):
    client.force_login(clerk)
    client.get(reverse("registry:person", args=["P-k"]))

    client.force_login(member)
    response = client.get(reverse("registry:me"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Yevgenia Petrovich Kasparova" in page
    assert PHONE in page  # her own personal data
    assert ADDRESS in page
    assert "Who has read your personal data" in page
    assert "clerk" in page
    assert "on the person page" in page
    assert len(_reads(yevgenia)) == 1  # her own reading is not listed


def test_the_member_reads_her_record_through_the_api(clerk, member, yevgenia):
    api = APIClient()
    api.force_authenticate(clerk)
    api.get(f"/api/v1/people/{yevgenia.ref}/")
    api.force_authenticate(member)
    answer = api.get("/api/v1/me/")
    assert answer.status_code == 200
    body = answer.json()
    assert body["person"]["ref"] == "P-k"
    assert {c["value"] for c in body["person"]["contacts"]} == {PHONE, ADDRESS}
    [read] = body["personal_data_reads"]
    assert read["reader"] == "clerk"
    assert read["where"] == "through the API"
    assert read["kinds"] == ["address", "telephone"]


def test_an_account_without_a_person_is_told_so(client, clerk):
    client.force_login(clerk)
    response = client.get(reverse("registry:me"))
    assert response.status_code == 404
    assert "not linked to a person in the member registry" in response.content.decode()
    api = APIClient()
    api.force_authenticate(clerk)
    answer = api.get("/api/v1/me/")
    assert answer.status_code == 404
    assert "not linked to a person" in answer.json()["detail"]


def test_the_navigation_offers_my_record_only_to_an_account_with_a_person(
    client, clerk, member, yevgenia
):
    client.force_login(member)
    link = f'href="{reverse("registry:me")}"'
    assert link in client.get(reverse("registry:me")).content.decode()
    client.force_login(clerk)
    assert link not in client.get(reverse("registry:people")).content.decode()


def test_reading_a_letter_whose_details_wait_for_confirmation_is_reading_them(
    client, clerk, yevgenia
):
    letter = Document.objects.create(
        title="Letter about Kasparova", text="Her telephone is 12-34.", kind="letter"
    )
    Proposal.objects.create(
        document=letter, kind=ProposalKind.PERSON, key="person:1", summary="Kasparova",
        payload={"person": {"name": "Kasparova"}}, state=ProposalState.ACCEPTED,
        result_type="registry.person", result_id=str(yevgenia.pk),
    )  # fmt: skip
    Proposal.objects.create(
        document=letter, kind=ProposalKind.CONTACT, key="contact:phone:12-34",
        summary="Record the phone “12-34” (personal data) for Kasparova.",
        payload={"person": "person:1", "kind": "phone", "value": "12-34"},
    )  # fmt: skip
    client.force_login(clerk)
    assert client.get(reverse("intake:review", args=[letter.pk])).status_code == 200
    [event] = _reads(yevgenia)
    assert event.after == {"where": f"in the text of letter {letter.pk}", "kinds": ["telephone"]}


def test_her_record_is_read_in_the_same_statements_however_long_its_history(
    clerk, member, yevgenia, django_assert_max_num_queries
):
    """Each step of a membership names who recorded it, and each membership its person: both
    are read with the record, not once a step or once a membership."""
    from commission.registry.models import MembershipStatusChange

    api = APIClient()
    api.force_authenticate(member)
    assert api.get("/api/v1/me/").status_code == 200
    with django_assert_max_num_queries(12) as short:
        api.get("/api/v1/me/")
    for n in range(6):
        organisation = OrganisationFactory(ref=f"org-{n}", name=f"Union {n}", short_name=f"U{n}")
        membership = MembershipFactory(person=yevgenia, organisation=organisation)
        MembershipStatusChange.objects.create(
            membership=membership, from_status="member", to_status="member",
            reason=f"step {n}", basis="imported", document="old register", recorded_by=clerk,
        )  # fmt: skip
    with django_assert_max_num_queries(len(short.captured_queries)):
        answer = api.get("/api/v1/me/")
    history = [s for m in answer.json()["person"]["memberships"] for s in m["history"]]
    assert {s["recorded_by"] for s in history if s["reason"].startswith("step")} == {"clerk"}
    assert {m["person"]["ref"] for m in answer.json()["person"]["memberships"]} == {"P-k"}
