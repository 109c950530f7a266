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
            # The dashboard's population counts (queries.business_population) read this index alone, in its
            # order (an index-only scan, no sort, no heap): every column they use is in it.
            models.Index(
                fields=[
                    "municipality",
                    "industry_section",
                    "employees",
                    "bankrupt",
                    "under_liquidation",
                    "under_forced_liquidation",
                ],
                condition=models.Q(deleted__isnull=True),
                name="business_population",
            ),
            # A business's section and municipality by its id without reading the row: the dashboard's
            # interactions per sector look up one business per interaction of the period this way, so the time
            # follows the period's interactions, not the size of the register.
            models.Index(fields=["id", "industry_section", "municipality"], name="business_section_lookup"),
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
    # The municipality the main unit (enhet) was registered in when the event was recorded (a move out: the one
    # it left), so the dashboard counts events per municipality without reading the businesses. Empty for an
    # establishment's (underenhet's) event: the figures count main units only.
    municipality = models.CharField(_("municipality"), max_length=4, blank=True)
    created = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("registry event")
        verbose_name_plural = _("registry events")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["orgnr", "-date"]),
            # The dashboard's events per month: a municipality's events of a period, read from the index alone.
            models.Index(fields=["municipality", "date", "kind", "orgnr"], name="registryevent_municipality"),
        ]

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


# --- The contact point ----------------------------------------------------------------------------


class Topic(models.TextChoices):
    """What an enquiry (and a catalogue entry) is about; the routing table sends each topic to an adviser."""

    ESTABLISHING = "establishing", _("Establishing a business")
    PREMISES = "premises", _("Premises and land")
    PLANNING = "planning", _("Planning and building")
    PERMITS = "permits", _("Permits and licences")
    FUNDING = "funding", _("Funding")
    PROCUREMENT = "procurement", _("Procurement")
    COMPETENCE = "competence", _("Competence and recruitment")
    OTHER = "other", _("Other")


class AdviserProfile(models.Model):
    """What the public sees of a business adviser on the contact point."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("adviser"), on_delete=models.CASCADE, related_name="adviser_profile"
    )
    job_title = models.CharField(pgettext_lazy("job title", "title"), max_length=100)
    areas = models.TextField(_("areas of work"), help_text=_("What the adviser can help with, in a sentence or two."))
    languages = models.CharField(_("languages"), max_length=200, help_text=_("E.g. norsk, engelsk, polsk."))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    public_email = models.EmailField(_("e-mail shown to the public"), blank=True)
    listed = models.BooleanField(_("shown on the contact point"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("adviser profile")
        verbose_name_plural = _("adviser profiles")
        ordering = ["position", "user__name"]

    def __str__(self):
        return str(self.user)


class CatalogueEntry(models.Model):
    """One thing the municipality or a public body offers businesses: a service, a scheme, a permit, a place."""

    class Provider(models.TextChoices):
        MUNICIPALITY = "municipality", _("The municipality")
        INNOVATION_NORWAY = "innovation_norway", _("Innovasjon Norge")
        COUNTY = "county", _("The county")
        SIVA = "siva", _("Siva")
        NAV = "nav", _("NAV")
        STATE = "state", _("Other state agency")
        OTHER = "other", _("Other")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("All businesses")
        ENTREPRENEURS = "entrepreneurs", _("Entrepreneurs")
        SMALL = "small", _("Small and medium-sized businesses")
        LARGE = "large", _("Large businesses")
        SUPPLIERS = "suppliers", _("Suppliers to the public sector")

    class Stage(models.TextChoices):
        ANY = "any", _("Any stage")
        IDEA = "idea", _("Idea")
        STARTUP = "startup", _("Start-up")
        GROWTH = "growth", _("Growth")
        ESTABLISHED = "established", _("Established")
        RESTRUCTURING = "restructuring", _("Restructuring")

    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    provider = models.CharField(_("provided by"), max_length=20, choices=Provider.choices)
    audience = models.CharField(_("for"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.ANY)
    # An SN2025 section letter; blank: every sector.
    sector = models.CharField(_("sector"), max_length=1, blank=True)
    url = models.URLField(_("link"), blank=True)
    published = models.BooleanField(_("published"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("catalogue entry")
        verbose_name_plural = _("catalogue entries")
        ordering = ["title"]

    def __str__(self):
        return self.title


class EnquiryRoute(models.Model):
    """The routing table: which adviser gets the enquiries of a topic."""

    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices, unique=True)
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("adviser"), on_delete=models.PROTECT, related_name="enquiry_routes"
    )

    class Meta:
        verbose_name = _("enquiry route")
        verbose_name_plural = _("enquiry routes")
        ordering = ["topic"]

    def __str__(self):
        return f"{self.get_topic_display()} → {self.adviser}"


# --- Enquiries ------------------------------------------------------------------------------------


class Enquiry(models.Model):
    """A question from a business (or someone about to start one) to the municipality."""

    class State(models.TextChoices):
        NEW = "new", _("New")
        OPEN = "open", _("Being handled")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    # Shown to the sender and used in e-mail subjects, e.g. "2026-000042"; set by the service that saves it.
    reference = models.CharField(_("reference"), max_length=20, unique=True, null=True, editable=False)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    business = models.ForeignKey(
        Business, verbose_name=_("business"), null=True, blank=True, on_delete=models.SET_NULL, related_name="enquiries"
    )
    # A logged-in sender; an enquiry from someone without an account has only the contact details below.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enquiries",
    )
    sender_name = models.CharField(_("name"), max_length=200)
    sender_email = models.EmailField(_("e-mail"))
    sender_phone = models.CharField(_("phone"), max_length=30, blank=True)
    # For someone not (yet) in the register: the planned business, in their words.
    sender_organisation = models.CharField(_("business or planned business"), max_length=200, blank=True)
    message = models.TextField(_("message"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    # The consent text exactly as the sender saw it when sending.
    consent_text = models.TextField(_("consent"), editable=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.NEW)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adviser"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_enquiries",
    )
    created = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    first_answered_at = models.DateTimeField(_("first answered"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["assigned_to", "state"], name="enquiry_assigned_state"),
            models.Index(fields=["business", "-created"], name="enquiry_business_created"),
            models.Index(fields=["sender_email", "-created"], name="enquiry_sender_created"),
        ]

    def __str__(self):
        return f"{self.reference}: {self.get_topic_display()}"


class EnquiryAttachment(models.Model):
    enquiry = models.ForeignKey(Enquiry, verbose_name=_("enquiry"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="enquiries/%Y/%m/")
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self):
        return self.filename


class EnquiryMessage(models.Model):
    """An answer sent from the portal, or a note the sender added later; kept with the enquiry."""

    class Direction(models.TextChoices):
        ANSWER = "answer", _("Answer from the municipality")
        REPLY = "reply", _("From the sender")

    enquiry = models.ForeignKey(Enquiry, verbose_name=_("enquiry"), on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("message"))
    sent_to = models.EmailField(_("sent to"), blank=True)
    created = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("enquiry message")
        verbose_name_plural = _("enquiry messages")
        ordering = ["created", "pk"]

    def __str__(self):
        return f"{self.enquiry.reference} {self.created:%Y-%m-%d %H:%M}"


# --- Business owners ------------------------------------------------------------------------------


class DecisionState(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class BusinessClaim(models.Model):
    """A user's request to represent a business; an officer approves it (a BusinessRepresentative) or rejects it."""

    business = models.ForeignKey(Business, verbose_name=_("business"), on_delete=models.CASCADE, related_name="claims")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="business_claims"
    )
    title = models.CharField(pgettext_lazy("job title", "title"), max_length=100, blank=True)
    message = models.TextField(_("message"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=DecisionState.choices, default=DecisionState.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("business claim")
        verbose_name_plural = _("business claims")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["business", "user"], condition=models.Q(state="pending"), name="one_pending_claim_per_user_and_business"
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.business} ({self.get_state_display()})"


class BusinessProfile(models.Model):
    """What the business says about itself, kept by its representatives (and officers)."""

    business = models.OneToOneField(Business, verbose_name=_("business"), on_delete=models.CASCADE, related_name="profile")
    description = models.TextField(_("about the business"), blank=True)
    needs = models.TextField(_("what the business needs"), blank=True)
    website = models.URLField(_("website"), blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("business profile")
        verbose_name_plural = _("business profiles")

    def __str__(self):
        return str(self.business)


class ProfileContactPerson(models.Model):
    """A contact person the business itself names on its profile (personal data: its representatives and officers see it)."""

    profile = models.ForeignKey(
        BusinessProfile, verbose_name=_("profile"), on_delete=models.CASCADE, related_name="contact_persons"
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(pgettext_lazy("job title", "title"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class MeetingRequest(models.Model):
    """A representative asks an adviser for a meeting; the adviser offers times; an accepted time becomes a meeting."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        OFFERED = "offered", _("Times offered")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    business = models.ForeignKey(Business, verbose_name=_("business"), on_delete=models.CASCADE, related_name="meeting_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="meeting_requests"
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("adviser"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    message = models.TextField(_("what the meeting is about"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.REQUESTED)
    meeting = models.OneToOneField(
        "meetings.Meeting", verbose_name=_("meeting"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.business}: {self.get_topic_display()}"


class OfferedTime(models.Model):
    request = models.ForeignKey(
        MeetingRequest, verbose_name=_("meeting request"), on_delete=models.CASCADE, related_name="offered_times"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("offered time")
        verbose_name_plural = _("offered times")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="offered_time_ends_after_start")
        ]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


# --- The officers' CRM ----------------------------------------------------------------------------


class LawfulBasis(models.TextChoices):
    PUBLIC_TASK = "public_task", _("Public task (GDPR art. 6(1)(e))")
    CONSENT = "consent", _("Consent (GDPR art. 6(1)(a))")
    CONTRACT = "contract", _("Contract (GDPR art. 6(1)(b))")


class Contact(models.Model):
    """A person at a business the officers keep in touch with. Personal data: officers only, kept until ``retain_until``."""

    business = models.ForeignKey(Business, verbose_name=_("business"), on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(pgettext_lazy("job title", "title"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    lawful_basis = models.CharField(
        _("lawful basis"), max_length=20, choices=LawfulBasis.choices, default=LawfulBasis.PUBLIC_TASK
    )
    retain_until = models.DateField(_("keep until"), db_index=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class Interaction(models.Model):
    """A visit, call, e-mail, meeting or event with one or more businesses, logged by an officer."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit")
        CALL = "call", _("Phone call")
        EMAIL = "email", _("E-mail")
        MEETING = "meeting", _("Meeting")
        EVENT = "event", _("Event")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    businesses = models.ManyToManyField(Business, verbose_name=_("businesses"), related_name="interactions")
    contacts = models.ManyToManyField(Contact, verbose_name=_("contacts"), blank=True, related_name="interactions")
    # Colleagues from the municipality who took part.
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("participants"), blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("logged by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("logged"), auto_now_add=True)

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["-date"], name="interaction_date")]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}: {self.subject}"


class RedFlag(models.Model):
    """A warning about a business the municipality should act on, open until resolved."""

    class Category(models.TextChoices):
        RELOCATION = "relocation", _("Relocation risk")
        EXPANSION = "expansion", _("Expansion need")
        PREMISES = "premises", _("Land or premises need")
        CASE_PROCESSING = "case_processing", _("Case-processing problem")
        LABOUR = "labour", _("Labour shortage")
        CLOSURE = "closure", _("Closure risk")

    class Severity(models.IntegerChoices):
        LOW = 1, _("Low")
        MEDIUM = 2, _("Medium")
        HIGH = 3, _("High")

    business = models.ForeignKey(Business, verbose_name=_("business"), on_delete=models.CASCADE, related_name="red_flags")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices, default=Severity.MEDIUM)
    description = models.TextField(_("description"))
    referred_to = models.CharField(_("referred to"), max_length=200, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("raised by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField(_("raised"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolution = models.TextField(_("how it was resolved"), blank=True)

    class Meta:
        verbose_name = _("red flag")
        verbose_name_plural = _("red flags")
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["business", "-raised_at"], name="redflag_business_raised")]

    def __str__(self):
        return f"{self.get_category_display()}: {self.business}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class FollowUp(models.Model):
    """A task an officer owns: call back, send the offer, visit again."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    business = models.ForeignKey(Business, verbose_name=_("business"), on_delete=models.CASCADE, related_name="follow_ups")
    title = models.CharField(_("what to do"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible"), on_delete=models.PROTECT, related_name="follow_ups"
    )
    due = models.DateField(_("due"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    # Where it came from, if anywhere.
    interaction = models.ForeignKey(
        Interaction, verbose_name=_("interaction"), null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    red_flag = models.ForeignKey(
        RedFlag, verbose_name=_("red flag"), null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    enquiry = models.ForeignKey(
        Enquiry, verbose_name=_("enquiry"), null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due", "pk"]
        indexes = [
            models.Index(fields=["owner", "state", "due"], name="followup_owner_state_due"),
            models.Index(fields=["business", "-created"], name="followup_business_created"),
        ]

    def __str__(self):
        return f"{self.due} {self.title}"


class Tag(models.Model):
    """A segment officers group businesses by: a cluster, a business park, anchor companies."""

    class Kind(models.TextChoices):
        CLUSTER = "cluster", _("Cluster")
        BUSINESS_PARK = "business_park", _("Business park")
        ANCHOR = "anchor", _("Anchor company")
        SEGMENT = "segment", _("Segment")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SEGMENT)
    businesses = models.ManyToManyField(Business, verbose_name=_("businesses"), blank=True, related_name="tags")

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="unique_tag_per_kind")]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"
