"""Writes for the R&D portfolio. Pages, API, importers and commands all come through here.

Every service is keyword-only and atomic, validates with ``full_clean()`` and raises
``ValidationError`` keyed by field name, so the page and the API both point at the field.
The acting user is stamped on history rows (``_history_user``) and on transitions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kunnskapsbro.accounts import permissions
from kunnskapsbro.core.utils import apply_fields
from kunnskapsbro.organizations.models import Organization, OrgUnit, Person
from kunnskapsbro.partnerships.models import CrossCuttingElement, FocusArea, Partnership

from . import lifecycle
from .models import (
    FundingLine,
    IdentifierScheme,
    Project,
    ProjectIdentifier,
    ProjectLink,
    ProjectParticipant,
    ProjectPartner,
    ProjectStatus,
    StatusTransition,
)

User = AbstractBaseUser

PROJECT_FIELDS = {
    "title",
    "title_en",
    "acronym",
    "summary",
    "summary_en",
    "popular_summary",
    "popular_summary_en",
    "kind",
    "start_date",
    "end_date",
    "visibility",
    "keywords",
    "sdgs",
    "own_contribution_hours",
    "own_contribution_nok",
    "website",
    "source",
    "source_id",
}
FUNDING_FIELDS = {
    "funder",
    "programme",
    "grant_id",
    "status",
    "amount_applied",
    "amount_granted",
    "currency",
    "start_date",
    "end_date",
    "source",
    "source_id",
}


def _stamp(instance: Any, actor: Any) -> None:
    """Let django-simple-history record who made the change outside a web request."""
    if actor is not None and getattr(actor, "is_authenticated", False):
        instance._history_user = actor


def _normalize_keywords(value: Iterable[str] | str | None) -> list[str]:
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    seen: dict[str, str] = {}
    for item in items:
        word = " ".join(str(item).split())
        if word and word.lower() not in seen:
            seen[word.lower()] = word
    return list(seen.values())


def _normalize_sdgs(value: Iterable[int | str] | None) -> list[int]:
    result: set[int] = set()
    for item in value or []:
        try:
            number = int(item)
        except (TypeError, ValueError) as exc:
            raise ValidationError(
                {"sdgs": _("Bærekraftsmål angis med nummer 1–17 (fikk «%(v)s»).") % {"v": item}}
            ) from exc
        if not 1 <= number <= 17:
            raise ValidationError(
                {"sdgs": _("Bærekraftsmål angis med nummer 1–17 (fikk %(v)s).") % {"v": number}}
            )
        result.add(number)
    return sorted(result)


def _validate_dates(project: Project) -> None:
    if project.start_date and project.end_date and project.end_date < project.start_date:
        raise ValidationError(
            {
                "end_date": _("Sluttdato (%(end)s) kan ikke være før startdato (%(start)s).")
                % {
                    "end": project.end_date.strftime("%d.%m.%Y"),
                    "start": project.start_date.strftime("%d.%m.%Y"),
                }
            }
        )


def _check_scoped(
    *,
    partnership: Partnership,
    focus_areas: Sequence[FocusArea] | None,
    elements: Sequence[CrossCuttingElement] | None,
    municipal_units: Sequence[OrgUnit] | None,
) -> None:
    for area in focus_areas or []:
        if area.partnership_id != partnership.pk:
            raise ValidationError(
                {
                    "focus_areas": _("Fokusområdet «%(name)s» hører ikke til %(p)s.")
                    % {"name": area.name, "p": partnership}
                }
            )
    for element in elements or []:
        if element.partnership_id != partnership.pk:
            raise ValidationError(
                {
                    "elements": _("Det tverrgående elementet «%(name)s» hører ikke til %(p)s.")
                    % {"name": element.name, "p": partnership}
                }
            )
    for unit in municipal_units or []:
        if unit.organization.kind not in ("municipality", "county"):
            raise ValidationError(
                {
                    "municipal_units": _("«%(name)s» er ikke en kommunal enhet.")
                    % {"name": unit.name}
                }
            )


def _reindex(project: Project) -> None:
    """Keep the search document in the same transaction as the project, so they never disagree."""
    from kunnskapsbro.search.services import index_project

    index_project(project)


@transaction.atomic
def project_create(
    *,
    partnership: Partnership,
    title: str,
    actor: Any = None,
    status: str = ProjectStatus.IDEA,
    focus_areas: Sequence[FocusArea] = (),
    elements: Sequence[CrossCuttingElement] = (),
    municipal_units: Sequence[OrgUnit] = (),
    partners: Sequence[Mapping[str, Any]] = (),
    participants: Sequence[Mapping[str, Any]] = (),
    funding_lines: Sequence[Mapping[str, Any]] = (),
    identifiers: Mapping[str, str] | None = None,
    links: Sequence[Mapping[str, Any]] = (),
    **fields: Any,
) -> Project:
    """Register a project in a partnership's portfolio, with everything that belongs to it.

    ``status`` lets importers record where a project already is (e.g. ``completed``); the
    starting point is recorded as a transition from ``idea`` so the timeline is complete.
    """
    if partnership is not None:
        permissions.authorize(actor, permissions.can_create_project, partnership)
    if status not in ProjectStatus.values:
        raise ValidationError({"status": _("Ukjent status «%(s)s».") % {"s": status}})
    project = Project(partnership=partnership, title=title, status=status)
    fields["keywords"] = _normalize_keywords(fields.get("keywords"))
    fields["sdgs"] = _normalize_sdgs(fields.get("sdgs"))
    apply_fields(project, fields, PROJECT_FIELDS)
    if actor is not None and getattr(actor, "is_authenticated", False):
        project.created_by = actor
    project.status_changed_at = timezone.now()
    _validate_dates(project)
    _check_scoped(
        partnership=partnership,
        focus_areas=focus_areas,
        elements=elements,
        municipal_units=municipal_units,
    )
    project.full_clean()
    _stamp(project, actor)
    project.save()
    project.focus_areas.set(focus_areas)
    project.elements.set(elements)
    project.municipal_units.set(municipal_units)
    _sync_partners(project, partners, actor)
    _sync_participants(project, participants, actor)
    _sync_funding(project, funding_lines, actor)
    _sync_identifiers(project, identifiers or {}, actor)
    _sync_links(project, links, actor)
    if status != ProjectStatus.IDEA:
        transition = StatusTransition(
            project=project,
            from_status=ProjectStatus.IDEA,
            to_status=status,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            at=project.status_changed_at,
            comment=_("Registrert med status «%(s)s».") % {"s": project.get_status_display()},
        )
        transition.save()
    _reindex(project)
    return project


@transaction.atomic
def project_update(
    *,
    project: Project,
    actor: Any = None,
    data: Mapping[str, Any] | None = None,
    focus_areas: Sequence[FocusArea] | None = None,
    elements: Sequence[CrossCuttingElement] | None = None,
    municipal_units: Sequence[OrgUnit] | None = None,
    partners: Sequence[Mapping[str, Any]] | None = None,
    participants: Sequence[Mapping[str, Any]] | None = None,
    funding_lines: Sequence[Mapping[str, Any]] | None = None,
    identifiers: Mapping[str, str] | None = None,
    links: Sequence[Mapping[str, Any]] | None = None,
) -> Project:
    """Change a project. Collections passed (not None) replace the current ones.

    Status is not a field here: it changes only through ``project_transition``.
    """
    permissions.authorize(actor, permissions.can_edit_project, project)
    data = dict(data or {})
    if "status" in data:
        raise ValidationError(
            {"status": _("Status endres med en statusovergang, ikke ved redigering.")}
        )
    if "keywords" in data:
        data["keywords"] = _normalize_keywords(data["keywords"])
    if "sdgs" in data:
        data["sdgs"] = _normalize_sdgs(data["sdgs"])
    changed = apply_fields(project, data, PROJECT_FIELDS)
    _validate_dates(project)
    _check_scoped(
        partnership=project.partnership,
        focus_areas=focus_areas,
        elements=elements,
        municipal_units=municipal_units,
    )
    project.full_clean()
    if changed:
        _stamp(project, actor)
        project.save()
    if focus_areas is not None:
        project.focus_areas.set(focus_areas)
    if elements is not None:
        project.elements.set(elements)
    if municipal_units is not None:
        project.municipal_units.set(municipal_units)
    if partners is not None:
        _sync_partners(project, partners, actor)
    if participants is not None:
        _sync_participants(project, participants, actor)
    if funding_lines is not None:
        _sync_funding(project, funding_lines, actor)
    if identifiers is not None:
        _sync_identifiers(project, identifiers, actor)
    if links is not None:
        _sync_links(project, links, actor)
    if not changed and any(
        value is not None
        for value in (focus_areas, elements, municipal_units, partners, participants, funding_lines)
    ):
        # Related rows changed: bump updated_at so lists sorted by "last changed" see it.
        Project.objects.filter(pk=project.pk).update(updated_at=timezone.now())
    _reindex(project)
    return project


@transaction.atomic
def project_transition(
    *, project: Project, to_status: str, actor: Any = None, comment: str = ""
) -> StatusTransition:
    """Move a project along its lifecycle, refusing what the transition table does not allow."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    permissions.authorize(actor, permissions.can_transition, locked, to_status)
    return _transition(project=locked, to_status=to_status, actor=actor, comment=comment)


def _transition(
    *, project: Project, to_status: str, actor: Any, comment: str = ""
) -> StatusTransition:
    """The step itself, for callers that checked the actor's right (never a view)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    from_status = project.status
    comment = (comment or "").strip()
    if to_status not in ProjectStatus.values:
        raise ValidationError({"to": _("Ukjent status «%(s)s».") % {"s": to_status}})
    if not lifecycle.is_allowed(from_status, to_status):
        allowed = ", ".join(
            str(ProjectStatus(s).label) for s in lifecycle.allowed_targets(from_status)
        ) or _("ingen (prosjektet er avsluttet)")
        raise ValidationError(
            {
                "to": _(
                    "Et prosjekt med status «%(from)s» kan ikke gå til «%(to)s». "
                    "Mulige neste steg: %(allowed)s."
                )
                % {
                    "from": ProjectStatus(from_status).label,
                    "to": ProjectStatus(to_status).label,
                    "allowed": allowed,
                }
            }
        )
    if to_status in lifecycle.COMMENT_REQUIRED and not comment:
        raise ValidationError(
            {
                "comment": _("Skriv en begrunnelse når prosjektet får status «%(to)s».")
                % {"to": ProjectStatus(to_status).label}
            }
        )
    if to_status == ProjectStatus.ACTIVE and not project.start_date:
        raise ValidationError(
            {"start_date": _("Registrer startdato før prosjektet settes som pågående.")}
        )
    if to_status == ProjectStatus.COMPLETED and not project.end_date:
        raise ValidationError({"end_date": _("Registrer sluttdato før prosjektet avsluttes.")})
    now = timezone.now()
    project.status = to_status
    project.status_changed_at = now
    _stamp(project, actor)
    project._change_reason = comment[:100] if comment else ""
    project.save(update_fields=["status", "status_changed_at", "updated_at"])
    transition = StatusTransition(
        project=project,
        from_status=from_status,
        to_status=to_status,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=now,
        comment=comment,
    )
    _stamp(transition, actor)
    transition.save()
    return transition


# --- collections ------------------------------------------------------------------------


def _sync_partners(project: Project, partners: Sequence[Mapping[str, Any]], actor: Any) -> None:
    wanted: dict[tuple[int, str], Mapping[str, Any]] = {}
    for index, item in enumerate(partners):
        organization = item.get("organization")
        if not isinstance(organization, Organization):
            raise ValidationError(
                {
                    "partners": _("Partner %(n)s: velg en registrert organisasjon.")
                    % {"n": index + 1}
                }
            )
        role = item.get("role") or "partner"
        key = (organization.pk, role)
        if key in wanted:
            raise ValidationError(
                {
                    "partners": _("%(org)s er oppført to ganger med samme rolle.")
                    % {"org": organization}
                }
            )
        wanted[key] = item
    existing = {(p.organization_id, p.role): p for p in project.partners.all()}
    for key, row in existing.items():
        if key not in wanted:
            _stamp(row, actor)
            row.delete()
    for key, item in wanted.items():
        row = existing.get(key) or ProjectPartner(
            project=project, organization=item["organization"], role=key[1]
        )
        contribution = item.get("contribution")
        currency = item.get("currency") or "NOK"
        if row.pk and row.contribution == contribution and row.currency == currency:
            continue
        row.contribution = contribution
        row.currency = currency
        _full_clean_as(row, "partners")
        _stamp(row, actor)
        row.save()


def _sync_participants(
    project: Project, participants: Sequence[Mapping[str, Any]], actor: Any
) -> None:
    wanted: dict[tuple[int, str], Mapping[str, Any]] = {}
    for index, item in enumerate(participants):
        person = item.get("person")
        if not isinstance(person, Person):
            raise ValidationError(
                {"participants": _("Person %(n)s: velg en registrert person.") % {"n": index + 1}}
            )
        role = item.get("role") or "participant"
        key = (person.pk, role)
        if key in wanted:
            raise ValidationError(
                {"participants": _("%(p)s er oppført to ganger med samme rolle.") % {"p": person}}
            )
        wanted[key] = item
    existing = {(p.person_id, p.role): p for p in project.participants.all()}
    for key, row in existing.items():
        if key not in wanted:
            _stamp(row, actor)
            row.delete()
    for key, item in wanted.items():
        row = existing.get(key) or ProjectParticipant(
            project=project, person=item["person"], role=key[1]
        )
        organization = item.get("organization")
        if row.pk and row.organization == organization:
            continue
        row.organization = organization
        _full_clean_as(row, "participants")
        _stamp(row, actor)
        row.save()


def _sync_funding(project: Project, lines: Sequence[Mapping[str, Any]], actor: Any) -> None:
    existing = {line.pk: line for line in project.funding_lines.all()}
    keep: set[int] = set()
    for index, item in enumerate(lines):
        data = {k: v for k, v in item.items() if k != "id"}
        if not isinstance(data.get("funder"), Organization):
            raise ValidationError(
                {
                    "funding_lines": _("Finansiering %(n)s: velg en registrert finansiør.")
                    % {"n": index + 1}
                }
            )
        for amount_field in ("amount_applied", "amount_granted"):
            value = data.get(amount_field)
            if value is not None and Decimal(value) < 0:
                raise ValidationError(
                    {
                        "funding_lines": _("Finansiering %(n)s: beløp kan ikke være negativt.")
                        % {"n": index + 1}
                    }
                )
        line = existing.get(item.get("id")) if item.get("id") else None
        if line is None:
            line = FundingLine(project=project)
        changed = apply_fields(line, data, FUNDING_FIELDS)
        if line.start_date and line.end_date and line.end_date < line.start_date:
            raise ValidationError(
                {
                    "funding_lines": _("Finansiering %(n)s: sluttdato er før startdato.")
                    % {"n": index + 1}
                }
            )
        if line.pk and not changed:
            keep.add(line.pk)
            continue
        _full_clean_as(line, "funding_lines")
        _stamp(line, actor)
        line.save()
        keep.add(line.pk)
    for pk, line in existing.items():
        if pk not in keep:
            _stamp(line, actor)
            line.delete()


def _sync_identifiers(project: Project, identifiers: Mapping[str, str], actor: Any) -> None:
    cleaned = {scheme: str(value).strip() for scheme, value in identifiers.items() if value}
    for scheme, value in cleaned.items():
        if scheme not in IdentifierScheme.values:
            raise ValidationError(
                {"identifiers": _("Ukjent identifikatortype «%(s)s».") % {"s": scheme}}
            )
        clash = (
            ProjectIdentifier.objects.filter(scheme=scheme, value=value)
            .exclude(project=project)
            .select_related("project")
            .first()
        )
        if clash:
            raise ValidationError(
                {
                    "identifiers": _(
                        "%(scheme)s %(value)s er allerede registrert på prosjektet «%(title)s»."
                    )
                    % {
                        "scheme": IdentifierScheme(scheme).label,
                        "value": value,
                        "title": clash.project.title,
                    }
                }
            )
    existing = {row.scheme: row for row in project.identifiers.all()}
    for scheme, row in existing.items():
        if scheme not in cleaned:
            _stamp(row, actor)
            row.delete()
    for scheme, value in cleaned.items():
        row = existing.get(scheme)
        if row and row.value == value:
            continue
        row = row or ProjectIdentifier(project=project, scheme=scheme)
        row.value = value
        _full_clean_as(row, "identifiers")
        _stamp(row, actor)
        row.save()


def _sync_links(project: Project, links: Sequence[Mapping[str, Any]], actor: Any) -> None:
    existing = {row.url: row for row in project.links.all()}
    wanted = {item["url"]: item for item in links if item.get("url")}
    for url, row in existing.items():
        if url not in wanted:
            _stamp(row, actor)
            row.delete()
    for url, item in wanted.items():
        row = existing.get(url) or ProjectLink(project=project, url=url)
        label = item.get("label", "")
        if row.pk and row.label == label:
            continue
        row.label = label
        _full_clean_as(row, "links")
        _stamp(row, actor)
        row.save()


def _full_clean_as(instance: Any, field: str) -> None:
    """Validate a child row, reporting its errors under the parent collection's name."""
    try:
        instance.full_clean(exclude=["project"])
    except ValidationError as exc:
        messages = [f"{name}: {'; '.join(errs)}" for name, errs in exc.message_dict.items()]
        raise ValidationError({field: messages}) from exc


# --- relevance assessment and outcomes in practice (issue 5) ---------------------------------


@transaction.atomic
def relevance_assess(
    *,
    project: Project,
    unit: OrgUnit,
    relevance: int,
    recommendation: str,
    actor: Any = None,
    plan_goal: Any = None,
    plan_goal_text: str = "",
    staff_hours: Decimal | None = None,
    months: int | None = None,
    students_collecting_data: int | None = None,
    comment: str = "",
    advance: bool = False,
) -> Any:
    """A municipal unit's relevance and capacity assessment: the lifecycle's `assessment` step.

    Allowed while the project is in ``assessment``; a second assessment by the same unit
    replaces the first (history keeps both). With ``advance`` the project moves on at once:
    to ``preparing`` when the unit recommends taking part, to ``declined`` when it does not.
    Capacity is a warning, never a refusal: read it with ``selectors.capacity_warnings``.
    """
    from .models import Recommendation, RelevanceAssessment

    permissions.authorize(actor, permissions.can_assess_relevance, project, unit)
    if project.status != ProjectStatus.ASSESSMENT:
        raise ValidationError(
            {
                "project": _(
                    "Relevans vurderes mens prosjektet har status «%(s)s»; dette prosjektet "
                    "har status «%(now)s»."
                )
                % {"s": ProjectStatus.ASSESSMENT.label, "now": project.get_status_display()}
            }
        )
    if unit.organization.kind not in ("municipality", "county"):
        raise ValidationError({"unit": _("«%(name)s» er ikke en kommunal enhet.") % {"name": unit}})
    if plan_goal is not None and plan_goal.partnership_id != project.partnership_id:
        raise ValidationError({"plan_goal": _("Målet hører til et annet partnerskap.")})
    comment = (comment or "").strip()
    if recommendation in (Recommendation.PARTICIPATE_WITH_CONDITIONS, Recommendation.DECLINE) and (
        not comment
    ):
        raise ValidationError(
            {
                "comment": _("Skriv vilkårene for å delta.")
                if recommendation == Recommendation.PARTICIPATE_WITH_CONDITIONS
                else _("Skriv hvorfor enheten ikke bør delta.")
            }
        )
    assessment = RelevanceAssessment.objects.filter(project=project, unit=unit).first()
    if assessment is None:
        assessment = RelevanceAssessment(project=project, unit=unit)
    assessment.relevance = relevance
    assessment.recommendation = recommendation
    assessment.plan_goal = plan_goal
    assessment.plan_goal_text = (plan_goal_text or "").strip()
    assessment.staff_hours = staff_hours
    assessment.months = months
    assessment.students_collecting_data = students_collecting_data
    assessment.comment = comment
    assessment.assessed_by = actor if getattr(actor, "is_authenticated", False) else None
    assessment.assessed_at = timezone.now()
    assessment.full_clean()
    _stamp(assessment, actor)
    assessment.save()
    if advance:
        # The unit's assessment with «gå videre» is the assessment decision for its unit: the
        # right checked above (can_assess_relevance) covers this one step.
        declined = recommendation == Recommendation.DECLINE
        _transition(
            project=project,
            to_status=ProjectStatus.DECLINED if declined else ProjectStatus.PREPARING,
            actor=actor,
            comment=_("Relevansvurdering fra %(unit)s: %(r)s/5, %(rec)s. %(c)s")
            % {
                "unit": unit.name,
                "r": relevance,
                "rec": assessment.get_recommendation_display().lower(),
                "c": comment,
            },
        )
        project.refresh_from_db()
    return assessment


@transaction.atomic
def outcome_create(
    *,
    project: Project,
    kind: str,
    description: str,
    date: Any,
    actor: Any = None,
    unit: OrgUnit | None = None,
    evidence: str = "",
    evidence_url: str = "",
    effect_goal: Any = None,
) -> Any:
    """Record what changed in the municipality because of a project (an outcome in practice)."""
    from .models import OutcomeInPractice

    permissions.authorize(actor, permissions.can_assess_relevance, project, unit)
    if effect_goal is not None:
        if effect_goal.kind != "effect":
            raise ValidationError({"effect_goal": _("Velg et effektmål (ikke et resultatmål).")})
        if effect_goal.partnership_id != project.partnership_id:
            raise ValidationError({"effect_goal": _("Målet hører til et annet partnerskap.")})
    if unit is not None and unit.organization.kind not in ("municipality", "county"):
        raise ValidationError({"unit": _("«%(name)s» er ikke en kommunal enhet.") % {"name": unit}})
    if date is not None and date > timezone.localdate():
        raise ValidationError({"date": _("Datoen kan ikke være fram i tid.")})
    outcome = OutcomeInPractice(
        project=project,
        kind=kind,
        description=(description or "").strip(),
        date=date,
        unit=unit,
        evidence=(evidence or "").strip(),
        evidence_url=evidence_url or "",
        effect_goal=effect_goal,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    outcome.full_clean()
    _stamp(outcome, actor)
    outcome.save()
    return outcome
