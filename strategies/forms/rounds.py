"""Forms of the status rounds: opening a round, a reporter's report, approval."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strategies.models import Measure, StatusRound
from strategies.services.rounds import STATES_WITH_REASON, open_round_of


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class OpenRoundForm(forms.ModelForm):
    class Meta:
        model = StatusRound
        fields = ["title", "period_end", "deadline"]
        widgets = {
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "deadline": DateTimeInput(),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["deadline"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["deadline"].help_text = _("The reporters are reminded 7 days and 1 day before.")

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.now():
            raise forms.ValidationError(_("The deadline must be in the future."))
        return deadline

    def clean(self):
        data = super().clean()
        if open_round_of(self.plan) is not None:
            raise forms.ValidationError(_("The plan already has an open status round. Approve it before opening a new one."))
        return data


class ReportForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=Measure.State.choices, widget=forms.RadioSelect)
    progress = forms.IntegerField(
        label=_("Progress (%)"), min_value=0, max_value=100, help_text=_("A whole number from 0 to 100.")
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What has been done, and what comes next. Required as the reason when the measure is delayed or cancelled."),
    )

    def clean(self):
        data = super().clean()
        if data.get("state") in STATES_WITH_REASON and not data.get("comment", "").strip():
            self.add_error("comment", _("Give the reason why the measure is delayed or cancelled."))
        return data


class ApproveRoundForm(forms.Form):
    allow_missing = forms.BooleanField(
        label=_("Approve with missing reports"),
        required=False,
        help_text=_("The measures without a report keep the state and progress they had."),
    )

    def __init__(self, *args, missing: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.missing = missing
        if not missing:
            del self.fields["allow_missing"]

    def clean(self):
        data = super().clean()
        if self.missing and not data.get("allow_missing"):
            self.add_error("allow_missing", _("Some reports are missing. Tick the box to approve without them."))
        return data
