"""A partnership (universitetskommune), its agreements, focus areas, elements and governance."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kunnskapsbro.core.models import TimeStampedModel
from kunnskapsbro.organizations.models import Organization, Person


class Partnership(TimeStampedModel):
    name = models.CharField(_("navn"), max_length=200)
    short_name = models.CharField(_("kortnavn"), max_length=60, blank=True)
    slug = models.SlugField(_("lenkenavn"), max_length=80, unique=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    description_en = models.TextField(_("beskrivelse (engelsk)"), blank=True)
    website = models.URLField(_("nettsted"), blank=True)
    established = models.DateField(_("etablert"), null=True, blank=True)
    is_public = models.BooleanField(_("synlig for publikum"), default=True)
    parties = models.ManyToManyField(
        Organization,
        through="PartnershipParty",
        verbose_name=_("parter"),
        related_name="partnerships",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partnerskap")
        verbose_name_plural = _("partnerskap")

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("partnerships:detail", kwargs={"slug": self.slug})


class PartyRole(models.TextChoices):
    MUNICIPALITY = "municipality", _("Kommune")
    UNIVERSITY = "university", _("Universitet / høgskole")
    RESEARCH_INSTITUTE = "research_institute", _("Forskningsinstitutt")
    ASSOCIATE = "associate", _("Samarbeidspart")


class PartnershipParty(TimeStampedModel):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="party_links"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="partnership_links"
    )
    role = models.CharField(_("rolle"), max_length=30, choices=PartyRole.choices)
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "organization__name"]
        verbose_name = _("part")
        verbose_name_plural = _("parter")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organization"], name="party_unique_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    UNDER_NEGOTIATION = "under_negotiation", _("Under drøfting")
    IN_FORCE = "in_force", _("Gjeldende")
    EXPIRED = "expired", _("Utløpt")


class Agreement(TimeStampedModel):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="agreements"
    )
    title = models.CharField(_("tittel"), max_length=300)
    status = models.CharField(
        _("status"), max_length=30, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    signed_date = models.DateField(_("signert"), null=True, blank=True)
    start_date = models.DateField(_("gjelder fra"), null=True, blank=True)
    end_date = models.DateField(_("gjelder til"), null=True, blank=True)
    signatories = models.CharField(_("signert av"), max_length=300, blank=True)
    renews = models.ForeignKey(
        "self",
        verbose_name=_("forlenger avtale"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewals",
    )
    parties = models.ManyToManyField(
        Organization, verbose_name=_("parter"), related_name="agreements", blank=True
    )
    document = models.FileField(_("dokument"), upload_to="agreements/", blank=True)
    notes = models.TextField(_("merknader"), blank=True)
    history = HistoricalRecords(m2m_fields=[parties])

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("avtale")
        verbose_name_plural = _("avtaler")

    def __str__(self) -> str:
        return self.title


class FocusArea(TimeStampedModel):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="focus_areas"
    )
    name = models.CharField(_("navn"), max_length=200)
    name_en = models.CharField(_("navn (engelsk)"), max_length=200, blank=True)
    slug = models.SlugField(_("lenkenavn"), max_length=80)
    description = models.TextField(_("beskrivelse"), blank=True)
    is_cross_sectoral = models.BooleanField(_("tverrgående"), default=False)
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    leader = models.ForeignKey(
        Person,
        verbose_name=_("prosjektleder"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_focus_areas",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "order", "name"]
        verbose_name = _("fokusområde")
        verbose_name_plural = _("fokusområder")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="focusarea_unique_slug")
        ]

    def __str__(self) -> str:
        return self.name


class CrossCuttingElement(TimeStampedModel):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="elements")
    name = models.CharField(_("navn"), max_length=200)
    name_en = models.CharField(_("navn (engelsk)"), max_length=200, blank=True)
    slug = models.SlugField(_("lenkenavn"), max_length=80)
    description = models.TextField(_("beskrivelse"), blank=True)
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "order", "name"]
        verbose_name = _("tverrgående element")
        verbose_name_plural = _("tverrgående elementer")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="element_unique_slug")
        ]

    def __str__(self) -> str:
        return self.name


class BodyKind(models.TextChoices):
    STEERING_GROUP = "steering_group", _("Styringsgruppe")
    INNOVATION_COMMITTEE = "innovation_committee", _("Innovasjonsutvalg")
    COORDINATION = "coordination", _("Koordineringsgruppe")
    WORKING_GROUP = "working_group", _("Arbeidsgruppe")
    OTHER = "other", _("Annet organ")


class GovernanceBody(TimeStampedModel):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="bodies")
    kind = models.CharField(_("type"), max_length=30, choices=BodyKind.choices)
    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(_("lenkenavn"), max_length=80)
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("fokusområde"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bodies",
    )
    mandate = models.TextField(_("mandat"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "kind", "name"]
        verbose_name = _("styringsorgan")
        verbose_name_plural = _("styringsorganer")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="body_unique_slug")
        ]

    def __str__(self) -> str:
        return self.name


class MembershipRole(models.TextChoices):
    CHAIR = "chair", _("Leder")
    CO_CHAIR = "co_chair", _("Medleder")
    MEMBER = "member", _("Medlem")
    COORDINATOR = "coordinator", _("Koordinator")
    PROJECT_LEADER = "project_leader", _("Prosjektleder")
    SECRETARY = "secretary", _("Sekretær")
    OBSERVER = "observer", _("Observatør")


class Membership(TimeStampedModel):
    body = models.ForeignKey(GovernanceBody, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("rolle"), max_length=30, choices=MembershipRole.choices)
    position_title = models.CharField(
        _("stilling"), max_length=200, blank=True, help_text=_("F.eks. kommunedirektør, dekan")
    )
    represents = models.ForeignKey(
        Organization,
        verbose_name=_("representerer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
    )
    start_date = models.DateField(_("fra"), null=True, blank=True)
    end_date = models.DateField(_("til"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "role", "person__last_name"]
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")

    def __str__(self) -> str:
        return f"{self.person} – {self.body} ({self.get_role_display()})"
