"""Import pages: job list, upload, column mapping, preview with every row error, commit (in the
background for large files, with a progress fragment htmx polls), the template, duplicates and
merge. Every step calls ``interop.services``; nothing here writes on its own."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import ImportMappingForm, ImportUploadForm, MergeChoiceForm
from .importers.spreadsheet import COLUMNS, EXAMPLE, default_mapping
from .models import ImportJob, ImportStatus

SPREADSHEET_FORMATS = ("xlsx", "csv")


def _job(request: HttpRequest, pk: int) -> ImportJob:
    try:
        return selectors.import_job_get(pk=pk, user=request.user)
    except ImportJob.DoesNotExist as exc:
        raise Http404(_("Importen finnes ikke.")) from exc


def _needs_mapping(job: ImportJob) -> bool:
    """A spreadsheet whose required columns we could not find by name."""
    return (
        job.format in SPREADSHEET_FORMATS
        and bool(job.headers)
        and not job.mapping
        and any(e.get("row") == 1 for e in job.errors)
    )


def _file_error(job: ImportJob) -> str:
    """The error that refuses the file as a whole (size, rows, format), if any."""
    return next((e["message"] for e in job.errors if not e.get("row")), "")


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    """Every import job, newest first."""
    page = Paginator(selectors.import_job_list(user=request.user), 50).get_page(
        request.GET.get("side")
    )
    can_import = selectors.importable_partnerships(request.user).exists()
    return render(request, "interop/import/list.html", {"page": page, "can_import": can_import})


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a file; it is parsed and checked at once, and nothing is saved to the portfolio."""
    if not selectors.importable_partnerships(request.user).exists():
        raise PermissionDenied(
            _("Import krever rollen administrator eller koordinator i et partnerskap.")
        )
    form = ImportUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        extra = form.cleaned_data.get("extra_file")
        try:
            job = services.import_job_create(
                fmt=form.cleaned_data["format"],
                data=upload.read(),
                filename=upload.name,
                partnership=form.cleaned_data["partnership"],
                actor=request.user,
                extra_data=extra.read() if extra else None,
                extra_filename=extra.name if extra else "",
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            job = services.import_job_preview(job=job, actor=request.user)
            file_error = _file_error(job)
            if file_error:
                form.add_error("file", file_error)
            elif _needs_mapping(job):
                return redirect("interop:import_mapping", pk=job.pk)
            else:
                return redirect(job)
    return render(request, "interop/import/upload.html", {"form": form})


@login_required
def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    """Connect our columns to the headers of the user's own sheet, then check the file again."""
    job = _job(request, pk)
    if job.format not in SPREADSHEET_FORMATS or job.status == ImportStatus.COMMITTED:
        return redirect(job)
    form = ImportMappingForm(
        request.POST or None,
        headers=job.headers,
        initial_mapping=job.mapping or default_mapping(job.headers),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.import_job_set_mapping(job=job, mapping=form.mapping(), actor=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            services.import_job_preview(job=job, actor=request.user)
            return redirect(job)
    return render(request, "interop/import/mapping.html", {"job": job, "form": form})


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview: counts, every row error, duplicates flagged; or the commit's progress."""
    job = _job(request, pk)
    context = {
        "job": job,
        "progress": selectors.import_job_progress(job=job),
        "is_spreadsheet": job.format in SPREADSHEET_FORMATS,
        "duplicates": [item for item in job.preview if item.get("possible_duplicates")],
        "changed": [item for item in job.preview if item.get("action") != "unchanged"],
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "interop/import/_progress.html", context)
    return render(request, "interop/import/detail.html", context)


@login_required
@require_POST
def import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    """Lagre alt: one transaction, all or nothing (a background task for large files)."""
    job = _job(request, pk)
    try:
        job = services.import_job_start_commit(job=job, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(job)
    if job.status == ImportStatus.COMMITTED:
        messages.success(request, _("Importen er lagret."))
    elif job.status == ImportStatus.FAILED:
        messages.error(request, _("Importen ble avvist. Ingenting er lagret."))
    return redirect(job)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    """Our spreadsheet template: the columns and one example row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Prosjekter")
    sheet.append([str(label) for label, _required in COLUMNS.values()])
    sheet.append([EXAMPLE.get(key, "") for key in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, (label, _required) in enumerate(COLUMNS.values(), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(str(label)) + 4)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="kunnskapsbro-importmal.xlsx"'
    return response


@login_required
def duplicate_list(request: HttpRequest) -> HttpResponse:
    """Pairs of projects that look like one (same grant id, or same title and dates)."""
    pairs = selectors.duplicate_project_pairs(user=request.user)
    return render(request, "interop/import/duplicates.html", {"pairs": pairs})


@login_required
def project_merge(request: HttpRequest) -> HttpResponse:
    """Choose which of two projects to keep, see what moves, confirm."""
    source = request.POST if request.method == "POST" else request.GET
    try:
        pks = [int(source.get("first", "")), int(source.get("second", ""))]
    except ValueError as exc:
        raise Http404(_("Velg to prosjekter.")) from exc
    projects = [
        p
        for p in selectors.merge_candidates(pks=pks)
        if selectors.can_import(request.user, p.partnership_id)
    ]
    if len(projects) != 2:
        raise Http404(_("Velg to forskjellige prosjekter som finnes."))
    form = MergeChoiceForm(source if "keep" in source else None, projects=projects)
    context: dict[str, Any] = {
        "projects": projects,
        "form": form,
        "first": pks[0],
        "second": pks[1],
    }
    if form.is_bound and form.is_valid():
        keep = next(p for p in projects if p.pk == form.cleaned_data["keep"])
        merge = next(p for p in projects if p.pk != keep.pk)
        if request.method == "POST" and request.POST.get("confirm"):
            try:
                kept = services.project_merge(keep=keep, merge=merge, actor=request.user)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("«%(merge)s» er slått sammen inn i «%(keep)s».")
                    % {"merge": merge.title, "keep": kept.title},
                )
                return redirect(kept)
        context.update(
            keep=keep, merge=merge, moves=selectors.merge_preview(keep=keep, merge=merge)
        )
    return render(request, "interop/import/merge.html", context)
