"""Registry pages: people search and the person page. Thin: read through registry.queries."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from commission.audit.queries import events_for
from commission.core.http import HtmxHttpRequest
from commission.core.paging import CappedPaginator
from commission.core.roles import can
from commission.core.web import denied
from commission.registry.models import Mention, Person
from commission.registry.pages import sections_for
from commission.registry.queries import find_people, person_detail

VIEW = "registry.view_person"
NOT_ALLOWED = "Your role does not allow you to look at the member registry."


@login_required
def people(request: HtmxHttpRequest) -> HttpResponse:
    if not can(request.user, VIEW):
        return denied(request, NOT_ALLOWED)
    q = request.GET.get("q", "").strip()[:200]
    context: dict[str, object] = {"q": q, "nav": "people"}
    if q:
        context["matches"] = find_people(q, limit=50)
    else:
        listing = Person.objects.order_by("surname_key", "given_key", "id")
        context["page"] = CappedPaginator(listing, 50).get_page(request.GET.get("page"))
    template = "registry/_people_results.html" if request.htmx else "registry/people.html"
    return render(request, template, context)


@login_required
def person(request: HttpRequest, ref: str) -> HttpResponse:
    if not can(request.user, VIEW):
        return denied(request, NOT_ALLOWED)
    found = Person.objects.filter(ref=ref).values_list("pk", flat=True).first()
    if found is None:
        raise Http404(_("There is no person '%(ref)s' in the registry.") % {"ref": ref})
    detail = person_detail(person_id=found, viewer=request.user)
    # The apps above the registry add where else the person appears (their cases).
    sections = sections_for(request.user, found)
    mentions = (
        Mention.objects.filter(person_id=found)
        .select_related("document")
        .order_by("document__written_on", "document_id", "role")
        if can(request.user, "documents.view_document")
        else Mention.objects.none()
    )
    history = (
        list(events_for("registry.person", str(found))[:20])
        if can(request.user, "audit.view_auditevent")
        else None
    )
    return render(
        request,
        "registry/person.html",
        {
            "d": detail,
            "p": detail.person,
            "audit_history": history,
            "sections": sections,
            "mentions": list(mentions),
            "nav": "people",
        },
    )
