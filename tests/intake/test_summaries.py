"""The review page says what each proposal proposes in the reader's language, naming the people
the registry knows as that language names them; the sentence stored when the letter was read
stays as the record of the reading."""

from __future__ import annotations

import pytest
from django.utils import translation

from commission.documents.models import Document
from commission.intake.models import Proposal, ProposalKind
from commission.intake.summaries import describe
from commission.registry.services import add_person_name
from tests.factories import PersonFactory


@pytest.fixture
def letter(db):
    return Document.objects.create(title="Lenin to Solts", text="Lenin.", fingerprint="d" * 64)


def _person(letter, key, role, name, ref=None, *, status="matched"):
    resolution = {"status": status, "confidence": 0.9, "person_ref": ref, "how": "name form"}
    return Proposal.objects.create(
        document=letter, kind=ProposalKind.PERSON, key=key, summary="stored",
        payload={"role": role, "person": {"name": name, "resolution": resolution}},
    )  # fmt: skip


@pytest.mark.django_db
def test_proposals_are_described_in_russian_with_the_registrys_cyrillic_names(letter, clerk):
    lenin = PersonFactory(ref="P-lenin", given_name="Vladimir", patronymic="", surname="Ulyanov")
    add_person_name(actor=clerk, person=lenin, kind="variant", value="Владимир Ульянов")
    author = _person(letter, "person:author:P-lenin", "author", "Lenin", "P-lenin")
    stranger = _person(letter, "person:mentioned:kerensky", "mentioned", "Kerensky",
                       status="proposed")  # fmt: skip
    tie = Proposal.objects.create(
        document=letter, kind=ProposalKind.RELATIONSHIP, key="tie", summary="stored",
        payload={"source": author.key, "kind": "knew_abroad", "target": stranger.key},
    )  # fmt: skip
    proposals = [author, stranger, tie]
    with translation.override("ru"):
        said = describe(proposals)
    assert said[author.pk] == "Автор: «Lenin» — это Владимир Ульянов (форма имени, 90 %)."
    assert said[stranger.pk] == "Упомянут: «Kerensky» в реестре нет — внести как новое лицо."
    with translation.override("ru"):
        knew_abroad = translation.gettext("knew abroad")
    assert said[tie.pk] == f"Владимир Ульянов — {knew_abroad} — Kerensky."
    with translation.override("en"):
        said = describe(proposals)
    assert said[author.pk] == "Author: “Lenin” is Vladimir Ulyanov (name form, 90%)."
    assert Proposal.objects.get(pk=author.pk).summary == "stored"
