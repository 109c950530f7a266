"""Permission predicates of procurement: notices, the procurement plan, market dialogue, alerts."""

import rules

from businesses.rules import represents_business
from portal.rules import is_administrator, is_officer

is_procurement_team = is_officer | is_administrator


@rules.predicate
def plan_is_published(user, plan) -> bool:
    return plan is not None and plan.state == "published"


@rules.predicate
def dialogue_is_public(user, dialogue) -> bool:
    """A dialogue out of draft is public: every supplier must be able to find it and register."""
    return dialogue is not None and dialogue.state != "draft"


@rules.predicate
def registered_for(user, registration) -> bool:
    """The user registered this supplier for the dialogue."""
    return registration is not None and user.is_authenticated and registration.user_id == user.pk


@rules.predicate
def owns_subscription(user, subscription) -> bool:
    return subscription is not None and user.is_authenticated and subscription.user_id == user.pk


# Notices are public, as on Doffin. Importing them and keeping plans and dialogues is the team's.
rules.add_perm("procurement.manage_procurement", is_procurement_team)
rules.add_perm("procurement.view_procurement_plan", plan_is_published | is_procurement_team)
rules.add_perm("procurement.view_dialogue", dialogue_is_public | is_procurement_team)
# Registrations, booked slots and who asked what are known to the team and to the supplier itself only.
rules.add_perm("procurement.act_for_registration", registered_for | is_procurement_team)
# Alerts: anyone logged in for themselves; for a business, its representatives and the team.
rules.add_perm("procurement.set_up_alerts_for_business", represents_business | is_procurement_team)
rules.add_perm("procurement.change_subscription", owns_subscription | is_procurement_team)
