from __future__ import annotations

import re
from typing import Any

from django.core.paginator import Paginator
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from commission.api.errors import Malformed
from commission.core.errors import NotFound

_DIGITS = re.compile(r"[0-9]+")


def _page_count(count: int) -> str:
    return "1 page" if count == 1 else f"{count} pages"


class RegistryPagination(PageNumberPagination):
    """Pages of the site-wide size; a client may ask for smaller or larger pages up to a cap,
    so that one request cannot pull the whole registry of several hundred thousand people.

    A page or page size that is not a whole number of at least 1 is refused as a 400 naming the
    parameter, rather than quietly answered with the first page or the usual size; a page past
    the last is a 404 that says how many pages there are. (The schema documents that 404 for
    every paged list: `commission.api.openapi.CommissionAutoSchema`.)"""

    page_size_query_param = "page_size"
    max_page_size = 500
    page_query_description = "The page to show, from 1; `last` for the last page."
    page_size_query_description = (
        f"How many results to a page, at most {max_page_size}; a larger number gives "
        f"{max_page_size}."
    )

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return int(self.page_size or 0)
        if not _is_whole_number(raw):
            raise Malformed(
                f"Give the page size as a whole number from 1 to {self.max_page_size}, "
                f"not “{_quoted(raw)}”.",
                field=self.page_size_query_param,
            )
        return _at_most(raw, self.max_page_size)

    def get_page_number(self, request: Request, paginator: Paginator[Any]) -> int:
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        if raw in self.last_page_strings:
            return paginator.num_pages
        if not _is_whole_number(raw):
            raise Malformed(
                f"Give the page as a whole number from 1, not “{_quoted(raw)}”.",
                field=self.page_query_param,
            )
        number = _at_most(raw, paginator.num_pages + 1)
        if number > paginator.num_pages:
            raise NotFound(
                f"There is no page {_quoted(raw.lstrip('0'))}: the list has "
                f"{_page_count(paginator.num_pages)}.",
                field=self.page_query_param,
            )
        return number

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters


def _quoted(raw: str) -> str:
    """The value as sent, cut short so that a sentence stays a sentence."""
    return raw if len(raw) <= 20 else f"{raw[:20]}…"


def _is_whole_number(raw: str) -> bool:
    """Written in digits, and at least 1."""
    return bool(_DIGITS.fullmatch(raw)) and raw.strip("0") != ""


def _at_most(digits: str, limit: int) -> int:
    """The number `digits` spell, or `limit` if it is larger: a page number or size of
    thousands of digits means "too many", and int() would refuse to read it."""
    significant = digits.lstrip("0")
    if len(significant) > len(str(limit)):
        return limit
    return min(int(significant), limit)
