"""Forms for business owners: a claim, the business's profile, a meeting request and the answers to it."""

import re

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext_lazy as _
from stdnum.no import orgnr as orgnr_check

from businesses.models import Business, BusinessProfile, ProfileContactPerson, Topic
from businesses.services.owners import MAX_OFFERED_TIMES, TimeSlot, claim_problem


class ClaimForm(forms.Form):
    orgnr = forms.CharField(
        label=_("Organisation number"),
        max_length=20,
        help_text=_("Nine digits, as in the Brønnøysund Register Centre, e.g. 925321141."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    title = forms.CharField(
        label=_("Your role in the business"),
        max_length=100,
        help_text=_("E.g. general manager, chair of the board, owner."),
    )
    message = forms.CharField(
        label=_("Message to the officers"),
        required=False,
        max_length=2000,
        help_text=_("Anything that helps us confirm that you speak for the business."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.business = None

    def clean_orgnr(self):
        number = re.sub(r"\s", "", self.cleaned_data["orgnr"])
        if not orgnr_check.is_valid(number):
            raise forms.ValidationError(_("Not a valid organisation number: nine digits with a correct check digit."))
        business = Business.objects.filter(orgnr=number).first()
        if business is None:
            raise forms.ValidationError(_("No business with this organisation number is in the registry."))
        self.business = business
        return number

    def clean(self):
        data = super().clean()
        if self.business is not None:
            problem = claim_problem(self.business, self.user)
            if problem:
                self.add_error("orgnr", problem)
        return data


class RejectClaimForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejecting"),
        max_length=2000,
        help_text=_("The claimant is sent this."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BusinessProfileForm(forms.ModelForm):
    class Meta:
        model = BusinessProfile
        fields = ["description", "needs", "website"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5}), "needs": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "description": _("What the business does, for whom, and where."),
            "needs": _("E.g. premises, skilled workers, funding, contact with other businesses."),
            "website": _("The full address, e.g. https://www.example.no."),
        }


class BaseContactPersonFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        # A posted id that is not one of this profile's contact persons comes back as a new, empty instance:
        # a tampered form, refused rather than quietly turned into a new person.
        if any(form.instance.pk is None for form in self.initial_forms):
            raise forms.ValidationError(_("The form was changed on the way; open the profile again and repeat the change."))


ContactPersonFormSet = inlineformset_factory(
    BusinessProfile,
    ProfileContactPerson,
    formset=BaseContactPersonFormSet,
    fields=["name", "role", "email", "phone"],
    extra=1,
    max_num=10,
    validate_max=True,
    can_delete=True,
)


def contact_persons_from(formset) -> list[dict]:
    """The contact persons as the valid formset says they should stand: the kept, the changed and the new ones."""
    persons = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        instance = data.get("id")
        if instance is None and not form.has_changed():
            continue  # an empty extra row
        persons.append(
            {"pk": instance.pk if instance else None, **{name: data.get(name, "") for name in ("name", "role", "email", "phone")}}
        )
    return persons


class MeetingRequestForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    message = forms.CharField(
        label=_("What would you like to talk about?"),
        max_length=4000,
        help_text=_("A few sentences, so the adviser can prepare."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class OfferTimesForm(forms.Form):
    """Up to three times, each a start, an end and a place; the first is required."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, MAX_OFFERED_TIMES + 1):
            required = number == 1
            self.fields[f"starts_at_{number}"] = forms.DateTimeField(
                label=_("Time %(number)s starts") % {"number": number}, required=required, widget=DateTimeInput()
            )
            self.fields[f"ends_at_{number}"] = forms.DateTimeField(
                label=_("Time %(number)s ends") % {"number": number}, required=required, widget=DateTimeInput()
            )
            self.fields[f"place_{number}"] = forms.CharField(
                label=_("Place of time %(number)s") % {"number": number},
                required=False,
                max_length=300,
                help_text=_("E.g. the town hall, or a video link."),
            )

    def groups(self):
        """(number, [start, end, place]) per time, for one fieldset each."""
        return [
            (number, [self[f"starts_at_{number}"], self[f"ends_at_{number}"], self[f"place_{number}"]])
            for number in range(1, MAX_OFFERED_TIMES + 1)
        ]

    def clean(self):
        data = super().clean()
        now = timezone.now()
        self.slots = []
        for number in range(1, MAX_OFFERED_TIMES + 1):
            starts_at, ends_at = data.get(f"starts_at_{number}"), data.get(f"ends_at_{number}")
            if f"starts_at_{number}" in self.errors or f"ends_at_{number}" in self.errors:
                continue
            if starts_at is None and ends_at is None:
                if data.get(f"place_{number}"):
                    self.add_error(f"starts_at_{number}", _("Give the time, or leave the place empty."))
                continue
            if starts_at is None:
                self.add_error(f"starts_at_{number}", _("Give when the meeting starts."))
                continue
            if ends_at is None:
                self.add_error(f"ends_at_{number}", _("Give when the meeting ends."))
                continue
            if starts_at <= now:
                self.add_error(f"starts_at_{number}", _("The time must be in the future."))
                continue
            if ends_at <= starts_at:
                self.add_error(f"ends_at_{number}", _("The meeting must end after it starts."))
                continue
            self.slots.append(TimeSlot(starts_at=starts_at, ends_at=ends_at, place=data.get(f"place_{number}", "")))
        return data


class AcceptTimeForm(forms.Form):
    def __init__(self, *args, meeting_request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offered_time"] = forms.ModelChoiceField(
            label=_("Which time suits you?"),
            queryset=meeting_request.offered_times.all(),
            widget=forms.RadioSelect,
            empty_label=None,
            error_messages={"invalid_choice": _("Choose one of the times offered.")},
        )
        self.fields["offered_time"].label_from_instance = describe_time


def describe_time(offered_time) -> str:
    """E.g. "tirsdag 2. mars 2027, 10:00–11:00, Rådhuset": the active language, Norwegian time."""
    starts_at, ends_at = timezone.localtime(offered_time.starts_at), timezone.localtime(offered_time.ends_at)
    day = f"{date_format(starts_at, 'l')} {date_format(starts_at, 'DATE_FORMAT')}"
    text = f"{day}, {time_format(starts_at, 'H:i')}–{time_format(ends_at, 'H:i')}"
    return f"{text}, {offered_time.place}" if offered_time.place else text


class CloseRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=2000,
        help_text=_("Optional. The other side is sent this with the notice."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
