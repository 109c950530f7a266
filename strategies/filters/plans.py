"""The plan list's filter: a word in the title or owner, and the state."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from strategies.models import Plan


class PlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    state = django_filters.ChoiceFilter(label=_("State"), choices=Plan.State.choices, empty_label=_("All states"))

    class Meta:
        model = Plan
        fields = ["q", "state"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(owner_name__icontains=value))
