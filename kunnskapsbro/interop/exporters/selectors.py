"""Reads for the exports: the portfolio rows and the public records OpenAIRE may harvest.

Every queryset here owns its prefetches, so an export or an OAI-PMH page costs a fixed number
of queries however many rows it holds. "Public" has one meaning: what an anonymous visitor may
see (``projects.selectors.project_visible_to(None)``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from kunnskapsbro.organizations.models import Organization, Person
from kunnskapsbro.projects.models import (
    FundingLine,
    FundingStatus,
    Project,
    ProjectParticipant,
    ProjectPartner,
)
from kunnskapsbro.projects.selectors import project_visible_to


def portfolio_export_rows(queryset: QuerySet[Project]) -> QuerySet[Project]:
    """A filtered portfolio with everything an export row shows, without a query per row."""
    return queryset.select_related("partnership").prefetch_related(
        "focus_areas",
        "elements",
        Prefetch(
            "partners",
            queryset=ProjectPartner.objects.select_related("organization").order_by(
                "role", "organization__name", "pk"
            ),
        ),
        Prefetch(
            "participants",
            queryset=ProjectParticipant.objects.select_related("person", "organization").order_by(
                "role", "person__last_name", "pk"
            ),
        ),
        Prefetch(
            "funding_lines",
            queryset=FundingLine.objects.select_related("funder").order_by("pk"),
        ),
        "identifiers",
    )


def public_projects() -> QuerySet[Project]:
    """Projects anyone may see."""
    return project_visible_to(None)


def public_projects_for_cerif() -> QuerySet[Project]:
    """Public projects with their consortium, team, funding and identifiers prefetched."""
    return public_projects().prefetch_related(
        Prefetch(
            "partners",
            queryset=ProjectPartner.objects.select_related("organization").order_by(
                "role", "organization__name", "pk"
            ),
        ),
        Prefetch(
            "participants",
            queryset=ProjectParticipant.objects.select_related("person", "organization").order_by(
                "role", "person__last_name", "pk"
            ),
        ),
        Prefetch(
            "funding_lines",
            queryset=public_fundings_for_cerif(),
        ),
        "identifiers",
    )


def public_fundings() -> QuerySet[FundingLine]:
    """Granted funding of public projects (an application or a plan is not yet funding)."""
    return FundingLine.objects.filter(
        status=FundingStatus.GRANTED, project__in=public_projects().values("pk")
    )


def public_fundings_for_cerif() -> QuerySet[FundingLine]:
    return (
        public_fundings()
        .select_related("funder", "project")
        .prefetch_related("project__identifiers")
    )


def public_organizations() -> QuerySet[Organization]:
    """Organisations that take part in a public project: partners, funders of its granted
    funding, and the organisations its people take part for."""
    public_ids = public_projects().values("pk")
    return Organization.objects.filter(
        Exists(
            ProjectPartner.objects.filter(organization_id=OuterRef("pk"), project_id__in=public_ids)
        )
        | Exists(public_fundings().filter(funder_id=OuterRef("pk")))
        | Exists(
            ProjectParticipant.objects.filter(
                organization_id=OuterRef("pk"), project_id__in=public_ids
            )
        )
    )


def public_organizations_for_cerif() -> QuerySet[Organization]:
    return public_organizations().select_related("parent")


def public_persons() -> QuerySet[Person]:
    """People who take part in a public project."""
    public_ids = public_projects().values("pk")
    return Person.objects.filter(
        Exists(
            ProjectParticipant.objects.filter(person_id=OuterRef("pk"), project_id__in=public_ids)
        )
    )


def public_persons_for_cerif() -> QuerySet[Person]:
    """With the organisations each person takes part in public projects for (their affiliation
    as the public can see it; internal affiliations and contact details stay inside)."""
    public_ids = public_projects().values("pk")
    return public_persons().prefetch_related(
        Prefetch(
            "participations",
            queryset=ProjectParticipant.objects.filter(
                project_id__in=public_ids, organization__isnull=False
            )
            .select_related("organization")
            .order_by("organization__name", "pk"),
            to_attr="public_participations",
        )
    )


def modified_between(queryset: QuerySet[Any], start: Any = None, end: Any = None) -> QuerySet[Any]:
    """Rows whose ``updated_at`` lies in [start, end) — OAI-PMH's from/until."""
    condition = Q()
    if start is not None:
        condition &= Q(updated_at__gte=start)
    if end is not None:
        condition &= Q(updated_at__lt=end)
    return queryset.filter(condition)
