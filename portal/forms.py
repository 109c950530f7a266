from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.dashboard import DashboardFilterForm


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


class ProfileForm(forms.Form):
    """Min side › Profil: the name others see, and the language of pages and e-mails."""

    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("Shown to others in meetings, proposals and action points."),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        help_text=_("The portal's pages and the e-mails you get are in this language."),
    )


class ReportRequestForm(DashboardFilterForm):
    """The reports page: a Næringsrapport for a period and one or all of the served municipalities, in bokmål or
    English. The period and municipality are the dashboard's own fields and choices."""

    language = forms.ChoiceField(
        label=_("Language of the report"), choices=settings.LANGUAGES, widget=forms.RadioSelect, initial=settings.LANGUAGE_CODE
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["periode"].required = True
