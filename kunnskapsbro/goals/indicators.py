"""Computed indicators: the values the system knows from the portfolio, never typed by hand.

``indicator_values(indicators, as_of=...)`` evaluates any number of indicators in a fixed number
of queries (one per kind of fact needed, not one per indicator), so goal pages and the dashboard
never query per row. Definitions (also in docs/architecture.md):

- **active_projects**: projects with status ``active`` in the goal's scope (the partnership, or
  the projects tagged with the goal's focus area / element, or the goal's project).
- **partner_share**: of the *portfolio* in scope (every project except those ``declined``,
  ``rejected`` or ``withdrawn`` — they never ran), the percentage that has the indicator's partner
  organisation, or one of its direct sub-organisations, among its project partners (any role).
- **applications_submitted / applications_granted**: lifecycle steps to ``submitted`` /
  ``granted`` recorded from 1 January of the as-of year to the as-of date.
- **application_success_rate**: granted ÷ (granted + rejected) for decisions recorded in that
  same period, in percent; unavailable when no decision was recorded.
- **external_funding**: the sum of ``amount_granted`` on *granted* funding lines of projects in
  scope whose funder is not a party of the partnership (external money), counting lines that
  start on or before the as-of date (undated lines count). Amounts in other currencies are
  converted to NOK with the fixed table ``FIXED_RATES_NOK`` and the per-currency totals are kept
  in the breakdown so the original EUR amounts are never lost.
- **students_in_placement**: the students in practice placement (``Placement.student_count``)
  in the as-of year, for the partnership or the goal's focus area, read through
  ``education.selectors.placement_list``. *Unavailable* (never zero) while the partnership
  has no placements registered at all, and for a cross-cutting element or a project, which
  placements are not registered against.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ComputedKind, GoalScope, Indicator

# Fixed conversion rates to NOK for funding in other currencies. A fixed, documented table
# rather than a daily rate: a target set in NOK should not move because the krone did.
# Norges Bank's annual average for 2024 (EUR 11.63, USD 10.76, GBP 13.74, SEK 1.02, DKK 1.56).
FIXED_RATES_NOK: dict[str, Decimal] = {
    "NOK": Decimal("1"),
    "EUR": Decimal("11.63"),
    "USD": Decimal("10.76"),
    "GBP": Decimal("13.74"),
    "SEK": Decimal("1.02"),
    "DKK": Decimal("1.56"),
}
# Statuses whose projects never ran and are therefore not part of the portfolio.
NOT_IN_PORTFOLIO = frozenset({"declined", "rejected", "withdrawn"})


@dataclass
class IndicatorValue:
    """An indicator's current value; ``available=False`` means the system cannot know it yet."""

    value: Decimal | None
    available: bool = True
    as_of: dt.date | None = None
    note: str = ""
    breakdown: dict[str, Any] = field(default_factory=dict)


def _scope_key(indicator: Indicator) -> tuple[str, int]:
    goal = indicator.goal
    if goal.scope == GoalScope.FOCUS_AREA:
        return ("focus_area", goal.focus_area_id or 0)
    if goal.scope == GoalScope.ELEMENT:
        return ("element", goal.element_id or 0)
    if goal.scope == GoalScope.PROJECT:
        return ("project", goal.project_id or 0)
    return ("partnership", goal.partnership_id)


class _Portfolio:
    """The projects of the partnerships involved, with their scope memberships (3 queries)."""

    def __init__(self, partnership_ids: set[int]) -> None:
        from kunnskapsbro.projects.models import Project

        self.status: dict[int, str] = {}
        self.partnership: dict[int, int] = {}
        for pk, status, partnership_id in Project.objects.filter(
            partnership_id__in=partnership_ids
        ).values_list("id", "status", "partnership_id"):
            self.status[pk] = status
            self.partnership[pk] = partnership_id
        self.by_area: dict[int, set[int]] = defaultdict(set)
        self.by_element: dict[int, set[int]] = defaultdict(set)
        self.partnership_ids = partnership_ids
        self._memberships_loaded = False

    def _load_memberships(self) -> None:
        if self._memberships_loaded:
            return
        from kunnskapsbro.projects.models import Project

        areas = Project.focus_areas.through.objects.filter(
            project__partnership_id__in=self.partnership_ids
        ).values_list("project_id", "focusarea_id")
        for project_id, area_id in areas:
            self.by_area[area_id].add(project_id)
        elements = Project.elements.through.objects.filter(
            project__partnership_id__in=self.partnership_ids
        ).values_list("project_id", "crosscuttingelement_id")
        for project_id, element_id in elements:
            self.by_element[element_id].add(project_id)
        self._memberships_loaded = True

    def projects(self, scope: tuple[str, int]) -> set[int]:
        kind, pk = scope
        if kind == "partnership":
            return {p for p, partnership in self.partnership.items() if partnership == pk}
        if kind == "project":
            return {pk} if pk in self.status else set()
        self._load_memberships()
        return set(self.by_area[pk] if kind == "focus_area" else self.by_element[pk])


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def indicator_values(
    indicators: Iterable[Indicator], *, as_of: dt.date | None = None
) -> dict[int, IndicatorValue]:
    """Values of the computed indicators among ``indicators`` (id → value), in a few queries.

    The indicators must come with ``goal`` loaded (``select_related("goal")``). Manual
    indicators are skipped: their values are their measurements.
    """
    as_of = as_of or timezone.localdate()
    computed = [i for i in indicators if i.is_computed]
    if not computed:
        return {}
    kinds = {i.computed_kind for i in computed}
    partnership_ids = {i.goal.partnership_id for i in computed}
    portfolio = _Portfolio(partnership_ids)
    results: dict[int, IndicatorValue] = {}

    partner_rows: dict[int, set[int]] = defaultdict(set)  # organization id → project ids
    if ComputedKind.PARTNER_SHARE in kinds:
        from kunnskapsbro.organizations.models import Organization
        from kunnskapsbro.projects.models import ProjectPartner

        partner_ids = {i.partner_id for i in computed if i.partner_id}
        # A partner counts with its direct sub-organisations (SINTEF with SINTEF AS).
        family: dict[int, int] = {pk: pk for pk in partner_ids}
        for child, parent in Organization.objects.filter(parent_id__in=partner_ids).values_list(
            "id", "parent_id"
        ):
            family[child] = parent
        for project_id, organization_id in ProjectPartner.objects.filter(
            organization_id__in=list(family), project__partnership_id__in=partnership_ids
        ).values_list("project_id", "organization_id"):
            partner_rows[family[organization_id]].add(project_id)

    steps: dict[str, set[int]] = defaultdict(set)  # to_status → project ids with such a step
    step_counts: dict[str, list[int]] = defaultdict(list)
    application_kinds = {
        ComputedKind.APPLICATIONS_SUBMITTED,
        ComputedKind.APPLICATIONS_GRANTED,
        ComputedKind.APPLICATION_SUCCESS_RATE,
    }
    year_start = dt.date(as_of.year, 1, 1)
    if kinds & application_kinds:
        from kunnskapsbro.projects.models import StatusTransition

        start = dt.datetime.combine(year_start, dt.time.min, tzinfo=timezone.get_current_timezone())
        end = dt.datetime.combine(
            as_of + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone()
        )
        for project_id, to_status in StatusTransition.objects.filter(
            project__partnership_id__in=partnership_ids,
            to_status__in=["submitted", "granted", "rejected"],
            at__gte=start,
            at__lt=end,
        ).values_list("project_id", "to_status"):
            steps[to_status].add(project_id)
            step_counts[to_status].append(project_id)

    funding: list[tuple[int, Decimal, str]] = []
    if ComputedKind.EXTERNAL_FUNDING in kinds:
        from kunnskapsbro.partnerships.models import PartnershipParty
        from kunnskapsbro.projects.models import FundingLine

        parties = PartnershipParty.objects.filter(partnership_id__in=partnership_ids).values(
            "organization_id"
        )
        funding = list(
            FundingLine.objects.filter(
                project__partnership_id__in=partnership_ids,
                status="granted",
                amount_granted__isnull=False,
            )
            .exclude(funder_id__in=parties)
            .filter(Q(start_date__isnull=True) | Q(start_date__lte=as_of))
            .values_list("project_id", "amount_granted", "currency")
        )

    placements: dict[int, list[dict[str, Any]]] = {}
    if ComputedKind.STUDENTS_IN_PLACEMENT in kinds:
        placements = _placement_counts(
            {i.goal.partnership_id for i in computed if i.computed_kind == "students_in_placement"}
        )

    period_note = _("%(start)s–%(end)s") % {
        "start": year_start.strftime("%d.%m.%Y"),
        "end": as_of.strftime("%d.%m.%Y"),
    }
    for indicator in computed:
        scope = portfolio.projects(_scope_key(indicator))
        kind = indicator.computed_kind
        if kind == ComputedKind.ACTIVE_PROJECTS:
            value = sum(1 for p in scope if portfolio.status[p] == "active")
            results[indicator.pk] = IndicatorValue(Decimal(value), as_of=as_of)
        elif kind == ComputedKind.PARTNER_SHARE:
            in_portfolio = {p for p in scope if portfolio.status[p] not in NOT_IN_PORTFOLIO}
            if indicator.partner_id is None:
                results[indicator.pk] = IndicatorValue(
                    None, available=False, as_of=as_of, note=_("Ingen partner er valgt.")
                )
                continue
            with_partner = in_portfolio & partner_rows[indicator.partner_id]
            share = _percent(len(with_partner), len(in_portfolio))
            results[indicator.pk] = IndicatorValue(
                share,
                available=share is not None,
                as_of=as_of,
                note=_("%(part)s av %(whole)s prosjekter")
                % {"part": len(with_partner), "whole": len(in_portfolio)},
                breakdown={"with_partner": len(with_partner), "portfolio": len(in_portfolio)},
            )
        elif kind == ComputedKind.APPLICATIONS_SUBMITTED:
            count = sum(1 for p in step_counts["submitted"] if p in scope)
            results[indicator.pk] = IndicatorValue(Decimal(count), as_of=as_of, note=period_note)
        elif kind == ComputedKind.APPLICATIONS_GRANTED:
            count = sum(1 for p in step_counts["granted"] if p in scope)
            results[indicator.pk] = IndicatorValue(Decimal(count), as_of=as_of, note=period_note)
        elif kind == ComputedKind.APPLICATION_SUCCESS_RATE:
            granted = sum(1 for p in step_counts["granted"] if p in scope)
            rejected = sum(1 for p in step_counts["rejected"] if p in scope)
            rate = _percent(granted, granted + rejected)
            results[indicator.pk] = IndicatorValue(
                rate,
                available=rate is not None,
                as_of=as_of,
                note=_("%(g)s innvilget, %(r)s avslått, %(period)s")
                % {"g": granted, "r": rejected, "period": period_note},
                breakdown={"granted": granted, "rejected": rejected},
            )
        elif kind == ComputedKind.EXTERNAL_FUNDING:
            by_currency: dict[str, Decimal] = defaultdict(Decimal)
            for project_id, amount, currency in funding:
                if project_id in scope:
                    by_currency[(currency or "NOK").upper()] += amount
            total = Decimal(0)
            unknown = []
            for currency, amount in by_currency.items():
                rate = FIXED_RATES_NOK.get(currency)
                if rate is None:
                    unknown.append(currency)
                    continue
                total += amount * rate
            note = ""
            if unknown:
                note = _("Uten fast kurs, ikke med i summen: %(c)s") % {"c": ", ".join(unknown)}
            results[indicator.pk] = IndicatorValue(
                total.quantize(Decimal("1"), ROUND_HALF_UP),
                as_of=as_of,
                note=note,
                breakdown={"by_currency": dict(by_currency)},
            )
        elif kind == ComputedKind.STUDENTS_IN_PLACEMENT:
            results[indicator.pk] = _students_in_placement(
                indicator, placements.get(indicator.goal.partnership_id, []), as_of=as_of
            )
    return results


def _placement_counts(partnership_ids: set[int]) -> dict[int, list[dict[str, Any]]]:
    """Students per (year, focus area) for each partnership, read through education's
    ``placement_list`` (one grouped query per partnership)."""
    from django.db.models import Count, Sum

    from kunnskapsbro.education import selectors as education_selectors
    from kunnskapsbro.partnerships.models import Partnership

    return {
        partnership.pk: list(
            education_selectors.placement_list(partnership=partnership)
            .order_by()
            .values("year", "focus_area_id")
            .annotate(placements=Count("id"), students=Sum("student_count"))
        )
        for partnership in Partnership.objects.filter(pk__in=partnership_ids)
    }


def _students_in_placement(
    indicator: Indicator, rows: list[dict[str, Any]], *, as_of: dt.date
) -> IndicatorValue:
    """Students in placement in the as-of year, for the partnership or the goal's focus area."""
    goal = indicator.goal
    if goal.scope in {GoalScope.ELEMENT, GoalScope.PROJECT}:
        return IndicatorValue(
            None,
            available=False,
            as_of=as_of,
            note=_("Praksisplasser registreres per fokusområde, ikke per element eller prosjekt."),
        )
    if not rows:
        return IndicatorValue(
            None,
            available=False,
            as_of=as_of,
            note=_("Ingen praksisplasser er registrert for partnerskapet ennå."),
        )
    area = goal.focus_area_id if goal.scope == GoalScope.FOCUS_AREA else None
    in_year = [
        row
        for row in rows
        if row["year"] == as_of.year and (area is None or row["focus_area_id"] == area)
    ]
    students = sum(row["students"] or 0 for row in in_year)
    return IndicatorValue(
        Decimal(students),
        as_of=as_of,
        note=_("Studenter i praksis i %(year)s") % {"year": as_of.year},
        breakdown={"placements": sum(row["placements"] for row in in_year)},
    )
