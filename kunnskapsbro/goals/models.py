"""Goals and follow-up: result and effect goals, indicators, measurements, milestones, action plans.

A goal is scoped to the partnership as a whole, one focus area, one cross-cutting element or one
project (``scope`` says which, and a check constraint keeps the foreign keys in step with it).
Indicators are either measured by hand (``method=manual``, with measurements) or computed by the
system from the portfolio (``method=computed``, see ``indicators.py``); computed indicators
have no measurements, so nobody types what the system already knows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kunnskapsbro.core.models import TimeStampedModel
from kunnskapsbro.organizations.models import Organization, Person
from kunnskapsbro.partnerships.models import CrossCuttingElement, FocusArea, Partnership


class GoalKind(models.TextChoices):
    RESULT = "result", _("Resultatmål")
    EFFECT = "effect", _("Effektmål")


class GoalScope(models.TextChoices):
    PARTNERSHIP = "partnership", _("Hele partnerskapet")
    FOCUS_AREA = "focus_area", _("Fokusområde")
    ELEMENT = "element", _("Tverrgående element")
    PROJECT = "project", _("Prosjekt")


class Goal(TimeStampedModel):
    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnerskap"), on_delete=models.CASCADE, related_name="goals"
    )
    kind = models.CharField(_("type mål"), max_length=10, choices=GoalKind.choices)
    scope = models.CharField(
        _("gjelder"), max_length=20, choices=GoalScope.choices, default=GoalScope.PARTNERSHIP
    )
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("fokusområde"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="goals",
    )
    element = models.ForeignKey(
        CrossCuttingElement,
        verbose_name=_("tverrgående element"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="goals",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("prosjekt"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="goals",
    )
    title = models.CharField(_("mål"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "scope", "order", "id"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        constraints = [
            # Exactly one scope: the foreign key the scope names is set, the others are not.
            models.CheckConstraint(
                condition=(
                    Q(
                        scope="partnership",
                        focus_area__isnull=True,
                        element__isnull=True,
                        project__isnull=True,
                    )
                    | Q(
                        scope="focus_area",
                        focus_area__isnull=False,
                        element__isnull=True,
                        project__isnull=True,
                    )
                    | Q(
                        scope="element",
                        focus_area__isnull=True,
                        element__isnull=False,
                        project__isnull=True,
                    )
                    | Q(
                        scope="project",
                        focus_area__isnull=True,
                        element__isnull=True,
                        project__isnull=False,
                    )
                ),
                name="goal_exactly_one_scope",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["result", "effect"]), name="goal_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["partnership", "scope", "order"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("goals:goal_detail", kwargs={"pk": self.pk})

    @property
    def scope_object(self) -> Partnership | FocusArea | CrossCuttingElement | models.Model | None:
        """The partnership, focus area, element or project the goal is about."""
        return {
            GoalScope.PARTNERSHIP: self.partnership,
            GoalScope.FOCUS_AREA: self.focus_area,
            GoalScope.ELEMENT: self.element,
            GoalScope.PROJECT: self.project,
        }.get(self.scope)


class ReportingPeriod(models.TextChoices):
    MONTHLY = "monthly", _("Månedlig")
    QUARTERLY = "quarterly", _("Kvartalsvis")
    YEARLY = "yearly", _("Årlig")


class IndicatorMethod(models.TextChoices):
    MANUAL = "manual", _("Måles manuelt")
    COMPUTED = "computed", _("Beregnes av systemet")


class ComputedKind(models.TextChoices):
    ACTIVE_PROJECTS = "active_projects", _("Antall pågående prosjekter")
    PARTNER_SHARE = "partner_share", _("Andel av porteføljen med en gitt partner")
    APPLICATIONS_SUBMITTED = "applications_submitted", _("Søknader sendt i år")
    APPLICATIONS_GRANTED = "applications_granted", _("Søknader innvilget i år")
    APPLICATION_SUCCESS_RATE = "application_success_rate", _("Andel innvilgede søknader i år")
    EXTERNAL_FUNDING = "external_funding", _("Ekstern finansiering innvilget")
    STUDENTS_IN_PLACEMENT = "students_in_placement", _("Studenter i praksis")


class Indicator(TimeStampedModel):
    goal = models.ForeignKey(
        Goal, verbose_name=_("mål"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("indikator"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    unit = models.CharField(
        _("enhet"), max_length=40, blank=True, help_text=_("F.eks. prosjekter, %, kr")
    )
    method = models.CharField(
        _("måling"), max_length=10, choices=IndicatorMethod.choices, default=IndicatorMethod.MANUAL
    )
    computed_kind = models.CharField(
        _("beregning"), max_length=40, choices=ComputedKind.choices, blank=True
    )
    partner = models.ForeignKey(
        Organization,
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For andelen av porteføljen med en gitt partner."),
    )
    baseline_value = models.DecimalField(
        _("utgangsverdi"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    baseline_date = models.DateField(_("utgangsverdi per"), null=True, blank=True)
    target_value = models.DecimalField(
        _("målverdi"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    target_date = models.DateField(_("målverdi innen"), null=True, blank=True)
    owner = models.ForeignKey(
        Person,
        verbose_name=_("ansvarlig for måling"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_indicators",
    )
    reporting_period = models.CharField(
        _("rapporteringsperiode"),
        max_length=10,
        choices=ReportingPeriod.choices,
        default=ReportingPeriod.YEARLY,
    )
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["goal", "order", "id"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        constraints = [
            models.CheckConstraint(
                condition=Q(method="manual", computed_kind="")
                | (Q(method="computed") & ~Q(computed_kind="")),
                name="indicator_computed_kind_iff_computed",
            ),
            models.CheckConstraint(
                condition=Q(partner__isnull=True) | Q(computed_kind="partner_share"),
                name="indicator_partner_only_for_share",
            ),
        ]
        indexes = [models.Index(fields=["owner", "method"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("goals:indicator_detail", kwargs={"pk": self.pk})

    @property
    def is_computed(self) -> bool:
        return self.method == IndicatorMethod.COMPUTED


class Measurement(TimeStampedModel):
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indikator"),
        on_delete=models.CASCADE,
        related_name="measurements",
    )
    value = models.DecimalField(_("verdi"), max_digits=16, decimal_places=2)
    date = models.DateField(_("dato"))
    source = models.CharField(_("kilde"), max_length=300, blank=True)
    comment = models.TextField(_("kommentar"), blank=True)
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
        ordering = ["indicator", "-date", "-id"]
        verbose_name = _("måling")
        verbose_name_plural = _("målinger")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "date"], name="measurement_one_per_date")
        ]
        indexes = [models.Index(fields=["indicator", "-date"])]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.date})"


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    ON_TRACK = "on_track", _("I rute")
    AT_RISK = "at_risk", _("I fare")
    ACHIEVED = "achieved", _("Nådd")
    MISSED = "missed", _("Ikke nådd")


class Milestone(TimeStampedModel):
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnerskap"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("mål"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
    )
    title = models.CharField(_("milepæl"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    due_date = models.DateField(_("frist"))
    status = models.CharField(
        _("status"), max_length=10, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    evidence = models.TextField(
        _("dokumentasjon"), blank=True, help_text=_("Hva viser at milepælen er nådd?")
    )
    evidence_url = models.URLField(_("lenke til dokumentasjon"), blank=True)
    achieved_on = models.DateField(_("nådd dato"), null=True, blank=True)
    owner = models.ForeignKey(
        Person,
        verbose_name=_("ansvarlig"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_milestones",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("milepæl")
        verbose_name_plural = _("milepæler")
        indexes = [models.Index(fields=["partnership", "status", "due_date"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("goals:milestone_edit", kwargs={"pk": self.pk})


class ActionPlanStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    ADOPTED = "adopted", _("Vedtatt")
    ARCHIVED = "archived", _("Avsluttet")


class ActionPlan(TimeStampedModel):
    """A handlingsplan for one focus area or one cross-cutting element."""

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnerskap"),
        on_delete=models.CASCADE,
        related_name="action_plans",
    )
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("fokusområde"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="action_plans",
    )
    element = models.ForeignKey(
        CrossCuttingElement,
        verbose_name=_("tverrgående element"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="action_plans",
    )
    title = models.CharField(_("tittel"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActionPlanStatus.choices, default=ActionPlanStatus.DRAFT
    )
    start_date = models.DateField(_("gjelder fra"), null=True, blank=True)
    end_date = models.DateField(_("gjelder til"), null=True, blank=True)
    adopted_on = models.DateField(_("vedtatt dato"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "-start_date", "title"]
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")
        constraints = [
            models.CheckConstraint(
                condition=Q(focus_area__isnull=False, element__isnull=True)
                | Q(focus_area__isnull=True, element__isnull=False),
                name="actionplan_one_area_or_element",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("goals:action_plan_detail", kwargs={"pk": self.pk})


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    IN_PROGRESS = "in_progress", _("Pågår")
    DONE = "done", _("Gjennomført")
    CANCELLED = "cancelled", _("Avlyst")


class Activity(TimeStampedModel):
    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("handlingsplan"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    title = models.CharField(_("tiltak"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    responsible = models.ForeignKey(
        Person,
        verbose_name=_("ansvarlig"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    due_date = models.DateField(_("frist"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("bidrar til mål"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order", "due_date", "id"]
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")

    def __str__(self) -> str:
        return self.title
