"""A business's timeline (/bedrifter/<orgnr>/): what every app records about one business, newest first.

``portal`` does not import the domain apps. Each app registers its sources from its
``AppConfig.ready()`` (a ``timeline.py`` per app), the way startpage.py collects the start pages'
sections; a new app adds its entries without editing anyone else's module.

A source is ``entries(business, user, *, before=None, limit) -> list[Entry]``: at most ``limit``
entries the user may see with ``when <= before`` (every one without ``before``), newest first, in one
or two queries with a LIMIT, so the timeline costs the same number of queries however long it grows.
Ties (the same ``when``) are ordered by ``Entry.key`` descending, the same order the source's query uses.

Pagination is a cursor in the URL (``?before=<when>&skip=<n>``): the entries at or before ``when``,
leaving out the first ``n`` of those at exactly ``when`` (already shown), so a page boundary inside a
group of entries of the same day loses and repeats nothing. No JavaScript needed.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

# A cursor that asks to skip more than this many entries of one instant is not one the page made.
MAX_SKIP = 1000


@dataclass(frozen=True)
class Entry:
    """One thing on the timeline. ``when`` is aware; a date is normalised to local midnight (``all_day``)."""

    when: datetime.datetime
    kind: str
    title: str
    text: str = ""
    url: str = ""
    app: str = ""
    all_day: bool = False
    # Ties on ``when`` are ordered by this, descending, within a source (usually (sub-kind, pk)).
    key: tuple = field(default=())
    # A short state shown beside the kind, e.g. "Resolved".
    state: str = ""


def at_midnight(day: datetime.date) -> datetime.datetime:
    """A date as the aware datetime the timeline sorts it by: the start of that day in local time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def local_day(moment: datetime.datetime) -> datetime.date:
    """The local date of ``moment``: a date-only source takes the rows with ``date <= local_day(before)``."""
    return timezone.localtime(moment).date()


@dataclass(frozen=True)
class Source:
    key: str
    entries: Callable[..., list[Entry]]
    order: int


@dataclass(frozen=True)
class Page:
    entries: list[Entry]
    # The cursor of the next (older) page, or None when nothing older exists.
    older: tuple[datetime.datetime, int] | None
    # Whether this page is not the newest (so the page can offer a way back to the start).
    paged: bool


_sources: dict[str, Source] = {}


def register(key: str, source: Callable[..., list[Entry]], order: int = 100) -> None:
    """Add a source of timeline entries. Registering a key again replaces it."""
    _sources[key] = Source(key=key, entries=source, order=order)


def sources() -> list[Source]:
    return sorted(_sources.values(), key=lambda s: (s.order, s.key))


def timeline_for(business, user, *, before: datetime.datetime | None = None, skip: int = 0, limit: int = 50) -> Page:
    """The business's timeline as ``user`` may see it: up to ``limit`` entries, newest first, and the
    cursor of the older ones if there are any."""
    skip = max(0, min(skip, MAX_SKIP)) if before is not None else 0
    wanted = limit + skip + 1
    merged: list[tuple[tuple, Entry]] = []
    ordered = sources()
    for position, source in enumerate(ordered):
        for entry in source.entries(business, user, before=before, limit=wanted):
            if before is not None and entry.when > before:
                continue  # a source that rounds its cursor generously
            # Among equal times the source registered later sorts first (descending), then the source's own key.
            merged.append(((entry.when, position, entry.key), entry))
    merged.sort(key=lambda pair: pair[0], reverse=True)
    entries = [entry for _, entry in merged]
    if before is not None:
        at_cursor = sum(1 for entry in entries[:skip] if entry.when == before)
        entries = entries[at_cursor:]
    page, rest = entries[:limit], entries[limit:]
    older = None
    if rest and page:
        last = page[-1].when
        same = sum(1 for entry in page if entry.when == last)
        if before is not None and last == before:
            same += skip
        older = (last, same)
    return Page(entries=page, older=older, paged=before is not None)
