"""Downloads of the filtered portfolio: the list page's filters in, CSV/XLSX/JSON out."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from kunnskapsbro.projects import selectors as project_selectors
from kunnskapsbro.projects.forms import PortfolioFilterForm

from .exporters import spreadsheet


@require_GET
def portfolio_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The portfolio as the list page shows it to this user (same filters, same visibility)."""
    if fmt not in spreadsheet.FORMATS:
        raise Http404("unknown format")
    partnership_id = project_selectors.portfolio_scope(
        slug=request.GET.get("partnership") or "",
        focus_area=request.GET.get("focus_area") or "",
        element=request.GET.get("element") or "",
    )
    options = project_selectors.portfolio_filter_options(partnership_id=partnership_id)
    form = PortfolioFilterForm(request.GET or None, options=options)
    filters = form.to_filters(partnership_ids=options["partnership_ids"])
    queryset = project_selectors.project_list(user=request.user, filters=filters)
    base_url = request.build_absolute_uri("/").rstrip("/")
    return export_response(queryset, fmt=fmt, base_url=base_url)


def export_response(queryset, *, fmt: str, base_url: str) -> HttpResponseBase:  # type: ignore[no-untyped-def]
    """A download response for ``fmt``; CSV and JSON stream, XLSX comes from a temp file."""
    filename = f"portefolje-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "xlsx":
        return FileResponse(
            spreadsheet.xlsx_file(queryset),
            as_attachment=True,
            filename=filename,
            content_type=spreadsheet.CONTENT_TYPES["xlsx"],
        )
    stream = (
        spreadsheet.csv_stream(queryset)
        if fmt == "csv"
        else spreadsheet.json_stream(queryset, base_url=base_url)
    )
    response = StreamingHttpResponse(stream, content_type=spreadsheet.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
