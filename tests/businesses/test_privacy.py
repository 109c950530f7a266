"""Data protection in the CRM: export of a contact's data, erasure on request, the retention purge."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from businesses.models import Contact, Interaction
from businesses.services.privacy import purge_expired_contacts
from businesses.tasks import purge_expired_contacts as purge_task
from portal.models import ActivityLog
from tests.businesses.factories_crm import ContactFactory, InteractionFactory

NAME, EMAIL, PHONE = "Randi Personvern", "randi@desintrygg.example", "+47 99887766"


@pytest.fixture
def person(personas, client_for):
    """A contact added and changed through the pages, so every log entry about them is the real one."""
    client = client_for("officer")
    retain = timezone.localdate() + datetime.timedelta(days=100)
    client.post(
        reverse("businesses:contact_add", args=[personas.business.orgnr]),
        {
            "name": NAME,
            "email": EMAIL,
            "phone": PHONE,
            "lawful_basis": "consent",
            "retain_until": retain.isoformat(),
            "notes": "Ring før lunsj.",
        },
    )
    contact = Contact.objects.get(name=NAME)
    client.post(
        reverse("businesses:contact_edit", args=[contact.pk]),
        {
            "name": NAME,
            "role": "Økonomisjef",
            "email": EMAIL,
            "phone": PHONE,
            "lawful_basis": "consent",
            "retain_until": retain.isoformat(),
            "notes": "Ring før lunsj.",
        },
    )
    contact.refresh_from_db()
    return contact


def assert_no_personal_data_in_the_log():
    for entry in ActivityLog.objects.all():
        text = json.dumps(entry.data, ensure_ascii=False)
        for value in (NAME, EMAIL, PHONE, "Randi", "Ring før lunsj"):
            assert value not in text, (entry.action, entry.data)


def test_export_holds_everything_about_the_person(client_for, personas, person):
    first = InteractionFactory(
        businesses=[personas.business, personas.other_business],
        contacts=[person],
        kind="visit",
        date=datetime.date(2026, 3, 4),
        subject="Besøk",
        notes="Snakket om lokaler.",
    )
    InteractionFactory(businesses=[personas.business], subject="Uten Randi")
    response = client_for("officer").get(reverse("businesses:contact_export", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == f'attachment; filename="kontakt-{person.pk}.json"'
    assert json.loads(response.content) == {
        "contact": {
            "id": person.pk,
            "business": {"orgnr": "925321141", "name": "DESINTRYGG AS"},
            "name": NAME,
            "title": "Økonomisjef",
            "email": EMAIL,
            "phone": PHONE,
            "lawful_basis": "consent",
            "retain_until": person.retain_until.isoformat(),
            "notes": "Ring før lunsj.",
            "created": person.created.isoformat(),
            "updated": person.updated.isoformat(),
        },
        "interactions": [
            {
                "id": first.pk,
                "kind": "visit",
                "date": "2026-03-04",
                "subject": "Besøk",
                "notes": "Snakket om lokaler.",
                "businesses": ["812844822", "925321141"],
            }
        ],
    }
    entry = ActivityLog.objects.get(action="businesses.contact_exported")
    assert (entry.actor, entry.object_id, entry.data) == (
        personas.officer,
        str(person.pk),
        {"contact": person.pk, "business": "925321141"},
    )
    assert_no_personal_data_in_the_log()


def test_erase_asks_first_then_deletes_and_leaves_no_personal_data(client_for, personas, person):
    interaction = InteractionFactory(businesses=[personas.business], contacts=[person])
    client = client_for("officer")
    url = reverse("businesses:contact_erase", args=[person.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert Contact.objects.filter(pk=person.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not Contact.objects.filter(pk=person.pk).exists()
    assert Interaction.objects.filter(pk=interaction.pk).exists()
    assert not interaction.contacts.exists()
    entry = ActivityLog.objects.get(action="businesses.contact_erased")
    assert (entry.actor, entry.object_id, entry.data) == (
        personas.officer,
        str(person.pk),
        {"contact": person.pk, "business": "925321141"},
    )
    assert list(
        ActivityLog.objects.filter(object_id=str(person.pk), action__startswith="businesses.contact")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "businesses.contact_added",
        "businesses.contact_updated",
        "businesses.contact_erased",
    ]
    assert_no_personal_data_in_the_log()
    assert client.post(url).status_code == 404  # gone: a repeat finds nothing


def test_the_purge_deletes_expired_contacts_once_and_logs_once(personas):
    today = timezone.localdate()
    expired = ContactFactory(
        business=personas.business, name=NAME, email=EMAIL, phone=PHONE, retain_until=today - datetime.timedelta(days=1)
    )
    last_day = ContactFactory(business=personas.business, retain_until=today)
    kept = ContactFactory(business=personas.other_business, retain_until=today + datetime.timedelta(days=1))
    InteractionFactory(businesses=[personas.business], contacts=[expired, last_day])
    assert purge_expired_contacts(today) == 1
    assert purge_expired_contacts(today) == 0
    assert set(Contact.objects.values_list("pk", flat=True)) == {last_day.pk, kept.pk}
    entries = ActivityLog.objects.filter(action="businesses.contact_purged")
    assert [(e.actor, e.object_id, e.data) for e in entries] == [
        (None, str(expired.pk), {"contact": expired.pk, "business": "925321141"})
    ]
    assert_no_personal_data_in_the_log()


def test_the_beat_task_runs_the_purge(personas):
    ContactFactory(business=personas.business, retain_until=timezone.localdate() - datetime.timedelta(days=3))
    assert purge_task.delay().get() == 1
    assert purge_task.delay().get() == 0
    assert Contact.objects.count() == 0
    assert ActivityLog.objects.filter(action="businesses.contact_purged").count() == 1


def test_the_purge_is_in_the_beat_schedule(settings):
    assert settings.CELERY_BEAT_SCHEDULE["purge-expired-contacts"]["task"] == purge_task.name
