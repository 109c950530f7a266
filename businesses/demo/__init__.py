"""Demo content of the contact point, enquiries, owners and the CRM, so each role meets a realistic working day.

Called by ``portal.demo.load_demo`` after the registry and the demo users exist; each part is safe to run again.
"""

from businesses.demo import contact, crm, enquiries, owners


def load(users: dict) -> dict[str, int]:
    """``users``: the demo users by e-mail. Returns counts to print."""
    counts: dict[str, int] = {}
    for part in (contact, enquiries, owners, crm):
        counts.update(part.load(users))
    return counts
