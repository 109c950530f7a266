import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest, PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_filters.views import FilterView

from businesses.exporters import BusinessExporter
from businesses.filters.registry import BusinessFilter
from businesses.models import Business, Establishment
from businesses.queries import businesses_for_page
from businesses.views import crm, owners
from portal.pagination import CappedCountPaginator
from portal.services import log_activity
from portal.timeline import MAX_SKIP, timeline_for


class BusinessListView(FilterView):
    """/bedrifter/: search and browse the registry; the filter state lives in the URL."""

    model = Business
    filterset_class = BusinessFilter
    template_name = "businesses/business_list.html"
    paginate_by = 25
    paginator_class = CappedCountPaginator
    # Only the table's columns: rows without the other register fields are cheaper to build. A column added to
    # the template without its field here costs a query per row (the pinned query count catches it).
    queryset = Business.objects.only(
        "orgnr",
        "name",
        "industry_codes",
        "employees",
        "deleted",
        "bankrupt",
        "under_liquidation",
        "under_forced_liquidation",
        "municipality__name",
    )

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.form.is_valid():
            response.status_code = 400  # the form shows what is wrong
        return response

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(querystring=query.urlencode(), **kwargs)


def business_detail(request, orgnr: str):
    """A business's page: the register's facts, then what each role may see (the owner's profile, the
    officers' CRM panel) and one timeline, newest first."""
    business = get_object_or_404(businesses_for_page(request.user), orgnr=orgnr)
    establishments = Establishment.objects.filter(
        parent_orgnr=orgnr, municipality__in=settings.PORTAL_MUNICIPALITIES
    ).select_related("municipality")
    context = {
        "business": business,
        "establishments": establishments,
        "owner_panel": owners.detail_panel(request, business),
        "crm_panel": crm.detail_panel(request, business),
        "timeline": timeline_panel(request, business),
    }
    return render(request, "businesses/business_detail.html", context)


TIMELINE_PAGE_SIZE = 50


def timeline_panel(request, business) -> dict:
    """The business's timeline as ``request.user`` may see it, newest first, a page at a time.

    The cursor of an older page is in the URL (``?before=<ISO time>&skip=<n>``, see portal/timeline.py);
    one the page did not make is a 400.
    """
    before, skip = _timeline_cursor(request.GET)
    page = timeline_for(business, request.user, before=before, skip=skip, limit=TIMELINE_PAGE_SIZE)
    older_url = ""
    if page.older is not None:
        when, same = page.older
        older_url = "?" + urlencode({"before": when.isoformat(), "skip": same}) + "#timeline-heading"
    return {"entries": page.entries, "older_url": older_url, "paged": page.paged}


def _timeline_cursor(query) -> tuple[datetime.datetime | None, int]:
    raw = query.get("before")
    if not raw:
        return None, 0
    try:
        before = parse_datetime(raw) if len(raw) <= 40 else None
    except ValueError:  # well-formed but not a time, e.g. month 13
        before = None
    skip = query.get("skip", "0")
    if before is None or timezone.is_naive(before) or not skip.isdigit() or int(skip) > MAX_SKIP:
        raise BadRequest("Malformed timeline cursor.")
    return before, int(skip)


@require_GET
def export_businesses(request, file_format: str):
    """The filtered list as CSV or XLSX, for officers. Every export is written to the activity log."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("businesses.export_businesses"):
        raise PermissionDenied
    filterset = BusinessFilter(request.GET or {}, queryset=Business.objects.all())
    if not filterset.is_valid():
        return render(request, "400.html", {"reason": filterset.form.errors.as_text()}, status=400)
    queryset = filterset.qs
    exporter = BusinessExporter()
    count = queryset.count()
    if count > exporter.max_rows:
        reason = _("The list has %(count)s businesses; narrow it down to at most %(limit)s to export it.") % {
            "count": count,
            "limit": exporter.max_rows,
        }
        return render(request, "400.html", {"reason": reason}, status=400)
    log_activity(
        None,
        actor=request.user,
        action="businesses.exported",
        data={"format": file_format, "filters": request.GET.dict(), "rows": count},
    )
    if file_format == "csv":
        return exporter.csv_response(queryset)
    return exporter.xlsx_response(queryset)
