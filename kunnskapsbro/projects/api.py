"""The projects API: the portfolio list with the page's filters, a project, writes, lifecycle.

Endpoints resolve references (slugs, ids, orgnr) and call the same services and selectors as
the pages; all validation lives in the services and surfaces as problem+json.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from kunnskapsbro.accounts import permissions
from kunnskapsbro.accounts.auth import api_user, write_auth
from kunnskapsbro.core.api_common import Page, absolute_url, paginate, plain_data
from kunnskapsbro.core.api_errors import (
    READ_PROBLEMS,
    WRITE_PROBLEMS,
    Problem,
    field_problem,
    validation_problem,
)
from kunnskapsbro.organizations.models import Organization, OrgUnit, Person
from kunnskapsbro.organizations.selectors import organization_find, person_find
from kunnskapsbro.partnerships.api import partnership_named
from kunnskapsbro.partnerships.models import CrossCuttingElement, FocusArea, Partnership

from . import lifecycle
from .models import Project, ProjectIdentifier, StatusTransition
from .schemas import (
    ProjectDetail,
    ProjectFilters,
    ProjectIn,
    ProjectList,
    ProjectPatch,
    TransitionIn,
    TransitionList,
    TransitionOut,
)
from .selectors import (
    PortfolioFilters,
    project_detail,
    project_for_edit,
    project_list,
    project_list_for_display,
)
from .services import project_create, project_transition, project_update

router = Router(tags=["projects"])

# Body fields that name other rows and are resolved here before the service sees them.
_RELATION_FIELDS = (
    "focus_areas",
    "elements",
    "municipal_units",
    "partners",
    "participants",
    "funding_lines",
    "identifiers",
    "links",
)


# --- reads ------------------------------------------------------------------------------


@router.get("/projects", response=ProjectList, summary="Porteføljen, filtrert og sortert")
def list_projects(
    request: HttpRequest, filters: Query[ProjectFilters], page: Query[Page]
) -> dict[str, Any]:
    user = api_user(request)
    queryset = project_list(user=user, filters=_portfolio_filters(filters))
    queryset = project_list_for_display(queryset).prefetch_related("identifiers")
    result = paginate(queryset, page)
    result["items"] = [_list_item(request, project) for project in result["items"]]
    return result


@router.get(
    "/projects/{int:project_id}",
    response={200: ProjectDetail, **READ_PROBLEMS},
    summary="Ett prosjekt med alt det har",
)
def get_project(request: HttpRequest, project_id: int) -> dict[str, Any]:
    return _detail(request, project_detail(user=api_user(request), pk=project_id))


@router.get(
    "/projects/{int:project_id}/transitions",
    response={200: TransitionList, **READ_PROBLEMS},
    summary="Prosjektets statusendringer, nyeste først",
)
def list_transitions(request: HttpRequest, project_id: int) -> dict[str, Any]:
    user = api_user(request)
    project = project_detail(user=user, pk=project_id)
    transitions = StatusTransition.objects.filter(project=project).select_related("actor")
    items = [
        _transition(t, show_actor=permissions.can_read_internal(user, project.partnership_id))
        for t in transitions
    ]
    return {
        "items": items,
        "count": len(items),
        "allowed_transitions": permissions.allowed_transitions(
            user, project, lifecycle.allowed_targets(project.status)
        ),
    }


# --- writes -----------------------------------------------------------------------------


@router.post(
    "/projects",
    auth=write_auth,
    response={201: ProjectDetail, **WRITE_PROBLEMS},
    summary="Registrer et prosjekt",
)
def create_project(request: HttpRequest, payload: ProjectIn) -> tuple[int, dict[str, Any]]:
    data = plain_data(payload.dict(exclude_unset=True))
    slug = data.pop("partnership")
    partnership = partnership_named(request.auth, slug)
    if not permissions.can_create_project(request.auth, partnership):
        raise Problem(
            403,
            "partnership: "
            + _("Du har ingen rolle som kan registrere prosjekter i «%(slug)s».") % {"slug": slug},
            errors=[{"field": "partnership", "message": _("Ingen rolle som kan registrere.")}],
        )
    relations = _resolve_relations(data)
    fields = _blank_nulls(data)
    project = project_create(partnership=partnership, actor=request.auth, **fields, **relations)
    return 201, _detail(request, project_detail(user=request.auth, pk=project.pk))


@router.patch(
    "/projects/{int:project_id}",
    auth=write_auth,
    response={200: ProjectDetail, **WRITE_PROBLEMS},
    summary="Endre et prosjekt (bare feltene som sendes)",
)
def update_project(request: HttpRequest, project_id: int, payload: ProjectPatch) -> dict[str, Any]:
    project = project_for_edit(user=request.auth, pk=project_id)
    data = plain_data(payload.dict(exclude_unset=True))
    relations = _resolve_relations(data)
    if data.get("title", "") is None:
        raise _field_problem("title", _("Prosjektet må ha en tittel."))
    project_update(project=project, actor=request.auth, data=_blank_nulls(data), **relations)
    return _detail(request, project_detail(user=request.auth, pk=project.pk))


@router.post(
    "/projects/{int:project_id}/transitions",
    auth=write_auth,
    response={201: TransitionOut, **WRITE_PROBLEMS},
    summary="Flytt prosjektet til neste steg i livsløpet",
)
def create_transition(
    request: HttpRequest, project_id: int, payload: TransitionIn
) -> tuple[int, dict[str, Any]]:
    project = project_detail(user=request.auth, pk=project_id)
    permissions.require(permissions.can_transition(request.auth, project, str(payload.to)))
    try:
        transition = project_transition(
            project=project, to_status=payload.to, actor=request.auth, comment=payload.comment
        )
    except ValidationError as exc:
        # A step the lifecycle does not allow conflicts with the project's current state.
        conflict = hasattr(exc, "error_dict") and "to" in exc.error_dict
        raise validation_problem(exc, status=409 if conflict else 422) from exc
    return 201, _transition(transition, show_actor=True)


# --- helpers ----------------------------------------------------------------------------


_field_problem = field_problem


def _portfolio_filters(filters: ProjectFilters) -> PortfolioFilters:
    nothing = [0]  # an id no row has: an unknown reference matches no project
    partnership_id = None
    if filters.partnership:
        partnership_id = (
            Partnership.objects.filter(slug=filters.partnership)
            .values_list("pk", flat=True)
            .first()
            or -1  # truthy, so the selector filters, and no row has it
        )
    partners: list[int] = []
    for value in filters.partner:
        organization = _organization(value)
        partners.append(organization.pk if organization else 0)
    return PortfolioFilters(
        q=filters.q,
        partnership=partnership_id if filters.partnership else None,
        status=[str(s) for s in filters.status],
        kind=[str(k) for k in filters.kind],
        focus_area=list(filters.focus_area),
        element=list(filters.element),
        partner=partners or ([] if not filters.partner else nothing),
        unit=list(filters.unit),
        funder=list(filters.funder),
        year=filters.year,
        visibility=str(filters.visibility or ""),
        sort=filters.sort or "",
    )


def _organization(value: int | str) -> Organization | None:
    """By id (a number), else by orgnr, slug or name."""
    if isinstance(value, int) or (str(value).isdigit() and len(str(value)) != 9):
        number = int(value)
        return Organization.objects.filter(pk=number).first() if number < 2**63 else None
    return organization_find(str(value))


def _person(value: int | str) -> Person | None:
    """By id (a number), else by slug, e-mail or ORCID."""
    if isinstance(value, int):
        return Person.objects.filter(pk=value).first()
    return person_find(value)


def _by_ids(model: type[Any], ids: list[int], field: str) -> list[Any]:
    found = {obj.pk: obj for obj in model.objects.filter(pk__in=ids)}
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise _field_problem(field, _("Finnes ikke: %(ids)s.") % {"ids": ", ".join(missing)})
    return [found[pk] for pk in dict.fromkeys(ids)]


def _resolve_relations(data: dict[str, Any]) -> dict[str, Any]:
    """Pop the relation fields from ``data`` and turn their references into rows."""
    relations: dict[str, Any] = {}
    for name in _RELATION_FIELDS:
        if name not in data:
            continue
        value = data.pop(name)
        if value is None:
            continue  # PATCH with null leaves a collection as it is
        relations[name] = value
    if "focus_areas" in relations:
        relations["focus_areas"] = _by_ids(FocusArea, relations["focus_areas"], "focus_areas")
    if "elements" in relations:
        relations["elements"] = _by_ids(CrossCuttingElement, relations["elements"], "elements")
    if "municipal_units" in relations:
        units = _by_ids(OrgUnit, relations["municipal_units"], "municipal_units")
        relations["municipal_units"] = list(
            OrgUnit.objects.select_related("organization").filter(pk__in=[u.pk for u in units])
        )
    if "partners" in relations:
        partners = []
        for index, item in enumerate(relations["partners"]):
            organization = _organization(item["organization"])
            if organization is None:
                raise _field_problem(
                    f"partners.{index}.organization",
                    _("Ukjent organisasjon «%(organization)s».")
                    % {"organization": item["organization"]},
                )
            partners.append({**item, "organization": organization})
        relations["partners"] = partners
    if "participants" in relations:
        participants = []
        for index, item in enumerate(relations["participants"]):
            person = _person(item["person"])
            if person is None:
                raise _field_problem(
                    f"participants.{index}.person",
                    _("Ukjent person «%(person)s».") % {"person": item["person"]},
                )
            organization = None
            if item.get("organization") is not None:
                organization = _organization(item["organization"])
                if organization is None:
                    raise _field_problem(
                        f"participants.{index}.organization",
                        _("Ukjent organisasjon «%(organization)s».")
                        % {"organization": item["organization"]},
                    )
            participants.append({**item, "person": person, "organization": organization})
        relations["participants"] = participants
    if "funding_lines" in relations:
        lines = []
        for index, item in enumerate(relations["funding_lines"]):
            funder = _organization(item["funder"])
            if funder is None:
                raise _field_problem(
                    f"funding_lines.{index}.funder",
                    _("Ukjent finansiør «%(funder)s».") % {"funder": item["funder"]},
                )
            line = {**item, "funder": funder}
            if line.get("id") is None:
                line.pop("id", None)
            lines.append(line)
        relations["funding_lines"] = lines
    return relations


_TEXT_FIELDS = {
    "title_en",
    "acronym",
    "summary",
    "summary_en",
    "popular_summary",
    "popular_summary_en",
    "website",
}


def _blank_nulls(data: dict[str, Any]) -> dict[str, Any]:
    """JSON null on a text field means empty; on lists it means none."""
    cleaned = dict(data)
    for name, value in data.items():
        if value is None and name in _TEXT_FIELDS:
            cleaned[name] = ""
        elif value is None and name in {"keywords", "sdgs"}:
            cleaned[name] = []
        elif value is None and name in {"kind", "visibility", "status"}:
            cleaned.pop(name)
    for name in ("kind", "visibility", "status"):
        if name in cleaned:
            cleaned[name] = str(cleaned[name])
    return cleaned


def _org_ref(organization: Organization | None) -> dict[str, Any] | None:
    if organization is None:
        return None
    return {
        "id": organization.pk,
        "name": organization.name,
        "orgnr": organization.orgnr,
        "slug": organization.slug,
    }


def _identifiers(project: Project) -> dict[str, str]:
    rows: list[ProjectIdentifier] = list(project.identifiers.all())
    return {row.scheme: row.value for row in rows}


def _list_item(request: HttpRequest, project: Project) -> dict[str, Any]:
    return {
        "id": project.pk,
        "title": project.title,
        "title_en": project.title_en,
        "acronym": project.acronym,
        "status": project.status,
        "kind": project.kind,
        "start_date": project.start_date,
        "end_date": project.end_date,
        "visibility": project.visibility,
        "partnership": project.partnership.slug,
        "focus_areas": [{"id": a.pk, "name": a.name} for a in project.focus_areas.all()],
        "identifiers": _identifiers(project),
        "updated_at": project.updated_at,
        "url": absolute_url(request, project),
    }


def _detail(request: HttpRequest, project: Project) -> dict[str, Any]:
    return {
        **_list_item(request, project),
        "summary": project.summary,
        "summary_en": project.summary_en,
        "popular_summary": project.popular_summary,
        "popular_summary_en": project.popular_summary_en,
        "status_changed_at": project.status_changed_at,
        "elements": [{"id": e.pk, "name": e.name} for e in project.elements.all()],
        "municipal_units": [
            {"id": u.pk, "name": u.name, "organization": _org_ref(u.organization)}
            for u in project.municipal_units.all()
        ],
        "partners": [
            {
                "organization": _org_ref(p.organization),
                "role": p.role,
                "contribution": p.contribution,
                "currency": p.currency,
            }
            for p in project.partners.all()
        ],
        "participants": [
            {
                "person": {"id": p.person.pk, "name": p.person.full_name, "slug": p.person.slug},
                "role": p.role,
                "organization": _org_ref(p.organization),
            }
            for p in project.participants.all()
        ],
        "funding_lines": [
            {
                "id": line.pk,
                "funder": _org_ref(line.funder),
                "programme": line.programme,
                "grant_id": line.grant_id,
                "status": line.status,
                "amount_applied": line.amount_applied,
                "amount_granted": line.amount_granted,
                "currency": line.currency,
                "start_date": line.start_date,
                "end_date": line.end_date,
            }
            for line in project.funding_lines.all()
        ],
        "keywords": project.keywords,
        "sdgs": project.sdgs,
        "own_contribution_hours": project.own_contribution_hours,
        "own_contribution_nok": project.own_contribution_nok,
        "website": project.website,
        "links": [{"url": link.url, "label": link.label} for link in project.links.all()],
        "allowed_transitions": lifecycle.allowed_targets(project.status),
        "created_at": project.created_at,
    }


def _transition(transition: StatusTransition, *, show_actor: bool) -> dict[str, Any]:
    actor = None
    if show_actor and transition.actor is not None:
        actor = transition.actor.get_full_name() or transition.actor.get_username()
    return {
        "id": transition.pk,
        "from_status": transition.from_status,
        "to_status": transition.to_status,
        "at": transition.at,
        "actor": actor,
        "comment": transition.comment,
    }
