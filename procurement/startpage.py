"""Procurement's sections of the start pages: questions to answer, the user's registrations and alerts.
Registered from ProcurementConfig.ready()."""

import datetime

import rules
from django.db.models import Count, Q
from django.utils import timezone

from portal import startpage
from portal.rules import is_business_owner, is_staff_member
from procurement.models import DialogueRegistration, MarketDialogue
from procurement.services.alerts import listed_subscriptions

# Rows per section; the dialogue pages show the rest.
ROWS = 10
# A dialogue whose input deadline is this near is on the team's start page.
DEADLINE_NEAR = datetime.timedelta(days=7)


def dialogue_work(user) -> dict:
    """For the team, in one query: dialogues with questions waiting for an answer (how many) and open dialogues
    whose input deadline is near. ``count`` is the number of questions waiting."""
    now = timezone.now()
    waiting = Count("questions", filter=Q(questions__published_at__isnull=True))
    dialogues = list(
        MarketDialogue.objects.exclude(state=MarketDialogue.State.DRAFT)
        .annotate(waiting=waiting)
        .filter(
            Q(waiting__gt=0) | Q(state=MarketDialogue.State.OPEN, input_deadline__gt=now, input_deadline__lte=now + DEADLINE_NEAR)
        )
        .only("pk", "title", "state", "input_deadline")
        .order_by("input_deadline", "pk")
    )
    for dialogue in dialogues:
        dialogue.deadline_near = (
            dialogue.state == MarketDialogue.State.OPEN
            and dialogue.input_deadline is not None
            and now < dialogue.input_deadline <= now + DEADLINE_NEAR
        )
    return {"dialogues": dialogues[:ROWS], "count": sum(d.waiting for d in dialogues)}


def my_registrations(user) -> dict:
    """The user's registrations for market dialogues, each with its booked slot."""
    registrations = list(
        DialogueRegistration.objects.filter(user=user)
        .select_related("dialogue")
        .prefetch_related("slots")
        .order_by("-created", "-pk")[:ROWS]
    )
    return {"registrations": registrations, "count": len(registrations)}


def my_alerts(user) -> dict:
    """The procurement alerts the user set up or gets for a business they represent."""
    # One query: a user has a handful of alerts, not hundreds.
    subscriptions = list(listed_subscriptions(user).prefetch_related(None))
    return {"subscriptions": subscriptions[:5], "count": len(subscriptions)}


def manages_procurement(user) -> bool:
    return user.is_authenticated and user.has_perm("procurement.manage_procurement")


# A supplier registering for a dialogue may have no role in the portal (it comes with a claimed business);
# the staff don't register.
not_staff = rules.is_authenticated & ~is_staff_member


def register() -> None:
    startpage.register(
        "procurement.dialogue_work",
        page=startpage.WORK,
        template="procurement/dialogues/startpage_work.html",
        context=dialogue_work,
        applies_to=manages_procurement,
        order=60,
    )
    startpage.register(
        "procurement.my_registrations",
        page=startpage.MY_PAGE,
        template="procurement/dialogues/startpage_mine.html",
        context=my_registrations,
        applies_to=not_staff,
        order=60,
    )
    startpage.register(
        "procurement.my_alerts",
        page=startpage.MY_PAGE,
        template="procurement/alerts/startpage.html",
        context=my_alerts,
        applies_to=is_business_owner,
        order=61,
    )
