"""Doffin hits for the notice tests: the four real ones (tests/procurement/data/doffin/, CC BY 4.0 Doffin/DFØ)
and small made-up ones in the same shape."""

import copy
import json
from pathlib import Path

DOFFIN_DATA = Path(__file__).parent / "data" / "doffin"

REAL = {
    "competition": "contract-notice.json",  # 2026-112541 Vinmonopolet
    "award": "contract-award-notice.json",  # 2026-112546 Digdir, winner Globalconnect AS
    "intent": "intention-notice.json",  # 2026-112480 Sykehusinnkjøp, foreign winner Medanets OY
    "advisory": "prior-information-notice.json",  # 2026-112539 Tønsberg Renseanlegg IKS
}


def real_hit(kind: str) -> dict:
    return json.loads((DOFFIN_DATA / REAL[kind]).read_text(encoding="utf-8"))


def real_hits() -> list[dict]:
    return [real_hit(kind) for kind in ("competition", "award", "intent", "advisory")]


def search_page(hits: list[dict], *, total: int | None = None, accessible: int | None = None) -> dict:
    total = len(hits) if total is None else total
    return {
        "numHitsTotal": total,
        "numHitsAccessible": min(total, 1000) if accessible is None else accessible,
        "hits": copy.deepcopy(hits),
    }


def make_hit(doffin_id: str = "2026-900001", *, buyer_orgnr: str = "935478715", locations=("NO081",), **overrides) -> dict:
    """A small valid hit (a competition of Bærum kommune unless told otherwise)."""
    hit = {
        "id": doffin_id,
        "buyer": [{"id": "x", "organizationId": buyer_orgnr, "name": "Bærum kommune"}],
        "heading": f"Notice {doffin_id}",
        "description": "A made-up notice for the tests.",
        "locationId": list(locations),
        "estimatedValue": {"currencyCode": "NOK", "amount": 1000000},
        "type": "ANNOUNCEMENT_OF_COMPETITION",
        "allTypes": ["ANNOUNCEMENT_OF_COMPETITION", "COMPETITION"],
        "status": "ACTIVE",
        "issueDate": "2026-07-30T12:00:00Z",
        "deadline": "2026-09-01T10:00:00Z",
        "publicationDate": "2026-07-31",
        "receivedTenders": None,
        "cpvCodes": ["90910000"],
        "lots": [{"heading": f"Notice {doffin_id}", "description": "", "winner": []}],
    }
    hit.update(overrides)
    return hit
