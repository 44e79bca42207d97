"""Search over JSON: the same `search.queries.search` as the search page."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from commission.api.cases_views import INPUT_ERRORS
from commission.api.edge import validated
from commission.search.queries import SearchFilters, letter_facets, search
from commission.search.schemas import FacetValueSchema, SearchQuerySchema, SearchResultsSchema


class SearchView(APIView):
    """People, letters and cases matching some words, as far as the caller may see them."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Search people (any name form), letters (full text, with passages) and cases",
        parameters=[SearchQuerySchema],
        responses={200: SearchResultsSchema, **INPUT_ERRORS},
    )
    def get(self, request: Request) -> Response:
        wanted = validated(SearchQuerySchema, request.query_params)
        filters = SearchFilters(
            kind=wanted["kind"],
            date_from=wanted["date_from"],
            date_to=wanted["date_to"],
            commission=wanted["commission"] or None,
            state=wanted["state"] or None,
        )
        results = search(
            user=request.user, text=wanted["q"], filters=filters, letters_offset=wanted["offset"]
        )
        data = dict(SearchResultsSchema(results).data)
        if wanted["facets"]:
            facets = letter_facets(user=request.user, text=wanted["q"], filters=filters)
            data["letter_facets"] = {
                name: FacetValueSchema(values, many=True).data for name, values in facets.items()
            }
        return Response(data)
