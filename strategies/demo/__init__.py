"""Demo content of the strategic business plan: a regional plan in the shape of the Gardermoen region's, its
indicators, a status round in progress, an earlier revision to compare with, a closed consultation.

Called by ``portal.demo.load_demo`` after the registry, the users and the meetings exist; each part is safe to run again.
"""

from strategies.demo import consultations, indicators, plans, revisions, rounds
from strategies.models import Measure, Plan


def load(users: dict) -> dict[str, int]:
    counts: dict[str, int] = {}
    for part in (plans, revisions, indicators, rounds, consultations):
        counts.update(part.load(users))
    current = Plan.objects.filter(title=plans.TITLE).order_by("-version").first()
    counts["measures"] = Measure.objects.filter(goal__focus_area__plan=current).count()
    return counts
