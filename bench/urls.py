"""The portal's URLs plus two bare views through the same middleware, to compare page time against:
the middleware alone, and the registry search's own queries with the rows as plain text."""

from django.http import HttpResponse
from django.urls import path

from businesses.filters.registry import BusinessFilter
from businesses.models import Business
from businesses.views.registry import BusinessListView
from portal.pagination import CappedCountPaginator
from portal.urls import handler400, handler403, handler404, handler500  # noqa: F401
from portal.urls import urlpatterns as portal_urlpatterns


def bare(request):
    return HttpResponse("ok")


def bare_search(request):
    """The search page's two queries (capped count, first page of rows) without the page around them."""
    found = BusinessFilter(request.GET, queryset=Business.objects.all()).qs
    page = CappedCountPaginator(found, BusinessListView.paginate_by).page(1)
    lines = [str(page.paginator.count), *(f"{unit.orgnr} {unit.name}" for unit in page)]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/bare/", bare), path("bench/bare-search/", bare_search), *portal_urlpatterns]
