"""Forms of plans and their structure."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _
from stdnum.no import orgnr as orgnr_check

from businesses.forms.fields import BusinessesField
from businesses.models import Municipality
from meetings.queries import visible_meetings
from meetings.timeline import visible_action_points
from strategies.models import FocusArea, Goal, Measure, Milestone, Plan
from strategies.services.rollup import children_of, plan_item, zero_weight_levels

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(forms.ModelForm):
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Member municipalities"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        help_text=_("For a region: the municipalities it consists of."),
    )

    class Meta:
        model = Plan
        fields = [
            "title",
            "owner_kind",
            "owner_name",
            "municipalities",
            "start_year",
            "end_year",
            "summary",
            "decided_by",
            "decided_on",
            "case_number",
        ]
        widgets = {"decided_on": DATE}

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The period must end in or after the year it starts."))
        return data


class AdoptForm(forms.Form):
    """The adopting decision: all three are required."""

    decided_by = forms.CharField(label=_("Adopted by"), max_length=200, help_text=_("E.g. Kommunestyret, Regionrådet."))
    decided_on = forms.DateField(label=_("Adopted on"), widget=DATE)
    case_number = forms.CharField(label=_("Case number"), max_length=40, help_text=_("E.g. 18/101."))


class FocusAreaForm(forms.ModelForm):
    class Meta:
        model = FocusArea
        fields = ["title", "description", "weight"]


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["title", "description", "weight"]


class MeasureForm(forms.ModelForm):
    """A measure. Its parent, meetings and action points are chosen among what the user may see: an id
    from elsewhere is an invalid choice."""

    businesses = BusinessesField()
    comment = forms.CharField(
        label=_("Comment on the change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Saved in the measure's history when the state or progress changes."),
    )

    class Meta:
        model = Measure
        fields = [
            "code",
            "title",
            "description",
            "parent",
            "responsible_kind",
            "responsible_name",
            "responsible_orgnr",
            "reporter",
            "partners",
            "start",
            "deadline",
            "budget",
            "state",
            "progress",
            "state_reason",
            "weight",
            "businesses",
            "meetings",
            "action_points",
        ]
        widgets = {"start": DATE, "deadline": DATE, "partners": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, goal: Goal, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.goal = goal
        # Nesting is one level deep: a measure may sit under a top-level measure of the same goal.
        parents = goal.measures.filter(parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents.order_by("position", "pk")
        self.fields["parent"].help_text = _("Leave empty for a measure of its own; choose one to make this a part of it.")
        self.fields["reporter"].queryset = get_user_model().objects.filter(is_active=True).order_by("name", "email")
        self.fields["meetings"].queryset = visible_meetings(user).order_by("-starts_at")
        self.fields["meetings"].required = False
        self.fields["action_points"].queryset = (
            visible_action_points(user).select_related("meeting").order_by("-meeting__starts_at", "pk")
        )
        self.fields["action_points"].required = False
        self.fields["progress"].min_value = 0
        self.fields["progress"].validators.append(MinValueValidator(0))
        if self.instance.pk:
            self.initial.setdefault("businesses", list(self.instance.businesses.all()))

    def clean_responsible_orgnr(self):
        number = (self.cleaned_data.get("responsible_orgnr") or "").replace(" ", "")
        if number and not orgnr_check.is_valid(number):
            raise ValidationError(_("Not a valid organisation number."))
        return number

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        if parent and self.instance.pk and self.instance.children.exists():
            raise ValidationError(_("This measure has measures under it, so it cannot be put under another."))
        return parent

    def clean(self):
        data = super().clean()
        start, deadline = data.get("start"), data.get("deadline")
        if start and deadline and deadline < start:
            self.add_error("deadline", _("The deadline cannot be before the start."))
        if data.get("state") in (Measure.State.DELAYED, Measure.State.CANCELLED) and not (data.get("state_reason") or "").strip():
            self.add_error("state_reason", _("Give the reason when a measure is delayed or cancelled."))
        return data


class MeasureStatusForm(forms.Form):
    """The quick update of a measure's state and progress, with a comment for its history."""

    state = forms.ChoiceField(label=_("State"), choices=Measure.State.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, measure: Measure | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure

    def clean(self):
        data = super().clean()
        if data.get("state") in (Measure.State.DELAYED, Measure.State.CANCELLED) and not (data.get("comment") or "").strip():
            has_reason = self.measure is not None and self.measure.state_reason.strip()
            if not has_reason:
                self.add_error("comment", _("Give the reason when a measure is delayed or cancelled."))
        return data


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due", "reached_on"]
        widgets = {"due": DATE, "reached_on": DATE}


class DeleteForm(forms.Form):
    """A confirmation: nothing to fill in."""


ZERO_WEIGHTS = _(
    "The weights at this level are all 0, so the progress above them cannot be computed. Give at least one a weight above 0."
)


ZERO_WEIGHTS = _(
    "The weights at this level are all 0, so the progress above them cannot be computed. Give at least one a weight above 0."
)


class WeightsForm(forms.Form):
    """Every weight of the plan on one page. Weights that leave a level undefined (all its children 0) are
    refused with the message at those fields."""

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.structure = structure
        self.rows = []  # (depth, kind, object, field name) in the order of the plan
        for area in structure:
            self._add("focus_area", area, 0, _("Focus area: %(title)s") % {"title": area.title})
            for goal in area.goals.all():
                self._add("goal", goal, 1, _("Goal: %(title)s") % {"title": goal.title})
                measures = list(goal.measures.all())
                for measure in (m for m in measures if m.parent_id is None):
                    self._add("measure", measure, 2, _("Measure: %(title)s") % {"title": measure})
                    for child in (m for m in measures if m.parent_id == measure.pk):
                        self._add("measure", child, 3, _("Measure: %(title)s") % {"title": child})

    def _add(self, kind: str, obj, depth: int, label: str) -> None:
        name = f"{kind}-{obj.pk}"
        self.fields[name] = forms.DecimalField(
            label=label, initial=obj.weight, min_value=0, max_value=1000, max_digits=7, decimal_places=2
        )
        self.rows.append((depth, kind, obj, name))

    def field_rows(self):
        """(depth, bound field) in the order of the plan, for the template."""
        return [(depth, self[name]) for depth, _kind, _obj, name in self.rows]

    def weights(self) -> dict[tuple[str, int], Decimal]:
        return {(kind, obj.pk): self.cleaned_data[name] for _depth, kind, obj, name in self.rows}

    def clean(self):
        data = super().clean()
        if self.errors:
            return data

        root = plan_item(self.structure, self.weights())
        children = children_of(root)
        for key in zero_weight_levels(root):
            for child in children[key]:
                self.add_error(
                    f"{child.key[0]}-{child.key[1]}",
                    ZERO_WEIGHTS,
                )
        return data
