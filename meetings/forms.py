import re

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from businesses.forms.fields import BusinessesField
from meetings.models import (
    MAX_ITEM_MINUTES,
    MAX_OFFSET,
    MAX_OFFSETS,
    MIN_OFFSET,
    ActionPoint,
    AgendaItem,
    Meeting,
    MeetingSeries,
    Participant,
)
from meetings.services.agenda import MAX_DOCUMENT_SIZE
from portal.roles import Role
from portal.uploads import check_document

User = get_user_model()


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Will you attend?"),
        choices=[(c, label) for c, label in Participant.Rsvp.choices if c != Participant.Rsvp.PENDING],
        widget=forms.RadioSelect,
    )


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


# Reminder offsets: "7 d, 1 d, 2 t, 30 min". At least 15 minutes and at most 60 days before the start.
_OFFSET = re.compile(r"^(\d+)\s*(d|dag|dager|day|days|t|h|time|timer|hour|hours|m|min|minutes?|minutter)$")
_UNIT_MINUTES = {"d": 1440, "t": 60, "h": 60, "m": 1}


def format_offsets(minutes: list[int]) -> str:
    parts = []
    for value in minutes:
        if value % 1440 == 0:
            parts.append(f"{value // 1440} d")
        elif value % 60 == 0:
            parts.append(f"{value // 60} t")
        else:
            parts.append(f"{value} min")
    return ", ".join(parts)


class ReminderOffsetsField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Reminders before the start"))
        kwargs.setdefault("help_text", _('Days (d), hours (t) or minutes (min) before the start, e.g. "7 d, 1 d". Empty: none.'))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return format_offsets(value) if isinstance(value, list) else value

    def clean(self, value):
        text = (super().clean(value) or "").lower()
        offsets = []
        for part in (p.strip() for p in text.split(",") if p.strip()):
            match = _OFFSET.match(part)
            if match is None:
                raise ValidationError(_('"%(part)s" is not a time before the start, such as "7 d" or "2 t".') % {"part": part})
            minutes = int(match[1]) * _UNIT_MINUTES[match[2][0]]
            if not MIN_OFFSET <= minutes <= MAX_OFFSET:
                raise ValidationError(
                    _('"%(part)s" is not possible: a reminder goes between 15 minutes and 60 days before the start.')
                    % {"part": part}
                )
            offsets.append(minutes)
        if len(offsets) > MAX_OFFSETS:
            raise ValidationError(_("At most five reminders per meeting."))
        return sorted(set(offsets), reverse=True)


def people_choices():
    """Portal users who take part in dialogue meetings: staff, council members and politicians."""
    roles = [Role.OFFICER, Role.CHIEF_EXECUTIVE, Role.ADMINISTRATOR, Role.COUNCIL_MEMBER, Role.POLITICIAN]
    return User.objects.filter(is_active=True, groups__name__in=roles).distinct().order_by("name", "email")


class SeriesForm(forms.ModelForm):
    class Meta:
        model = MeetingSeries
        fields = [
            "name",
            "description",
            "organiser",
            "members",
            "meetings_per_year",
            "weekday",
            "start_time",
            "duration_minutes",
            "place",
            "visibility",
        ]
        widgets = {"members": forms.CheckboxSelectMultiple, "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = people_choices().exclude(groups__name=Role.POLITICIAN)
        self.fields["members"].queryset = people_choices()


class PlanYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"))

    def clean_year(self):
        year = self.cleaned_data["year"]
        this_year = timezone.localdate().year
        if not this_year <= year <= this_year + 3:
            raise ValidationError(
                _("Plan this year or one of the next three (%(first)s–%(last)s).") % {"first": this_year, "last": this_year + 3}
            )
        return year


class MeetingForm(forms.ModelForm):
    reminder_offsets = ReminderOffsetsField()

    class Meta:
        model = Meeting
        fields = [
            "title",
            "series",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "visibility",
            "proposal_deadline",
            "reminders_enabled",
            "reminder_offsets",
            "reminder_text",
        ]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput(), "proposal_deadline": DateTimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at", "proposal_deadline"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def clean(self):
        data = super().clean()
        starts_at, ends_at, deadline = data.get("starts_at"), data.get("ends_at"), data.get("proposal_deadline")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        if starts_at and deadline and deadline >= starts_at:
            self.add_error("proposal_deadline", _("The deadline for proposals must be before the meeting starts."))
        if not data.get("place") and not data.get("online_url"):
            self.add_error("place", _("Give a place, an online meeting link, or both."))
        return data


class ParticipantForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Portal user"), queryset=User.objects.none(), required=False)
    email = forms.EmailField(label=_("Or an external guest's e-mail"), required=False)
    name = forms.CharField(label=_("The guest's name"), max_length=200, required=False)

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people_choices().exclude(email__in=meeting.participants.values("email"))

    def clean(self):
        data = super().clean()
        if not data.get("user") and not data.get("email"):
            raise ValidationError(_("Choose a portal user or give an e-mail address."))
        if data.get("user") and data.get("email"):
            raise ValidationError(_("Choose a portal user or give an e-mail address, not both."))
        return data


class AgendaItemForm(forms.ModelForm):
    businesses = BusinessesField()

    class Meta:
        model = AgendaItem
        fields = ["title", "description", "duration_minutes", "presenter", "internal", "businesses"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's bounds on the input too (min/max in the page), and one message for every value below them.
        self.fields["duration_minutes"] = AgendaItem._meta.get_field("duration_minutes").formfield(
            min_value=1, max_value=MAX_ITEM_MINUTES
        )


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("What should the meeting discuss, and why?"), widget=forms.Textarea, required=False)
    duration_minutes = forms.IntegerField(label=_("Time needed (minutes)"), min_value=5, max_value=240, initial=15)
    businesses = BusinessesField()


class ProposalDecisionForm(ProposalForm):
    """The organiser's edit of a proposal; the button pressed ("decision": accept or decline) decides."""

    presenter = forms.CharField(label=_("Presenter"), max_length=200, required=False)
    response = forms.CharField(label=_("Message to the proposer"), widget=forms.Textarea, required=False)

    @property
    def decision(self) -> str:
        return self.data.get("decision", "")

    def clean(self):
        data = super().clean()
        if self.decision not in ("accept", "decline"):
            raise ValidationError(_("Choose to accept or decline the proposal."))
        if self.decision == "decline" and not data.get("response"):
            self.add_error("response", _("Tell the proposer why the item is declined."))
        return data


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG; at most 20 MB.")
    )
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False, empty_label=_("The meeting as a whole")
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda.all()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_document(upload, max_size=MAX_DOCUMENT_SIZE)
        return upload


class ActionPointForm(forms.ModelForm):
    businesses = BusinessesField()

    class Meta:
        model = ActionPoint
        fields = ["title", "agenda_item", "owner", "owner_name", "due_date", "link", "internal", "businesses"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda.all()
        self.fields["owner"].queryset = people_choices()

    def clean(self):
        data = super().clean()
        if not data.get("owner") and not data.get("owner_name"):
            self.add_error("owner", _("Choose who owns the action point, or write a name."))
        return data


class ActionPointStatusForm(forms.ModelForm):
    class Meta:
        model = ActionPoint
        fields = ["status", "status_note"]


class MinutesForm(forms.Form):
    """Attendance, and notes and a decision per agenda item."""

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.participants = list(meeting.participants.all())
        self.items = list(meeting.agenda.all())
        self.fields["attended"] = forms.MultipleChoiceField(
            label=_("Present"),
            choices=[(p.pk, str(p)) for p in self.participants],
            widget=forms.CheckboxSelectMultiple,
            required=False,
            initial=[p.pk for p in self.participants if p.attended],
        )
        for item in self.items:
            self.fields[f"item-{item.pk}-notes"] = forms.CharField(
                label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}), required=False, initial=item.notes
            )
            self.fields[f"item-{item.pk}-decision"] = forms.CharField(
                label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}), required=False, initial=item.decision
            )

    def item_fields(self):
        return [(item, self[f"item-{item.pk}-notes"], self[f"item-{item.pk}-decision"]) for item in self.items]

    def minutes(self) -> tuple[set[int], dict[int, tuple[str, str]]]:
        data = self.cleaned_data
        attended = {int(pk) for pk in data["attended"]}
        return attended, {item.pk: (data[f"item-{item.pk}-notes"], data[f"item-{item.pk}-decision"]) for item in self.items}
