"""Reads for the public portal and the network: the catalogue's facets, side-by-side statistics,
cross-partnership search and articles.

Filtering and visibility come from ``projects.selectors.project_list`` (one place decides what the
public sees); this module only counts over what it returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import CharField, Count, Q, QuerySet, Sum
from django.db.models.functions import Cast, Substr
from django.http import Http404
from django.utils import timezone

from kunnskapsbro.organizations.models import Organization
from kunnskapsbro.partnerships.models import FocusArea, Partnership
from kunnskapsbro.projects.models import FundingLine, Project, ProjectPartner, ProjectStatus
from kunnskapsbro.projects.selectors import PortfolioFilters, project_list

from .models import Article, ArticleStatus

PARTNER_FACET_SIZE = 15


def catalogue(*, filters: PortfolioFilters) -> QuerySet[Project]:
    """Published projects (public ones only, whoever asks), filtered and searched."""
    return project_list(user=None, filters=filters)


@dataclass
class Facet:
    name: str
    label: str
    options: list[tuple[str, str, int]] = field(default_factory=list)  # (value, label, count)


def catalogue_facets(queryset: QuerySet[Project]) -> dict[str, list[tuple[str, str, int]]]:
    """Counts per status, focus area, year, partner and funder over the filtered projects.

    Five GROUP BY queries over the filtered ids (and one for partner names), whatever the number
    of projects; a year counts every project running in it (the year filter's meaning), from one
    query of start/end years.
    """
    ids = queryset.order_by().values("pk")
    statuses = dict(
        Project.objects.filter(pk__in=ids)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    status_options = [
        (value, str(label), statuses[value])
        for value, label in ProjectStatus.choices
        if statuses.get(value)
    ]
    through = Project.focus_areas.through
    area_counts = (
        through.objects.filter(project_id__in=ids)
        .order_by()
        .values_list("focusarea_id", "focusarea__name", "focusarea__partnership__short_name")
        .annotate(n=Count("project_id", distinct=True))
    )
    area_options = sorted(
        (
            (str(pk), f"{name} ({short})" if short else name, n)
            for pk, name, short, n in area_counts
        ),
        key=lambda option: (-option[2], option[1]),
    )
    # The year as text (dates are ISO strings on SQLite, cast on PostgreSQL): SQLite's year
    # extraction is a Python function per row, several times slower at 10,000+ projects.
    spans = (
        Project.objects.filter(pk__in=ids, start_date__isnull=False)
        .order_by()
        .annotate(
            first=Substr(Cast("start_date", CharField()), 1, 4),
            last=Substr(Cast("end_date", CharField()), 1, 4),
        )
        .values_list("first", "last")
        .annotate(n=Count("id"))
    )
    years: dict[int, int] = {}
    this_year = timezone.localdate().year
    for start, end, n in spans:
        last = int(end) if end else this_year
        for year in range(int(start), min(last, this_year + 5) + 1):
            years[year] = years.get(year, 0) + n
    year_options = [(str(y), str(y), years[y]) for y in sorted(years, reverse=True)]
    # Grouped by id only; the names of the few shown come in one more query.
    partner_counts = list(
        ProjectPartner.objects.filter(project_id__in=ids)
        .exclude(role="funder")
        .order_by()
        .values_list("organization_id")
        .annotate(n=Count("project_id", distinct=True))
        .order_by("-n", "organization_id")[:PARTNER_FACET_SIZE]
    )
    funder_counts = list(
        FundingLine.objects.filter(project_id__in=ids)
        .order_by()
        .values_list("funder_id")
        .annotate(n=Count("project_id", distinct=True))
        .order_by("-n", "funder_id")[:PARTNER_FACET_SIZE]
    )
    names = organization_names([pk for pk, _n in partner_counts + funder_counts])
    partner_options = [(str(pk), names.get(pk, ""), n) for pk, n in partner_counts]
    funder_options = [(str(pk), names.get(pk, ""), n) for pk, n in funder_counts]
    return {
        "status": status_options,
        "focus_area": area_options,
        "year": year_options,
        "partner": partner_options,
        "funder": funder_options,
    }


@dataclass
class PartnershipStats:
    partnership: Partnership
    projects: int = 0
    active: int = 0
    completed: int = 0
    funding_granted: Decimal = Decimal(0)
    extra: dict[str, int] = field(default_factory=dict)
    extra_values: list[int] = field(default_factory=list)  # in the order of the extra columns


def network_statistics(*, user: Any) -> tuple[list[PartnershipStats], list[tuple[str, str]]]:
    """Per public partnership: projects, active, completed, granted funding (NOK), and — when
    those apps are installed — needs answered and students in placement. Returns the rows and
    the extra columns (key, label) that exist. One query per figure, not per partnership."""
    from django.utils.translation import gettext as _

    from kunnskapsbro.projects.selectors import project_visible_to

    partnerships = list(Partnership.objects.filter(is_public=True).order_by("name"))
    rows = {p.pk: PartnershipStats(partnership=p) for p in partnerships}
    visible = project_visible_to(user).filter(partnership_id__in=rows)
    for pk, total, active, completed in (
        visible.order_by()
        .values_list("partnership_id")
        .annotate(
            total=Count("id"),
            active=Count("id", filter=Q(status=ProjectStatus.ACTIVE)),
            completed=Count("id", filter=Q(status=ProjectStatus.COMPLETED)),
        )
        .values_list("partnership_id", "total", "active", "completed")
    ):
        rows[pk].projects, rows[pk].active, rows[pk].completed = total, active, completed
    for pk, amount in (
        FundingLine.objects.filter(
            project__in=visible, status="granted", currency="NOK", amount_granted__isnull=False
        )
        .order_by()
        .values_list("project__partnership_id")
        .annotate(total=Sum("amount_granted"))
        .values_list("project__partnership_id", "total")
    ):
        rows[pk].funding_granted = amount or Decimal(0)
    extras: list[tuple[str, str]] = []
    if apps.is_installed("kunnskapsbro.needs"):
        need = apps.get_model("needs", "KnowledgeNeed")
        extras.append(("needs_answered", _("Kunnskapsbehov besvart")))
        for pk, n in (
            need.objects.filter(partnership_id__in=rows, status="answered")
            .order_by()
            .values_list("partnership_id")
            .annotate(n=Count("id"))
            .values_list("partnership_id", "n")
        ):
            rows[pk].extra["needs_answered"] = n
    if apps.is_installed("kunnskapsbro.education"):
        placement = apps.get_model("education", "Placement")
        extras.append(("students", _("Studenter i praksis")))
        for pk, n in (
            placement.objects.filter(partnership_id__in=rows)
            .order_by()
            .values_list("partnership_id")
            .annotate(n=Sum("student_count"))
            .values_list("partnership_id", "n")
        ):
            rows[pk].extra["students"] = n or 0
    for row in rows.values():
        row.extra_values = [row.extra.get(key, 0) for key, _label in extras]
    return list(rows.values()), extras


@dataclass
class NetworkHit:
    partnership: Partnership
    projects: list[Project]
    total: int


def network_search(*, q: str, per_partnership: int = 5) -> list[NetworkHit]:
    """«Who else works on this?»: public projects matching ``q``, grouped by partnership.

    The search and the visibility are the portfolio's (``project_list`` with the search app's
    ranking); two queries: the counts per partnership and the best hits.
    """
    if not q.strip():
        return []
    matches = catalogue(filters=PortfolioFilters(q=q))
    counts = dict(
        Project.objects.filter(pk__in=matches.order_by().values("pk"))
        .order_by()
        .values_list("partnership_id")
        .annotate(n=Count("id"))
        .values_list("partnership_id", "n")
    )
    partnerships = Partnership.objects.in_bulk(list(counts))
    best = list(matches.select_related("partnership")[: per_partnership * max(len(counts), 1) * 4])
    grouped: dict[int, list[Project]] = {pk: [] for pk in counts}
    for project in best:
        bucket = grouped.setdefault(project.partnership_id, [])
        if len(bucket) < per_partnership:
            bucket.append(project)
    hits = [
        NetworkHit(partnership=partnerships[pk], projects=grouped.get(pk, []), total=n)
        for pk, n in counts.items()
        if pk in partnerships
    ]
    return sorted(hits, key=lambda hit: (-hit.total, hit.partnership.name))


def new_public_projects() -> QuerySet[Project]:
    """Public projects, newest first (the feeds and the portal's front page slice it)."""
    return (
        catalogue(filters=PortfolioFilters())
        .select_related("partnership")
        .order_by("-created_at", "-id")
    )


def articles_visible_to(user: Any) -> QuerySet[Article]:
    """Published articles of public partnerships for everyone; drafts for the partnership's
    readers (``accounts.permissions``; one SQL condition)."""
    from kunnskapsbro.accounts import permissions

    condition = permissions.record_visibility_q(
        user,
        partnership="partnership_id",
        visibility="status",
        public_value=ArticleStatus.PUBLISHED,
    )
    queryset = Article.objects.all()
    return queryset if condition is None else queryset.filter(condition)


def article_list(*, user: Any, partnership_id: int | None = None) -> QuerySet[Article]:
    queryset = (
        articles_visible_to(user)
        .select_related("partnership")
        .prefetch_related("authors")
        .order_by("-published_on", "-id")
    )
    if partnership_id:
        queryset = queryset.filter(partnership_id=partnership_id)
    return queryset


def article_detail(*, user: Any, slug: str) -> Article:
    try:
        return article_list(user=user).get(slug=slug)
    except Article.DoesNotExist as exc:
        raise Http404("article not found") from exc


def facet_labels() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {
        "status": _("Status"),
        "focus_area": _("Fokusområde"),
        "year": _("År"),
        "partner": _("Partner"),
        "funder": _("Finansiør"),
    }


def organization_names(ids: list[int]) -> dict[int, str]:
    return dict(Organization.objects.filter(pk__in=ids).values_list("pk", "name"))


def focus_area_names(ids: list[int]) -> dict[int, str]:
    return dict(FocusArea.objects.filter(pk__in=ids).values_list("pk", "name"))
