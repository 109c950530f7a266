"""The API's filters: the pages' own FilterSets where a page has one, small ones here where it has not.

The subclasses change nothing in how the pages' filters work; they only tell the OpenAPI description what
a filter takes where django-filter cannot say (choices loaded per request, checkboxes).
"""

import copy

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from businesses.filters.registry import BusinessFilter
from meetings.models import Meeting
from opendata.serializers import PUBLIC_PLAN_STATES
from procurement.filters.notices import NoticeFilter
from procurement.models import PlannedProcurement, ProcurementPlan
from procurement.queries import NOTICE_TYPES, TYPE_GROUPS
from strategies.filters.plans import PlanFilter
from strategies.models import Measure


def _described(filterset, name: str, schema: dict, description=None):
    """A copy of ``filterset``'s filter ``name`` whose OpenAPI schema is ``schema``, described by ``description``
    (else by the filter's label)."""
    found = copy.deepcopy(filterset.base_filters[name])
    return extend_schema_field({**schema, "description": description or found.label})(found)


_STRING = {"type": "string"}
_BOOLEAN = {"type": "boolean"}
# Whole numbers only: a page's id or a year, never 1.5 or 10^30.
_WHOLE = {"min_value": 1, "max_digits": 18, "decimal_places": 0}
_YEAR = {"min_value": 2000, "max_value": 2100, "decimal_places": 0}


class BusinessApiFilter(BusinessFilter):
    """/bedrifter/'s filters. Without ``municipality`` the list covers the portal's municipalities."""

    municipality = _described(
        BusinessFilter, "municipality", _STRING, _("Municipality number, one of the portal's municipalities (e.g. 3201).")
    )
    section = _described(BusinessFilter, "section", _STRING, _("SN2025 section letter, e.g. C."))
    division = _described(BusinessFilter, "division", _STRING, _("SN2025 division, two digits, e.g. 62."))
    organisation_form = _described(BusinessFilter, "organisation_form", _STRING, _("Organisation form code, e.g. AS."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # django-filter builds a filter's form field once and keeps it on the Filter, and each FilterSet's filters
        # are copies of the class's: a field once built on the class (drf-spectacular does, describing the
        # filters) would bring the choices of that moment to every request. These choices are set per request.
        for name in ("municipality", "section", "division", "organisation_form"):
            self.filters[name].__dict__.pop("_field", None)


class NoticeApiFilter(NoticeFilter):
    """/anskaffelser/'s filters."""

    cpv = _described(NoticeFilter, "cpv", {"type": "string", "pattern": r"^\d{8}(-\d)?$"})
    buyer = _described(NoticeFilter, "buyer", {"type": "string", "pattern": r"^\d{9}$"})
    type = _described(NoticeFilter, "type", {"type": "string", "enum": [*TYPE_GROUPS, *NOTICE_TYPES]})
    served = _described(NoticeFilter, "served", _BOOLEAN)
    closing = _described(NoticeFilter, "closing", _BOOLEAN)


class PublicPlanFilter(PlanFilter):
    """/strategi/'s filters; a draft is never public, so it is no choice here."""

    state = django_filters.ChoiceFilter(label=_("State"), choices=PUBLIC_PLAN_STATES)


class MeetingFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=Meeting.State.choices)
    starts_from = django_filters.DateFilter(label=_("Starts on or after (date)"), field_name="starts_at", lookup_expr="date__gte")
    starts_to = django_filters.DateFilter(label=_("Starts on or before (date)"), field_name="starts_at", lookup_expr="date__lte")
    minutes = django_filters.BooleanFilter(label=_("Only those with published minutes"), method="filter_minutes")

    class Meta:
        model = Meeting
        fields: list[str] = []

    def filter_minutes(self, queryset, name, value):
        published = {"state": Meeting.State.MINUTES_PUBLISHED}
        return queryset.filter(**published) if value else queryset.exclude(**published)


class MeasureFilter(django_filters.FilterSet):
    plan = django_filters.NumberFilter(label=_("Plan id"), field_name="goal__focus_area__plan_id", **_WHOLE)
    state = django_filters.ChoiceFilter(label=_("State"), choices=Measure.State.choices)

    class Meta:
        model = Measure
        fields: list[str] = []


class ProcurementPlanFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"), **_YEAR)
    buyer = django_filters.CharFilter(label=_("Buyer's organisation number"), field_name="buyer_orgnr")

    class Meta:
        model = ProcurementPlan
        fields: list[str] = []


class PlannedProcurementFilter(django_filters.FilterSet):
    plan = django_filters.NumberFilter(label=_("Procurement plan id"), field_name="plan_id", **_WHOLE)
    year = django_filters.NumberFilter(label=_("Year of the plan"), field_name="plan__year", **_YEAR)
    state = django_filters.ChoiceFilter(label=_("State"), choices=PlannedProcurement.State.choices)

    class Meta:
        model = PlannedProcurement
        fields: list[str] = []
