"""Data protection duties for the CRM's contacts: access (export), erasure on request, and deletion when
the retention date has passed. The activity log keeps that each happened, never who the person was."""

import datetime

from django.db import connection, transaction
from django.utils import timezone

from businesses.models import Contact
from portal.services import log_activity


def _date(value) -> str | None:
    return value.isoformat() if value else None


def export_contact_data(contact: Contact, *, by) -> dict:
    """Everything held about the person: the contact row and the interactions that name them (GDPR art. 15).

    Who read the export is logged: the log entry holds the contact's id, not their data.
    """
    interactions = contact.interactions.order_by("date", "pk").prefetch_related("businesses")
    data = {
        "contact": {
            "id": contact.pk,
            "business": {"orgnr": contact.business.orgnr, "name": contact.business.name},
            "name": contact.name,
            "title": contact.role,
            "email": contact.email,
            "phone": contact.phone,
            "lawful_basis": contact.lawful_basis,
            "retain_until": _date(contact.retain_until),
            "notes": contact.notes,
            "created": _date(contact.created),
            "updated": _date(contact.updated),
        },
        "interactions": [
            {
                "id": interaction.pk,
                "kind": interaction.kind,
                "date": _date(interaction.date),
                "subject": interaction.subject,
                "notes": interaction.notes,
                "businesses": sorted(b.orgnr for b in interaction.businesses.all()),
            }
            for interaction in interactions
        ],
    }
    log_activity(
        contact,
        actor=by,
        action="businesses.contact_exported",
        data={"contact": contact.pk, "business": contact.business.orgnr},
    )
    return data


def _erase(contact: Contact, *, by, action: str) -> None:
    log_activity(contact, actor=by, action=action, data={"contact": contact.pk, "business": contact.business.orgnr})
    # The interactions stay (they are the municipality's record of its work); they no longer name the person.
    contact.interactions.clear()
    contact.delete()


@transaction.atomic
def erase_contact(contact: Contact, *, by) -> bool:
    """Delete the person on request (GDPR art. 17) and take them off every interaction. Already gone: False."""
    locked = Contact.objects.select_for_update().select_related("business").filter(pk=contact.pk).first()
    if locked is None:
        return False
    _erase(locked, by=by, action="businesses.contact_erased")
    return True


@transaction.atomic
def purge_expired_contacts(today: datetime.date | None = None) -> int:
    """Delete every contact whose ``retain_until`` is before ``today``; one log entry each. Safe to run twice
    (and concurrently: rows another run holds are skipped, and gone by the time this one could see them)."""
    today = today or timezone.localdate()
    expired = Contact.objects.filter(retain_until__lt=today).select_related("business").order_by("pk")
    if connection.features.has_select_for_update_skip_locked:
        expired = expired.select_for_update(skip_locked=True, of=("self",))
    count = 0
    for contact in expired:
        _erase(contact, by=None, action="businesses.contact_purged")
        count += 1
    return count
