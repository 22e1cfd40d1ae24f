"""Reads for the steering group's dashboard: aggregates over one partnership's portfolio.

Every aggregate is computed over the same project set as the portfolio list the figure links
to (``projects.selectors.project_list`` with the partnership, year and focus-area filters), so
the number on a tile and the length of the list behind it always agree. Each aggregate is one
GROUP BY query; the whole dashboard is a fixed number of queries however large the portfolio.

Definitions (docs/architecture.md, "Dashboard"):

- *year*: a project belongs to year Y when it runs in Y (started on or before 31 December,
  not ended before 1 January) — the portfolio list's ``year`` filter. Projects without a
  start date belong to no year.
- *involves a partner*: the organisation is listed on the project as a partner in any role.
- *application success rate* by funder: among the funding lines (applications) to that
  funder, granted / (granted + rejected); lines still awaiting a decision are counted as
  submitted but not in the rate. Planned lines (not yet sent) are not applications.
- *external funding*: the granted amounts of granted funding lines from funders that are not
  parties of the partnership, by funder, currency and year (the line's start year, or the
  project's when the line has none). NOK and EUR are never added together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.http import Http404
from django.utils import timezone

from kunnskapsbro.organizations.models import Organization
from kunnskapsbro.partnerships.models import FocusArea, Partnership, PartnershipParty
from kunnskapsbro.projects import selectors as project_selectors
from kunnskapsbro.projects.models import (
    FundingLine,
    FundingStatus,
    Project,
    ProjectPartner,
    ProjectStatus,
)

# Statuses counted as "in the portfolio now" on the summary tile.
ACTIVE_STATES = (ProjectStatus.ACTIVE, ProjectStatus.GRANTED)
PARTNER_LIMIT = 12
FUNDER_LIMIT = 12


@dataclass(frozen=True)
class DashboardFilters:
    """What the dashboard can be narrowed to (GET parameters ``year`` and ``focus_area``)."""

    year: int | None = None
    focus_area: int | None = None

    def list_params(self) -> dict[str, str]:
        """The same filters as portfolio-list query parameters."""
        params: dict[str, str] = {}
        if self.year:
            params["year"] = str(self.year)
        if self.focus_area:
            params["focus_area"] = str(self.focus_area)
        return params


@dataclass
class PortfolioAggregates:
    """Every portfolio figure of the dashboard for one partnership and one set of filters."""

    total: int
    active: int
    by_status: list[dict[str, Any]]
    by_focus_area: list[dict[str, Any]]
    by_year: list[dict[str, Any]]
    partner_share: list[dict[str, Any]]
    success_by_funder: list[dict[str, Any]]
    funding_by_source: list[dict[str, Any]]
    applications: dict[str, Any] = field(default_factory=dict)
    funding_totals: dict[str, Decimal] = field(default_factory=dict)


def dashboard_partnership(*, slug: str, user: Any) -> Partnership:
    """The partnership whose dashboard is asked for; 404 for a hidden one the user has no
    role in (a reader of another partnership does not see it either)."""
    from kunnskapsbro.accounts import permissions

    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        raise Http404("partnership not found")
    if not permissions.can_view_partnership(user, partnership):
        raise Http404("partnership not found")
    return partnership


def dashboard_focus_areas(*, partnership: Partnership) -> list[FocusArea]:
    return list(FocusArea.objects.filter(partnership=partnership).order_by("order", "name"))


def dashboard_projects(
    *, partnership: Partnership, user: Any, filters: DashboardFilters
) -> QuerySet[Project]:
    """The project set every figure counts: what the portfolio list shows for these filters."""
    portfolio_filters = project_selectors.PortfolioFilters(
        partnership=partnership.pk,
        year=filters.year,
        focus_area=[filters.focus_area] if filters.focus_area else [],
    )
    return project_selectors.project_list(user=user, filters=portfolio_filters).order_by()


def portfolio_by_status(projects: QuerySet[Project]) -> list[dict[str, Any]]:
    """(status, label, count) in lifecycle order, statuses that occur only."""
    return [
        {"status": status, "label": label, "count": count}
        for status, label, count in project_selectors.status_counts(projects)
    ]


def portfolio_by_focus_area(
    projects: QuerySet[Project], *, focus_areas: list[FocusArea]
) -> list[dict[str, Any]]:
    """Projects per focus area (a project in two areas counts in both), every area listed."""
    through = Project.focus_areas.through
    counts = dict(
        through.objects.filter(project_id__in=projects.values("pk"))
        .values("focusarea_id")
        # (project, focus area) is unique in the through table: a plain COUNT is exact.
        .annotate(n=Count("id"))
        .values_list("focusarea_id", "n")
    )
    return [
        {"focus_area": area.pk, "label": area.name, "count": counts.get(area.pk, 0)}
        for area in focus_areas
    ]


def portfolio_by_year(
    projects: QuerySet[Project], *, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """Projects running in each year, from the first start to this year (one grouped query)."""
    today = today or timezone.localdate()
    spans = list(
        projects.filter(start_date__isnull=False)
        .values(first=Year("start_date"), last=Year("end_date"))
        .annotate(n=Count("id"))
        .values_list("first", "last", "n")
    )
    if not spans:
        return []
    first_year = min(first for first, _last, _n in spans)
    last_year = max(today.year, *(last or first for first, last, _n in spans))
    # A long-running open project must not stretch the axis forever; ten years ahead is plenty.
    last_year = min(last_year, today.year + 10)
    rows = []
    for year in range(first_year, last_year + 1):
        count = sum(
            n for first, last, n in spans if first <= year and (last is None or last >= year)
        )
        rows.append({"year": year, "count": count})
    return rows


def _organization_ref(org_id: int, name: str, short_name: str, orgnr: str, slug: str) -> dict:
    return {
        "organization": org_id,
        "label": short_name or name,
        "name": name,
        # The portfolio's partner filter takes an orgnr or a slug.
        "partner_param": orgnr or slug,
    }


def portfolio_partner_share(
    projects: QuerySet[Project], *, total: int, limit: int = PARTNER_LIMIT
) -> list[dict[str, Any]]:
    """The organisations involved in most projects, with the share of the portfolio each has."""
    if not total:
        return []
    # Counted per organisation id alone (no join: the names are read for the top ones only).
    # A partner listed in two roles is one project: COUNT(DISTINCT).
    counts = list(
        ProjectPartner.objects.filter(project_id__in=projects.values("pk"))
        .values("organization_id")
        .annotate(n=Count("project_id", distinct=True))
        .order_by("-n", "organization_id")
        .values_list("organization_id", "n")
    )
    if not counts:
        return []
    # Ties at the cut are broken by name, so every organisation tied with the last one is read.
    floor = counts[min(limit, len(counts)) - 1][1]
    candidates = dict(pair for pair in counts if pair[1] >= floor)
    names = Organization.objects.filter(pk__in=candidates).values(
        "pk", "name", "short_name", "orgnr", "slug"
    )
    rows = sorted(
        (
            {
                "organization_id": org["pk"],
                "organization__name": org["name"],
                "organization__short_name": org["short_name"],
                "organization__orgnr": org["orgnr"],
                "organization__slug": org["slug"],
                "n": candidates[org["pk"]],
            }
            for org in names
        ),
        key=lambda row: (-row["n"], row["organization__name"]),
    )[:limit]
    return [
        {
            **_organization_ref(
                row["organization_id"],
                row["organization__name"],
                row["organization__short_name"],
                row["organization__orgnr"],
                row["organization__slug"],
            ),
            "count": row["n"],
            "share": round(100 * row["n"] / total, 1),
        }
        for row in rows
    ]


def application_success_by_funder(
    projects: QuerySet[Project], *, limit: int = FUNDER_LIMIT
) -> list[dict[str, Any]]:
    """Per funder: applications submitted, granted, rejected and granted/(granted+rejected)."""
    applied = [FundingStatus.APPLIED, FundingStatus.GRANTED, FundingStatus.REJECTED]
    rows = (
        FundingLine.objects.filter(project_id__in=projects.values("pk"), status__in=applied)
        .values("funder_id", "funder__name", "funder__short_name")
        .annotate(
            submitted=Count("id"),
            granted=Count("id", filter=Q(status=FundingStatus.GRANTED)),
            rejected=Count("id", filter=Q(status=FundingStatus.REJECTED)),
        )
        .order_by("-submitted", "funder__name")[:limit]
    )
    result = []
    for row in rows:
        decided = row["granted"] + row["rejected"]
        result.append(
            {
                "funder": row["funder_id"],
                "label": row["funder__short_name"] or row["funder__name"],
                "name": row["funder__name"],
                "submitted": row["submitted"],
                "granted": row["granted"],
                "rejected": row["rejected"],
                "pending": row["submitted"] - decided,
                "rate": round(100 * row["granted"] / decided, 1) if decided else None,
            }
        )
    return result


def external_funding_by_source(
    projects: QuerySet[Project], *, partnership: Partnership | None = None
) -> list[dict[str, Any]]:
    """Granted amounts per funder, currency and year; NOK and EUR stay apart. Money from the
    partnership's own parties is not external (the same rule as the computed indicator)."""
    lines = FundingLine.objects.filter(
        project_id__in=projects.values("pk"), status=FundingStatus.GRANTED
    )
    if partnership is not None:
        lines = lines.exclude(
            funder_id__in=PartnershipParty.objects.filter(partnership=partnership).values(
                "organization_id"
            )
        )
    rows = (
        lines.annotate(year=Coalesce(Year("start_date"), Year("project__start_date")))
        .values("funder_id", "funder__name", "funder__short_name", "currency", "year")
        .annotate(amount=Sum("amount_granted"), lines=Count("id"))
        .order_by("currency", "year", "-amount", "funder__name")
    )
    return [
        {
            "funder": row["funder_id"],
            "label": row["funder__short_name"] or row["funder__name"],
            "currency": row["currency"],
            "year": row["year"],
            "amount": row["amount"] or Decimal(0),
            "lines": row["lines"],
        }
        for row in rows
    ]


class Year(ExtractYear):
    """The year of a date; on SQLite the first four characters of the stored ISO date instead
    of Django's ``django_date_extract`` (a Python function called per row: 2 × 21,000 calls cost
    ~80 ms for the largest partnership; this costs ~5 ms). PostgreSQL: ``EXTRACT`` as before."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        sql, params = compiler.compile(self.lhs)
        return f"CAST(SUBSTR({sql}, 1, 4) AS INTEGER)", list(params)


def _status_year_spans(
    projects: QuerySet[Project],
) -> list[tuple[str, int | None, int | None, int]]:
    """(status, first year, last year, count): one grouped pass over the project set that gives
    both the status counts and the per-year counts (``project_dashboard_idx`` covers it)."""
    return list(
        projects.values("status", first=Year("start_date"), last=Year("end_date"))
        .annotate(n=Count("id"))
        .values_list("status", "first", "last", "n")
    )


def _by_status(spans: list[tuple[str, int | None, int | None, int]]) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for status, _first, _last, n in spans:
        counts[status] = counts.get(status, 0) + n
    return [
        {"status": status, "label": str(label), "count": counts[status]}
        for status, label in ProjectStatus.choices
        if counts.get(status)
    ]


def _by_year(
    spans: list[tuple[str, int | None, int | None, int]], *, today: dt.date | None = None
) -> list[dict[str, Any]]:
    today = today or timezone.localdate()
    dated = [(first, last, n) for _status, first, last, n in spans if first is not None]
    if not dated:
        return []
    first_year = min(first for first, _last, _n in dated)
    last_year = max(today.year, *(last or first for first, last, _n in dated))
    last_year = min(last_year, today.year + 10)
    return [
        {
            "year": year,
            "count": sum(
                n for first, last, n in dated if first <= year and (last is None or last >= year)
            ),
        }
        for year in range(first_year, last_year + 1)
    ]


def relabel(data: PortfolioAggregates) -> PortfolioAggregates:
    """Status labels in the active language (the cached aggregates hold codes and counts; the
    labels are put back on every read so a cache filled in English serves bokmål too)."""
    labels = {status: str(label) for status, label in ProjectStatus.choices}
    for row in data.by_status:
        row["label"] = labels.get(row["status"], row["status"])
    return data


def _funding(projects: QuerySet[Project], *, partnership: Partnership) -> tuple[list, list]:
    """Applications per funder and external granted money per funder, currency and year, from
    one grouped pass over the set's funding lines (two figures, one query) and one small query
    for the funders' names."""
    applied = [FundingStatus.APPLIED, FundingStatus.GRANTED, FundingStatus.REJECTED]
    # Grouped by funder id alone (no join to organisations, no per-row party test); the few
    # funders' names and whether each is a party of the partnership are one small query after.
    rows = list(
        FundingLine.objects.filter(project_id__in=projects.values("pk"), status__in=applied)
        .annotate(year=Coalesce(Year("start_date"), Year("project__start_date")))
        .values("funder_id", "status", "currency", "year")
        .annotate(n=Count("id"), amount=Sum("amount_granted"))
        .order_by()
    )
    funders = (
        {
            org["pk"]: org
            for org in Organization.objects.filter(pk__in={row["funder_id"] for row in rows})
            .annotate(
                party=Exists(
                    PartnershipParty.objects.filter(
                        partnership=partnership, organization_id=OuterRef("pk")
                    )
                )
            )
            .values("pk", "name", "short_name", "party")
        }
        if rows
        else {}
    )
    for row in rows:
        org = funders[row["funder_id"]]
        row.update(
            {
                "funder__name": org["name"],
                "funder__short_name": org["short_name"],
                "party": org["party"],
            }
        )
    success: dict[int, dict[str, Any]] = {}
    money: dict[tuple[int, str, int | None], dict[str, Any]] = {}
    for row in rows:
        funder = row["funder_id"]
        label = row["funder__short_name"] or row["funder__name"]
        line = success.setdefault(
            funder,
            {
                "funder": funder,
                "label": label,
                "name": row["funder__name"],
                "submitted": 0,
                "granted": 0,
                "rejected": 0,
            },
        )
        line["submitted"] += row["n"]
        if row["status"] == FundingStatus.GRANTED:
            line["granted"] += row["n"]
            if not row["party"]:
                key = (funder, row["currency"], row["year"])
                item = money.setdefault(
                    key,
                    {
                        "funder": funder,
                        "label": label,
                        "name": row["funder__name"],
                        "currency": row["currency"],
                        "year": row["year"],
                        "amount": Decimal(0),
                        "lines": 0,
                    },
                )
                item["amount"] += row["amount"] or Decimal(0)
                item["lines"] += row["n"]
        elif row["status"] == FundingStatus.REJECTED:
            line["rejected"] += row["n"]
    for line in success.values():
        decided = line["granted"] + line["rejected"]
        line["pending"] = line["submitted"] - decided
        line["rate"] = round(100 * line["granted"] / decided, 1) if decided else None
    by_funder = sorted(success.values(), key=lambda r: (-r["submitted"], r["name"]))
    funding = sorted(
        money.values(),
        key=lambda r: (r["currency"], r["year"] is None, r["year"] or 0, -r["amount"], r["name"]),
    )
    for item in funding:
        del item["name"]
    return by_funder, funding


def portfolio_aggregates(
    *,
    partnership: Partnership,
    user: Any,
    filters: DashboardFilters,
    focus_areas: list[FocusArea] | None = None,
) -> PortfolioAggregates:
    """Every portfolio figure of the dashboard in a fixed number of queries (``focus_areas``:
    the partnership's, when the caller has read them already), computed afresh; pages, the API
    and the report read them through ``figures.dashboard_data``, which caches them."""
    projects = dashboard_projects(partnership=partnership, user=user, filters=filters)
    spans = _status_year_spans(projects)
    by_status = _by_status(spans)
    total = sum(row["count"] for row in by_status)
    active = sum(row["count"] for row in by_status if row["status"] in ACTIVE_STATES)
    if focus_areas is None:
        focus_areas = dashboard_focus_areas(partnership=partnership)
    success, funding = _funding(projects, partnership=partnership)
    granted = sum(row["granted"] for row in success)
    rejected = sum(row["rejected"] for row in success)
    totals: dict[str, Decimal] = {}
    for row in funding:
        totals[row["currency"]] = totals.get(row["currency"], Decimal(0)) + row["amount"]
    return PortfolioAggregates(
        total=total,
        active=active,
        by_status=by_status,
        by_focus_area=portfolio_by_focus_area(projects, focus_areas=focus_areas),
        by_year=_by_year(spans),
        partner_share=portfolio_partner_share(projects, total=total),
        success_by_funder=success[:FUNDER_LIMIT],
        funding_by_source=funding,
        applications={
            "submitted": sum(row["submitted"] for row in success),
            "granted": granted,
            "rejected": rejected,
            "rate": round(100 * granted / (granted + rejected), 1) if granted + rejected else None,
        },
        funding_totals=dict(sorted(totals.items())),
    )


def unit_load(*, partnership: Partnership, projects: QuerySet[Project]) -> list[dict[str, Any]]:
    """The partnership's municipal units with a capacity, and their load from the dashboard's
    projects: those in the set (year and focus-area filters applied) that are submitted,
    granted or active — the same rule as the capacity warning (``projects.selectors.LOAD_STATES``),
    so without filters the figure is the unit's load today, and with filters it is the part of
    that load that runs in the year / belongs to the focus area. Three queries for any number of
    units; the number on each bar is the length of the list it links to.
    """
    from kunnskapsbro.organizations.models import OrgUnit
    from kunnskapsbro.projects.models import RelevanceAssessment

    units = list(
        OrgUnit.objects.filter(organization__partnership_links__partnership=partnership)
        .filter(Q(capacity_projects__isnull=False) | Q(capacity_person_months__isnull=False))
        .distinct()
        .order_by("name", "id")
    )
    if not units:
        return []
    loaded = projects.filter(status__in=project_selectors.LOAD_STATES).values("pk")
    unit_ids = [unit.pk for unit in units]
    through = Project.municipal_units.through
    counts = dict(
        through.objects.filter(orgunit_id__in=unit_ids, project_id__in=loaded)
        .values("orgunit_id")
        .annotate(n=Count("id"))  # (project, unit) is unique: no DISTINCT needed
        .values_list("orgunit_id", "n")
    )
    months: dict[int, Decimal] = {}
    for unit_id, hours, project_months in RelevanceAssessment.objects.filter(
        unit_id__in=unit_ids, project_id__in=loaded
    ).values_list("unit_id", "staff_hours", "months"):
        months[unit_id] = months.get(unit_id, Decimal(0)) + project_selectors.annual_person_months(
            hours, project_months
        )
    rows = []
    for unit in units:
        count = counts.get(unit.pk, 0)
        person_months = months.get(unit.pk, Decimal(0))
        over_projects = unit.capacity_projects is not None and count > unit.capacity_projects
        over_months = (
            unit.capacity_person_months is not None and person_months > unit.capacity_person_months
        )
        rows.append(
            {
                "unit": unit.pk,
                "label": unit.name,
                "projects": count,
                "capacity": unit.capacity_projects,
                "person_months": person_months,
                "capacity_person_months": unit.capacity_person_months,
                "over": over_projects or over_months,
            }
        )
    return rows


def report_jobs(*, partnership: Partnership) -> QuerySet[Any]:
    """The partnership's report jobs, newest first."""
    from .models import ReportJob

    return ReportJob.objects.filter(partnership=partnership).select_related("requested_by")


def report_job(*, pk: int) -> Any:
    from .models import ReportJob

    job = ReportJob.objects.select_related("partnership", "requested_by").filter(pk=pk).first()
    if job is None:
        raise Http404("report job not found")
    return job
