"""Governance meetings (cases, decisions, follow-up) and meeting places (events, registration)."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kunnskapsbro.core.models import TimeStampedModel
from kunnskapsbro.organizations.models import Organization, Person
from kunnskapsbro.partnerships.models import GovernanceBody, Partnership
from kunnskapsbro.projects.models import Project


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    HELD = "held", _("Avholdt")
    CANCELLED = "cancelled", _("Avlyst")


class Meeting(TimeStampedModel):
    body = models.ForeignKey(
        GovernanceBody, verbose_name=_("organ"), on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(_("tittel"), max_length=300)
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"), null=True, blank=True)
    location = models.CharField(_("sted"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    is_public = models.BooleanField(_("offentlig"), default=False)
    minutes = models.TextField(_("referat"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("møte")
        verbose_name_plural = _("møter")
        indexes = [models.Index(fields=["body", "starts_at"]), models.Index(fields=["starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gte=models.F("starts_at")),
                name="meeting_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("meetings:detail", kwargs={"pk": self.pk})


class AgendaItemKind(models.TextChoices):
    DECISION = "decision", _("Beslutningssak")
    DISCUSSION = "discussion", _("Drøftingssak")
    ORIENTATION = "orientation", _("Orienteringssak")


class AgendaItem(TimeStampedModel):
    """A case (sak) on a meeting's agenda; it may refer to projects, needs and goals."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.CharField(_("saksnummer"), max_length=30)
    title = models.CharField(_("tittel"), max_length=300)
    kind = models.CharField(
        _("type"), max_length=20, choices=AgendaItemKind.choices, default=AgendaItemKind.ORIENTATION
    )
    description = models.TextField(_("saksframstilling"), blank=True)
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    projects = models.ManyToManyField(
        Project, verbose_name=_("prosjekter"), related_name="agenda_items", blank=True
    )
    history = HistoricalRecords(m2m_fields=[projects])

    class Meta:
        ordering = ["meeting", "order", "number"]
        verbose_name = _("sak")
        verbose_name_plural = _("saker")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_item_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class CaseReference(TimeStampedModel):
    """A case's reference to a record in another app (a knowledge need, a goal, ...).

    Generic so that the needs and goals apps can be referred to without this app depending on
    them; projects have their own many-to-many field because they are the common case.
    """

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="references")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("referanse")
        verbose_name_plural = _("referanser")
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "content_type", "object_id"], name="case_reference_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model}:{self.object_id}"


class MeetingDocument(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("sak"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    title = models.CharField(_("tittel"), max_length=300)
    url = models.URLField(_("lenke"), blank=True)
    file = models.FileField(_("fil"), upload_to="meetings/", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("møtedokument")
        verbose_name_plural = _("møtedokumenter")

    def __str__(self) -> str:
        return self.title


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Til stede")
    ABSENT = "absent", _("Fravær")
    EXCUSED = "excused", _("Meldt forfall")
    GUEST = "guest", _("Gjest")


class Attendance(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField(
        _("oppmøte"),
        max_length=20,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.PRESENT,
    )
    represents = models.ForeignKey(
        Organization,
        verbose_name=_("representerer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "person__last_name", "person__first_name"]
        verbose_name = _("oppmøte")
        verbose_name_plural = _("oppmøter")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_status_display()})"


class Decision(TimeStampedModel):
    """A decision (vedtak) made on a case."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("vedtak"))
    decided_on = models.DateField(_("vedtatt"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["decided_on", "id"]
        verbose_name = _("vedtak")
        verbose_name_plural = _("vedtak")

    def __str__(self) -> str:
        return self.text[:80]


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Ikke startet")
    IN_PROGRESS = "in_progress", _("Under arbeid")
    DONE = "done", _("Utført")


class ActionItem(TimeStampedModel):
    """A follow-up point (oppfølgingspunkt) with an owner and a due date."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("sak"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("vedtak"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    title = models.CharField(_("oppfølgingspunkt"), max_length=500)
    owner = models.ForeignKey(
        Person, verbose_name=_("ansvarlig"), on_delete=models.PROTECT, related_name="action_items"
    )
    due_date = models.DateField(_("frist"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    completed_on = models.DateField(_("utført dato"), null=True, blank=True)
    comment = models.TextField(_("kommentar"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("oppfølgingspunkt")
        verbose_name_plural = _("oppfølgingspunkter")
        indexes = [models.Index(fields=["owner", "status", "due_date"])]

    def __str__(self) -> str:
        return self.title


class DeadlineKind(models.TextChoices):
    REPORT = "report", _("Rapporteringsfrist")
    APPLICATION = "application", _("Søknadsfrist")
    BUDGET = "budget", _("Budsjett")
    OTHER = "other", _("Annet")


class Deadline(TimeStampedModel):
    """A recurring date in the annual cycle (årshjul): reporting and application deadlines."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="deadlines")
    title = models.CharField(_("tittel"), max_length=300)
    kind = models.CharField(
        _("type"), max_length=20, choices=DeadlineKind.choices, default=DeadlineKind.REPORT
    )
    month = models.PositiveSmallIntegerField(
        _("måned"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    day = models.PositiveSmallIntegerField(
        _("dag"), validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["month", "day", "title"]
        verbose_name = _("frist i årshjulet")
        verbose_name_plural = _("frister i årshjulet")

    def __str__(self) -> str:
        return self.title


# --- meeting places ---------------------------------------------------------------------------


class EventKind(models.TextChoices):
    BREAKFAST = "breakfast", _("Frokostmøte")
    WORKING_MEETING = "working_meeting", _("Arbeidsmøte")
    CONFERENCE = "conference", _("Konferanse")
    SEMINAR = "seminar", _("Seminar")


class Event(TimeStampedModel):
    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnerskap"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("type"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("tittel"), max_length=300)
    slug = models.SlugField(_("lenkenavn"), max_length=100, unique=True)
    topic = models.CharField(_("tema"), max_length=300, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"), null=True, blank=True)
    location = models.CharField(_("sted"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(
        _("antall plasser"), null=True, blank=True, help_text=_("Tomt betyr ubegrenset.")
    )
    registration_open = models.BooleanField(_("åpen for påmelding"), default=True)
    is_public = models.BooleanField(_("offentlig"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("arrangement")
        verbose_name_plural = _("arrangementer")
        indexes = [models.Index(fields=["is_public", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("meetings:event_detail", kwargs={"slug": self.slug})


class EventSession(TimeStampedModel):
    """One session of an event's programme; sessions sharing a ``track_group`` run in parallel."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("tittel"), max_length=300)
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"), null=True, blank=True)
    room = models.CharField(_("rom"), max_length=100, blank=True)
    speakers = models.CharField(_("innledere"), max_length=500, blank=True)
    parallel_group = models.CharField(
        _("parallellsesjon"),
        max_length=50,
        blank=True,
        help_text=_("Sesjoner med samme verdi går samtidig; deltakerne velger én."),
    )
    capacity = models.PositiveIntegerField(_("antall plasser"), null=True, blank=True)
    slides_url = models.URLField(_("lysark"), blank=True)
    recording_url = models.URLField(_("opptak"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "starts_at", "parallel_group", "title"]
        verbose_name = _("sesjon")
        verbose_name_plural = _("sesjoner")

    def __str__(self) -> str:
        return self.title


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Påmeldt")
    WAITLISTED = "waitlisted", _("På venteliste")
    CANCELLED = "cancelled", _("Avmeldt")


class Registration(TimeStampedModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-post"))
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisasjon"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    organization_name = models.CharField(_("organisasjon"), max_length=300, blank=True)
    sessions = models.ManyToManyField(
        EventSession, verbose_name=_("valgte sesjoner"), related_name="registrations", blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.CONFIRMED,
    )
    waitlist_position = models.PositiveIntegerField(
        _("plass på ventelisten"), null=True, blank=True
    )
    history = HistoricalRecords(m2m_fields=[sessions])

    class Meta:
        ordering = ["event", "created_at", "id"]
        verbose_name = _("påmelding")
        verbose_name_plural = _("påmeldinger")
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="registration_unique_email")
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self) -> str:
        return f"{self.name} – {self.event}"
