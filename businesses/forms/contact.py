"""Forms of the contact point: a catalogue entry, an adviser's profile, the routing table."""

from django import forms
from django.utils.translation import gettext_lazy as _

from businesses.models import AdviserProfile, CatalogueEntry, IndustryCode, Topic
from businesses.services.contact import officers


def sector_choices() -> list[tuple[str, str]]:
    """The SN2025 sections (letters), the sectors a catalogue entry can be meant for."""
    codes = IndustryCode.objects.filter(version=IndustryCode.Version.SN2025, level=1).order_by("code")
    return [(code, f"{code} – {name}") for code, name in codes.values_list("code", "name")]


class CatalogueEntryForm(forms.ModelForm):
    sector = forms.ChoiceField(
        label=_("Sector"),
        required=False,
        help_text=_("Leave it empty when the offer is for every sector."),
    )

    class Meta:
        model = CatalogueEntry
        fields = ["title", "summary", "description", "topic", "provider", "audience", "stage", "sector", "url", "published"]
        help_texts = {
            "summary": _("One or two sentences shown in the list."),
            "url": _("Where to read more or apply, e.g. https://www.innovasjonnorge.no."),
            "published": _("Only published entries are shown to the public."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", _("Every sector")), *sector_choices()]

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_summary(self):
        return self.cleaned_data["summary"].strip()


class AdviserProfileForm(forms.ModelForm):
    class Meta:
        model = AdviserProfile
        fields = ["job_title", "areas", "languages", "phone", "public_email", "listed", "position"]
        help_texts = {"position": _("The team is listed by this number, lowest first.")}
        widgets = {"areas": forms.Textarea(attrs={"rows": 3})}


class RoutingForm(forms.Form):
    """One select per topic, each choosing among the business officers (empty: no route)."""

    def __init__(self, *args, routes: dict[str, int], **kwargs):
        """``routes``: the current routing table, {topic: adviser id}."""
        super().__init__(*args, **kwargs)
        # One query for every select: the same officers are offered for each topic.
        self.advisers = {str(user.pk): user for user in officers()}
        choices = [("", _("No one: the first adviser on the contact point")), *((pk, str(u)) for pk, u in self.advisers.items())]
        for topic, label in Topic.choices:
            self.fields[topic] = forms.ChoiceField(label=label, choices=choices, required=False)
            self.initial.setdefault(topic, str(routes[topic]) if topic in routes else "")

    def clean(self):
        cleaned = super().clean()
        return {topic: self.advisers.get(cleaned.get(topic) or "") for topic in Topic.values if topic in cleaned}
