"""Procurement on a business's timeline: its awards (public) and its dialogue registrations (the procurement
team and the business's representatives). Registered from ProcurementConfig.ready(); see portal/timeline.py.

One UNION query of dated rows: an award at its notice's publication date, a registration at its local day.
"""

from django.db.models import CharField, Exists, F, IntegerField, OuterRef, Q, Value
from django.db.models.functions import Cast, TruncDate
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy

from businesses.models import BusinessRepresentative
from portal import timeline
from portal.timeline import Entry, at_midnight, local_day
from procurement.models import DialogueRegistration, LotWinner
from procurement.rules import is_procurement_team
from procurement.services.awards import award_notices

AWARD, REGISTRATION = 1, 2
COLUMNS = ("t_when", "t_source", "t_pk", "t_title", "t_text", "t_ref")


def _registrations_visible_to(user, business):
    """The business's registrations if the user is on the procurement team or represents the business
    (checked inside the query, so it costs no query of its own)."""
    registrations = DialogueRegistration.objects.filter(orgnr=business.orgnr)
    if is_procurement_team(user):
        return registrations
    represents = BusinessRepresentative.objects.filter(business=business, user=user)
    return registrations.filter(Exists(represents))


def entries(business, user, *, before=None, limit: int) -> list[Entry]:
    """The notices with a lot the business won (everyone) and its dialogue registrations (team, representatives)."""
    won = LotWinner.objects.filter(lot__notice=OuterRef("pk"), orgnr=business.orgnr)
    awards = (
        award_notices()
        .filter(Exists(won), published_on__isnull=False)
        .annotate(
            t_when=F("published_on"),
            t_source=Value(AWARD, output_field=IntegerField()),
            t_pk=F("pk"),
            t_title=Cast("heading", CharField()),
            t_text=Cast("buyer_name", CharField()),
            t_ref=Cast("doffin_id", CharField()),
        )
    )
    querysets = [awards]
    if user.is_authenticated:
        registrations = _registrations_visible_to(user, business).annotate(
            t_when=TruncDate("created"),
            t_source=Value(REGISTRATION, output_field=IntegerField()),
            t_pk=F("pk"),
            t_title=Cast("dialogue__title", CharField()),
            t_text=Cast("contact_name", CharField()),
            t_ref=Cast("dialogue_id", CharField()),
        )
        querysets.append(registrations)
    if before is not None:
        day = local_day(before)
        querysets = [queryset.filter(Q(t_when__lte=day)) for queryset in querysets]
    first, *rest = [queryset.order_by().values(*COLUMNS) for queryset in querysets]
    combined = first.union(*rest, all=True) if rest else first
    rows = combined.order_by("-t_when", "-t_source", "-t_pk")[:limit]
    return [_entry(row) for row in rows]


def _entry(row: dict) -> Entry:
    common = {"when": at_midnight(row["t_when"]), "all_day": True, "app": "procurement", "key": (row["t_source"], row["t_pk"])}
    if row["t_source"] == AWARD:
        return Entry(
            kind=pgettext_lazy("timeline", "Award"),
            title=gettext("Won a contract: %(heading)s") % {"heading": row["t_title"]},
            text=row["t_text"],
            url=reverse("procurement:notice", args=[row["t_ref"]]),
            **common,
        )
    return Entry(
        kind=pgettext_lazy("timeline", "Market dialogue"),
        title=gettext("Registered for the market dialogue: %(title)s") % {"title": row["t_title"]},
        text=row["t_text"],
        url=reverse("procurement:dialogue", args=[int(row["t_ref"])]),
        **common,
    )


def register() -> None:
    timeline.register("procurement", entries, order=40)
