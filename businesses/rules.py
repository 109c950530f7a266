"""Permission predicates for the business registry."""

import rules

from portal.rules import is_administrator, is_chief_executive, is_council_member, is_officer


@rules.predicate
def represents_business(user, business) -> bool:
    if business is None or not user.is_authenticated:
        return False
    return business.representatives.filter(user=user).exists()


# Contact data of people behind a business is personal data: officers and the business itself.
rules.add_perm("businesses.view_business_contacts", is_officer | is_administrator | represents_business)
rules.add_perm("businesses.view_internal_notes", is_officer | is_administrator)
rules.add_perm("businesses.view_registry_overview", is_officer | is_administrator | is_chief_executive | is_council_member)
rules.add_perm("businesses.export_businesses", is_officer | is_administrator)
