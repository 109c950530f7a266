"""The daily digest: each officer's due items by e-mail, at most once a day, even if the task runs twice or a
worker dies mid-run."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from businesses.models import Enquiry
from portal.digest import RETRY_AFTER, html_to_text, send_daily_digests
from portal.models import DigestDelivery
from portal.roles import Role
from portal.tasks import send_daily_digests as send_daily_digests_task
from tests.businesses.factories_queue import days_ago, make_enquiry, make_follow_up
from tests.factories import UserFactory


@pytest.fixture
def due(personas):
    """The officer has an enquiry and a follow-up waiting; a colleague and the administrator have nothing."""
    officer = personas.officer
    UserFactory(email="colleague@test.example", role=Role.OFFICER)
    enquiry = make_enquiry(business=personas.business, assigned_to=officer, created=days_ago(2))
    make_enquiry(assigned_to=officer, state=Enquiry.State.ANSWERED)  # not waiting
    follow_up = make_follow_up(
        personas.business, owner=officer, due=timezone.localdate() - datetime.timedelta(days=1), title="Sende tilbud"
    )
    return {"enquiry": enquiry, "follow_up": follow_up}


def test_running_the_task_twice_sends_one_digest_to_each_officer_with_due_items(due, personas, mailoutbox):
    send_daily_digests_task.delay()
    send_daily_digests_task.delay()
    assert [message.to for message in mailoutbox] == [[personas.officer.email]]
    delivery = DigestDelivery.objects.get()
    assert (delivery.user, delivery.date, delivery.status, delivery.items) == (
        personas.officer,
        timezone.localdate(),
        DigestDelivery.Status.SENT,
        2,
    )


def test_the_digest_lists_the_due_items_with_links_in_the_users_language(due, personas, mailoutbox):
    personas.officer.language = "en"
    personas.officer.save(update_fields=["language"])
    assert send_daily_digests() == 1
    message = mailoutbox[0]
    base = settings.PORTAL_BASE_URL.rstrip("/")
    reference = due["enquiry"].reference
    assert message.subject.endswith("2 things are waiting for you")
    assert "2 things are waiting for you in the business portal today." in message.body
    assert f"{reference}: Funding <{base}/kontakt/henvendelser/{reference}/>" in message.body
    assert f"Sende tilbud <{base}/bedrifter/oppfolging/{due['follow_up'].pk}/>" in message.body
    assert "[Overdue]" in message.body
    assert f"Your tasks: {base}/arbeid/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{base}/kontakt/henvendelser/{reference}/"' in html
    assert 'href="/' not in html
    assert message.extra_headers["Message-ID"].startswith("<digest-")


def test_the_digest_is_in_bokmal_for_a_bokmal_user(due, personas, mailoutbox):
    send_daily_digests()
    assert personas.officer.language == "nb"
    assert "Hei," in mailoutbox[0].body


def test_nobody_gets_a_digest_when_nothing_is_due(personas, mailoutbox):
    assert send_daily_digests() == 0
    assert mailoutbox == []
    assert not DigestDelivery.objects.exists()


def test_a_digest_claimed_by_a_run_that_died_is_sent_once_by_the_next_run(due, personas, mailoutbox):
    now = timezone.now()
    DigestDelivery.objects.create(
        user=personas.officer, date=timezone.localdate(now), claimed_at=now - RETRY_AFTER - datetime.timedelta(minutes=1)
    )
    assert send_daily_digests(now=now) == 1
    assert send_daily_digests(now=now) == 0
    assert len(mailoutbox) == 1
    assert DigestDelivery.objects.get().status == DigestDelivery.Status.SENT


def test_a_digest_another_run_is_sending_right_now_is_left_to_it(due, personas, mailoutbox):
    now = timezone.now()
    DigestDelivery.objects.create(
        user=personas.officer, date=timezone.localdate(now), claimed_at=now - datetime.timedelta(minutes=2)
    )
    assert send_daily_digests(now=now) == 0
    assert mailoutbox == []


def test_yesterdays_digest_does_not_stop_todays(due, personas, mailoutbox):
    now = timezone.now()
    yesterday = timezone.localdate(now) - datetime.timedelta(days=1)
    DigestDelivery.objects.create(user=personas.officer, date=yesterday, status=DigestDelivery.Status.SENT, sent_at=now)
    assert send_daily_digests(now=now) == 1
    assert DigestDelivery.objects.filter(status=DigestDelivery.Status.SENT).count() == 2


def test_the_administrator_gets_one_too_and_other_roles_never(due, personas, mailoutbox):
    make_enquiry(created=days_ago(1))  # unassigned: waits for every officer and administrator
    send_daily_digests()
    send_daily_digests()
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [personas.officer.email, personas.admin.email, "colleague@test.example"]
    )


def test_a_deactivated_officer_gets_none(due, personas, mailoutbox):
    personas.officer.is_active = False
    personas.officer.save(update_fields=["is_active"])
    assert send_daily_digests() == 0


def test_html_to_text_keeps_headings_items_and_links():
    html = (
        '<section><h2>Open red flags <span>(2)</span></h2><ul><li><a href="https://x.example/a/">First</a>\n'
        " <span>Raised 1.12.2026</span></li><li>Second</li></ul></section>"
    )
    assert html_to_text(html) == "Open red flags (2)\n\n- First <https://x.example/a/> Raised 1.12.2026\n- Second"
