from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_filters.views import FilterView

from businesses.exporters import BusinessExporter
from businesses.filters.registry import BusinessFilter
from businesses.models import Business, Establishment, RegistryEvent
from businesses.views import crm, owners
from portal.pagination import CappedCountPaginator
from portal.services import log_activity


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
    business = get_object_or_404(Business.objects.select_related("organisation_form", "municipality"), orgnr=orgnr)
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


def timeline_panel(request, business) -> dict:
    """STUB (timeline helper): the business's timeline as ``request.user`` may see it."""
    return {"events": RegistryEvent.objects.filter(orgnr=business.orgnr)[:50]}


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
