"""Procurement (anskaffelser): notices from Doffin, the municipality's procurement plan, market dialogue
before a tender, and alerts that tell local businesses what they could bid for.

- **Notices** mirror Doffin's public search API: one row per Doffin id, updated when the notice changes
  (corrigendum, award), with each earlier state kept as a ``NoticeVersion``. ``NoticeCpv`` holds every
  CPV code of a notice *and its ancestors in the CPV tree*, so "notices under 72000000" and the alert
  matching are plain equality joins.
- **The procurement plan** (anskaffelsesplan) lists what a buyer will announce, public so businesses
  can prepare; an item is linked to its notice once announced.
- **Market dialogue** (markedsdialog) for a planned procurement: registered suppliers, one-to-one slots of
  equal length, documents, and questions whose answers go to every registered supplier at once. Input
  closes when the item's notice is published.
- **Alerts**: a subscription (CPV codes, keywords, value range) gets each new or changed matching notice,
  plan item or dialogue once per (subscription, item, version), instantly or in a daily digest.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class CpvCode(models.Model):
    """One code of the Common Procurement Vocabulary 2008 (9,454 codes), loaded by ``migrate``.

    ``significant`` is how many leading digits carry meaning (03000000: 2, 03111000: 5); the parent is
    the nearest existing code with fewer significant digits and the same leading digits.
    """

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    check_digit = models.CharField(max_length=1)
    division = models.CharField(_("division"), max_length=2, db_index=True)
    significant = models.PositiveSmallIntegerField()
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    name_en = models.CharField(_("name (English)"), max_length=400)
    name_nb = models.CharField(_("name (Norwegian)"), max_length=400)

    class Meta:
        verbose_name = _("CPV code")
        verbose_name_plural = _("CPV codes")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def prefix(self) -> str:
        return self.code[: self.significant]

    @property
    def name(self) -> str:
        """The label in the active language (bokmål or English)."""
        return self.name_en if (get_language() or "").startswith("en") else self.name_nb


class Notice(models.Model):
    """A notice as Doffin's public search API gives it (``raw`` keeps the hit as received)."""

    class Status(models.TextChoices):
        ACTIVE = "ACTIVE", pgettext_lazy("notice status", "Open")
        EXPIRED = "EXPIRED", pgettext_lazy("notice status", "Deadline passed")
        AWARDED = "AWARDED", pgettext_lazy("notice status", "Awarded")
        CANCELLED = "CANCELLED", pgettext_lazy("notice status", "Cancelled")

    doffin_id = models.CharField(_("Doffin id"), max_length=20, unique=True)
    heading = models.CharField(_("heading"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    # The main type (ANNOUNCEMENT_OF_COMPETITION, ADVISORY_NOTICE, ...) and every type it has
    # (with the groups COMPETITION, RESULT, PLANNING).
    type = models.CharField(_("type"), max_length=60, db_index=True)
    all_types = models.JSONField(_("all types"), default=list)
    status = models.CharField(_("status"), max_length=20, blank=True, db_index=True)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    published_on = models.DateField(_("published"), null=True, blank=True, db_index=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True, db_index=True)
    estimated_value = models.DecimalField(_("estimated value"), max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    # NUTS codes (NO081 ...) or "anyw" for anywhere.
    location_ids = models.JSONField(_("locations"), default=list)
    received_tenders = models.PositiveIntegerField(_("tenders received"), null=True, blank=True)
    # The first buyer's organisation number, for filtering and the served buyers' own notices.
    buyer_orgnr = models.CharField(_("buyer's organisation number"), max_length=9, blank=True, db_index=True)
    buyer_name = models.CharField(_("buyer"), max_length=300, blank=True)
    raw = models.JSONField(default=dict)
    # A hash of the hit as received: the same hit again changes nothing; a different one is a new version.
    source_hash = models.CharField(max_length=64, editable=False)
    # Raised on every change; an alert is sent once per (subscription, notice, version).
    version = models.PositiveIntegerField(default=1)
    first_seen = models.DateTimeField(_("first seen"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-published_on", "-doffin_id"]

    def __str__(self):
        return f"{self.doffin_id} {self.heading}"

    def get_absolute_url(self):
        return reverse("procurement:notice", args=[self.doffin_id])

    @property
    def doffin_url(self) -> str:
        return f"https://doffin.no/notices/{self.doffin_id}"


class NoticeBuyer(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="buyers")
    position = models.PositiveSmallIntegerField(default=0)
    orgnr = models.CharField(_("organisation number"), max_length=9, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=300)

    class Meta:
        ordering = ["notice", "position"]

    def __str__(self):
        return f"{self.name} ({self.orgnr})"


class NoticeCpv(models.Model):
    """A CPV code of a notice: the codes it lists (``direct``) and every ancestor of them."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="cpv")
    code = models.CharField(max_length=8, db_index=True)
    direct = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["notice", "code"], name="unique_notice_cpv")]
        indexes = [models.Index(fields=["code", "notice"])]

    def __str__(self):
        return self.code


class Lot(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="lots")
    position = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField(_("heading"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering = ["notice", "position"]

    def __str__(self):
        return self.heading


class LotWinner(models.Model):
    """A winner of a lot. ``orgnr`` is empty for a foreign winner; it is matched to the registry by orgnr."""

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="winners")
    position = models.PositiveSmallIntegerField(default=0)
    orgnr = models.CharField(_("organisation number"), max_length=9, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=300)

    class Meta:
        ordering = ["lot", "position"]

    def __str__(self):
        return f"{self.name} ({self.orgnr})"


class NoticeVersion(models.Model):
    """An earlier state of a notice, kept when a changed hit replaces it."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="history")
    version = models.PositiveIntegerField()
    raw = models.JSONField()
    # The fields that differ from the state that replaced it, e.g. ["status", "lots"].
    changed_fields = models.JSONField(default=list)
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["notice", "-version"]
        constraints = [models.UniqueConstraint(fields=["notice", "version"], name="unique_notice_version")]

    def __str__(self):
        return f"{self.notice_id} v{self.version}"


class DoffinSync(models.Model):
    """How far the nightly mirror has come: the last issue date fully fetched."""

    key = models.CharField(max_length=40, primary_key=True)
    fetched_through = models.DateField(null=True, blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_report = models.JSONField(default=dict)

    def __str__(self):
        return self.key


class ProcurementPlan(models.Model):
    """A buyer's procurement plan for a period, e.g. "Anskaffelsesplan 2027" for Bærum kommune."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    buyer_name = models.CharField(_("buyer"), max_length=300)
    buyer_orgnr = models.CharField(_("buyer's organisation number"), max_length=9, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    introduction = models.TextField(_("introduction"), blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("procurement plan")
        verbose_name_plural = _("procurement plans")
        ordering = ["-year", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("procurement:plan", args=[self.pk])


class PlannedProcurement(models.Model):
    """One planned procurement not yet announced; linked to its notice once it is."""

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ANNOUNCED = "announced", _("Announced")
        CANCELLED = "cancelled", _("Cancelled")

    plan = models.ForeignKey(ProcurementPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="items")
    title = models.CharField(_("what"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    cpv_codes = models.JSONField(_("CPV codes"), default=list)
    estimated_value = models.DecimalField(
        _("estimated value (NOK, excl. VAT)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    planned_announcement = models.DateField(_("planned announcement"), null=True, blank=True)
    # The municipality's contact for the procurement (a work address, public like the plan).
    contact_name = models.CharField(_("contact"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    market_dialogue_planned = models.BooleanField(_("market dialogue planned"), default=False)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PLANNED)
    # The notice once announced: the Doffin id may be entered before the notice is imported.
    doffin_id = models.CharField(_("Doffin id"), max_length=20, blank=True, db_index=True)
    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), null=True, blank=True, on_delete=models.SET_NULL, related_name="planned"
    )
    # Raised on every change that matters to alerts.
    version = models.PositiveIntegerField(default=1)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("planned procurement")
        verbose_name_plural = _("planned procurements")
        ordering = ["plan", "planned_announcement", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("procurement:item", args=[self.pk])


class PlannedCpv(models.Model):
    """A CPV code of a planned procurement and its ancestors, as NoticeCpv for notices."""

    item = models.ForeignKey(PlannedProcurement, on_delete=models.CASCADE, related_name="cpv")
    code = models.CharField(max_length=8, db_index=True)
    direct = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "code"], name="unique_planned_cpv")]

    def __str__(self):
        return self.code


class MarketDialogue(models.Model):
    """A market dialogue before a planned procurement. Every registered supplier gets the same information."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for input")
        CLOSED = "closed", _("Input closed")

    item = models.ForeignKey(
        PlannedProcurement, verbose_name=_("planned procurement"), on_delete=models.CASCADE, related_name="dialogues"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    # Its forms; any combination.
    has_conference = models.BooleanField(_("supplier conference"), default=False)
    has_one_to_one = models.BooleanField(_("one-to-one meetings"), default=False)
    has_written_input = models.BooleanField(_("written input"), default=False)
    has_draft_documents = models.BooleanField(_("draft tender documents on consultation"), default=False)
    conference_at = models.DateTimeField(_("conference starts"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=300, blank=True)
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    input_deadline = models.DateTimeField(_("input deadline"), null=True, blank=True)
    # Suppliers who may register (None: no limit).
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    closed_at = models.DateTimeField(_("input closed"), null=True, blank=True)
    closed_reason = models.CharField(_("why input closed"), max_length=20, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("market dialogue")
        verbose_name_plural = _("market dialogues")
        ordering = ["-created"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("procurement:dialogue", args=[self.pk])


class DialogueRegistration(models.Model):
    """A supplier registered for a dialogue, once per organisation number."""

    dialogue = models.ForeignKey(MarketDialogue, on_delete=models.CASCADE, related_name="registrations")
    orgnr = models.CharField(_("organisation number"), max_length=9)
    company_name = models.CharField(_("company"), max_length=300)
    contact_name = models.CharField(_("contact person"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["dialogue", "created"]
        constraints = [models.UniqueConstraint(fields=["dialogue", "orgnr"], name="one_registration_per_supplier")]

    def __str__(self):
        return f"{self.company_name} ({self.orgnr})"


class DialogueSlot(models.Model):
    """A one-to-one meeting slot; all slots of a dialogue have the same length. First come, first served."""

    dialogue = models.ForeignKey(MarketDialogue, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    registration = models.ForeignKey(
        DialogueRegistration, verbose_name=_("booked by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="slots"
    )
    booked_at = models.DateTimeField(_("booked"), null=True, blank=True)

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["dialogue", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "starts_at"], name="one_slot_per_start"),
            # One slot per supplier: the same for everyone.
            models.UniqueConstraint(
                fields=["registration"], condition=Q(registration__isnull=False), name="one_slot_per_registration"
            ),
        ]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class DialogueDocument(models.Model):
    dialogue = models.ForeignKey(MarketDialogue, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="procurement/dialogues/%Y/")
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["dialogue", "uploaded"]

    def __str__(self):
        return self.title


class DialogueQuestion(models.Model):
    """A supplier's question. The answer is published to every registered supplier at once; who asked is never shown."""

    dialogue = models.ForeignKey(MarketDialogue, on_delete=models.CASCADE, related_name="questions")
    registration = models.ForeignKey(DialogueRegistration, null=True, on_delete=models.SET_NULL, related_name="questions")
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"), blank=True)
    asked_at = models.DateTimeField(_("asked"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["dialogue", "asked_at"]

    def __str__(self):
        return self.question[:60]


class DialogueMessage(models.Model):
    """One e-mail to one registered supplier (a reminder, a published answer, input closed): recorded once
    under a unique constraint, so it goes out once however often the task runs."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    registration = models.ForeignKey(DialogueRegistration, on_delete=models.CASCADE, related_name="messages")
    # "reminder-conference", "reminder-slot", "answer-<question id>", "closed", ...
    kind = models.CharField(max_length=40)
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registration", "kind"], name="one_dialogue_message_per_kind")]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self):
        return f"{self.kind} → {self.registration_id}"


class AlertSubscription(models.Model):
    """What a business wants to hear about. Empty CPV codes or keywords match anything; a notice without a
    value passes a value range. Sent to ``email``, instantly or in a daily digest."""

    class Frequency(models.TextChoices):
        INSTANT = "instant", _("At once")
        DAILY = "daily", _("Daily digest")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("set up by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    business = models.ForeignKey(
        "businesses.Business",
        verbose_name=_("business"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="procurement_alerts",
    )
    email = models.EmailField(_("send to"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    name = models.CharField(_("name"), max_length=200, blank=True)
    # Words matched against heading and description, one per line or comma-separated; any of them matches.
    keywords = models.TextField(_("keywords"), blank=True)
    min_value = models.DecimalField(_("from value (NOK)"), max_digits=16, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(_("to value (NOK)"), max_digits=16, decimal_places=2, null=True, blank=True)
    include_notices = models.BooleanField(_("notices"), default=True)
    include_plans = models.BooleanField(_("planned procurements"), default=True)
    include_dialogues = models.BooleanField(_("market dialogues"), default=True)
    frequency = models.CharField(_("how often"), max_length=10, choices=Frequency.choices, default=Frequency.INSTANT)
    active = models.BooleanField(_("active"), default=True)
    # Only items new or changed after this are sent: a new subscription does not get the whole backlog.
    created = models.DateTimeField(_("created"), auto_now_add=True)
    # The last AlertChange this subscription has been served: every change up to it has been sent, or did
    # not match when its turn came. A sender claims the subscription (claimed_at) while it works on it.
    alerted_upto = models.BigIntegerField(default=0, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The mail server's answer when it refused an alert for good (the alert is not tried again); cleared by
    # the next alert that goes through.
    delivery_error = models.CharField(max_length=500, blank=True, editable=False)

    class Meta:
        verbose_name = _("procurement alert")
        verbose_name_plural = _("procurement alerts")
        ordering = ["-created"]

    def __str__(self):
        return self.name or self.email


class AlertCpv(models.Model):
    subscription = models.ForeignKey(AlertSubscription, on_delete=models.CASCADE, related_name="cpv")
    code = models.CharField(max_length=8, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscription", "code"], name="unique_alert_cpv")]

    def __str__(self):
        return self.code


class AlertKeyword(models.Model):
    """One keyword of a subscription, lower-cased: the matching joins these rows (any one matches), as it
    joins AlertCpv, so it stays one query in the database. Kept in step with ``keywords`` by the service."""

    subscription = models.ForeignKey(AlertSubscription, on_delete=models.CASCADE, related_name="keyword_rows")
    word = models.CharField(max_length=100)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscription", "word"], name="unique_alert_keyword")]

    def __str__(self):
        return self.word


class AlertChange(models.Model):
    """One version of an item that alerts may go out for: a new or changed notice, a planned procurement in a
    published plan, a market dialogue out of draft. Its id orders the changes, and each subscription keeps
    how far along that order it has been served (``AlertSubscription.alerted_upto``): that mark is what makes
    an alert go out exactly once per (subscription, item, version), so no row per match is ever written.
    """

    class Kind(models.TextChoices):
        NOTICE = "notice", _("Notice")
        PLAN_ITEM = "plan_item", _("Planned procurement")
        DIALOGUE = "dialogue", _("Market dialogue")

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveIntegerField()
    version = models.PositiveIntegerField()
    recorded = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id", "version"], name="one_alert_change_per_version")]

    def __str__(self):
        return f"{self.pk}: {self.kind} {self.object_id} v{self.version}"
