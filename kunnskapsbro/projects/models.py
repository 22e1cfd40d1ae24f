"""The R&D portfolio: projects, their partners, people, funding, identifiers and lifecycle."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kunnskapsbro.core.models import SourceTrackedModel, TimeStampedModel
from kunnskapsbro.organizations.models import Organization, OrgUnit, Person
from kunnskapsbro.partnerships.models import CrossCuttingElement, FocusArea, Partnership


class ProjectKind(models.TextChoices):
    RESEARCH = "research", _("Forskningsprosjekt")
    INNOVATION = "innovation", _("Innovasjonsprosjekt")
    PHD = "phd", _("Stipendiatstilling (ph.d.)")
    PUBLIC_SECTOR_PHD = "public_sector_phd", _("Offentlig sektor-ph.d.")
    EVALUATION = "evaluation", _("Følgeevaluering / følgeforskning")
    PILOT = "pilot", _("Pilot")
    EDUCATION = "education", _("Utdanningssamarbeid")
    NETWORK = "network", _("Nettverk")
    OTHER = "other", _("Annet")


class ProjectStatus(models.TextChoices):
    IDEA = "idea", _("Idé")
    ASSESSMENT = "assessment", _("Til vurdering")
    DECLINED = "declined", _("Avslått av kommunen")
    PREPARING = "preparing", _("Søknad under arbeid")
    SUBMITTED = "submitted", _("Søknad sendt")
    GRANTED = "granted", _("Innvilget")
    REJECTED = "rejected", _("Ikke innvilget")
    ACTIVE = "active", _("Pågående")
    COMPLETED = "completed", _("Avsluttet")
    WITHDRAWN = "withdrawn", _("Trukket")
    TERMINATED = "terminated", _("Avbrutt")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Offentlig")
    INTERNAL = "internal", _("Intern")


class Project(TimeStampedModel, SourceTrackedModel):
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnerskap"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    title = models.CharField(_("tittel"), max_length=500)
    title_en = models.CharField(_("tittel (engelsk)"), max_length=500, blank=True)
    acronym = models.CharField(_("akronym"), max_length=60, blank=True)
    summary = models.TextField(_("sammendrag"), blank=True)
    summary_en = models.TextField(_("sammendrag (engelsk)"), blank=True)
    popular_summary = models.TextField(_("populærvitenskapelig sammendrag"), blank=True)
    popular_summary_en = models.TextField(
        _("populærvitenskapelig sammendrag (engelsk)"), blank=True
    )
    kind = models.CharField(
        _("type"), max_length=30, choices=ProjectKind.choices, default=ProjectKind.RESEARCH
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.IDEA
    )
    status_changed_at = models.DateTimeField(_("status endret"), null=True, blank=True)
    start_date = models.DateField(_("startdato"), null=True, blank=True)
    end_date = models.DateField(_("sluttdato"), null=True, blank=True)
    visibility = models.CharField(
        _("synlighet"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    focus_areas = models.ManyToManyField(
        FocusArea, verbose_name=_("fokusområder"), related_name="projects", blank=True
    )
    elements = models.ManyToManyField(
        CrossCuttingElement,
        verbose_name=_("tverrgående elementer"),
        related_name="projects",
        blank=True,
    )
    municipal_units = models.ManyToManyField(
        OrgUnit, verbose_name=_("kommunale enheter"), related_name="projects", blank=True
    )
    keywords = models.JSONField(_("nøkkelord"), default=list, blank=True)
    sdgs = models.JSONField(_("bærekraftsmål"), default=list, blank=True)
    own_contribution_hours = models.DecimalField(
        _("egeninnsats (timer)"),
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    own_contribution_nok = models.DecimalField(
        _("egeninnsats (kroner)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    website = models.URLField(_("nettsted"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrert av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords(m2m_fields=[focus_areas, elements, municipal_units])

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("prosjekt")
        verbose_name_plural = _("prosjekter")
        indexes = [
            models.Index(fields=["partnership", "status"]),
            models.Index(fields=["status"]),
            models.Index(fields=["start_date"]),
            models.Index(fields=["end_date"]),
            models.Index(fields=["visibility", "-updated_at"]),
            models.Index(fields=["-updated_at"]),
            models.Index(fields=["title"]),
            models.Index(fields=["source", "source_id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="project_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("projects:detail", kwargs={"pk": self.pk})

    @property
    def display_title(self) -> str:
        """«ACRONYM – Title», unless the title already starts with the acronym."""
        if self.acronym and not self.title.lower().startswith(self.acronym.lower()):
            return f"{self.acronym} – {self.title}"
        return self.title

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC


class PartnerRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Koordinator")
    PARTNER = "partner", _("Partner")
    RESPONSIBLE_INSTITUTION = "responsible_institution", _("Prosjektansvarlig institusjon")
    FUNDER = "funder", _("Finansiør")
    CONTRACTOR = "contractor", _("Leverandør")
    IN_KIND_CONTRIBUTOR = "in_kind_contributor", _("Bidrar med egeninnsats")


class ProjectPartner(TimeStampedModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisasjon"),
        on_delete=models.PROTECT,
        related_name="project_partnerships",
    )
    role = models.CharField(
        _("rolle"), max_length=30, choices=PartnerRole.choices, default=PartnerRole.PARTNER
    )
    contribution = models.DecimalField(
        _("bidrag/tilskudd"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(_("valuta"), max_length=3, default="NOK")
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "organization__name"]
        verbose_name = _("prosjektpartner")
        verbose_name_plural = _("prosjektpartnere")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organization", "role"], name="partner_unique_role"
            )
        ]
        indexes = [models.Index(fields=["organization", "project"])]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


class ParticipantRole(models.TextChoices):
    PROJECT_MANAGER = "project_manager", _("Prosjektleder")
    LOCAL_PROJECT_MANAGER = "local_project_manager", _("Lokal prosjektleder")
    MUNICIPAL_CONTACT = "municipal_contact", _("Kontaktperson i kommunen")
    RESEARCHER = "researcher", _("Forsker")
    PARTICIPANT = "participant", _("Deltaker")
    STUDENT = "student", _("Student")
    SUPERVISOR = "supervisor", _("Veileder")


class ProjectParticipant(TimeStampedModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(_("rolle"), max_length=30, choices=ParticipantRole.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("for organisasjon"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "person__last_name"]
        verbose_name = _("prosjektdeltaker")
        verbose_name_plural = _("prosjektdeltakere")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "person", "role"], name="participant_unique_role"
            )
        ]
        indexes = [models.Index(fields=["person", "project"])]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class FundingStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    APPLIED = "applied", _("Søkt")
    GRANTED = "granted", _("Innvilget")
    REJECTED = "rejected", _("Avslått")


class FundingLine(TimeStampedModel, SourceTrackedModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding_lines")
    funder = models.ForeignKey(
        Organization,
        verbose_name=_("finansiør"),
        on_delete=models.PROTECT,
        related_name="funded_lines",
    )
    programme = models.CharField(_("program"), max_length=300, blank=True)
    grant_id = models.CharField(_("prosjekt-/kontraktsnummer"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=FundingStatus.choices, default=FundingStatus.APPLIED
    )
    amount_applied = models.DecimalField(
        _("søkt beløp"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    amount_granted = models.DecimalField(
        _("innvilget beløp"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(_("valuta"), max_length=3, default="NOK")
    start_date = models.DateField(_("fra"), null=True, blank=True)
    end_date = models.DateField(_("til"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-amount_granted", "funder__name"]
        verbose_name = _("finansieringskilde")
        verbose_name_plural = _("finansiering")
        indexes = [models.Index(fields=["funder", "project"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="funding_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.funder} {self.programme}".strip()


class IdentifierScheme(models.TextChoices):
    EU_GRANT = "eu_grant", _("EU-kontraktsnummer")
    RCN_PROJECT = "rcn_project", _("Forskningsrådet prosjektnummer")
    CRISTIN_PROJECT = "cristin_project", _("Cristin prosjekt-ID")
    NVA_PROJECT = "nva_project", _("NVA prosjekt-ID")
    DOI = "doi", _("DOI")
    CORDIS_RCN = "cordis_rcn", _("CORDIS RCN")
    INTERNAL = "internal", _("Internt saksnummer")


class ProjectIdentifier(TimeStampedModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="identifiers")
    scheme = models.CharField(_("type"), max_length=30, choices=IdentifierScheme.choices)
    value = models.CharField(_("verdi"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["scheme"]
        verbose_name = _("identifikator")
        verbose_name_plural = _("identifikatorer")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "value"], name="identifier_unique_value"),
            models.UniqueConstraint(fields=["project", "scheme"], name="identifier_one_per_scheme"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme}:{self.value}"


class ProjectLink(TimeStampedModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(_("adresse"))
    label = models.CharField(_("tekst"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["label"]
        verbose_name = _("lenke")
        verbose_name_plural = _("lenker")

    def __str__(self) -> str:
        return self.label or self.url


class StatusTransition(models.Model):
    """One step of the lifecycle: who moved the project, when, from where to where and why."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("fra"), max_length=20, choices=ProjectStatus.choices)
    to_status = models.CharField(_("til"), max_length=20, choices=ProjectStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utført av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("tidspunkt"))
    comment = models.TextField(_("begrunnelse"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("statusendring")
        verbose_name_plural = _("statusendringer")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.from_status} → {self.to_status}"


# --- relevance, capacity and outcomes (issue 5) ---------------------------------------------


class Recommendation(models.TextChoices):
    PARTICIPATE = "participate", _("Delta")
    PARTICIPATE_WITH_CONDITIONS = "participate_with_conditions", _("Delta, med vilkår")
    DECLINE = "decline", _("Ikke delta")


class RelevanceAssessment(TimeStampedModel):
    """A municipal unit's judgement of a project: relevance, the plan goal, what it asks of us.

    One row per project and unit; a new assessment by the same unit replaces the old one (the
    history keeps every version).
    """

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="relevance_assessments"
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("enhet"),
        on_delete=models.PROTECT,
        related_name="relevance_assessments",
    )
    relevance = models.PositiveSmallIntegerField(
        _("relevans (1–5)"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    plan_goal = models.ForeignKey(
        "goals.Goal",
        verbose_name=_("planmål prosjektet tjener"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="relevance_assessments",
    )
    plan_goal_text = models.CharField(
        _("planmål (fritekst)"),
        max_length=500,
        blank=True,
        help_text=_("Når målet står i en kommunal plan som ikke er registrert her."),
    )
    staff_hours = models.DecimalField(
        _("timer fra ansatte"),
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    months = models.PositiveSmallIntegerField(_("varighet (måneder)"), null=True, blank=True)
    students_collecting_data = models.PositiveSmallIntegerField(
        _("studenter som samler inn data"), null=True, blank=True
    )
    recommendation = models.CharField(
        _("anbefaling"), max_length=30, choices=Recommendation.choices
    )
    comment = models.TextField(_("vilkår / kommentar"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vurdert av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assessed_at = models.DateTimeField(_("vurdert"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_at", "-id"]
        verbose_name = _("relevansvurdering")
        verbose_name_plural = _("relevansvurderinger")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "unit"], name="relevance_one_per_project_unit"
            ),
            models.CheckConstraint(
                condition=models.Q(relevance__gte=1, relevance__lte=5),
                name="relevance_between_1_and_5",
            ),
        ]
        indexes = [models.Index(fields=["unit", "project"])]

    def __str__(self) -> str:
        return f"{self.unit}: {self.relevance}/5"


class OutcomeKind(models.TextChoices):
    PRACTICE = "practice", _("Ny praksis")
    SERVICE = "service", _("Ny tjeneste")
    TOOL = "tool", _("Nytt verktøy")
    DECISION = "decision", _("Beslutning")


class OutcomeInPractice(TimeStampedModel):
    """What changed in the municipality because of a project, where, and how we know."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("hva endret seg"), max_length=20, choices=OutcomeKind.choices)
    description = models.TextField(_("beskrivelse av endringen"))
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("hvor (enhet)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcomes",
    )
    evidence = models.TextField(_("dokumentasjon"), blank=True)
    evidence_url = models.URLField(_("lenke til dokumentasjon"), blank=True)
    effect_goal = models.ForeignKey(
        "goals.Goal",
        verbose_name=_("effektmål"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcomes",
        limit_choices_to={"kind": "effect"},
    )
    date = models.DateField(_("dato"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrert av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("resultat i praksis")
        verbose_name_plural = _("resultater i praksis")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:60]}"
