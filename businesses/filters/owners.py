import django_filters
from django.utils.translation import gettext_lazy as _

from businesses.models import MeetingRequest


class MeetingRequestFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=MeetingRequest.State.choices, empty_label=_("All"))

    class Meta:
        model = MeetingRequest
        fields = ["state"]
