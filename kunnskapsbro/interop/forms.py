"""Forms for the import pages: upload, column mapping, choosing which duplicate to keep."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kunnskapsbro.partnerships.models import Partnership

from .importers.base import MAX_BYTES
from .importers.spreadsheet import COLUMNS
from .models import ImportFormat


class ImportUploadForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=ImportFormat.choices)
    partnership = forms.ModelChoiceField(
        label=_("Partnerskap"),
        queryset=Partnership.objects.order_by("name"),
        help_text=_("Prosjektene i filen registreres i dette partnerskapet."),
    )
    file = forms.FileField(
        label=_("Fil"),
        help_text=_("Største filstørrelse er %(mb)s MB.") % {"mb": round(MAX_BYTES / 1024 / 1024)},
    )
    extra_file = forms.FileField(
        label=_("Tilleggsfil (valgfri)"),
        required=False,
        help_text=_("For CORDIS: organization.json når filen over er project.json."),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None:
            from .selectors import importable_partnerships

            field = self.fields["partnership"]
            field.queryset = importable_partnerships(user)  # type: ignore[attr-defined]
            field.error_messages["invalid_choice"] = _(
                "Du kan ikke importere til dette partnerskapet (krever rollen administrator "
                "eller koordinator i partnerskapet)."
            )


class ImportMappingForm(forms.Form):
    """One select per of our columns, its options the headers of the user's own sheet."""

    def __init__(self, *args: Any, headers: list[str], initial_mapping: dict[str, str], **kw: Any):
        super().__init__(*args, **kw)
        choices = [("", _("– Ikke i filen –"))] + [(h, h) for h in headers if h]
        for key, (label, required) in COLUMNS.items():
            self.fields[key] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=required,
                initial=initial_mapping.get(key, ""),
            )

    def mapping(self) -> dict[str, str]:
        return {key: value for key, value in self.cleaned_data.items() if value}


class MergeChoiceForm(forms.Form):
    """Which of two projects to keep; the other is merged into it."""

    keep = forms.TypedChoiceField(label=_("Behold"), coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args: Any, projects: list[Any], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["keep"].choices = [(p.pk, f"{p.title} (#{p.pk})") for p in projects]
