"""The page of mail taken in: every message that came to the commission's mailbox, newest
first, with what became of it (docs/mail.md). Thin: reads `IncomingMail` rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from commission.core.paging import CappedPaginator
from commission.core.web import refused
from commission.documents.access import may_read
from commission.documents.models import Document
from commission.intake.models import IncomingMail
from commission.intake.services import REGISTER

PAGE_SIZE = 50


@dataclass
class MailRow:
    mail: IncomingMail
    documents: list[Document]
    # False when a letter filed from the message is one the viewer may not read: then its
    # report (which names the letter) is not shown either.
    readable: bool


@login_required
@require_GET
def mail_list(request: HttpRequest) -> HttpResponse:
    refusal = refused(request, REGISTER, "see the mail taken in")
    if refusal:
        return refusal
    listing = (
        IncomingMail.objects.select_related("inquiry")
        .prefetch_related("documents")
        .defer("raw")
        .order_by("-received_at", "-pk")
    )
    page = CappedPaginator(listing, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for mail in page:
        documents = list(mail.documents.all())
        rows.append(MailRow(mail, documents, all(may_read(request.user, d) for d in documents)))
    return render(request, "intake/mail.html", {"page": page, "rows": rows, "nav": "letters"})
