"""Education collaboration: placements, theses, EiT villages, EVU courses, teaching by staff.

Semesters are written as the partnership writes them: ``V2027`` (vår, spring) and ``H2026``
(høst, autumn); the year is stored beside them so counts per year need no string parsing.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kunnskapsbro.core.models import SourceTrackedModel, TimeStampedModel
from kunnskapsbro.organizations.models import Organization, OrgUnit, Person
from kunnskapsbro.partnerships.models import FocusArea, Partnership

validate_semester = RegexValidator(
    r"^[HV]20\d\d$",
    _("Semester skrives som V2027 (vår) eller H2026 (høst)."),
    code="semester",
)


def semester_year(semester: str) -> int | None:
    """The year of a semester code (``H2026`` → 2026), or None."""
    return int(semester[1:]) if semester and semester[1:].isdigit() else None


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Offentlig")
    INTERNAL = "internal", _("Intern")


class Placement(TimeStampedModel, SourceTrackedModel):
    """Students in practice placement at a municipal unit in one semester."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnerskap"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("enhet"), on_delete=models.PROTECT, related_name="placements"
    )
    programme = models.CharField(_("studieprogram"), max_length=200)
    institution = models.ForeignKey(
        Organization,
        verbose_name=_("utdanningsinstitusjon"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    semester = models.CharField(_("semester"), max_length=5, validators=[validate_semester])
    year = models.PositiveIntegerField(_("år"))
    student_count = models.PositiveIntegerField(
        _("antall studenter"), validators=[MinValueValidator(1), MaxValueValidator(10_000)]
    )
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("fokusområde"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "semester", "unit__name"]
        verbose_name = _("praksisplass")
        verbose_name_plural = _("praksisplasser")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "programme", "institution", "semester"],
                name="placement_unique_unit_programme_semester",
            )
        ]
        indexes = [models.Index(fields=["partnership", "year"])]

    def __str__(self) -> str:
        return f"{self.unit} – {self.programme} ({self.semester})"

    def get_absolute_url(self) -> str:
        return reverse("education:placement", args=[self.pk])


class ThesisLevel(models.TextChoices):
    BACHELOR = "bachelor", _("Bacheloroppgave")
    MASTER = "master", _("Masteroppgave")
    PROJECT = "project", _("Prosjektoppgave")
    EIT = "eit", _("Eksperter i team (EiT)")
    PHD = "phd", _("Doktorgrad (ph.d.)")


class ThesisStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    IN_PROGRESS = "in_progress", _("Under arbeid")
    FINISHED = "finished", _("Levert")


class Thesis(TimeStampedModel, SourceTrackedModel):
    """A student thesis written with the municipality (the need it answers: needs.NeedAnswer)."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnerskap"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tittel"), max_length=500)
    summary = models.TextField(_("sammendrag"), blank=True)
    level = models.CharField(_("nivå"), max_length=20, choices=ThesisLevel.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ThesisStatus.choices, default=ThesisStatus.IN_PROGRESS
    )
    student_name = models.CharField(_("student"), max_length=300)
    student_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("studentens brukerkonto"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    institution = models.ForeignKey(
        Organization,
        verbose_name=_("utdanningsinstitusjon"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="theses",
    )
    academic_supervisor = models.ForeignKey(
        Person,
        verbose_name=_("veileder ved utdanningsinstitusjonen"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_theses",
    )
    municipal_supervisor = models.ForeignKey(
        Person,
        verbose_name=_("veileder i kommunen"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="municipal_supervised_theses",
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("enhet"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="theses",
    )
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("fokusområde"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    discipline = models.CharField(_("fagområde"), max_length=200, blank=True)
    year = models.PositiveIntegerField(
        _("år"), validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    data_used = models.TextField(_("data som er brukt"), blank=True)
    nva_url = models.URLField(_("lenke til ferdig oppgave (NVA)"), blank=True)
    visibility = models.CharField(
        _("synlighet"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("studentoppgave")
        verbose_name_plural = _("studentoppgaver")
        indexes = [models.Index(fields=["partnership", "year"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("education:thesis", args=[self.pk])


class EitVillage(TimeStampedModel):
    """An Eksperter i team village working on a problem from the municipality."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnerskap"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("landsbytema"), max_length=300)
    code = models.CharField(_("landsbykode"), max_length=40, blank=True)
    semester = models.CharField(_("semester"), max_length=5, validators=[validate_semester])
    year = models.PositiveIntegerField(_("år"))
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("enhet"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("fokusområde"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    student_count = models.PositiveIntegerField(_("antall studenter"), default=0)
    description = models.TextField(_("beskrivelse"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("EiT-landsby")
        verbose_name_plural = _("EiT-landsbyer")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("education:village", args=[self.pk])


class Course(TimeStampedModel):
    """A further-education (EVU) course developed together with the municipality."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnerskap"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tittel"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    institution = models.ForeignKey(
        Organization,
        verbose_name=_("utdanningsinstitusjon"),
        on_delete=models.PROTECT,
        related_name="courses",
    )
    credits = models.DecimalField(
        _("studiepoeng"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    semester = models.CharField(_("semester"), max_length=5, validators=[validate_semester])
    year = models.PositiveIntegerField(_("år"))
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("fokusområde"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("EVU-kurs")
        verbose_name_plural = _("EVU-kurs")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("education:course", args=[self.pk])


class CourseParticipation(TimeStampedModel):
    """How many from a municipal unit take a course."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="participations")
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("enhet"), on_delete=models.PROTECT, related_name="+"
    )
    participant_count = models.PositiveIntegerField(
        _("antall deltakere"), validators=[MinValueValidator(1)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kursdeltakelse")
        verbose_name_plural = _("kursdeltakelser")
        constraints = [
            models.UniqueConstraint(fields=["course", "unit"], name="course_participation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.participant_count}"


class ContributionKind(models.TextChoices):
    LECTURE = "lecture", _("Undervisning")
    SUPERVISION = "supervision", _("Veiledning")
    EXAMINER = "examiner", _("Sensur")
    COURSE_DEVELOPMENT = "course_development", _("Emneutvikling")


class TeachingContribution(TimeStampedModel):
    """Teaching or supervision at the university by a member of the municipality's staff."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnerskap"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="teaching_contributions",
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("enhet"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    institution = models.ForeignKey(
        Organization,
        verbose_name=_("utdanningsinstitusjon"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("type"), max_length=30, choices=ContributionKind.choices)
    course_name = models.CharField(_("emne"), max_length=300, blank=True)
    semester = models.CharField(_("semester"), max_length=5, validators=[validate_semester])
    year = models.PositiveIntegerField(_("år"))
    hours = models.DecimalField(
        _("timer"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "person__last_name"]
        verbose_name = _("undervisningsbidrag")
        verbose_name_plural = _("undervisningsbidrag")

    def __str__(self) -> str:
        return f"{self.person} – {self.get_kind_display()} ({self.semester})"

    def get_absolute_url(self) -> str:
        return reverse("education:teaching", args=[self.pk])
