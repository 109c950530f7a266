"""Forms of procurement's market dialogues: the dialogue, registration, slots, documents, questions, answers."""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.no import orgnr as orgnr_check

from businesses.models import Business
from portal.uploads import check_document
from procurement.models import DialogueRegistration, MarketDialogue

MAX_TEXT_LENGTH = 10000
MAX_SLOTS = 60


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
FORM_FIELDS = ("has_conference", "has_one_to_one", "has_written_input", "has_draft_documents")


class DialogueForm(forms.ModelForm):
    class Meta:
        model = MarketDialogue
        fields = [
            "title",
            "description",
            *FORM_FIELDS,
            "conference_at",
            "location",
            "registration_deadline",
            "input_deadline",
            "capacity",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "conference_at": DateTimeInput(),
            "registration_deadline": DateTimeInput(),
            "input_deadline": DateTimeInput(),
        }
        help_texts = {
            "description": _("What the municipality wants to learn from the market, and how the dialogue runs."),
            "conference_at": _("Norwegian time. Required for a supplier conference."),
            "location": _("Where the conference is held, or a link to the video meeting."),
            "registration_deadline": _("Norwegian time. Empty: suppliers may register until input closes."),
            "input_deadline": _("Norwegian time. Input also closes when the notice is published."),
            "capacity": _("How many suppliers may register. Empty: no limit."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("conference_at", "registration_deadline", "input_deadline"):
            self.fields[name].input_formats = DATETIME_FORMATS
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].widget.attrs["min"] = 1

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity is not None and capacity < 1:
            raise ValidationError(_("The capacity must be at least 1, or empty for no limit."), code="min")
        return capacity

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in FORM_FIELDS):
            self.add_error("has_conference", _("Choose at least one form of dialogue."))
        if data.get("has_conference") and not data.get("conference_at"):
            self.add_error("conference_at", _("Give the time of the supplier conference."))
        registration, deadline = data.get("registration_deadline"), data.get("input_deadline")
        if registration and deadline and registration > deadline:
            self.add_error("registration_deadline", _("The registration deadline must be before the input deadline."))
        return data


class RegistrationForm(forms.Form):
    orgnr = forms.CharField(label=_("Organisation number"), max_length=20, help_text=_("Nine digits, e.g. 925 321 141."))
    company_name = forms.CharField(
        label=_("Company"),
        max_length=300,
        required=False,
        help_text=_("Filled in from the business registry when the organisation number is found there."),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), help_text=_("Answers, documents and reminders are sent here."))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)

    def clean_orgnr(self):
        digits = re.sub(r"\s", "", self.cleaned_data["orgnr"])
        if not orgnr_check.is_valid(digits):
            raise ValidationError(
                _("%(orgnr)s is not a valid organisation number: nine digits with a correct check digit.") % {"orgnr": digits},
                code="invalid_orgnr",
            )
        return digits

    def clean(self):
        data = super().clean()
        orgnr = data.get("orgnr")
        if orgnr:
            business = Business.objects.filter(orgnr=orgnr).only("name").first()
            if business is not None:
                data["company_name"] = business.name
            elif not data.get("company_name", "").strip():
                self.add_error(
                    "company_name", _("%(orgnr)s is not in the registry: write the company's name.") % {"orgnr": orgnr}
                )
        return data


class SlotsForm(forms.Form):
    first_start = forms.DateTimeField(
        label=_("First slot starts"), widget=DateTimeInput(), input_formats=DATETIME_FORMATS, help_text=_("Norwegian time.")
    )
    length_minutes = forms.IntegerField(label=_("Length of each slot (minutes)"), min_value=10, max_value=240, initial=30)
    count = forms.IntegerField(label=_("Number of slots"), min_value=1, max_value=MAX_SLOTS, initial=8)
    pause_minutes = forms.IntegerField(
        label=_("Pause between slots (minutes)"), min_value=0, max_value=240, initial=0, required=False
    )

    def clean_first_start(self):
        start = self.cleaned_data["first_start"]
        if start <= timezone.now():
            raise ValidationError(_("The first slot must start in the future."), code="past")
        return start

    def clean_pause_minutes(self):
        return self.cleaned_data.get("pause_minutes") or 0


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"), help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type = check_document(upload, max_size=settings.PROCUREMENT_MAX_DOCUMENT_SIZE)
        return upload


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("Your question"),
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The answer is published to every registered supplier. Your name is not shown."),
    )

    def __init__(self, *args, registrations=None, **kwargs):
        super().__init__(*args, **kwargs)
        registrations = list(registrations or [])
        if len(registrations) > 1:
            self.fields["registration"] = forms.ModelChoiceField(
                label=_("On behalf of"), queryset=DialogueRegistration.objects.filter(pk__in=[r.pk for r in registrations])
            )
        self.registrations = registrations

    def clean_question(self):
        text = self.cleaned_data["question"].strip()
        if not text:
            raise ValidationError(_("Write your question."), code="required")
        return text

    def registration(self):
        return self.cleaned_data.get("registration") or self.registrations[0]


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"),
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Published with the question, without who asked, and sent to every registered supplier at once."),
    )

    def clean_answer(self):
        text = self.cleaned_data["answer"].strip()
        if not text:
            raise ValidationError(_("Write the answer."), code="required")
        return text
