"""Notices mirrored from Doffin: the list with its filters, a notice, and awards to local businesses. All public,
as on Doffin."""

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView

from businesses.models import Business
from portal.pagination import CappedCountPaginator
from procurement.filters.notices import NoticeFilter
from procurement.models import Notice
from procurement.queries import closing_soon, current_status, notice_for_page, notices_for_list, status_label, type_label
from procurement.services import awards as award_service
from procurement.services import cpv


class NoticePaginator(CappedCountPaginator):
    """Counts the primary keys only: the rows' subqueries (the main CPV code and its label) are for the page's
    20 rows, not for the up to 2,001 rows counted."""

    @cached_property
    def count(self) -> int:
        counted = self.object_list.order_by().values("pk")[: self.cap + 1].count()
        self.count_capped = counted > self.cap
        return min(counted, self.cap)


class NoticeListView(FilterView):
    """/anskaffelser/: the notices, filtered and sorted by the URL; what closes soon on top.

    A filter value that cannot be used is shown as an error beside its field; the others still apply (200).
    """

    filterset_class = NoticeFilter
    template_name = "procurement/notices/list.html"
    paginate_by = 20
    paginator_class = NoticePaginator
    strict = False

    def get_queryset(self):
        return notices_for_list()

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        context = super().get_context_data(querystring=query.urlencode(), **kwargs)
        context["closing_soon"] = closing_soon()
        # A notice's URL is the list's URL plus its id: one reverse() per page, not per row.
        prefix = reverse("procurement:notices") + "kunngjoringer/"
        context["rows"] = [_row(notice, url=f"{prefix}{notice.doffin_id}/") for notice in context["object_list"]]
        return context


def _row(notice: Notice, *, url: str) -> dict:
    """A list row's cells, formatted here: the same in a template cost most of the page's time."""
    deadline = timezone.localtime(notice.deadline) if notice.deadline else None
    status = current_status(notice.status, notice.deadline)
    return {
        "notice": notice,
        "url": url,
        "type": type_label(notice.type),
        "status_code": status,
        "status": status_label(status),
        "published": formats.date_format(notice.published_on, "SHORT_DATE_FORMAT") if notice.published_on else "",
        "published_iso": notice.published_on.isoformat() if notice.published_on else "",
        "deadline": formats.date_format(deadline, "SHORT_DATETIME_FORMAT") if deadline else "",
        "deadline_iso": deadline.isoformat() if deadline else "",
        "value": format_value(notice.estimated_value, notice.currency),
        "cpv": f"{notice.main_cpv} {notice.main_cpv_name or ''}".strip() if notice.main_cpv else "",
    }


def format_value(value, currency: str = "NOK") -> str:
    """An amount as the reader's language writes it: "NOK 1,500,000" / "1 500 000 kr"."""
    if value is None:
        return "–"
    amount = formats.number_format(value, 0, use_l10n=True, force_grouping=True)
    if currency and currency != "NOK":
        return f"{amount} {currency}"
    return gettext("NOK %(amount)s") % {"amount": amount}


def notice_detail(request, doffin_id: str):
    """A notice: buyers, lots and winners (linked to the registry when known there), CPV labels in the reader's
    language, history, and the planned procurement it announces with its market dialogues."""
    notice = notice_for_page(doffin_id)
    if notice is None:
        raise Http404
    codes = [row.code for row in notice.direct_cpv]
    names = cpv.labels(codes)
    lots = list(notice.lots.all())
    orgnrs = {buyer.orgnr for buyer in notice.buyers.all()} | {w.orgnr for lot in lots for w in lot.winners.all()}
    known = set(Business.objects.filter(orgnr__in=orgnrs - {""}).values_list("orgnr", flat=True))
    status = current_status(notice.status, notice.deadline)
    context = {
        "notice": notice,
        "type": type_label(notice.type),
        "other_types": [type_label(code) for code in notice.all_types if code != notice.type],
        "status_code": status,
        "status": status_label(status),
        "cpv_codes": [(code, names[code].name if code in names else "") for code in codes],
        "lots": lots,
        "known_orgnrs": known,
        "history": list(notice.history.all()),
        "planned": list(notice.planned.all()),
        "demo": bool(notice.raw.get("_demo")) if isinstance(notice.raw, dict) else False,
    }
    return render(request, "procurement/notices/detail.html", context)


class AwardYearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *((year, str(year)) for year in years)]


def awards(request):
    """/anskaffelser/tildelinger/: contracts and value awarded, and the share to businesses in the served
    municipalities, per year and CPV division."""
    years = award_service.award_years()
    form = AwardYearForm(request.GET or None, years=years)
    chosen = form.cleaned_data.get("year") if form.is_valid() else None
    rows = award_service.local_share(years=[chosen] if chosen else None)
    context = {"form": form, "rows": rows, "totals": award_service.totals(rows), "year": chosen}
    return render(request, "procurement/notices/awards.html", context)
