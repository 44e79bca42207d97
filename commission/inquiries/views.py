"""Inquiry pages: the board, an inquiry with its actions, the ask form, the witness list of a
case, the neighbourhood picture, and the notifications partial. Thin: forms validate, the
services in inquiries.services decide and refuse, these views render what they say."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commission.cases import services as case_services
from commission.cases.models import Case, CaseDocument, DocumentNote
from commission.cases.queries import can_see_case, visible_cases
from commission.core import clock
from commission.core.actors import Viewer, signed_in
from commission.core.errors import CommissionError, NotAllowed, NotFound
from commission.core.http import HtmxHttpRequest
from commission.core.models import Notification
from commission.core.paging import CappedPaginator
from commission.core.roles import can
from commission.core.services import mark_notification_read
from commission.core.web import denied
from commission.inquiries import services
from commission.inquiries.enums import OPEN_INQUIRY_STATES, InquiryState, Urgency
from commission.inquiries.forms import (
    AnswerForm,
    AskForm,
    BoardFilterForm,
    NoteInquiryForm,
    SendForm,
    WithdrawForm,
    WitnessFilterForm,
)
from commission.inquiries.graph import WitnessRow
from commission.inquiries.graph import neighbourhood as build_neighbourhood
from commission.inquiries.models import Inquiry
from commission.inquiries.queries import replies_that_may_answer, visible_inquiries
from commission.inquiries.referees import referee_verdicts
from commission.inquiries.witnesses import find_witnesses
from commission.registry.models import Person
from commission.registry.names import name_for_language

VIEW = "inquiries.view_inquiry"
SEND = "inquiries.send_inquiry"
ANSWER = "inquiries.record_answer"
PAGE_SIZE = 50
NOTIFICATIONS_SHOWN = 20


def _cannot_read(request: HttpRequest) -> HttpResponse:
    return denied(request, _("Your role does not allow you to read the commission's inquiries."))


def _show_error(form: Form, error: CommissionError) -> None:
    """Put a service's refusal beside the field it names, or above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


@login_required
def board(request: HtmxHttpRequest) -> HttpResponse:
    if not can(request.user, VIEW):
        return _cannot_read(request)
    today = clock.today()
    form = BoardFilterForm(request.GET)
    chosen = form.values()
    inquiries = form.apply(user=request.user, today=today)
    page = CappedPaginator(inquiries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "chosen": chosen,
        "view": chosen["view"] or "all",
        "page": page,
        "today": today,
        "query": query.urlencode(),
        "filtered": any(chosen[k] for k in ("state", "urgency", "case")),
        "can_send": can(request.user, SEND),
        "nav": "inquiries",
    }
    template = "inquiries/_board_results.html" if request.htmx else "inquiries/board.html"
    return render(request, template, context)


def _load(request: HttpRequest, ref: str) -> Inquiry | HttpResponse:
    """The inquiry if the user may read it: with the role, or as the person it is addressed
    to (the notification that tells them of it links here)."""
    inquiry = (
        Inquiry.objects.select_related(
            "recipient", "subject", "case", "case__subject", "asked_by", "requested_by",
            "source_document", "answer_document",
        )
        .filter(ref=ref)
        .first()
    )  # fmt: skip
    if inquiry is None:
        raise Http404(_("There is no inquiry '%(ref)s'.") % {"ref": ref})
    addressed_to_me = inquiry.recipient.user_id is not None and (
        inquiry.recipient.user_id == request.user.pk
    )
    if not can(request.user, VIEW) and not addressed_to_me:
        return _cannot_read(request)
    if (
        inquiry.case is not None
        and not addressed_to_me
        and not can_see_case(request.user, inquiry.case)
    ):
        return denied(
            request, _("This inquiry belongs to a confidential case your role may not read.")
        )
    return inquiry


def _filings(inquiry: Inquiry) -> list[CaseDocument]:
    if inquiry.case_id is None:
        return []
    return list(
        CaseDocument.objects.filter(case_id=inquiry.case_id)
        .select_related("document")
        .order_by("filed_at", "id")
    )


def _detail(
    request: HttpRequest, inquiry: Inquiry, status: int = 200, **forms: Form
) -> HttpResponse:
    version = {"version": inquiry.version}
    filings = _filings(inquiry)
    replies = replies_that_may_answer(inquiry, user=request.user)
    context: dict[str, Any] = {
        "inquiry": inquiry,
        "today": clock.today(),
        "is_open": inquiry.state in OPEN_INQUIRY_STATES,
        "can_send": can(request.user, SEND),
        "can_answer": can(request.user, ANSWER),
        "send_form": forms.get("send_form") or SendForm(initial=version),
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(initial=version),
        "answer_form": forms.get("answer_form")
        or AnswerForm(initial=version, filings=filings, replies=replies),
        "has_choices": bool(filings or replies),
        # A refusal of an action on an inquiry that is no longer open has no form to sit in.
        "refused": next(iter(forms.values()), None),
        "nav": "inquiries",
    }
    return render(request, "inquiries/detail.html", context, status=status)


@login_required
def detail(request: HttpRequest, ref: str) -> HttpResponse:
    found = _load(request, ref)
    if isinstance(found, HttpResponse):
        return found
    return _detail(request, found)


def _act(
    request: HttpRequest, ref: str, form_name: str, build: Any, act: Any, done: str
) -> HttpResponse:
    """The shared shape of an action on an inquiry: validate, call the service with the
    version the page showed, then redirect with a message, or show the refusal in place."""
    found = _load(request, ref)
    if isinstance(found, HttpResponse):
        return found
    form = build(found)
    if form.is_valid():
        try:
            act(found, form.cleaned_data)
        except NotAllowed as refused:
            return denied(request, refused.message)
        except CommissionError as refused:
            _show_error(form, refused)
        else:
            messages.success(request, done)
            return redirect("inquiries:detail", ref=found.ref)
    return _detail(request, found, status=400, **{form_name: form})


@login_required
@require_POST
def send(request: HttpRequest, ref: str) -> HttpResponse:
    return _act(
        request, ref, "send_form",
        lambda inquiry: SendForm(request.POST),
        lambda inquiry, data: services.send_inquiry(
            actor=signed_in(request.user), inquiry=inquiry, expected_version=data["version"]
        ),
        _("The inquiry was sent."),
    )  # fmt: skip


@login_required
@require_POST
def withdraw(request: HttpRequest, ref: str) -> HttpResponse:
    return _act(
        request, ref, "withdraw_form",
        lambda inquiry: WithdrawForm(request.POST),
        lambda inquiry, data: services.withdraw_inquiry(
            actor=signed_in(request.user), inquiry=inquiry, reason=data["reason"],
            expected_version=data["version"],
        ),
        _("The inquiry was withdrawn."),
    )  # fmt: skip


@login_required
@require_POST
def answer(request: HttpRequest, ref: str) -> HttpResponse:
    return _act(
        request, ref, "answer_form",
        lambda inquiry: AnswerForm(
            request.POST, filings=_filings(inquiry),
            replies=replies_that_may_answer(inquiry, user=request.user),
        ),
        lambda inquiry, data: services.answer_inquiry(
            actor=signed_in(request.user), inquiry=inquiry, reply=data["reply"],
            stance=data["stance"], basis=data["basis"], period=data["period"],
            summary=data["summary"], expected_version=data["version"],
        ),
        "The answer was recorded"
        " and the reply filed on the case as testimony.",
    )  # fmt: skip


def _case_for(request: HttpRequest, ref: str) -> Case | None:
    if not ref:
        return None
    case = visible_cases(request.user).select_related("subject").filter(ref=ref).first()
    if case is None:
        raise Http404(_("There is no case '%(ref)s' you may see.") % {"ref": ref})
    return case


@login_required
def ask(request: HttpRequest) -> HttpResponse:
    if not can(request.user, SEND):
        return denied(request, _("You may not send inquiries: your role does not allow it."))
    source = request.POST if request.method == "POST" else request.GET
    case = _case_for(request, source.get("case", "").strip()[:64])
    if request.method == "POST":
        form = AskForm(request.POST, case=case)
        if form.is_valid():
            data = form.cleaned_data
            try:
                inquiry = services.ask(
                    actor=signed_in(request.user), subject=data["subject_person"],
                    recipient=data["recipient_person"], question=data["question"],
                    due_on=data["due_on"], urgency=data["urgency"], case=case,
                    requested_by=data["requested_by_person"], send=data["send"] == "send",
                )  # fmt: skip
            except NotAllowed as refused:
                return denied(request, refused.message)
            except CommissionError as refused:
                _show_error(form, refused)
            else:
                messages.success(
                    request,
                    _("The inquiry to %(recipient)s was %(value)s.")
                    % {
                        "recipient": name_for_language(inquiry.recipient),
                        "value": "sent"
                        if inquiry.state == InquiryState.SENT
                        else "saved as a draft",
                    },
                )
                return redirect("inquiries:detail", ref=inquiry.ref)
        status = 400
    else:
        initial: dict[str, Any] = {
            "case": case.ref if case else "",
            "subject": case.subject.ref if case else request.GET.get("subject", "")[:64],
            "recipient": request.GET.get("recipient", "")[:64],
            "urgency": Urgency.NORMAL,
            "due_on": clock.today() + dt.timedelta(days=14),
            "send": "send",
        }
        form = AskForm(initial=initial, case=case)
        status = 200
    recipient = Person.objects.filter(ref=form["recipient"].value() or "").first()
    subject = (
        case.subject if case else Person.objects.filter(ref=form["subject"].value() or "").first()
    )
    context = {
        "form": form,
        "case": case,
        "subject": subject,
        "recipient": recipient,
        "nav": "inquiries",
    }
    return render(request, "inquiries/ask.html", context, status=status)


def _witness_case(request: HttpRequest, ref: str) -> Case | HttpResponse:
    case = Case.objects.select_related("subject", "commission").filter(ref=ref).first()
    if case is None:
        raise Http404(_("There is no case '%(ref)s'.") % {"ref": ref})
    if not can(request.user, "cases.view_case") or not can_see_case(request.user, case):
        return denied(request, _("Your role does not allow you to read this case."))
    # Every read of a confidential case is on record.
    case_services.record_confidential_read(actor=signed_in(request.user), case=case)
    return case


@login_required
def witnesses(request: HtmxHttpRequest, ref: str) -> HttpResponse:
    case = _witness_case(request, ref)
    if isinstance(case, HttpResponse):
        return case
    form = WitnessFilterForm(request.GET)
    hidden = form.hidden_marks()
    found = find_witnesses(subject=case.subject, case=case)
    shown = [WitnessRow.of(c) for c in found if not (c.marks & hidden)]
    # The latest inquiry about the subject to each candidate: its row says when they were
    # asked, rather than offering to ask them again.
    asked: dict[int, Inquiry] = {}
    for inquiry in Inquiry.objects.filter(
        subject=case.subject, recipient__in=[r.candidate.person.pk for r in shown]
    ).order_by("created_at", "pk"):
        asked[inquiry.recipient_id] = inquiry
    listed = [(row, asked.get(row.candidate.person.pk)) for row in shown]
    context = {
        "case": case,
        "form": form,
        "rows": shown,
        # The living and the dead apart, each best first: the dead can be named but not asked.
        "groups": [
            group
            for group in (
                ("living", [(r, i) for r, i in listed if not r.candidate.person.deceased]),
                ("deceased", [(r, i) for r, i in listed if r.candidate.person.deceased]),
            )
            if group[1]
        ],
        "total": len(found),
        "left_out": len(found) - len(shown),
        "verdicts": referee_verdicts(case=case),
        "can_send": can(request.user, SEND),
        "nav": "inquiries",
    }
    template = "inquiries/_witnesses.html" if request.htmx else "inquiries/witnesses.html"
    return render(request, template, context)


@login_required
def case_panel(request: HttpRequest, ref: str) -> HttpResponse:
    """The inquiries of a case and the way to its witnesses, for the case page (an htmx
    partial, loaded with the page; the case page has already recorded the reading)."""
    case = Case.objects.select_related("subject").filter(ref=ref).first()
    # A case the reader may not see answers as one that does not exist, as its page does.
    if case is None or not can_see_case(request.user, case):
        raise Http404(_("There is no case '%(ref)s'.") % {"ref": ref})
    if not can(request.user, VIEW):
        return render(request, "inquiries/_case_panel.html", {"case": case, "allowed": False})
    inquiries = sorted(
        visible_inquiries(request.user).filter(case=case).order_by("-id")[:50],
        key=lambda i: (i.state not in OPEN_INQUIRY_STATES, i.due_on, i.pk),
    )
    open_ones = [i for i in inquiries if i.state in OPEN_INQUIRY_STATES]
    context = {
        "case": case,
        "allowed": True,
        "inquiries": inquiries,
        "open_count": len(open_ones),
        "urgent_count": sum(1 for i in open_ones if i.urgency == Urgency.URGENT),
        "today": clock.today(),
        "can_send": can(request.user, SEND),
    }
    return render(request, "inquiries/_case_panel.html", context)


@login_required
def neighbourhood(request: HttpRequest, ref: str) -> HttpResponse:
    if not can(request.user, VIEW):
        return _cannot_read(request)
    subject = Person.objects.filter(ref=ref).first()
    if subject is None:
        raise Http404(_("There is no person '%(ref)s' in the registry.") % {"ref": ref})
    case: Case | None = None
    case_ref = request.GET.get("case", "").strip()[:64]
    if case_ref:
        found = _witness_case(request, case_ref)
        if isinstance(found, HttpResponse):
            return found
        if found.subject_id != subject.pk:
            raise Http404(
                _("Case %(case_ref)s is not about %(subject)s.")
                % {"case_ref": case_ref, "subject": name_for_language(subject)}
            )
        case = found
    focus_ref = request.GET.get("witness", "").strip()[:64]
    focus = Person.objects.filter(ref=focus_ref).first() if focus_ref else None
    graph = build_neighbourhood(subject=subject, case=case, focus=focus)
    context = {"g": graph, "subject": subject, "case": case, "nav": "inquiries"}
    return render(request, "inquiries/neighbourhood.html", context)


def _unread(user: Viewer) -> list[Notification]:
    if isinstance(user, AnonymousUser):
        return []
    return list(
        Notification.objects.filter(user=user, read_at__isnull=True).order_by("-created_at", "-id")[
            :NOTIFICATIONS_SHOWN
        ]
    )


@login_required
def notifications(request: HtmxHttpRequest) -> HttpResponse:
    """The user's unread notifications: the partial for the page header, or a page of its own
    when followed as a link without JavaScript."""
    unread = _unread(request.user)
    if request.htmx:
        return render(request, "commission/_notifications.html", {"unread_notifications": unread})
    return render(request, "inquiries/notifications.html", {"items": unread})


@login_required
@require_POST
def mark_read(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    owner: Any = request.user  # signed in: login_required
    try:
        mark_notification_read(user=owner, notification_id=pk)
    except NotFound as error:
        raise Http404(error.message) from None
    if request.htmx:
        return render(
            request,
            "commission/_notifications.html",
            {"unread_notifications": _unread(request.user)},
        )
    messages.success(request, _("Marked as read."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("inquiries:notifications")
    return redirect(target)


@login_required
@require_POST
def ask_from_note(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the inquiry a note on a document asks for, from the note beside the document."""
    note = DocumentNote.objects.select_related("case__subject", "document").filter(pk=pk).first()
    if note is None or note.case is None or not can_see_case(request.user, note.case):
        raise Http404(_("There is no note %(pk)s in a case file that you can see.") % {"pk": pk})
    back = reverse("cases:document", args=[note.case.ref, note.document_id]) + f"#note-{pk}"
    form = NoteInquiryForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back)
    data = form.cleaned_data
    try:
        inquiry = services.ask_from_note(
            actor=signed_in(request.user), note=note, recipient=data["recipient"],
            due_on=data["due_on"], urgency=data["urgency"],
        )  # fmt: skip
    except NotAllowed as error:
        return denied(request, error.message)
    except CommissionError as error:
        messages.error(request, error.message)
        return redirect(back)
    messages.success(
        request,
        _("Asked %(recipient)s (%(inquiry)s), as the note asks.")
        % {"recipient": name_for_language(inquiry.recipient), "inquiry": inquiry.ref},
    )
    return redirect(back)
