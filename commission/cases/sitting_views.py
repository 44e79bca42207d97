"""Pages of the commission's sittings: the list and planning, a sitting with its docket and
the forms that act on it, the printable docket and the minutes. Each action calls one function
of `cases.sittings` and comes back to the sitting with its sentence."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from commission.cases import assigning, sittings
from commission.cases.enums import SittingState
from commission.cases.forms import DATETIME_FORMATS, DATETIME_INPUT
from commission.cases.models import Case, DocketEntry, Sitting
from commission.core.actors import signed_in
from commission.core.errors import CommissionError, NotAllowed
from commission.core.roles import can
from commission.core.web import denied
from commission.registry.models import Commission, Person


class PlanSittingForm(forms.Form):
    commission = forms.ModelChoiceField(
        queryset=Commission.objects.order_by("name"),
        to_field_name="ref",
        label=gettext_lazy("Commission"),
    )
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Starts at"), widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS
    )
    place = forms.CharField(required=False, max_length=300, label=gettext_lazy("Place"))


def _sitting(pk: int) -> Sitting:
    found = Sitting.objects.select_related("commission").filter(pk=pk).first()
    if found is None:
        raise Http404(_("There is no sitting number %(pk)s.") % {"pk": pk})
    return found


def _act(request: HttpRequest, sitting: Sitting, act: Callable[[], str]) -> HttpResponse:
    try:
        messages.success(request, act())
    except NotAllowed as error:
        return denied(request, error.message)
    except CommissionError as error:
        messages.error(request, error.message)
    return redirect("cases:sitting", pk=sitting.pk)


@login_required
@require_http_methods(["GET", "POST"])
def sitting_list(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "cases.view_case"):
        return denied(request, _("Only the commission's people see its sittings."))
    form = PlanSittingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                sitting = sittings.plan_sitting(actor=signed_in(request.user), **form.cleaned_data)
            except NotAllowed as error:
                return denied(request, error.message)
            messages.success(request, _("Planned the %(sitting)s.") % {"sitting": sitting})
            return redirect("cases:sitting", pk=sitting.pk)
    rows = Sitting.objects.select_related("commission").order_by("-starts_at", "-id")[:100]
    return render(
        request,
        "cases/sittings.html",
        {"sittings": rows, "form": form, "may_plan": can(request.user, sittings.SCHEDULE),
         "nav": "cases"},
        status=status,
    )  # fmt: skip


@login_required
def sitting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not can(request.user, "cases.view_case"):
        return denied(request, _("Only the commission's people see its sittings."))
    sitting = _sitting(pk)
    ready = []
    if sitting.state == SittingState.PLANNED:
        ready = list(
            Case.objects.filter(commission=sitting.commission, state="ready")
            .select_related("subject")
            .order_by("due_on", "id")[:200]
        )
    return render(
        request,
        "cases/sitting.html",
        {
            "sitting": sitting,
            "docket": sittings.docket(sitting),
            "members": assigning.sitting_members(sitting.commission),
            "ready": ready,
            "minutes": sittings.minutes_of(sitting) if sitting.state == SittingState.HELD else None,
            "may_act": can(request.user, sittings.SCHEDULE),
            "nav": "cases",
        },
    )


@login_required
def sitting_docket_print(request: HttpRequest, pk: int) -> HttpResponse:
    if not can(request.user, "cases.view_case"):
        return denied(request, _("Only the commission's people see its sittings."))
    sitting = _sitting(pk)
    return render(
        request,
        "cases/docket_print.html",
        {"sitting": sitting, "docket": sittings.docket(sitting),
         "members": assigning.sitting_members(sitting.commission)},
    )  # fmt: skip


@login_required
@require_POST
def sitting_docket_add(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = _sitting(pk)
    case = Case.objects.filter(ref=request.POST.get("case", "")).first()
    if case is None:
        messages.error(
            request, _("There is no case “%(get)s”.") % {"get": request.POST.get("case", "")}
        )
        return redirect("cases:sitting", pk=pk)

    def act() -> str:
        entry = sittings.put_on_docket(actor=signed_in(request.user), sitting=sitting, case=case)
        return _("%(case)s is item %(position)s of the docket.") % {
            "case": case.ref,
            "position": entry.position,
        }

    return _act(request, sitting, act)


@login_required
@require_POST
def sitting_hold(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = _sitting(pk)
    present = list(Person.objects.filter(ref__in=request.POST.getlist("present")))

    def act() -> str:
        held = sittings.hold_sitting(
            actor=signed_in(request.user), sitting=sitting, present=present
        )
        return _(
            "The %(held)s is recorded as held: %(count)s present, quorum %(quorum_needed)s."
        ) % {"held": held, "count": len(present), "quorum_needed": held.quorum_needed}

    return _act(request, sitting, act)


@login_required
@require_POST
def docket_entry_move(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    sitting = _sitting(pk)
    entry = (
        DocketEntry.objects.select_related("sitting", "case")
        .filter(pk=entry_id, sitting=sitting)
        .first()
    )
    if entry is None:
        raise Http404(_("There is no item %(entry_id)s on this docket.") % {"entry_id": entry_id})
    reason = request.POST.get("reason", "")
    actor = signed_in(request.user)

    def act() -> str:
        if request.POST.get("how") == "cancel":
            sittings.cancel_docket_entry(actor=actor, entry=entry, reason=reason)
            return _("The hearing of %(case)s is cancelled; the case is ready for hearing.") % {
                "case": entry.case.ref
            }
        moved = sittings.postpone_docket_entry(actor=actor, entry=entry, reason=reason)
        return _("%(case)s is moved to the %(sitting)s.") % {
            "case": entry.case.ref,
            "sitting": moved.sitting,
        }

    return _act(request, sitting, act)


@login_required
@require_POST
def sitting_minutes_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = _sitting(pk)

    def act() -> str:
        document = sittings.adopt_minutes(actor=signed_in(request.user), sitting=sitting)
        return _("Adopted “%(document)s” and filed it on the cases heard.") % {
            "document": document.title
        }

    return _act(request, sitting, act)
