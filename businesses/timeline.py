"""What the businesses app puts on a business's timeline: registry events (everyone), enquiries (the team;
the business's representatives and the sender, theirs), and the CRM's interactions, red flags and
follow-ups (the team only). Registered from BusinessesConfig.ready(); see portal/timeline.py."""

import json

from django.db.models import CharField, DateField, F, IntegerField, TextField, Value
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from businesses.models import Enquiry, FollowUp, Interaction, RedFlag, RegistryEvent, Topic
from businesses.queries import visible_enquiries
from portal import timeline
from portal.timeline import Entry, at_midnight, local_day

TEXT_WORDS = 30


def _is_team(user) -> bool:
    return user.is_authenticated and user.has_perm("businesses.use_crm")


# Every source below is one UNION query of what the user may see, so the timeline's cost does not grow
# with the kinds of things recorded. The rows share these columns (prefixed: "title" is also a field name).
COLUMNS = ("t_when", "t_source", "t_pk", "t_title", "t_text", "t_state", "t_extra", "t_extra2", "t_due")


def _rows(querysets: list, *, limit: int) -> list[dict]:
    """The newest ``limit`` rows of the querysets together, newest first, ties by (source, pk) descending."""
    if not querysets:
        return []
    first, *rest = [queryset.order_by().values(*COLUMNS) for queryset in querysets]
    combined = first.union(*rest, all=True) if rest else first
    return list(combined.order_by("-t_when", "-t_source", "-t_pk")[:limit])


def _columns(when, source: int, *, title, text=None, state=None, extra=None, extra2=None, due=None) -> dict:
    blank = Value("", output_field=CharField())
    return {
        "t_when": when,
        "t_source": Value(source, output_field=IntegerField()),
        "t_pk": F("pk"),
        "t_title": Cast(title, CharField()),
        "t_text": Cast(text, TextField()) if text is not None else Value("", output_field=TextField()),
        "t_state": Cast(state, CharField()) if state is not None else blank,
        "t_extra": extra if extra is not None else blank,
        "t_extra2": extra2 if extra2 is not None else blank,
        "t_due": due if due is not None else Cast(Value(None), DateField()),
    }


# Sources of the dated union (registry events and interactions carry a date, not a time).
EVENT, INTERACTION = 1, 2


def dated(business, user, *, before=None, limit: int) -> list[Entry]:
    """Registry events (everyone) and interactions (the team), by date; shown at the start of their day."""
    day = local_day(before) if before is not None else None
    events = RegistryEvent.objects.filter(orgnr=business.orgnr)
    querysets = [events.annotate(**_columns(F("date"), EVENT, title=F("kind"), text=F("data")))]
    if _is_team(user):
        interactions = Interaction.objects.filter(businesses=business)
        querysets.append(
            interactions.annotate(**_columns(F("date"), INTERACTION, title=F("subject"), text=F("notes"), state=F("kind")))
        )
    if day is not None:
        querysets = [queryset.filter(t_when__lte=day) for queryset in querysets]
    return [_dated_entry(row) for row in _rows(querysets, limit=limit)]


def _dated_entry(row: dict) -> Entry:
    common = {"when": at_midnight(row["t_when"]), "all_day": True, "app": "businesses", "key": (row["t_source"], row["t_pk"])}
    if row["t_source"] == EVENT:
        data = json.loads(row["t_text"] or "{}") if isinstance(row["t_text"], str) else (row["t_text"] or {})
        change = ""
        if data.get("from") or data.get("to"):
            change = f"{data.get('from') or '–'} → {data.get('to') or '–'}"
        title = RegistryEvent.Kind(row["t_title"]).label if row["t_title"] in RegistryEvent.Kind.values else row["t_title"]
        return Entry(kind=pgettext_lazy("timeline", "Register"), title=title, text=change, **common)
    return Entry(
        kind=Interaction.Kind(row["t_state"]).label,
        title=row["t_title"],
        text=Truncator(row["t_text"]).words(TEXT_WORDS),
        url=reverse("businesses:interaction_edit", kwargs={"pk": row["t_pk"]}),
        **common,
    )


# Sources of the timed union.
ENQUIRY, FLAG_RAISED, FLAG_RESOLVED, FOLLOW_UP = 1, 2, 3, 4


def timed(business, user, *, before=None, limit: int) -> list[Entry]:
    """Enquiries (the team: all; a representative: the business's; a sender: their own) and the CRM's red flags
    (raised and, once resolved, resolved) and follow-ups (the team)."""
    if not user.is_authenticated:
        return []
    querysets = [
        visible_enquiries(user)
        .filter(business=business)
        .annotate(**_columns(F("created"), ENQUIRY, title=F("topic"), state=F("state"), extra=F("reference")))
    ]
    if _is_team(user):
        flags = RedFlag.objects.filter(business=business)
        querysets += [
            flags.annotate(
                **_columns(F("raised_at"), FLAG_RAISED, title=F("category"), text=F("description"), state=F("severity"))
            ),
            flags.filter(resolved_at__isnull=False).annotate(
                **_columns(F("resolved_at"), FLAG_RESOLVED, title=F("category"), text=F("resolution"))
            ),
            FollowUp.objects.filter(business=business).annotate(
                **_columns(
                    F("created"),
                    FOLLOW_UP,
                    title=F("title"),
                    state=F("state"),
                    extra=F("owner__name"),
                    extra2=F("owner__email"),
                    due=F("due"),
                )
            ),
        ]
    if before is not None:
        querysets = [queryset.filter(t_when__lte=before) for queryset in querysets]
    return [_timed_entry(row) for row in _rows(querysets, limit=limit)]


def _timed_entry(row: dict) -> Entry:
    source, pk = row["t_source"], row["t_pk"]
    common = {"when": row["t_when"], "app": "businesses", "key": (source, pk)}
    if source == ENQUIRY:
        reference = row["t_extra"]
        return Entry(
            kind=pgettext_lazy("timeline", "Enquiry"),
            title=Topic(row["t_title"]).label,
            text=reference or "",
            state=Enquiry.State(row["t_state"]).label,
            url=reverse("contact:enquiry", kwargs={"reference": reference}) if reference else "",
            **common,
        )
    if source in (FLAG_RAISED, FLAG_RESOLVED):
        raised = source == FLAG_RAISED
        return Entry(
            kind=_("Red flag raised") if raised else _("Red flag resolved"),
            title=RedFlag.Category(row["t_title"]).label,
            text=Truncator(row["t_text"]).words(TEXT_WORDS),
            state=RedFlag.Severity(int(row["t_state"])).label if raised else "",
            url=reverse("businesses:red_flag_edit", kwargs={"pk": pk}),
            **common,
        )
    return Entry(
        kind=_("Follow-up"),
        title=row["t_title"],
        text=gettext("Due %(date)s; responsible: %(owner)s")
        % {"date": date_format(row["t_due"], "SHORT_DATE_FORMAT"), "owner": row["t_extra"] or row["t_extra2"]},
        state=FollowUp.State(row["t_state"]).label,
        url=reverse("businesses:follow_up_edit", kwargs={"pk": pk}),
        **common,
    )


def register() -> None:
    timeline.register("businesses.dated", dated, order=10)
    timeline.register("businesses.timed", timed, order=20)
