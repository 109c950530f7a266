"""The enquiry form, and the officers' forms on an enquiry (answer, assign) and the sender's reply."""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from stdnum.no import orgnr as orgnr_check

from businesses.models import Business, Enquiry, Topic
from businesses.queries import businesses_represented_by, enquiry_handlers
from portal.uploads import check_document

MAX_ATTACHMENTS = 3
MAX_MESSAGE_LENGTH = 5000

# Stored with each enquiry exactly as the sender saw it (in the sender's language).
CONSENT_TEXT = _(
    "The municipality uses what you write here, and your contact details, to answer your enquiry and to follow "
    "up the business's contact with the municipality. This is part of the municipality's public task of "
    "developing local business (GDPR article 6(1)(e)). Only the business team and the people they pass the "
    "enquiry on to read it. The enquiry and the answers are kept for three years after the enquiry is closed, "
    "and then deleted, unless the Archives Act requires the municipality to keep them. You may ask to see, "
    "correct or delete your information."
)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none were chosen)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(file, initial) for file in files if file]


class EnquiryForm(forms.Form):
    topic = forms.ChoiceField(label=_("What is your enquiry about?"), choices=Topic.choices, widget=forms.RadioSelect)
    business = forms.ModelChoiceField(
        label=_("Your business"),
        queryset=Business.objects.none(),
        required=False,
        empty_label=_("Another business, or none"),
    )
    orgnr = forms.CharField(
        label=_("Organisation number"),
        required=False,
        max_length=20,
        help_text=_("Nine digits, e.g. 925 321 141. Leave it empty if the business is not registered yet."),
    )
    organisation = forms.CharField(
        label=_("Business or planned business"),
        required=False,
        max_length=200,
        help_text=_("If you have no organisation number: the name, or a few words about what you plan."),
    )
    name = forms.CharField(label=_("Your name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send the receipt and the answer here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"), required=False, max_length=30, widget=forms.TextInput(attrs={"autocomplete": "tel"})
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    attachments = MultipleFileField(label=_("Attachments (optional)"), required=False)
    consent = forms.BooleanField(
        label=_("I have read how the municipality uses my information."),
        help_text=CONSENT_TEXT,
        error_messages={"required": _("Tick the box to send the enquiry.")},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].help_text = _("Tell us what you need help with. At most %(count)s characters.") % {
            "count": MAX_MESSAGE_LENGTH
        }
        self.fields["attachments"].help_text = _(
            "At most %(count)s files of at most %(size)s each: PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG."
        ) % {"count": MAX_ATTACHMENTS, "size": filesizeformat(settings.ENQUIRY_MAX_ATTACHMENT_SIZE)}
        represented = businesses_represented_by(user) if user is not None else Business.objects.none()
        if user is not None and user.is_authenticated and represented.exists():
            self.fields["business"].queryset = represented.order_by("name")
        else:
            del self.fields["business"]

    def clean_orgnr(self):
        digits = re.sub(r"\s", "", self.cleaned_data["orgnr"])
        if not digits:
            return None
        if not orgnr_check.is_valid(digits):
            raise ValidationError(_("Not a valid organisation number. It has nine digits; check them again."), code="invalid")
        business = Business.objects.filter(orgnr=digits).first()
        if business is None:
            raise ValidationError(
                _("%(orgnr)s is not in the registry. Check the number, or leave it empty and describe the business.")
                % {"orgnr": digits},
                code="unknown",
            )
        return business

    def clean_message(self):
        return self.cleaned_data["message"].strip()

    def clean_attachments(self):
        uploads = self.cleaned_data["attachments"]
        if len(uploads) > MAX_ATTACHMENTS:
            raise ValidationError(_("Attach at most %(count)s files.") % {"count": MAX_ATTACHMENTS}, code="too_many")
        errors = []
        for upload in uploads:
            try:
                check_document(upload, max_size=settings.ENQUIRY_MAX_ATTACHMENT_SIZE)
            except ValidationError as error:
                errors.extend(f"{upload.name}: {message}" for message in error.messages)
        if errors:
            raise ValidationError(errors)
        return uploads

    def clean(self):
        data = super().clean()
        picked, typed = data.get("business"), data.get("orgnr")
        if picked and typed and picked != typed:
            self.add_error("orgnr", _("Choose your business above, or write another organisation number, not both."))
        data["the_business"] = picked or typed
        return data


class AnswerForm(forms.Form):
    prefix = "answer"
    body = forms.CharField(
        label=_("Answer"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Sent by e-mail to the sender from the portal, and kept with the enquiry."),
    )


class AssignForm(forms.Form):
    prefix = "assign"
    adviser = forms.ModelChoiceField(label=_("Adviser"), queryset=Enquiry.objects.none(), empty_label=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adviser"].queryset = enquiry_handlers()


class ReplyForm(forms.Form):
    prefix = "reply"
    body = forms.CharField(
        label=_("Your message"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Add information or ask a follow-up question. The adviser is told by e-mail."),
    )
