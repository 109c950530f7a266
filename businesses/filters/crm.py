"""Filters of the CRM's lists: interactions, follow-ups, red flags. Their state lives in the URL."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from businesses.forms.crm import DateInput, TeamMemberChoiceField
from businesses.models import FollowUp, Interaction, RedFlag, Tag
from businesses.queries import crm_team


class TeamMemberFilter(django_filters.ModelChoiceFilter):
    field_class = TeamMemberChoiceField


class InteractionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Interaction.Kind.choices, empty_label=_("All kinds"))
    date_from = django_filters.DateFilter(label=_("From"), field_name="date", lookup_expr="gte", widget=DateInput())
    date_to = django_filters.DateFilter(label=_("To"), field_name="date", lookup_expr="lte", widget=DateInput())
    officer = TeamMemberFilter(label=_("Officer"), queryset=crm_team(), method="filter_officer", empty_label=_("Everyone"))
    business = django_filters.CharFilter(
        label=_("Organisation number"), field_name="businesses__orgnr", widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    tag = django_filters.ModelChoiceFilter(
        label=_("Tag"), queryset=Tag.objects.all(), method="filter_tag", empty_label=_("All tags")
    )

    class Meta:
        model = Interaction
        fields = []

    def filter_officer(self, queryset, name, value):
        # Logged by the officer, or with the officer taking part.
        return queryset.filter(Q(created_by=value) | Q(participants=value)).distinct()

    def filter_tag(self, queryset, name, value):
        return queryset.filter(businesses__tags=value).distinct()


class FollowUpFilter(django_filters.FilterSet):
    who = django_filters.ChoiceFilter(
        label=_("Whose"),
        choices=[("mine", _("Mine")), ("all", _("Everyone's"))],
        method="filter_who",
        empty_label=None,
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=FollowUp.State.choices, empty_label=pgettext_lazy("states", "All")
    )
    overdue = django_filters.BooleanFilter(label=_("Only overdue"), method="filter_overdue", widget=forms.CheckboxInput)

    class Meta:
        model = FollowUp
        fields = []

    def filter_who(self, queryset, name, value):
        if value == "mine":
            return queryset.filter(owner=self.request.user)
        return queryset

    def filter_overdue(self, queryset, name, value):
        if value:
            return queryset.filter(state=FollowUp.State.OPEN, due__lt=timezone.localdate())
        return queryset


class RedFlagFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=pgettext_lazy("red flag", "Status"),
        choices=[("open", _("Open")), ("resolved", _("Resolved"))],
        method="filter_status",
        empty_label=pgettext_lazy("states", "All"),
    )
    category = django_filters.ChoiceFilter(label=_("Category"), choices=RedFlag.Category.choices, empty_label=_("All categories"))
    severity = django_filters.ChoiceFilter(label=_("Severity"), choices=RedFlag.Severity.choices, empty_label=_("All severities"))

    class Meta:
        model = RedFlag
        fields = []

    def filter_status(self, queryset, name, value):
        return queryset.filter(resolved_at__isnull=value == "open")
