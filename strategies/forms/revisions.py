"""The form of the comparison page: which other revision of the lineage to compare with."""

from django import forms
from django.utils.translation import gettext_lazy as _


class RevisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, plan):
        decided = f", {plan.decided_on.year}" if plan.decided_on else ""
        return _("Revision %(version)s (%(state)s%(decided)s)") % {
            "version": plan.version,
            "state": plan.get_state_display().lower(),
            "decided": decided,
        }


class CompareForm(forms.Form):
    """``med``: another revision among ``revisions`` (the lineage's revisions the user may see, this one left out)."""

    med = RevisionChoiceField(
        label=_("Compare with"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Choose another revision of this plan.")},
    )

    def __init__(self, *args, revisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["med"].queryset = revisions
