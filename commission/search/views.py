"""The search page: one box over people, letters and cases, with filters; letters like one."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from commission.core.http import HtmxHttpRequest
from commission.core.roles import can
from commission.documents.access import may_read
from commission.documents.models import Document
from commission.registry.models import Commission
from commission.search.forms import SearchForm
from commission.search.queries import SearchFilters, letter_facets, search, similar_letters


@login_required
def search_page(request: HtmxHttpRequest) -> HttpResponse:
    commissions = list(Commission.objects.order_by("name").values_list("ref", "name"))
    kinds = tuple(
        kind
        for kind, permission in (
            ("people", "registry.view_person"),
            ("letters", "documents.view_document"),
            ("cases", None),
        )
        if permission is None or can(request.user, permission)
    )
    form = SearchForm(request.GET or None, commissions=commissions, kinds=kinds)
    results = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            filters = SearchFilters(
                kind=data["kind"] or "all",
                date_from=data["date_from"],
                date_to=data["date_to"],
                commission=data["commission"] or None,
                state=data["state"] or None,
            )
            try:
                offset = max(0, min(int(request.GET.get("from", 0)), 10_000))
            except ValueError:
                offset = 0
            if request.GET.get("facets") == "1":
                facets = letter_facets(user=request.user, text=data["q"], filters=filters)
                return render(request, "search/_facets.html", {"facets": facets, "form": form})
            results = search(
                user=request.user, text=data["q"], filters=filters, letters_offset=offset
            )
        else:
            status = 400
    context = {"form": form, "results": results, "q": request.GET.get("q", "")[:500]}
    template = "search/_results.html" if request.htmx else "search/search.html"
    return render(request, template, context, status=status)


@login_required
def similar_page(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document.objects.defer("text", "notes_text"), pk=pk)
    if not (can(request.user, "documents.view_document") and may_read(request.user, document)):
        raise Http404("No such letter.")  # the same answer as for a letter that does not exist
    letters = similar_letters(user=request.user, document=document)
    return render(request, "search/similar.html", {"document": document, "letters": letters})
