"""Queries of procurement: notices, plans, market dialogue, alerts.

The notices part: the words for Doffin's notice types, the type groups as a filter, the list's rows
(with the main CPV code's label in one subquery), what closes soon, and a notice page's related rows.
"""

import datetime

from django.conf import settings
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy

from procurement.models import (
    CpvCode,
    Lot,
    LotWinner,
    MarketDialogue,
    Notice,
    NoticeBuyer,
    NoticeCpv,
    PlannedProcurement,
    ProcurementPlan,
)

# Doffin's notice types (``type``, the main type of a notice) in words. A type not listed is shown as Doffin
# spells it.
NOTICE_TYPES = {
    "ADVISORY_NOTICE": pgettext_lazy("notice type", "Prior information notice"),
    "ANNOUNCEMENT_OF_COMPETITION": pgettext_lazy("notice type", "Contract notice"),
    "DYNAMIC_PURCHASING_SCHEME": pgettext_lazy("notice type", "Dynamic purchasing system"),
    "ANNOUNCEMENT_OF_INTENT": pgettext_lazy("notice type", "Intention to award"),
    "ANNOUNCEMENT_OF_CONCLUSION_OF_CONTRACT": pgettext_lazy("notice type", "Contract award notice"),
    "CANCELLED_OR_MISSING_CONCLUSION_OF_CONTRACT": pgettext_lazy("notice type", "Cancelled or not concluded"),
    "CHANGE_OF_CONCLUSION_OF_CONTRACT": pgettext_lazy("notice type", "Contract modification"),
}
# The groups Doffin puts in ``allTypes`` beside the main type.
TYPE_GROUPS = {
    "PLANNING": pgettext_lazy("notice type group", "Planning (all kinds)"),
    "COMPETITION": pgettext_lazy("notice type group", "Competition (all kinds)"),
    "RESULT": pgettext_lazy("notice type group", "Result (all kinds)"),
}

# How far ahead "closes soon" looks, and how many the box on top of the list shows.
CLOSING_SOON_DAYS = 14
CLOSING_SOON_SHOWN = 5


def type_label(code: str) -> str:
    return str(NOTICE_TYPES.get(code) or TYPE_GROUPS.get(code) or code)


_STATUS_LABELS = dict(Notice.Status.choices)


def current_status(code: str, deadline=None, *, now=None) -> str:
    """Doffin's status is as of the last import: an open notice whose deadline has passed since is expired."""
    if code == Notice.Status.ACTIVE and deadline is not None and deadline < (now or timezone.now()):
        return Notice.Status.EXPIRED
    return code


def expired_by_deadline(*, now=None) -> Q:
    """The notices ``current_status`` reads as expired though Doffin said ACTIVE: the deadline has passed
    (``deadline < now``, the same boundary)."""
    return Q(status=Notice.Status.ACTIVE, deadline__lt=now or timezone.now())


def status_label(code: str) -> str:
    return str(_STATUS_LABELS.get(code, ""))


def has_type(value: str) -> Q:
    """Notices whose ``all_types`` holds ``value`` (a main type or a group).

    PostgreSQL answers with jsonb containment (``@>``). SQLite has no JSON containment, so there the stored
    JSON text is searched for the quoted value: the quotes make ``"RESULT"`` match the element only.
    """
    if connection.features.supports_json_field_contains:
        return Q(all_types__contains=[value])
    return Q(all_types__icontains=f'"{value}"')


def main_cpv_code():
    """The notice's first direct CPV code (in the order the notice lists them), as a subquery."""
    return Subquery(NoticeCpv.objects.filter(notice=OuterRef("pk"), direct=True).order_by("pk").values("code")[:1])


def cpv_name_field() -> str:
    return "name_en" if (get_language() or "").startswith("en") else "name_nb"


# The columns a list row needs; a column added to the row template without its field here costs a query per
# row (the pinned query count catches it).
LIST_FIELDS = (
    "doffin_id",
    "heading",
    "type",
    "status",
    "published_on",
    "deadline",
    "estimated_value",
    "currency",
    "buyer_name",
    "buyer_orgnr",
)


def notices_for_list() -> QuerySet:
    """Notices with what a list row shows: the main CPV code and its label in the reader's language."""
    label = CpvCode.objects.filter(code=OuterRef("main_cpv")).values(cpv_name_field())[:1]
    return Notice.objects.only(*LIST_FIELDS).annotate(main_cpv=main_cpv_code(), main_cpv_name=Subquery(label))


def closing_soon(*, now: datetime.datetime | None = None, days: int = CLOSING_SOON_DAYS, limit: int = CLOSING_SOON_SHOWN):
    """Open competitions whose deadline is within ``days`` from now, soonest first."""
    now = now or timezone.now()
    return list(
        Notice.objects.only("doffin_id", "heading", "deadline", "buyer_name")
        .filter(status=Notice.Status.ACTIVE, deadline__gte=now, deadline__lte=now + datetime.timedelta(days=days))
        .order_by("deadline", "doffin_id")[:limit]
    )


def notice_for_page(doffin_id: str) -> Notice | None:
    """A notice with everything its page shows, in a fixed number of queries."""
    winners = LotWinner.objects.order_by("position", "pk")
    dialogues = MarketDialogue.objects.exclude(state=MarketDialogue.State.DRAFT).order_by("created")
    return (
        Notice.objects.filter(doffin_id=doffin_id)
        .prefetch_related(
            Prefetch("buyers", queryset=NoticeBuyer.objects.order_by("position", "pk")),
            Prefetch(
                "lots", queryset=Lot.objects.order_by("position", "pk").prefetch_related(Prefetch("winners", queryset=winners))
            ),
            Prefetch("cpv", queryset=NoticeCpv.objects.filter(direct=True).order_by("pk"), to_attr="direct_cpv"),
            "history",
            Prefetch(
                "planned",
                queryset=PlannedProcurement.objects.select_related("plan").prefetch_related(
                    Prefetch("dialogues", queryset=dialogues)
                ),
            ),
        )
        .first()
    )


def served_buyers() -> Q:
    """The notices of the served municipalities' own buyers (any of a notice's buyers)."""
    return Q(Exists(NoticeBuyer.objects.filter(notice=OuterRef("pk"), orgnr__in=settings.PROCUREMENT_BUYER_ORGNRS)))


# --- The procurement plan ------------------------------------------------------------------------


def visible_plans(user):
    """Published plans for everyone; drafts too for the procurement team (a draft is 404 to the others)."""
    plans = ProcurementPlan.objects.all()
    if user.has_perm("procurement.manage_procurement"):
        return plans
    return plans.filter(state=ProcurementPlan.State.PUBLISHED)


def visible_items(user):
    """Planned procurements of the plans the user may see."""
    return PlannedProcurement.objects.filter(plan__in=visible_plans(user).values("pk")).select_related("plan", "notice")


# --- Market dialogue ---------------------------------------------------------------------------------


def visible_dialogues(user):
    """Open and closed dialogues are public; drafts only for the team."""
    dialogues = MarketDialogue.objects.select_related("item__plan")
    if user.has_perm("procurement.manage_procurement"):
        return dialogues
    return dialogues.exclude(state=MarketDialogue.State.DRAFT)


def registrations_of(user, dialogue):
    """The registrations ``user`` made for ``dialogue`` (a user may register several businesses)."""
    if not user.is_authenticated:
        return dialogue.registrations.none()
    return dialogue.registrations.filter(user=user).order_by("pk")
