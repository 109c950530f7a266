from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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


class Business(models.Model):
    """A main unit (enhet) in Enhetsregisteret, keyed by organisation number.

    The registry issue extends this with establishments, former names and registry events.
    """

    orgnr = models.CharField(_("organisation number"), max_length=9, unique=True)
    name = models.CharField(_("name"), max_length=300)
    organisation_form = models.ForeignKey(
        OrganisationForm, verbose_name=_("organisation form"), null=True, blank=True, on_delete=models.PROTECT
    )
    industry_code = models.CharField(_("industry code"), max_length=10, blank=True)
    industry_description = models.CharField(_("industry"), max_length=300, blank=True)
    # None means the register has no figure, which is not the same as zero employees.
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    business_address = models.CharField(_("business address"), max_length=300, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    postal_place = models.CharField(_("postal place"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), null=True, blank=True, on_delete=models.PROTECT, related_name="businesses"
    )
    registered = models.DateField(_("registered"), null=True, blank=True)
    website = models.CharField(_("website"), max_length=300, blank=True)
    bankrupt = models.BooleanField(_("bankrupt"), default=False)
    under_liquidation = models.BooleanField(_("under liquidation"), default=False)
    under_forced_liquidation = models.BooleanField(_("under forced liquidation or dissolution"), default=False)
    deleted = models.DateField(_("deleted"), null=True, blank=True)

    class Meta:
        verbose_name = _("business")
        verbose_name_plural = _("businesses")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.orgnr})"

    @property
    def is_active(self) -> bool:
        return not (self.bankrupt or self.under_liquidation or self.under_forced_liquidation or self.deleted)

    @property
    def register_url(self) -> str:
        return f"https://virksomhet.brreg.no/nb/oppslag/enheter/{self.orgnr}"


class BusinessRepresentative(models.Model):
    """A portal user who speaks for a business (owner, general manager)."""

    business = models.ForeignKey(Business, verbose_name=_("business"), on_delete=models.CASCADE, related_name="representatives")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="represented_businesses"
    )
    title = models.CharField(_("title"), max_length=100, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("business representative")
        verbose_name_plural = _("business representatives")
        constraints = [models.UniqueConstraint(fields=["business", "user"], name="unique_representative")]

    def __str__(self):
        return f"{self.user} – {self.business}"
