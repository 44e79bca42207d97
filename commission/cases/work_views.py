"""Pages of who works on what: assigning a case, a commissioner's queue, the chair's workload
view. Thin, as the other case pages: a form, one service call, a page from the reads."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from commission.cases import assigning, workload
from commission.cases.forms import AssignForm
from commission.cases.views import Done, _action_page, _case
from commission.core.actors import signed_in
from commission.core.roles import can
from commission.core.web import denied
from commission.registry.models import Commission, Person


@login_required
@require_http_methods(["GET", "POST"])
def case_assign(request: HttpRequest, ref: str) -> HttpResponse:
    case = _case(request, ref)
    members = assigning.sitting_members(case.commission)
    aside = assigning.who_must_stand_aside(case, members)
    load = assigning.open_load(case.commission, members)
    labels = []
    for person in members:
        note = f"{load[person.pk]} open cases"
        if person.pk in aside:
            note = "must stand aside: " + " ".join(aside[person.pk])
        labels.append((person.ref, f"{person.display_name} ({note})"))
    form = AssignForm(request.POST or None, initial={"version": case.version}, members=labels)

    def assign(data: dict[str, Any]) -> Done:
        chosen = next((p for p in members if p.ref == data["rapporteur"]), None)
        if data["rapporteur"] and chosen is None:
            chosen = Person.objects.filter(ref=data["rapporteur"]).first()
        assignment = assigning.assign_case(
            actor=signed_in(request.user),
            case=case,
            rapporteur=None if data["rule"] else chosen,
            rule=data["rule"] or None,
            reason=data["reason"],
            expected_version=data["version"],
        )
        return _("%(case)s is with %(rapporteur)s.") % {
            "case": case.ref,
            "rapporteur": assignment.rapporteur.display_name,
        }, case.ref

    now_with = f" It is now with {case.rapporteur.display_name}." if case.rapporteur else ""
    return _action_page(
        request,
        case,
        form,
        assign,
        title="Assign the case" if case.rapporteur is None else "Reassign the case",
        action=reverse("cases:assign", args=[ref]),
        submit=_("Assign"),
        intro="A member who must stand aside from the case cannot be its rapporteur." + now_with,
    )


@login_required
def my_queue(request: HttpRequest) -> HttpResponse:
    """The signed-in commissioner's queue, or, for the chair, any member's (?person=REF)."""
    wanted = request.GET.get("person", "").strip()
    if wanted:
        if not can(request.user, assigning.ASSIGN):
            return denied(request, _("Only the chair may look at another member's queue."))
        person = Person.objects.filter(ref=wanted).first()
        if person is None:
            raise Http404(
                _("There is no person '%(wanted)s' in the registry.") % {"wanted": wanted}
            )
    else:
        person = Person.objects.filter(user_id=request.user.pk or 0).first()
        if person is None:
            return denied(
                request, _("Your account is not a person in the registry; it has no queue.")
            )
    found = workload.queue(user=request.user, person=person)
    return render(request, "cases/queue.html", {"queue": found, "nav": "cases"})


@login_required
def workload_view(request: HttpRequest) -> HttpResponse:
    if not can(request.user, assigning.ASSIGN):
        return denied(request, _("Only the chair sees the workload of every member."))
    # The chooser needs only each commission's reference and name: an organisation may have
    # hundreds, and whole rows cost more than the counts themselves (bench/workload.py).
    commissions = list(Commission.objects.order_by("name").values_list("ref", "name"))
    ref = request.GET.get("commission", "") or (commissions[0][0] if commissions else "")
    chosen = Commission.objects.filter(ref=ref).first()
    found = workload.workload(commission=chosen) if chosen is not None else None
    return render(
        request,
        "cases/workload.html",
        {"view": found, "commissions": commissions, "chosen": chosen, "nav": "cases"},
    )
