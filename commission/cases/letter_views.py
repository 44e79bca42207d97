"""Pages of the outcome letters: the letters of a case's decisions, drafting them, the PDF
(a preview until signed), and the chair's signature. Each action calls `cases.letters`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from commission.cases import letters, queries
from commission.cases.models import OutcomeLetter
from commission.cases.views import _case
from commission.core.actors import signed_in
from commission.core.errors import CommissionError, NotAllowed
from commission.core.roles import can
from commission.core.web import denied


def _letter(request: HttpRequest, pk: int) -> OutcomeLetter:
    found = (
        OutcomeLetter.objects.select_related(
            "decision", "decision__case", "decision__case__subject",
            "decision__case__commission", "decision__case__commission__parent",
        )
        .filter(pk=pk)
        .first()
    )  # fmt: skip
    if found is None or not queries.can_see_case(request.user, found.decision.case):
        raise Http404(_("There is no letter %(pk)s that you can see.") % {"pk": pk})
    return found


@login_required
@require_http_methods(["GET", "POST"])
def case_letters(request: HttpRequest, ref: str) -> HttpResponse:
    case = _case(request, ref)
    decision = case.decisions.order_by("-id").first()
    if request.method == "POST":
        if decision is None:
            messages.error(
                request,
                _("%(case)s has no decision yet; there is nothing to tell.") % {"case": case},
            )
            return redirect("cases:letters", ref=ref)
        try:
            made = letters.draft_outcome_letters(actor=signed_in(request.user), decision=decision)
        except NotAllowed as error:
            return denied(request, error.message)
        messages.success(
            request, _("%(count)s letters are drafted; read and sign each.") % {"count": len(made)}
        )
        return redirect("cases:letters", ref=ref)
    rows = list(OutcomeLetter.objects.filter(decision__case=case).select_related("decision"))
    # The latest decision's letters, once drafted, are drafted: no button to draft them again.
    undrafted = decision is not None and not any(r.decision_id == decision.pk for r in rows)
    return render(
        request,
        "cases/letters.html",
        {"case": case, "letters": rows, "decision": decision if undrafted else None,
         "may_draft": can(request.user, letters.DRAFT), "may_sign": can(request.user, letters.SIGN),
         "nav": "cases"},
    )  # fmt: skip


@login_required
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _letter(request, pk)
    response = HttpResponse(letters.preview_pdf(letter), content_type="application/pdf")
    name = f"{letter.decision.case.ref}-{letter.recipient_kind}-{letter.language}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
@require_POST
def letter_sign(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _letter(request, pk)
    try:
        signed = letters.sign_outcome_letter(actor=signed_in(request.user), letter=letter)
        messages.success(request, _("Signed and sent: %(signed)s.") % {"signed": signed})
    except NotAllowed as error:
        return denied(request, error.message)
    except CommissionError as error:
        messages.error(request, error.message)
    return redirect("cases:letters", ref=letter.decision.case.ref)
