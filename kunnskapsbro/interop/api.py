"""The interop API: import jobs (upload, preview, column mapping, commit).

An upload is parsed and checked at once; the job then carries its counts, every row error and
the preview. ``commit`` writes all or nothing (409 while the job has errors); large files commit
as a background task whose ``progress`` the client polls with ``GET /imports/{id}``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import File, Form, Query, Router, UploadedFile

from kunnskapsbro.accounts.auth import write_auth
from kunnskapsbro.core.api_common import DbId, Page, absolute_url, paginate
from kunnskapsbro.core.api_errors import WRITE_PROBLEMS, Problem, validation_problem
from kunnskapsbro.partnerships.models import Partnership

from . import selectors, services
from .importers.spreadsheet import COLUMNS
from .models import ImportFormat, ImportJob, ImportStatus
from .schemas import ImportJobList, ImportJobOut, MappingIn

router = Router(tags=["import og eksport"])


@router.get(
    "/imports",
    auth=write_auth,
    response={200: ImportJobList, **WRITE_PROBLEMS},
    summary="Importjobbene, nyeste først",
)
def list_imports(request: HttpRequest, page: Query[Page]) -> dict[str, Any]:
    result = paginate(selectors.import_job_list(user=request.auth), page)
    result["items"] = [_summary(request, job) for job in result["items"]]
    return result


@router.get(
    "/imports/{int:job_id}",
    auth=write_auth,
    response={200: ImportJobOut, **WRITE_PROBLEMS},
    summary="En importjobb: status, antall, alle feil og framdrift",
)
def get_import(request: HttpRequest, job_id: DbId) -> dict[str, Any]:
    return _detail(request, selectors.import_job_get(pk=job_id, user=request.auth))


@router.post(
    "/imports",
    auth=write_auth,
    response={201: ImportJobOut, **WRITE_PROBLEMS},
    summary="Last opp en fil (multipart): den kontrolleres med en gang, ingenting lagres",
)
def create_import(
    request: HttpRequest,
    format: Form[str],  # noqa: A002 (the form field's public name)
    partnership: Form[str],
    file: File[UploadedFile],
    extra_file: File[UploadedFile] | None = None,
) -> tuple[int, dict[str, Any]]:
    if format not in ImportFormat.values:
        raise _field_problem(
            "format",
            _("Ukjent format «%(f)s». Velg et av: %(all)s.")
            % {"f": format, "all": ", ".join(ImportFormat.values)},
        )
    target = Partnership.objects.filter(slug=partnership).first()
    if target is None:
        raise _field_problem(
            "partnership", _("Ukjent partnerskap «%(slug)s».") % {"slug": partnership}
        )
    if not selectors.can_import(request.auth, target):
        raise Problem(
            403,
            _(
                "Du kan ikke importere til «%(slug)s»: det krever rollen administrator eller "
                "koordinator i partnerskapet."
            )
            % {"slug": target.slug},
        )
    job = services.import_job_create(
        fmt=format,
        data=file.read(),
        filename=file.name or "",
        partnership=target,
        actor=request.auth,
        extra_data=extra_file.read() if extra_file else None,
        extra_filename=(extra_file.name or "") if extra_file else "",
    )
    job = services.import_job_preview(job=job, actor=request.auth)
    return 201, _detail(request, job)


@router.post(
    "/imports/{int:job_id}/mapping",
    auth=write_auth,
    response={200: ImportJobOut, **WRITE_PROBLEMS},
    summary="Koble feltene til kolonnene i et eget regneark, og kontroller filen på nytt",
)
def set_mapping(request: HttpRequest, job_id: DbId, payload: MappingIn) -> dict[str, Any]:
    job = selectors.import_job_get(pk=job_id, user=request.auth)
    if job.format not in ("xlsx", "csv"):
        raise _field_problem("mapping", _("Kolonnekobling gjelder bare regneark (xlsx, csv)."), 409)
    unknown = sorted(set(payload.mapping) - set(COLUMNS))
    if unknown:
        raise Problem(
            422,
            _("Ukjente felt: %(fields)s.") % {"fields": ", ".join(unknown)},
            errors=[
                {
                    "field": f"mapping.{key}",
                    "message": _("Ukjent felt. Bruk: %(fields)s.") % {"fields": ", ".join(COLUMNS)},
                }
                for key in unknown
            ],
        )
    try:
        services.import_job_set_mapping(job=job, mapping=payload.mapping, actor=request.auth)
    except ValidationError as exc:
        raise validation_problem(exc, status=409 if _committed(job) else 422) from exc
    job = services.import_job_preview(job=job, actor=request.auth)
    return _detail(request, job)


@router.post(
    "/imports/{int:job_id}/commit",
    auth=write_auth,
    response={200: ImportJobOut, 202: ImportJobOut, **WRITE_PROBLEMS},
    summary="Lagre alt (alt eller ingenting); 202 når store filer lagres i bakgrunnen",
)
def commit_import(request: HttpRequest, job_id: DbId) -> tuple[int, dict[str, Any]]:
    job = selectors.import_job_get(pk=job_id, user=request.auth)
    if not job.can_commit:
        errors = [_problem_error(e) for e in job.errors]
        if _committed(job):
            detail = _("Importen er allerede gjennomført.")
        elif job.error_count:
            detail = ngettext(
                "Filen har %(n)s feil; rett dem og last opp på nytt.",
                "Filen har %(n)s feil; rett dem og last opp på nytt.",
                job.error_count,
            ) % {"n": job.error_count}
        else:
            detail = _("Forhåndsvis importen før du lagrer.")
        raise Problem(409, detail, errors=errors)
    try:
        job = services.import_job_start_commit(job=job, actor=request.auth)
    except ValidationError as exc:
        raise validation_problem(exc, status=409) from exc
    if job.status == ImportStatus.FAILED:
        raise Problem(
            409,
            ngettext(
                "Filen ble avvist ved lagring: %(n)s feil. Ingenting er lagret.",
                "Filen ble avvist ved lagring: %(n)s feil. Ingenting er lagret.",
                job.error_count,
            )
            % {"n": job.error_count},
            errors=[_problem_error(e) for e in job.errors],
        )
    return (202 if job.is_running else 200), _detail(request, job)


# --- helpers ----------------------------------------------------------------------------


def _committed(job: ImportJob) -> bool:
    return job.status == ImportStatus.COMMITTED


def _field_problem(field: str, message: str, status: int = 422) -> Problem:
    return Problem(status, f"{field}: {message}", errors=[{"field": field, "message": message}])


def _problem_error(error: dict[str, Any]) -> dict[str, Any]:
    """A row error as a problem entry; ``field`` names the row and the column."""
    if error.get("row"):
        where = f"rad {error['row']}" + (f": {error['column']}" if error.get("column") else "")
    else:
        where = error.get("column") or None
    return {"field": where, "message": error["message"]}


def _summary(request: HttpRequest, job: ImportJob) -> dict[str, Any]:
    return {
        "id": job.pk,
        "url": absolute_url(request, job) or "",
        "format": job.format,
        "partnership": job.partnership.slug,
        "original_name": job.original_name,
        "status": job.status,
        "row_count": job.row_count,
        "created_count": job.created_count,
        "updated_count": job.updated_count,
        "unchanged_count": job.unchanged_count,
        "error_count": job.error_count,
        "organizations_created": job.organizations_created,
        "progress": selectors.import_job_progress(job=job),
        "created_at": job.created_at,
        "committed_at": job.committed_at,
    }


def _detail(request: HttpRequest, job: ImportJob) -> dict[str, Any]:
    return {
        **_summary(request, job),
        "headers": job.headers,
        "mapping": job.mapping,
        "errors": job.errors,
        "preview": job.preview,
    }
