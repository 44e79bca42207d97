"""The search page: one box over people, letters and cases, with filters."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from commission.core.http import HtmxHttpRequest
from commission.registry.models import Commission
from commission.search.forms import SearchForm
from commission.search.queries import SearchFilters, search


@login_required
def search_page(request: HtmxHttpRequest) -> HttpResponse:
    commissions = list(Commission.objects.order_by("name").values_list("ref", "name"))
    form = SearchForm(request.GET or None, commissions=commissions)
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
            results = search(
                user=request.user, text=data["q"], filters=filters, letters_offset=offset
            )
        else:
            status = 400
    context = {"form": form, "results": results, "q": request.GET.get("q", "")[:500]}
    template = "search/_results.html" if request.htmx else "search/search.html"
    return render(request, template, context, status=status)
