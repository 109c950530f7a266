"""The portal's URLs plus bare views through the same middleware, to compare page time against:
the middleware alone, the registry search's own queries with the rows as plain text, and (bench/crm.py)
the start page's and a business page's own queries with their rows as plain text."""

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from businesses.filters.registry import BusinessFilter
from businesses.models import Business, Establishment
from businesses.queries import businesses_for_page
from businesses.views import crm, owners
from businesses.views.registry import TIMELINE_PAGE_SIZE, BusinessListView
from portal import startpage
from portal.pagination import CappedCountPaginator
from portal.timeline import timeline_for
from portal.urls import handler400, handler403, handler404, handler500  # noqa: F401
from portal.urls import urlpatterns as portal_urlpatterns
from procurement.filters.notices import NoticeFilter
from procurement.queries import closing_soon, notices_for_list
from procurement.views.notices import NoticeListView, NoticePaginator


def bare(request):
    return HttpResponse("ok")


def bare_search(request):
    """The search page's two queries (capped count, first page of rows) without the page around them."""
    found = BusinessFilter(request.GET, queryset=Business.objects.all()).qs
    page = CappedCountPaginator(found, BusinessListView.paginate_by).page(1)
    lines = [str(page.paginator.count), *(f"{unit.orgnr} {unit.name}" for unit in page)]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _lines(value) -> list[str]:
    """A panel's data as text: every queryset in it read, as the template would."""
    if isinstance(value, dict):
        return [line for item in value.values() for line in _lines(item)]
    if isinstance(value, (QuerySet, list, tuple)):
        return [str(item) for item in value]
    return [str(value)]


def bare_work(request):
    """The start page's queries (every section's data for the user), the rows as plain text, no page."""
    lines = []
    for part in startpage.parts_for(startpage.WORK, request.user):
        lines += [f"{part.key} {part.count}", *_lines(part.data)]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def bare_business(request, orgnr: str):
    """A business page's queries (the business, its establishments, the owner and CRM panels, the timeline's
    first page), the rows as plain text, no page."""
    business = get_object_or_404(businesses_for_page(request.user), orgnr=orgnr)
    establishments = Establishment.objects.filter(parent_orgnr=orgnr, municipality__in=settings.PORTAL_MUNICIPALITIES)
    lines = [str(business), *_lines(establishments.select_related("municipality"))]
    lines += _lines(owners.detail_panel(request, business)) + _lines(crm.detail_panel(request, business))
    page = timeline_for(business, request.user, limit=TIMELINE_PAGE_SIZE)
    lines += [f"{entry.when:%Y-%m-%d %H:%M} {entry.kind} {entry.title} {entry.url}" for entry in page.entries]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def bare_notices(request):
    """The notice list's queries (closing soon, the capped count, the page of rows) without the page around them."""
    found = NoticeFilter(request.GET or None, queryset=notices_for_list()).qs
    page = NoticePaginator(found, NoticeListView.paginate_by).page(1)
    soon = closing_soon()
    lines = [f"{page.paginator.count} {len(page.object_list)}"]
    lines += [f"{notice.doffin_id} {notice.heading} {notice.deadline}" for notice in soon]
    lines += [
        f"{n.doffin_id} {n.heading} {n.buyer_name} {n.type} {n.status} {n.published_on} {n.deadline} "
        f"{n.estimated_value} {n.main_cpv} {n.main_cpv_name}"
        for n in page
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/bare-search/", bare_search),
    path("bench/bare-work/", bare_work),
    path("bench/bare-business/<str:orgnr>/", bare_business),
    path("bench/bare-notices/", bare_notices),
    *portal_urlpatterns,
]
