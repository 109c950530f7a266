"""Forms of the procurement plan: a plan, a planned procurement, and the spreadsheet import."""

from django import forms
from django.core.validators import RegexValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from stdnum.no import orgnr as orgnr_check

from portal.sheets import SheetError
from procurement.models import PlannedProcurement, ProcurementPlan
from procurement.services import cpv
from procurement.services.plans import DOFFIN_ID_PATTERN, MAX_FILE_SIZE, MAX_ROWS, parse_cpv_codes, read_items_sheet

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProcurementPlanForm(forms.ModelForm):
    # Longer than the nine digits: "935 478 715" is accepted and stored without the spaces.
    buyer_orgnr = forms.CharField(label=_("buyer's organisation number"), max_length=20, required=False)

    class Meta:
        model = ProcurementPlan
        fields = ["title", "buyer_name", "buyer_orgnr", "year", "introduction"]
        help_texts = {
            "title": _("E.g. Anskaffelsesplan 2027."),
            "buyer_orgnr": _("Nine digits, e.g. 935478715."),
        }

    def clean_buyer_orgnr(self):
        orgnr = "".join(self.cleaned_data["buyer_orgnr"].split())
        if orgnr and not orgnr_check.is_valid(orgnr):
            raise forms.ValidationError(_("%(value)s is not a valid organisation number."), params={"value": orgnr})
        return orgnr

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Give a year between 2000 and 2100."))
        return year


class CpvCodesField(forms.CharField):
    """CPV codes as a list: separated by commas, spaces or new lines, with or without check digit. Cleans to the
    normalised codes; an unknown code is an error that names it."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        try:
            return parse_cpv_codes(text)
        except cpv.UnknownCpvCodes as error:
            raise forms.ValidationError(
                _("Unknown CPV code(s): %(codes)s. Give 8-digit codes from the CPV list, e.g. 90910000."),
                code="unknown_cpv",
                params={"codes": ", ".join(error.codes)},
            ) from error

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")


class PlannedProcurementForm(forms.ModelForm):
    cpv_codes = CpvCodesField(
        label=_("CPV codes"),
        help_text=_("One or more 8-digit codes, separated by commas, spaces or new lines; the check digit (-5) may be left out."),
    )
    doffin_id = forms.CharField(
        label=_("Doffin id"),
        required=False,
        max_length=20,
        validators=[RegexValidator(DOFFIN_ID_PATTERN, _("A Doffin id looks like 2026-112546."))],
        help_text=_(
            "Once announced: the notice's id on Doffin, e.g. 2026-112546. The item links to the notice when it is imported."
        ),
    )

    class Meta:
        model = PlannedProcurement
        fields = [
            "title",
            "description",
            "cpv_codes",
            "estimated_value",
            "planned_announcement",
            "contact_name",
            "contact_email",
            "market_dialogue_planned",
            "state",
            "doffin_id",
        ]
        widgets = {"planned_announcement": DATE, "description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "title": _("What is to be bought, in a few words."),
            "planned_announcement": _("When the competition is expected to be announced on Doffin."),
            "contact_name": _("A unit or a person at the municipality, e.g. Innkjøpsavdelingen."),
        }

    def clean_doffin_id(self):
        return self.cleaned_data["doffin_id"].strip()

    def clean_estimated_value(self):
        value = self.cleaned_data["estimated_value"]
        if value is not None and (value < 0 or value != value.to_integral_value()):
            raise forms.ValidationError(_("Give the value in whole kroner, 0 or more."))
        return value


class ItemImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "An Excel workbook (.xlsx) or a CSV file with the columns of the export, at most %(size)s and %(rows)s rows."
        ) % {"size": filesizeformat(MAX_FILE_SIZE), "rows": MAX_ROWS}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.sheet = read_items_sheet(upload)
        except SheetError as error:
            raise forms.ValidationError(str(error), code="sheet") from error
        return upload
