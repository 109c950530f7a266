import datetime
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

OSLO = ZoneInfo("Europe/Oslo")


# The dates a person can mean for a meeting, a deadline or an action point: from 2000 until ten
# years ahead. A typo outside it (year 1, year 20270) is a field error, before a time zone
# conversion of it can overflow.
FIRST_DATE = datetime.date(2000, 1, 1)
YEARS_AHEAD = 10


def last_date(today: datetime.date | None = None) -> datetime.date:
    """The last date of the window: ten years from today (28 February for a 29 February)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def validate_date_in_window(value: datetime.date | datetime.datetime) -> None:
    """A date (or a date and time, by its own local date) from 1 January 2000 until ten years ahead."""
    day = value.date() if isinstance(value, datetime.datetime) else value
    last = last_date()
    if not FIRST_DATE <= day <= last:
        raise ValidationError(
            _("Give a date from %(first)s to %(last)s."),
            code="date_out_of_range",
            params={"first": date_format(FIRST_DATE, "SHORT_DATE_FORMAT"), "last": date_format(last, "SHORT_DATE_FORMAT")},
        )


# An agenda item takes at most a working day.
MAX_ITEM_MINUTES = 480


def default_reminder_offsets() -> list[int]:
    """Minutes before the start: 7 days and 1 day."""
    return [7 * 24 * 60, 24 * 60]


# Reminders: at least 15 minutes and at most 60 days before the start, at most five per meeting.
MIN_OFFSET, MAX_OFFSET, MAX_OFFSETS = 15, 60 * 1440, 5


def validate_reminder_offsets(value) -> None:
    """A list of at most five whole minutes, each from 15 minutes to 60 days (the admin edits the JSON as it is)."""
    if (
        not isinstance(value, list)
        or len(value) > MAX_OFFSETS
        or not all(type(minutes) is int and MIN_OFFSET <= minutes <= MAX_OFFSET for minutes in value)
    ):
        raise ValidationError(
            _("At most five reminders, each from %(first)s to %(last)s minutes before the start, e.g. [10080, 1440]."),
            code="invalid_offsets",
            params={"first": MIN_OFFSET, "last": MAX_OFFSET},
        )


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")


class MeetingSeries(models.Model):
    """A recurring dialogue, e.g. "Dialogmøte næringsråd–kommunedirektør", four times a year."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), blank=True, related_name="meeting_series"
    )
    meetings_per_year = models.PositiveSmallIntegerField(
        _("meetings a year"), default=4, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices, default=Weekday.TUESDAY)
    start_time = models.TimeField(_("start time"), default=datetime.time(14, 0))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=120, validators=[MinValueValidator(15), MaxValueValidator(600)]
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = pgettext_lazy("plural", "meeting series")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Meeting(models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        INVITED = "invited", _("Invited")
        HELD = "held", _("Held")
        MINUTES_PUBLISHED = "minutes_published", _("Minutes published")
        CANCELLED = "cancelled", _("Cancelled")

    # The iCalendar UID: stable for the meeting's lifetime, so calendars update the same entry.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    series = models.ForeignKey(
        MeetingSeries, verbose_name=_("series"), null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"), validators=[validate_date_in_window])
    ends_at = models.DateTimeField(_("ends"), validators=[validate_date_in_window])
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PLANNED)
    # iCalendar SEQUENCE: raised whenever attendees' calendars must update the entry.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    reminders_enabled = models.BooleanField(_("send reminders"), default=True)
    reminder_offsets = models.JSONField(
        _("reminder offsets (minutes before)"),
        default=default_reminder_offsets,
        blank=True,
        validators=[validate_reminder_offsets],
    )
    reminder_text = models.TextField(_("reminder text"), blank=True)
    # Council members may propose agenda items until this moment.
    proposal_deadline = models.DateTimeField(
        _("deadline for proposing items"), null=True, blank=True, validators=[validate_date_in_window]
    )
    minutes_published_at = models.DateTimeField(_("minutes published"), null=True, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start")]

    def __str__(self):
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("meetings:detail", kwargs={"pk": self.pk})

    @property
    def is_open_for_proposals(self) -> bool:
        return (
            self.state in (self.State.PLANNED, self.State.INVITED)
            and self.proposal_deadline is not None
            and timezone.now() < self.proposal_deadline
        )


class Participant(models.Model):
    class Rsvp(models.TextChoices):
        PENDING = "pending", _("Not answered")
        YES = "yes", _("Attending")
        NO = "no", _("Not attending")
        MAYBE = "maybe", _("Maybe")

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField(_("e-mail"))  # external guests have only this
    name = models.CharField(_("name"), max_length=200, blank=True)
    rsvp = models.CharField(_("answer"), max_length=10, choices=Rsvp.choices, default=Rsvp.PENDING)
    # Recorded in the minutes; None until then.
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["name", "email"]
        constraints = [models.UniqueConstraint(fields=["meeting", "email"], name="unique_participant_email")]

    def __str__(self):
        return self.name or self.email


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=15, validators=[MinValueValidator(1), MaxValueValidator(MAX_ITEM_MINUTES)]
    )
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    businesses = models.ManyToManyField(
        "businesses.Business", verbose_name=_("businesses concerned"), blank=True, related_name="+"
    )
    # An internal item is discussed behind closed doors: never shown outside the meeting's circle.
    internal = models.BooleanField(
        _("internal item"), default=False, help_text=_("Internal items are not shown to the public, nor in published minutes.")
    )
    # The minutes, per item.
    notes = models.TextField(_("notes"), blank=True)
    decision = models.TextField(_("decision"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]
        constraints = [models.UniqueConstraint(fields=["meeting", "position"], name="unique_agenda_position")]

    def __str__(self):
        return f"{self.position}. {self.title}"


class ReminderDelivery(models.Model):
    """One reminder to one recipient: recorded once under a unique constraint, so it is never sent twice.

    ``kind`` is "before-<minutes>" for a reminder before the meeting, "minutes-<days>" for a nudge
    to the organiser when the minutes of a held meeting are late.

    A reminder the mail server refuses for a while (4xx, or no connection) stays queued and is
    tried again at ``next_attempt_at``; one it refuses for good (5xx for this recipient), or after
    ``MAX_ATTEMPTS`` tries, is failed, with the server's answer in ``error``. One overtaken by a
    later reminder of its kind before it went out is skipped.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reminders")
    recipient = models.EmailField()
    language = models.CharField(max_length=8, default="nb")
    kind = models.CharField(max_length=30)
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # When the send task was last put on the queue; a queued row not sent long after is queued again.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Tries that ended in a refusal or without a connection, and when the next one is due (None: at once).
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # The mail server's last refusal, e.g. "550 5.1.1 No such user".
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [models.UniqueConstraint(fields=["meeting", "recipient", "kind"], name="unique_reminder_per_recipient")]
        indexes = [models.Index(fields=["status", "enqueued_at"])]

    def __str__(self):
        return f"{self.kind} → {self.recipient}"


class ItemProposal(models.Model):
    """An agenda item a council member proposes before the deadline; the organiser accepts, edits or declines it."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Awaiting decision")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="proposals")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=15, validators=[MinValueValidator(5), MaxValueValidator(240)]
    )
    businesses = models.ManyToManyField(
        "businesses.Business", verbose_name=_("businesses concerned"), blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    response = models.TextField(_("response to the proposer"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    agenda_item = models.OneToOneField(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal", editable=False
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("item proposal")
        verbose_name_plural = _("item proposals")
        ordering = ["created"]

    def __str__(self):
        return self.title


class ActionPoint(models.Model):
    """Something agreed in a meeting: what, who, by when. Open ones follow the series to its next agenda."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="action_points")
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), null=True, blank=True, on_delete=models.SET_NULL, related_name="action_points"
    )
    title = models.CharField(_("what"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_name = models.CharField(_("owner (if not a portal user)"), max_length=200, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True, validators=[validate_date_in_window])
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    status_note = models.TextField(_("status note"), blank=True)
    link = models.URLField(_("link"), blank=True)
    businesses = models.ManyToManyField(
        "businesses.Business", verbose_name=_("businesses concerned"), blank=True, related_name="+"
    )
    internal = models.BooleanField(pgettext_lazy("action point", "internal"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("action point")
        verbose_name_plural = _("action points")
        ordering = ["due_date", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(owner__isnull=True, owner_name=""), name="action_point_has_owner")]

    def __str__(self):
        return self.title

    @property
    def owner_display(self) -> str:
        return str(self.owner) if self.owner_id else self.owner_name


def document_path(document: "Document", filename: str) -> str:
    # A random name: the title and the original file name are kept in the row, never in a URL.
    return f"meetings/documents/{document.meeting_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Document(models.Model):
    """A file attached to a meeting or to one of its agenda items."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="documents")
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_path)
    filename = models.CharField(max_length=255, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:document", kwargs={"pk": self.pk})


class CalendarFeed(models.Model):
    """A user's private calendar feed: the token in its URL is the only key, and can be replaced (revoked)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"calendar feed of {self.user}"


class MeetingPdf(models.Model):
    """The notice (innkalling) or the minutes (referat) of a meeting as PDF, made by a task and stored.

    The minutes come in two versions: the full minutes for the meeting's circle, and for a public
    meeting the public minutes, without the internal items and internal action points.
    """

    class Kind(models.TextChoices):
        NOTICE = "notice", _("Notice with agenda")
        MINUTES = "minutes", _("Minutes")
        PUBLIC_MINUTES = "public_minutes", _("Minutes (public version)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="pdfs")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(upload_to="meetings/pdf/", blank=True)
    # A hash of the HTML the stored file was made from: a task that finds the same HTML writes nothing.
    source_hash = models.CharField(max_length=64, blank=True)
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "kind"], name="unique_meeting_pdf")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.meeting}"
