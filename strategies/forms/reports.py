"""The spreadsheet import's form: the file, read and checked as a whole (its columns) before any row loads."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from strategies.services.spreadsheet import MAX_FILE_SIZE, MAX_ROWS, SheetError, read_sheet


class MeasureImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "An Excel workbook (.xlsx) or a CSV file with the columns of the export, at most %(size)s and %(rows)s rows. "
            "Measures are found by their number; focus areas and goals by their title."
        ) % {"size": filesizeformat(MAX_FILE_SIZE), "rows": MAX_ROWS}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.sheet = read_sheet(upload)
        except SheetError as error:
            raise forms.ValidationError(str(error), code="sheet") from error
        return upload
