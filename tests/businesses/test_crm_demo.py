"""The CRM's demo content: real businesses from the sample, idempotent, something for the purge to do."""

import pytest
from django.utils import timezone

from businesses.bulk import BulkFile
from businesses.demo import crm as demo
from businesses.models import Contact, FollowUp, Interaction, RedFlag, Tag
from businesses.services.privacy import purge_expired_contacts
from businesses.services.registry import import_units
from portal.roles import Role
from tests.businesses.conftest import SAMPLE_JSON
from tests.factories import UserFactory


@pytest.fixture
def users(reference):
    with BulkFile(SAMPLE_JSON) as bulk:
        import_units(bulk.rows(), municipalities=None, version="SN2007")
    return {
        "naeringssjef@demo.example": UserFactory(email="naeringssjef@demo.example", name="Ingrid Berg", role=Role.OFFICER),
        "naeringsradgiver@demo.example": UserFactory(
            email="naeringsradgiver@demo.example", name="Amir Haddad", role=Role.OFFICER
        ),
    }


def test_the_demo_is_realistic_and_loads_twice_without_duplicates(users):
    first = demo.load(users)
    assert demo.load(users) == first
    assert first == {"contacts": 25, "interactions": 60, "follow_ups": 13, "red_flags": 9, "tags": 6}
    chief = users["naeringssjef@demo.example"]
    today = timezone.localdate()
    mine = FollowUp.objects.filter(owner=chief, state=FollowUp.State.OPEN)
    assert mine.filter(due__lt=today).count() == 3
    assert mine.filter(due__gte=today, due__lte=today + timezone.timedelta(days=6)).count() == 3
    assert {c for c, _ in RedFlag.Category.choices} == set(
        RedFlag.objects.filter(resolved_at__isnull=True).values_list("category", flat=True)
    )
    assert RedFlag.objects.filter(resolved_at__isnull=False).count() == 3
    assert set(Interaction.objects.values_list("kind", flat=True)) == {"visit", "call", "email", "meeting", "event"}
    assert set(Interaction.objects.values_list("created_by__email", flat=True)) == set(users)
    assert Tag.objects.get(name="Fornebu teknologiklynge").businesses.count() == 6
    assert purge_expired_contacts() == 3
    assert Contact.objects.count() == 22


def test_without_the_second_officer_the_first_logs_everything(users):
    del users["naeringsradgiver@demo.example"]
    demo.load(users)
    assert set(Interaction.objects.values_list("created_by__email", flat=True)) == {"naeringssjef@demo.example"}
