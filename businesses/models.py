from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Municipality(models.Model):
    """A municipality with its 2024 number (SSB)."""

    number = models.CharField(_("municipality number"), max_length=4, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    county_number = models.CharField(_("county number"), max_length=2)
    county_name = models.CharField(_("county"), max_length=100)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number} {self.name}"


class MunicipalityRenumbering(models.Model):
    """An old municipality number (before 2020, or 2020-2023) and the 2024 number it became."""

    old_number = models.CharField(_("old number"), max_length=4, primary_key=True)
    old_name = models.CharField(_("old name"), max_length=100)
    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("municipality renumbering")
        verbose_name_plural = _("municipality renumberings")
        ordering = ["old_number"]

    def __str__(self):
        return f"{self.old_number} → {self.municipality_id}"


class IndustryCode(models.Model):
    """A section (letter) or division (two digits) of SN2007 or SN2025."""

    class Version(models.TextChoices):
        SN2007 = "SN2007", "SN2007"
        SN2025 = "SN2025", "SN2025"

    version = models.CharField(_("classification"), max_length=6, choices=Version.choices)
    code = models.CharField(_("code"), max_length=10)
    parent_code = models.CharField(_("parent code"), max_length=10, blank=True)
    level = models.PositiveSmallIntegerField(_("level"))
    name = models.CharField(_("name"), max_length=300)

    class Meta:
        verbose_name = _("industry code")
        verbose_name_plural = _("industry codes")
        ordering = ["version", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_industry_code_per_version")]

    def __str__(self):
        return f"{self.code} {self.name} ({self.version})"


class OrganisationForm(models.Model):
    code = models.CharField(_("code"), max_length=8, primary_key=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("organisation form")
        verbose_name_plural = _("organisation forms")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class ReferenceLoad(models.Model):
    """The last load of the reference tables above that changed them (one row).

    ``version`` is new at every such load, so what is cached from the tables (the registry's filter
    choices) is keyed by it and follows a reload, in this database only.
    """

    version = models.CharField(max_length=32)
    loaded = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.version} ({self.loaded:%Y-%m-%d %H:%M})"


class RegistryUnit(models.Model):
    """What a main unit (enhet) and an establishment (underenhet) share in Enhetsregisteret."""

    orgnr = models.CharField(_("organisation number"), max_length=9, unique=True)
    name = models.CharField(_("name"), max_length=300)
    # The name folded for matching: lower case, æ/ø/å spelled out (see records.fold_for_search).
    search_name = models.CharField(max_length=300, blank=True, editable=False)
    # Address and postal place folded the same way, so "baerum" also finds units located in BÆRUM.
    search_address = models.CharField(max_length=400, blank=True, editable=False)
    # [{"name": "...", "until": "YYYY-MM-DD"}], newest last: names the unit had before.
    former_names = models.JSONField(_("former names"), default=list, blank=True)
    organisation_form = models.ForeignKey(
        OrganisationForm, verbose_name=_("organisation form"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Up to three codes as the register gives them: [{"code": "81.210", "description": "..."}].
    industry_codes = models.JSONField(_("industry codes"), default=list, blank=True)
    industry_version = models.CharField(_("classification"), max_length=6, choices=IndustryCode.Version.choices, blank=True)
    # The first code's division and section, for filtering. The section uses SN2025's letters for
    # codes of both vintages (divisions keep their numbers), see records.section_for_division.
    industry_division = models.CharField(_("industry division"), max_length=2, blank=True, db_index=True)
    industry_section = models.CharField(_("industry section"), max_length=1, blank=True, db_index=True)
    # None means the register has no figure, which is not the same as zero employees.
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    postal_place = models.CharField(_("postal place"), max_length=100, blank=True)
    postal_address = models.CharField(_("postal address"), max_length=400, blank=True)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    registered = models.DateField(_("registered"), null=True, blank=True)
    website = models.CharField(_("website"), max_length=300, blank=True)
    email = models.CharField(_("e-mail"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    deleted = models.DateField(_("deleted"), null=True, blank=True)
    # Hash of the fields above as last imported: a second import of the same data writes nothing.
    source_hash = models.CharField(max_length=32, blank=True, editable=False)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.orgnr})"

    @property
    def industry_code(self) -> str:
        return self.industry_codes[0]["code"] if self.industry_codes else ""

    @property
    def industry_description(self) -> str:
        return self.industry_codes[0]["description"] if self.industry_codes else ""

    @property
    def register_url(self) -> str:
        return f"https://virksomhet.brreg.no/nb/oppslag/{self.register_path}/{self.orgnr}"


class Business(RegistryUnit):
    """A main unit (enhet) in Enhetsregisteret, keyed by organisation number."""

    register_path = "enheter"

    founded = models.DateField(_("founded"), null=True, blank=True)
    bankrupt = models.BooleanField(_("bankrupt"), default=False)
    bankrupt_date = models.DateField(_("bankruptcy date"), null=True, blank=True)
    under_liquidation = models.BooleanField(_("under liquidation"), default=False)
    under_liquidation_date = models.DateField(_("liquidation date"), null=True, blank=True)
    under_forced_liquidation = models.BooleanField(_("under forced liquidation or dissolution"), default=False)

    class Meta(RegistryUnit.Meta):
        verbose_name = _("business")
        verbose_name_plural = _("businesses")
        # The list is sorted by name, registration date or size: with these indexes a filtered page
        # reads a few rows in order instead of sorting every match.
        indexes = [
            models.Index(fields=["name"], name="businesses_business_name"),
            models.Index(fields=["registered"], name="businesses_business_registered"),
            models.Index(fields=["employees"], name="businesses_business_employees"),
        ]

    def get_absolute_url(self):
        return reverse("businesses:detail", kwargs={"orgnr": self.orgnr})

    @property
    def is_active(self) -> bool:
        return not (self.bankrupt or self.under_liquidation or self.under_forced_liquidation or self.deleted)


class Establishment(RegistryUnit):
    """An establishment (underenhet): a local site with its own organisation number."""

    register_path = "underenheter"

    parent_orgnr = models.CharField(_("parent unit"), max_length=9, blank=True, db_index=True)
    started = models.DateField(_("started"), null=True, blank=True)
    closed = models.DateField(_("closed"), null=True, blank=True)

    class Meta(RegistryUnit.Meta):
        verbose_name = _("establishment")
        verbose_name_plural = _("establishments")

    @property
    def is_active(self) -> bool:
        return not (self.closed or self.deleted)


class RegistryEvent(models.Model):
    """A change in the register that matters to the municipality, for timelines and officers' alerts."""

    class Kind(models.TextChoices):
        NEW = "new", _("New in the municipality")
        MOVED_IN = "moved_in", _("Moved into the municipality")
        MOVED_OUT = "moved_out", _("Moved out of the municipality")
        BANKRUPT = "bankrupt", _("Bankrupt")
        LIQUIDATION = "liquidation", _("Under liquidation")
        FORCED_LIQUIDATION = "forced_liquidation", _("Under forced liquidation or dissolution")
        DELETED = "deleted", _("Deleted from the register")
        INDUSTRY_CHANGED = "industry_changed", _("Industry changed")
        NAME_CHANGED = "name_changed", _("Name changed")

    orgnr = models.CharField(_("organisation number"), max_length=9, db_index=True)
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    data = models.JSONField(_("details"), default=dict, blank=True)
    source = models.CharField(_("source"), max_length=20)
    created = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("registry event")
        verbose_name_plural = _("registry events")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["orgnr", "-date"])]

    def __str__(self):
        return f"{self.date} {self.orgnr} {self.get_kind_display()}"


class SyncState(models.Model):
    """How far the nightly sync has read a change feed of Enhetsregisteret."""

    feed = models.CharField(max_length=40, primary_key=True)
    last_update_id = models.BigIntegerField(default=0)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.feed}: {self.last_update_id}"


class BusinessRepresentative(models.Model):
    """A portal user who speaks for a business (owner, general manager)."""

    business = models.ForeignKey(Business, verbose_name=_("business"), on_delete=models.CASCADE, related_name="representatives")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="represented_businesses"
    )
    title = models.CharField(pgettext_lazy("job title", "title"), max_length=100, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("business representative")
        verbose_name_plural = _("business representatives")
        constraints = [models.UniqueConstraint(fields=["business", "user"], name="unique_representative")]

    def __str__(self):
        return f"{self.user} – {self.business}"
