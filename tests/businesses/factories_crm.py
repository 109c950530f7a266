"""Factories for the officers' CRM (contacts, interactions, follow-ups, red flags, tags)."""

import datetime

import factory
from django.utils import timezone

from businesses.models import Contact, FollowUp, Interaction, RedFlag, Tag
from tests.factories import BusinessFactory


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    business = factory.SubFactory(BusinessFactory)
    name = factory.Sequence(lambda n: f"Kontakt Person {n}")
    role = "Daglig leder"
    email = factory.Sequence(lambda n: f"kontakt{n}@bedrift.example")
    phone = factory.Sequence(lambda n: f"+47 9{n:07d}")
    retain_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction
        skip_postgeneration_save = True

    kind = Interaction.Kind.CALL
    date = factory.LazyFunction(timezone.localdate)
    subject = factory.Sequence(lambda n: f"Samtale {n}")

    @factory.post_generation
    def businesses(self, create, extracted, **kwargs):
        if create and extracted:
            self.businesses.add(*extracted)

    @factory.post_generation
    def contacts(self, create, extracted, **kwargs):
        if create and extracted:
            self.contacts.add(*extracted)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    business = factory.SubFactory(BusinessFactory)
    title = factory.Sequence(lambda n: f"Ring tilbake {n}")
    due = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=3))


class RedFlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RedFlag

    business = factory.SubFactory(BusinessFactory)
    category = RedFlag.Category.PREMISES
    description = "Trenger 2000 m² lager innen ett år."


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ["kind", "name"]

    kind = Tag.Kind.CLUSTER
    name = factory.Sequence(lambda n: f"Klynge {n}")
