"""The dashboard's and the report's education figures, read through ``education.selectors``.

``education_counts`` (owned by the education app) counts placements, theses, EVU courses, EiT
villages and teaching per year, unit and focus area, narrowed by the dashboard's year and focus
area; this module only turns its rows into two charts. Each row links to the education page
behind it: the overview for a year, the placement list for a unit (the links carry the same
filters, so the list agrees with the figure).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from kunnskapsbro.partnerships.models import Partnership

from .charts import Chart, Column, _base_spec, _plain, horizontal_bars
from .selectors import DashboardFilters

# The keys of education_counts' rows the year table shows, in order.
YEAR_MEASURES = (
    "placement_students",
    "placements",
    "theses",
    "courses",
    "course_participants",
    "eit_students",
    "teaching_hours",
)
# The measures drawn as bars (people); the rest are in the table and the CSV.
CHART_MEASURES = ("placement_students", "theses", "course_participants", "eit_students")


def education_available() -> bool:
    return apps.is_installed("kunnskapsbro.education")


def _url(name: str, params: dict[str, Any]) -> str:
    """A page of the education app with filters, or "" when the app has no such page."""
    try:
        base = reverse(name)
    except NoReverseMatch:
        return ""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return base + (f"?{query}" if query else "")


def _labels() -> dict[str, str]:
    return {
        "placement_students": _("Studenter i praksis"),
        "placements": _("Praksisplasser"),
        "theses": _("Oppgaver"),
        "courses": _("EVU-kurs"),
        "course_participants": _("Deltakere på EVU-kurs"),
        "eit_students": _("Studenter i EiT-landsbyer"),
        "teaching_hours": _("Undervisning og veiledning (timer)"),
    }


def education_figures(*, partnership: Partnership, filters: DashboardFilters) -> dict[str, Any]:
    """``education_counts`` for the dashboard's year and focus area (one query per kind)."""
    from kunnskapsbro.education import selectors as education_selectors

    return education_selectors.education_counts(
        partnership=partnership, year=filters.year, focus_area=filters.focus_area
    )


def dashboard_charts(
    *,
    partnership: Partnership,
    slug: str,
    filters: DashboardFilters,
    data: dict[str, Any] | None = None,
) -> list[Chart]:
    """Education per year and per municipal unit (empty charts when nothing is registered;
    ``data``: ``education_figures``' result, read afresh when not given)."""
    if not education_available():
        return []
    counts = (
        data if data is not None else education_figures(partnership=partnership, filters=filters)
    )
    labels = _labels()
    overview_params = {"partnerskap": slug}
    list_params = {"partnership": partnership.pk, "focus_area": filters.focus_area}

    year_rows = [
        {
            **{key: row.get(key) or 0 for key in YEAR_MEASURES},
            "year": row["year"],
            "label": str(row["year"]),
            "href": _url("education:index", {**overview_params, "ar": row["year"]}),
        }
        for row in counts["by_year"]
        if any(row.get(key) for key in YEAR_MEASURES)
    ]
    if filters.focus_area:
        # Teaching has no focus area: with a focus area chosen it is not counted at all.
        for row in year_rows:
            row["teaching_hours"] = None
    long_values = [
        {"label": row["label"], "measure": labels[key], "value": row[key], "href": row["href"]}
        for row in year_rows
        for key in CHART_MEASURES
    ]
    year_spec = _base_spec(
        _("Utdanningssamarbeid per år"),
        _("Grupperte stolper: studenter i praksis, oppgaver, EVU-deltakere og EiT-studenter."),
        _plain(long_values),
    )
    year_spec.update(
        {
            "height": 220,
            "mark": {"type": "bar", "cursor": "pointer", "tooltip": True},
            "encoding": {
                "x": {"field": "label", "type": "ordinal", "title": _("År"), "sort": None},
                "xOffset": {"field": "measure", "type": "nominal", "sort": None},
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "title": _("Antall"),
                    "axis": {"format": ",d", "tickMinStep": 1},
                },
                "color": {"field": "measure", "type": "nominal", "title": None, "sort": None},
                "href": {"field": "href", "type": "nominal"},
            },
        }
    )
    charts = [
        Chart(
            key="education_year",
            title=_("Utdanningssamarbeid per år"),
            description=_(
                "Studenter i praksis, studentoppgaver, etter- og videreutdanning (EVU), "
                "EiT-landsbyer og undervisning ved kommunens ansatte, per år. Med fokusområde "
                "valgt telles bare det som er knyttet til fokusområdet (undervisning har ikke "
                "fokusområde og er da ikke med)."
            ),
            columns=[Column("label", _("År"))]
            + [Column(key, labels[key], "number") for key in YEAR_MEASURES],
            rows=year_rows,
            spec=year_spec,
            list_url=_url("education:index", {**overview_params, "ar": filters.year}),
        )
    ]

    unit_rows = [
        {
            "unit": row["unit_id"],
            "label": row["unit"] or _("Uten enhet"),
            "placement_students": row.get("placement_students") or 0,
            "theses": row.get("theses") or 0,
            "course_participants": row.get("course_participants") or 0,
            "teaching_hours": row.get("teaching_hours") or 0,
            "href": _url(
                "education:placement_list",
                {**list_params, "year": filters.year, "unit": row["unit_id"]},
            ),
        }
        for row in counts["by_unit"]
        if row["unit_id"] is not None
    ]
    unit_rows.sort(key=lambda row: (-row["placement_students"], row["label"]))
    charts.append(
        Chart(
            key="education_unit",
            title=_("Studenter i praksis per enhet"),
            description=_(
                "Studenter i praksis, oppgaver, EVU-deltakere og undervisningstimer per "
                "kommunal enhet. Lenkene viser praksisplassene ved enheten."
            ),
            columns=[
                Column("label", _("Enhet")),
                Column("placement_students", labels["placement_students"], "number"),
                Column("theses", labels["theses"], "number"),
                Column("course_participants", labels["course_participants"], "number"),
                Column("teaching_hours", labels["teaching_hours"], "number"),
            ],
            rows=unit_rows,
            spec=horizontal_bars(
                title=_("Studenter i praksis per enhet"),
                description=_("Stolpediagram: studenter i praksis ved hver kommunal enhet."),
                values=[
                    {k: row[k] for k in ("label", "placement_students", "href")}
                    for row in unit_rows
                ],
                x="placement_students",
                x_title=_("Studenter i praksis"),
            ),
            list_url=_url("education:placement_list", {**list_params, "year": filters.year}),
        )
    )
    return charts
