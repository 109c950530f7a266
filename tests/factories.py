import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from businesses.models import Business, BusinessRepresentative, Municipality
from businesses.records import fold_for_search
from portal.models import User
from portal.roles import STAFF_ROLES
from portal.services import assign_role

TEST_PASSWORD = "correct-horse-battery-staple-77"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["number"]

    number = "3201"
    name = "Bærum"
    county_number = "32"
    county_name = "Akershus"


class BusinessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Business
        django_get_or_create = ["orgnr"]

    orgnr = factory.Sequence(lambda n: f"{910000000 + n}")
    name = factory.Sequence(lambda n: f"TESTBEDRIFT {n} AS")
    search_name = factory.LazyAttribute(lambda unit: fold_for_search(unit.name))
    municipality = factory.SubFactory(MunicipalityFactory)
    employees = 5


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@test.example")
    name = factory.Faker("name", locale="no_NO")
    language = "nb"

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.get_or_create(user=self, email=self.email, defaults={"verified": True, "primary": True})

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        """UserFactory(role=Role.OFFICER): staff roles also get a TOTP authenticator (secret in .totp_secret)."""
        if create and extracted:
            assign_role(self, extracted, by=None)
            if extracted in STAFF_ROLES and kwargs.get("totp", True):
                self.totp_secret = generate_totp_secret()
                TOTP.activate(self, self.totp_secret)


class BusinessRepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessRepresentative

    business = factory.SubFactory(BusinessFactory)
    user = factory.SubFactory(UserFactory)
    title = "Daglig leder"
