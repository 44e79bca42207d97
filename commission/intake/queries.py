"""Reads of the letter intake that the pages and the API share: the intake queue, what each
accepted proposal became, and how the copies of a letter differ."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext

from commission.cases.models import CaseDocument, ReportedOutcome
from commission.documents.models import Document, DocumentCopy
from commission.inquiries.models import Inquiry
from commission.intake.models import Proposal, ProposalState
from commission.registry.models import ContactDetail, Person, Relationship
from commission.registry.names import name_for_language


def confidential_cases_of(document: Document) -> list[Any]:
    """The confidential cases the document is filed on (each reading of it is logged)."""
    return [
        f.case
        for f in CaseDocument.objects.filter(document=document, case__confidential=True)
        .select_related("case")
        .order_by("case_id")
    ]


def letters(*, waiting: bool | None = None, title: str = "") -> QuerySet[Document]:
    """Documents for the intake queue: those waiting for a clerk first, then the rest, each
    newest first, with the number of pending proposals and of copies.

    The counts are subqueries rather than a GROUP BY over the joined proposals, so that a page
    of fifty letters costs fifty small index look-ups (proposal_queue_idx), not a scan."""
    pending = (
        Proposal.objects.filter(document=OuterRef("pk"), state=ProposalState.PENDING)
        .order_by()
        .values("document")
        .annotate(n=Count("pk"))
        .values("n")
    )
    copies = (
        DocumentCopy.objects.filter(document=OuterRef("pk"))
        .order_by()
        .values("document")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = Document.objects.annotate(
        waiting=Exists(
            Proposal.objects.filter(document=OuterRef("pk"), state=ProposalState.PENDING)
        ),
        pending_count=Coalesce(Subquery(pending), 0),
        copy_count=Coalesce(Subquery(copies), 0),
    )
    if waiting is not None:
        rows = rows.filter(waiting=waiting)
    if title:
        rows = rows.filter(title__icontains=title)
    return rows.order_by(F("waiting").desc(), "-registered_at", "-pk")


@dataclass(frozen=True)
class ResultLink:
    """What an accepted proposal became, as a phrase and the page that shows it."""

    kind: str  # person, case, inquiry, relationship
    label: str
    url: str
    ref: str = ""


def proposal_results(proposals: Iterable[Proposal]) -> dict[int, ResultLink]:
    """For each accepted proposal, the record it made, read in one query per kind of record."""
    wanted: dict[str, dict[int, list[int]]] = {}
    for proposal in proposals:
        if proposal.state == ProposalState.ACCEPTED and proposal.result_id.isdigit():
            by_id = wanted.setdefault(proposal.result_type, {})
            by_id.setdefault(int(proposal.result_id), []).append(proposal.pk)
    found: dict[int, ResultLink] = {}

    def put(ids: list[int], link: ResultLink) -> None:
        for pk in ids:
            found[pk] = link

    def person_link(person: Person, label: str | None = None) -> ResultLink:
        url = reverse("registry:person", args=[person.ref])
        return ResultLink("person", label or name_for_language(person), url, person.ref)

    def case_link(case: Any, label: str) -> ResultLink:
        return ResultLink("case", label, reverse("cases:detail", args=[case.ref]), case.ref)

    rows = wanted.get("registry.person", {})
    for person in Person.objects.filter(pk__in=rows).prefetch_related("names"):
        put(rows[person.pk], person_link(person))
    rows = wanted.get("cases.casedocument", {})
    for filing in CaseDocument.objects.filter(pk__in=rows).select_related("case__subject"):
        label = gettext("Filed on the %(case)s") % {"case": filing.case.label}
        put(rows[filing.pk], case_link(filing.case, label))
    rows = wanted.get("cases.reportedoutcome", {})
    for report in ReportedOutcome.objects.filter(pk__in=rows).select_related("case__subject"):
        label = gettext("Reported on the %(case)s for the chair") % {"case": report.case.label}
        put(rows[report.pk], case_link(report.case, label))
    rows = wanted.get("inquiries.inquiry", {})
    for inquiry in Inquiry.objects.filter(pk__in=rows).select_related("recipient"):
        url = reverse("inquiries:detail", args=[inquiry.ref])
        put(rows[inquiry.pk], ResultLink("inquiry", capfirst(inquiry.label), url, inquiry.ref))
    rows = wanted.get("registry.relationship", {})
    for tie in Relationship.objects.filter(pk__in=rows).select_related("source"):
        label = gettext("Recorded among the ties of %(person)s") % {
            "person": name_for_language(tie.source)
        }
        put(rows[tie.pk], person_link(tie.source, label))
    rows = wanted.get("registry.contactdetail", {})
    for contact in ContactDetail.objects.filter(pk__in=rows).select_related("person"):
        label = gettext("Recorded for %(person)s") % {"person": name_for_language(contact.person)}
        put(rows[contact.pk], person_link(contact.person, label))
    return found


# --- Request shapes ----------------------------------------------------------------------


@dataclass
class UploadProgress:
    """Where the reading of some uploads stands, and what the finished ones gave."""

    uploads: list[Any]
    filed: list[str]
    matched: list[str]
    skipped: list[str]
    errors: list[str]
    documents: list[int]
    # Uploads still waiting for or being read by a worker.
    reading: list[Any]
    # Uploads whose reading failed for good (each with its job's error and a retry).
    failed: list[Any]


def upload_progress(upload_ids: list[str]) -> UploadProgress:
    from commission.intake.models import LetterUpload
    from commission.jobs.enums import JobState

    found = {
        str(u.pk): u
        for u in LetterUpload.objects.filter(pk__in=upload_ids).select_related("job").defer("data")
    }
    uploads = [found[key] for key in upload_ids if key in found]
    progress = UploadProgress(uploads, [], [], [], [], [], [], [])
    for upload in uploads:
        state = upload.job.state if upload.job else JobState.DONE
        if state == JobState.DONE:
            for name in ("filed", "matched", "skipped", "errors", "documents"):
                getattr(progress, name).extend(upload.report.get(name, []))
        elif state == JobState.FAILED:
            progress.failed.append(upload)
        else:
            progress.reading.append(upload)
    progress.documents = list(dict.fromkeys(progress.documents))
    return progress
