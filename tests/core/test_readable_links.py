"""A person reads links, not identifiers: on the pages of the whole seed story no link says
"K-0ed683b4e8e5", "Q-76f916b63db1" or "cases.decision 4"; the references are the case's kind
and subject, the inquiry's addressee, the decision's day and case. Identifiers stay in the
addresses and the API."""

from __future__ import annotations

import html
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from commission.audit.models import AuditEvent
from commission.cases.models import Case, Decision
from commission.demo.loader import load_demo
from commission.inquiries.models import Inquiry

RAW = re.compile(r"^(?:[KQP]-[0-9a-z-]{6,}|[a-z_]+\.[a-z_]+ \d+|case [KQ]-\S+)$")
ANCHOR = re.compile(r"<a\b[^>]*>(.*?)</a>", re.S)


@pytest.fixture
def story(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    load_demo()


def _link_texts(page: str) -> list[str]:
    return [
        " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())
        for text in ANCHOR.findall(page)
    ]


def _pages() -> list[str]:
    kasparova = Case.objects.filter(subject__ref="P-kasparova-popova", kind="appeal").get()
    inquiry = Inquiry.objects.order_by("pk").first()
    assert inquiry is not None
    return [
        "/dashboard/",
        "/cases/",
        *[f"/cases/{ref}/" for ref in Case.objects.values_list("ref", flat=True)],
        f"/cases/{kasparova.ref}/witnesses/",
        f"/cases/{kasparova.ref}/letters/",
        "/people/P-kasparova-popova/neighbourhood/?case=" + kasparova.ref,
        "/inquiries/",
        "/inquiries/?view=by_case",
        f"/inquiries/{inquiry.ref}/",
        "/registry/people/P-kasparova-popova/",
        "/registry/people/P-n-alliluyeva/",
        "/search/?q=Kasparova-Popova",
        "/audit/",
        f"/audit/{AuditEvent.objects.order_by('-seq').values_list('seq', flat=True)[0]}/",
    ]


@pytest.mark.parametrize("role", ["clerk", "chair", "auditor"])
def test_no_link_on_the_story_pages_reads_as_an_identifier(story, role):
    client = Client()
    client.force_login(User.objects.get(username=role))
    raw = {}
    for url in _pages():
        response = client.get(url)
        if response.status_code != 200:
            continue  # not this role's page
        found = [t for t in _link_texts(response.content.decode()) if RAW.match(t)]
        if found:
            raw[url] = found
    assert raw == {}


def test_the_case_page_links_its_documents_and_names_the_inquiries_a_note_became(story):
    client = Client()
    client.force_login(User.objects.get(username="clerk"))
    case = Case.objects.filter(subject__ref="P-kasparova-popova", kind="appeal").get()
    page = client.get(f"/cases/{case.ref}/").content.decode()
    letter = case.filings.get(document__title__startswith="Lenin to Zalutsky").document
    assert (
        f'<a href="/cases/{case.ref}/documents/{letter.pk}/">'
        "Lenin to Zalutsky and Solts, 20 December 1921 — about Kasparova-Popova</a>"
    ) in page
    assert (f'<a class="tag" href="/inquiries/?case={case.ref}">became 4 inquiries</a>') in page


def test_the_membership_history_links_the_decision_by_its_day_and_case(story):
    client = Client()
    client.force_login(User.objects.get(username="clerk"))
    page = client.get("/registry/people/P-kasparova-popova/").content.decode()
    decision = Decision.objects.get(case__subject__ref="P-kasparova-popova", outcome="reinstate")
    assert (
        f'<a href="/cases/{decision.case.ref}/#decision-{decision.pk}">Reinstate: decision of '
        "10 January 1922 on the appeal of Yevgenia Mikhailovna Kasparova-Popova</a>"
    ) in page


def test_the_audit_trail_names_its_records(story):
    client = Client()
    client.force_login(User.objects.get(username="auditor"))
    decision = Decision.objects.get(case__subject__ref="P-kasparova-popova", outcome="reinstate")
    page = client.get("/audit/", {"target": f"cases.decision {decision.pk}"}).content.decode()
    assert (
        f'<a href="?target=cases.decision+{decision.pk}">Reinstate: decision of 10 January 1922 '
        "on the appeal of Yevgenia Mikhailovna Kasparova-Popova</a>"
    ) in page
