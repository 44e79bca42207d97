"""The procedure's rules page: each organisation's rules in effect today and every version
before, and, for whoever may change them, the form that records a new version
(`rulebook.set_rules`) and the one that moves the installation's calendar on
(`calendar.set_calendar`), as a presenter takes a demonstration's story from day to day."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from commission.cases import rulebook
from commission.cases.calendar import set_calendar
from commission.cases.forms import CalendarForm, RulesForm, add_service_error
from commission.cases.rules import rules_in_effect
from commission.core import clock
from commission.core.actors import signed_in
from commission.core.dates import long_date
from commission.core.errors import CommissionError, Conflict, NotAllowed
from commission.core.roles import can
from commission.core.web import denied, refused
from commission.registry.models import Organisation


@login_required
@require_http_methods(["GET", "POST"])
def rules_page(request: HttpRequest, ref: str | None = None) -> HttpResponse:
    gate = refused(request, "cases.view_case", "see the procedure's rules")
    if gate is not None:
        return gate
    organisations = list(Organisation.objects.order_by("name"))
    if ref is None and organisations:
        return redirect("cases:rules-of", ref=organisations[0].ref)
    organisation = get_object_or_404(Organisation, ref=ref)
    today = clock.today()
    in_effect = rules_in_effect(organisation.pk, today)
    may_change = can(request.user, rulebook.CHANGE_RULES)
    form = None
    status = 200
    if may_change:
        form = RulesForm(
            request.POST or None,
            current=rulebook.rule_values(in_effect),
            initial={"effective_from": today},
        )
        if request.method == "POST":
            status = 400
            if form.is_valid():
                try:
                    new = rulebook.set_rules(
                        actor=signed_in(request.user),
                        organisation=organisation,
                        effective_from=form.cleaned_data["effective_from"],
                        changes=form.changes(),
                        reason=form.cleaned_data["reason"],
                    )
                except NotAllowed as error:
                    return denied(request, error.message)
                except CommissionError as error:
                    add_service_error(form, error)
                    status = 409 if isinstance(error, Conflict) else 400
                else:
                    messages.success(
                        request,
                        _("Recorded version %(version)s of the rules.") % {"version": new.version},
                    )
                    return redirect("cases:rules-of", ref=organisation.ref)
    elif request.method == "POST":
        return denied(request, _("Your role does not allow you to change the procedure's rules."))
    rows: list[dict[str, Any]] = [
        {
            "field": f,
            "value": in_effect.get_assignment_rule_display()
            if f.name == "assignment_rule"
            else getattr(in_effect, f.name),
        }
        for f in rulebook.RULE_FIELDS
    ]
    return render(
        request,
        "cases/rules.html",
        {
            "organisation": organisation,
            "organisations": organisations,
            "in_effect": in_effect,
            "rows": rows,
            "history": rulebook.rules_history(organisation),
            "form": form,
            "calendar_form": CalendarForm(initial={"today": today}) if may_change else None,
            "calendar": clock.calendar(),
            "today": today,
            "nav": "cases",
        },
        status=status,
    )


@login_required
@require_http_methods(["POST"])
def calendar_set(request: HttpRequest) -> HttpResponse:
    """Take the day posted as the installation's today, keeping the story's name."""
    form = CalendarForm(request.POST)
    back = request.POST.get("organisation") or ""
    target = redirect("cases:rules-of", ref=back) if back else redirect("cases:rules")
    if not form.is_valid():
        messages.error(request, _("Give the story's new day as a date, such as 1922-01-10."))
        return target
    try:
        calendar = set_calendar(
            actor=signed_in(request.user),
            today=form.cleaned_data["today"],
            story=clock.calendar().story,
        )
    except NotAllowed as error:
        return denied(request, error.message)
    except CommissionError as error:
        messages.error(request, error.message)
        return target
    if calendar.source == "environment":
        messages.warning(
            request,
            _(
                "The day is stored, but COMMISSION_TODAY in the server's environment names "
                "another day and wins over it."
            ),
        )
    else:
        messages.success(
            request,
            _("The installation now takes %(day)s as today.")
            % {"day": long_date(form.cleaned_data["today"])},
        )
    return target
