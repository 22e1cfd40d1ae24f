"""Forms for the dashboard's filters and for ordering an annual report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kunnskapsbro.partnerships.models import FocusArea

from .models import ReportFormat, ReportLanguage
from .selectors import DashboardFilters

FIRST_YEAR = 2010


def year_choices() -> list[tuple[int, str]]:
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year + 1, FIRST_YEAR - 1, -1)]


class DashboardFilterForm(forms.Form):
    """Year and focus area, read from the URL so a filtered dashboard can be bookmarked."""

    year = forms.TypedChoiceField(label=_("År"), required=False, coerce=int, empty_value=None)
    focus_area = forms.TypedChoiceField(
        label=_("Fokusområde"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, focus_areas: list[FocusArea], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Alle år"))] + year_choices()
        self.fields["focus_area"].choices = [("", _("Alle fokusområder"))] + [
            (area.pk, area.name) for area in focus_areas
        ]

    def to_filters(self) -> DashboardFilters:
        """The valid filters; an invalid value is dropped (and shown as an error on its field)."""
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return DashboardFilters(year=data.get("year"), focus_area=data.get("focus_area"))


class AnnualReportForm(forms.Form):
    year = forms.TypedChoiceField(label=_("År"), coerce=int)
    language = forms.ChoiceField(
        label=_("Språk"), choices=ReportLanguage.choices, initial=ReportLanguage.NB
    )
    output_format = forms.ChoiceField(
        label=_("Format"), choices=ReportFormat.choices, initial=ReportFormat.PDF
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()
        self.fields["year"].initial = timezone.localdate().year - 1
