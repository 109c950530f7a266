"""Demo content of procurement: the real Doffin notices, a procurement plan for the coming year, a market
dialogue with booked slots and a published answer, and alerts for the demo owner's business.

Called by ``portal.demo.load_demo`` after the registry and the users exist; each part is safe to run again.
"""

from procurement.demo import alerts, dialogues, notices, plans


def load(users: dict) -> dict[str, int]:
    counts: dict[str, int] = {}
    for part in (notices, plans, dialogues, alerts):
        counts.update(part.load(users))
    return counts
