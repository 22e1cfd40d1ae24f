"""Writes for organisations, units, people and affiliations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kunnskapsbro.core.utils import apply_fields, unique_slug
from kunnskapsbro.core.validators import normalize_orgnr

from .models import Affiliation, Organization, OrganizationKind, OrgUnit, Person

ORGANIZATION_FIELDS = {
    "name",
    "name_en",
    "short_name",
    "kind",
    "orgnr",
    "municipality_number",
    "country",
    "ror_id",
    "cristin_id",
    "cordis_pic",
    "website",
    "parent",
    "source",
    "source_id",
}
# Path segments under /organisasjoner/ that an organisation's slug must not take.
RESERVED_SLUGS = frozenset({"ny", "forslag", "personer"})
PERSON_FIELDS = {
    "first_name",
    "last_name",
    "email",
    "phone",
    "orcid",
    "cristin_person_id",
    "expertise",
    "user",
    "source",
    "source_id",
}


def _clean_organization_data(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    if "orgnr" in data:
        data["orgnr"] = normalize_orgnr(data["orgnr"])
    if "country" in data and data["country"]:
        data["country"] = str(data["country"]).upper()
    return data


def _check_orgnr_free(orgnr: str | None, exclude_pk: int | None = None) -> None:
    if not orgnr:
        return
    clash = Organization.objects.filter(orgnr=orgnr).exclude(pk=exclude_pk).first()
    if clash:
        raise ValidationError(
            {
                "orgnr": _("Organisasjonsnummeret %(orgnr)s er allerede registrert på %(name)s.")
                % {"orgnr": orgnr, "name": clash.name}
            }
        )


@transaction.atomic
def organization_create(
    *, name: str, kind: str = OrganizationKind.OTHER, **fields: Any
) -> Organization:
    """Register an organisation; the orgnr is normalised and checked (mod 11)."""
    data = _clean_organization_data({"name": name, "kind": kind, **fields})
    _check_orgnr_free(data.get("orgnr"))
    organization = Organization()
    apply_fields(organization, data, ORGANIZATION_FIELDS)
    organization.slug = unique_slug(
        Organization, data.get("short_name") or name, max_length=100, reserved=RESERVED_SLUGS
    )
    organization.full_clean()
    organization.save()
    return organization


@transaction.atomic
def organization_update(*, organization: Organization, data: dict[str, Any]) -> Organization:
    """Change an organisation's fields; validates like create."""
    data = _clean_organization_data(data)
    if "orgnr" in data:
        _check_orgnr_free(data["orgnr"], exclude_pk=organization.pk)
    if apply_fields(organization, data, ORGANIZATION_FIELDS):
        organization.full_clean()
        organization.save()
    return organization


@transaction.atomic
def organization_get_or_create_by_orgnr(
    *, orgnr: str, name: str, kind: str = OrganizationKind.OTHER, **fields: Any
) -> tuple[Organization, bool]:
    """The organisation with this orgnr, or a new one."""
    normalized = normalize_orgnr(orgnr)
    existing = Organization.objects.filter(orgnr=normalized).first() if normalized else None
    if existing:
        return existing, False
    return organization_create(name=name, kind=kind, orgnr=normalized, **fields), True


@transaction.atomic
def orgunit_create(
    *,
    organization: Organization,
    name: str,
    parent: OrgUnit | None = None,
    kind: str = "unit",
    capacity_projects: int | None = None,
    capacity_person_months: Decimal | None = None,
    name_en: str = "",
) -> OrgUnit:
    """Add a unit to an organisation's tree (the parent must belong to the same one)."""
    if parent is not None and parent.organization_id != organization.pk:
        raise ValidationError({"parent": _("Overordnet enhet må høre til samme organisasjon.")})
    unit = OrgUnit(
        organization=organization,
        parent=parent,
        name=name,
        name_en=name_en,
        kind=kind,
        capacity_projects=capacity_projects,
        capacity_person_months=capacity_person_months,
    )
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def orgunit_update(*, unit: OrgUnit, data: dict[str, Any]) -> OrgUnit:
    """Rename a unit, move it or change its capacity; refuses a cycle in the tree."""
    allowed = {"name", "name_en", "kind", "parent", "capacity_projects", "capacity_person_months"}
    parent = data.get("parent", unit.parent)
    node = parent
    while node is not None:
        if node.pk == unit.pk:
            raise ValidationError({"parent": _("En enhet kan ikke ligge under seg selv.")})
        node = node.parent
    if apply_fields(unit, data, allowed):
        unit.full_clean()
        unit.save()
    return unit


@transaction.atomic
def person_create(*, first_name: str, last_name: str, **fields: Any) -> Person:
    """Register a person. Never a national identity number: name, e-mail, ORCID, Cristin id."""
    person = Person()
    apply_fields(
        person, {"first_name": first_name, "last_name": last_name, **fields}, PERSON_FIELDS
    )
    person.slug = unique_slug(
        Person, f"{first_name} {last_name}", max_length=100, reserved=frozenset({"ny", "forslag"})
    )
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def person_update(*, person: Person, data: dict[str, Any]) -> Person:
    """Change a person's fields."""
    if apply_fields(person, data, PERSON_FIELDS):
        person.full_clean()
        person.save()
    return person


@transaction.atomic
def affiliation_create(
    *,
    person: Person,
    organization: Organization,
    unit: OrgUnit | None = None,
    title: str = "",
    share_percent: int = 100,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
) -> Affiliation:
    """Add a position; a combined position is two affiliations whose shares add up to 100 %."""
    if unit is not None and unit.organization_id != organization.pk:
        raise ValidationError(
            {"unit": _("Enheten hører ikke til %(org)s.") % {"org": organization}}
        )
    if start_date and end_date and end_date < start_date:
        raise ValidationError({"end_date": _("Sluttdato kan ikke være før startdato.")})
    affiliation = Affiliation(
        person=person,
        organization=organization,
        unit=unit,
        title=title,
        share_percent=share_percent,
        start_date=start_date,
        end_date=end_date,
    )
    affiliation.full_clean()
    affiliation.save()
    return affiliation
