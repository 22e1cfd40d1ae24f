"""Reads for partnerships and their structure."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import CrossCuttingElement, FocusArea, GovernanceBody, Membership, Partnership

_UNSET: Any = object()  # ``user`` not given: the caller filters by ``public_only`` itself


def partnership_list(
    *, public_only: bool = False, user: Any = _UNSET, with_counts: bool = True
) -> QuerySet[Partnership]:
    """Partnerships with their project counts.

    With ``user``: the partnerships that user may see, each counting the projects that user
    may see (the public must not learn how many internal projects there are).
    """
    if user is not _UNSET:
        from kunnskapsbro.accounts import permissions

        condition = permissions.project_visibility_q(user, prefix="projects__")
        counted = condition if condition is not None else Q()
        queryset = permissions.visible_partnerships(user, Partnership.objects.all())
    else:
        counted = Q(projects__visibility="public") if public_only else Q()
        queryset = Partnership.objects.all()
        if public_only:
            queryset = queryset.filter(is_public=True)
    queryset = queryset.prefetch_related("party_links__organization")
    if with_counts:
        queryset = queryset.annotate(project_count=Count("projects", filter=counted, distinct=True))
    return queryset.order_by("name")


def visible_partnership(*, user: Any, slug: str) -> Partnership | None:
    """The partnership ``slug`` names, if ``user`` may see it; None for one that is hidden
    from them as for one that does not exist (a caller must not learn which)."""
    from kunnskapsbro.accounts import permissions

    return (
        permissions.visible_partnerships(user, Partnership.objects.all()).filter(slug=slug).first()
    )


def with_project_counts(
    partnerships: Iterable[Partnership], *, user: Any, summary: Any = None
) -> list[Partnership]:
    """``partnerships`` (from ``partnership_list(..., with_counts=False)``) with
    ``project_count`` set to the number of their projects ``user`` may see, from the grouped,
    cached counts of ``projects.selectors.portfolio_summary`` (one query for all of them, none
    while the portfolio is unchanged) instead of a ``COUNT(DISTINCT …)`` join. A caller that
    already has that summary for ``user`` passes it."""
    from kunnskapsbro.projects import selectors as project_selectors

    rows = list(partnerships)
    if summary is None:
        summary = project_selectors.portfolio_summary(project_selectors.project_visible_to(user))
    counts = summary.by_partnership
    for partnership in rows:
        partnership.project_count = counts.get(partnership.pk, 0)
    return rows


def partnership_detail(
    *, slug: str, public_projects_only: bool = False, user: Any = _UNSET
) -> Partnership:
    """A partnership with parties, agreements, focus areas, elements and bodies with members.

    With ``user``: raises ``Partnership.DoesNotExist`` when that user may not see it, and the
    focus areas and elements count only the projects that user may see.
    """
    project_filter = Q(projects__visibility="public") if public_projects_only else Q()
    queryset = Partnership.objects.all()
    if user is not _UNSET:
        from kunnskapsbro.accounts import permissions

        condition = permissions.project_visibility_q(user, prefix="projects__")
        project_filter = condition if condition is not None else Q()
        queryset = permissions.visible_partnerships(user, queryset)
    return queryset.prefetch_related(
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
