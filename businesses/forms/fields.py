"""Forms of the business registry, and fields other apps' forms use to refer to businesses."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.no import orgnr as orgnr_check

from businesses.models import Business


class BusinessesField(forms.CharField):
    """Organisation numbers separated by commas; each must be a business in the registry."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Businesses concerned (organisation numbers)"))
        kwargs.setdefault("help_text", _("Separate several with commas, e.g. 925321141, 812844822."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple) or hasattr(value, "all"):
            items = value.all() if hasattr(value, "all") else value
            return ", ".join(getattr(b, "orgnr", str(b)) for b in items)
        return value

    def clean(self, value):
        text = super().clean(value) or ""
        numbers = [re.sub(r"\s", "", part) for part in text.split(",") if part.strip()]
        bad = [n for n in numbers if not orgnr_check.is_valid(n)]
        if bad:
            raise ValidationError(_("Not a valid organisation number: %(numbers)s") % {"numbers": ", ".join(bad)})
        businesses = list(Business.objects.filter(orgnr__in=numbers))
        missing = sorted(set(numbers) - {b.orgnr for b in businesses})
        if missing:
            raise ValidationError(_("Not in the business registry: %(numbers)s") % {"numbers": ", ".join(missing)})
        return businesses
