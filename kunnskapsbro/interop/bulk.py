"""The bulk write path of an import commit: a 10,000-row file in a handful of statements.

``services.import_job_commit`` plans the file (what is created, updated, unchanged) and hands
the plan here, inside its one transaction. New organisations and new projects with their
partners, funding lines, identifiers, participants and starting transition are validated in
Python first (every bad row is named, nothing is written), then inserted with
``bulk_create_with_history`` in batches, so each row still gets its history row with the acting
user. Projects the file changes go through ``projects.services`` one by one (they replace
collections and run the lifecycle), and every touched project is reindexed for search in bulk
at the end. Any failure raises ``RowErrors`` and the caller's transaction rolls everything back.

The validation here mirrors ``projects.services.project_create``: field values (choices,
lengths, decimal digits, URLs), dates in order, identifiers unique. Foreign keys are not
re-queried row by row: every organisation and project they point at was resolved or created
in this same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from kunnskapsbro.core.utils import apply_fields, slugify_nb
from kunnskapsbro.organizations import services as organization_services
from kunnskapsbro.organizations.models import Organization
from kunnskapsbro.projects import services as project_services
from kunnskapsbro.projects.models import (
    FundingLine,
    IdentifierScheme,
    Project,
    ProjectIdentifier,
    ProjectParticipant,
    ProjectPartner,
    ProjectStatus,
    StatusTransition,
)

from . import selectors
from .importers.base import RowError

if TYPE_CHECKING:
    from kunnskapsbro.partnerships.models import Partnership

    from .services import Plan, PlanItem

BATCH_SIZE = 500
ProgressCallback = Callable[[int], None]


class RowErrors(Exception):
    """Rows that cannot be written; the caller rolls back and reports every one."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} row errors")
        self.errors = errors


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


# --- validation --------------------------------------------------------------------------

_NOT_CHECKED = {"id", "created_at", "updated_at"}
_exclude_cache: dict[type[models.Model], list[str]] = {}


def _exclude(model: type[models.Model]) -> list[str]:
    """Fields ``clean_fields`` skips: relations (resolved in this transaction) and timestamps."""
    if model not in _exclude_cache:
        _exclude_cache[model] = [
            f.name
            for f in model._meta.concrete_fields
            if f.is_relation or f.name in _NOT_CHECKED or f.primary_key
        ]
    return _exclude_cache[model]


def _check(instance: models.Model, row: int, prefix: str, errors: list[RowError]) -> bool:
    """Validate a row's values like ``full_clean`` does (without a query per foreign key)."""
    try:
        instance.clean_fields(exclude=_exclude(type(instance)))
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            column = f"{prefix}.{name}" if prefix else name
            errors.append(RowError(row, column, " ".join(messages)))
        return False
    return True


def _dates_ok(instance: Any, row: int, prefix: str, errors: list[RowError]) -> bool:
    if instance.start_date and instance.end_date and instance.end_date < instance.start_date:
        errors.append(
            RowError(
                row,
                f"{prefix}.end_date" if prefix else "end_date",
                _("Sluttdato (%(end)s) kan ikke være før startdato (%(start)s).")
                % {
                    "end": instance.end_date.strftime("%d.%m.%Y"),
                    "start": instance.start_date.strftime("%d.%m.%Y"),
                },
            )
        )
        return False
    return True


# --- organisations -----------------------------------------------------------------------


def _slugger(model: type[models.Model], reserved: frozenset[str]) -> Callable[[str], str]:
    """``core.utils.unique_slug`` for many rows: one query for the taken slugs, then memory."""
    taken = set(model._default_manager.values_list("slug", flat=True))
    taken |= reserved

    def slug(text: str, max_length: int = 100) -> str:
        base = slugify_nb(text)[:max_length]
        base = base.strip("-") or "x"
        candidate, counter = base, 2
        while candidate in taken:
            suffix = f"-{counter}"
            candidate = f"{base[: max_length - len(suffix)]}{suffix}"
            counter += 1
        taken.add(candidate)
        return candidate

    return slug


def create_organizations(plan: Plan, actor: Any) -> int:
    """Insert the organisations the plan found no match for; returns how many."""
    index = plan.index()
    slug = _slugger(Organization, organization_services.RESERVED_SLUGS)
    municipalities = selectors.MunicipalityCodes() if plan.new_orgs else None
    errors: list[RowError] = []
    new: list[Organization] = []
    for ref in plan.new_orgs.values():
        data = organization_services._clean_organization_data(
            {
                "name": ref.name[:300],
                "kind": ref.kind,
                "short_name": ref.short_name[:60],
                "orgnr": ref.orgnr or None,
                "ror_id": ref.ror_id,
                "cristin_id": ref.cristin_id,
                "cordis_pic": ref.cordis_pic,
                "country": ref.country or "NO",
                # A registry row from 2019 may carry a code that has changed since (3001
                # Halden is 3101 now): store the code in force.
                "municipality_number": municipalities.current(ref.municipality_number)
                if municipalities and ref.municipality_number
                else "",
                "source": "import",
                "source_id": ref.orgnr or ref.cordis_pic or ref.cristin_id or ref.ror_id,
            }
        )
        if data.get("orgnr"):
            ref.orgnr = data["orgnr"]  # «NO 971 035 854» is the stored 971035854
        if index.find(ref) is not None:
            continue  # an earlier new organisation (same name or id) is this one
        org = Organization()
        apply_fields(org, data, organization_services.ORGANIZATION_FIELDS)
        org.slug = slug(data.get("short_name") or data["name"])
        try:
            org.full_clean(exclude=["slug", "parent"], validate_unique=False)
        except ValidationError as exc:
            errors.append(
                RowError(0, _("organisasjon"), f"{ref.name}: {_messages(exc.message_dict)}")
            )
            continue
        new.append(org)
        index.add(org)
    if errors:
        raise RowErrors(errors)
    bulk_create_with_history(new, Organization, batch_size=BATCH_SIZE, default_user=_user(actor))
    return len(new)


def _messages(message_dict: dict[str, list[str]]) -> str:
    return "; ".join(f"{k}: {' '.join(v)}" for k, v in message_dict.items())


# --- projects ----------------------------------------------------------------------------


@dataclass
class _Children:
    partners: list[ProjectPartner]
    funding: list[FundingLine]
    identifiers: list[ProjectIdentifier]
    participants: list[ProjectParticipant]
    transitions: list[StatusTransition]


def create_projects(
    items: list[PlanItem],
    *,
    partnership: Partnership,
    plan: Plan,
    actor: Any,
    claimed_identifiers: dict[tuple[str, str], int],
    progress: ProgressCallback | None = None,
) -> list[int]:
    """Insert the plan's new projects with everything that belongs to them; returns their ids.

    ``claimed_identifiers`` holds the (scheme, value) pairs stored projects already carry.
    """
    from .services import _funding, _participants, _partners

    user = _user(actor)
    now = timezone.now()
    errors: list[RowError] = []
    projects: list[Project] = []
    rows: list[PlanItem] = []
    seen_identifiers: dict[tuple[str, str], int] = {}
    status_comment: dict[str, str] = {}
    statuses, schemes = set(ProjectStatus.values), set(IdentifierScheme.values)
    for item in items:
        record = item.record
        fields = {k: v for k, v in record.fields.items() if v not in (None, "")}
        if record.status not in statuses:
            errors.append(
                RowError(record.row, "status", _("Ukjent status «%(s)s».") % {"s": record.status})
            )
            continue
        project = Project(
            partnership=partnership,
            title=fields.pop("title", ""),
            status=record.status,
            status_changed_at=now,
            created_by=user,
            source=record.source,
            source_id=record.source_id,
        )
        fields["keywords"] = project_services._normalize_keywords(fields.get("keywords"))
        try:
            fields["sdgs"] = project_services._normalize_sdgs(fields.get("sdgs"))
            apply_fields(project, fields, project_services.PROJECT_FIELDS)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.append(RowError(record.row, name, " ".join(messages)))
            continue
        ok = _check(project, record.row, "", errors)
        ok = _dates_ok(project, record.row, "", errors) and ok
        for scheme, value in record.identifiers.items():
            key = (scheme, str(value).strip())
            if scheme not in schemes:
                errors.append(
                    RowError(
                        record.row, scheme, _("Ukjent identifikatortype «%(s)s».") % {"s": scheme}
                    )
                )
                ok = False
            elif key in claimed_identifiers or key in seen_identifiers:
                other = seen_identifiers.get(key)
                errors.append(
                    RowError(
                        record.row,
                        scheme,
                        _("%(v)s står også på rad %(other)s.") % {"v": key[1], "other": other}
                        if other
                        else _("%(v)s er allerede registrert på et annet prosjekt.")
                        % {"v": key[1]},
                    )
                )
                ok = False
            else:
                seen_identifiers[key] = record.row
        if ok:
            projects.append(project)
            rows.append(item)
    # Children are built (and checked) before anything is written, so a bad partner amount
    # on row 9,000 refuses the file without a single insert.
    children = _Children([], [], [], [], [])
    for project, item in zip(projects, rows, strict=True):
        row = item.record.row
        for data in _partners(item, plan):
            partner = ProjectPartner(
                project=project,
                organization=data["organization"],
                role=data["role"],
                contribution=data["contribution"],
                currency=data["currency"] or "NOK",
            )
            if _check(partner, row, "partners", errors):
                children.partners.append(partner)
        for data in _funding(item, plan):
            values = {k: v for k, v in data.items() if k != "id"}
            line = FundingLine(project=project)
            apply_fields(line, values, project_services.FUNDING_FIELDS)
            ok = _check(line, row, "funding_lines", errors)
            if _dates_ok(line, row, "funding_lines", errors) and ok:
                children.funding.append(line)
        for scheme, value in item.record.identifiers.items():
            identifier = ProjectIdentifier(project=project, scheme=scheme, value=str(value).strip())
            if _check(identifier, row, "identifiers", errors):
                children.identifiers.append(identifier)
        if item.record.participants:
            for data in _participants(item, plan, actor):
                participant = ProjectParticipant(
                    project=project,
                    person=data["person"],
                    role=data["role"],
                    organization=data["organization"],
                )
                if _check(participant, row, "participants", errors):
                    children.participants.append(participant)
        if project.status != ProjectStatus.IDEA:
            if project.status not in status_comment:
                status_comment[project.status] = _("Registrert med status «%(s)s».") % {
                    "s": project.get_status_display()
                }
            children.transitions.append(
                StatusTransition(
                    project=project,
                    from_status=ProjectStatus.IDEA,
                    to_status=project.status,
                    actor=user,
                    at=now,
                    comment=status_comment[project.status],
                )
            )
    if errors:
        raise RowErrors(errors)
    _insert(projects, Project, user, progress, 10, 50)
    for objects in (
        children.partners,
        children.funding,
        children.identifiers,
        children.participants,
        children.transitions,
    ):
        for obj in objects:
            obj.project_id = obj.project.pk  # set after the project got its id
    _insert(children.partners, ProjectPartner, user, progress, 50, 60)
    _insert(children.funding, FundingLine, user, progress, 60, 70)
    _insert(children.identifiers, ProjectIdentifier, user, progress, 70, 75)
    _insert(children.participants, ProjectParticipant, user, progress, 75, 80)
    _insert(children.transitions, StatusTransition, user, progress, 80, 85)
    return [p.pk for p in projects]


def _insert(
    objects: list[Any],
    model: type[models.Model],
    user: Any,
    progress: ProgressCallback | None,
    start: int,
    end: int,
) -> None:
    """Insert in batches with their history rows, reporting progress from start to end %."""
    total = len(objects)
    connection = connections[router.db_for_write(model)]
    for offset in range(0, total, BATCH_SIZE):
        batch = objects[offset : offset + BATCH_SIZE]
        if connection.vendor in ("sqlite", "postgresql"):
            _insert_with_history(batch, model, user, connection)
        else:  # pragma: no cover (the two databases we run on take the fast path)
            bulk_create_with_history(batch, model, batch_size=BATCH_SIZE, default_user=user)
        if progress:
            progress(start + (end - start) * min(total, offset + BATCH_SIZE) // max(1, total))


def _insert_rows(
    cursor: Any, connection: Any, table: str, columns: str, marks: str, rows: list[Any]
) -> None:
    """Rows into a table: PostgreSQL's COPY (one stream, no statement per row), SQLite's
    ``executemany`` of one prepared INSERT (its loop runs in C)."""
    if not rows:
        return
    quoted = connection.ops.quote_name(table)
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {quoted} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    cursor.executemany(f"INSERT INTO {quoted} ({columns}) VALUES ({marks})", rows)  # noqa: S608


def _reserve_ids(model: type[models.Model], count: int, connection: Any) -> list[int]:
    """``count`` fresh primary keys, never one a deleted row had (its history keeps that id).

    PostgreSQL hands them out from the column's sequence. SQLite's AUTOINCREMENT keeps the
    highest id ever used in ``sqlite_sequence``; our transactions are IMMEDIATE, so this one
    holds the write lock and nobody can take the same ids before the insert.
    """
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(
            f"SELECT MAX({connection.ops.quote_name(column)}) FROM "  # noqa: S608
            f"{connection.ops.quote_name(table)}"
        )
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        highest = max(highest, row[0] if row else 0)
    return list(range(highest + 1, highest + 1 + count))


def _converter(field: Any, connection: Any) -> Callable[[Any], Any]:
    """The field's ``get_db_prep_save``, remembered per value for timestamps (the same ``now``
    on every row of a batch is converted once)."""
    if not isinstance(field, models.DateTimeField):
        return lambda value: field.get_db_prep_save(value, connection)
    memo: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        if value not in memo:
            memo[value] = field.get_db_prep_save(value, connection)
        return memo[value]

    return convert


_HISTORY_SPECIAL = {"history_date", "history_change_reason", "history_type", "history_user"}


def _insert_with_history(
    objects: list[Any], model: type[models.Model], user: Any, connection: Any
) -> None:
    """What ``bulk_create_with_history`` does, without a model instance per history row and
    without Django's per-value SQL compiling: one prepared INSERT run over all rows
    (``executemany``) for the rows and one for their history («+», the acting user, now).

    Values go through each field's ``get_db_prep_save``, exactly as ``save()`` stores them
    (JSON, decimals, time zones); auto_now timestamps get the batch's one ``now``.
    """
    if not objects:
        return
    quote = connection.ops.quote_name
    pk = model._meta.pk
    for obj, pk_value in zip(objects, _reserve_ids(model, len(objects), connection), strict=True):
        setattr(obj, pk.attname, pk_value)
    fields = list(model._meta.local_concrete_fields)
    now = timezone.now()
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for obj in objects:
                setattr(obj, f.attname, now)  # one timestamp for the batch, like one save
    converters = [_converter(f, connection) for f in fields]
    rows = [
        [convert(getattr(obj, f.attname)) for f, convert in zip(fields, converters, strict=True)]
        for obj in objects
    ]
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    history = model.history.model  # type: ignore[attr-defined]
    history_fields = [f for f in history._meta.local_concrete_fields if not f.primary_key]
    special = {
        "history_date": now,
        "history_change_reason": None,
        "history_type": "+",
        "history_user": user.pk if user is not None else None,
    }
    # A history row repeats the row's values: take them from the row already converted.
    position = {f.attname: index for index, f in enumerate(fields)}
    plan: list[tuple[int, Any]] = []
    for f in history_fields:
        if f.name in _HISTORY_SPECIAL:
            plan.append((-1, f.get_db_prep_save(special[f.name], connection)))
        else:
            plan.append((position[f.attname], None))
    history_rows = [
        [row[index] if index >= 0 else constant for index, constant in plan] for row in rows
    ]
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias
    history_columns = ", ".join(quote(f.column) for f in history_fields)
    history_marks = ", ".join(["%s"] * len(history_fields))
    with connection.cursor() as cursor:
        _insert_rows(cursor, connection, model._meta.db_table, columns, marks, rows)
        _insert_rows(
            cursor, connection, history._meta.db_table, history_columns, history_marks, history_rows
        )


# --- changed projects ------------------------------------------------------------------------

COLLECTIONS = frozenset({"partners", "funding_lines", "participants", "identifiers"})


def update_projects(
    items: list[PlanItem], *, actor: Any, progress: ProgressCallback | None = None
) -> list[int]:
    """Write the field and status changes of stored projects in bulk; returns their ids.

    For the items whose partners, funding, people and identifiers are unchanged (the usual
    re-import of a registry: a new end date, a new status). Validated like
    ``projects.services.project_update`` and ``project_transition`` (values, dates, the
    lifecycle's preconditions); each project gets one history row («~», the acting user, the
    transition's comment as reason) and each status change its ``StatusTransition``.
    """
    user = _user(actor)
    now = timezone.now()
    errors: list[RowError] = []
    changed: list[Project] = []
    names_of: dict[int, list[str]] = {}
    transitions: list[StatusTransition] = []
    for item in items:
        project, row = item.project, item.record.row
        if project is None:  # pragma: no cover (the plan only marks stored projects updated)
            continue
        data = dict(item.data)
        try:
            if "keywords" in data:
                data["keywords"] = project_services._normalize_keywords(data["keywords"])
            if "sdgs" in data:
                data["sdgs"] = project_services._normalize_sdgs(data["sdgs"])
            names = apply_fields(project, data, project_services.PROJECT_FIELDS)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.append(RowError(row, name, " ".join(messages)))
            continue
        ok = _check(project, row, "", errors)
        ok = _dates_ok(project, row, "", errors) and ok
        if item.new_status:
            to_status = item.new_status
            if to_status == ProjectStatus.ACTIVE and not project.start_date:
                errors.append(
                    RowError(
                        row,
                        "start_date",
                        _("Registrer startdato før prosjektet settes som pågående."),
                    )
                )
                ok = False
            if to_status == ProjectStatus.COMPLETED and not project.end_date:
                errors.append(
                    RowError(row, "end_date", _("Registrer sluttdato før prosjektet avsluttes."))
                )
                ok = False
            comment = _("Oppdatert fra %(source)s.") % {"source": item.record.source}
            transitions.append(
                StatusTransition(
                    project=project,
                    from_status=project.status,
                    to_status=to_status,
                    actor=user,
                    at=now,
                    comment=comment,
                )
            )
            project.status = to_status
            project.status_changed_at = now
            project._change_reason = comment[:100]
            names += ["status", "status_changed_at"]
        if ok:
            project.updated_at = now
            names_of[project.pk] = [*dict.fromkeys(names), "updated_at"]
            changed.append(project)
    if errors:
        raise RowErrors(errors)
    connection = connections[router.db_for_write(Project)]
    groups: dict[tuple[str, ...], list[Project]] = {}
    for project in changed:
        groups.setdefault(tuple(names_of[project.pk]), []).append(project)
    for names, projects in groups.items():
        _update_rows(projects, Project, names, connection)
    for offset in range(0, len(changed), BATCH_SIZE):
        _write_history(changed[offset : offset + BATCH_SIZE], Project, user, "~", connection)
    for transition in transitions:
        transition.project_id = transition.project.pk
    _insert(transitions, StatusTransition, user, progress, 85, 90)
    return [p.pk for p in changed]


def _update_rows(
    objects: list[Any], model: type[models.Model], names: tuple[str, ...], connection: Any
) -> None:
    """One prepared UPDATE of the named fields, run over all the rows (``executemany``)."""
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in names]
    converters = [_converter(f, connection) for f in fields]
    rows = [
        [
            *(
                convert(getattr(obj, f.attname))
                for f, convert in zip(fields, converters, strict=True)
            ),
            obj.pk,
        ]
        for obj in objects
    ]
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(model._meta.db_table)} SET {assignments} "  # noqa: S608
            f"WHERE {quote(model._meta.pk.column)} = %s",
            rows,
        )


def _write_history(
    objects: list[Any], model: type[models.Model], user: Any, kind: str, connection: Any
) -> None:
    """History rows for objects as they are now (``kind`` «+» created, «~» changed); an
    object's ``_change_reason`` becomes the row's reason."""
    if not objects:
        return
    quote = connection.ops.quote_name
    history = model.history.model  # type: ignore[attr-defined]
    fields = [f for f in history._meta.local_concrete_fields if not f.primary_key]
    now = timezone.now()
    constant = {
        "history_date": now,
        "history_type": kind,
        "history_user": user.pk if user is not None else None,
    }
    converters = [_converter(f, connection) for f in fields]
    rows = []
    for obj in objects:
        row = []
        for f, convert in zip(fields, converters, strict=True):
            if f.name == "history_change_reason":
                value = getattr(obj, "_change_reason", None) or None
            elif f.name in constant:
                value = constant[f.name]
            else:
                value = getattr(obj, f.attname)
            row.append(convert(value))
        rows.append(row)
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        _insert_rows(cursor, connection, history._meta.db_table, columns, marks, rows)


def reindex(project_ids: Iterable[int]) -> None:
    """Search documents for the written projects, in batches, in the import's transaction."""
    from kunnskapsbro.search.services import index_projects

    index_projects(list(project_ids))
