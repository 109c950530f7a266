"""What the businesses app contributes to the role pages. Registered from BusinessesConfig.ready().

The staff start page (/arbeid/), for the business team: new and unanswered enquiries (the user's own and
the unassigned), follow-ups due within a week or overdue, open red flags, claims to decide and meeting
requests waiting for the user. Each section is one query: the first ``ROWS`` rows, each carrying the
total as a window count, so the page costs the same however much waits.

"Min side", for business owners: the businesses they represent, their enquiries with the latest answer,
their claims waiting for approval, and their meeting requests (offered times first).
"""

import datetime

import rules
from django.db.models import F, Func, Max, Q, Subquery
from django.utils import timezone

from businesses.models import BusinessClaim, DecisionState, Enquiry, EnquiryMessage, FollowUp, MeetingRequest, RedFlag
from businesses.queries import businesses_represented_by
from businesses.rules import is_team
from portal import startpage
from portal.rules import is_business_owner, is_staff_member

# Rows per start-page section; the link under it leads to the whole list.
ROWS = 10
# Follow-ups show up this long before they are due (and stay once overdue).
FOLLOW_UPS_DUE_WITHIN = datetime.timedelta(days=7)
WAITING_ENQUIRY_STATES = (Enquiry.State.NEW, Enquiry.State.OPEN)


def _first_rows(queryset) -> tuple[list, int]:
    """The first ``ROWS`` rows and the total, in one query. The total is an uncorrelated subquery (the
    database counts once, without the joins), so the rows themselves can be read top-N first."""
    total = queryset.order_by().annotate(total=Func(F("pk"), function="COUNT")).values("total")
    rows = list(queryset.annotate(total_count=Subquery(total))[:ROWS])
    return rows, rows[0].total_count if rows else 0


# --- The staff start page --------------------------------------------------------------------------


def waiting_enquiries(user) -> dict:
    enquiries = (
        Enquiry.objects.filter(state__in=WAITING_ENQUIRY_STATES)
        .filter(Q(assigned_to=user) | Q(assigned_to__isnull=True))
        .select_related("business")
        .order_by("created", "pk")
    )
    rows, count = _first_rows(enquiries)
    return {"enquiries": rows, "count": count}


def follow_ups_due(user) -> dict:
    today = timezone.localdate()
    follow_ups = (
        FollowUp.objects.filter(owner=user, state=FollowUp.State.OPEN, due__lte=today + FOLLOW_UPS_DUE_WITHIN)
        .select_related("business")
        .order_by("due", "pk")
    )
    rows, count = _first_rows(follow_ups)
    return {"follow_ups": rows, "count": count, "today": today}


def open_red_flags(user) -> dict:
    flags = RedFlag.objects.filter(resolved_at__isnull=True).select_related("business").order_by("-severity", "raised_at", "pk")
    rows, count = _first_rows(flags)
    return {"red_flags": rows, "count": count}


def pending_claims(user) -> dict:
    claims = (
        BusinessClaim.objects.filter(state=DecisionState.PENDING).select_related("business", "user").order_by("created", "pk")
    )
    rows, count = _first_rows(claims)
    return {"claims": rows, "count": count}


def meeting_requests_waiting(user) -> dict:
    requests = (
        MeetingRequest.objects.filter(adviser=user, state=MeetingRequest.State.REQUESTED)
        .select_related("business")
        .order_by("created", "pk")
    )
    rows, count = _first_rows(requests)
    return {"requests": rows, "count": count}


def decides_claims(user) -> bool:
    return user.has_perm("businesses.decide_claims")


# --- Min side --------------------------------------------------------------------------------------


def represented_businesses(user) -> dict:
    businesses = list(businesses_represented_by(user).select_related("municipality").order_by("name", "orgnr"))
    return {"businesses": businesses, "count": len(businesses)}


def _own(user) -> Q:
    """Sent by the user, or about a business the user represents (the rule ``businesses.view_enquiry`` follows)."""
    return Q(user=user) | Q(business__representatives__user=user)


def my_enquiries(user) -> dict:
    mine = Enquiry.objects.filter(pk__in=Enquiry.objects.filter(_own(user)).values("pk"))
    enquiries = list(
        mine.select_related("business")
        .annotate(last_answer=Max("messages__created", filter=Q(messages__direction=EnquiryMessage.Direction.ANSWER)))
        .order_by("-created", "-pk")[:ROWS]
    )
    return {"enquiries": enquiries, "count": len(enquiries)}


def my_claims(user) -> dict:
    claims = list(
        BusinessClaim.objects.filter(user=user, state=DecisionState.PENDING)
        .select_related("business")
        .order_by("-created", "-pk")
    )
    return {"claims": claims, "count": len(claims)}


def my_meeting_requests(user) -> dict:
    """Open requests: those with times offered (waiting for the user's answer) first."""
    requests = list(
        MeetingRequest.objects.filter(
            pk__in=MeetingRequest.objects.filter(
                Q(requested_by=user) | Q(business__representatives__user=user),
                state__in=(MeetingRequest.State.REQUESTED, MeetingRequest.State.OFFERED),
            ).values("pk")
        )
        .select_related("business")
        .prefetch_related("offered_times")
        .order_by("state", "-created", "-pk")  # "offered" sorts before "requested"
    )
    waiting = sum(1 for request in requests if request.state == MeetingRequest.State.OFFERED)
    return {"requests": requests, "count": waiting}


not_staff = rules.is_authenticated & ~is_staff_member


def register() -> None:
    # "Min side". Anyone outside the municipality's staff may have sent an enquiry or claimed a business
    # before holding the business-owner role (it comes with the first approved claim); council members
    # and politicians run businesses too.
    for key, template, context, applies_to, order in (
        ("businesses.represented", "represented", represented_businesses, is_business_owner, 10),
        ("businesses.my_enquiries", "my_enquiries", my_enquiries, not_staff, 11),
        ("businesses.my_meeting_requests", "my_meeting_requests", my_meeting_requests, is_business_owner, 12),
        ("businesses.my_claims", "my_claims", my_claims, not_staff, 13),
    ):
        startpage.register(
            key,
            page=startpage.MY_PAGE,
            template=f"businesses/startpage/{template}.html",
            context=context,
            applies_to=applies_to,
            order=order,
        )
    # The staff start page: the meetings' sections are 10-30.
    for key, template, context, applies_to, order in (
        ("businesses.enquiries", "enquiries", waiting_enquiries, is_team, 1),
        ("businesses.follow_ups", "follow_ups", follow_ups_due, is_team, 2),
        ("businesses.red_flags", "red_flags", open_red_flags, is_team, 3),
        ("businesses.claims", "claims", pending_claims, decides_claims, 4),
        ("businesses.meeting_requests", "meeting_requests", meeting_requests_waiting, is_team, 5),
    ):
        startpage.register(
            key,
            page=startpage.WORK,
            template=f"businesses/startpage/{template}.html",
            context=context,
            applies_to=applies_to,
            order=order,
        )
