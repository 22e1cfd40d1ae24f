"""Reads for imports: job lists, the stored rows an import matches against, duplicates."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from kunnskapsbro.organizations.models import Organization, Person
from kunnskapsbro.projects.models import (
    FundingLine,
    Project,
    ProjectIdentifier,
    ProjectParticipant,
    ProjectPartner,
)

from .importers.base import OrgRef, ProjectRecord, normalize_name
from .models import ImportJob

# --- who may import ------------------------------------------------------------------------
#
# An import creates projects and organisations and updates every project of the partnership
# that came from the same source, whoever registered it: the same right as editing every
# project of the partnership (``Cap.EDIT_ALL``: administrator, coordinator). Job pages, the
# API and the duplicate/merge pages ask here; ``accounts.permissions`` decides the roles.


def importable_partnership_ids(user: Any) -> set[int] | None:
    """Partnerships the user may import into; None means every partnership."""
    from kunnskapsbro.accounts.permissions import Cap, principal

    if not getattr(user, "is_authenticated", False):
        return set()
    return principal(user).partnerships_with(Cap.EDIT_ALL)


def can_import(user: Any, partnership: Any) -> bool:
    allowed = importable_partnership_ids(user)
    return allowed is None or getattr(partnership, "pk", partnership) in allowed


def importable_partnerships(user: Any) -> QuerySet[Any]:
    from kunnskapsbro.partnerships.models import Partnership

    queryset = Partnership.objects.order_by("name")
    allowed = importable_partnership_ids(user)
    return queryset if allowed is None else queryset.filter(pk__in=sorted(allowed))


def import_job_list(*, user: Any = None) -> QuerySet[ImportJob]:
    """Import jobs, newest first, with what the list shows (only the user's partnerships')."""
    queryset = ImportJob.objects.select_related("partnership", "created_by").defer(
        "preview", "errors", "headers"
    )
    if user is not None:
        allowed = importable_partnership_ids(user)
        if allowed is not None:
            queryset = queryset.filter(partnership_id__in=sorted(allowed))
    return queryset


def import_job_get(*, pk: int, user: Any = None) -> ImportJob:
    """One job; a job in a partnership the user may not import into does not exist for them
    (``ImportJob.DoesNotExist``: 404, as the rest of the site answers for what one can't see)."""
    job = ImportJob.objects.select_related("partnership", "created_by").get(pk=pk)
    if user is not None and not can_import(user, job.partnership_id):
        raise ImportJob.DoesNotExist(pk)
    return job


class OrganizationIndex:
    """Every organisation, keyed the ways an import names them (one query, then lookups).

    Matching order: orgnr, then ROR id, Cristin id, CORDIS PIC, then the normalised name.
    """

    def __init__(self) -> None:
        self.by_orgnr: dict[str, Organization] = {}
        self.by_ror: dict[str, Organization] = {}
        self.by_cristin: dict[str, Organization] = {}
        self.by_pic: dict[str, Organization] = {}
        self.by_name: dict[str, Organization] = {}
        for org in Organization.objects.only(
            "id", "name", "short_name", "orgnr", "ror_id", "cristin_id", "cordis_pic", "slug"
        ).order_by("id"):
            self.add(org)

    def add(self, org: Organization) -> None:
        if org.orgnr:
            self.by_orgnr.setdefault(org.orgnr, org)
        if org.ror_id:
            self.by_ror.setdefault(org.ror_id, org)
        if org.cristin_id:
            self.by_cristin.setdefault(org.cristin_id, org)
        if org.cordis_pic:
            self.by_pic.setdefault(org.cordis_pic, org)
        for name in (org.name, org.short_name):
            if name:
                self.by_name.setdefault(normalize_name(name), org)

    def find(self, ref: OrgRef) -> Organization | None:
        if ref.orgnr:
            # An orgnr is decisive: a different organisation with the same name is not it.
            return self.by_orgnr.get(ref.orgnr)
        for value, index in (
            (ref.ror_id, self.by_ror),
            (ref.cristin_id, self.by_cristin),
            (ref.cordis_pic, self.by_pic),
        ):
            if value and value in index:
                return index[value]
        return self.by_name.get(normalize_name(ref.name)) if ref.name else None


def person_index(cristin_ids: Iterable[str]) -> dict[str, Person]:
    ids = [i for i in set(cristin_ids) if i]
    return {p.cristin_person_id: p for p in Person.objects.filter(cristin_person_id__in=ids)}


def projects_for_records(records: list[ProjectRecord]) -> dict[str, Any]:
    """The stored projects the records may update: by (source, source id), then identifier.

    Returns ``{"by_source": {(source, id): Project}, "by_identifier": {(scheme, value): Project}}``
    with partners, funding lines, identifiers and participants prefetched (a fixed number of
    queries however many records there are).
    """
    by_source_ids: dict[str, set[str]] = defaultdict(set)
    identifier_pairs: dict[str, set[str]] = defaultdict(set)
    for record in records:
        by_source_ids[record.source].add(record.source_id)
        for scheme, value in record.identifiers.items():
            identifier_pairs[scheme].add(value)
    project_ids: set[int] = set()
    source_keys: dict[tuple[str, str], int] = {}
    for source, ids in by_source_ids.items():
        for chunk in _chunks(sorted(ids)):
            for pk, source_id in Project.objects.filter(
                source=source, source_id__in=chunk
            ).values_list("pk", "source_id"):
                source_keys[(source, source_id)] = pk
                project_ids.add(pk)
    identifier_keys: dict[tuple[str, str], int] = {}
    for scheme, values in identifier_pairs.items():
        for chunk in _chunks(sorted(values)):
            for project_id, value in ProjectIdentifier.objects.filter(
                scheme=scheme, value__in=chunk
            ).values_list("project_id", "value"):
                identifier_keys[(scheme, value)] = project_id
                project_ids.add(project_id)
    projects: dict[int, Project] = {}
    for chunk in _chunks(sorted(project_ids)):
        for project in Project.objects.filter(pk__in=chunk):
            projects[project.pk] = project
    _attach_children(projects)
    return {
        "by_source": {key: projects[pk] for key, pk in source_keys.items()},
        "by_identifier": {key: projects[pk] for key, pk in identifier_keys.items()},
    }


def _attach_children(projects: dict[int, Project]) -> None:
    """``prefetch_related`` for many projects without its queryset clone per project (which
    costs more than the queries at a few thousand projects): one query per relation and chunk,
    the rows put where ``project.partners.all()`` and the others read them."""
    relations = {
        "partners": ProjectPartner.objects.all(),
        "funding_lines": FundingLine.objects.all(),
        "identifiers": ProjectIdentifier.objects.all(),
        "participants": ProjectParticipant.objects.select_related("person"),
    }
    for project in projects.values():
        project._prefetched_objects_cache = {name: [] for name in relations}  # type: ignore[attr-defined]
    for name, queryset in relations.items():
        for chunk in _chunks(sorted(projects)):
            for row in queryset.filter(project_id__in=chunk).order_by("pk"):
                project = projects[row.project_id]
                row.project = project
                project._prefetched_objects_cache[name].append(row)  # type: ignore[attr-defined]


def _chunks(values: list[Any], size: int = 500) -> Iterable[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def similar_projects(
    *, title: str, start_date: Any, exclude_pk: int | None = None
) -> list[Project]:
    """Stored projects whose title is near-identical and that start on the same date."""
    if not title:
        return []
    queryset = Project.objects.filter(start_date=start_date) if start_date else Project.objects
    words = [w for w in normalize_name(title).split() if len(w) > 3][:2]
    condition = Q()
    for word in words:
        condition &= Q(title__icontains=word)
    candidates = queryset.filter(condition).exclude(pk=exclude_pk).only("id", "title")[:50]
    wanted = normalize_name(title)
    return [
        p
        for p in candidates
        if difflib.SequenceMatcher(None, normalize_name(p.title), wanted).ratio() >= 0.9
    ]


def _title_words(normalized: str) -> list[str]:
    return [w for w in normalized.split() if len(w) > 3][:2]


def similar_projects_for_records(records: list[ProjectRecord]) -> dict[int, list[int]]:
    """``similar_projects`` for a whole file: row -> ids of near-identical stored projects.

    A fixed number of queries: the stored projects starting on any of the file's start dates
    (and, only if some rows have no start date, the titles of all projects), then an index on
    title words so each row is compared with the few titles that share its first long words.
    """
    wanted = [
        (r.row, normalize_name(r.fields.get("title", "")), r.fields.get("start_date"))
        for r in records
        if r.fields.get("title")
    ]
    if not wanted:
        return {}
    dates = sorted({start for _row, _title, start in wanted if start})
    stored: dict[int, tuple[str, Any]] = {}
    for chunk in _chunks(dates):
        for pk, title, start in Project.objects.filter(start_date__in=chunk).values_list(
            "pk", "title", "start_date"
        ):
            stored[pk] = (normalize_name(title), start)
    if any(start is None for _row, _title, start in wanted):
        for pk, title, start in Project.objects.values_list("pk", "title", "start_date"):
            stored.setdefault(pk, (normalize_name(title), start))
    by_word: dict[str, set[int]] = defaultdict(set)
    by_date: dict[Any, list[int]] = defaultdict(list)
    for pk, (title, start) in stored.items():
        for word in set(title.split()):
            if len(word) > 3:
                by_word[word].add(pk)
        by_date[start].append(pk)
    result: dict[int, list[int]] = {}
    for row, title, start in wanted:
        words = _title_words(title)
        if words:
            candidates = set(by_word.get(words[0], ()))
            for word in words[1:]:
                candidates &= by_word.get(word, set())
        else:
            candidates = set(by_date.get(start, ())[:50])
        found = []
        for pk in sorted(candidates):
            other, other_start = stored[pk]
            if start and other_start != start:
                continue
            matcher = difflib.SequenceMatcher(None, other, title)
            if matcher.real_quick_ratio() >= 0.9 and matcher.ratio() >= 0.9:
                found.append(pk)
        if found:
            result[row] = found
    return result


def duplicate_project_pairs(*, limit: int = 200, user: Any = None) -> list[dict[str, Any]]:
    """Pairs of projects that look like one: the same grant id, or the same title and dates.

    With ``user``, only projects of the partnerships the user may import into (and merge in).
    """
    pairs: dict[tuple[int, int], str] = {}
    by_grant: dict[tuple[int, str], list[int]] = defaultdict(list)
    allowed = importable_partnership_ids(user) if user is not None else None
    lines = FundingLine.objects.exclude(grant_id="")
    projects_qs = Project.objects.all()
    if allowed is not None:
        lines = lines.filter(project__partnership_id__in=sorted(allowed))
        projects_qs = projects_qs.filter(partnership_id__in=sorted(allowed))
    for project_id, funder_id, grant_id in lines.values_list(
        "project_id", "funder_id", "grant_id"
    ).order_by("project_id"):
        ids = by_grant[(funder_id, grant_id.strip().lower())]
        if project_id not in ids:
            ids.append(project_id)
    for (_funder, grant_id), ids in by_grant.items():
        for other in ids[1:]:
            pairs.setdefault((ids[0], other), "grant:" + grant_id)
    by_title: dict[tuple[str, Any, Any], list[int]] = defaultdict(list)
    for pk, title, start, end in projects_qs.values_list(
        "pk", "title", "start_date", "end_date"
    ).order_by("pk"):
        by_title[(normalize_name(title), start, end)].append(pk)
    for ids in by_title.values():
        for other in ids[1:]:
            pairs.setdefault((ids[0], other), "title")
    chosen = sorted(pairs.items())[:limit]
    wanted = {pk for pair, _reason in chosen for pk in pair}
    projects = Project.objects.select_related("partnership").in_bulk(wanted)
    return [
        {"first": projects[a], "second": projects[b], "reason": reason}
        for (a, b), reason in chosen
        if a in projects and b in projects
    ]


def import_job_progress(*, job: ImportJob) -> int:
    """How far a commit has come (0–100), live while it runs."""
    from django.core.cache import cache

    from .services import progress_key

    if job.status == "committing":
        return int(cache.get(progress_key(job.pk), job.progress))
    return job.progress


def merge_candidates(*, pks: Iterable[int]) -> list[Project]:
    """The projects a merge page compares, with what would move between them (fixed queries)."""
    return list(
        Project.objects.filter(pk__in=list(pks))
        .select_related("partnership")
        .prefetch_related(
            "partners__organization",
            "participants__person",
            "funding_lines__funder",
            "identifiers",
        )
        .order_by("pk")
    )


MERGE_FILL_FIELDS = (
    "title_en",
    "acronym",
    "summary",
    "summary_en",
    "popular_summary",
    "start_date",
    "end_date",
    "website",
)


def merge_preview(*, keep: Project, merge: Project) -> dict[str, Any]:
    """What ``project_merge`` would move from ``merge`` to ``keep`` (both from merge_candidates)."""
    keep_partners = {(p.organization_id, p.role) for p in keep.partners.all()}
    keep_people = {(p.person_id, p.role) for p in keep.participants.all()}
    keep_grants = {(f.funder_id, f.grant_id) for f in keep.funding_lines.all()}
    keep_schemes = {i.scheme for i in keep.identifiers.all()}
    return {
        "partners": [
            p for p in merge.partners.all() if (p.organization_id, p.role) not in keep_partners
        ],
        "participants": [
            p for p in merge.participants.all() if (p.person_id, p.role) not in keep_people
        ],
        "funding_lines": [
            f
            for f in merge.funding_lines.all()
            if not f.grant_id or (f.funder_id, f.grant_id) not in keep_grants
        ],
        "identifiers": [i for i in merge.identifiers.all() if i.scheme not in keep_schemes],
        "fields": [
            (Project._meta.get_field(name).verbose_name, getattr(merge, name))
            for name in MERGE_FILL_FIELDS
            if getattr(keep, name) in (None, "") and getattr(merge, name) not in (None, "")
        ],
    }


class MunicipalityCodes:
    """The kommunenummer history in memory (one query): what an old code is called today.

    ``current("3001")`` is ``"3101"`` (Halden, renumbered in 2024); ``current("5030")`` is
    ``"5001"`` (Klæbu joined Trondheim in 2020); a divided municipality (Snillfjord 5012) has
    no single successor and gives ``""``; a code the history does not know is returned as is.
    """

    def __init__(self) -> None:
        from .models import MunicipalityCode

        self.rows: dict[str, list[Any]] = defaultdict(list)
        for row in MunicipalityCode.objects.order_by("code", "valid_from"):
            self.rows[row.code].append(row)

    @staticmethod
    def _normalize(code: str) -> str:
        code = (code or "").strip()
        return code.zfill(4) if code.isdigit() and len(code) <= 4 else code

    def known(self, code: str) -> bool:
        return self._normalize(code) in self.rows

    def valid_on(self, code: str, day: Any) -> bool:
        """Was the code in force on this date?"""
        return any(row.is_valid_on(day) for row in self.rows.get(self._normalize(code), []))

    def current(self, code: str) -> str:
        code = self._normalize(code)
        rows = self.rows.get(code)
        if not rows:
            return code
        if any(row.valid_to is None for row in rows):
            return code
        return max(rows, key=lambda row: row.valid_to).successor
