"""Client for Enhetsregisteret's open API (data.brreg.no): one unit, search, and the change feeds."""

from collections.abc import Iterator
from dataclasses import dataclass

import requests
from django.conf import settings

KINDS = ("enheter", "underenheter")
FEED_KEYS = {"enheter": "oppdaterteEnheter", "underenheter": "oppdaterteUnderenheter"}


class BrregError(Exception):
    """The register did not answer as expected (network error, 5xx, malformed body)."""


@dataclass(frozen=True)
class SearchPage:
    units: list[dict]
    number: int  # 0-based, as the API counts
    total_pages: int
    total_units: int


class BrregClient:
    def __init__(self, base_url: str | None = None, *, session: requests.Session | None = None, timeout: float = 15.0):
        self.base_url = (base_url or settings.BRREG_API_URL).rstrip("/")
        self.session = session or requests.Session()
        self.session.headers.setdefault("Accept", "application/json")
        self.timeout = timeout

    def _get(self, path: str, params: dict | None = None, *, allow_missing: bool = False) -> dict | None:
        url = path if path.startswith("http") else f"{self.base_url}/{path.lstrip('/')}"
        try:
            response = self.session.get(url, params=params, timeout=self.timeout)
        except requests.RequestException as error:
            raise BrregError(f"{url}: {error}") from error
        if allow_missing and response.status_code in (404, 410):
            return None
        if response.status_code != 200:
            raise BrregError(f"{url}: HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError as error:
            raise BrregError(f"{url}: not JSON") from error

    def unit(self, orgnr: str, *, kind: str = "enheter") -> dict | None:
        """One unit. A deleted unit comes back as a stub with ``slettedato``; None if the register has none (404/410)."""
        return self._get(f"{kind}/{orgnr}", allow_missing=True)

    def search_page(self, *, kind: str = "enheter", page: int = 0, size: int = 20, **filters) -> SearchPage:
        body = self._get(kind, {**filters, "page": page, "size": size})
        info = body.get("page", {})
        return SearchPage(
            units=body.get("_embedded", {}).get(kind, []),  # an empty result has no _embedded at all
            number=info.get("number", page),
            total_pages=info.get("totalPages", 0),
            total_units=info.get("totalElements", 0),
        )

    def search(self, *, kind: str = "enheter", size: int = 100, **filters) -> Iterator[dict]:
        """Every unit that matches, page after page."""
        page = 0
        while True:
            result = self.search_page(kind=kind, page=page, size=size, **filters)
            yield from result.units
            page += 1
            if page >= result.total_pages:
                return

    def updates(
        self, *, kind: str = "enheter", after_id: int | None = None, since: str | None = None, size: int = 500
    ) -> Iterator[dict]:
        """The change feed from just after ``after_id`` (or from the date ``since``), oldest first.

        Each change is ``{"oppdateringsid", "dato", "organisasjonsnummer", "endringstype"}``.
        """
        params: dict = {"size": size}
        if after_id is not None:
            params["oppdateringsid"] = after_id + 1
        elif since:
            params["dato"] = since
        page = 0
        while True:
            body = self._get(f"oppdateringer/{kind}", {**params, "page": page})
            yield from body.get("_embedded", {}).get(FEED_KEYS[kind], [])
            page += 1
            if page >= body.get("page", {}).get("totalPages", 0):
                return
