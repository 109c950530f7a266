"""Permission predicates for pages that belong to the portal as a whole."""

import rules

from portal.queries import user_roles
from portal.roles import Role


def has_role(role: Role) -> rules.Predicate:
    @rules.predicate(name=f"has_role:{role.value}")
    def predicate(user) -> bool:
        return role.value in user_roles(user)

    return predicate


is_business_owner = has_role(Role.BUSINESS_OWNER)
is_officer = has_role(Role.OFFICER)
is_council_member = has_role(Role.COUNCIL_MEMBER)
is_chief_executive = has_role(Role.CHIEF_EXECUTIVE)
is_politician = has_role(Role.POLITICIAN)
is_administrator = has_role(Role.ADMINISTRATOR)

is_staff_member = is_officer | is_chief_executive | is_administrator
can_view_dashboard = is_staff_member | is_council_member | is_politician

rules.add_perm("portal.view_dashboard", can_view_dashboard)
# The start page "Mine oppgaver" (/arbeid/): what waits for those who run the dialogue, and the council's action points.
rules.add_perm("portal.view_work", is_staff_member | is_council_member)
# The Næringsrapport: whoever sees the dashboard may read the reports and ask for a new one.
rules.add_perm("portal.view_reports", can_view_dashboard)
rules.add_perm("portal.request_report", can_view_dashboard)
