"""Reusable reads over the business registry."""

import datetime
import itertools
import re
import statistics

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.db.models.signals import post_save
from django.dispatch import receiver
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
    RegistryEvent,
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
# Counts and medians for the dashboard and the Næringsrapport, without personal data: no names, no texts, no
# single enquiry. Each function is one query however many rows it counts (GROUP BY and conditional
# aggregation); what Python does afterwards is over the groups, never over the rows.

# SSB's size bands of employees (key, lowest, highest); a business that has not reported is "unknown", which
# is not 0.
SIZE_BANDS = (
    ("0", 0, 0),
    ("1-4", 1, 4),
    ("5-9", 5, 9),
    ("10-19", 10, 19),
    ("20-49", 20, 49),
    ("50-99", 50, 99),
    ("100-249", 100, 249),
    ("250+", 250, None),
)
NOT_REPORTED = "unknown"
SIZE_BAND_KEYS = (*(key for key, _low, _high in SIZE_BANDS), NOT_REPORTED)

# The registry events the dashboard counts: a forced liquidation or dissolution counts as a liquidation.
EVENT_FIGURES = {
    RegistryEvent.Kind.NEW: (RegistryEvent.Kind.NEW,),
    RegistryEvent.Kind.BANKRUPT: (RegistryEvent.Kind.BANKRUPT,),
    RegistryEvent.Kind.LIQUIDATION: (RegistryEvent.Kind.LIQUIDATION, RegistryEvent.Kind.FORCED_LIQUIDATION),
    RegistryEvent.Kind.DELETED: (RegistryEvent.Kind.DELETED,),
}

_section_names: dict[str, str] = {}


def industry_section_names() -> dict[str, str]:
    """SN2025 section letter -> name. Reference data, shipped with the code and loaded by ``migrate``: read
    once per process (a query on the first call only), and again after a load that changes the tables."""
    if not _section_names:
        sections = IndustryCode.objects.filter(version=IndustryCode.Version.SN2025, level=1)
        _section_names.update(sections.values_list("code", "name"))
    return _section_names


@receiver(post_save, sender=ReferenceLoad)
def _forget_section_names(**kwargs):
    _section_names.clear()


def business_population(municipalities) -> list[dict]:
    """One query: the businesses in ``municipalities`` still in the register (not deleted), grouped by
    municipality, SN2025 section ("" without an industry code) and size band, each group with how many are
    ``registered`` and how many of them ``active`` (``ACTIVE``: not bankrupt, not being wound up).

    ``[{"municipality": "3201", "section": "C", "band": "1-4", "registered": n, "active": n}]``; the
    dashboard sums these few hundred groups into its per-municipality, per-sector and per-band figures.

    The database groups by the number of employees itself, in the order of the index ``business_population``
    that holds every column read (an index-only scan, no sort, no hashing); the few thousand groups are then
    added up into size bands here. Counting rows (``*``, ``1``) rather than the key keeps the primary key out of the query.
    """
    not_wound_up = Q(bankrupt=False, under_liquidation=False, under_forced_liquidation=False)  # ACTIVE, not deleted
    rows = (
        Business.objects.filter(municipality_id__in=municipalities, deleted__isnull=True)
        .values_list("municipality_id", "industry_section", "employees")
        .annotate(registered=Count("*"), active=Count(Value(1), filter=not_wound_up))
        .order_by()
    )
    groups: dict[tuple, list[int]] = {}
    for municipality, section, employees, registered, active in rows:
        counts = groups.setdefault((municipality, section, _band_of(employees)), [0, 0])
        counts[0] += registered
        counts[1] += active
    return [
        {"municipality": municipality, "section": section, "band": band, "registered": registered, "active": active}
        for (municipality, section, band), (registered, active) in groups.items()
    ]


def _band_of(employees: int | None) -> str:
    """The SSB size band (``SIZE_BAND_KEYS``) of a number of employees; None (no figure) is not 0."""
    if employees is None:
        return NOT_REPORTED
    return next((key for key, _low, high in SIZE_BANDS if high is not None and employees <= high), "250+")


def registry_events_by_month(period, *, municipalities) -> dict:
    """One query: the registry events of main units in ``municipalities`` per figure (``EVENT_FIGURES``) and
    month, in ``period`` and in the same span a year earlier.

    An event is counted in the municipality the business was registered in when it happened
    (``RegistryEvent.municipality``, recorded with the event; a business that went bankrupt and then moved
    counts where it went bankrupt). Events of establishments (underenheter) are not counted. A business is
    counted once per figure and month. Only the events of the two periods are read, from the index
    ``registryevent_municipality``: the time follows the period's events, not the size of the register.

    ``{"months": [date], "counts": {figure: {"current": [n per month], "previous": [n per month]}}}``.
    """
    previous = period.previous()
    kinds = [kind for group in EVENT_FIGURES.values() for kind in group]
    figure = Case(
        *(When(kind__in=group, then=Value(key)) for key, group in EVENT_FIGURES.items() if len(group) > 1),
        default=F("kind"),
    )
    rows = (
        RegistryEvent.objects.filter(
            Q(date__gte=period.start, date__lte=period.end) | Q(date__gte=previous.start, date__lte=previous.end),
            kind__in=kinds,
            municipality__in=municipalities,
        )
        .annotate(figure=figure, month=TruncMonth("date"))
        .values("figure", "month")
        .annotate(n=Count("orgnr", distinct=True))
        .order_by()
    )
    months = period.months
    index = {month.month: position for position, month in enumerate(months)}
    counts = {key: {"current": [0] * len(months), "previous": [0] * len(months)} for key in EVENT_FIGURES}
    for row in rows:
        month = row["month"]
        which = "current" if month.year == period.year else "previous"
        counts[row["figure"]][which][index[month.month]] += row["n"]
    return {"months": months, "counts": counts}


class Epoch(Func):
    """Whole seconds since 1970 of a timestamp (the fraction cut off), the same on PostgreSQL and SQLite."""

    arity = 1
    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="FLOOR(EXTRACT(EPOCH FROM %(expressions)s))", **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        # The format goes in as a parameter: a literal %s would be taken for a placeholder.
        return f"CAST(strftime(%s, {sql}) AS INTEGER)", ("%s", *params)


class Median(Aggregate):
    """The median of a number: ``percentile_cont(0.5) WITHIN GROUP (ORDER BY ...)`` in PostgreSQL. SQLite has no
    median, so there the same query gathers the group's values (``group_concat``) and Python takes their
    median as the row is read: the same result from the same query on both databases."""

    function = "percentile_cont"
    name = "Median"
    output_field = FloatField()
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)%(filter)s"

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, function="GROUP_CONCAT", template="%(function)s(%(expressions)s)%(filter)s", **extra_context
        )

    def get_db_converters(self, connection):
        if connection.vendor == "sqlite":
            return [self._median_of_list]
        return super().get_db_converters(connection)

    @staticmethod
    def _median_of_list(value, expression, connection):
        if value is None:
            return None
        return float(statistics.median(float(number) for number in str(value).split(",")))


def _hours(seconds) -> float | None:
    return None if seconds is None else round(seconds / 3600, 1)


def _month_bounds(period) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """[start, end) of each month of ``period`` as aware datetimes in the portal's time zone."""
    zone = timezone.get_default_timezone()
    firsts = [*period.months, period.end + datetime.timedelta(days=1)]
    starts = [datetime.datetime.combine(first, datetime.time.min, tzinfo=zone) for first in firsts]
    return list(itertools.pairwise(starts))


def _about_businesses_in(municipalities, path: str = "business") -> Q:
    """Everything, or (``municipalities`` given) only what is about a business registered in one of them."""
    if municipalities is None:
        return Q()
    return Q(**{f"{path}__municipality_id__in": municipalities})


def enquiry_figures(period, *, municipalities=None) -> dict:
    """One query: the enquiries received in ``period`` per topic and month (local time), how many of them
    have been answered, and the median time from receipt to the first answer in hours (one decimal; whole
    seconds are compared, so PostgreSQL and SQLite agree), overall and per topic (None: none answered).

    With ``municipalities`` only enquiries about a business registered in one of them are counted; without,
    every enquiry, also those about no business.

    ``{"months": [date], "counts": {topic: [n per month]}, "answered": {topic: n},
    "median_hours": {"overall": h, "by_topic": {topic: h}}}``, every topic present.
    """
    start, end = period.bounds()
    answered = Q(first_answered_at__isnull=False)
    seconds = Epoch("first_answered_at") - Epoch("created")
    months = _month_bounds(period)
    aggregates = {"median": Median(seconds, filter=answered)}
    for topic in Topic.values:
        for position, (month_start, month_end) in enumerate(months):
            aggregates[f"n_{topic}_{position}"] = Count(
                "pk", filter=Q(topic=topic, created__gte=month_start, created__lt=month_end)
            )
        aggregates[f"answered_{topic}"] = Count("pk", filter=Q(topic=topic) & answered)
        aggregates[f"median_{topic}"] = Median(seconds, filter=Q(topic=topic) & answered)
    row = Enquiry.objects.filter(_about_businesses_in(municipalities), created__gte=start, created__lt=end).aggregate(
        **aggregates
    )
    return {
        "months": period.months,
        "counts": {topic: [row[f"n_{topic}_{position}"] for position in range(len(months))] for topic in Topic.values},
        "answered": {topic: row[f"answered_{topic}"] for topic in Topic.values},
        "median_hours": {
            "overall": _hours(row["median"]),
            "by_topic": {topic: _hours(row[f"median_{topic}"]) for topic in Topic.values},
        },
    }


def open_red_flags_by_category(period, *, municipalities=None) -> dict[str, int]:
    """One query: the red flags open at the end of ``period`` (raised before it ended, not resolved by then;
    for a period still running, those open now) per category, every category (zeros included), in the
    categories' order. With ``municipalities``, only flags on businesses registered in one of them."""

    _start, end = period.bounds()
    still_open = Q(resolved_at__isnull=True) | Q(resolved_at__gte=end)
    flags = (
        RedFlag.objects.filter(still_open, _about_businesses_in(municipalities), raised_at__lt=end)
        .values("category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {row["category"]: row["n"] for row in flags}
    return {category: counts.get(category, 0) for category in RedFlag.Category.values}


def interactions_per_sector(period, *, municipalities=None) -> list[dict]:
    """One query: per SN2025 section of the businesses met, the interactions in ``period`` and how many
    different businesses had a visit. An interaction with businesses in two sections counts in each; a
    business without an industry code counts under section "". With ``municipalities``, only businesses
    registered in one of them count. A business has one section, so the visited add up to the businesses
    visited in the period.

    ``[{"section": "C", "name": "...", "interactions": n, "visited": n}]``, most interactions first.

    The period's links are found through the interactions' dates; each linked business's section and
    municipality are then looked up by its id in the index ``business_section_lookup`` alone, so the time
    follows the period's interactions, not the size of the register.
    """
    through = Interaction.businesses.through
    rows = (
        through.objects.filter(
            _about_businesses_in(municipalities), interaction__date__gte=period.start, interaction__date__lte=period.end
        )
        .values("business__industry_section")
        .annotate(
            interactions=Count("interaction_id", distinct=True),
            visited=Count("business_id", distinct=True, filter=Q(interaction__kind=Interaction.Kind.VISIT)),
        )
        .order_by()
    )
    names = industry_section_names()
    found = [
        {
            "section": row["business__industry_section"],
            "name": names.get(row["business__industry_section"], ""),
            "interactions": row["interactions"],
            "visited": row["visited"],
        }
        for row in rows
    ]
    # Sections with a code first (most interactions first), the businesses without one last.
    return sorted(found, key=lambda row: (row["section"] == "", -row["interactions"], row["section"]))
