"""``GET /api/v1/projects/export``: the filtered portfolio as CSV, XLSX or JSON.

The same filters as ``GET /api/v1/projects`` and the same visibility (anonymous callers get
public projects only); the file is the one the list page's download links give.
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from ninja import Query, Router

from kunnskapsbro.accounts.auth import api_user
from kunnskapsbro.core.api_errors import ProblemDocument
from kunnskapsbro.projects.api import _portfolio_filters
from kunnskapsbro.projects.schemas import ProjectFilters
from kunnskapsbro.projects.selectors import project_list

from .export_views import export_response
from .exporters.spreadsheet import CONTENT_TYPES

router = Router(tags=["import og eksport"])

_FILE = {"schema": {"type": "string", "format": "binary"}}


@router.get(
    "/projects/export",
    response={401: ProblemDocument, 422: ProblemDocument},
    summary="Last ned porteføljen (CSV, XLSX eller JSON) med de samme filtrene som listen",
    openapi_extra={
        "responses": {
            200: {
                "description": "Filen; CSV er semikolonseparert UTF-8 med BOM",
                "content": dict.fromkeys(CONTENT_TYPES.values(), _FILE),
            }
        }
    },
)
def export_projects(
    request: HttpRequest,
    filters: Query[ProjectFilters],
    format: Literal["csv", "xlsx", "json"] = "csv",  # noqa: A002 (the public parameter name)
) -> HttpResponseBase:
    queryset = project_list(user=api_user(request), filters=_portfolio_filters(filters))
    base_url = request.build_absolute_uri("/").rstrip("/")
    return export_response(queryset, fmt=format, base_url=base_url)
