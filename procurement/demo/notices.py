"""Demo notices of procurement: the four real Doffin hits (CC BY 4.0 Doffin/DFØ) and eight invented notices of
Bærum kommune and Asker kommune, marked ``"_demo": true`` in ``procurement/data/demo_notices.json``.

The invented notices' dates are offsets from the day of loading (``"_offsets"``, in days), so the demo always
has a competition closing in three days, one in three weeks and one in two months, an advisory notice and two
awards whose winners are in the demo registry (and one foreign winner). Loading again the same day changes
nothing; on a later day the shifted dates update the invented notices as new versions.
"""

import datetime
import json
from pathlib import Path

from django.utils import timezone

from procurement.models import Notice
from procurement.services.notices import import_hits

DEMO_FILE = Path(__file__).resolve().parent.parent / "data" / "demo_notices.json"
# Deadlines at noon in Norway in summer, as most Doffin deadlines are (10:00 UTC).
DEADLINE_TIME = datetime.time(10, 0, tzinfo=datetime.UTC)


def demo_hits(today: datetime.date) -> list[dict]:
    hits = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    for hit in hits:
        offsets = hit.pop("_offsets", None)
        if not offsets:
            continue
        day = {name: today + datetime.timedelta(days=days) for name, days in offsets.items()}
        if "issueDate" in day:
            hit["issueDate"] = f"{day['issueDate'].isoformat()}T09:00:00Z"
        if "publicationDate" in day:
            hit["publicationDate"] = day["publicationDate"].isoformat()
        if "deadline" in day:
            hit["deadline"] = datetime.datetime.combine(day["deadline"], DEADLINE_TIME).isoformat().replace("+00:00", "Z")
    return hits


def load(users: dict) -> dict[str, int]:
    hits = demo_hits(timezone.localdate())
    report = import_hits(hits, source="demo")
    if report.rejected:
        raise ValueError(f"Demo notices rejected: {report.rejected}")
    return {"notices": Notice.objects.filter(doffin_id__in=[hit["id"] for hit in hits]).count()}
