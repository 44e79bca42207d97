"""Letter pages: the intake queue, uploading, reviewing what was read, and the differences
between copies. Thin: a form checks what was sent, a service in `intake.services` does the work
and refuses with a sentence, and that sentence is shown where the action was taken."""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commission.cases import services as case_services
from commission.core.actors import signed_in
from commission.core.errors import CommissionError, NotAllowed
from commission.core.http import HtmxHttpRequest
from commission.core.paging import CappedPaginator
from commission.core.roles import can
from commission.core.web import denied, refused
from commission.documents.access import may_read, readable
from commission.documents.models import Document
from commission.documents.queries import compare_copies, copy_history
from commission.intake import services
from commission.intake.forms import (
    AcceptForm,
    LetterFilterForm,
    PersonLookupForm,
    RejectForm,
    UploadForm,
    too_large,
    upload_limit,
)
from commission.intake.models import IncomingMail, Proposal, ProposalKind, ProposalState
from commission.intake.payloads import answer_payload
from commission.intake.queries import (
    ResultLink,
    confidential_cases_of,
    letters,
    proposal_results,
    upload_progress,
)
from commission.intake.summaries import describe as describe_proposals
from commission.registry.lookup import find_people
from commission.registry.models import ContactDetail, Person
from commission.registry.services import record_personal_data_read

logger = logging.getLogger(__name__)

VIEW = "documents.view_document"
REGISTER = services.REGISTER
REVIEW = services.REVIEW
PAGE_SIZE = 50
REPORT_KEY = "intake_upload_report"
KIND_ORDER = [
    ProposalKind.PERSON, ProposalKind.FILING, ProposalKind.RELATIONSHIP, ProposalKind.CONTACT,
    ProposalKind.OUTCOME, ProposalKind.INQUIRY, ProposalKind.ANSWER,
]  # fmt: skip
GROUP_TITLES = {
    ProposalKind.PERSON: gettext_lazy("People named"),
    ProposalKind.FILING: gettext_lazy("Filing on a case"),
    ProposalKind.RELATIONSHIP: gettext_lazy("Ties between people"),
    ProposalKind.CONTACT: gettext_lazy("Contact details (personal data)"),
    ProposalKind.OUTCOME: gettext_lazy("Outcomes the editors report"),
    ProposalKind.INQUIRY: gettext_lazy("Inquiries the document asks for"),
    ProposalKind.ANSWER: gettext_lazy("Inquiries the letter answers"),
}
PARTS = {
    "text": gettext_lazy("the letter"),
    "notes": gettext_lazy("the notes"),
    "header": gettext_lazy("the archive header"),
}


def _document(pk: int) -> Document:
    document = Document.objects.select_related("registered_by").filter(pk=pk).first()
    if document is None:
        raise Http404(_("There is no letter number %(pk)s.") % {"pk": pk})
    return document


def _readable(request: HttpRequest, pk: int) -> Document | HttpResponse:
    """The document, if the user may read it; reading one filed on a confidential case is
    logged, as every reading of such a case is."""
    document = _document(pk)
    if not may_read(request.user, document):
        return denied(
            request,
            _(
                "Letter %(pk)s is confidential, or filed on a confidential case: your "
                "role does not allow you to read it."
            )
            % {"pk": pk},
        )
    for case in confidential_cases_of(document):
        case_services.record_confidential_read(actor=signed_in(request.user), case=case)
    return document


def _proposal(pk: int) -> Proposal:
    proposal = Proposal.objects.select_related("document").filter(pk=pk).first()
    if proposal is None:
        raise Http404(_("There is no proposal number %(pk)s.") % {"pk": pk})
    return proposal


# --- Highlighting the words each proposal was read from -----------------------------------


@dataclass(frozen=True)
class Mark:
    proposal: int
    start: int
    end: int
    css: str


@dataclass(frozen=True)
class Piece:
    """A run of the letter's text, or the start or end of a <mark>. The template writes the
    text escaped; nothing here is markup."""

    kind: str  # text, open, close
    text: str = ""
    proposal: int = 0
    anchor: bool = False  # the first mark of a proposal's words carries its id
    css: str = ""


def highlight(text: str, marks: list[Mark]) -> list[Piece]:
    """The text split at every mark's start and end into properly nested marks.

    Spans nest (a name inside the sentence that ties two people) and sometimes cross; a span
    that crosses the end of an enclosing one is closed there and reopened after it, so the
    markup stays well formed and each proposal's first mark keeps its id."""
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    bounds = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    pieces: list[Piece] = []
    stack: list[Mark] = []
    anchored: set[int] = set()
    for start, end in itertools.pairwise(bounds):
        covering = sorted(
            (m for m in marks if m.start <= start and m.end >= end),
            key=lambda m: (m.start, -m.end, m.proposal),
        )
        keep = 0
        while keep < min(len(stack), len(covering)) and stack[keep] == covering[keep]:
            keep += 1
        while len(stack) > keep:
            stack.pop()
            pieces.append(Piece("close"))
        for mark in covering[keep:]:
            first = mark.proposal not in anchored
            anchored.add(mark.proposal)
            pieces.append(Piece("open", proposal=mark.proposal, anchor=first, css=mark.css))
            stack.append(mark)
        pieces.append(Piece("text", text[start:end]))
    pieces += [Piece("close")] * len(stack)
    return pieces


def _placed(document: Document, proposal: Proposal) -> tuple[str, int, int] | None:
    """Where the proposal's words are in the stored letter: (part, start, end). A proposal read
    from a later copy has offsets into that copy, so its words are looked for when the offsets
    do not hold them."""
    if proposal.span_part not in ("text", "notes") or not proposal.span_text:
        return None
    part = document.text if proposal.span_part == "text" else document.notes_text
    start, end = proposal.span_start, proposal.span_end
    if start is not None and end is not None and part[start:end] == proposal.span_text:
        return proposal.span_part, start, end
    found = part.find(proposal.span_text)
    if found < 0:
        return None
    return proposal.span_part, found, found + len(proposal.span_text)


# --- Review rows ------------------------------------------------------------------------


@dataclass
class ProposalRow:
    proposal: Proposal
    result: ResultLink | None
    placed: bool
    where: str
    may_review: bool
    error: str = ""
    is_person: bool = False
    # What it proposes, in the reader's language (intake.summaries).
    summary: str = ""
    # An answer to an inquiry: its accept form asks for the stance and basis, as read.
    answer_form: AcceptForm | None = None


@dataclass
class ProposalGroup:
    kind: str
    title: str
    rows: list[ProposalRow] = field(default_factory=list)


def _rows(
    request: HttpRequest,
    document: Document,
    proposals: list[Proposal],
    context: list[Proposal] | None = None,
) -> list[ProposalRow]:
    """The review rows of `proposals`; `context`: every proposal of the document, which the
    sentences need for the people they name (read when not given)."""
    results = proposal_results(proposals)
    may_review = can(request.user, REVIEW)
    if context is None:
        context = list(document.proposals.filter(kind=ProposalKind.PERSON))
    summaries = describe_proposals(proposals, context)
    return [
        ProposalRow(
            proposal=p,
            summary=summaries[p.pk],
            result=results.get(p.pk),
            placed=_placed(document, p) is not None,
            where=str(PARTS.get(p.span_part, "")),
            may_review=may_review and p.state == ProposalState.PENDING,
            is_person=p.kind == ProposalKind.PERSON,
            answer_form=AcceptForm(
                initial={
                    "stance": answer_payload(p)["stance"],
                    "basis": answer_payload(p)["basis"],
                },
                auto_id=f"answer-{p.pk}-%s",
            )
            if p.kind == ProposalKind.ANSWER
            else None,
        )
        for p in proposals
    ]


def _row(request: HttpRequest, proposal: Proposal, error: str = "") -> ProposalRow:
    proposal = _proposal(proposal.pk)
    row = _rows(request, proposal.document, [proposal])[0]
    row.error = error
    return row


def _review_context(
    request: HttpRequest, document: Document, errors: dict[int, str] | None = None
) -> dict[str, Any]:
    errors = errors or {}
    proposals = list(document.proposals.select_related("decided_by").order_by("order", "pk"))
    text_marks: list[Mark] = []
    notes_marks: list[Mark] = []
    for proposal in proposals:
        placed = _placed(document, proposal)
        if placed is None:
            continue
        part, start, end = placed
        mark = Mark(proposal.pk, start, end, f"mark-{proposal.kind} mark-{proposal.state}")
        (text_marks if part == "text" else notes_marks).append(mark)
    groups = {kind: ProposalGroup(kind, str(GROUP_TITLES[kind])) for kind in KIND_ORDER}
    for row in _rows(request, document, proposals, proposals):
        row.error = errors.get(row.proposal.pk, "")
        groups[ProposalKind(row.proposal.kind)].rows.append(row)
    copies = list(document.copies.select_related("received_by").order_by("received_at", "pk"))
    return {
        "document": document,
        "text_pieces": highlight(document.text, text_marks),
        "notes_pieces": highlight(document.notes_text, notes_marks) if document.notes_text else [],
        "groups": [g for g in groups.values() if g.rows],
        "copies": [(c, copy_history(c)) for c in copies],
        "pending": sum(1 for p in proposals if p.state == ProposalState.PENDING),
        "may_review": can(request.user, REVIEW),
        # The messages this letter came in, with what became of each part (docs/mail.md).
        "mails": list(
            IncomingMail.objects.filter(documents=document)
            .select_related("inquiry")
            .order_by("received_at", "pk")
            .only("pk", "sender", "subject", "received_at", "outcome", "report", "inquiry__ref")
        ),
        "nav": "letters",
    }


# --- Pages ------------------------------------------------------------------------------


@login_required
@require_GET
def letter_list(request: HtmxHttpRequest) -> HttpResponse:
    refusal = refused(request, VIEW, "read the letters")
    if refusal:
        return refusal
    form = LetterFilterForm(request.GET or None)
    form.is_valid()
    rows = readable(letters(waiting=form.waiting(), title=form.title()), request.user)
    context = {
        "form": form,
        "page": CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "filtered": form.waiting() is not None or bool(form.title()),
        "may_upload": can(request.user, REGISTER),
        "nav": "letters",
    }
    template = "intake/_letter_results.html" if request.htmx else "intake/letters.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    refusal = refused(request, REGISTER, "register letters")
    if refusal:
        return refusal
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        request.session[REPORT_KEY] = _receive_uploads(request, form.cleaned_data["uploads"])
        return redirect("intake:upload-report")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "intake/upload.html",
        {"form": form, "limit_mb": _limit_mb(), "nav": "letters"},
        status=status,
    )


def _limit_mb() -> str:
    return f"{upload_limit() / 1024 / 1024:g}"


def _receive_uploads(request: HttpRequest, uploads: list[Any]) -> dict[str, list[Any]]:
    """Every file is stored and handed to a worker to read; the page answers at once. A file
    refused here (too large) is reported and the others go on."""
    received: list[str] = []
    refused_files: list[str] = []
    for upload_file in uploads:
        name = upload_file.name or "unnamed file"
        refusal = too_large(upload_file)
        if refusal:
            refused_files.append(refusal)
            continue
        upload = services.receive_upload(
            actor=signed_in(request.user), data=upload_file.read(), file_name=name
        )
        received.append(str(upload.pk))
    return {"uploads": received, "refused": refused_files}


@login_required
@require_GET
def upload_report(request: HtmxHttpRequest) -> HttpResponse:
    """What the upload gave: "being read…" while a worker reads (the page asks again every
    second), then the letters filed; a file whose reading failed is named with the reason and
    a button to try again."""
    refusal = refused(request, REGISTER, "register letters")
    if refusal:
        return refusal
    sent = request.session.get(REPORT_KEY)
    if not sent or "uploads" not in sent:
        return redirect("intake:upload")
    progress = upload_progress(sent["uploads"])
    report = {
        "filed": progress.filed,
        "matched": progress.matched,
        "skipped": progress.skipped,
        "errors": sent["refused"] + progress.errors,
        "documents": progress.documents,
    }
    order = {pk: i for i, pk in enumerate(report["documents"])}
    touched = sorted(letters().filter(pk__in=report["documents"]), key=lambda d: order.get(d.pk, 0))
    context = {
        "report": report,
        "touched": touched,
        "reading": progress.reading,
        "failed": progress.failed,
        "may_retry": can(request.user, "jobs.retry_job"),
        "nav": "letters",
    }
    # The page polls its progress block; a boosted form that lands here wants the whole page.
    partial = bool(request.htmx) and not request.htmx.boosted
    template = "intake/_upload_progress.html" if partial else "intake/upload_report.html"
    return render(request, template, context)


@login_required
@require_GET
def review(request: HttpRequest, pk: int) -> HttpResponse:
    refusal = refused(request, VIEW, "read the letters")
    if refusal:
        return refusal
    document = _readable(request, pk)
    if isinstance(document, HttpResponse):
        return document
    _record_personal_data_shown(request, document)
    return render(request, "intake/review.html", _review_context(request, document))


def _record_personal_data_shown(request: HttpRequest, document: Document) -> None:
    """The letter's text holds the contact details that were taken from it, and those still
    waiting to be confirmed: reading it is reading them, so each known person's are put on
    record as read."""
    kinds: dict[int, set[str]] = {}
    for person_id, kind in ContactDetail.objects.filter(source_document=document).values_list(
        "person_id", "kind"
    ):
        kinds.setdefault(person_id, set()).add(kind)
    for proposal in Proposal.objects.filter(
        document=document, kind=ProposalKind.CONTACT, state=ProposalState.PENDING
    ):
        owner = services.owner_of_contact(proposal)
        if owner is not None:
            kinds.setdefault(owner.pk, set()).add(str(proposal.payload.get("kind", "")))
    for person in Person.objects.filter(pk__in=kinds):
        record_personal_data_read(
            actor=signed_in(request.user),
            person=person,
            where=f"in the text of letter {document.pk}",
            kinds=kinds[person.pk],
        )


@login_required
@require_GET
def copies(request: HttpRequest, pk: int) -> HttpResponse:
    refusal = refused(request, VIEW, "read the letters")
    if refusal:
        return refusal
    document = _readable(request, pk)
    if isinstance(document, HttpResponse):
        return document
    comparisons = [
        (c, copy_history(c.base), copy_history(c.other)) for c in compare_copies(document)
    ]
    return render(
        request,
        "intake/copies.html",
        {
            "document": document,
            "comparisons": comparisons,
            "only": [
                (c, copy_history(c))
                for c in document.copies.select_related("received_by").order_by("received_at")
            ]
            if not comparisons
            else [],
            "nav": "letters",
        },
    )


def _after_decision(
    request: HtmxHttpRequest, proposal: Proposal, error: str, done: str
) -> HttpResponse:
    """The proposal's row for htmx; otherwise the review page, with the error in place."""
    if request.htmx:
        # htmx swaps only successful answers, so a refusal comes back as the row with its
        # sentence in it; the count of what is still waiting comes with it, out of band.
        pending = Proposal.objects.filter(
            document_id=proposal.document_id, state=ProposalState.PENDING
        ).count()
        return render(
            request,
            "intake/_proposal_decided.html",
            {"row": _row(request, proposal, error), "pending": pending},
        )
    if error:
        document = _document(proposal.document_id)
        context = _review_context(request, document, errors={proposal.pk: error})
        return render(request, "intake/review.html", context, status=400)
    messages.success(request, done)
    url = reverse("intake:review", args=[proposal.document_id])
    return redirect(f"{url}#proposal-{proposal.pk}")


@login_required
@require_POST
def accept(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(pk)
    if not may_read(request.user, proposal.document):
        return denied(request, _("This proposal's letter is confidential: you may not decide it."))
    form = AcceptForm(request.POST)
    valid = form.is_valid()
    person_ref = (form.cleaned_data.get("person_ref") or "") if valid else ""
    edits = form.edits() if valid and proposal.kind == ProposalKind.ANSWER else {}
    error = ""
    if "stance" in form.errors or "basis" in form.errors:
        error = "Choose a stance and a basis from the lists."
    elif request.POST.get("choosing") and not person_ref:
        error = "Choose a person from the list first, or accept the proposal as it stands."
    elif person_ref and proposal.kind != ProposalKind.PERSON:
        error = "Only a person proposal can be given another person."
    else:
        try:
            services.accept_proposal(
                actor=signed_in(request.user),
                proposal=proposal,
                person_ref=person_ref or None,
                edits=edits,
            )
        except NotAllowed as refusal:
            return denied(request, refusal.message)
        except CommissionError as failure:
            error = failure.message
    return _after_decision(request, proposal, error, f"Accepted: {proposal.summary}")


@login_required
@require_POST
def reject(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(pk)
    if not may_read(request.user, proposal.document):
        return denied(request, _("This proposal's letter is confidential: you may not decide it."))
    form = RejectForm(request.POST)
    reason = (form.cleaned_data.get("reason") or "") if form.is_valid() else ""
    error = ""
    try:
        services.reject_proposal(actor=signed_in(request.user), proposal=proposal, reason=reason)
    except NotAllowed as refusal:
        return denied(request, refusal.message)
    except CommissionError as failure:
        error = failure.message
    return _after_decision(request, proposal, error, f"Rejected: {proposal.summary}")


@login_required
@require_POST
def accept_all(request: HttpRequest, pk: int) -> HttpResponse:
    document = _readable(request, pk)
    if isinstance(document, HttpResponse):
        return document
    try:
        accepted, left = services.accept_all(actor=signed_in(request.user), document=document)
    except NotAllowed as refusal:
        return denied(request, refusal.message)
    if accepted:
        messages.success(
            request,
            ngettext(
                "Accepted %(accepted)s thing read from the letter.",
                "Accepted %(accepted)s things read from the letter.",
                accepted,
            )
            % {"accepted": accepted},
        )
    else:
        messages.info(request, _("Nothing more could be accepted as proposed."))
    for sentence in left:
        messages.warning(request, sentence)
    return redirect("intake:review", pk=document.pk)


def _people_matching(query: str) -> list[Person]:
    """The person with this identifier, or the people whose names match, best first."""
    if not query:
        return []
    exact = Person.objects.filter(ref=query).first()
    if exact is not None:
        return [exact]
    return [m.person for m in find_people(query, limit=10)]


@login_required
@require_GET
def person_choices(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Registry people to choose for a person proposal: the list alone for htmx, else a page
    with the search and the choice."""
    refusal = refused(request, REVIEW, "confirm what was read from letters")
    if refusal:
        return refusal
    proposal = _proposal(pk)
    if not may_read(request.user, proposal.document):
        return denied(request, _("This proposal's letter is confidential: you may not decide it."))
    if proposal.kind != ProposalKind.PERSON:
        raise Http404(_("Only a person proposal can be given another person."))
    form = PersonLookupForm(request.GET or None)
    query = (form.cleaned_data.get("q") or "") if form.is_valid() else ""
    context = {
        "proposal": proposal,
        "summary": describe_proposals(
            [proposal], list(proposal.document.proposals.filter(kind=ProposalKind.PERSON))
        )[proposal.pk],
        "query": query,
        "people": _people_matching(query),
        "form": form,
        "nav": "letters",
    }
    template = "intake/_person_choices.html" if request.htmx else "intake/choose_person.html"
    return render(request, template, context)
