"""A Russian letter end to end: `commission extract --json`, scoring the Russian labelled set,
filing with `ingest_paths`, and the review page showing what was read."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from commission.audit.models import AuditEvent
from commission.demo.loader import load_demo
from commission.documents.models import Document, DocumentCopy
from commission.intake.models import Proposal
from commission.intake.reading.scoring import LABELLED_DIR, RESOLUTION_TARGET, TARGETS, score
from commission.intake.services import ingest_paths
from commission.registry.models import Person
from tests.intake.reading_ru.test_language import GERMAN

RUSSIAN_SET = LABELLED_DIR / "letters_ru"
KASPAROVA = RUSSIAN_SET / "012_lenin_kasparova.txt"


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    load_demo(letters=False)


def test_extract_json_resolves_a_russian_letter_to_the_demo_registry(demo):
    out, _err = run("extract", str(KASPAROVA), "--json")
    (letter,) = json.loads(out)["letters"]
    fields = letter["fields"]
    assert letter["language"] == "ru"

    def resolved(field):
        return [
            (item["value"], item["person"]["resolution"]["person_ref"]) for item in fields[field]
        ]

    assert resolved("author") == [("Ленин", "P-lenin")]
    assert resolved("addressees") == [("Залуцкий", "P-zalutsky"), ("Сольц", "P-solts")]
    assert resolved("subjects") == [("Каспарова-Попова Евгения", "P-kasparova-popova")]
    assert [item["value"] for item in fields["date"]] == ["1921-12-20"]
    assert [
        (i["value"]["person"], i["value"]["relation"], i["person"]["resolution"]["status"])
        for i in fields["relatives"]
    ] == [("Слава Каспаров", "brother", "matched"), ("Попов", "husband", "matched")]
    assert [i["person"]["resolution"]["person_ref"] for i in fields["relatives"]] == [
        "P-v-kasparov",
        "P-popov",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("folder", "letters"),
    [
        ("letters_ru", 28),
        ("letters_ru_check", 5),
        ("letters_ru_holdout", 5),
        ("letters_ru_late", 4),
        ("letters_ru_final", 4),
    ],
)
def test_the_russian_sets_meet_the_targets_and_leave_no_rows(folder, letters):
    before = Person.objects.count()
    report = score(LABELLED_DIR / folder)
    assert report.letters == letters
    for name, target in TARGETS.items():
        assert report.fields[name].f1 >= target, (name, report.fields[name], report.misses)
    assert report.resolution_accuracy >= RESOLUTION_TARGET, report.misses
    assert Person.objects.count() == before


def test_a_russian_letter_is_filed_and_its_review_page_shows_the_proposals(demo):
    clerk = User.objects.get(username="clerk")
    ingest_paths(actor=clerk, paths=[KASPAROVA])
    document = Document.objects.get()
    assert document.title == (
        "Ленин — адресат: Залуцкий и Сольц, 20 декабря 1921 г.; по делу: Каспарова-Попова Евгения"
    )
    filing = Proposal.objects.get(document=document, key="filing:person:subject:P-kasparova-popova")
    assert set(
        Proposal.objects.filter(document=document, kind="relationship").values_list(
            "key", flat=True
        )
    ) == {
        "tie:person:relative:P-v-kasparov:sibling:person:subject:P-kasparova-popova",
        "tie:person:relative:P-popov:spouse:person:subject:P-kasparova-popova",
    }
    assert Proposal.objects.filter(document=document, kind="inquiry").count() == 4
    client = Client()
    client.force_login(clerk)
    page = client.get(f"/letters/{document.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        f'<mark class="mark-filing mark-pending" id="words-{filing.pk}" '
        f'aria-describedby="proposal-{filing.pk}-summary">Каспарова-Попова Евгения</mark>'
    ) in html
    assert "Брата</mark>" in html
    assert "Yevgenia Mikhailovna Kasparova-Popova" in html


def test_a_letter_in_german_is_refused_by_name_and_nothing_is_filed(demo, tmp_path):
    german = tmp_path / "brief.txt"
    german.write_text(GERMAN, encoding="utf-8")
    before = (Document.objects.count(), DocumentCopy.objects.count(), AuditEvent.objects.count())
    report = ingest_paths(actor=User.objects.get(username="clerk"), paths=[german])
    assert report.errors == [
        f"{german}: is written in German; Commission reads letters in English and Russian. "
        "Register a translation into one of them."
    ]
    assert (
        Document.objects.count(),
        DocumentCopy.objects.count(),
        AuditEvent.objects.count(),
    ) == before
