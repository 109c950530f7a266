"""The enquiry list's filters: state, topic, adviser, business and free text."""

import re

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from businesses.models import Enquiry, Topic


class EnquiryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    state = django_filters.ChoiceFilter(
        label=pgettext_lazy("enquiry", "State"), choices=Enquiry.State.choices, empty_label=_("All states")
    )
    topic = django_filters.ChoiceFilter(label=_("Topic"), choices=Topic.choices, empty_label=_("All topics"))
    assigned = django_filters.ChoiceFilter(
        label=_("Adviser"),
        choices=[("me", _("Assigned to me")), ("nobody", _("Not assigned"))],
        empty_label=_("Anyone"),
        method="filter_assigned",
    )
    orgnr = django_filters.CharFilter(label=_("Organisation number"), method="filter_orgnr")

    def __init__(self, *args, handler: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not handler:  # a sender's own list: every enquiry is theirs, so "assigned to me" means nothing
            del self.filters["assigned"]

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(reference__icontains=value)
            | Q(sender_name__icontains=value)
            | Q(sender_email__icontains=value)
            | Q(sender_organisation__icontains=value)
            | Q(business__name__icontains=value)
            | Q(message__icontains=value)
        )

    def filter_assigned(self, queryset, name, value):
        if value == "me":
            return queryset.filter(assigned_to=self.request.user)
        if value == "nobody":
            return queryset.filter(assigned_to__isnull=True)
        return queryset

    def filter_orgnr(self, queryset, name, value):
        digits = re.sub(r"\s", "", value)
        return queryset.filter(business__orgnr=digits) if digits else queryset
