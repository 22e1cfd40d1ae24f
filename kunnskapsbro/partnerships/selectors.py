"""Reads for partnerships and their structure."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import CrossCuttingElement, FocusArea, GovernanceBody, Membership, Partnership


def partnership_list(*, public_only: bool = False) -> QuerySet[Partnership]:
    # The public must not learn how many internal projects there are: count what they can see.
    counted = Q(projects__visibility="public") if public_only else Q()
    queryset = Partnership.objects.prefetch_related("party_links__organization").annotate(
        project_count=Count("projects", filter=counted, distinct=True)
    )
    if public_only:
        queryset = queryset.filter(is_public=True)
    return queryset.order_by("name")


def partnership_detail(*, slug: str, public_projects_only: bool = False) -> Partnership:
    """A partnership with parties, agreements, focus areas, elements and bodies with members."""
    project_filter = Q(projects__visibility="public") if public_projects_only else Q()
    return Partnership.objects.prefetch_related(
        "party_links__organization",
        "agreements",
        Prefetch(
            "focus_areas",
            queryset=FocusArea.objects.select_related("leader").annotate(
                project_count=Count("projects", filter=project_filter, distinct=True)
            ),
        ),
        Prefetch(
            "elements",
            queryset=CrossCuttingElement.objects.annotate(
                project_count=Count("projects", filter=project_filter, distinct=True)
            ),
        ),
        Prefetch(
            "bodies",
            queryset=GovernanceBody.objects.select_related("focus_area").prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.select_related("person", "represents"),
                )
            ),
        ),
    ).get(slug=slug)


def focus_areas(*, partnership_id: int | None = None) -> QuerySet[FocusArea]:
    queryset = FocusArea.objects.select_related("partnership")
    if partnership_id:
        queryset = queryset.filter(partnership_id=partnership_id)
    return queryset.order_by("partnership__name", "order", "name")


def elements(*, partnership_id: int | None = None) -> QuerySet[CrossCuttingElement]:
    queryset = CrossCuttingElement.objects.select_related("partnership")
    if partnership_id:
        queryset = queryset.filter(partnership_id=partnership_id)
    return queryset.order_by("partnership__name", "order", "name")
