"""The notice import's form: a JSON file from Doffin, read and checked as a whole before any notice loads."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from procurement.services.notices import MAX_NOTICE_FILE_SIZE, NoticeFileError, read_upload


class NoticeImportForm(forms.Form):
    file = forms.FileField(label=_("Notice file"), widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A JSON file from Doffin's search API: a saved search result, a list of notices or one notice, at most %(size)s."
        ) % {"size": filesizeformat(MAX_NOTICE_FILE_SIZE)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_NOTICE_FILE_SIZE:
            raise forms.ValidationError(
                _("The file is %(size)s; at most %(limit)s is accepted.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_NOTICE_FILE_SIZE)},
                code="too_large",
            )
        try:
            self.hits = read_upload(upload)
        except NoticeFileError as error:
            raise forms.ValidationError(str(error), code="unreadable") from error
        return upload
