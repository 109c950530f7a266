"""Filters of the notice list (/anskaffelser/). The state lives in the URL; a value that cannot be used is a
field error on the page, and the other filters still apply."""

import datetime

import django_filters
from django import forms
from django.db.models import F, Q
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import orgnr as orgnr_check

from portal.widgets import DS_INPUT, DateInput, Select, TextInput
from procurement.models import Notice, NoticeBuyer, NoticeCpv
from procurement.queries import CLOSING_SOON_DAYS, NOTICE_TYPES, TYPE_GROUPS, expired_by_deadline, has_type, served_buyers
from procurement.services import cpv

SORTS = {
    # Newest first is the default; ties by Doffin id so a page boundary is stable. Plain DESC, so PostgreSQL reads
    # the published_on index backwards (every Doffin hit has a publication date; a row without one would come
    # first on PostgreSQL and last on SQLite). ASC NULLS LAST is PostgreSQL's own order for the deadline index.
    "published": (
        pgettext_lazy("sort", "Published (newest first)"),
        [F("published_on").desc(), F("doffin_id").desc()],
    ),
    "deadline": (
        pgettext_lazy("sort", "Deadline (soonest first)"),
        [F("deadline").asc(nulls_last=True), F("published_on").desc(nulls_last=True), F("doffin_id").desc()],
    ),
    "value": (
        pgettext_lazy("sort", "Value (highest first)"),
        [F("estimated_value").desc(nulls_last=True), F("doffin_id").desc()],
    ),
}
DEFAULT_SORT = "published"


class CpvCodeField(forms.CharField):
    """A CPV code of 8 digits, with or without the check digit (72000000 or 72000000-5), that exists."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        try:
            code = cpv.normalise(value)
        except cpv.UnknownCpvCodes:
            raise forms.ValidationError(_("Write a CPV code of 8 digits, e.g. 72000000 or 72000000-5."), code="format") from None
        if code not in cpv.shipped_codes():
            raise forms.ValidationError(_("%(code)s is not a CPV code."), code="unknown", params={"code": code})
        return code


class OrgnrField(forms.CharField):
    """A Norwegian organisation number (9 digits, spaces allowed)."""

    def clean(self, value):
        value = "".join((super().clean(value) or "").split())
        if not value:
            return ""
        try:
            return orgnr_check.validate(value)
        except StdnumError:
            raise forms.ValidationError(_("Write a valid organisation number of 9 digits."), code="invalid") from None


# The list renders its filter form on every request, so its widgets are the registry's, which write their HTML
# in Python: Django's widget templates would be most of the page's time.


class Checkbox(forms.CheckboxInput):
    """A checkbox that writes its own HTML, like the registry's widgets."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(DS_INPUT | self.attrs, attrs)
        if self.check_test(value):
            attrs["checked"] = True
        return format_html('<input type="checkbox" name="{}"{}>', name, flatatt(attrs))


class CpvFilter(django_filters.Filter):
    field_class = CpvCodeField


class OrgnrFilter(django_filters.Filter):
    field_class = OrgnrField


class CheckboxFilter(django_filters.Filter):
    """A checkbox: ticked filters, unticked does nothing."""

    field_class = forms.BooleanField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, widget=Checkbox, **kwargs)


def _type_choices():
    # Flat (the groups first): the registry's Select writes flat choices only.
    return [*TYPE_GROUPS.items(), *NOTICE_TYPES.items()]


class NoticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Words in the heading, description or buyer"), method="filter_text", widget=TextInput)
    cpv = CpvFilter(
        label=_("CPV code"),
        method="filter_cpv",
        widget=TextInput(attrs={"aria-describedby": "id_cpv_helptext"}),
        help_text=_("Includes the codes under it: 72000000 finds every IT service."),
    )
    type = django_filters.ChoiceFilter(
        label=pgettext_lazy("notice", "Type"),
        choices=_type_choices,
        method="filter_type",
        empty_label=_("All types"),
        widget=Select,
    )
    status = django_filters.ChoiceFilter(
        label=pgettext_lazy("notice", "Status"),
        choices=Notice.Status.choices,
        empty_label=_("Any status"),
        method="filter_status",
        widget=Select,
    )
    buyer = OrgnrFilter(label=_("Buyer's organisation number"), method="filter_buyer", widget=TextInput)
    served = CheckboxFilter(
        label=_("Only the municipalities' own buyers"),
        method="filter_served",
    )
    deadline_from = django_filters.DateFilter(label=_("Deadline from"), method="filter_deadline_from", widget=DateInput)
    deadline_to = django_filters.DateFilter(label=_("Deadline to"), method="filter_deadline_to", widget=DateInput)
    value_from = django_filters.NumberFilter(
        label=_("Value from (NOK)"),
        field_name="estimated_value",
        lookup_expr="gte",
        min_value=0,
        max_digits=16,
        decimal_places=2,
        widget=TextInput(attrs={"inputmode": "numeric"}),
    )
    value_to = django_filters.NumberFilter(
        label=_("Value to (NOK)"),
        field_name="estimated_value",
        lookup_expr="lte",
        min_value=0,
        max_digits=16,
        decimal_places=2,
        widget=TextInput(attrs={"inputmode": "numeric"}),
    )
    closing = CheckboxFilter(
        label=ngettext_lazy("Closes within %(days)s day", "Closes within %(days)s days", "days") % {"days": CLOSING_SOON_DAYS},
        method="filter_closing",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[(key, label) for key, (label, _order) in SORTS.items()],
        method="filter_sort",
        empty_label=None,
        widget=Select,
    )

    class Meta:
        model = Notice
        fields: list[str] = []

    @property
    def qs(self):
        queryset = super().qs
        chosen = self.form.cleaned_data if self.is_bound else {}
        return queryset.order_by(*SORTS[chosen.get("sort") or DEFAULT_SORT][1])

    @property
    def panel_open(self) -> bool:
        """Whether "Filter and sort" starts open: when one of its fields (not the search box) is used or wrong."""
        in_panel = [name for name in self.form.fields if name != "q"]
        return any(self.data.get(name) for name in in_panel) or any(self.form.errors.get(name) for name in in_panel)

    def filter_text(self, queryset, name, value):
        for word in value.split()[:10]:
            queryset = queryset.filter(
                Q(heading__icontains=word) | Q(description__icontains=word) | Q(buyer_name__icontains=word)
            )
        return queryset

    def filter_cpv(self, queryset, name, value):
        # NoticeCpv holds every notice's codes and their ancestors, so a parent code finds its children.
        return queryset.filter(pk__in=NoticeCpv.objects.filter(code=value).values("notice_id"))

    def filter_type(self, queryset, name, value):
        return queryset.filter(has_type(value))

    def filter_status(self, queryset, name, value):
        """The status as the rows show it (``current_status``): an open notice whose deadline has passed since
        the import is expired, not active."""
        expired = expired_by_deadline()
        if value == Notice.Status.ACTIVE:
            return queryset.filter(status=value).exclude(expired)
        if value == Notice.Status.EXPIRED:
            return queryset.filter(Q(status=value) | expired)
        return queryset.filter(status=value)

    def filter_buyer(self, queryset, name, value):
        return queryset.filter(pk__in=NoticeBuyer.objects.filter(orgnr=value).values("notice_id"))

    def filter_served(self, queryset, name, value):
        return queryset.filter(served_buyers()) if value else queryset

    def filter_deadline_from(self, queryset, name, value):
        return queryset.filter(deadline__gte=_local_midnight(value))

    def filter_deadline_to(self, queryset, name, value):
        return queryset.filter(deadline__lt=_local_midnight(value + datetime.timedelta(days=1)))

    def filter_closing(self, queryset, name, value):
        if not value:
            return queryset
        now = timezone.now()
        return queryset.filter(deadline__gte=now, deadline__lte=now + datetime.timedelta(days=CLOSING_SOON_DAYS))

    def filter_sort(self, queryset, name, value):
        return queryset  # applied in qs, also when no sort is chosen


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
