"""The dashboard's charts: Vega-Lite specs built in Python, each with its table and its CSV.

One ``Chart`` is one figure: the Vega-Lite spec the page renders with vega-embed and
``render_svg`` turns into SVG for print, the same rows as a real table for screen readers, the
same rows as CSV, and for every row the portfolio list behind it. Nothing here queries the
database; the rows come from ``selectors``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kunnskapsbro.core import formatting

from .selectors import DashboardFilters, PortfolioAggregates

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
# vl-convert's bundled Vega-Lite version matching the vendored vega-lite (6.4).
VL_CONVERT_VERSION = "6.4"
ACCENT = "#1e6bb8"
COLORS = ["#1e6bb8", "#c2410c", "#15803d", "#7e22ce", "#b45309", "#0e7490", "#be123c", "#4d7c0f"]
# d3-format locales: Norwegian uses a decimal comma and a non-breaking space between thousands.
FORMAT_LOCALES = {
    "nb": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0kr"]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["NOK\u00a0", ""]},
}


@dataclass
class Column:
    key: str
    header: str
    kind: str = "text"  # text | number | percent | money | year
    currency_key: str = ""  # for money: the row key that holds the currency


@dataclass
class Chart:
    """A figure: spec for the page and print, rows for the table, the CSV and the links."""

    key: str
    title: str
    description: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    spec: dict[str, Any]
    list_url: str
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.rows

    def table_rows(self) -> list[list[dict[str, Any]]]:
        """Each row as display cells (formatted the Norwegian way), the first cell linked."""
        result = []
        for row in self.rows:
            cells = []
            for index, column in enumerate(self.columns):
                cells.append(
                    {
                        "text": _display(row.get(column.key), column, row),
                        "numeric": column.kind in {"number", "percent", "money"},
                        "href": row.get("href") if index == 0 else None,
                    }
                )
            result.append(cells)
        return result

    def csv(self) -> str:
        """The chart's data as CSV (plain numbers, ISO values), safe to open in a spreadsheet."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([column.header for column in self.columns] + [_("Lenke til prosjektene")])
        for row in self.rows:
            writer.writerow(
                [_csv_value(row.get(column.key)) for column in self.columns]
                + [row.get("href") or ""]
            )
        return out.getvalue()


def _display(value: Any, column: Column, row: dict[str, Any]) -> str:
    if value is None or value == "":
        return "–"
    if column.kind == "number":
        return formatting.number(value)
    if column.kind == "percent":
        return formatting.percent(value)
    if column.kind == "money":
        return formatting.money(value, row.get(column.currency_key) or "NOK")
    return str(value)


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = format(value.normalize(), "f")
    text = str(value)
    # Formula injection: a cell starting with = + - @ (or a tab/CR) would run in a spreadsheet.
    if text and text[0] in "=+-@\t\r" and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    except ValueError:
        return False
    return True


def list_url(slug: str, filters: DashboardFilters, **extra: Any) -> str:
    """The portfolio list behind a figure: the dashboard's filters plus the figure's own."""
    params: list[tuple[str, str]] = [("partnership", slug)]
    params += list(filters.list_params().items())
    for key, value in extra.items():
        if value not in (None, ""):
            params.append((key, str(value)))
    return reverse("projects:list") + "?" + urlencode(params)


def _base_spec(title: str, description: str, values: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": description,
        "title": {"text": title, "anchor": "start", "fontSize": 14},
        "width": "container",
        "autosize": {"type": "fit-x", "contains": "padding"},
        "data": {"values": values},
        "config": {
            "font": "Inter, Arial, sans-serif",
            "view": {"stroke": None},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 220},
            "legend": {"labelFontSize": 12, "titleFontSize": 12},
            "range": {"category": COLORS},
            "bar": {"color": ACCENT},
        },
    }


def _plain(values: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows as JSON-ready values (Decimal → float) for the spec."""
    return [
        {key: float(value) if isinstance(value, Decimal) else value for key, value in row.items()}
        for row in values
    ]


def horizontal_bars(
    *,
    title: str,
    description: str,
    values: list[dict[str, Any]],
    x: str,
    x_title: str,
    y: str = "label",
    y_title: str = "",
    x_format: str = ",d",
    x_domain: list[float] | None = None,
) -> dict[str, Any]:
    spec = _base_spec(title, description, _plain(values))
    x_encoding: dict[str, Any] = {
        "field": x,
        "type": "quantitative",
        "title": x_title,
        "axis": {"format": x_format, "tickMinStep": 1},
    }
    if x_domain:
        x_encoding["scale"] = {"domain": x_domain}
    spec.update(
        {
            "height": {"step": 26},
            "mark": {"type": "bar", "cursor": "pointer", "tooltip": True},
            "encoding": {
                "y": {"field": y, "type": "nominal", "sort": None, "title": y_title or None},
                "x": x_encoding,
                "href": {"field": "href", "type": "nominal"},
            },
        }
    )
    return spec


def _bar_rows(rows: list[dict[str, Any]], href: Callable[[dict[str, Any]], str]) -> list[dict]:
    return [{**row, "href": href(row)} for row in rows]


def portfolio_charts(
    *, slug: str, filters: DashboardFilters, data: PortfolioAggregates
) -> list[Chart]:
    """The portfolio's charts: status, focus area, year, partners, success rate, funding."""
    charts: list[Chart] = []

    status_rows = _bar_rows(
        data.by_status, lambda row: list_url(slug, filters, status=row["status"])
    )
    charts.append(
        Chart(
            key="status",
            title=_("Portefølje etter status"),
            description=_("Antall prosjekter i hver status i livsløpet."),
            columns=[Column("label", _("Status")), Column("count", _("Prosjekter"), "number")],
            rows=status_rows,
            spec=horizontal_bars(
                title=_("Portefølje etter status"),
                description=_("Stolpediagram: antall prosjekter i hver status."),
                values=status_rows,
                x="count",
                x_title=_("Prosjekter"),
            ),
            list_url=list_url(slug, filters),
        )
    )

    area_rows = _bar_rows(
        data.by_focus_area, lambda row: list_url(slug, filters, focus_area=row["focus_area"])
    )
    if filters.focus_area:
        # The dashboard is already narrowed to one area; the link keeps that area only.
        area_rows = [
            {
                **row,
                "href": list_url(
                    slug, DashboardFilters(year=filters.year), focus_area=row["focus_area"]
                ),
            }
            for row in area_rows
        ]
    charts.append(
        Chart(
            key="focus_area",
            title=_("Portefølje etter fokusområde"),
            description=_(
                "Antall prosjekter i hvert fokusområde. Et prosjekt i to områder telles i begge."
            ),
            columns=[Column("label", _("Fokusområde")), Column("count", _("Prosjekter"), "number")],
            rows=area_rows,
            spec=horizontal_bars(
                title=_("Portefølje etter fokusområde"),
                description=_("Stolpediagram: antall prosjekter i hvert fokusområde."),
                values=area_rows,
                x="count",
                x_title=_("Prosjekter"),
            ),
            list_url=list_url(slug, filters),
        )
    )

    year_rows = [
        {
            **row,
            "label": str(row["year"]),
            "href": list_url(
                slug, DashboardFilters(focus_area=filters.focus_area), year=row["year"]
            ),
        }
        for row in data.by_year
    ]
    year_spec = _base_spec(
        _("Prosjekter som pågår hvert år"),
        _("Stolpediagram: antall prosjekter som pågår i hvert år."),
        _plain(year_rows),
    )
    year_spec.update(
        {
            "height": 220,
            "mark": {"type": "bar", "cursor": "pointer", "tooltip": True},
            "encoding": {
                "x": {"field": "label", "type": "ordinal", "title": _("År"), "sort": None},
                "y": {
                    "field": "count",
                    "type": "quantitative",
                    "title": _("Prosjekter"),
                    "axis": {"format": ",d", "tickMinStep": 1},
                },
                "href": {"field": "href", "type": "nominal"},
            },
        }
    )
    charts.append(
        Chart(
            key="year",
            title=_("Prosjekter som pågår hvert år"),
            description=_(
                "Et prosjekt regnes med i hvert år det pågår, fra startdato til sluttdato "
                "(til i år når det ikke har sluttdato). Prosjekter uten startdato er ikke med."
            ),
            columns=[Column("label", _("År")), Column("count", _("Prosjekter"), "number")],
            rows=year_rows,
            spec=year_spec,
            list_url=list_url(slug, filters),
        )
    )

    partner_rows = _bar_rows(
        data.partner_share, lambda row: list_url(slug, filters, partner=row["partner_param"])
    )
    charts.append(
        Chart(
            key="partners",
            title=_("Andel av porteføljen med hver partner"),
            description=_(
                "Hvor stor andel av prosjektene hver organisasjon er med i, i en hvilken som "
                "helst rolle. Andelene summerer seg ikke til 100 %, fordi et prosjekt har flere "
                "partnere."
            ),
            columns=[
                Column("label", _("Organisasjon")),
                Column("count", _("Prosjekter"), "number"),
                Column("share", _("Andel"), "percent"),
            ],
            rows=partner_rows,
            spec=horizontal_bars(
                title=_("Andel av porteføljen med hver partner"),
                description=_("Stolpediagram: andel av prosjektene hver organisasjon er med i."),
                values=partner_rows,
                x="share",
                x_title=_("Andel av prosjektene (%)"),
                x_format=",.0f",
                x_domain=[0, 100],
            ),
            list_url=list_url(slug, filters),
        )
    )

    success_rows = _bar_rows(
        data.success_by_funder, lambda row: list_url(slug, filters, funder=row["funder"])
    )
    charts.append(
        Chart(
            key="success",
            title=_("Søknader innvilget, etter finansiør"),
            description=_(
                "Søknader er finansieringslinjer med status søkt, innvilget eller avslått. "
                "Innvilgelsesandelen er innvilget delt på innvilget pluss avslått; søknader som "
                "venter på svar er ikke med i andelen."
            ),
            columns=[
                Column("label", _("Finansiør")),
                Column("submitted", _("Søknader"), "number"),
                Column("granted", _("Innvilget"), "number"),
                Column("rejected", pgettext("søknader", "Avslått"), "number"),
                Column("pending", _("Venter på svar"), "number"),
                Column("rate", _("Innvilgelsesandel"), "percent"),
            ],
            rows=success_rows,
            spec=horizontal_bars(
                title=_("Innvilgelsesandel etter finansiør"),
                description=_("Stolpediagram: andel innvilgede søknader for hver finansiør."),
                values=[row for row in success_rows if row["rate"] is not None],
                x="rate",
                x_title=_("Innvilget av avgjorte søknader (%)"),
                x_format=",.0f",
                x_domain=[0, 100],
            ),
            list_url=list_url(slug, filters),
        )
    )

    funding_rows = [
        {
            **row,
            "year_label": str(row["year"]) if row["year"] else _("Uten år"),
            "href": list_url(slug, filters, funder=row["funder"]),
        }
        for row in data.funding_by_source
    ]
    funding_spec = _base_spec(
        _("Ekstern finansiering etter kilde og år"),
        _("Stablet stolpediagram: innvilget beløp per år, fargelagt etter finansiør."),
        _plain(funding_rows),
    )
    funding_spec.update(
        {
            "height": 200,
            "mark": {"type": "bar", "cursor": "pointer", "tooltip": True},
            "encoding": {
                "row": {"field": "currency", "type": "nominal", "title": _("Valuta")},
                "x": {"field": "year_label", "type": "ordinal", "title": _("År")},
                "y": {
                    "aggregate": "sum",
                    "field": "amount",
                    "type": "quantitative",
                    "title": _("Innvilget beløp"),
                    "axis": {"format": ",.0f"},
                },
                "color": {"field": "label", "type": "nominal", "title": _("Finansiør")},
                "href": {"field": "href", "type": "nominal"},
            },
            "resolve": {"scale": {"y": "independent"}},
        }
    )
    # A faceted chart takes its width per cell, not from the container.
    funding_spec["width"] = 420
    funding_spec.pop("autosize")
    charts.append(
        Chart(
            key="funding",
            title=_("Ekstern finansiering etter kilde og år"),
            description=_(
                "Innvilget beløp på innvilgede finansieringslinjer, etter finansiør og år "
                "(linjens startår, ellers prosjektets). Kroner og euro holdes hver for seg."
            ),
            columns=[
                Column("label", _("Finansiør")),
                Column("year_label", _("År")),
                Column("currency", _("Valuta")),
                Column("amount", _("Innvilget beløp"), "money", currency_key="currency"),
            ],
            rows=funding_rows,
            spec=funding_spec,
            list_url=list_url(slug, filters),
        )
    )
    return charts


def render_svg(spec: dict[str, Any], *, language: str = "nb") -> str:
    """The chart as SVG (vl-convert, offline), for print, the PDF and pages without JS."""
    import vl_convert

    return vl_convert.vegalite_to_svg(
        _print_spec(spec),
        vl_version=VL_CONVERT_VERSION,
        format_locale=FORMAT_LOCALES.get(language, FORMAT_LOCALES["nb"]),
    )


def render_png(spec: dict[str, Any], *, language: str = "nb", scale: float = 2.0) -> bytes:
    import vl_convert

    return vl_convert.vegalite_to_png(
        _print_spec(spec),
        vl_version=VL_CONVERT_VERSION,
        scale=scale,
        format_locale=FORMAT_LOCALES.get(language, FORMAT_LOCALES["nb"]),
    )


def _print_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """Print has no container to fit: give the chart a fixed width."""
    printable = dict(spec)
    if printable.get("width") == "container":
        printable["width"] = 480
        printable.pop("autosize", None)
    return printable
