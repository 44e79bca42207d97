"""A document in a case file, with the notes beside it: the passages they are on marked in its
text, its tags, and the forms to write a note, tag it and record a check. Thin, as the other
case pages: a form, one call of `cases.notes`, the page again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commission.cases import notes
from commission.cases.enums import DocumentTagKind, NoteRequest
from commission.cases.forms import CheckForm, NoteForm, TagForm, add_service_error
from commission.cases.models import Case, CaseDocument, DocumentNote
from commission.cases.views import _case
from commission.core import clock
from commission.core.actors import signed_in
from commission.core.errors import CommissionError, NotAllowed
from commission.core.roles import can
from commission.core.web import denied
from commission.documents.access import may_read


def _filing(request: HttpRequest, ref: str, document_id: int) -> CaseDocument:
    case = _case(request, ref)
    filing = (
        CaseDocument.objects.select_related("document")
        .filter(case=case, document_id=document_id)
        .first()
    )
    if filing is None or not can(request.user, "cases.view_case"):
        raise Http404(
            _("There is no document %(document_id)s on the file of %(ref)s that you can see.")
            % {"document_id": document_id, "ref": ref}
        )
    if not may_read(request.user, filing.document):
        raise Http404(
            _("There is no document %(document_id)s on the file of %(ref)s that you can see.")
            % {"document_id": document_id, "ref": ref}
        )
    filing.case = case
    return filing


def _back(ref: str, document_id: int, anchor: str = "") -> str:
    return reverse("cases:document", args=[ref, document_id]) + anchor


def _page(
    request: HttpRequest,
    filing: CaseDocument,
    *,
    note_form: NoteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    case: Case = filing.case
    document = filing.document
    found = list(notes.notes_on(document))
    may_annotate = can(request.user, notes.ANNOTATE)
    tags = notes.tags_of([document.pk])[document.pk]
    context: dict[str, Any] = {
        "case": case,
        "filing": filing,
        "document": document,
        "parts": notes.marked_parts(document, found),
        "part_labels": notes.PARTS,
        "notes": list(enumerate(found, start=1)),
        "tags": [(t, DocumentTagKind(t).label) for t in tags],
        "untagged": [(t, label) for t, label in DocumentTagKind.choices if t not in tags],
        "may_annotate": may_annotate,
        "may_ask": can(request.user, "inquiries.send_inquiry"),
        "note_form": note_form or NoteForm(auto_id="note_%s"),
        "check_form": CheckForm(auto_id=False),
        "today": clock.today(),
        "nav": "cases",
    }
    return render(request, "cases/document.html", context, status=status)


@login_required
def document_page(request: HttpRequest, ref: str, document_id: int) -> HttpResponse:
    return _page(request, _filing(request, ref, document_id))


@login_required
@require_POST
def document_note(request: HttpRequest, ref: str, document_id: int) -> HttpResponse:
    filing = _filing(request, ref, document_id)
    form = NoteForm(request.POST, auto_id="note_%s")
    if not form.is_valid():
        return _page(request, filing, note_form=form, status=400)
    data = form.cleaned_data
    try:
        note = notes.write_note(
            actor=signed_in(request.user),
            document=filing.document,
            case=filing.case,
            text=data["text"],
            part=data["part"] or ("text" if data["quote"] or data["start"] is not None else ""),
            start=data["start"],
            end=data["end"],
            quote=data["quote"],
            asks=data["asks"],
            on_behalf_of=data["on_behalf_of"],
        )
    except NotAllowed as error:
        return denied(request, error.message)
    except CommissionError as error:
        add_service_error(form, error)
        return _page(request, filing, note_form=form, status=400)
    messages.success(request, _("Your note is on “%(document)s”.") % {"document": filing.document})
    return redirect(_back(ref, document_id, f"#note-{note.pk}"))


@login_required
@require_POST
def document_tag(request: HttpRequest, ref: str, document_id: int) -> HttpResponse:
    filing = _filing(request, ref, document_id)
    form = TagForm(request.POST)
    back = _back(ref, document_id)
    if not form.is_valid():
        messages.error(request, _("Choose one of the tags."))
        return redirect(back)
    tag, remove = form.cleaned_data["tag"], form.cleaned_data["remove"]
    label = DocumentTagKind(tag).label
    try:
        if remove:
            notes.untag_document(actor=signed_in(request.user), document=filing.document, tag=tag)
            messages.success(
                request,
                _("“%(document)s” is no longer tagged %(label)s.")
                % {"document": filing.document, "label": label},
            )
        else:
            notes.tag_document(actor=signed_in(request.user), document=filing.document, tag=tag)
            messages.success(
                request,
                _("“%(document)s” is tagged %(label)s.")
                % {"document": filing.document, "label": label},
            )
    except NotAllowed as error:
        return denied(request, error.message)
    except CommissionError as error:
        messages.error(request, error.message)
    return redirect(back)


@login_required
@require_POST
def note_check(request: HttpRequest, ref: str, document_id: int, note_id: int) -> HttpResponse:
    filing = _filing(request, ref, document_id)
    note = DocumentNote.objects.filter(
        pk=note_id, document=filing.document, asks=NoteRequest.CHECK
    ).first()
    if note is None:
        raise Http404(
            _("There is no check %(note_id)s on “%(document)s”.")
            % {"note_id": note_id, "document": filing.document}
        )
    form = CheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what the check found."))
        return redirect(_back(ref, document_id, f"#note-{note.pk}"))
    try:
        notes.record_check(
            actor=signed_in(request.user), note=note, finding=form.cleaned_data["finding"]
        )
    except NotAllowed as error:
        return denied(request, error.message)
    except CommissionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The check is recorded."))
    return redirect(_back(ref, document_id, f"#note-{note.pk}"))
