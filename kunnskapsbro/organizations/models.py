"""Organisations (parties, partners, funders), their unit trees, people and affiliations."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kunnskapsbro.core.models import SourceTrackedModel, TimeStampedModel
from kunnskapsbro.core.validators import (
    validate_municipality_number,
    validate_orcid,
    validate_orgnr,
)


class OrganizationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Kommune")
    COUNTY = "county", _("Fylkeskommune")
    UNIVERSITY = "university", _("Universitet")
    UNIVERSITY_COLLEGE = "university_college", _("Høgskole")
    RESEARCH_INSTITUTE = "research_institute", _("Forskningsinstitutt")
    HOSPITAL = "hospital", _("Helseforetak")
    COMPANY = "company", _("Bedrift")
    PUBLIC_AGENCY = "public_agency", _("Offentlig etat")
    NGO = "ngo", _("Frivillig organisasjon")
    OTHER = "other", _("Annen")


class Organization(TimeStampedModel, SourceTrackedModel):
    name = models.CharField(_("navn"), max_length=300)
    name_en = models.CharField(_("navn (engelsk)"), max_length=300, blank=True)
    short_name = models.CharField(_("kortnavn"), max_length=60, blank=True)
    slug = models.SlugField(_("lenkenavn"), max_length=120, unique=True)
    kind = models.CharField(
        _("type"), max_length=30, choices=OrganizationKind.choices, default=OrganizationKind.OTHER
    )
    # Unique when present; NULL (not "") for organisations without one, e.g. foreign partners.
    orgnr = models.CharField(
        _("organisasjonsnummer"),
        max_length=9,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_orgnr],
    )
    municipality_number = models.CharField(
        _("kommunenummer"), max_length=4, blank=True, validators=[validate_municipality_number]
    )
    country = models.CharField(_("land"), max_length=2, default="NO")
    ror_id = models.CharField(_("ROR-ID"), max_length=20, blank=True)
    cristin_id = models.CharField(_("Cristin-ID"), max_length=20, blank=True)
    cordis_pic = models.CharField(_("CORDIS PIC"), max_length=20, blank=True)
    website = models.URLField(_("nettsted"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("overordnet organisasjon"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")
        indexes = [
            models.Index(fields=["kind"]),
            models.Index(fields=["name"]),
            models.Index(fields=["ror_id"]),
            models.Index(fields=["cristin_id"]),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("organizations:detail", kwargs={"slug": self.slug})


class OrgUnitKind(models.TextChoices):
    SERVICE_AREA = "service_area", _("Tjenesteområde / direktørområde")
    UNIT = "unit", _("Enhet")
    FACULTY = "faculty", _("Fakultet")
    DEPARTMENT = "department", _("Institutt")
    DIVISION = "division", _("Avdeling")
    OTHER = "other", _("Annen")


class OrgUnit(TimeStampedModel):
    """A node in an organisation's tree; municipal units carry an R&D capacity."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisasjon"), on_delete=models.CASCADE, related_name="units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("overordnet enhet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    name = models.CharField(_("navn"), max_length=300)
    name_en = models.CharField(_("navn (engelsk)"), max_length=300, blank=True)
    kind = models.CharField(
        _("type"), max_length=30, choices=OrgUnitKind.choices, default=OrgUnitKind.UNIT
    )
    capacity_projects = models.PositiveIntegerField(
        _("kapasitet (samtidige prosjekter)"), null=True, blank=True
    )
    capacity_person_months = models.DecimalField(
        _("kapasitet (personmåneder per år)"),
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["organization__name", "name"]
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "parent", "name"], name="orgunit_unique_name_in_parent"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Person(TimeStampedModel, SourceTrackedModel):
    first_name = models.CharField(_("fornavn"), max_length=150)
    last_name = models.CharField(_("etternavn"), max_length=150)
    slug = models.SlugField(_("lenkenavn"), max_length=120, unique=True)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    orcid = models.CharField(_("ORCID"), max_length=19, blank=True, validators=[validate_orcid])
    cristin_person_id = models.CharField(_("Cristin person-ID"), max_length=20, blank=True)
    expertise = models.TextField(_("fagområder og kompetanse"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("brukerkonto"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("organizations:person_detail", kwargs={"slug": self.slug})


class Affiliation(TimeStampedModel):
    """A person's position at an organisation; a combined position is two affiliations."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="affiliations"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisasjon"),
        on_delete=models.PROTECT,
        related_name="affiliations",
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("enhet"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="affiliations",
    )
    title = models.CharField(_("stillingstittel"), max_length=200, blank=True)
    share_percent = models.PositiveSmallIntegerField(
        _("stillingsandel (%)"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    start_date = models.DateField(_("fra"), null=True, blank=True)
    end_date = models.DateField(_("til"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-share_percent", "organization__name"]
        verbose_name = _("tilknytning")
        verbose_name_plural = _("tilknytninger")

    def __str__(self) -> str:
        return f"{self.person} – {self.organization}"
