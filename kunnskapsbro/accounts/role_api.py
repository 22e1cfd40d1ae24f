"""Roles API: ``/partnerships/{slug}/roles`` (list, assign) and ``…/roles/{id}`` (end).

Only the partnership's administrators (and superusers) may use it; others who may see the
partnership get 403, those who may not see it 404. Ending keeps the row and its history.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from kunnskapsbro.core.api_common import DbId, Page, Text, paginate
from kunnskapsbro.core.api_errors import WRITE_PROBLEMS, Problem

from . import role_selectors, role_services
from .auth import write_auth
from .models import Role, RoleAssignment

router = Router(tags=["roles"])

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


class RoleRef(Schema):
    id: int
    name: str


class RoleOut(Schema):
    id: int
    user: str = Field(description="Brukernavn")
    user_name: str
    role: Role
    partnership: str | None = Field(description="Partnerskapets slug; null = alle partnerskap")
    focus_area: RoleRef | None
    org_unit: RoleRef | None
    body: RoleRef | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    active: bool
    created_at: dt.datetime


class RoleList(Schema):
    items: list[RoleOut]
    count: int


class RoleIn(Schema):
    user: Text = Field(max_length=254, description="Brukernavn eller e-postadresse")
    role: Role
    focus_area: DbId | None = None
    org_unit: DbId | None = None
    body: DbId | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


class RoleFilters(Schema):
    include_ended: bool = Field(False, description="Ta med avsluttede roller")


def _ref(obj: Any) -> dict[str, Any] | None:
    return None if obj is None else {"id": obj.pk, "name": str(obj)}


def _role(assignment: RoleAssignment) -> dict[str, Any]:
    from .permissions import _today

    today = _today()
    user = assignment.user
    return {
        "id": assignment.pk,
        "user": user.get_username(),
        "user_name": user.get_full_name() or user.get_username(),
        "role": assignment.role,
        "partnership": assignment.partnership.slug if assignment.partnership else None,
        "focus_area": _ref(assignment.focus_area),
        "org_unit": _ref(assignment.org_unit),
        "body": _ref(assignment.body),
        "valid_from": assignment.valid_from,
        "valid_to": assignment.valid_to,
        "active": (assignment.valid_from is None or assignment.valid_from <= today)
        and (assignment.valid_to is None or assignment.valid_to >= today),
        "created_at": assignment.created_at,
    }


def _field_problem(field: str, message: str) -> Problem:
    return Problem(422, f"{field}: {message}", errors=[{"field": field, "message": message}])


@router.get(
    "/partnerships/{slug}/roles",
    auth=write_auth,
    response={200: RoleList, **WRITE_PROBLEMS},
    summary="Rollene i et partnerskap (administratorer)",
)
def list_roles(
    request: HttpRequest,
    filters: Query[RoleFilters],
    page: Query[Page],
    slug: str = Path(..., max_length=80, pattern=SLUG_PATTERN),  # noqa: B008
) -> dict[str, Any]:
    partnership = role_selectors.managed_partnership(user=request.auth, slug=slug)
    queryset = role_selectors.role_list(
        partnership=partnership, include_ended=filters.include_ended
    )
    result = paginate(queryset, page)
    result["items"] = [_role(a) for a in result["items"]]
    return result


@router.post(
    "/partnerships/{slug}/roles",
    auth=write_auth,
    response={201: RoleOut, **WRITE_PROBLEMS},
    summary="Gi en bruker en rolle i partnerskapet",
)
def create_role(
    request: HttpRequest,
    payload: RoleIn,
    slug: str = Path(..., max_length=80, pattern=SLUG_PATTERN),  # noqa: B008
) -> tuple[int, dict[str, Any]]:
    from kunnskapsbro.organizations.models import OrgUnit
    from kunnskapsbro.partnerships.models import FocusArea, GovernanceBody

    partnership = role_selectors.managed_partnership(user=request.auth, slug=slug)
    users = get_user_model().objects.filter(is_active=True)
    value = payload.user.strip()
    user = users.filter(username=value).first() or (
        users.filter(email__iexact=value).first() if "@" in value else None
    )
    if user is None:
        raise _field_problem("user", _("Fant ingen aktiv bruker «%(user)s».") % {"user": value})
    scope: dict[str, Any] = {}
    for name, model in (("focus_area", FocusArea), ("org_unit", OrgUnit), ("body", GovernanceBody)):
        pk = getattr(payload, name)
        if pk is not None:
            scope[name] = model.objects.filter(pk=pk).first()
            if scope[name] is None:
                raise _field_problem(name, _("Finnes ikke: %(ids)s.") % {"ids": pk})
    assignment = role_services.role_assign(
        actor=request.auth,
        user=user,
        role=str(payload.role),
        partnership=partnership,
        valid_from=payload.valid_from,
        valid_to=payload.valid_to,
        **scope,
    )
    return 201, _role(assignment)


@router.delete(
    "/partnerships/{slug}/roles/{int:role_id}",
    auth=write_auth,
    response={200: RoleOut, **WRITE_PROBLEMS},
    summary="Avslutt en rolle (raden og historikken blir stående)",
)
def end_role(
    request: HttpRequest,
    role_id: int,
    slug: str = Path(..., max_length=80, pattern=SLUG_PATTERN),  # noqa: B008
) -> dict[str, Any]:
    partnership = role_selectors.managed_partnership(user=request.auth, slug=slug)
    assignment = role_selectors.role_in(partnership=partnership, pk=role_id)
    return _role(role_services.role_end(actor=request.auth, assignment=assignment))
