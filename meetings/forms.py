from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.models import Participant


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Will you attend?"),
        choices=[(c, label) for c, label in Participant.Rsvp.choices if c != Participant.Rsvp.PENDING],
        widget=forms.RadioSelect,
    )
