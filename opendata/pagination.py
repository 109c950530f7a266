"""Pages of the open data lists: ``?page=2&page_size=100``."""

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    # A larger page is cut to this; the CSV export (``?format=csv``) is not paged at all.
    max_page_size = 500
