"""Writes for partnerships, agreements, focus areas, elements and governance bodies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kunnskapsbro.accounts import permissions
from kunnskapsbro.core.utils import apply_fields, unique_slug
from kunnskapsbro.organizations.models import Organization, Person

from .models import (
    Agreement,
    CrossCuttingElement,
    FocusArea,
    GovernanceBody,
    Membership,
    Partnership,
    PartnershipParty,
)


@transaction.atomic
def partnership_create(
    *, name: str, slug: str = "", short_name: str = "", **fields: Any
) -> Partnership:
    """Start a partnership (universitetskommune); parties are added with partnership_add_party."""
    partnership = Partnership(name=name, short_name=short_name)
    apply_fields(
        partnership,
        fields,
        {"description", "description_en", "website", "established", "is_public"},
    )
    partnership.slug = slug or unique_slug(Partnership, short_name or name)
    partnership.full_clean()
    partnership.save()
    return partnership


@transaction.atomic
def partnership_update(*, partnership: Partnership, data: dict[str, Any]) -> Partnership:
    """Change a partnership's name, description and public flag."""
    allowed = {
        "name",
        "short_name",
        "description",
        "description_en",
        "website",
        "established",
        "is_public",
    }
    if apply_fields(partnership, data, allowed):
        partnership.full_clean()
        partnership.save()
    return partnership


@transaction.atomic
def partnership_add_party(
    *, partnership: Partnership, organization: Organization, role: str, order: int = 0
) -> PartnershipParty:
    """Make an organisation a party to the partnership."""
    if PartnershipParty.objects.filter(partnership=partnership, organization=organization).exists():
        raise ValidationError(
            {"organization": _("%(org)s er allerede part i partnerskapet.") % {"org": organization}}
        )
    party = PartnershipParty(
        partnership=partnership, organization=organization, role=role, order=order
    )
    party.full_clean()
    party.save()
    return party


@transaction.atomic
def agreement_create(
    *,
    partnership: Partnership,
    title: str,
    status: str,
    signed_date: dt.date | None = None,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    signatories: str = "",
    renews: Agreement | None = None,
    parties: list[Organization] | None = None,
    notes: str = "",
) -> Agreement:
    """Record an agreement or a renewal of one (``renews``) with its period."""
    if start_date and end_date and end_date < start_date:
        raise ValidationError({"end_date": _("Avtalen kan ikke slutte før den begynner.")})
    if renews is not None and renews.partnership_id != partnership.pk:
        raise ValidationError(
            {"renews": _("Avtalen som forlenges hører til et annet partnerskap.")}
        )
    agreement = Agreement(
        partnership=partnership,
        title=title,
        status=status,
        signed_date=signed_date,
        start_date=start_date,
        end_date=end_date,
        signatories=signatories,
        renews=renews,
        notes=notes,
    )
    agreement.full_clean()
    agreement.save()
    if parties:
        agreement.parties.set(parties)
    return agreement


@transaction.atomic
def focus_area_create(
    *,
    partnership: Partnership,
    name: str,
    name_en: str = "",
    description: str = "",
    is_cross_sectoral: bool = False,
    order: int = 0,
    leader: Person | None = None,
) -> FocusArea:
    """Add a focus area (fokusområde) to the partnership."""
    area = FocusArea(
        partnership=partnership,
        name=name,
        name_en=name_en,
        description=description,
        is_cross_sectoral=is_cross_sectoral,
        order=order,
        leader=leader,
        slug=unique_slug(FocusArea, name, scope={"partnership": partnership}),
    )
    area.full_clean()
    area.save()
    return area


@transaction.atomic
def element_create(
    *, partnership: Partnership, name: str, name_en: str = "", description: str = "", order: int = 0
) -> CrossCuttingElement:
    """Add a cross-cutting element (tverrgående element)."""
    element = CrossCuttingElement(
        partnership=partnership,
        name=name,
        name_en=name_en,
        description=description,
        order=order,
        slug=unique_slug(CrossCuttingElement, name, scope={"partnership": partnership}),
    )
    element.full_clean()
    element.save()
    return element


def _authorize_body(actor: Any, partnership_id: int) -> None:
    """Bodies and their members are partnership-wide records (coordinators, administrators);
    the acting user is refused (PermissionDenied) otherwise and stamped on the history."""
    permissions.authorize(actor, permissions.can_edit_partnership_content, partnership_id)


def _save_stamped(instance: GovernanceBody | Membership, actor: Any) -> None:
    instance.full_clean()
    if actor is not None and getattr(actor, "is_authenticated", False):
        instance._history_user = actor  # type: ignore[union-attr,attr-defined]
    instance.save()


@transaction.atomic
def body_create(
    *,
    partnership: Partnership,
    kind: str,
    name: str,
    focus_area: FocusArea | None = None,
    mandate: str = "",
    actor: Any = None,
) -> GovernanceBody:
    """Add a governance body (styringsgruppe, innovasjonsutvalg, ...)."""
    _authorize_body(actor, partnership.pk)
    if focus_area is not None and focus_area.partnership_id != partnership.pk:
        raise ValidationError({"focus_area": _("Fokusområdet hører til et annet partnerskap.")})
    body = GovernanceBody(
        partnership=partnership,
        kind=kind,
        name=name,
        focus_area=focus_area,
        mandate=mandate,
        slug=unique_slug(GovernanceBody, name, scope={"partnership": partnership}),
    )
    _save_stamped(body, actor)
    return body


@transaction.atomic
def membership_create(
    *,
    body: GovernanceBody,
    person: Person,
    role: str,
    position_title: str = "",
    represents: Organization | None = None,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    actor: Any = None,
) -> Membership:
    """Seat a person in a governance body with a role and term."""
    _authorize_body(actor, body.partnership_id)
    if start_date and end_date and end_date < start_date:
        raise ValidationError({"end_date": _("Perioden kan ikke slutte før den begynner.")})
    membership = Membership(
        body=body,
        person=person,
        role=role,
        position_title=position_title,
        represents=represents,
        start_date=start_date,
        end_date=end_date,
    )
    _save_stamped(membership, actor)
    return membership


@transaction.atomic
def body_update(*, body: GovernanceBody, data: dict[str, Any], actor: Any = None) -> GovernanceBody:
    """Change a governance body's kind, name, focus area or mandate."""
    _authorize_body(actor, body.partnership_id)
    focus_area = data.get("focus_area")
    if focus_area is not None and focus_area.partnership_id != body.partnership_id:
        raise ValidationError({"focus_area": _("Fokusområdet hører til et annet partnerskap.")})
    if apply_fields(body, data, {"kind", "name", "focus_area", "mandate"}):
        _save_stamped(body, actor)
    return body


@transaction.atomic
def membership_update(
    *, membership: Membership, data: dict[str, Any], actor: Any = None
) -> Membership:
    """Change a member's role, title, whom they represent or their term (end it with end_date)."""
    _authorize_body(actor, membership.body.partnership_id)
    allowed = {"role", "position_title", "represents", "start_date", "end_date"}
    if apply_fields(membership, data, allowed):
        if (
            membership.start_date
            and membership.end_date
            and membership.end_date < membership.start_date
        ):
            raise ValidationError({"end_date": _("Perioden kan ikke slutte før den begynner.")})
        _save_stamped(membership, actor)
    return membership
