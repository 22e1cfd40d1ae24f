"""Reads for roles: the holders in a partnership, a user's own roles."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from . import permissions
from .models import RoleAssignment


def role_list(*, partnership: Any, include_ended: bool = False) -> QuerySet[RoleAssignment]:
    """Roles in ``partnership``, installation-wide ones included, current first."""
    queryset = RoleAssignment.objects.filter(
        Q(partnership=partnership) | Q(partnership__isnull=True)
    )
    if not include_ended:
        queryset = queryset.filter(permissions.active_q())
    return queryset.select_related(
        "user", "partnership", "focus_area", "org_unit", "body", "created_by"
    ).order_by("role", "user__last_name", "user__first_name", "id")


def roles_of(*, user: Any) -> QuerySet[RoleAssignment]:
    """A user's roles in force today."""
    if not getattr(user, "is_authenticated", False):
        return RoleAssignment.objects.none()
    return (
        RoleAssignment.objects.filter(permissions.active_q(), user_id=user.pk)
        .select_related("partnership", "focus_area", "org_unit", "body")
        .order_by("partnership__name", "role")
    )


def managed_partnership(*, user: Any, slug: str) -> Any:
    """The partnership whose roles ``user`` administers: 404 unseen, 403 seen but not theirs."""
    from kunnskapsbro.partnerships.models import Partnership

    partnership = (
        permissions.visible_partnerships(user, Partnership.objects.all()).filter(slug=slug).first()
    )
    if partnership is None:
        raise Http404("partnership not found")
    permissions.require(permissions.can_manage_roles(user, partnership))
    return partnership


def role_in(*, partnership: Any, pk: int) -> RoleAssignment:
    """One role of the partnership (not an installation-wide one), or 404."""
    assignment = (
        RoleAssignment.objects.select_related("user", "partnership")
        .filter(partnership=partnership, pk=pk)
        .first()
    )
    if assignment is None:
        raise Http404("role not found")
    return assignment
