"""Forms of the officers' CRM. Choices (contacts, officers, tags) are limited to what may be chosen, so a
tampered id is a form error, never a row of another business."""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from businesses.forms.fields import BusinessesField
from businesses.models import Contact, FollowUp, Interaction, RedFlag, Tag
from businesses.queries import crm_team


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TeamMemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.name or user.email


class TeamMembersField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.name or user.email


def default_retention() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=settings.CONTACT_RETENTION_DAYS)


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "role", "email", "phone", "lawful_basis", "retain_until", "notes"]
        widgets = {"retain_until": DateInput(), "notes": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "retain_until": _("The contact is deleted automatically after this date. Keep it no longer than needed."),
            "notes": _("Only the business team sees the notes. Write what the work needs, nothing more."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields["retain_until"].initial = default_retention()
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.fields["phone"].widget.attrs["autocomplete"] = "off"

    def clean_retain_until(self):
        value = self.cleaned_data["retain_until"]
        if value <= timezone.localdate():
            raise ValidationError(_("The date must be in the future."))
        return value


class InteractionForm(forms.Form):
    """Log an interaction with a business (the one on whose page it is), and optionally the follow-up it calls
    for, in one submit. With ``instance`` it edits an interaction: its businesses instead of "other businesses",
    and no follow-up."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Interaction.Kind.choices)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    subject = forms.CharField(label=_("Subject"), max_length=200)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    contacts = forms.ModelMultipleChoiceField(
        label=_("Contacts who took part"),
        queryset=Contact.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    participants = TeamMembersField(
        label=_("Colleagues who took part"),
        queryset=crm_team(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_businesses = BusinessesField(label=_("Other businesses concerned (organisation numbers)"))
    follow_up_title = forms.CharField(
        label=_("Follow-up: what to do"),
        max_length=200,
        required=False,
        help_text=_("Leave empty if nothing needs following up."),
    )
    follow_up_due = forms.DateField(label=_("Follow-up: due"), required=False, widget=DateInput())
    follow_up_owner = TeamMemberChoiceField(
        label=_("Follow-up: responsible"), queryset=crm_team(), required=False, empty_label=_("Me")
    )

    def __init__(self, *args, business=None, instance: Interaction | None = None, user=None, **kwargs):
        kwargs.setdefault("prefix", "interaction")
        self.business = business
        self.instance = instance
        self.user = user
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "kind": instance.kind,
                    "date": instance.date,
                    "subject": instance.subject,
                    "notes": instance.notes,
                    "contacts": [c.pk for c in instance.contacts.all()],
                    "participants": [u.pk for u in instance.participants.all()],
                    "businesses": instance.businesses.all(),
                },
            )
        else:
            kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        if instance is not None:
            for name in ("other_businesses", "follow_up_title", "follow_up_due", "follow_up_owner"):
                del self.fields[name]
            self.fields["businesses"] = BusinessesField(required=True)
            self.order_fields(["kind", "date", "subject", "notes", "businesses", "contacts", "participants"])
            self.fields["contacts"].queryset = Contact.objects.filter(business__in=instance.businesses.all())
            self.fields["contacts"].help_text = _("Among the contacts of the businesses concerned.")
        else:
            self.fields["contacts"].queryset = business.contacts.all()
            self.fields["contacts"].help_text = _("The business's contacts. Add a person as a contact first to name them here.")

    def use_choices(self, *, contacts: list, team: list) -> None:
        """Render (never validate) with choices already read, so a page showing them anyway queries them once."""
        label = self.fields["participants"].label_from_instance
        self.fields["contacts"].choices = [(c.pk, c.name) for c in contacts]
        self.fields["participants"].choices = [(u.pk, label(u)) for u in team]
        self.fields["follow_up_owner"].choices = [("", self.fields["follow_up_owner"].empty_label)] + [
            (u.pk, label(u)) for u in team
        ]

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future: log an interaction after it took place."))
        return value

    def clean_follow_up_due(self):
        value = self.cleaned_data.get("follow_up_due")
        if value and value < timezone.localdate():
            raise ValidationError(_("The due date cannot be in the past."))
        return value

    def clean(self):
        data = super().clean()
        if self.instance is not None:
            businesses = data.get("businesses")
            contacts = data.get("contacts")
            if businesses is not None and contacts:
                orgnrs = {b.pk for b in businesses}
                if any(c.business_id not in orgnrs for c in contacts):
                    self.add_error("contacts", _("A contact chosen works for a business that is no longer concerned."))
            return data
        if data.get("follow_up_title") and not data.get("follow_up_due") and "follow_up_due" not in self.errors:
            self.add_error("follow_up_due", _("Give the follow-up a due date."))
        if not data.get("follow_up_title") and data.get("follow_up_due"):
            self.add_error("follow_up_title", _("Say what is to be done, or remove the due date."))
        return data

    def follow_up(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("follow_up_title"):
            return None
        return {"title": data["follow_up_title"], "due": data["follow_up_due"], "owner": data["follow_up_owner"] or self.user}


class FollowUpForm(forms.ModelForm):
    owner = TeamMemberChoiceField(label=_("Responsible"), queryset=crm_team())

    class Meta:
        model = FollowUp
        fields = ["title", "notes", "owner", "due"]
        widgets = {"due": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields["owner"].initial = user.pk if user else None
            self.fields["due"].initial = timezone.localdate() + datetime.timedelta(days=7)

    def clean_due(self):
        value = self.cleaned_data["due"]
        if "due" in self.changed_data and value < timezone.localdate():
            raise ValidationError(_("The due date cannot be in the past."))
        return value


class FollowUpStateForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("done", _("Done")), ("cancelled", _("Cancelled")), ("reopen", pgettext_lazy("follow-up", "Reopen"))]
    )


class RedFlagForm(forms.ModelForm):
    class Meta:
        model = RedFlag
        fields = ["category", "severity", "description", "referred_to"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"referred_to": _("Who in the municipality or elsewhere has been asked to act, if anyone.")}


class RedFlagResolveForm(forms.Form):
    resolution = forms.CharField(label=_("How it was resolved"), widget=forms.Textarea(attrs={"rows": 4}))


class TagsForm(forms.Form):
    tags = forms.ModelMultipleChoiceField(
        label=_("Tags"), queryset=Tag.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    new_kind = forms.ChoiceField(label=_("New tag: kind"), choices=Tag.Kind.choices, initial=Tag.Kind.SEGMENT)
    new_name = forms.CharField(
        label=_("New tag: name"), max_length=100, required=False, help_text=_("Leave empty to add no new tag.")
    )

    def __init__(self, *args, business=None, **kwargs):
        kwargs.setdefault("prefix", "tags")
        if business is not None and not args and "data" not in kwargs:
            kwargs.setdefault("initial", {"tags": [t.pk for t in business.tags.all()]})
        super().__init__(*args, **kwargs)

    def use_choices(self, tags: list) -> None:
        """Render (never validate) with the tags already read."""
        self.fields["tags"].choices = [(tag.pk, tag.name) for tag in tags]

    def new_tag(self) -> tuple[str, str] | None:
        name = self.cleaned_data.get("new_name", "").strip()
        return (self.cleaned_data["new_kind"], name) if name else None
