"""Revisions (rullering): copying an adopted plan into a draft revision, and comparing two revisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from strategies.diff import ADDED, REMOVED, MeasureDiff, MeasureRow, Place, compare_plans
from strategies.forms.revisions import CompareForm
from strategies.models import Measure, Plan, ResponsibleKind
from strategies.queries import lineage_revisions, plan_snapshots, visible_plans
from strategies.services.revisions import RevisionError, revision_in_progress
from strategies.services.revisions import revise_plan as revise


@login_required
@require_POST
def revise_plan(request, pk: int):
    """ "Revise": copy the adopted plan into a new draft revision and go to it."""
    plan = get_object_or_404(visible_plans(request.user), pk=pk)
    if not request.user.has_perm("strategies.manage_plans"):
        raise PermissionDenied
    try:
        revision = revise(plan, by=request.user)
    except RevisionError as error:
        return render(request, "strategies/revisions/not_now.html", {"reason": str(error), "plan": plan}, status=409)
    messages.success(
        request,
        _("Revision %(version)s is created as a draft. Change what is to change, then adopt it.") % {"version": revision.version},
    )
    return redirect(revision)


@require_GET
def compare_revisions(request, pk: int):
    """Two revisions of one plan side by side: what was added, removed, reworded, moved, re-assigned or changed."""
    plan = get_object_or_404(visible_plans(request.user), pk=pk)
    others = lineage_revisions(plan, request.user).exclude(pk=plan.pk)
    if "med" in request.GET:
        form = CompareForm(request.GET, revisions=others)
    else:
        initial = {"med": plan.previous_id} if plan.previous_id else {}
        form = CompareForm(initial=initial, revisions=others)
    context = {"plan": plan, "form": form, "diff": None}
    if form.is_bound and not form.is_valid():
        return render(request, "strategies/revisions/compare.html", context, status=400)
    other = form.cleaned_data["med"] if form.is_bound else None
    if other is not None:
        old, new = sorted((plan, other), key=lambda p: p.version)
        snapshots = plan_snapshots(old, new)
        diff = compare_plans(snapshots[old.pk], snapshots[new.pk])
        context.update(old=old, new=new, diff=diff, summary=summary(diff.counts), sections=sections(diff))
    return render(request, "strategies/revisions/compare.html", context)


def summary(counts: dict[str, int]) -> list[str]:
    """The summary line's parts: "2 measures added", "1 goal renamed", ... (only what happened)."""
    texts = {
        "measures_added": lambda n: ngettext("%(count)d measure added", "%(count)d measures added", n),
        "measures_removed": lambda n: ngettext("%(count)d measure removed", "%(count)d measures removed", n),
        "measures_reworded": lambda n: ngettext("%(count)d measure reworded", "%(count)d measures reworded", n),
        "measures_moved": lambda n: ngettext("%(count)d measure moved", "%(count)d measures moved", n),
        "measures_reassigned": lambda n: ngettext("%(count)d measure re-assigned", "%(count)d measures re-assigned", n),
        "measures_deadline": lambda n: ngettext("%(count)d deadline changed", "%(count)d deadlines changed", n),
        "measures_budget": lambda n: ngettext("%(count)d budget changed", "%(count)d budgets changed", n),
        "measures_state": lambda n: ngettext("%(count)d state changed", "%(count)d states changed", n),
        "focus_areas_added": lambda n: ngettext("%(count)d focus area added", "%(count)d focus areas added", n),
        "focus_areas_removed": lambda n: ngettext("%(count)d focus area removed", "%(count)d focus areas removed", n),
        "focus_areas_renamed": lambda n: ngettext("%(count)d focus area renamed", "%(count)d focus areas renamed", n),
        "goals_added": lambda n: ngettext("%(count)d goal added", "%(count)d goals added", n),
        "goals_removed": lambda n: ngettext("%(count)d goal removed", "%(count)d goals removed", n),
        "goals_renamed": lambda n: ngettext("%(count)d goal renamed", "%(count)d goals renamed", n),
        "goals_moved": lambda n: ngettext("%(count)d goal moved", "%(count)d goals moved", n),
    }
    return [text(counts[name]) % {"count": counts[name]} for name, text in texts.items() if counts.get(name)]


KIND_LABELS = {
    "added": _lazy("Added"),
    "removed": _lazy("Removed"),
    "reworded": _lazy("Reworded"),
    "moved": _lazy("Moved"),
    "reassigned": _lazy("Re-assigned"),
    "deadline": _lazy("Deadline changed"),
    "budget": _lazy("Budget changed"),
    "state": _lazy("State changed"),
    "renamed": _lazy("Renamed"),
}


def sections(diff) -> list[dict]:
    """The diff for the page: focus areas → goals → measures, each measure with its lines for the two columns
    ({label, old, new, old_words, new_words}) and its kinds of change as labels."""
    return [
        {
            "area": area,
            "kinds": [KIND_LABELS[k] for k in area.kinds],
            "goals": [
                {
                    "goal": goal,
                    "kinds": [KIND_LABELS[k] for k in goal.kinds],
                    "measures": [{"m": m, "kinds": [KIND_LABELS[k] for k in m.kinds], "lines": _lines(m)} for m in goal.measures],
                }
                for goal in area.goals
            ],
        }
        for area in diff.focus_areas
    ]


def _lines(m: MeasureDiff) -> list[dict]:
    if ADDED in m.kinds or REMOVED in m.kinds:
        row = m.new or m.old
        side = "new" if ADDED in m.kinds else "old"
        return [
            {"label": label, side: value}
            for label, value in (
                (_("Responsible"), _responsible(row)),
                (_("Deadline"), _value("deadline", row.deadline)),
                (_("Budget"), _value("budget", row.budget)),
                (_("State"), _value("state", row.state)),
            )
        ]
    lines = []
    if m.title:
        lines.append({"label": _("Title"), "old_words": m.title.old, "new_words": m.title.new})
    if m.description:
        lines.append({"label": _("Description"), "old_words": m.description.old, "new_words": m.description.new})
    if m.old_place:
        lines.append({"label": _("Place"), "old": _place(m.old_place), "new": _place(m.new_place)})
    labels = {
        "responsible_kind": _("Responsible"),
        "responsible_name": _("Responsible party"),
        "responsible_orgnr": _("Organisation number"),
        "reporter": _("Reports status"),
        "deadline": _("Deadline"),
        "budget": _("Budget"),
        "state": _("State"),
    }
    for name, change in m.changes.items():
        lines.append({"label": labels[name], "old": _value(name, change.old), "new": _value(name, change.new)})
    return lines


def _value(name: str, value) -> str:
    if value in (None, ""):
        return "–"
    if name == "deadline":
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if name == "budget":
        return _("NOK %(amount)s") % {"amount": formats.number_format(value, 0, force_grouping=True)}
    if name == "state":
        return str(Measure.State(value).label)
    if name == "responsible_kind":
        return str(ResponsibleKind(value).label)
    return str(value)


def _responsible(row: MeasureRow) -> str:
    parts = [str(ResponsibleKind(row.responsible_kind).label), row.responsible_name]
    if row.responsible_orgnr:
        parts.append(_("org. no. %(orgnr)s") % {"orgnr": row.responsible_orgnr})
    return ", ".join(p for p in parts if p)


def _place(place: Place) -> str:
    text = f"{place.focus_area} › {place.goal}"
    if place.parent:
        text += " › " + _("part of %(measure)s") % {"measure": place.parent}
    return text


def panel(request, plan) -> dict:
    """The plan page's section: the lineage's revisions, a link to compare with the previous one, and "Revise"."""
    revisions = list(lineage_revisions(plan, request.user))
    manages = request.user.has_perm("strategies.manage_plans")
    previous = next((p for p in revisions if p.pk == plan.previous_id), None)
    return {
        "revisions": revisions,
        "previous": previous,
        "can_revise": manages and plan.state == Plan.State.ADOPTED and revision_in_progress(revisions) is None,
        "in_progress": revision_in_progress(revisions) if manages else None,
    }
