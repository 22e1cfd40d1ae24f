"""Knowledge needs formulated by the municipality, the oppgavebank, interest and answers.

A need is answered by projects, theses, courses or evidence reviews (``NeedAnswer``); a
published need becomes one or more assignments for students (``Assignment``), in which
students and supervisors express interest (``Interest``) and the unit picks one.
``MatchIndexState`` is the version counter of the matching index (``search.matching``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kunnskapsbro.core.models import TimeStampedModel
from kunnskapsbro.education.models import Course, Thesis, validate_semester
from kunnskapsbro.organizations.models import OrgUnit, Person
from kunnskapsbro.partnerships.models import FocusArea, Partnership
from kunnskapsbro.projects.models import Project


class NeedStatus(models.TextChoices):
    NEW = "new", _("Ny")
    PRIORITISED = "prioritised", _("Prioritert")
    PUBLISHED = "published", _("Publisert")
    IN_PROGRESS = "in_progress", _("Under arbeid")
    ANSWERED = "answered", _("Besvart")
    CLOSED = "closed", _("Lukket")


class Urgency(models.TextChoices):
    LOW = "low", _("Kan vente")
    MEDIUM = "medium", _("Innen et år")
    HIGH = "high", _("Haster")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Offentlig")
    INTERNAL = "internal", _("Intern")


class KnowledgeNeed(TimeStampedModel):
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnerskap"),
        on_delete=models.PROTECT,
        related_name="knowledge_needs",
    )
    title = models.CharField(_("tittel"), max_length=300)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("enhet som melder behovet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="knowledge_needs",
    )
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("fokusområde"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="knowledge_needs",
    )
    problem = models.TextField(_("problemet"))
    affected = models.TextField(_("hvem berøres"), blank=True)
    known = models.TextField(_("hva vet vi allerede"), blank=True)
    wanted = models.TextField(_("hva ønsker vi å finne ut"), blank=True)
    # PICO: the structure evidence-based practice uses for a question that fits it.
    pico_population = models.TextField(_("populasjon (P)"), blank=True)
    pico_intervention = models.TextField(_("tiltak (I)"), blank=True)
    pico_comparison = models.TextField(_("sammenligning (C)"), blank=True)
    pico_outcome = models.TextField(_("utfall (O)"), blank=True)
    urgency = models.CharField(
        _("hvor haster det"), max_length=10, choices=Urgency.choices, default=Urgency.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.NEW
    )
    priority_rank = models.PositiveIntegerField(_("prioritet (rangering)"), null=True, blank=True)
    priority_comment = models.TextField(_("innovasjonsutvalgets kommentar"), blank=True)
    visibility = models.CharField(
        _("synlighet"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    contact_person = models.ForeignKey(
        Person,
        verbose_name=_("kontaktperson"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="knowledge_needs",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrert av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("kunnskapsbehov")
        verbose_name_plural = _("kunnskapsbehov")
        indexes = [
            models.Index(fields=["partnership", "status"]),
            models.Index(fields=["status", "priority_rank"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("needs:detail", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC

    def match_text(self) -> str:
        """The words that describe the need, for matching."""
        return "\n".join(
            part
            for part in (
                self.title,
                self.problem,
                self.affected,
                self.wanted,
                self.pico_population,
                self.pico_intervention,
                self.pico_outcome,
            )
            if part
        )


class NeedStatusChange(models.Model):
    """One step of a need's life: who moved it, when, from where to where and why."""

    need = models.ForeignKey(KnowledgeNeed, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(_("fra"), max_length=20, choices=NeedStatus.choices)
    to_status = models.CharField(_("til"), max_length=20, choices=NeedStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utført av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("tidspunkt"))
    comment = models.TextField(_("kommentar"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("statusendring for behov")
        verbose_name_plural = _("statusendringer for behov")

    def __str__(self) -> str:
        return f"{self.need_id}: {self.from_status} → {self.to_status}"


class AssignmentLevel(models.TextChoices):
    BACHELOR = "bachelor", _("Bachelor")
    MASTER = "master", _("Master")
    EIT = "eit", _("Eksperter i team (EiT)")
    PHD = "phd", _("Ph.d.")


class NotificationStatus(models.TextChoices):
    NOT_NEEDED = "not_needed", _("Ikke nødvendig")
    NOT_SENT = "not_sent", _("Ikke sendt")
    SUBMITTED = "submitted", _("Sendt til Sikt")
    APPROVED = "approved", _("Vurdert av Sikt")


class AssignmentStatus(models.TextChoices):
    OPEN = "open", _("Ledig")
    TAKEN = "taken", _("Tildelt")
    DONE = "done", _("Fullført")
    WITHDRAWN = "withdrawn", _("Trukket")


class Assignment(TimeStampedModel):
    """A topic in the oppgavebank: a published need offered to students."""

    need = models.ForeignKey(
        KnowledgeNeed,
        verbose_name=_("kunnskapsbehov"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    title = models.CharField(_("tittel"), max_length=300)
    description = models.TextField(_("beskrivelse"))
    level = models.CharField(_("nivå"), max_length=20, choices=AssignmentLevel.choices)
    discipline = models.CharField(_("fagområde"), max_length=200)
    semester = models.CharField(_("semester"), max_length=5, validators=[validate_semester])
    data_available = models.TextField(_("tilgjengelige data"), blank=True)
    contact_person = models.ForeignKey(
        Person,
        verbose_name=_("kontaktperson"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
    )
    notification_required = models.BooleanField(
        _("krever melding til Sikt (personvern)"), default=False
    )
    notification_status = models.CharField(
        _("status for personvernmelding"),
        max_length=20,
        choices=NotificationStatus.choices,
        default=NotificationStatus.NOT_NEEDED,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.OPEN
    )
    thesis = models.ForeignKey(
        Thesis,
        verbose_name=_("oppgaven som ble skrevet"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["semester", "title"]
        verbose_name = _("oppgave i oppgavebanken")
        verbose_name_plural = _("oppgavebanken")
        indexes = [models.Index(fields=["status", "level"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("needs:assignment", kwargs={"pk": self.pk})


class InterestRole(models.TextChoices):
    STUDENT = "student", _("Student")
    SUPERVISOR = "supervisor", _("Veileder")


class InterestStatus(models.TextChoices):
    PENDING = "pending", _("Venter")
    CHOSEN = "chosen", _("Valgt")
    DECLINED = "declined", _("Ikke valgt")


class Interest(TimeStampedModel):
    """A student or supervisor who would like to take an assignment."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="interests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruker"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    role = models.CharField(_("som"), max_length=20, choices=InterestRole.choices)
    message = models.TextField(_("melding"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=InterestStatus.choices, default=InterestStatus.PENDING
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("interesse")
        verbose_name_plural = _("interesser")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "user"], name="interest_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.assignment}"


class AnswerKind(models.TextChoices):
    PROJECT = "project", _("Prosjekt")
    THESIS = "thesis", _("Studentoppgave")
    COURSE = "course", _("EVU-kurs")
    REVIEW = "review", _("Kunnskapsoppsummering")


class NeedAnswer(TimeStampedModel):
    """What answers a need: one project, thesis, course or evidence review."""

    need = models.ForeignKey(KnowledgeNeed, on_delete=models.CASCADE, related_name="answers")
    kind = models.CharField(_("type"), max_length=20, choices=AnswerKind.choices)
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="need_answers"
    )
    thesis = models.ForeignKey(
        Thesis, on_delete=models.CASCADE, null=True, blank=True, related_name="need_answers"
    )
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, null=True, blank=True, related_name="need_answers"
    )
    review_title = models.CharField(_("kunnskapsoppsummering"), max_length=500, blank=True)
    review_url = models.URLField(_("lenke"), blank=True)
    comment = models.TextField(_("kommentar"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("svar på behov")
        verbose_name_plural = _("svar på behov")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind="project",
                        project__isnull=False,
                        thesis__isnull=True,
                        course__isnull=True,
                    )
                    | models.Q(
                        kind="thesis",
                        thesis__isnull=False,
                        project__isnull=True,
                        course__isnull=True,
                    )
                    | models.Q(
                        kind="course",
                        course__isnull=False,
                        project__isnull=True,
                        thesis__isnull=True,
                    )
                    | models.Q(
                        kind="review",
                        project__isnull=True,
                        thesis__isnull=True,
                        course__isnull=True,
                    )
                ),
                name="need_answer_one_target",
            ),
            models.UniqueConstraint(fields=["need", "project"], name="need_answer_project_once"),
            models.UniqueConstraint(fields=["need", "thesis"], name="need_answer_thesis_once"),
        ]

    def __str__(self) -> str:
        return f"{self.need_id} ← {self.kind}"

    @property
    def target(self) -> object:
        return self.project or self.thesis or self.course


class MatchIndexState(models.Model):
    """One row: the version of the data the matching index was built from.

    Services that change matchable records bump ``version``; the index snapshot carries the
    version it was built at, so every web process can tell that its copy is stale.
    """

    version = models.PositiveBigIntegerField(default=0)
    built_version = models.PositiveBigIntegerField(default=0)
    built_at = models.DateTimeField(null=True, blank=True)
    # What the snapshot was built from (version, latest project change, highest project id)
    # and how many documents it holds, so staleness is known without unpickling it.
    built_key = models.CharField(max_length=200, blank=True, default="")
    built_size = models.PositiveIntegerField(default=0)
    snapshot = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("matchingindeks")
        verbose_name_plural = _("matchingindeks")

    def __str__(self) -> str:
        return f"matching index v{self.version} (built {self.built_version})"
