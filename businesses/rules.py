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


@rules.predicate
def sent_enquiry(user, enquiry) -> bool:
    """The enquiry was sent by this user, or for a business the user represents."""
    if enquiry is None or not user.is_authenticated:
        return False
    if enquiry.user_id == user.pk:
        return True
    return enquiry.business_id is not None and enquiry.business.representatives.filter(user=user).exists()


is_team = is_officer | is_administrator

# The contact point: the catalogue, the advisers' profiles and the routing table are kept by the business team.
rules.add_perm("businesses.manage_contact_point", is_team)
# Enquiries: the team handles them all; a sender follows their own (and a business's representatives, its).
rules.add_perm("businesses.handle_enquiries", is_team)
rules.add_perm("businesses.view_enquiry", is_team | sent_enquiry)
# Owners: the team decides claims; a business's profile is kept by its representatives and the team.
rules.add_perm("businesses.decide_claims", is_team)
rules.add_perm("businesses.edit_business_profile", is_team | represents_business)
rules.add_perm("businesses.request_meeting", represents_business)
# The CRM (contacts, interactions, follow-ups, red flags, tags): personal data and notes, the team only.
rules.add_perm("businesses.use_crm", is_team)

# --- Owners: the team answers meeting requests; representatives and the team follow them.


@rules.predicate
def represents_a_business(user) -> bool:
    return user.is_authenticated and user.represented_businesses.exists()


rules.add_perm("businesses.answer_meeting_requests", is_team)
rules.add_perm("businesses.view_meeting_requests", is_team | represents_a_business)
