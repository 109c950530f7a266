"""Reusable reads over the business registry."""

import re

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Value

from businesses.models import Business, Municipality, ReferenceLoad
from businesses.records import fold_for_search


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
