"""The partnerships API: read-only; anonymous callers see public partnerships only."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from ninja import Path, Query, Router

from kunnskapsbro.accounts.auth import api_user
from kunnskapsbro.core.api_common import Page, absolute_url, paginate
from kunnskapsbro.core.api_errors import READ_PROBLEMS
from kunnskapsbro.organizations.models import Organization, Person

from .models import Agreement, Partnership
from .schemas import PartnershipDetail, PartnershipList
from .selectors import partnership_detail, partnership_list, with_project_counts

router = Router(tags=["partnerships"])

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


@router.get("/partnerships", response=PartnershipList, summary="Partnerskapene")
def list_partnerships(request: HttpRequest, page: Query[Page]) -> dict[str, Any]:
    user = api_user(request)
    queryset = partnership_list(user=user, with_counts=False)
    result = paginate(queryset, page)
    items = with_project_counts(result["items"], user=user)
    result["items"] = [_partnership(request, p) for p in items]
    return result


@router.get(
    "/partnerships/{slug}",
    response={200: PartnershipDetail, **READ_PROBLEMS},
    summary="Et partnerskap: parter, avtaler, fokusområder, elementer og styringsorganer",
)
def get_partnership(
    request: HttpRequest,
    slug: str = Path(..., max_length=80, pattern=SLUG_PATTERN),  # noqa: B008
) -> dict[str, Any]:
    user = api_user(request)
    try:
        partnership = partnership_detail(slug=slug, user=user)
    except Partnership.DoesNotExist as exc:
        raise Http404("partnership not found") from exc
    agreements = Agreement.objects.filter(partnership=partnership).prefetch_related(
        Prefetch("parties", queryset=Organization.objects.only("id"))
    )
    return {
        **_partnership(request, partnership),
        "description_en": partnership.description_en,
        "agreements": [
            {
                "id": a.pk,
                "title": a.title,
                "status": a.status,
                "signed_date": a.signed_date,
                "start_date": a.start_date,
                "end_date": a.end_date,
                "signatories": a.signatories,
                "renews": a.renews_id,
                "parties": [org.pk for org in a.parties.all()],
            }
            for a in agreements
        ],
        "focus_areas": [
            {
                "id": area.pk,
                "name": area.name,
                "name_en": area.name_en,
                "slug": area.slug,
                "description": area.description,
                "is_cross_sectoral": area.is_cross_sectoral,
                "leader": _person_ref(area.leader),
                "project_count": area.project_count,
            }
            for area in partnership.focus_areas.all()
        ],
        "elements": [
            {
                "id": element.pk,
                "name": element.name,
                "name_en": element.name_en,
                "slug": element.slug,
                "description": element.description,
                "project_count": element.project_count,
            }
            for element in partnership.elements.all()
        ],
        "bodies": [
            {
                "id": body.pk,
                "kind": body.kind,
                "name": body.name,
                "slug": body.slug,
                "mandate": body.mandate,
                "focus_area": body.focus_area_id,
                "memberships": [
                    {
                        "person": _person_ref(m.person),
                        "role": m.role,
                        "position_title": m.position_title,
                        "represents": _org_ref(m.represents),
                        "start_date": m.start_date,
                        "end_date": m.end_date,
                    }
                    for m in body.memberships.all()
                ],
            }
            for body in partnership.bodies.all()
        ],
    }


def _org_ref(organization: Organization | None) -> dict[str, Any] | None:
    if organization is None:
        return None
    return {
        "id": organization.pk,
        "name": organization.name,
        "orgnr": organization.orgnr,
        "slug": organization.slug,
    }


def _person_ref(person: Person | None) -> dict[str, Any] | None:
    if person is None:
        return None
    return {"id": person.pk, "name": person.full_name, "slug": person.slug}


def _partnership(request: HttpRequest, partnership: Partnership) -> dict[str, Any]:
    return {
        "id": partnership.pk,
        "slug": partnership.slug,
        "name": partnership.name,
        "short_name": partnership.short_name,
        "description": partnership.description,
        "website": partnership.website,
        "established": partnership.established,
        "is_public": partnership.is_public,
        "parties": [
            {"organization": _org_ref(link.organization), "role": link.role}
            for link in partnership.party_links.all()
        ],
        "url": absolute_url(request, partnership),
    }


def partnership_named(user: Any, slug: str, *, field: str = "partnership") -> Partnership:
    """For the write endpoints of every app: the partnership a request body names, or 422 on
    ``field`` "unknown partnership", the same for a hidden one as for one that does not exist."""
    from django.utils.translation import gettext as _

    from kunnskapsbro.core.api_errors import field_problem

    from .selectors import visible_partnership

    partnership = visible_partnership(user=user, slug=slug)
    if partnership is None:
        raise field_problem(field, _("Ukjent partnerskap «%(slug)s».") % {"slug": slug})
    return partnership
