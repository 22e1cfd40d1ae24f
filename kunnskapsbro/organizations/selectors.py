"""Reads for organisations, units and people."""

from __future__ import annotations

import re

from django.db.models import Count, Q, QuerySet

from kunnskapsbro.core.validators import normalize_orgnr

from .models import Organization, OrgUnit, Person


def organization_list(*, q: str = "", kind: str = "") -> QuerySet[Organization]:
    """Organisations by name, short name or orgnr, with their project counts."""
    queryset = Organization.objects.all()
    if kind:
        queryset = queryset.filter(kind=kind)
    if q:
        digits = normalize_orgnr(q) or ""
        condition = Q(name__icontains=q) | Q(short_name__icontains=q) | Q(name_en__icontains=q)
        if digits.isdigit():
            condition |= Q(orgnr__startswith=digits)
        queryset = queryset.filter(condition)
    return queryset.order_by("name")


def organization_suggest(*, q: str, limit: int = 10) -> list[Organization]:
    """Type-ahead for partner fields: orgnr prefix, then names that start with, then contain."""
    q = q.strip()
    if len(q) < 2:
        return []
    digits = normalize_orgnr(q) or ""
    if digits.isdigit():
        return list(Organization.objects.filter(orgnr__startswith=digits).order_by("name")[:limit])
    starts = list(
        Organization.objects.filter(Q(name__istartswith=q) | Q(short_name__istartswith=q)).order_by(
            "name"
        )[:limit]
    )
    if len(starts) < limit:
        seen = {org.pk for org in starts}
        starts += [
            org
            for org in Organization.objects.filter(name__icontains=q).order_by("name")[: limit * 2]
            if org.pk not in seen
        ][: limit - len(starts)]
    return starts


def organization_find(value: str) -> Organization | None:
    """An organisation named by orgnr, slug, exact name or short name (form and API input)."""
    value = (value or "").strip()
    if not value:
        return None
    # Suggestions read "Name (974767880)" or "Name [slug]"; accept either form back.
    tagged = re.search(r"\((\d[\d\s]{8,})\)\s*$|\[([\w-]+)\]\s*$", value)
    if tagged:
        if tagged.group(1):
            return Organization.objects.filter(orgnr=normalize_orgnr(tagged.group(1))).first()
        return Organization.objects.filter(slug=tagged.group(2)).first()
    digits = normalize_orgnr(value) or ""
    if digits.isdigit() and len(digits) == 9:
        return Organization.objects.filter(orgnr=digits).first()
    return (
        Organization.objects.filter(slug=value).first()
        or Organization.objects.filter(name__iexact=value).first()
        or Organization.objects.filter(short_name__iexact=value).first()
    )


def organization_detail(*, slug: str) -> Organization:
    return (
        Organization.objects.select_related("parent")
        .prefetch_related("units", "children")
        .get(slug=slug)
    )


def orgunit_tree(*, organization: Organization) -> list[tuple[OrgUnit, int]]:
    """The organisation's units depth-first, each with its depth (one query)."""
    units = list(
        OrgUnit.objects.filter(organization=organization)
        .annotate(project_count=Count("projects", distinct=True))
        .order_by("name")
    )
    children: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    ordered: list[tuple[OrgUnit, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for unit in children.get(parent_id, []):
            ordered.append((unit, depth))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return ordered


def orgunit_subtree_ids(*, unit: OrgUnit) -> list[int]:
    """The unit and every unit below it."""
    pairs = list(
        OrgUnit.objects.filter(organization_id=unit.organization_id).values_list("id", "parent_id")
    )
    result, frontier = [unit.pk], [unit.pk]
    while frontier:
        frontier = [child for child, parent in pairs if parent in frontier]
        result += frontier
    return result


def municipal_units() -> QuerySet[OrgUnit]:
    """Units of municipalities and counties, for the project form and filters."""
    return (
        OrgUnit.objects.filter(organization__kind__in=["municipality", "county"])
        .select_related("organization")
        .order_by("organization__name", "name")
    )


def person_list(*, q: str = "") -> QuerySet[Person]:
    queryset = Person.objects.all()
    for word in q.split():
        queryset = queryset.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    return queryset.order_by("last_name", "first_name")


def person_detail(*, slug: str) -> Person:
    return Person.objects.prefetch_related(
        "affiliations__organization", "affiliations__unit", "memberships__body__partnership"
    ).get(slug=slug)


def person_find(value: str) -> Person | None:
    """A person by slug, e-mail or ORCID (form and API input)."""
    value = (value or "").strip()
    if not value:
        return None
    tagged = re.search(r"\[([\w-]+)\]\s*$", value)
    if tagged:
        return Person.objects.filter(slug=tagged.group(1)).first()
    parts = value.rsplit(" ", 1)
    if len(parts) == 2:
        named = Person.objects.filter(first_name__iexact=parts[0], last_name__iexact=parts[1])
        if named.count() == 1:
            return named.first()
    return (
        Person.objects.filter(slug=value).first()
        or Person.objects.filter(email__iexact=value).first()
        or Person.objects.filter(orcid=value).first()
    )
