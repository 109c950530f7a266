"""Reusable reads over the business registry."""

import datetime
import re
import statistics

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import TruncMonth
from django.utils import timezone

from businesses.models import (
    AdviserProfile,
    Business,
    BusinessRepresentative,
    CatalogueEntry,
    Enquiry,
    EnquiryRoute,
    FollowUp,
    IndustryCode,
    Interaction,
    MeetingRequest,
    Municipality,
    RedFlag,
    ReferenceLoad,
    Topic,
)
from businesses.records import fold_for_search
from portal.models import User
from portal.roles import Role


def served_municipalities() -> QuerySet[Municipality]:
    return Municipality.objects.filter(number__in=settings.PORTAL_MUNICIPALITIES)


def reference_version() -> str:
    """The version of the reference tables as last loaded ("" before any load): a key for what is cached from them."""
    return ReferenceLoad.objects.values_list("version", flat=True).first() or ""


ACTIVE = Q(bankrupt=False, under_liquidation=False, under_forced_liquidation=False, deleted__isnull=True)


def registry_summary() -> list[Municipality]:
    """Per served municipality: registered businesses, and how many of them are active."""
    counts = {
        row["municipality_id"]: row
        for row in Business.objects.filter(municipality__in=settings.PORTAL_MUNICIPALITIES)
        .values("municipality_id")
        .annotate(total=Count("pk"), active=Count("pk", filter=ACTIVE))
    }
    municipalities = list(served_municipalities())
    for municipality in municipalities:
        row = counts.get(municipality.number, {})
        municipality.total, municipality.active = row.get("total", 0), row.get("active", 0)
    return municipalities


def businesses_for_page(user) -> QuerySet[Business]:
    """Businesses as their page reads them: with the register's names, the owner's profile, and whether ``user``
    represents the business (``user_represents``), in one query."""
    businesses = Business.objects.select_related("organisation_form", "municipality", "profile")
    if not user.is_authenticated:
        return businesses
    representatives = BusinessRepresentative.objects.filter(business=OuterRef("pk"), user=user)
    return businesses.annotate(user_represents=Exists(representatives))


def businesses_represented_by(user) -> QuerySet[Business]:
    if not user.is_authenticated:
        return Business.objects.none()
    return Business.objects.filter(representatives__user=user)


def search_businesses(queryset: QuerySet[Business], text: str) -> QuerySet[Business]:
    """Filter and rank by a free-text query: organisation number, name or address.

    An organisation number (spaces allowed) matches exactly. Otherwise, on PostgreSQL, Norwegian
    full-text search over name, address and place is combined with trigram similarity on the
    folded name (typos, "baerum" for "BÆRUM"), backed by GIN indexes; on SQLite it falls back to
    substring matching. The queryset is annotated with ``rank`` (higher is better).
    """
    text = text.strip()
    digits = re.sub(r"\s", "", text)
    if re.fullmatch(r"\d{9}", digits):
        return queryset.filter(orgnr=digits).annotate(rank=Value(1.0))
    if re.fullmatch(r"\d{4,8}", digits):
        return queryset.filter(orgnr__startswith=digits).annotate(rank=Value(1.0))
    folded = fold_for_search(text)
    if not folded:
        return queryset.annotate(rank=Value(0.0))
    if connection.vendor != "postgresql":
        match = Q(search_name__contains=folded) | Q(search_address__contains=folded)
        return queryset.filter(match).annotate(rank=Value(1.0))
    query = SearchQuery(text, config="norwegian", search_type="websearch")
    # The same expression as the GIN index in migration 0003, so PostgreSQL can use the index.
    document = SearchVector("name", "address", "postal_place", config="norwegian")
    return (
        queryset.annotate(document=document)
        .filter(Q(document=query) | Q(search_name__trigram_word_similar=folded) | Q(search_address__contains=folded))
        .annotate(rank=SearchRank(F("document"), query) + TrigramWordSimilarity(folded, "search_name"))
    )


# --- Contact point ---------------------------------------------------------------


def adviser_for_topic(topic: str):
    """The adviser who gets enquiries about ``topic``: the routing table's adviser, else the first
    adviser listed on the contact point, else None. Deactivated users are skipped."""

    route = EnquiryRoute.objects.filter(topic=topic, adviser__is_active=True).select_related("adviser").first()
    if route is not None:
        return route.adviser
    profile = AdviserProfile.objects.filter(listed=True, user__is_active=True).select_related("user").first()
    return profile.user if profile is not None else None


def listed_advisers():
    """The business team as the contact point shows it, in the team's own order."""

    return AdviserProfile.objects.filter(listed=True, user__is_active=True).select_related("user")


def visible_catalogue_entries(user):
    """Catalogue entries ``user`` may see: the published ones, and for the team also the drafts."""

    if user.has_perm("businesses.manage_contact_point"):
        return CatalogueEntry.objects.all()
    return CatalogueEntry.objects.filter(published=True)


# --- Enquiries -----------------------------------------------------------------


def visible_enquiries(user):
    """Enquiries ``user`` may see: the team all of them; others those they sent or that concern a business they
    represent; anonymous visitors none."""

    if not user.is_authenticated:
        return Enquiry.objects.none()
    if user.has_perm("businesses.handle_enquiries"):
        return Enquiry.objects.all()
    return Enquiry.objects.filter(Q(user=user) | Q(business__in=Business.objects.filter(representatives__user=user)))


def enquiry_handlers():
    """The active business officers: who may be given an enquiry, and who hears of one that has no adviser."""

    return User.objects.filter(is_active=True, groups__name=Role.OFFICER).order_by("name", "email")


# --- Owners -----------------------------------------------------------------------


def visible_meeting_requests(user):
    """Meeting requests ``user`` may see: the team all of them; a representative those of the businesses they
    represent; anyone else none."""

    requests = MeetingRequest.objects.select_related("business", "requested_by", "adviser")
    if not user.is_authenticated:
        return requests.none()
    if user.has_perm("businesses.answer_meeting_requests"):
        return requests
    return requests.filter(business__in=Business.objects.filter(representatives__user=user))


# --- CRM -----------------------------------------------------------------------------


def crm_team():
    """Who works in the CRM (officers and administrators): participants and follow-up owners are chosen among them."""

    return (
        User.objects.filter(is_active=True, groups__name__in=[Role.OFFICER, Role.ADMINISTRATOR])
        .distinct()
        .order_by("name", "email")
    )


def crm_rows(user, model):
    """Rows of a CRM model (Contact, Interaction, FollowUp, RedFlag) ``user`` may see: all for the team, none otherwise."""
    if user.is_authenticated and user.has_perm("businesses.use_crm"):
        return model.objects.all()
    return model.objects.none()


def open_follow_ups_for(user):
    """``user``'s open follow-ups, soonest due first, with their business."""

    return FollowUp.objects.filter(owner=user, state=FollowUp.State.OPEN).select_related("business").order_by("due", "pk")


def open_red_flags():
    """Every unresolved red flag, the most severe and newest first, with its business."""

    return RedFlag.objects.filter(resolved_at__isnull=True).select_related("business").order_by("-severity", "-raised_at", "-pk")


# --- Aggregates --------------------------------------------------------------------
# Counts without personal data, for the dashboard: no names, no texts, no single enquiry.


def _months_back(today, months: int) -> list:
    """The first day of each of the last ``months`` months, oldest first, ending with ``today``'s month."""
    year, month = today.year, today.month
    firsts = []
    for _ in range(months):
        firsts.append(today.replace(year=year, month=month, day=1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def enquiries_by_topic_and_month(*, today=None, months: int = 12) -> dict:
    """Enquiries received per topic and month over the last ``months`` months (this one included), local time.

    ``{"months": [date, ...], "counts": {topic: [n per month]}}`` with every topic, zeros included.
    """

    today = today or timezone.localdate()
    firsts = _months_back(today, months)
    start = timezone.make_aware(datetime.datetime.combine(firsts[0], datetime.time.min))
    rows = (
        Enquiry.objects.filter(created__gte=start)
        .annotate(month=TruncMonth("created"))
        .values("month", "topic")
        .annotate(n=Count("pk"))
        .order_by()
    )
    index = {first: position for position, first in enumerate(firsts)}
    counts = {topic: [0] * months for topic in Topic.values}
    for row in rows:
        month = row["month"]
        month = month.date() if hasattr(month, "date") else month
        if month in index and row["topic"] in counts:
            counts[row["topic"]][index[month]] += row["n"]
    return {"months": firsts, "counts": counts}


def median_hours_to_first_answer(*, today=None, months: int = 12) -> dict:
    """The median time from receipt to the first answer, in hours (one decimal), of the enquiries received
    in the last ``months`` months that have been answered: ``{"overall": h, "by_topic": {topic: h}}``;
    None where no enquiry was answered. Computed in Python over one bounded query, the same on every database."""

    today = today or timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(_months_back(today, months)[0], datetime.time.min))
    hours: dict[str, list[float]] = {topic: [] for topic in Topic.values}
    answered = Enquiry.objects.filter(created__gte=start, first_answered_at__isnull=False).values_list(
        "topic", "created", "first_answered_at"
    )
    for topic, created, answered_at in answered.iterator(chunk_size=2000):
        hours.setdefault(topic, []).append((answered_at - created).total_seconds() / 3600)
    everything = [value for values in hours.values() for value in values]

    def median(values):
        return round(statistics.median(values), 1) if values else None

    return {"overall": median(everything), "by_topic": {topic: median(values) for topic, values in hours.items()}}


def interactions_per_sector(*, year=None) -> list[dict]:
    """Interactions this year (or ``year``) per SN2025 section of the businesses they were with:
    ``[{"section": "C", "name": "...", "count": n}]``, most first. An interaction with businesses in two
    sections counts in each; a business without an industry code counts under section "".
    """

    year = year or timezone.localdate().year
    through = Interaction.businesses.through
    rows = (
        through.objects.filter(interaction__date__year=year)
        .values("business__industry_section")
        .annotate(n=Count("interaction_id", distinct=True))
        .order_by()
    )
    names = dict(IndustryCode.objects.filter(version=IndustryCode.Version.SN2025, level=1).values_list("code", "name"))
    sections = ((row["business__industry_section"], row["n"]) for row in rows)
    found = [{"section": section, "name": names.get(section, ""), "count": n} for section, n in sections]
    return sorted(found, key=lambda row: (-row["count"], row["section"]))


def open_red_flags_by_category() -> dict[str, int]:
    """Open red flags per category, every category (zeros included), in the categories' order."""

    open_flags = RedFlag.objects.filter(resolved_at__isnull=True).values("category").annotate(n=Count("pk")).order_by()
    counts = {row["category"]: row["n"] for row in open_flags}
    return {category: counts.get(category, 0) for category in RedFlag.Category.values}


def businesses_visited(*, year=None) -> int:
    """How many different businesses had a visit this year (or in ``year``)."""

    year = year or timezone.localdate().year
    return (
        Interaction.businesses.through.objects.filter(interaction__kind=Interaction.Kind.VISIT, interaction__date__year=year)
        .values("business_id")
        .distinct()
        .count()
    )
