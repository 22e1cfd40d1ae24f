"""Writes for roles: assign a role in a partnership, end it (history keeps both).

Kept apart from ``services.py`` (tokens, sign-on) so roles and sign-on can change side by side.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions
from .models import Role, RoleAssignment

SCOPE_FIELDS = ("focus_area", "org_unit", "body")


def _unit_in_partnership(org_unit: Any, partnership: Any) -> bool:
    """An OrgUnit belongs to a partnership when its organisation (or a parent organisation)
    is a party to it."""
    party_ids = set(partnership.party_links.values_list("organization_id", flat=True))
    organization = org_unit.organization
    seen: set[int] = set()
    while organization is not None and organization.pk not in seen:
        if organization.pk in party_ids:
            return True
        seen.add(organization.pk)
        organization = organization.parent
    return False


def _check_scope(
    *, role: str, partnership: Any, focus_area: Any, org_unit: Any, body: Any
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    needed = permissions.SCOPE_FIELD.get(role)
    scope = {"focus_area": focus_area, "org_unit": org_unit, "body": body}
    allowed = {needed} if needed else set()
    if role == Role.COMMITTEE_MEMBER:
        allowed.add("body")
    for name, value in scope.items():
        if value is not None and name not in allowed:
            errors.setdefault(name, []).append(
                _("Rollen «%(role)s» har ikke dette avgrensningsfeltet.")
                % {"role": Role(role).label}
            )
    if needed and scope[needed] is None:
        errors.setdefault(needed, []).append(
            _("Rollen «%(role)s» må avgrenses: velg %(what)s.")
            % {
                "role": Role(role).label,
                "what": _("satsingsområde") if needed == "focus_area" else _("enhet"),
            }
        )
    if (needed or body is not None) and partnership is None:
        errors.setdefault("partnership", []).append(
            _("En avgrenset rolle gjelder ett partnerskap; velg partnerskapet.")
        )
    if partnership is not None:
        if focus_area is not None and focus_area.partnership_id != partnership.pk:
            errors.setdefault("focus_area", []).append(
                _("Satsingsområdet hører ikke til partnerskapet «%(p)s».") % {"p": partnership}
            )
        if body is not None and body.partnership_id != partnership.pk:
            errors.setdefault("body", []).append(
                _("Organet hører ikke til partnerskapet «%(p)s».") % {"p": partnership}
            )
        if org_unit is not None and not _unit_in_partnership(org_unit, partnership):
            errors.setdefault("org_unit", []).append(
                _("Enheten hører ikke til en part i partnerskapet «%(p)s».") % {"p": partnership}
            )
    return errors


def _require_manager(actor: Any, partnership: Any) -> None:
    if permissions.is_system(actor):
        return  # the system (demo, commands); refused inside a request
    if partnership is None:
        if not getattr(actor, "is_superuser", False):
            raise PermissionDenied(
                _("Bare systemadministratorer kan gi roller i alle partnerskap.")
            )
    elif not permissions.can_manage_roles(actor, partnership):
        raise PermissionDenied(_("Du kan ikke tildele roller i dette partnerskapet."))


@transaction.atomic
def role_assign(
    *,
    actor: Any,
    user: Any,
    role: str,
    partnership: Any = None,
    focus_area: Any = None,
    org_unit: Any = None,
    body: Any = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> RoleAssignment:
    """Give ``user`` a role in ``partnership`` (None: every partnership).

    Scoped roles need their scope (focus area, OrgUnit), and the scope must belong to the
    partnership. The same role with the same scope cannot be held twice at once.
    """
    _require_manager(actor, partnership)
    errors: dict[str, list[str]] = {}
    if user is None or not getattr(user, "is_active", False):
        errors["user"] = [_("Velg en aktiv bruker.")]
    if role not in Role.values:
        errors["role"] = [_("Ukjent rolle «%(role)s».") % {"role": role}]
    else:
        errors.update(
            _check_scope(
                role=role,
                partnership=partnership,
                focus_area=focus_area,
                org_unit=org_unit,
                body=body,
            )
        )
    if valid_from and valid_to and valid_to < valid_from:
        errors["valid_to"] = [_("Sluttdatoen kan ikke være før startdatoen.")]
    if valid_to and valid_to < timezone.localdate():
        errors.setdefault("valid_to", []).append(_("Sluttdatoen kan ikke være passert."))
    if errors:
        raise ValidationError(errors)
    duplicate = RoleAssignment.objects.filter(
        permissions.active_q(),
        user=user,
        partnership=partnership,
        role=role,
        focus_area=focus_area,
        org_unit=org_unit,
        body=body,
    ).exists()
    if duplicate:
        raise ValidationError(
            {"role": [_("Brukeren har allerede denne rollen med samme avgrensning.")]}
        )
    assignment = RoleAssignment(
        user=user,
        partnership=partnership,
        role=role,
        focus_area=focus_area,
        org_unit=org_unit,
        body=body,
        valid_from=valid_from,
        valid_to=valid_to,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    assignment.full_clean()
    if getattr(actor, "is_authenticated", False):
        assignment._history_user = actor
    assignment.save()
    permissions.forget(user)
    return assignment


@transaction.atomic
def role_end(*, actor: Any, assignment: RoleAssignment) -> RoleAssignment:
    """End a role today: it no longer applies from today on. The row and its history stay."""
    _require_manager(actor, assignment.partnership)
    today = timezone.localdate()
    if assignment.valid_to is not None and assignment.valid_to < today:
        raise ValidationError({"valid_to": [_("Rollen er allerede avsluttet.")]})
    assignment.valid_to = today - dt.timedelta(days=1)
    if getattr(actor, "is_authenticated", False):
        assignment._history_user = actor
    assignment.save(update_fields=["valid_to"])
    permissions.forget(assignment.user)
    return assignment
