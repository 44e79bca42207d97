"""A person's contact details never enter the audit trail in clear: an event that must say which
address or which sender it concerns keeps it sealed under the person's own key. Erasing her
personal data deletes the contact details, blanks their copies and deletes the key, so the values
can no longer be read by anyone while the chain still verifies."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import CommandError, call_command
from django.urls import reverse

from commission.audit.models import AuditEvent, SealKey
from commission.audit.queries import verify_chain
from commission.core.audit_actions import AuditAction
from commission.core.errors import NotAllowed
from commission.demo.loader import load_demo
from commission.intake.models import Proposal, ProposalKind
from commission.registry.models import ContactDetail, Person
from commission.registry.services import erase_personal_data

ADDRESS = "3 House of Soviets"
PHONE = "58–97"


@pytest.fixture
def demo(db, settings):
    settings.COMMISSION_TODAY = ""
    load_demo()


def _trail() -> str:
    """Every event of the trail as text, as a database administrator would read it."""
    rows = AuditEvent.objects.order_by("seq").values("summary", "before", "after")
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in rows)


def test_contact_details_read_from_a_letter_are_sealed_in_the_trail(demo):
    yevgenia = Person.objects.get(ref="P-kasparova-popova")
    assert set(yevgenia.contacts.values_list("kind", flat=True)) == {"address", "phone"}
    trail = _trail()
    for value in (ADDRESS, PHONE, "58\\u201397"):
        assert value not in trail
    accepted = AuditEvent.objects.filter(
        action=AuditAction.PROPOSAL_ACCEPT, summary__contains="(personal data)"
    )
    assert accepted.count() == 2
    assert all(e.after["sealed"]["owner"] == f"registry.person:{yevgenia.pk}" for e in accepted)


def test_the_audit_event_page_opens_the_sealed_value_only_for_personal_data_readers(demo, client):
    event = AuditEvent.objects.filter(
        action=AuditAction.PROPOSAL_ACCEPT, summary__contains="address (personal data)"
    ).get()
    reader = User.objects.create_user("reader")
    reader.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    client.force_login(reader)
    page = client.get(reverse("audit:event", args=[event.seq])).content.decode()
    assert "Concerns personal data" in page
    assert ADDRESS not in page
    client.force_login(User.objects.get(username="auditor"))
    page = client.get(reverse("audit:event", args=[event.seq])).content.decode()
    assert ADDRESS in page


def test_erasing_makes_the_values_unreadable_and_the_chain_still_verifies(demo, client):
    yevgenia = Person.objects.get(ref="P-kasparova-popova")
    accepted = AuditEvent.objects.filter(
        action=AuditAction.PROPOSAL_ACCEPT, summary__contains="address (personal data)"
    ).get()
    out = StringIO()
    call_command(
        "erase", "P-kasparova-popova", "--request", "her letter of 3 May 2026", "--as", "admin",
        stdout=out,
    )  # fmt: skip
    said = out.getvalue()
    assert "Erased the personal data of Yevgenia Mikhailovna Kasparova-Popova" in said
    assert "2 contact detail(s)" in said
    assert not ContactDetail.objects.filter(person=yevgenia).exists()
    assert not SealKey.objects.filter(owner=f"registry.person:{yevgenia.pk}").exists()
    for proposal in Proposal.objects.filter(kind=ProposalKind.CONTACT):
        assert ADDRESS not in proposal.summary + proposal.span_text + json.dumps(proposal.payload)
        assert PHONE not in proposal.summary + proposal.span_text
    erasure = AuditEvent.objects.get(action=AuditAction.PERSON_ERASE_PERSONAL_DATA)
    assert erasure.actor_name == "admin"
    assert "Request: her letter of 3 May 2026" in erasure.summary
    assert ADDRESS not in _trail()
    report = verify_chain(actor=User.objects.get(username="auditor"))
    assert (report.finished, report.problems) == (True, [])
    assert report.checked == AuditEvent.objects.count()
    client.force_login(User.objects.get(username="admin"))
    page = client.get(reverse("audit:event", args=[accepted.seq])).content.decode()
    assert ADDRESS not in page
    assert "erased on request; it can no longer be read" in page


def test_only_an_account_allowed_to_erase_may_erase(demo):
    yevgenia = Person.objects.get(ref="P-kasparova-popova")
    with pytest.raises(NotAllowed):
        erase_personal_data(
            actor=User.objects.get(username="clerk"), person=yevgenia, reason="asked"
        )
    with pytest.raises(CommandError, match="Say on what request"):
        call_command("erase", "P-kasparova-popova", "--request", " ", "--as", "admin")
    assert ContactDetail.objects.filter(person=yevgenia).count() == 2


def test_the_admin_erases_from_the_person_page_and_a_clerk_is_not_offered_it(demo, client):
    page = reverse("registry:person", args=["P-kasparova-popova"])
    client.force_login(User.objects.get(username="clerk"))
    assert "Erase the personal data" not in client.get(page).content.decode()
    refused = client.post(
        reverse("registry:person-erase", args=["P-kasparova-popova"]), {"request": "x"}
    )
    assert refused.status_code == 403
    client.force_login(User.objects.get(username="admin"))
    assert "Erase the personal data" in client.get(page).content.decode()
    blank = client.post(
        reverse("registry:person-erase", args=["P-kasparova-popova"]), {"request": ""}, follow=True
    )
    assert "Say on what request the personal data is erased." in blank.content.decode()
    done = client.post(
        reverse("registry:person-erase", args=["P-kasparova-popova"]),
        {"request": "her letter of 3 May 2026"},
        follow=True,
    )
    text = done.content.decode()
    assert "Erased the personal data of Yevgenia Mikhailovna Kasparova-Popova" in text
    assert ADDRESS not in text
    assert not ContactDetail.objects.filter(person__ref="P-kasparova-popova").exists()
