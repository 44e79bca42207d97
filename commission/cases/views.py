"""Case pages. Thin: a form checks what was typed, a service in commission.cases.services does
the work (and refuses with a sentence), and the page is rendered from commission.cases.queries.
Every action form carries the case's version; a stale one gets the Conflict sentence."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from commission.cases import file_page, notes, queries, rules, services
from commission.cases.enums import (
    TERMINAL_STATES,
    TRANSITIONS,
    CaseState,
    HearingState,
    NoteRequest,
)
from commission.cases.forms import (
    AppealForm,
    CancelHearingForm,
    CaseFilterForm,
    DecisionForm,
    MoveForm,
    OpenCaseForm,
    OverrideForm,
    PostponeHearingForm,
    RecordHearingForm,
    ReopenForm,
    ScheduleHearingForm,
    add_service_error,
)
from commission.cases.models import Case, CaseDocument, Decision, Hearing
from commission.core import clock
from commission.core.actors import Viewer, signed_in
from commission.core.dates import moments, quick_date, quick_datetime
from commission.core.errors import CommissionError, Conflict, NotAllowed
from commission.core.http import HtmxHttpRequest
from commission.core.paging import CappedPaginator
from commission.core.roles import can
from commission.core.web import denied
from commission.registry.models import Commission, Membership, Person
from commission.registry.names import name_for_language

PAGE_SIZE = 50


def _not_found(ref: str) -> Http404:
    # The same answer for a case that does not exist and one the user may not see, so a
    # confidential case's existence is not given away.
    return Http404(_("There is no case '%(ref)s' that you can see.") % {"ref": ref})


def _case(request: HttpRequest, ref: str) -> Case:
    case = Case.objects.select_related("subject", "commission").filter(ref=ref).first()
    if case is None or not queries.can_see_case(request.user, case):
        raise _not_found(ref)
    return case


def _file(request: HttpRequest, ref: str) -> queries.CaseFile:
    """The case file, after the visibility check; a read of a confidential case is logged."""
    found = queries.case_file_by_ref(ref=ref)
    if found is None or not queries.can_see_case(request.user, found.case):
        raise _not_found(ref)
    services.record_confidential_read(actor=signed_in(request.user), case=found.case)
    return found


def _status(error: CommissionError) -> int:
    return 409 if isinstance(error, Conflict) else 400


# What an action did: the sentence to show, and the reference of the case to show it on.
Done = tuple[str, str]


def _carry_out(
    request: HttpRequest,
    form: forms.Form,
    act: Callable[[dict[str, Any]], Done | None],
    *,
    fields: dict[str, str] | None = None,
) -> HttpResponse | int:
    """Put a posted `form` through its service call `act`, the one way every action page does.

    Returns the next page when there is one: the case's page, with `act`'s sentence, once the
    action is done; the refusal page when the user may not do it. Otherwise returns the status
    of the form shown again with its errors in place: 200 before anything is posted, 400 for
    wrong input (including what `act` finds wrong, adds to the form and returns None for), 409
    when someone changed the case meanwhile. `fields` maps a field the service names to the
    form field that holds it."""
    if request.method != "POST":
        return 200
    if not form.is_valid():
        return 400
    try:
        done = act(form.cleaned_data)
    except NotAllowed as error:
        return denied(request, error.message)
    except CommissionError as error:
        if fields and error.field in fields:
            form.add_error(fields[error.field], error.message)
        else:
            add_service_error(form, error)
        return _status(error)
    if done is None:
        return 400
    message, ref = done
    messages.success(request, message)
    return redirect("cases:detail", ref=ref)


def _moves(user: Viewer, case: Case) -> list[tuple[str, str]]:
    """The moves the process allows from the case's state that this user may make."""
    return [
        (to, str(CaseState(to).label))
        for (from_, to), permission in TRANSITIONS.items()
        if from_ == case.state and can(user, permission)
    ]


def _sitting(cf: queries.CaseFile, today: Any) -> list[queries.SeatView]:
    """Seats of commissioners who still sit (a seat that ended stays on the page's record)."""
    return [s for s in cf.seats if not s.commissioner.ended_on or s.commissioner.ended_on >= today]


def _when(moment: Any) -> str:
    """A moment in the server's time zone, as DATETIME_FORMAT writes it in the page's language;
    the case page formats hundreds of them, and the filter costs several times more."""
    return quick_datetime(moment)


def _day(day: Any) -> str:
    return quick_date(day)


def _latest_decision(cf: queries.CaseFile) -> Decision | None:
    return max((d.decision for d in cf.decisions), key=lambda d: d.pk, default=None)


def _may_appeal(user: Viewer, cf: queries.CaseFile) -> bool:
    return bool(cf.decisions) and rules.appeal_open_to(user, cf.case)


def _appeal_form(user: Viewer, data: Any = None, **kwargs: Any) -> AppealForm:
    form = AppealForm(data, **kwargs)
    if not rules.may_backdate_appeal(user):
        del form.fields["filed_on"]
    return form


def _action_page(
    request: HttpRequest,
    case: Case,
    form: forms.Form,
    act: Callable[[dict[str, Any]], Done | None],
    *,
    title: str,
    action: str,
    submit: str,
    intro: str = "",
) -> HttpResponse:
    """An action on `case`: its form, put through `act` when posted (`_carry_out`), and shown
    again with its errors when the action is not done."""
    status = _carry_out(request, form, act)
    if isinstance(status, HttpResponse):
        return status
    return render(
        request,
        "cases/action.html",
        {
            "case": case,
            "form": form,
            "title": title,
            "action": action,
            "submit": submit,
            "intro": intro,
            "nav": "cases",
        },
        status=status,
    )


@login_required
def case_list(request: HtmxHttpRequest) -> HttpResponse:
    commissions = list(Commission.objects.order_by("name").values_list("ref", "name"))
    form = CaseFilterForm(request.GET or None, commissions=commissions)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    listing = queries.case_list(user=request.user, **filters)
    page = CappedPaginator(listing, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "today": clock.today(),
        "filtered": bool(filters),
        "may_open": can(request.user, "cases.open_case"),
        "nav": "cases",
    }
    template = "cases/_results.html" if request.htmx else "cases/list.html"
    return render(request, template, context)


@login_required
def subject_lookup(request: HttpRequest) -> HttpResponse:
    """The people matching what is typed in the open-case form (an htmx partial)."""
    if not can(request.user, "cases.open_case"):
        return denied(request, _("Your role does not allow you to open cases."))
    form = OpenCaseForm({"subject_query": request.GET.get("subject_query", "")[:200]})
    return render(request, "cases/_subject_matches.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def case_open(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "cases.open_case"):
        return denied(request, _("Your role does not allow you to open cases."))
    form = OpenCaseForm(request.POST or None, initial={"opened_on": clock.today()})

    def open_case(data: dict[str, Any]) -> Done | None:
        if data["person"] is None:  # the form says which person to choose
            return None
        case = services.open_case(
            actor=signed_in(request.user),
            subject=data["person"],
            commission=data["commission"],
            kind=data["kind"],
            title=data["title"],
            summary=data["summary"],
            opened_on=data["opened_on"],
            confidential=data["confidential"],
        )
        return _("Opened %(case)s (%(case2)s).") % {"case": case, "case2": case.ref}, case.ref

    outcome = _carry_out(request, form, open_case, fields={"subject": "subject_query"})
    if isinstance(outcome, HttpResponse):
        return outcome
    return render(request, "cases/open.html", {"form": form, "nav": "cases"}, status=outcome)


@login_required
def case_detail(request: HttpRequest, ref: str) -> HttpResponse:
    cf = _file(request, ref)
    case = cf.case
    user = request.user
    written = moments()  # the page writes hundreds of dates
    full = can(user, "cases.view_case")
    version = {"version": case.version}
    today = clock.today()
    seated = _sitting(cf, today)
    scheduled = [hv for hv in cf.hearing_views if hv.hearing.state == HearingState.SCHEDULED]
    may_hear = can(user, "cases.schedule_hearing")
    moves = _moves(user, case)
    latest = _latest_decision(cf)
    seen = [set(d.on_file) for d in cf.decisions]
    filings = cf.filings if full else []
    document_ids = [f.document_id for f in filings]
    tags = notes.tags_of(document_ids, on_case=case) if filings else {}
    notes_by_document = notes.case_notes(case, document_ids) if filings else {}
    # The document pages' addresses, built once: a long file has hundreds of rows.
    documents_url = reverse("cases:detail", args=[case.ref]) + "documents/"
    inquiries_url = reverse("inquiries:board") + "?" + urlencode({"case": case.ref})
    tag_filter = request.GET.get("tag", "")
    if tag_filter not in file_page.TAGS:
        tag_filter = ""
    tag_counts = [
        (tag, label, sum(1 for f in filings if tag in tags.get(f.document_id, [])))
        for tag, label in file_page.TAGS.items()
    ]
    if tag_filter:
        filings = [f for f in filings if tag_filter in tags.get(f.document_id, [])]
    open_checks = [
        n
        for ns in notes_by_document.values()
        for n in ns
        if n.case_id == case.pk and n.asks == NoteRequest.CHECK and n.checked_at is None
    ]
    # The decisions' blocks, built in file_page like the long tables.
    decision_page = file_page.DecisionPage(
        case_ref=case.ref,
        subject=escape(name_for_language(case.subject)),
        full=full,
        may_reopen=can(user, "cases.open_case"),
        version=case.version,
        csrf=get_token(request),
        written=written,
    )
    context: dict[str, Any] = {
        "cf": cf,
        # Each document is listed once, with the decisions that had it; a decision lists in
        # full only the material that arrived after it when it is the latest (the one that can
        # be reopened), so a long file is not repeated once per decision (bench/cases.py).
        "decisions": mark_safe(  # noqa: S308  (each value is escaped in decision_article)
            "\n".join(
                file_page.decision_article(d, number, number == len(cf.decisions), decision_page)
                for number, d in enumerate(cf.decisions, start=1)
            )
        ),
        # Hundreds of rows on a long file, built here (see file_page.filing_row).
        "filing_table_rows": mark_safe(  # noqa: S308  (each value is escaped in file_page.filing_row)
            "\n".join(
                file_page.filing_row(
                    f,
                    file_page.seen_by(f.document_id, seen),
                    bool(cf.decisions),
                    tags.get(f.document_id),
                    notes_by_document.get(f.document_id),
                    f"{documents_url}{f.document_id}/",
                    inquiries_url,
                    written,
                )
                for f in filings
            )
        ),
        "tag_filter": tag_filter,
        "tag_counts": tag_counts,
        "shown_filings": len(filings),
        "open_checks": open_checks,
        "hearing_rows": mark_safe(  # noqa: S308  (each value is escaped in file_page.hearing_row)
            "\n".join(file_page.hearing_row(hv, written) for hv in cf.hearing_views)
        ),
        "timeline_rows": mark_safe(  # noqa: S308  (each value is escaped in file_page.timeline_row)
            "\n".join(
                file_page.timeline_row(at, kind, text, written)
                for at, kind, text in cf.timeline
                if full or kind != "document"
            )
        ),
        "case": case,
        "full": full,
        "today": today,
        "overdue": case.is_overdue(today),
        "moves": moves,
        "move_form": MoveForm(initial=version, moves=moves, auto_id="move_%s") if moves else None,
        "may_hear": may_hear,
        "may_decide": rules.may_decide(user) and case.state in (CaseState.READY, CaseState.HEARING),
        "may_schedule": may_hear and case.state == CaseState.READY,
        "may_assign": can(user, "cases.assign_case") and case.state not in TERMINAL_STATES,
        "hearing_forms": [
            (
                hv,
                PostponeHearingForm(initial=version, auto_id=f"pp{hv.hearing.pk}_%s"),
                CancelHearingForm(initial=version, auto_id=f"cc{hv.hearing.pk}_%s"),
                RecordHearingForm(
                    initial=version,
                    seated=[s.commissioner.person for s in seated],
                    auto_id=f"rh{hv.hearing.pk}_%s",
                ),
            )
            for hv in scheduled
        ]
        if may_hear
        else [],
        "may_reopen": can(user, "cases.open_case"),
        "may_override": can(user, "cases.override_recusal"),
        "override_forms": {
            s.commissioner.person.ref: OverrideForm(
                initial={**version, "commissioner": s.commissioner.person.ref},
                auto_id=f"ov{s.commissioner.pk}_%s",
            )
            for s in cf.seats
            if s.must_stand_aside
        },
        "appeal_form": _appeal_form(
            user, initial={**version, "decision": latest.pk if latest else None}
        )
        if _may_appeal(user, cf)
        else None,
        "latest_decision": latest,
        "person_links": can(user, "registry.view_person"),
        "nav": "cases",
    }
    return render(request, "cases/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def case_move(request: HttpRequest, ref: str) -> HttpResponse:
    case = _case(request, ref)
    moves = _moves(request.user, case)
    if not moves and request.method == "GET":
        return denied(request, _("You cannot move %(case)s from where it is now.") % {"case": case})
    form = MoveForm(request.POST or None, initial={"version": case.version}, moves=moves)
    if request.method == "POST" and not moves and not form.is_valid():
        # Nothing this user may do from here; say so rather than "select a valid choice".
        form.errors.pop("to_state", None)
        form.add_error(
            None, _("%(case)s cannot be moved by you from where it is now.") % {"case": case}
        )

    def move(data: dict[str, Any]) -> Done:
        moved = services.transition_case(
            actor=signed_in(request.user),
            case=case,
            to_state=data["to_state"],
            reason=data["reason"],
            expected_version=data["version"],
        )
        return _("%(moved)s is now %(state)s.") % {
            "moved": moved,
            "state": moved.get_state_display(),
        }, case.ref

    return _action_page(
        request,
        case,
        form,
        move,
        title=_("Move the case"),
        action=reverse("cases:move", args=[ref]),
        submit=_("Move"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def hearing_schedule(request: HttpRequest, ref: str) -> HttpResponse:
    case = _case(request, ref)
    if not can(request.user, "cases.schedule_hearing"):
        return denied(request, _("Your role does not allow you to schedule hearings."))
    form = ScheduleHearingForm(request.POST or None, initial={"version": case.version})

    def schedule(data: dict[str, Any]) -> Done:
        hearing = services.schedule_hearing(
            actor=signed_in(request.user),
            case=case,
            starts_at=data["starts_at"],
            place=data["place"],
            expected_version=data["version"],
        )
        return _("Hearing scheduled for %(when)s.") % {"when": _when(hearing.starts_at)}, case.ref

    return _action_page(
        request,
        case,
        form,
        schedule,
        title=_("Schedule a hearing"),
        action=reverse("cases:hearing-schedule", args=[ref]),
        submit=_("Schedule"),
    )


def _hearing(case: Case, hearing_id: int) -> Hearing:
    hearing = Hearing.objects.filter(pk=hearing_id, case=case).first()
    if hearing is None:
        raise Http404(_("This case has no such hearing."))
    return hearing


@login_required
@require_http_methods(["GET", "POST"])
def hearing_postpone(request: HttpRequest, ref: str, hearing_id: int) -> HttpResponse:
    case = _case(request, ref)
    hearing = _hearing(case, hearing_id)
    form = PostponeHearingForm(request.POST or None, initial={"version": case.version})

    def postpone(data: dict[str, Any]) -> Done:
        new = services.postpone_hearing(
            actor=signed_in(request.user),
            hearing=hearing,
            starts_at=data["starts_at"],
            reason=data["reason"],
            expected_version=data["version"],
        )
        return _("Hearing postponed to %(when)s.") % {"when": _when(new.starts_at)}, case.ref

    return _action_page(
        request,
        case,
        form,
        postpone,
        title=_("Postpone the hearing"),
        action=reverse("cases:hearing-postpone", args=[ref, hearing_id]),
        submit=_("Postpone"),
        intro=_("%(hearing)s at %(value)s.")
        % {"hearing": hearing, "value": hearing.place or "a place not yet set"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def hearing_cancel(request: HttpRequest, ref: str, hearing_id: int) -> HttpResponse:
    case = _case(request, ref)
    hearing = _hearing(case, hearing_id)
    form = CancelHearingForm(request.POST or None, initial={"version": case.version})

    def cancel(data: dict[str, Any]) -> Done:
        services.cancel_hearing(
            actor=signed_in(request.user),
            hearing=hearing,
            reason=data["reason"],
            expected_version=data["version"],
        )
        return _("Hearing cancelled; the case is ready for hearing again."), case.ref

    return _action_page(
        request,
        case,
        form,
        cancel,
        title=_("Cancel the hearing"),
        action=reverse("cases:hearing-cancel", args=[ref, hearing_id]),
        submit=_("Cancel hearing"),
        intro=f"{hearing}.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def hearing_held(request: HttpRequest, ref: str, hearing_id: int) -> HttpResponse:
    case = _case(request, ref)
    hearing = _hearing(case, hearing_id)
    today = clock.today()
    seated = [
        seat.person
        for seat in case.commission.commissioners.select_related("person").order_by(
            "role", "person__surname_key", "id"
        )
        if not seat.ended_on or seat.ended_on >= today
    ]
    form = RecordHearingForm(request.POST or None, initial={"version": case.version}, seated=seated)

    def record(data: dict[str, Any]) -> Done:
        services.record_hearing(
            actor=signed_in(request.user),
            hearing=hearing,
            attendance=form.attendance(),
            minutes=data["minutes"],
            expected_version=data["version"],
        )
        return _("The hearing is recorded as held."), case.ref

    return _action_page(
        request,
        case,
        form,
        record,
        title=_("Record the hearing as held"),
        action=reverse("cases:hearing-held", args=[ref, hearing_id]),
        submit=_("Record"),
        intro=f"{hearing}.",
    )


def _decision_form(request: HttpRequest, cf: queries.CaseFile, data: Any = None) -> DecisionForm:
    today = clock.today()
    seated = _sitting(cf, today)
    held = [
        (str(h.pk), _when(h.starts_at))
        for h in cf.hearings
        if h.state in (HearingState.HELD, HearingState.SCHEDULED)
    ]
    report = queries.pending_reported_outcome(cf.case)
    return DecisionForm(
        data,
        initial={
            "version": cf.case.version,
            "decided_on": today,
            # What a document on file reports was decided is what the chair most likely records.
            **({"outcome": report.outcome} if report is not None else {}),
        },
        seats=seated,
        hearings=held,
    )


def _rules_verdict(cf: queries.CaseFile, form: DecisionForm) -> dict[str, Any]:
    """The vote count and the readmission rules' verdict on the decision as typed so far."""
    data = form.cleaned_data
    count = rules.count_votes(list(form.votes().values()))
    case = cf.case
    membership = Membership.objects.filter(
        person_id=case.subject_id, organisation_id=case.commission.organisation_id
    ).first()
    check = None
    if data.get("outcome") and data.get("decided_on"):
        check = rules.check_readmission(
            case=case,
            membership=membership,
            outcome=data["outcome"],
            decided_on=data["decided_on"],
            term_until=data.get("term_until"),
            votes=count,
        )
    return {"count": count, "check": check, "membership": membership}


@login_required
@require_http_methods(["GET", "POST"])
def case_decide(request: HttpRequest, ref: str) -> HttpResponse:
    cf = _file(request, ref)
    case = cf.case
    if not rules.may_decide(request.user):
        return denied(request, _("Your role does not allow you to record decisions."))
    form = _decision_form(request, cf, request.POST or None)

    def decide(data: dict[str, Any]) -> Done:
        report = queries.pending_reported_outcome(case)
        decision = services.record_decision(
            actor=signed_in(request.user),
            case=case,
            expected_version=data["version"],
            outcome=data["outcome"],
            reasons=data["reasons"],
            votes=form.votes(),
            decided_on=data["decided_on"],
            grounds=data["grounds"],
            term_until=data["term_until"],
            hearing=next((h for h in cf.hearings if str(h.pk) == data.get("hearing")), None),
            reported_by=(
                report.document
                if report is not None and report.outcome == data["outcome"]
                else None
            ),
        )
        count = rules.count_votes(list(form.votes().values()))
        return _("Decision recorded: %(outcome)s (%(count)s).") % {
            "outcome": decision.get_outcome_display(),
            "count": count,
        }, case.ref

    status = _carry_out(request, form, decide)
    if isinstance(status, HttpResponse):
        return status
    return render(
        request,
        "cases/decide.html",
        {"case": case, "cf": cf, "form": form, "nav": "cases"},
        status=status,
    )


@login_required
@require_POST
def decide_check(request: HttpRequest, ref: str) -> HttpResponse:
    """The htmx preview: what the rules say about the decision as it stands in the form."""
    cf = queries.case_file_by_ref(ref=ref)
    if cf is None or not queries.can_see_case(request.user, cf.case):
        raise _not_found(ref)
    if not rules.may_decide(request.user):
        return denied(request, _("Your role does not allow you to record decisions."))
    form = _decision_form(request, cf, request.POST)
    form.is_valid()  # the preview works on whatever part of the form is valid
    return render(request, "cases/_rules_check.html", _rules_verdict(cf, form))


@login_required
@require_http_methods(["GET", "POST"])
def case_appeal(request: HttpRequest, ref: str) -> HttpResponse:
    cf = _file(request, ref)
    case = cf.case
    latest = _latest_decision(cf)
    if latest is None:
        return denied(request, _("%(case)s has no decision to appeal against.") % {"case": case})
    if not rules.may_appeal(request.user, case):
        return denied(request, _("You may appeal only against a decision on your own case."))
    form = _appeal_form(
        request.user, request.POST or None, initial={"version": case.version, "decision": latest.pk}
    )

    def file_appeal(data: dict[str, Any]) -> Done | None:
        decision = next(
            (d.decision for d in cf.decisions if d.decision.pk == data["decision"]), None
        )
        if decision is None:
            form.add_error(None, _("That decision is not on this case."))
            return None
        appeal = services.open_appeal(
            actor=signed_in(request.user),
            decision=decision,
            filed_on=form.filing_date(),
            statement=data["statement"],
            expected_version=data["version"],
        )
        return _("Appeal filed with %(commission)s as case %(appeal)s.") % {
            "commission": appeal.commission,
            "appeal": appeal.ref,
        }, appeal.ref

    return _action_page(
        request,
        case,
        form,
        file_appeal,
        title=_("File an appeal"),
        action=reverse("cases:appeal", args=[ref]),
        submit=_("File the appeal"),
        intro=f"Against the decision {latest}"
        + (
            f"; the appeal window closes on {_day(latest.appeal_deadline)}."
            if latest.appeal_deadline
            else "."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_reopen(request: HttpRequest, ref: str, decision_id: int) -> HttpResponse:
    cf = _file(request, ref)
    case = cf.case
    view = next((d for d in cf.decisions if d.decision.pk == decision_id), None)
    if view is None:
        raise Http404(_("This case has no such decision."))
    if not can(request.user, "cases.open_case"):
        return denied(request, _("Your role does not allow you to reopen cases."))
    form = ReopenForm(
        request.POST or None, initial={"version": case.version}, late=view.late_material
    )

    def reopen(data: dict[str, Any]) -> Done:
        reopening = services.reopen_case(
            actor=signed_in(request.user),
            decision=view.decision,
            reason=data["reason"],
            # The file lists its documents as rows; the service files the documents.
            material=CaseDocument.objects.filter(
                pk__in=[f.pk for f in form.chosen()]
            ).select_related("document"),
            expected_version=data["version"],
        )
        return _("Reopened as case %(reopening)s.") % {"reopening": reopening.ref}, reopening.ref

    return _action_page(
        request,
        case,
        form,
        reopen,
        title=_("Reopen on late material"),
        action=reverse("cases:reopen", args=[ref, decision_id]),
        submit=_("Reopen"),
        intro=_("The decision %(decision)s did not see this material.")
        % {"decision": view.decision},
    )


@login_required
@require_http_methods(["GET", "POST"])
def recusal_override(request: HttpRequest, ref: str) -> HttpResponse:
    case = _case(request, ref)
    if not can(request.user, "cases.override_recusal"):
        return denied(request, _("Your role does not allow you to override a recusal."))
    form = OverrideForm(
        request.POST or None,
        initial={"version": case.version, "commissioner": request.GET.get("commissioner", "")},
    )

    def override(data: dict[str, Any]) -> Done | None:
        person = Person.objects.filter(ref=data["commissioner"]).first()
        if person is None:
            form.add_error(
                None,
                _("There is no person “%(commissioner)s”.")
                % {"commissioner": data["commissioner"]},
            )
            return None
        services.override_recusal(
            actor=signed_in(request.user),
            case=case,
            commissioner=person,
            reason=data["reason"],
            expected_version=data["version"],
        )
        return _("%(person)s may sit on this case; reason recorded.") % {
            "person": name_for_language(person)
        }, case.ref

    return _action_page(
        request,
        case,
        form,
        override,
        title=_("Let a tied commissioner sit"),
        action=reverse("cases:recusal-override", args=[ref]),
        submit=_("Record the override"),
    )
