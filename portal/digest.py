"""The daily digest: each officer's and administrator's start page ("Mine oppgaver") by e-mail, when
something waits for them, at most once a day.

The e-mail is the start page's own sections (startpage.WORK) as each app renders them, with links
made absolute, and a plain-text version read off the same HTML; so a new app's section comes along
without a template of its own for the e-mail.

At most once per user per day: a ``DigestDelivery(user, date)`` row is claimed (unique constraint,
then a conditional UPDATE of ``claimed_at``) before anything is sent. Of two runs at once only one
wins the claim. The message is transferred to the mail server, the row marked sent and committed,
and only then released (``portal.mail.Transfer``, as meetings/services/reminders.py does), so a
worker killed before the commit leaves the row queued and nothing delivered; a later run that day
(the task redelivered after the worker died, or run again) takes on a row claimed more than
``RETRY_AFTER`` ago and sends it.
"""

import datetime
import logging
import re
from dataclasses import replace
from html.parser import HTMLParser
from urllib.parse import urlparse

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from portal import startpage
from portal.context_processors import portal_context
from portal.mail import Message, render_message, send_once
from portal.models import DigestDelivery, User
from portal.roles import Role

logger = logging.getLogger(__name__)

# A digest claimed this long ago and still not sent belongs to a run that died: the next run sends it.
RETRY_AFTER = datetime.timedelta(minutes=30)
RECIPIENT_ROLES = (Role.OFFICER, Role.ADMINISTRATOR)


def digest_recipients():
    """Active officers and administrators: those whose start page the digest brings."""
    return (
        User.objects.filter(is_active=True, groups__name__in=[role.value for role in RECIPIENT_ROLES]).distinct().order_by("pk")
    )


def send_daily_digests(*, now: datetime.datetime | None = None) -> int:
    """Send today's digest to every recipient with something waiting who has not had it. Returns how many were sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    for user in digest_recipients():
        parts = [part for part in startpage.parts_for(startpage.WORK, user) if part.count]
        if not parts:
            continue
        delivery = claim_digest(user, day=today, now=now, items=sum(part.count for part in parts))
        if delivery is None:
            continue
        try:
            sent += deliver_digest(delivery, render_digest(user, parts, pk=delivery.pk))
        except OSError as error:  # no connection, or the server refused: the row waits for a later run
            logger.warning("The digest to user %s was not sent: %s", user.pk, error)
            DigestDelivery.objects.filter(pk=delivery.pk, status=DigestDelivery.Status.QUEUED).update(claimed_at=None)
    return sent


def claim_digest(user, *, day: datetime.date, now: datetime.datetime, items: int) -> DigestDelivery | None:
    """Take on today's digest to ``user``: None if it is sent, or another run is sending it."""
    # Two runs at once both try; the unique constraint keeps one row and the conditional UPDATE below picks the winner.
    DigestDelivery.objects.bulk_create([DigestDelivery(user=user, date=day, items=items)], ignore_conflicts=True)
    stale = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - RETRY_AFTER)
    claimed = DigestDelivery.objects.filter(stale, user=user, date=day, status=DigestDelivery.Status.QUEUED).update(
        claimed_at=now, items=items
    )
    if not claimed:
        return None
    return DigestDelivery.objects.get(user=user, date=day)


def deliver_digest(delivery: DigestDelivery, message: Message) -> bool:
    """Transfer, mark sent (committed), release. False if the row was no longer ours to send."""
    rows = DigestDelivery.objects.filter(pk=delivery.pk)
    return send_once(
        message,
        mark_sent=lambda: bool(
            rows.filter(status=DigestDelivery.Status.QUEUED, claimed_at=delivery.claimed_at).update(
                status=DigestDelivery.Status.SENT, sent_at=timezone.now()
            )
        ),
        unmark=lambda: rows.update(status=DigestDelivery.Status.QUEUED, sent_at=None),
    )


def render_digest(user, parts: list[startpage.Part], *, pk: int | None = None) -> Message:
    """The digest to ``user`` in their language: the start page's sections with something in them."""
    language = user.language or settings.LANGUAGE_CODE
    base = settings.PORTAL_BASE_URL.rstrip("/")
    with translation.override(language):
        context = portal_context()
        sections = []
        for part in parts:
            html = absolute_links(render_to_string(part.template, {**context, "data": part.data}), base)
            sections.append({"html": html, "text": html_to_text(html)})
    message = render_message(
        "portal/email/digest",
        to=user.email,
        language=language,
        context={
            "user": user,
            "sections": sections,
            "count": sum(part.count for part in parts),
            "url": base + reverse("portal:work"),
        },
    )
    if pk is None:
        return message
    host = urlparse(settings.PORTAL_BASE_URL).hostname
    return replace(message, headers={"Message-ID": f"<digest-{pk}@{host}>"})


_HREF = re.compile(r'href="(/[^"/][^"]*|/)"')


def absolute_links(html: str, base: str) -> str:
    return _HREF.sub(lambda match: f'href="{base}{match.group(1)}"', html)


class _TextParser(HTMLParser):
    """HTML of a start-page section as plain text: headings and list items on lines of their own, links
    followed by their address."""

    BLOCKS = {"h1", "h2", "h3", "h4", "p", "li", "tr", "section", "ul", "ol", "table", "br"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line: list[str] = []
        self.hrefs: list[str] = []
        self.spans: list[bool] = []  # for each open <span>: whether it is a tag ("Overdue"), shown in brackets

    def _break(self):
        text = " ".join("".join(self.line).split())
        if text:
            self.lines.append(text)
        self.line = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self._break()
        if tag == "li":
            self.line.append("- ")
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")
        if tag == "span":
            is_tag = "ds-tag" in (dict(attrs).get("class") or "").split()
            self.spans.append(is_tag)
            if is_tag:
                self.line.append(" [")

    def handle_endtag(self, tag):
        if tag == "span" and self.spans and self.spans.pop():
            self.line.append("]")
        if tag == "a" and self.hrefs:
            href = self.hrefs.pop()
            if href:
                self.line.append(f" <{href}>")
        if tag in self.BLOCKS:
            self._break()
        if tag in {"h1", "h2", "h3"}:
            self.lines.append("")

    def handle_data(self, data):
        self.line.append(data)

    def text(self) -> str:
        self._break()
        return "\n".join(self.lines).strip()


def html_to_text(html: str) -> str:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return parser.text()
