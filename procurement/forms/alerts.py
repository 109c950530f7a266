"""Forms of procurement's alerts: a subscription, with CPV suggestions from the business's industry."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from businesses.models import Business
from procurement.models import AlertSubscription
from procurement.services import cpv
from procurement.services.alerts import SubscriptionData, parse_codes, parse_keywords, suggested_codes


def cpv_label(code: str, labels: dict) -> str:
    entry = labels.get(code)
    return f"{code} {entry.name}" if entry else code


class SubscriptionForm(forms.Form):
    """A subscription. The business is chosen among those the user represents, or, for the team, given by
    organisation number. CPV codes are typed and/or ticked among the suggestions for the business."""

    name = forms.CharField(label=_("Name of the alert"), max_length=200, required=False)
    business = forms.ModelChoiceField(
        label=_("For the business"),
        queryset=Business.objects.none(),
        required=False,
        empty_label=_("None (for myself)"),
        help_text=_("Choose a business to get suggestions from its industry."),
    )
    business_orgnr = forms.CharField(
        label=_("For the business (organisation number)"),
        max_length=11,
        required=False,
        help_text=_("Nine digits. Leave empty to set up an alert for yourself."),
    )
    email = forms.EmailField(
        label=_("Send to e-mail"),
        required=False,
        help_text=_("Leave empty to use the business's e-mail address, or your own."),
    )
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=settings.LANGUAGES)
    suggested = forms.MultipleChoiceField(
        label=_("Suggested CPV codes"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("From the business's industry codes (a coarse mapping). Tick those you want."),
    )
    codes = forms.CharField(
        label=_("CPV codes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Eight digits each, separated by spaces, commas or new lines. A code includes everything under it. "
            "Leave empty (with no suggestions ticked) for all codes."
        ),
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Separated by commas or new lines; an item matches if its heading or description has any of them."),
    )
    min_value = forms.DecimalField(label=_("Value from (NOK)"), required=False, min_value=0, max_digits=16, decimal_places=2)
    max_value = forms.DecimalField(label=_("Value to (NOK)"), required=False, min_value=0, max_digits=16, decimal_places=2)
    kinds = forms.MultipleChoiceField(
        label=_("Alert me about"),
        choices=[
            ("notices", _("Notices")),
            ("plans", _("Planned procurements")),
            ("dialogues", pgettext_lazy("plural", "Market dialogues")),
        ],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind.")},
    )
    frequency = forms.ChoiceField(label=_("How often"), choices=AlertSubscription.Frequency.choices, widget=forms.RadioSelect)

    def __init__(self, *args, user, team: bool, instance: AlertSubscription | None = None, **kwargs):
        self.user = user
        self.team = team
        self.instance = instance
        initial = kwargs.pop("initial", None) or {}
        represented = Business.objects.filter(representatives__user=user).order_by("name")
        if instance is not None:
            initial = {
                "name": instance.name,
                "business": instance.business_id,
                "business_orgnr": instance.business.orgnr if instance.business else "",
                "email": instance.email,
                "language": instance.language,
                "codes": "\n".join(instance.cpv.order_by("code").values_list("code", flat=True)),
                "keywords": instance.keywords,
                "min_value": instance.min_value,
                "max_value": instance.max_value,
                "kinds": [
                    kind
                    for kind, on in (
                        ("notices", instance.include_notices),
                        ("plans", instance.include_plans),
                        ("dialogues", instance.include_dialogues),
                    )
                    if on
                ],
                "frequency": instance.frequency,
                **initial,
            }
        else:
            first = represented.first()
            initial = {
                "language": getattr(user, "language", "") or settings.LANGUAGE_CODE,
                "kinds": ["notices", "plans", "dialogues"],
                "frequency": AlertSubscription.Frequency.INSTANT,
                "business": first.pk if first and not team else None,
                **initial,
            }
        super().__init__(*args, initial=initial, **kwargs)
        if team:
            del self.fields["business"]
        else:
            del self.fields["business_orgnr"]
            self.fields["business"].queryset = represented
            if not represented.exists():
                del self.fields["business"]
            self.fields["email"].help_text = _("Leave empty to use your own e-mail address.")
        self.suggestion_business = self._chosen_business()
        codes = suggested_codes(self.suggestion_business)
        if codes:
            labels = cpv.labels(codes)
            self.fields["suggested"].choices = [(code, cpv_label(code, labels)) for code in codes]
            if instance is None and not self.is_bound:
                self.initial["suggested"] = codes  # a new alert starts from the suggestions
            elif instance is not None and not self.is_bound:
                mine = set(self.initial["codes"].split())
                self.initial["suggested"] = [code for code in codes if code in mine]
                self.initial["codes"] = "\n".join(code for code in self.initial["codes"].split() if code not in codes)
        else:
            del self.fields["suggested"]

    def _chosen_business(self) -> Business | None:
        """The business whose industry the suggestions come from: as submitted, else as initially set."""
        if self.team:
            raw = self.data.get("business_orgnr") if self.is_bound else self.initial.get("business_orgnr")
            digits = "".join(ch for ch in str(raw or "") if ch.isdigit())
            return Business.objects.filter(orgnr=digits).first() if len(digits) == 9 else None
        if "business" not in self.fields:
            return None
        raw = self.data.get("business") if self.is_bound else self.initial.get("business")
        try:
            return self.fields["business"].queryset.filter(pk=int(raw)).first() if raw else None
        except (TypeError, ValueError):
            return None

    def clean_business_orgnr(self):
        raw = self.cleaned_data.get("business_orgnr", "")
        digits = "".join(ch for ch in raw if ch.isdigit())
        if not raw.strip():
            return None
        if len(digits) != 9:
            raise ValidationError(_("An organisation number has nine digits."))
        business = Business.objects.filter(orgnr=digits).first()
        if business is None:
            raise ValidationError(
                _("No business with organisation number %(orgnr)s is in the registry."), params={"orgnr": digits}
            )
        return business

    def clean_codes(self):
        try:
            return parse_codes(self.cleaned_data.get("codes", ""))
        except cpv.UnknownCpvCodes as error:
            raise ValidationError(
                _("Unknown CPV code: %(codes)s."), params={"codes": ", ".join(error.codes)}, code="unknown_cpv"
            ) from None

    def clean_keywords(self):
        text = self.cleaned_data.get("keywords", "")
        if len(parse_keywords(text)) > 50:
            raise ValidationError(_("At most 50 keywords."))
        return text.strip()

    def clean(self):
        data = super().clean()
        low, high = data.get("min_value"), data.get("max_value")
        if low is not None and high is not None and low > high:
            self.add_error("max_value", _("The value to must be at least the value from."))
        codes = list(data.get("codes") or []) + [c for c in data.get("suggested") or [] if c not in (data.get("codes") or [])]
        if len(codes) > 50:
            self.add_error("codes", _("At most 50 CPV codes."))
        data["all_codes"] = codes
        business = data.get("business_orgnr") if self.team else None
        if business is not None and not data.get("email") and not business.email and "email" not in self.errors:
            # The team's alert for a business goes to the business, never silently to the officer.
            self.add_error("email", _("The business has no e-mail address in the registry: enter the address to send to."))
        return data

    def business_value(self) -> Business | None:
        return self.cleaned_data.get("business_orgnr") if self.team else self.cleaned_data.get("business")

    def subscription_data(self) -> SubscriptionData:
        data = self.cleaned_data
        business = self.business_value()
        email = data.get("email") or (business.email if self.team and business and business.email else "") or self.user.email
        kinds = set(data["kinds"])
        return SubscriptionData(
            email=email,
            language=data["language"],
            name=data.get("name", ""),
            business=business,
            codes=tuple(data["all_codes"]),
            keywords=data.get("keywords", ""),
            min_value=data.get("min_value"),
            max_value=data.get("max_value"),
            include_notices="notices" in kinds,
            include_plans="plans" in kinds,
            include_dialogues="dialogues" in kinds,
            frequency=data["frequency"],
        )
