"""Forms of consultations: publishing one, the response (with its points and attachments), and handling a response."""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.no import orgnr as orgnr_check

from businesses.forms.enquiries import MultipleFileField
from portal.uploads import check_document
from strategies.models import Consultation, ConsultationResponse, Measure, ResponsePoint

MAX_ATTACHMENTS = 3
MAX_POINTS = 10
POINT_ROWS = 5  # empty point rows shown on the form (a tampered form may send up to MAX_POINTS)
MAX_TEXT_LENGTH = 20000


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ConsultationForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["title", "case_number", "description", "deadline"]
        widgets = {"deadline": DateTimeInput(), "description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "title": _("E.g. Draft action programme 2026–2029."),
            "case_number": _("The case number in the archive, e.g. 26/1234."),
            "description": _("What is out for consultation, and what the municipality would like to hear about."),
            "deadline": _("Norwegian time. Responses can be sent until then; after it they are public."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.now():
            raise ValidationError(_("The deadline must be in the future."), code="past")
        return deadline


def measure_choices(plan):
    return (
        Measure.objects.filter(goal__focus_area__plan=plan)
        .select_related("goal__focus_area")
        .order_by("goal__focus_area__position", "goal__position", "position", "pk")
    )


class MeasureField(forms.ModelChoiceField):
    def label_from_instance(self, measure):
        return str(measure)


class ResponseForm(forms.Form):
    organisation = forms.CharField(
        label=_("Organisation or business"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        help_text=_("Or your own name, if you respond as a private person."),
    )
    orgnr = forms.CharField(
        label=_("Organisation number (optional)"),
        required=False,
        max_length=20,
        help_text=_("Nine digits, e.g. 974 540 193."),
    )
    address = forms.CharField(
        label=_("Address (optional)"),
        required=False,
        max_length=300,
        help_text=_("Street, postcode and place."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    contact_person = forms.CharField(
        label=_("Contact person"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send the receipt here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"), required=False, max_length=30, widget=forms.TextInput(attrs={"autocomplete": "tel"})
    )
    text = forms.CharField(
        label=_("Your response"),
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("What you think of the draft. You may list concrete points below and link each to a measure."),
    )
    attachments = MultipleFileField(label=_("Attachments (optional)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _(
            "At most %(count)s files of at most %(size)s each: PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG."
        ) % {"count": MAX_ATTACHMENTS, "size": filesizeformat(settings.CONSULTATION_MAX_ATTACHMENT_SIZE)}

    def clean_orgnr(self):
        digits = re.sub(r"\s", "", self.cleaned_data["orgnr"])
        if digits and not orgnr_check.is_valid(digits):
            raise ValidationError(_("Not a valid organisation number. It has nine digits; check them again."), code="invalid")
        return digits

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError(_("Write your response."), code="required")
        return text

    def clean_attachments(self):
        uploads = self.cleaned_data["attachments"]
        if len(uploads) > MAX_ATTACHMENTS:
            raise ValidationError(_("Attach at most %(count)s files.") % {"count": MAX_ATTACHMENTS}, code="too_many")
        errors = []
        for upload in uploads:
            try:
                check_document(upload, max_size=settings.CONSULTATION_MAX_ATTACHMENT_SIZE)
            except ValidationError as error:
                errors.extend(f"{upload.name}: {message}" for message in error.messages)
        if errors:
            raise ValidationError(errors)
        return uploads


class PointForm(forms.Form):
    text = forms.CharField(label=_("Point"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    measure = MeasureField(
        label=_("Concerns the measure (optional)"), queryset=Measure.objects.none(), required=False, empty_label=_("No measure")
    )

    def __init__(self, *args, measures=None, **kwargs):
        super().__init__(*args, **kwargs)
        if measures is not None:
            self.fields["measure"].queryset = measures

    def clean(self):
        data = super().clean()
        data["text"] = (data.get("text") or "").strip()
        if data.get("measure") and not data["text"]:
            self.add_error("text", _("Write the point, or choose no measure."))
        return data


class BasePointFormSet(forms.BaseFormSet):
    def points(self) -> list[tuple[str, Measure | None]]:
        """The filled-in points in order: (text, measure)."""
        return [(f.cleaned_data["text"], f.cleaned_data.get("measure")) for f in self.forms if f.cleaned_data.get("text")]


PointFormSet = forms.formset_factory(
    PointForm,
    formset=BasePointFormSet,
    extra=POINT_ROWS,
    max_num=MAX_POINTS,
    absolute_max=MAX_POINTS,
    validate_max=True,
)


def point_formset(plan, data=None) -> BasePointFormSet:
    measures = measure_choices(plan)
    # One list for every row's select, so the rows do not each query the measures.
    return PointFormSet(data, prefix="points", form_kwargs={"measures": measures})


class HandlingForm(forms.ModelForm):
    class Meta:
        model = ConsultationResponse
        fields = ["exempt", "exemption_basis"]
        help_texts = {
            "exemption_basis": _("Required when exempt, e.g. offentleglova § 13 første ledd, jf. forvaltningsloven § 13."),
        }

    def clean(self):
        data = super().clean()
        if data.get("exempt") and not (data.get("exemption_basis") or "").strip():
            self.add_error("exemption_basis", _("Give the legal basis for the exemption."))
        if not data.get("exempt"):
            data["exemption_basis"] = ""
        return data


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = ResponsePoint
        fields = ["follow_up", "measure"]
        widgets = {"follow_up": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"measure": MeasureField}

    def __init__(self, *args, measures=None, **kwargs):
        super().__init__(*args, **kwargs)
        if measures is not None:
            self.fields["measure"].queryset = measures


class BaseFollowUpFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        # A row whose id is not one of this response's points (a tampered id) gets an unsaved instance.
        if any(form.instance.pk is None for form in self.forms):
            raise ValidationError(_("The points do not match the response. Open the page again."), code="tampered")


FollowUpFormSet = forms.modelformset_factory(
    ResponsePoint, form=FollowUpForm, formset=BaseFollowUpFormSet, extra=0, max_num=MAX_POINTS, absolute_max=MAX_POINTS
)
