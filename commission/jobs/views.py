"""The Background work page: what waits, what runs, what failed (with its error and a retry
button), for the clerks and the chair; the same lists as `commission jobs` and /api/v1/jobs/."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from commission.core.actors import signed_in
from commission.core.errors import CommissionError
from commission.core.http import HtmxHttpRequest
from commission.core.roles import can
from commission.core.web import refused
from commission.jobs import services
from commission.jobs.queries import overview

VIEW = "jobs.view_job"


@login_required
@require_GET
def background_work(request: HtmxHttpRequest) -> HttpResponse:
    refusal = refused(request, VIEW, _("see the background work"))
    if refusal:
        return refusal
    context = {
        "work": overview(),
        "may_retry": can(request.user, services.RETRY),
        "nav": "work",
    }
    template = "jobs/_work.html" if request.htmx else "jobs/work.html"
    return render(request, template, context)


@login_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        job = services.retry_job(actor=signed_in(request.user), job_id=pk)
    except CommissionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("“%(job)s” is back in the queue.") % {"job": job.description})
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("jobs:work")
