"""The consultation list's filters: open or closed, and free text (title, case number, plan)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from strategies.models import Consultation


class ConsultationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    state = django_filters.ChoiceFilter(
        label=pgettext_lazy("consultation", "State"),
        choices=[("open", pgettext_lazy("consultation", "Open")), ("closed", pgettext_lazy("consultation", "Closed"))],
        empty_label=_("Open and closed"),
        method="filter_state",
    )

    class Meta:
        model = Consultation
        fields = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(case_number__icontains=value) | Q(plan__title__icontains=value))

    def filter_state(self, queryset, name, value):
        return queryset.filter(is_open=value == "open")
