"""The catalogue's search and filters on /kontakt/."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from businesses.forms.contact import sector_choices
from businesses.models import CatalogueEntry, Topic

Audience, Stage = CatalogueEntry.Audience, CatalogueEntry.Stage


class CatalogueFilter(django_filters.FilterSet):
    """Free text over title, summary and description; topic, provider, audience, stage and sector.

    An entry meant for everyone matches every audience, one for any stage every stage, and one
    without a sector every sector: a start-up looking for what fits it also finds what fits all.
    """

    q = django_filters.CharFilter(label=_("Search the offers and schemes"), method="filter_text")
    topic = django_filters.ChoiceFilter(label=_("Topic"), choices=Topic.choices, empty_label=_("All topics"))
    provider = django_filters.ChoiceFilter(
        label=_("Provided by"), choices=CatalogueEntry.Provider.choices, empty_label=_("All providers")
    )
    audience = django_filters.ChoiceFilter(
        label=pgettext_lazy("catalogue audience", "For"),
        choices=[choice for choice in Audience.choices if choice[0] != Audience.EVERYONE],
        empty_label=_("All businesses"),
        method="filter_audience",
    )
    stage = django_filters.ChoiceFilter(
        label=_("Stage"),
        choices=[choice for choice in Stage.choices if choice[0] != Stage.ANY],
        empty_label=_("Any stage"),
        method="filter_stage",
    )
    sector = django_filters.ChoiceFilter(label=_("Sector"), choices=[], empty_label=_("Every sector"), method="filter_sector")

    class Meta:
        model = CatalogueEntry
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sectors = dict(sector_choices())
        self.filters["sector"].extra["choices"] = list(self.sectors.items())

    @property
    def qs(self):
        return super().qs.order_by("title", "pk")

    @property
    def panel_open(self) -> bool:
        """Whether the filter panel starts open: when one of its own fields is in use or wrong (the search box is outside it)."""
        in_panel = [name for name in self.form.fields if name != "q"]
        return any(self.data.get(name) for name in in_panel) or any(self.form.errors.get(name) for name in in_panel)

    def filter_text(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(title__icontains=word) | Q(summary__icontains=word) | Q(description__icontains=word))
        return queryset

    def filter_audience(self, queryset, name, value):
        return queryset.filter(audience__in=[value, Audience.EVERYONE])

    def filter_stage(self, queryset, name, value):
        return queryset.filter(stage__in=[value, Stage.ANY])

    def filter_sector(self, queryset, name, value):
        return queryset.filter(sector__in=[value, ""])
