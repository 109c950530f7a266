"""Forms for indicators and their values."""

from django import forms
from django.utils.translation import gettext_lazy as _

from strategies.models import Indicator, IndicatorValue


def sector_choices() -> list[tuple[str, str]]:
    """The SN2025 sections (level 1: one letter) for "employees in a sector"."""
    from businesses.models import IndustryCode

    sections = IndustryCode.objects.filter(version=IndustryCode.Version.SN2025, level=1).order_by("code")
    return [("", _("No sector"))] + [(code.code, f"{code.code} {code.name}") for code in sections]


class IndicatorForm(forms.ModelForm):
    source_sector = forms.ChoiceField(
        label=_("Sector"),
        required=False,
        help_text=_("Only for employees in a sector: the SN2025 section."),
    )

    class Meta:
        model = Indicator
        fields = [
            "name",
            "description",
            "unit",
            "baseline",
            "baseline_year",
            "target",
            "target_year",
            "source",
            "source_sector",
            "position",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        # Numbers as people write them: "12 500,5" in bokmål.
        localized_fields = ["baseline", "target"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_sector"].choices = sector_choices()
        for name in ("baseline_year", "target_year"):
            self.fields[name].widget.attrs.update({"min": 2000, "max": 2100})

    def clean_baseline_year(self):
        return self._year("baseline_year")

    def clean_target_year(self):
        return self._year("target_year")

    def _year(self, name):
        year = self.cleaned_data.get(name)
        if year is not None and not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Give a year between 2000 and 2100."))
        return year

    def clean(self):
        data = super().clean()
        source, sector = data.get("source"), data.get("source_sector") or ""
        if source == Indicator.Source.SECTOR_EMPLOYEES and not sector:
            self.add_error("source_sector", _("Choose the sector whose employees are counted."))
        elif source and source != Indicator.Source.SECTOR_EMPLOYEES and sector:
            self.add_error("source_sector", _("A sector belongs only to employees in a sector."))
        baseline_year, target_year = data.get("baseline_year"), data.get("target_year")
        if baseline_year and target_year and target_year < baseline_year:
            self.add_error("target_year", _("The target year cannot be before the baseline year."))
        if data.get("baseline") is not None and not baseline_year:
            self.add_error("baseline_year", _("Give the year of the baseline."))
        if data.get("target") is not None and not target_year:
            self.add_error("target_year", _("Give the year the target is to be reached."))
        return data


class IndicatorValueForm(forms.ModelForm):
    class Meta:
        model = IndicatorValue
        fields = ["period_end", "value", "comment"]
        widgets = {
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "comment": forms.Textarea(attrs={"rows": 3}),
        }
        localized_fields = ["value"]
        help_texts = {"period_end": _("The last day of the period the value describes; a year ends on 31 December.")}

    def __init__(self, *args, indicator, **kwargs):
        self.indicator = indicator
        super().__init__(*args, **kwargs)

    def clean_period_end(self):
        period_end = self.cleaned_data["period_end"]
        taken = IndicatorValue.objects.filter(indicator=self.indicator, period_end=period_end)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("This indicator already has a value for this period. Change that value instead."))
        return period_end
