from __future__ import annotations

from rest_framework.pagination import PageNumberPagination


class RegistryPagination(PageNumberPagination):
    """Pages of the site-wide size; a client may ask for smaller or larger pages up to a cap,
    so that one request cannot pull the whole registry of several hundred thousand people."""

    page_size_query_param = "page_size"
    max_page_size = 500
