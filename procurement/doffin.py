"""Client for Doffin's public search API (``GET {DOFFIN_API_URL}/search``, v2).

The API answers ``{"numHitsTotal", "numHitsAccessible", "hits": [...]}`` and has a few traps this client
guards against (observed on the live API in August 2026, see the README):

- **Unknown parameters are silently ignored**: a misspelt or wished-for filter (``buyer=``,
  ``publicationDateFrom=``) returns *every* notice with status 200. So the client accepts only the
  parameters it knows to exist (``SEARCH_PARAMETERS``), checks their values, and raises
  ``DoffinParameterError`` for anything else. A bad ``sortBy`` answers with an empty 404.
- **At most 1,000 hits per query** (``numHitsAccessible`` is ``min(numHitsTotal, 1000)``; asking for a
  page past it is a 400). ``search()`` narrows the issue-date window by halving it, down to one day, and
  on a single day still over the cap splits by notice type; hits are de-duplicated by id. What is still
  capped after that is recorded in ``client.capped`` and logged, never looped on.
- **No buyer parameter**: the search API has none, so ``search(buyers=[...])`` filters on
  ``buyer[].organizationId`` (any of a notice's buyers, spaces removed) in the client.
- **Estimated value** filters are not among the parameters seen to work, so they are refused rather
  than silently ignored by the API.
- A rate limit of about 30 requests per 10 seconds: a 429 is retried after its ``Retry-After``.
"""

import datetime
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import requests
from django.conf import settings

logger = logging.getLogger(__name__)

HIT_CAP = 1000
MAX_PAGE_SIZE = 100

# The sort orders the API accepts; DEADLINE has no _ASC/_DESC suffix, and there is no ascending value sort.
SORT_ORDERS = ("RELEVANCE", "PUBLICATION_DATE_DESC", "PUBLICATION_DATE_ASC", "DEADLINE", "ESTIMATED_VALUE_DESC")

# The single-valued ``type`` of a hit (the API's NoticeType enum as seen in hits; it may grow).
NOTICE_TYPES = (
    "ANNOUNCEMENT_OF_COMPETITION",  # konkurransekunngjøring
    "DYNAMIC_PURCHASING_SCHEME",  # dynamisk innkjøpsordning
    "QUALIFICATION_SCHEME",  # kvalifikasjonsordning
    "ADVISORY_NOTICE",  # veiledende kunngjøring (prior information)
    "NOTICE_ON_BUYER_PROFILE",  # kunngjøring på kjøperprofil
    "ANNOUNCEMENT_OF_INTENT",  # intensjonskunngjøring (names the intended supplier; not an award)
    "ANNOUNCEMENT_OF_CONCLUSION_OF_CONTRACT",  # kontraktstildeling
    "CHANGE_OF_CONCLUSION_OF_CONTRACT",  # endring av kontrakt
    "CANCELLED_OR_MISSING_CONCLUSION_OF_CONTRACT",  # avlyst / ingen tildeling
)
# The groups in ``allTypes``, also accepted by the ``type`` filter. Not a partition: a notice may be both.
TYPE_GROUPS = ("COMPETITION", "PLANNING", "RESULT")
STATUSES = ("ACTIVE", "EXPIRED", "AWARDED", "CANCELLED")

# name → (repeatable, checker returning the value as sent or raising ValueError)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CPV = re.compile(r"^\d{8}$")
_LOCATION = re.compile(r"^(anyw(-[a-z]+)?|[A-Z]{2}[0-9A-Z]{0,3})$")


def _int_between(low: int, high: int | None) -> Callable:
    def check(value) -> str:
        if isinstance(value, bool):
            raise ValueError
        number = int(value)
        if number < low or (high is not None and number > high):
            raise ValueError
        return str(number)

    return check


def _one_of(choices: tuple[str, ...]) -> Callable:
    def check(value) -> str:
        if value not in choices:
            raise ValueError
        return value

    return check


def _matching(pattern: re.Pattern) -> Callable:
    def check(value) -> str:
        value = str(value).strip()
        if not pattern.match(value):
            raise ValueError
        return value

    return check


def _iso_date(value) -> str:
    if isinstance(value, datetime.datetime):
        raise ValueError
    if isinstance(value, datetime.date):
        return value.isoformat()
    value = str(value)
    if not _DATE.match(value):
        raise ValueError
    datetime.date.fromisoformat(value)
    return value


def _cpv(value) -> str:
    return _matching(_CPV)(str(value).split("-")[0])


def _text(value) -> str:
    if not isinstance(value, str):
        raise ValueError
    return value


SEARCH_PARAMETERS: dict[str, tuple[bool, Callable]] = {
    "numHitsPerPage": (False, _int_between(1, MAX_PAGE_SIZE)),
    "page": (False, _int_between(1, None)),  # pages count from 1
    "sortBy": (False, _one_of(SORT_ORDERS)),
    "searchString": (False, _text),
    "type": (True, _one_of(NOTICE_TYPES + TYPE_GROUPS)),
    "status": (True, _one_of(STATUSES)),
    "cpvCode": (True, _cpv),  # hierarchical on Doffin's side: 45000000 includes its children
    "location": (True, _matching(_LOCATION)),  # NUTS code (NO081) or "anyw" (anywhere)
    "issueDateFrom": (False, _iso_date),
    "issueDateTo": (False, _iso_date),
}


class DoffinError(Exception):
    """Doffin did not answer as expected (network error, an error status)."""


class DoffinParameterError(DoffinError, ValueError):
    """A search parameter the API does not know, or a value it would not accept."""


class DoffinResponseError(DoffinError):
    """The answer was not JSON, or not in the shape of a search result."""


@dataclass(frozen=True)
class SearchPage:
    hits: list[dict]
    total: int  # numHitsTotal
    accessible: int  # numHitsAccessible: at most HIT_CAP


def validate_parameters(params: dict) -> dict[str, str | list[str]]:
    """The parameters as they will be sent; ``DoffinParameterError`` for an unknown name or a bad value."""
    query: dict[str, str | list[str]] = {}
    for name, value in params.items():
        if value is None or value == [] or value == ():
            continue
        if name not in SEARCH_PARAMETERS:
            raise DoffinParameterError(
                f"Unknown Doffin search parameter {name!r}; the API would ignore it silently. "
                f"Known: {', '.join(SEARCH_PARAMETERS)}."
            )
        repeatable, check = SEARCH_PARAMETERS[name]
        values = [value] if isinstance(value, str | int | datetime.date) or not isinstance(value, Iterable) else list(value)
        if len(values) > 1 and not repeatable:
            raise DoffinParameterError(f"Doffin search parameter {name!r} takes one value, not {len(values)}.")
        checked = []
        for one in values:
            try:
                checked.append(check(one))
            except (ValueError, TypeError):
                raise DoffinParameterError(f"Bad value for Doffin search parameter {name!r}: {one!r}.") from None
        query[name] = checked if repeatable else checked[0]
    if "issueDateFrom" in query and "issueDateTo" in query and query["issueDateFrom"] > query["issueDateTo"]:
        raise DoffinParameterError("issueDateFrom is after issueDateTo.")
    return query


def organisation_numbers(hit: dict) -> list[str]:
    """The buyers' organisation numbers of a hit, spaces removed (``"964 830 711"`` → ``"964830711"``)."""
    buyers = hit.get("buyer") or []
    return [re.sub(r"\s+", "", str(b.get("organizationId") or "")) for b in buyers if isinstance(b, dict)]


class DoffinClient:
    # The earliest issue date used when a capped query has no window of its own to narrow.
    EARLIEST_ISSUE_DATE = datetime.date(2017, 1, 1)

    def __init__(
        self,
        base_url: str | None = None,
        api_key: str | None = None,
        session: requests.Session | None = None,
        timeout: float = 30,
        *,
        page_size: int = MAX_PAGE_SIZE,
        sleep: Callable[[float], None] = time.sleep,
        max_retries: int = 3,
    ):
        self.base_url = (base_url or settings.DOFFIN_API_URL).rstrip("/")
        self.api_key = settings.DOFFIN_API_KEY if api_key is None else api_key
        self.session = session or requests.Session()
        self.timeout = timeout
        self.page_size = page_size
        self.sleep = sleep
        self.max_retries = max_retries
        # Queries still over the cap after narrowing as far as possible (filled by search()).
        self.capped: list[dict] = []
        self.requests_made = 0

    # -- one page -------------------------------------------------------------------------------------

    def search_page(self, **params) -> SearchPage:
        """One page of hits for the given (validated) parameters."""
        query = validate_parameters(params)
        url = f"{self.base_url}/search"
        headers = {"Accept": "application/json"}
        if self.api_key:
            headers["Ocp-Apim-Subscription-Key"] = self.api_key
        for attempt in range(self.max_retries + 1):
            try:
                response = self.session.get(url, params=query, headers=headers, timeout=self.timeout)
            except requests.RequestException as error:
                raise DoffinError(f"{url}: {error}") from error
            self.requests_made += 1
            if response.status_code == 429 and attempt < self.max_retries:
                self.sleep(_retry_after(response))
                continue
            break
        if response.status_code != 200:
            raise DoffinError(f"{url}: HTTP {response.status_code}{_reason(response)}")
        try:
            body = response.json()
        except ValueError as error:
            raise DoffinResponseError(f"{url}: the answer is not JSON") from error
        return _parse_page(body, url)

    # -- every hit --------------------------------------------------------------------------------------

    def search(self, *, buyers: Iterable[str] | None = None, **params) -> Iterator[dict]:
        """Every hit for the parameters, across pages and past the 1,000-hit cap, each id once.

        ``buyers``: organisation numbers; keeps hits where any buyer has one of them (done here, since
        the API has no buyer filter). Check ``self.capped`` afterwards for what could not be narrowed.
        """
        query = validate_parameters(params)
        for name in ("page", "numHitsPerPage"):
            query.pop(name, None)
        wanted = {re.sub(r"\s+", "", b) for b in buyers} if buyers is not None else None
        self.capped = []
        seen: set[str] = set()
        for hit in self._search(query):
            hit_id = hit.get("id")
            if hit_id in seen:
                continue
            seen.add(hit_id)
            if wanted is not None and not wanted.intersection(organisation_numbers(hit)):
                continue
            yield hit

    def _search(self, query: dict) -> Iterator[dict]:
        first = self.search_page(**query, page=1, numHitsPerPage=self.page_size)
        if first.total <= first.accessible:
            yield from self._pages(query, first)
            return
        start = datetime.date.fromisoformat(query.get("issueDateFrom") or self.EARLIEST_ISSUE_DATE.isoformat())
        end = datetime.date.fromisoformat(query.get("issueDateTo") or datetime.date.today().isoformat())
        if start < end:
            middle = start + (end - start) // 2
            yield from self._search({**query, "issueDateFrom": start.isoformat(), "issueDateTo": middle.isoformat()})
            after = middle + datetime.timedelta(days=1)
            yield from self._search({**query, "issueDateFrom": after.isoformat(), "issueDateTo": end.isoformat()})
            return
        types = query.get("type") or list(NOTICE_TYPES)
        if len(types) > 1:
            for notice_type in types:
                yield from self._search({**query, "type": [notice_type]})
            return
        # One day, one type, still over the cap: take what is accessible and say so.
        logger.warning("Doffin search still capped at %s of %s hits: %s", first.accessible, first.total, query)
        self.capped.append({**query, "numHitsTotal": first.total, "numHitsAccessible": first.accessible})
        yield from self._pages(query, first)

    def _pages(self, query: dict, first: SearchPage) -> Iterator[dict]:
        yield from first.hits
        page = 1
        # Never ask past the accessible hits: that is a 400 from the API.
        while first.hits and page * self.page_size < min(first.accessible, HIT_CAP):
            page += 1
            result = self.search_page(**query, page=page, numHitsPerPage=self.page_size)
            if not result.hits:
                return
            yield from result.hits


def _parse_page(body, url: str) -> SearchPage:
    if not isinstance(body, dict):
        raise DoffinResponseError(f"{url}: expected an object with hits, got {type(body).__name__}")
    hits, total, accessible = body.get("hits"), body.get("numHitsTotal"), body.get("numHitsAccessible")
    if not isinstance(hits, list) or not all(isinstance(hit, dict) for hit in hits):
        raise DoffinResponseError(f"{url}: 'hits' is not a list of notices")
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        raise DoffinResponseError(f"{url}: 'numHitsTotal' is missing or not a count")
    if accessible is None:
        accessible = min(total, HIT_CAP)
    if not isinstance(accessible, int) or isinstance(accessible, bool) or accessible < 0:
        raise DoffinResponseError(f"{url}: 'numHitsAccessible' is not a count")
    return SearchPage(hits=hits, total=total, accessible=accessible)


def _retry_after(response) -> float:
    try:
        return min(max(float(response.headers.get("Retry-After", "10")), 0.0), 60.0)
    except ValueError:
        return 10.0


def _reason(response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    if isinstance(body, dict):
        reason = body.get("reason") or body.get("message")
        if reason:
            return f": {reason}"
    return ""
