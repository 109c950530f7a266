"""Permission predicates of the strategic business plan."""

import rules

from portal.rules import is_administrator, is_chief_executive, is_council_member, is_officer

is_plan_team = is_officer | is_administrator


@rules.predicate
def plan_is_public(user, plan) -> bool:
    """A plan out on consultation, adopted or archived is public (offentleglova); a draft is not."""
    return plan is not None and plan.state != "draft"


@rules.predicate
def reports_on(user, report) -> bool:
    """The user is the reporter asked for this measure's status in the round."""
    return report is not None and user.is_authenticated and report.reporter_id == user.pk


# Reading: public plans for everyone; drafts for the staff who prepare them and the business council.
rules.add_perm("strategies.view_plan", plan_is_public | is_plan_team | is_chief_executive | is_council_member)
# Keeping the plan: structure, weights, indicators, status rounds, revisions, consultations, imports.
rules.add_perm("strategies.manage_plans", is_plan_team)
# A responsible party answers for their measures in a status round; the team may fill in for them.
rules.add_perm("strategies.report_status", reports_on | is_plan_team)
