from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from businesses.models import (
    Business,
    BusinessRepresentative,
    IndustryCode,
    Municipality,
    MunicipalityRenumbering,
    OrganisationForm,
    Tag,
)


@admin.register(Business)
class BusinessAdmin(admin.ModelAdmin):
    list_display = ["orgnr", "name", "organisation_form", "municipality", "employees", "bankrupt", "deleted"]
    list_filter = ["municipality", "organisation_form", "bankrupt", "under_liquidation"]
    search_fields = ["orgnr", "name"]
    list_select_related = ["municipality", "organisation_form"]


class LookupField(forms.ModelChoiceField):
    """A choice typed as text, looked up as the registry and the user table store it: no spaces, lower case
    (an organisation number written "925 321 141", an e-mail address with capitals)."""

    def to_python(self, value):
        return super().to_python("".join(str(value or "").split()).lower())


class BusinessRepresentativeForm(forms.ModelForm):
    # Typed by organisation number and e-mail: the autocomplete widget leaves its text box without
    # an accessible name (axe: aria-input-field-name), and these are what an officer has at hand.
    business = LookupField(
        Business.objects.all(),
        to_field_name="orgnr",
        label=_("Organisation number"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"invalid_choice": _("No business with this organisation number is in the registry.")},
    )
    user = LookupField(
        get_user_model().objects.all(),
        to_field_name="email",
        label=_("E-mail address of the user"),
        widget=forms.EmailInput,
        error_messages={"invalid_choice": _("No user has this e-mail address.")},
    )

    class Meta:
        model = BusinessRepresentative
        fields = ["business", "user", "title"]


@admin.register(BusinessRepresentative)
class BusinessRepresentativeAdmin(admin.ModelAdmin):
    form = BusinessRepresentativeForm
    list_display = ["business", "user", "title", "created"]
    list_select_related = ["business", "user"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "county_name"]
    search_fields = ["number", "name"]


admin.site.register(MunicipalityRenumbering)
admin.site.register(OrganisationForm)


@admin.register(IndustryCode)
class IndustryCodeAdmin(admin.ModelAdmin):
    list_display = ["version", "code", "name", "level"]
    list_filter = ["version", "level"]
    search_fields = ["code", "name"]


# --- CRM ---
# Only the tags: contacts, notes and the rest of the CRM are personal data kept in the portal's own pages, where
# every change is logged without the data (the admin's history would keep a contact's name in its log).


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    """Rename or remove a tag; which businesses carry it is set on each business's page."""

    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    fields = ["name", "kind"]
