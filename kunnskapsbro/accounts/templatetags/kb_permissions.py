"""Template filters that ask ``accounts.permissions`` what to offer: ``{% load kb_permissions %}``.

Pages hide buttons the user may not use; the views check again (the template never decides).
"""

from __future__ import annotations

from typing import Any

from django import template

from kunnskapsbro.accounts import permissions

register = template.Library()


@register.filter
def can_edit_registry(user: Any) -> bool:
    return permissions.can_edit_registry(user)


@register.filter
def can_edit_person(user: Any, person: Any) -> bool:
    return permissions.can_edit_person(user, person)


@register.filter
def can_see_contact(user: Any, person: Any) -> bool:
    return permissions.can_see_contact_details(user, person)


@register.filter
def can_create_projects(user: Any) -> bool:
    return permissions.principal(user).has_anywhere(permissions.Cap.CREATE_PROJECT)


@register.filter
def reads_internal(user: Any, partnership: Any = None) -> bool:
    """Internal records of ``partnership`` (or of some partnership when none is given)."""
    if partnership is None or partnership == "":
        return permissions.reads_internal_anywhere(user)
    return permissions.can_read_internal(user, getattr(partnership, "pk", partnership))


@register.filter
def can_manage_roles(user: Any, partnership: Any = None) -> bool:
    if partnership is None or partnership == "":
        return permissions.principal(user).has_anywhere(permissions.Cap.MANAGE_ROLES)
    return permissions.can_manage_roles(user, partnership)


@register.filter
def can_edit_goals(user: Any, partnership: Any) -> bool:
    return permissions.can_edit_goals(user, getattr(partnership, "pk", partnership))


@register.filter
def can_edit_project(user: Any, project: Any) -> bool:
    return permissions.can_edit_project(user, project)


@register.inclusion_tag("accounts/_my_roles.html")
def my_roles(user: Any) -> dict[str, Any]:
    """``{% my_roles user %}``: the user's roles and what each allows (account pages)."""
    from kunnskapsbro.accounts import role_selectors

    roles = list(role_selectors.roles_of(user=user))
    return {
        "rows": [(r, permissions.capability_labels(r.role)) for r in roles],
        "managed": [r.partnership for r in roles if r.partnership and r.role == "administrator"],
        "superuser": bool(getattr(user, "is_superuser", False)),
    }
