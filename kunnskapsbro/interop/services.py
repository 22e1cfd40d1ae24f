"""Writes for imports: create a job, preview it, commit it all-or-nothing; merge duplicates.

Importers only parse. Here the parsed records are matched against what is stored (projects by
source + source id, then by identifier; organisations by orgnr, ROR/Cristin/PIC, name), compared
value by value (so a re-import counts «unchanged» and writes nothing), and written through the
organisations' and projects' own services inside one transaction.

A project that came from another source (or was registered by hand) is only *added to*: its
empty fields are filled and new partners, funding lines and identifiers attached; nothing a
person wrote is overwritten by a registry.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kunnskapsbro.accounts import permissions
from kunnskapsbro.organizations import services as organization_services
from kunnskapsbro.organizations.models import Organization, Person
from kunnskapsbro.partnerships.models import Partnership
from kunnskapsbro.projects import lifecycle
from kunnskapsbro.projects import services as project_services
from kunnskapsbro.projects.models import (
    FundingLine,
    Project,
    ProjectStatus,
    StatusTransition,
)

from . import bulk, selectors
from .importers import ImportFileError, parser_for
from .importers.base import (
    MAX_BYTES,
    OrgRef,
    ParseResult,
    ProjectRecord,
    RowError,
    check_size,
)
from .models import ImportFormat, ImportJob, ImportStatus

PREVIEW_LIMIT = 500
# Fields a registry may overwrite on a project it owns (same source).
OWNED_FIELDS = ("title", "acronym", "summary", "kind", "start_date", "end_date", "website")
ProgressCallback = Callable[[int], None]


def _stamp(instance: Any, actor: Any) -> None:
    if actor is not None and getattr(actor, "is_authenticated", False):
        instance._history_user = actor


# --- jobs --------------------------------------------------------------------------------


@transaction.atomic
def import_job_create(
    *,
    fmt: str,
    data: bytes,
    filename: str,
    partnership: Partnership,
    actor: Any = None,
    extra_data: bytes | None = None,
    extra_filename: str = "",
    mapping: dict[str, str] | None = None,
) -> ImportJob:
    """Store an uploaded file as a job; refuses unknown formats and files over the size cap."""
    if partnership is not None:
        permissions.authorize(actor, permissions.can_manage_imports, partnership)
    if fmt not in ImportFormat.values:
        raise ValidationError(
            {
                "format": _("Ukjent format «%(f)s». Velg et av: %(all)s.")
                % {"f": fmt, "all": ", ".join(ImportFormat.values)}
            }
        )
    if not data:
        raise ValidationError({"file": _("Filen er tom.")})
    try:
        check_size(data)
        if extra_data:
            check_size(extra_data)
    except ImportFileError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    job = ImportJob(
        format=fmt,
        partnership=partnership,
        source=fmt if fmt not in ("xlsx", "csv") else "spreadsheet",
        original_name=filename[:255],
        mapping=mapping or {},
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    job.file.save(filename or f"import.{fmt}", ContentFile(data), save=False)
    if extra_data:
        job.extra_file.save(extra_filename or "extra", ContentFile(extra_data), save=False)
    job.full_clean()
    _stamp(job, actor)
    job.save()
    return job


# The last parses, so a commit right after its preview in the same process (the command, the
# API, the bench) does not read the file twice. Keyed by the file's bytes and the mapping, so a
# changed mapping or file parses again; another process simply parses again.
_PARSED: OrderedDict[tuple[Any, ...], ParseResult] = OrderedDict()
_PARSED_KEEP = 2
_PARSED_LOCK = threading.Lock()


def _parse(job: ImportJob) -> ParseResult:
    with job.file.open("rb") as handle:
        data = handle.read()
    options: dict[str, Any] = {"fmt": job.format, "mapping": job.mapping or None}
    extra = b""
    if job.extra_file:
        with job.extra_file.open("rb") as handle:
            extra = handle.read()
            options["extra"] = extra
    key = (
        job.pk,
        job.format,
        hashlib.sha256(data).hexdigest(),
        hashlib.sha256(extra).hexdigest(),
        json.dumps(job.mapping or {}, sort_keys=True),
        translation.get_language(),
    )
    with _PARSED_LOCK:
        cached = _PARSED.get(key)
    if cached is not None:
        return cached
    result = parser_for(job.format)(data, **options)
    with _PARSED_LOCK:
        _PARSED[key] = result
        while len(_PARSED) > _PARSED_KEEP:
            _PARSED.popitem(last=False)
    return result


@transaction.atomic
def import_job_set_mapping(
    *, job: ImportJob, mapping: dict[str, str], actor: Any = None
) -> ImportJob:
    """Tell a spreadsheet job which of the file's columns holds which of our fields."""
    permissions.authorize(actor, permissions.can_manage_imports, job.partnership_id)
    if job.status == ImportStatus.COMMITTED:
        raise ValidationError({"mapping": _("Importen er allerede gjennomført.")})
    unknown = [h for h in mapping.values() if h and h not in job.headers]
    if job.headers and unknown:
        raise ValidationError(
            {"mapping": _("Kolonnen «%(c)s» finnes ikke i filen.") % {"c": unknown[0]}}
        )
    job.mapping = {k: v for k, v in mapping.items() if v}
    job.status = ImportStatus.UPLOADED
    _stamp(job, actor)
    job.save(update_fields=["mapping", "status", "updated_at"])
    return job


def import_job_preview(*, job: ImportJob, actor: Any = None) -> ImportJob:
    """Parse, validate every row and work out what a commit would do; writes only the job."""
    permissions.authorize(actor, permissions.can_manage_imports, job.partnership_id)
    started = time.perf_counter()
    try:
        parsed = _parse(job)
    except ImportFileError as exc:
        parsed = ParseResult(errors=[RowError(0, "", str(exc))])
    job.headers = parsed.headers
    job.row_count = parsed.row_count
    errors = list(parsed.errors)
    plan = Plan()
    if not errors:
        plan = _plan(parsed.records, job.partnership)
        errors = plan.errors
    _record_outcome(job, plan, errors)
    job.status = ImportStatus.FAILED if errors else ImportStatus.PREVIEWED
    job.duration_seconds = round(time.perf_counter() - started, 3)
    _stamp(job, actor)
    job.save()
    return job


def import_job_commit(
    *, job: ImportJob, actor: Any = None, progress: ProgressCallback | None = None
) -> ImportJob:
    """Write the whole file in one transaction, or nothing: any error rolls every row back."""
    job.refresh_from_db()
    permissions.authorize(actor, permissions.can_manage_imports, job.partnership_id)
    if job.status == ImportStatus.COMMITTED:
        raise ValidationError({"status": _("Denne importen er allerede gjennomført.")})
    if job.status not in (ImportStatus.PREVIEWED, ImportStatus.COMMITTING):
        raise ValidationError(
            {"status": _("Forhåndsvis importen og rett alle feil før du importerer.")}
        )
    started = time.perf_counter()
    try:
        parsed = _parse(job)
    except ImportFileError as exc:
        parsed = ParseResult(errors=[RowError(0, "", str(exc))])
    errors = list(parsed.errors)
    plan = Plan()
    if not errors:
        try:
            with transaction.atomic():
                plan = _plan(parsed.records, job.partnership)
                if plan.errors:
                    raise _Rollback
                _apply(plan, job.partnership, actor, progress)
        except _Rollback:
            pass
        except _RowFailure as failure:
            plan.errors.append(failure.error)
        except bulk.RowErrors as failure:
            plan.errors.extend(failure.errors)
        except (IntegrityError, ValidationError) as exc:
            # Something the plan could not foresee (another import stored the same identifier a
            # moment ago): the transaction is rolled back and the job says what happened.
            detail = _messages(exc) if isinstance(exc, ValidationError) else str(exc)
            plan.errors.append(
                RowError(
                    0, "", _("Lagringen ble avbrutt, og ingenting er lagret: %(e)s") % {"e": detail}
                )
            )
        errors = plan.errors
    _record_outcome(job, plan, errors)
    job.duration_seconds = round(time.perf_counter() - started, 3)
    if errors:
        job.status = ImportStatus.FAILED
    else:
        job.status = ImportStatus.COMMITTED
        job.committed_at = timezone.now()
        job.progress = 100
    _stamp(job, actor)
    job.save()
    return job


def import_job_enqueue_commit(*, job: ImportJob, actor: Any = None) -> ImportJob:
    """Commit in the background (large files); the page polls ``progress``."""
    permissions.authorize(actor, permissions.can_manage_imports, job.partnership_id)
    from .tasks import import_commit_task

    if not job.can_commit:
        raise ValidationError(
            {"status": _("Forhåndsvis importen og rett alle feil før du importerer.")}
        )
    job.status = ImportStatus.COMMITTING
    job.progress = 0
    _stamp(job, actor)
    job.save(update_fields=["status", "progress", "updated_at"])
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    result = import_commit_task.enqueue(job.pk, actor_id)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.task_id = str(result.id)
    return job


def import_job_set_progress(*, job_id: int, percent: int) -> None:
    """Record a running commit's progress where pollers can see it.

    The commit is one transaction, so a progress column written inside it would stay invisible
    until the end; the cache is outside it (shared between processes when Redis is configured).
    """
    cache.set(progress_key(job_id), max(0, min(100, percent)), timeout=3600)


def progress_key(job_id: int) -> str:
    return f"interop:import-progress:{job_id}"


def _record_outcome(job: ImportJob, plan: Plan, errors: list[RowError]) -> None:
    job.errors = [e.as_dict() for e in sorted(errors, key=lambda e: (e.row, e.column))]
    job.error_count = len(errors)
    job.created_count = plan.count("created")
    job.updated_count = plan.count("updated")
    job.unchanged_count = plan.count("unchanged")
    job.organizations_created = len(plan.new_orgs)
    job.preview = [item.as_dict() for item in plan.items[:PREVIEW_LIMIT]]


# --- planning ----------------------------------------------------------------------------


class _Rollback(Exception):
    pass


class _RowFailure(Exception):
    def __init__(self, error: RowError) -> None:
        super().__init__(error.message)
        self.error = error


@dataclass
class PlanItem:
    record: ProjectRecord
    action: str  # created | updated | unchanged
    project: Project | None = None
    owned: bool = True
    changes: list[str] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    new_status: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.record.row,
            "action": self.action,
            "source_id": self.record.source_id,
            "title": self.record.fields.get("title", ""),
            "project_id": self.project.pk if self.project else None,
            "changes": self.changes,
            "possible_duplicates": self.duplicates,
        }


@dataclass
class Plan:
    items: list[PlanItem] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    new_orgs: dict[tuple[str, str], OrgRef] = field(default_factory=dict)
    organizations: selectors.OrganizationIndex | None = None
    people: dict[str, Person] = field(default_factory=dict)
    # (scheme, value) -> id of the stored project that carries it
    claimed: dict[tuple[str, str], int] = field(default_factory=dict)

    def index(self) -> selectors.OrganizationIndex:
        if self.organizations is None:
            self.organizations = selectors.OrganizationIndex()
        return self.organizations

    def count(self, action: str) -> int:
        return sum(1 for item in self.items if item.action == action)


def _org_key(ref: OrgRef) -> tuple[str, str]:
    from .importers.base import normalize_name

    for kind, value in (
        ("orgnr", ref.orgnr),
        ("ror", ref.ror_id),
        ("cristin", ref.cristin_id),
        ("pic", ref.cordis_pic),
    ):
        if value:
            return (kind, value)
    return ("name", normalize_name(ref.name))


def _plan(records: list[ProjectRecord], partnership: Partnership) -> Plan:
    plan = Plan(organizations=selectors.OrganizationIndex())
    stored = selectors.projects_for_records(records)
    plan.claimed = {key: project.pk for key, project in stored["by_identifier"].items()}
    similar = selectors.similar_projects_for_records(
        [r for r in records if (r.source, r.source_id) not in stored["by_source"]]
    )
    plan.people = selectors.person_index(
        p.cristin_person_id for r in records for p in r.participants
    )
    seen: dict[tuple[str, str], int] = {}
    for record in records:
        key = (record.source, record.source_id)
        if key in seen:
            plan.errors.append(
                RowError(
                    record.row,
                    "ID",
                    _("Samme ID («%(id)s») som rad %(other)s.")
                    % {"id": record.source_id, "other": seen[key]},
                )
            )
            continue
        seen[key] = record.row
        for ref in _refs(record):
            if plan.organizations.find(ref) is None:
                plan.new_orgs.setdefault(_org_key(ref), ref)
        project = stored["by_source"].get(key)
        owned = project is not None
        if project is None:
            for scheme, value in record.identifiers.items():
                project = stored["by_identifier"].get((scheme, value))
                if project is not None:
                    break
        if project is not None and project.partnership_id != partnership.pk and not owned:
            project = None  # another partnership's project: create ours, flagged as a duplicate
        if project is not None:
            clash = _identifier_clash(record, project, stored)
            if clash:
                plan.errors.append(clash)
                continue
        item = _diff(record, project, owned, plan)
        if item.action == "created":
            item.duplicates = similar.get(record.row, [])[:5]
            if project is None:
                for scheme, value in record.identifiers.items():
                    other = stored["by_identifier"].get((scheme, value))
                    if other is not None and other.pk not in item.duplicates:
                        item.duplicates.append(other.pk)
        plan.items.append(item)
    return plan


def _identifier_clash(
    record: ProjectRecord, project: Project, stored: dict[str, Any]
) -> RowError | None:
    for scheme, value in record.identifiers.items():
        other = stored["by_identifier"].get((scheme, value))
        if other is not None and other.pk != project.pk:
            return RowError(
                record.row,
                scheme,
                _("%(v)s er allerede registrert på et annet prosjekt («%(t)s»).")
                % {"v": value, "t": other.title},
            )
    return None


def _refs(record: ProjectRecord) -> list[OrgRef]:
    refs = [p.org for p in record.partners] + [f.funder for f in record.funding]
    refs += [p.org for p in record.participants if p.org is not None]
    return refs


def _diff(record: ProjectRecord, project: Project | None, owned: bool, plan: Plan) -> PlanItem:
    if project is None:
        return PlanItem(record=record, action="created")
    item = PlanItem(record=record, action="unchanged", project=project, owned=owned)
    data: dict[str, Any] = {}
    for name, value in record.fields.items():
        if name in ("visibility", "keywords"):
            continue  # set when created; afterwards they are the partnership's to curate
        current = getattr(project, name)
        if owned and name in OWNED_FIELDS:
            if current != value and not (value in (None, "") and current in (None, "")):
                data[name] = value
        elif current in (None, "") and value not in (None, ""):
            data[name] = value
    item.data = data
    item.changes = sorted(data)
    orgs = plan.index()
    existing_partners = {(p.organization_id, p.role): p for p in project.partners.all()}
    if any(orgs.find(partner.org) is None for partner in record.partners):
        item.changes.append("partners")  # a partner organisation the import will create
    for key, (_org, contribution, currency) in _resolved_partners(record, orgs).items():
        if "partners" in item.changes:
            break
        current = existing_partners.get(key)
        if current is None or (
            owned and (current.contribution != contribution or current.currency != currency)
        ):
            item.changes.append("partners")
            break
    lines = {(f.funder_id, f.grant_id): f for f in project.funding_lines.all()}
    for line in record.funding:
        org = orgs.find(line.funder)
        current = lines.get((org.pk, line.grant_id)) if org else None
        if current is None or (owned and _funding_differs(current, line)):
            item.changes.append("funding_lines")
            break
    have = {i.scheme for i in project.identifiers.all()}
    if any(scheme not in have for scheme in record.identifiers):
        item.changes.append("identifiers")
    people = {(p.person_id, p.role) for p in project.participants.all()}
    named = (
        {(p.person.first_name, p.person.last_name, p.role) for p in project.participants.all()}
        if record.participants
        else set()
    )
    for participant in record.participants:
        if not participant.cristin_person_id:
            if (participant.first_name, participant.last_name, participant.role) in named:
                continue
            item.changes.append("participants")
            break
        person = plan.people.get(participant.cristin_person_id)
        if person is None or (person.pk, participant.role) not in people:
            item.changes.append("participants")
            break
    if (
        owned
        and record.status != project.status
        and lifecycle.is_allowed(project.status, record.status)
        and _status_ready(record.status, project, data)
    ):
        item.new_status = record.status
        item.changes.append("status")
    if item.changes:
        item.action = "updated"
    return item


def _funding_differs(current: FundingLine, line: Any) -> bool:
    return any(
        getattr(current, name) != getattr(line, name)
        for name in (
            "programme",
            "status",
            "amount_applied",
            "amount_granted",
            "currency",
            "start_date",
            "end_date",
        )
    )


def _status_ready(status: str, project: Project, data: dict[str, Any]) -> bool:
    start = data.get("start_date", project.start_date)
    end = data.get("end_date", project.end_date)
    if status == ProjectStatus.ACTIVE and not start:
        return False
    return not (status == ProjectStatus.COMPLETED and not end)


# --- applying ----------------------------------------------------------------------------


def _apply(
    plan: Plan, partnership: Partnership, actor: Any, progress: ProgressCallback | None
) -> None:
    """Write the plan: new organisations and projects in bulk, changed projects one by one
    through the projects' services, then the search index for all of them in bulk."""
    bulk.create_organizations(plan, actor)
    if progress:
        progress(5)
    created = [item for item in plan.items if item.action == "created"]
    updated = [item for item in plan.items if item.action == "updated"]
    created_ids = bulk.create_projects(
        created,
        partnership=partnership,
        plan=plan,
        actor=actor,
        claimed_identifiers=plan.claimed,
        progress=progress,
    )
    # Field and status changes in bulk; changed partners, funding, people or identifiers
    # replace collections, which projects.services does one project at a time.
    in_bulk = [item for item in updated if not bulk.COLLECTIONS & set(item.changes)]
    one_by_one = [item for item in updated if bulk.COLLECTIONS & set(item.changes)]
    updated_ids = bulk.update_projects(in_bulk, actor=actor, progress=progress)
    step = max(1, len(one_by_one) // 20)
    for index, item in enumerate(one_by_one):
        try:
            _apply_item(item, partnership, actor, plan)
        except ValidationError as exc:
            column = next(iter(exc.message_dict), "") if hasattr(exc, "error_dict") else ""
            raise _RowFailure(RowError(item.record.row, column, _messages(exc))) from exc
        if progress and index % step == 0:
            progress(90 + int(index * 5 / len(one_by_one)))
    bulk.reindex([*created_ids, *updated_ids])


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    return " ".join(exc.messages)


def _resolved_partners(
    record: ProjectRecord, orgs: selectors.OrganizationIndex
) -> dict[tuple[int, str], tuple[Organization, Decimal | None, str]]:
    """Partners by (organisation, role); two entries naming one organisation are summed."""
    result: dict[tuple[int, str], tuple[Organization, Decimal | None, str]] = {}
    for partner in record.partners:
        org = orgs.find(partner.org)
        if org is None:  # pragma: no cover (created before the projects are written)
            continue
        key = (org.pk, partner.role)
        if key in result and partner.contribution is not None:
            _org, total, currency = result[key]
            result[key] = (org, (total or Decimal("0")) + partner.contribution, currency)
        else:
            result.setdefault(key, (org, partner.contribution, partner.currency))
    return result


def _partners(item: PlanItem, plan: Plan) -> list[dict[str, Any]]:
    orgs = plan.index()
    wanted: dict[tuple[int, str], dict[str, Any]] = {}
    if item.project is not None:
        for p in item.project.partners.all():
            wanted[(p.organization_id, p.role)] = {
                "organization": p.organization,
                "role": p.role,
                "contribution": p.contribution,
                "currency": p.currency,
            }
    for key, (org, contribution, currency) in _resolved_partners(item.record, orgs).items():
        if key in wanted and not item.owned:
            continue
        wanted[key] = {
            "organization": org,
            "role": key[1],
            "contribution": contribution,
            "currency": currency,
        }
    return list(wanted.values())


def _funding(item: PlanItem, plan: Plan) -> list[dict[str, Any]]:
    orgs = plan.index()
    lines: dict[Any, dict[str, Any]] = {}
    if item.project is not None:
        for f in item.project.funding_lines.all():
            lines[(f.funder_id, f.grant_id)] = {"id": f.pk, "funder": f.funder}
    for line in item.record.funding:
        org = orgs.find(line.funder)
        key = (org.pk, line.grant_id)
        if key in lines and not item.owned:
            continue
        entry = lines.get(key, {})
        entry.update(
            {
                "funder": org,
                "programme": line.programme[:300],
                "grant_id": line.grant_id,
                "status": line.status,
                "amount_applied": line.amount_applied,
                "amount_granted": line.amount_granted,
                "currency": line.currency,
                "start_date": line.start_date,
                "end_date": line.end_date,
                "source": item.record.source,
                "source_id": line.grant_id,
            }
        )
        lines[key] = entry
    return list(lines.values())


def _participants(item: PlanItem, plan: Plan, actor: Any) -> list[dict[str, Any]]:
    orgs = plan.index()
    wanted: dict[tuple[int, str], dict[str, Any]] = {}
    if item.project is not None:
        for p in item.project.participants.all():
            wanted[(p.person_id, p.role)] = {
                "person": p.person,
                "role": p.role,
                "organization": p.organization,
            }
    named = {(v["person"].first_name, v["person"].last_name, k[1]) for k, v in wanted.items()}
    for participant in item.record.participants:
        if not participant.cristin_person_id and (
            (participant.first_name, participant.last_name, participant.role) in named
        ):
            continue  # no id to match on: the same name in the same role is the same person
        person = (
            plan.people.get(participant.cristin_person_id)
            if participant.cristin_person_id
            else None
        )
        if person is None:
            person = organization_services.person_create(
                first_name=participant.first_name or "–",
                last_name=participant.last_name or "–",
                cristin_person_id=participant.cristin_person_id,
                source=item.record.source,
                source_id=participant.cristin_person_id,
            )
            if participant.cristin_person_id:
                plan.people[participant.cristin_person_id] = person
        org = orgs.find(participant.org) if participant.org else None
        wanted.setdefault(
            (person.pk, participant.role),
            {"person": person, "role": participant.role, "organization": org},
        )
    return list(wanted.values())


def _apply_item(item: PlanItem, partnership: Partnership, actor: Any, plan: Plan) -> None:
    record = item.record
    if item.action == "created":
        fields = {k: v for k, v in record.fields.items() if v not in (None, "")}
        title = fields.pop("title")
        project_services.project_create(
            partnership=partnership,
            title=title,
            actor=actor,
            status=record.status,
            partners=_partners(item, plan),
            funding_lines=_funding(item, plan),
            participants=_participants(item, plan, actor),
            identifiers=record.identifiers,
            source=record.source,
            source_id=record.source_id,
            **fields,
        )
        return
    project = item.project
    if project is None:  # pragma: no cover (created rows returned above)
        return
    identifiers = {i.scheme: i.value for i in project.identifiers.all()}
    for scheme, value in record.identifiers.items():
        identifiers.setdefault(scheme, value)
    project_services.project_update(
        project=project,
        actor=actor,
        data=item.data,
        partners=_partners(item, plan) if "partners" in item.changes else None,
        funding_lines=_funding(item, plan) if "funding_lines" in item.changes else None,
        participants=_participants(item, plan, actor) if "participants" in item.changes else None,
        identifiers=identifiers if "identifiers" in item.changes else None,
    )
    if item.new_status:
        project_services.project_transition(
            project=project,
            to_status=item.new_status,
            actor=actor,
            comment=_("Oppdatert fra %(source)s.") % {"source": record.source},
        )


# --- merge -------------------------------------------------------------------------------


@transaction.atomic
def project_merge(*, keep: Project, merge: Project, actor: Any = None) -> Project:
    """Combine two records of one project: ``merge``'s partners, people, funding, identifiers
    and empty fields move to ``keep``; ``merge`` stays (withdrawn, pointing at ``keep``) so both
    histories remain."""
    if keep.pk == merge.pk:
        raise ValidationError({"merge": _("Velg to forskjellige prosjekter.")})
    keep = Project.objects.select_for_update().get(pk=keep.pk)
    merge = Project.objects.select_for_update().get(pk=merge.pk)
    for project in (keep, merge):
        permissions.authorize(actor, permissions.can_manage_imports, project.partnership_id)
    if merge.status == ProjectStatus.WITHDRAWN and merge.source == "merged":
        raise ValidationError({"merge": _("«%(t)s» er allerede slått sammen.") % {"t": merge}})
    partners = {
        (p.organization_id, p.role): p for p in keep.partners.select_related("organization")
    }
    for p in merge.partners.select_related("organization"):
        partners.setdefault((p.organization_id, p.role), p)
    people = {(p.person_id, p.role): p for p in keep.participants.select_related("person")}
    for p in merge.participants.select_related("person"):
        people.setdefault((p.person_id, p.role), p)
    funding = [
        {"id": f.pk, "funder": f.funder} for f in keep.funding_lines.select_related("funder")
    ]
    keep_grants = {(f.funder_id, f.grant_id) for f in keep.funding_lines.all()}
    moved_lines = [
        f
        for f in merge.funding_lines.all()
        if not f.grant_id or (f.funder_id, f.grant_id) not in keep_grants
    ]
    identifiers = {i.scheme: i.value for i in keep.identifiers.all()}
    merge_identifiers = {i.scheme: i.value for i in merge.identifiers.all()}
    fill = {
        name: getattr(merge, name)
        for name in (
            "title_en",
            "acronym",
            "summary",
            "summary_en",
            "popular_summary",
            "start_date",
            "end_date",
            "website",
        )
        if getattr(keep, name) in (None, "") and getattr(merge, name) not in (None, "")
    }
    # Identifiers are unique per scheme and value: free them on the merged-away record first.
    project_services.project_update(project=merge, actor=actor, identifiers={})
    for scheme, value in merge_identifiers.items():
        identifiers.setdefault(scheme, value)
    for line in moved_lines:
        _stamp(line, actor)
        line.project = keep
        line.save(update_fields=["project", "updated_at"])
        funding.append({"id": line.pk, "funder": line.funder})
    project_services.project_update(
        project=keep,
        actor=actor,
        data=fill,
        partners=[
            {
                "organization": p.organization,
                "role": p.role,
                "contribution": p.contribution,
                "currency": p.currency,
            }
            for p in partners.values()
        ],
        participants=[
            {"person": p.person, "role": p.role, "organization": p.organization}
            for p in people.values()
        ],
        funding_lines=funding,
        identifiers=identifiers,
        focus_areas=list({*keep.focus_areas.all(), *merge.focus_areas.all()}),
        municipal_units=list({*keep.municipal_units.all(), *merge.municipal_units.all()}),
    )
    comment = _("Slått sammen med «%(t)s» (#%(pk)s), som beholdes.") % {
        "t": keep.title,
        "pk": keep.pk,
    }
    if merge.status != ProjectStatus.WITHDRAWN:
        if lifecycle.is_allowed(merge.status, ProjectStatus.WITHDRAWN):
            project_services.project_transition(
                project=merge, to_status=ProjectStatus.WITHDRAWN, actor=actor, comment=comment
            )
        else:
            # Ended projects cannot be withdrawn in the lifecycle; record the step directly.
            now = timezone.now()
            transition = StatusTransition(
                project=merge,
                from_status=merge.status,
                to_status=ProjectStatus.WITHDRAWN,
                actor=actor if getattr(actor, "is_authenticated", False) else None,
                at=now,
                comment=comment,
            )
            _stamp(transition, actor)
            transition.save()
            merge.status = ProjectStatus.WITHDRAWN
            merge.status_changed_at = now
            _stamp(merge, actor)
            merge.save(update_fields=["status", "status_changed_at", "updated_at"])
    merge.refresh_from_db()
    merge.source, merge.source_id = "merged", str(keep.pk)
    _stamp(merge, actor)
    merge.save(update_fields=["source", "source_id", "updated_at"])
    StatusTransition.objects.create(
        project=keep,
        from_status=keep.status,
        to_status=keep.status,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=timezone.now(),
        comment=_("«%(t)s» (#%(pk)s) er slått sammen inn i dette prosjektet.")
        % {"t": merge.title, "pk": merge.pk},
    )
    keep.refresh_from_db()
    return keep


__all__ = [
    "MAX_BYTES",
    "import_job_commit",
    "import_job_create",
    "import_job_enqueue_commit",
    "import_job_preview",
    "import_job_set_mapping",
    "project_merge",
]


# Files with more rows than this commit as a background task (the page polls the progress).
BACKGROUND_ROWS = 1000


def import_job_start_commit(*, job: ImportJob, actor: Any = None) -> ImportJob:
    """Commit now when the file is small, else enqueue the background commit."""
    if not job.can_commit:
        raise ValidationError(
            {"status": _("Forhåndsvis importen og rett alle feil før du importerer.")}
        )
    if job.row_count > BACKGROUND_ROWS:
        return import_job_enqueue_commit(job=job, actor=actor)
    return import_job_commit(job=job, actor=actor)
