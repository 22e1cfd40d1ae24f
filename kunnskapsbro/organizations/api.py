"""The organisations and people API. E-mail addresses are shown to signed-in callers only."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router

from kunnskapsbro.accounts import permissions
from kunnskapsbro.accounts.auth import api_user, write_auth
from kunnskapsbro.core.api_common import Page, absolute_url, paginate, plain_data
from kunnskapsbro.core.api_errors import READ_PROBLEMS, WRITE_PROBLEMS, Problem

from .models import Affiliation, Organization, OrgUnit, Person
from .schemas import (
    OrganizationDetail,
    OrganizationFilters,
    OrganizationIn,
    OrganizationList,
    OrganizationPatch,
    PersonFilters,
    PersonIn,
    PersonList,
    PersonOut,
    PersonPatch,
)
from .selectors import organization_find, organization_list, person_list
from .services import (
    affiliation_create,
    organization_create,
    organization_update,
    person_create,
    person_update,
)

router = Router(tags=["organizations"])

_ORG_TEXT = {
    "name_en",
    "short_name",
    "municipality_number",
    "ror_id",
    "cristin_id",
    "cordis_pic",
    "website",
}
_PERSON_TEXT = {"email", "phone", "orcid", "cristin_person_id", "expertise"}


def _problem(field: str, message: str) -> Problem:
    return Problem(422, f"{field}: {message}", errors=[{"field": field, "message": message}])


# --- organisations ----------------------------------------------------------------------


@router.get("/organizations", response=OrganizationList, summary="Organisasjoner")
def list_organizations(
    request: HttpRequest, filters: Query[OrganizationFilters], page: Query[Page]
) -> dict[str, Any]:
    queryset = organization_list(q=filters.q, kind=str(filters.kind or "")).select_related("parent")
    result = paginate(queryset, page)
    result["items"] = [_organization(request, org) for org in result["items"]]
    return result


@router.get(
    "/organizations/{int:organization_id}",
    response={200: OrganizationDetail, **READ_PROBLEMS},
    summary="En organisasjon med enhetene sine",
)
def get_organization(request: HttpRequest, organization_id: int) -> dict[str, Any]:
    return _organization_detail(request, organization_id)


@router.post(
    "/organizations",
    auth=write_auth,
    response={201: OrganizationDetail, **WRITE_PROBLEMS},
    summary="Registrer en organisasjon",
)
def create_organization(
    request: HttpRequest, payload: OrganizationIn
) -> tuple[int, dict[str, Any]]:
    permissions.require(permissions.can_edit_registry(request.auth))
    data = _organization_data(plain_data(payload.dict(exclude_unset=True)))
    organization = organization_create(**data)
    return 201, _organization_detail(request, organization.pk)


@router.patch(
    "/organizations/{int:organization_id}",
    auth=write_auth,
    response={200: OrganizationDetail, **WRITE_PROBLEMS},
    summary="Endre en organisasjon",
)
def update_organization(
    request: HttpRequest, organization_id: int, payload: OrganizationPatch
) -> dict[str, Any]:
    organization = get_object_or_404(Organization, pk=organization_id)
    permissions.require(permissions.can_edit_registry(request.auth))
    data = _organization_data(plain_data(payload.dict(exclude_unset=True)))
    if "name" in data and not data["name"]:
        raise _problem("name", _("Organisasjonen må ha et navn."))
    if data.get("parent") is not None and data["parent"].pk == organization.pk:
        raise _problem("parent", _("En organisasjon kan ikke ligge under seg selv."))
    organization_update(organization=organization, data=data)
    return _organization_detail(request, organization.pk)


def _organization_data(data: dict[str, Any]) -> dict[str, Any]:
    for name in _ORG_TEXT:
        if name in data and data[name] is None:
            data[name] = ""
    for name in ("kind", "country"):
        if name in data and data[name] is None:
            data.pop(name)
    if "parent" in data and data["parent"] is not None:
        parent = Organization.objects.filter(pk=data["parent"]).first()
        if parent is None:
            raise _problem("parent", _("Finnes ikke: %(ids)s.") % {"ids": data["parent"]})
        data["parent"] = parent
    return data


def _org_ref(organization: Organization | None) -> dict[str, Any] | None:
    if organization is None:
        return None
    return {
        "id": organization.pk,
        "name": organization.name,
        "orgnr": organization.orgnr,
        "slug": organization.slug,
    }


def _organization(request: HttpRequest, org: Organization) -> dict[str, Any]:
    return {
        "id": org.pk,
        "name": org.name,
        "name_en": org.name_en,
        "short_name": org.short_name,
        "slug": org.slug,
        "kind": org.kind,
        "orgnr": org.orgnr,
        "municipality_number": org.municipality_number,
        "country": org.country,
        "ror_id": org.ror_id,
        "cristin_id": org.cristin_id,
        "cordis_pic": org.cordis_pic,
        "website": org.website,
        "parent": _org_ref(org.parent),
        "url": absolute_url(request, org),
    }


def _unit(unit: OrgUnit | None) -> dict[str, Any] | None:
    if unit is None:
        return None
    return {
        "id": unit.pk,
        "name": unit.name,
        "name_en": unit.name_en,
        "kind": unit.kind,
        "parent": unit.parent_id,
        "capacity_projects": unit.capacity_projects,
    }


def _organization_detail(request: HttpRequest, organization_id: int) -> dict[str, Any]:
    org = get_object_or_404(
        Organization.objects.select_related("parent").prefetch_related(
            Prefetch("units", queryset=OrgUnit.objects.order_by("name", "id"))
        ),
        pk=organization_id,
    )
    return {**_organization(request, org), "units": [_unit(u) for u in org.units.all()]}


# --- people -----------------------------------------------------------------------------


def _people(queryset: QuerySet[Person]) -> QuerySet[Person]:
    return queryset.prefetch_related(
        Prefetch(
            "affiliations",
            queryset=Affiliation.objects.select_related("organization", "unit"),
        )
    )


@router.get("/people", response=PersonList, summary="Personer")
def list_people(
    request: HttpRequest, filters: Query[PersonFilters], page: Query[Page]
) -> dict[str, Any]:
    user = api_user(request)
    show_private = permissions.can_see_contact_details(user)
    if show_private:
        queryset = person_list(q=filters.q)
    else:
        # Anonymous callers search names only, so e-mail addresses cannot be probed.
        queryset = Person.objects.order_by("last_name", "first_name", "id")
        for word in filters.q.split():
            queryset = queryset.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    result = paginate(_people(queryset), page)
    result["items"] = [
        _person(request, p, show_private=permissions.can_see_contact_details(user, p))
        for p in result["items"]
    ]
    return result


@router.get(
    "/people/{int:person_id}",
    response={200: PersonOut, **READ_PROBLEMS},
    summary="En person med tilknytninger",
)
def get_person(request: HttpRequest, person_id: int) -> dict[str, Any]:
    person = get_object_or_404(_people(Person.objects.all()), pk=person_id)
    return _person(
        request, person, show_private=permissions.can_see_contact_details(api_user(request), person)
    )


@router.post(
    "/people",
    auth=write_auth,
    response={201: PersonOut, **WRITE_PROBLEMS},
    summary="Registrer en person (aldri fødselsnummer)",
)
def create_person(request: HttpRequest, payload: PersonIn) -> tuple[int, dict[str, Any]]:
    permissions.require(permissions.can_edit_registry(request.auth))
    data = plain_data(payload.dict(exclude_unset=True))
    affiliations = data.pop("affiliations", [])
    data = _person_data(data)
    with transaction.atomic():
        person = person_create(**data)
        for index, item in enumerate(affiliations):
            organization = _find_organization(item["organization"])
            if organization is None:
                raise _problem(
                    f"affiliations.{index}.organization",
                    _("Ukjent organisasjon «%(organization)s».")
                    % {"organization": item["organization"]},
                )
            unit = None
            if item.get("unit") is not None:
                unit = OrgUnit.objects.filter(pk=item["unit"]).first()
                if unit is None:
                    raise _problem(
                        f"affiliations.{index}.unit",
                        _("Finnes ikke: %(ids)s.") % {"ids": item["unit"]},
                    )
            try:
                affiliation_create(
                    person=person, **{**item, "organization": organization, "unit": unit}
                )
            except ValidationError as exc:
                # Point at the affiliation in the body: affiliations.0.end_date.
                raise ValidationError(
                    {
                        f"affiliations.{index}.{name}": errors
                        for name, errors in exc.message_dict.items()
                    }
                ) from exc
    person = _people(Person.objects.all()).get(pk=person.pk)
    return 201, _person(request, person, show_private=True)


@router.patch(
    "/people/{int:person_id}",
    auth=write_auth,
    response={200: PersonOut, **WRITE_PROBLEMS},
    summary="Endre en person",
)
def update_person(request: HttpRequest, person_id: int, payload: PersonPatch) -> dict[str, Any]:
    person = get_object_or_404(Person, pk=person_id)
    permissions.require(permissions.can_edit_person(request.auth, person))
    data = _person_data(plain_data(payload.dict(exclude_unset=True)))
    for name in ("first_name", "last_name"):
        if name in data and not data[name]:
            raise _problem(name, _("Fyll ut navnet."))
    person_update(person=person, data=data)
    person = _people(Person.objects.all()).get(pk=person.pk)
    return _person(request, person, show_private=True)


def _person_data(data: dict[str, Any]) -> dict[str, Any]:
    for name in _PERSON_TEXT:
        if name in data and data[name] is None:
            data[name] = ""
    return data


def _find_organization(value: int | str) -> Organization | None:
    if isinstance(value, int):
        return Organization.objects.filter(pk=value).first()
    return organization_find(value)


def _person(request: HttpRequest, person: Person, *, show_private: bool) -> dict[str, Any]:
    return {
        "id": person.pk,
        "slug": person.slug,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "name": person.full_name,
        "email": person.email if show_private else None,
        "orcid": person.orcid,
        "cristin_person_id": person.cristin_person_id,
        "affiliations": [
            {
                "organization": _org_ref(a.organization),
                "unit": _unit(a.unit),
                "title": a.title,
                "share_percent": a.share_percent,
                "start_date": a.start_date,
                "end_date": a.end_date,
            }
            for a in person.affiliations.all()
        ],
        "url": absolute_url(request, person),
        "ical_url": request.build_absolute_uri(
            reverse("meetings:person_ical", kwargs={"slug": person.slug})
        ),
    }
