"""Dashboard pages (htmx swaps the tiles when filters change), CSV/SVG per chart, the annual
report (HTML now, PDF as a background job whose progress the page polls)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kunnskapsbro.partnerships.models import Partnership

from . import annual, charts, figures, selectors, services
from .forms import AnnualReportForm, DashboardFilterForm
from .models import ReportJob


def report_index(request: HttpRequest) -> HttpResponse:
    """The partnerships whose dashboards the visitor may see."""
    partnerships = Partnership.objects.order_by("name")
    if not request.user.is_authenticated:
        partnerships = partnerships.filter(is_public=True)
    return render(request, "reports/index.html", {"partnerships": list(partnerships)})


def _dashboard(request: HttpRequest, slug: str) -> dict[str, Any]:
    partnership = selectors.dashboard_partnership(slug=slug, user=request.user)
    focus_areas = selectors.dashboard_focus_areas(partnership=partnership)
    form = DashboardFilterForm(request.GET or None, focus_areas=focus_areas)
    filters = form.to_filters()
    data = figures.dashboard_data(
        partnership=partnership, user=request.user, filters=filters, focus_areas=focus_areas
    )
    chart_list = figures.dashboard_charts(
        partnership=partnership, user=request.user, filters=filters, data=data
    )
    return {
        "partnership": partnership,
        "form": form,
        "filters": filters,
        "data": data.portfolio,
        "charts": chart_list,
        "focus_area_name": next(
            (area.name for area in focus_areas if area.pk == filters.focus_area), ""
        ),
        "list_url": charts.list_url(partnership.slug, filters),
        "query": request.GET.urlencode(),
        "format_locale": charts.FORMAT_LOCALES["en" if _english(request) else "nb"],
    }


def _english(request: HttpRequest) -> bool:
    return (getattr(request, "LANGUAGE_CODE", "nb") or "nb").startswith("en")


def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    """The steering group's dashboard for one partnership, filterable by year and focus area."""
    context = _dashboard(request, slug)
    if request.htmx and not request.htmx.boosted:
        return render(request, "reports/_tiles.html", context)
    if request.user.is_authenticated:
        # Its own ids: the filter form above has fields with the same names.
        context["report_form"] = AnnualReportForm(auto_id="report_%s")
        context["jobs"] = _recent_jobs(context["partnership"])
    return render(request, "reports/dashboard.html", context)


def _recent_jobs(partnership: Partnership) -> list[ReportJob]:
    return list(selectors.report_jobs(partnership=partnership)[:5])


def _chart(request: HttpRequest, slug: str, key: str) -> charts.Chart:
    context = _dashboard(request, slug)
    for chart in context["charts"]:
        if chart.key == key:
            return chart
    raise Http404("no such chart")


def chart_csv(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """The chart's data as CSV (UTF-8 with BOM so Excel reads æøå)."""
    chart = _chart(request, slug, key)
    response = HttpResponse("\ufeff" + chart.csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{key}.csv"'
    return response


def chart_svg(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """The chart as SVG (for print and for pages without JavaScript)."""
    chart = _chart(request, slug, key)
    svg = charts.render_svg(chart.spec, language="en" if _english(request) else "nb")
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=60"
    return response


@login_required
def annual_report_html(request: HttpRequest, slug: str) -> HttpResponse:
    """The annual report as a web page (the PDF is made from the same template)."""
    partnership = selectors.dashboard_partnership(slug=slug, user=request.user)
    form = AnnualReportForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            "reports/annual_form.html",
            {"partnership": partnership, "report_form": form},
            status=422,
        )
    html = annual.annual_report_html(
        partnership=partnership,
        year=form.cleaned_data["year"],
        language=form.cleaned_data["language"],
    )
    return HttpResponse(html)


@login_required
@require_POST
def annual_report_order(request: HttpRequest, slug: str) -> HttpResponse:
    """Order the annual report as a background job; the job's page shows its progress."""
    partnership = selectors.dashboard_partnership(slug=slug, user=request.user)
    form = AnnualReportForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "reports/annual_form.html",
            {"partnership": partnership, "report_form": form},
            status=422,
        )
    job = services.report_job_create(
        partnership=partnership,
        year=form.cleaned_data["year"],
        language=form.cleaned_data["language"],
        output_format=form.cleaned_data["output_format"],
        actor=request.user,
    )
    return redirect("reports:job", pk=job.pk)


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A report job's progress; htmx polls the status fragment until the job is finished."""
    job = selectors.report_job(pk=pk)
    context = {"job": job, "partnership": job.partnership}
    if request.htmx and not request.htmx.boosted:
        return render(request, "reports/_job_status.html", context)
    return render(request, "reports/job_detail.html", context)


@login_required
def job_file(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.report_job(pk=pk)
    if not job.file:
        raise Http404(_("Rapporten er ikke ferdig."))
    extension = job.output_format
    name = f"arsrapport-{job.partnership.slug}-{job.year}.{extension}"
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=name)
