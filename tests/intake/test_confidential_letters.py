"""A confidential letter, or one filed on a confidential case, is read only by those who may
read confidential cases, and every such reading is logged."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from commission.audit.models import AuditEvent
from commission.cases.models import Case, CaseDocument
from commission.documents.models import Document
from tests.factories import CommissionFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sealed_letter(db) -> Document:
    document = Document.objects.create(
        title="About the depot", text="Nothing is known against him.", fingerprint="e" * 64
    )
    case = Case.objects.create(
        ref="K-sealed",
        subject=PersonFactory(),
        commission=CommissionFactory(),
        kind="expulsion",
        confidential=True,
    )
    CaseDocument.objects.create(
        case=case, document=document, role="evidence", filed_at=timezone.now()
    )
    return document


@pytest.fixture
def open_letter(db) -> Document:
    return Document.objects.create(title="An open letter", text="Open.", fingerprint="d" * 64)


def test_a_clerk_cannot_read_a_letter_on_a_confidential_case(
    client, clerk, sealed_letter, open_letter
):
    client.force_login(clerk)
    response = client.get(reverse("intake:review", args=[sealed_letter.pk]))
    assert response.status_code == 403
    assert "confidential" in response.content.decode()
    assert client.get(reverse("intake:copies", args=[sealed_letter.pk])).status_code == 403
    listing = client.get(reverse("intake:list")).content.decode()
    assert "An open letter" in listing
    assert "About the depot" not in listing


def test_the_chair_reads_it_and_the_reading_is_logged(client, chair, sealed_letter):
    client.force_login(chair)
    assert client.get(reverse("intake:review", args=[sealed_letter.pk])).status_code == 200
    assert AuditEvent.objects.filter(action="case.read", target_id__isnull=False).count() == 1


def test_a_confidential_letter_is_hidden_from_the_clerk(client, clerk, open_letter):
    Document.objects.filter(pk=open_letter.pk).update(confidential=True)
    client.force_login(clerk)
    assert client.get(reverse("intake:review", args=[open_letter.pk])).status_code == 403


def test_the_api_hides_it_too(clerk, chair, sealed_letter, open_letter):
    api = APIClient()
    api.force_authenticate(clerk)
    titles = [row["title"] for row in api.get("/api/v1/letters/").json()["results"]]
    assert titles == ["An open letter"]
    assert api.get(f"/api/v1/letters/{sealed_letter.pk}/").status_code == 404
    api.force_authenticate(chair)
    assert api.get(f"/api/v1/letters/{sealed_letter.pk}/").status_code == 200
