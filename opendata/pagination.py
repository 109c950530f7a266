"""Pages of the open data lists: ``?page=2&page_size=100``."""

from django.core.paginator import Paginator
from rest_framework.pagination import PageNumberPagination


class CountedPaginator(Paginator):
    """A paginator told the count: the list view has it already, from the query that finds Last-Modified."""

    def __init__(self, object_list, per_page, *, count: int | None = None):
        super().__init__(object_list, per_page)
        if count is not None:
            self.__dict__["count"] = count  # Paginator.count is a cached_property


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    # A larger page is cut to this; the CSV export (``?format=csv``) is not paged at all.
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        self.known_count = getattr(view, "row_count", None)
        return super().paginate_queryset(queryset, request, view)

    def django_paginator_class(self, object_list, per_page):
        return CountedPaginator(object_list, per_page, count=self.known_count)
