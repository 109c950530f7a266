"""The strategic business plan (strategisk næringsplan) and its action programme (handlingsprogram).

A plan has focus areas (satsingsområder) → goals (mål) → measures (tiltak), measures nested under
measures where needed. Progress rolls up from measures to goals, focus areas and the plan by weights
(see services/rollup.py). A revision (rullering) copies a plan; each copied row keeps its ``key``, so two
revisions can be compared row by row. Indicators follow each goal; status rounds ask the responsible
parties for state and progress; consultations (høring) collect responses on a draft.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

WEIGHT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(1000)]


class Plan(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONSULTATION = "consultation", _("On consultation")
        ADOPTED = "adopted", _("Adopted")
        ARCHIVED = "archived", _("Archived")

    class OwnerKind(models.TextChoices):
        MUNICIPALITY = "municipality", _("A municipality")
        REGION = "region", _("A region of several municipalities")

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    owner_kind = models.CharField(_("owned by"), max_length=20, choices=OwnerKind.choices, default=OwnerKind.MUNICIPALITY)
    # The municipality, or the region's name ("Gardermoregionen").
    owner_name = models.CharField(_("owner"), max_length=200)
    municipalities = models.ManyToManyField(
        "businesses.Municipality", verbose_name=_("member municipalities"), blank=True, related_name="+"
    )
    start_year = models.PositiveSmallIntegerField(_("from year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    end_year = models.PositiveSmallIntegerField(_("to year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    # The adopting decision (vedtak).
    decided_by = models.CharField(_("adopted by"), max_length=200, blank=True, help_text=_("E.g. Kommunestyret, Regionrådet."))
    decided_on = models.DateField(_("adopted on"), null=True, blank=True)
    case_number = models.CharField(_("case number"), max_length=40, blank=True, help_text=_("E.g. 18/101."))
    # Revisions: every revision of one plan shares ``lineage``; ``previous`` is the one it was copied from.
    lineage = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    previous = models.ForeignKey(
        "self", verbose_name=_("revision of"), null=True, blank=True, on_delete=models.SET_NULL, related_name="revisions"
    )
    version = models.PositiveSmallIntegerField(_("revision"), default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-start_year", "title", "-version"]
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=F("start_year")), name="plan_ends_after_start"),
            models.UniqueConstraint(fields=["lineage", "version"], name="unique_plan_revision"),
        ]

    def __str__(self):
        return f"{self.title} ({self.start_year}–{self.end_year})"

    def get_absolute_url(self):
        return reverse("strategies:plan", kwargs={"pk": self.pk})


class FocusArea(models.Model):
    """Satsingsområde."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="focus_areas")
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=7, decimal_places=2, default=1, validators=WEIGHT_VALIDATORS)

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["plan", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="unique_focus_area_key")]

    def __str__(self):
        return self.title


class Goal(models.Model):
    """Mål, under a focus area."""

    focus_area = models.ForeignKey(FocusArea, verbose_name=_("focus area"), on_delete=models.CASCADE, related_name="goals")
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=7, decimal_places=2, default=1, validators=WEIGHT_VALIDATORS)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["focus_area", "position", "pk"]

    def __str__(self):
        return self.title


class ResponsibleKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("The municipality")
    BUSINESS_COUNCIL = "business_council", _("The business council")
    REGIONAL_COUNCIL = "regional_council", _("The regional council")
    COUNTY = "county", _("The county")
    ORGANISATION = "organisation", _("An organisation")
    BUSINESS = "business", _("A business")


class Measure(models.Model):
    """Tiltak: what is to be done, by whom, by when, for how much; nested under another measure where needed."""

    class State(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DELAYED = "delayed", _("Delayed")
        CANCELLED = "cancelled", _("Cancelled")

    goal = models.ForeignKey(Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="measures")
    parent = models.ForeignKey(
        "self", verbose_name=_("part of measure"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    # A short code the plan uses ("1.2.3"), shown and used by the spreadsheet import to find the row again.
    code = models.CharField(_("number"), max_length=20, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    responsible_kind = models.CharField(
        _("responsible"), max_length=20, choices=ResponsibleKind.choices, default=ResponsibleKind.MUNICIPALITY
    )
    # The named party ("Næringsavdelingen", "Innovasjon Norge Oslo og Viken", a business's name).
    responsible_name = models.CharField(_("responsible party"), max_length=200, blank=True)
    responsible_orgnr = models.CharField(_("responsible party's organisation number"), max_length=9, blank=True)
    # The portal user who reports on the measure in status rounds.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reports status"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    partners = models.TextField(_("partners"), blank=True, help_text=_("One per line."))
    start = models.DateField(_("start"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget (NOK)"), max_digits=14, decimal_places=0, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=[MaxValueValidator(100)])
    state_reason = models.TextField(_("reason (if delayed or cancelled)"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=7, decimal_places=2, default=1, validators=WEIGHT_VALIDATORS)
    businesses = models.ManyToManyField(
        "businesses.Business", verbose_name=_("businesses concerned"), blank=True, related_name="+"
    )
    meetings = models.ManyToManyField("meetings.Meeting", verbose_name=_("meetings"), blank=True, related_name="+")
    action_points = models.ManyToManyField("meetings.ActionPoint", verbose_name=_("action points"), blank=True, related_name="+")
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["goal", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="measure_progress_at_most_100"),
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(deadline__isnull=True) | Q(deadline__gte=F("start")),
                name="measure_deadline_after_start",
            ),
        ]
        indexes = [models.Index(fields=["key"], name="measure_key")]

    def __str__(self):
        return f"{self.code} {self.title}".strip()

    def get_absolute_url(self):
        return reverse("strategies:measure", kwargs={"pk": self.pk})


class Milestone(models.Model):
    measure = models.ForeignKey(Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due = models.DateField(_("due"))
    reached_on = models.DateField(_("reached"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due", "pk"]

    def __str__(self):
        return self.title


class MeasureUpdate(models.Model):
    """One change of a measure's state or progress: its history, shown on the public page."""

    measure = models.ForeignKey(Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="updates")
    state = models.CharField(_("state"), max_length=20, choices=Measure.State.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), validators=[MaxValueValidator(100)])
    comment = models.TextField(_("comment"), blank=True)
    status_round = models.ForeignKey(
        "StatusRound", verbose_name=_("status round"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("measure update")
        verbose_name_plural = _("measure updates")
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.measure}: {self.get_state_display()} {self.progress} %"


# --- Indicators ------------------------------------------------------------------------------


class Indicator(models.Model):
    """A figure that shows whether a goal is reached: baseline, target and values over time."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        REGISTERED_BUSINESSES = "registered_businesses", _("Registered businesses in the served municipalities")
        NEW_REGISTRATIONS = "new_registrations", _("New registrations this year")
        BANKRUPTCIES = "bankruptcies", _("Bankruptcies this year")
        SECTOR_EMPLOYEES = "sector_employees", _("Employees in a sector")
        ENQUIRIES_ANSWERED = "enquiries_answered", _("Enquiries answered this year")

    goal = models.ForeignKey(Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="indicators")
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=40, help_text=_("E.g. businesses, jobs, %."))
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=30, choices=Source.choices, default=Source.MANUAL)
    # For SECTOR_EMPLOYEES: the SN2025 section letter.
    source_sector = models.CharField(_("sector"), max_length=1, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["goal", "position", "pk"]

    def __str__(self):
        return self.name


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values")
    # The end of the period the value describes (a year: 31 December; a tertial: its last day).
    period_end = models.DateField(_("period ending"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    # Fed by the beat task from the portal's own data (not editable by hand).
    automatic = models.BooleanField(_("from the portal's data"), default=False)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "period_end"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period_end"], name="unique_indicator_period")]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.period_end})"


# --- Status rounds ---------------------------------------------------------------------------


class StatusRound(models.Model):
    """A follow-up round (e.g. the second tertial): each responsible party reports on their measures."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        APPROVED = "approved", _("Approved and locked")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="status_rounds")
    title = models.CharField(_("title"), max_length=200, help_text=_("E.g. 2. tertial 2026."))
    period_end = models.DateField(_("period ending"))
    deadline = models.DateTimeField(_("deadline for reports"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    summary = models.TextField(_("summary for the report"), blank=True)

    class Meta:
        verbose_name = _("status round")
        verbose_name_plural = _("status rounds")
        ordering = ["-period_end", "-pk"]

    def __str__(self):
        return f"{self.plan.title}: {self.title}"

    def get_absolute_url(self):
        return reverse("strategies:round", kwargs={"pk": self.pk})


class StatusReport(models.Model):
    """One measure's report in a round, by its reporter."""

    status_round = models.ForeignKey(
        StatusRound, verbose_name=_("status round"), on_delete=models.CASCADE, related_name="reports"
    )
    measure = models.ForeignKey(Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="status_reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reports status"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(_("state"), max_length=20, choices=Measure.State.choices, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True, validators=[MaxValueValidator(100)])
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        ordering = ["status_round", "measure"]
        constraints = [models.UniqueConstraint(fields=["status_round", "measure"], name="unique_report_per_round_and_measure")]

    def __str__(self):
        return f"{self.status_round}: {self.measure}"


class StatusReminder(models.Model):
    """A reminder to one reporter before a round's deadline: recorded once, so it is sent once."""

    status_round = models.ForeignKey(StatusRound, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Days before the deadline this reminder belongs to (7, 1, ...).
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["status_round", "user", "days_before"], name="unique_status_reminder")]

    def __str__(self):
        return f"{self.status_round} → {self.user} ({self.days_before} d)"


# --- Consultations ---------------------------------------------------------------------------


class Consultation(models.Model):
    """A draft plan or action programme put out for consultation (høring)."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="consultations")
    title = models.CharField(_("title"), max_length=300)
    case_number = models.CharField(_("case number"), max_length=40)
    description = models.TextField(_("what the consultation is about"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    deadline = models.DateTimeField(_("deadline for responses"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-deadline", "-pk"]

    def __str__(self):
        return f"{self.title} ({self.case_number})"

    def get_absolute_url(self):
        return reverse("strategies:consultation", kwargs={"pk": self.pk})


class ConsultationResponse(models.Model):
    """Høringssvar: the fields a real response has (see shared/seeds/003)."""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="responses"
    )
    reference = models.CharField(_("reference"), max_length=20, unique=True, null=True, editable=False)
    organisation = models.CharField(_("organisation"), max_length=200)
    orgnr = models.CharField(_("organisation number"), max_length=9, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    text = models.TextField(_("response"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    # Offentleglova: public after the deadline unless exempted, with the legal basis recorded.
    exempt = models.BooleanField(_("exempt from public access"), default=False)
    exemption_basis = models.CharField(
        _("legal basis for the exemption"), max_length=200, blank=True, help_text=_("E.g. offentleglova § 13.")
    )

    class Meta:
        verbose_name = _("consultation response")
        verbose_name_plural = _("consultation responses")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(exempt=False) | ~Q(exemption_basis=""), name="exemption_has_legal_basis")
        ]

    def __str__(self):
        return f"{self.organisation} – {self.consultation}"


class ResponseAttachment(models.Model):
    response = models.ForeignKey(ConsultationResponse, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="consultations/%Y/%m/")
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.filename


class ResponsePoint(models.Model):
    """One point of a response, possibly about a measure, and how the municipality followed it up."""

    response = models.ForeignKey(
        ConsultationResponse, verbose_name=_("response"), on_delete=models.CASCADE, related_name="points"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(_("point"))
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), null=True, blank=True, on_delete=models.SET_NULL, related_name="response_points"
    )
    follow_up = models.TextField(_("how it was followed up"), blank=True)
    followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    followed_up_at = models.DateTimeField(_("followed up"), null=True, blank=True)

    class Meta:
        verbose_name = _("response point")
        verbose_name_plural = _("response points")
        ordering = ["response", "position", "pk"]

    def __str__(self):
        return self.text[:60]


# --- Reports ---------------------------------------------------------------------------------


class PlanPdf(models.Model):
    """The plan overview or a round's status report as PDF, made by a task and stored (as meetings.MeetingPdf)."""

    class Kind(models.TextChoices):
        OVERVIEW = "overview", _("Plan overview")
        STATUS_REPORT = "status_report", _("Status report")

    class Status(models.TextChoices):
        PENDING = "pending", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="pdfs")
    status_round = models.ForeignKey(StatusRound, null=True, blank=True, on_delete=models.CASCADE, related_name="pdfs")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(upload_to="strategies/pdf/", blank=True)
    source_hash = models.CharField(max_length=64, blank=True)
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind"], condition=Q(status_round__isnull=True), name="unique_plan_pdf"),
            models.UniqueConstraint(
                fields=["status_round", "kind"], condition=Q(status_round__isnull=False), name="unique_round_pdf"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.plan}"
