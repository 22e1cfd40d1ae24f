"""The form to register an outcome in practice (what changed in the municipality)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import OutcomeKind


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Hva endret seg"), choices=OutcomeKind.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("Beskrivelse av endringen"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hva gjøres annerledes nå, og for hvem?"),
    )
    date = forms.DateField(
        label=_("Dato"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Når endringen ble tatt i bruk."),
    )
    unit = forms.ModelChoiceField(label=_("Hvor (enhet)"), queryset=None, required=False)
    effect_goal = forms.ModelChoiceField(
        label=_("Effektmål endringen bidrar til"), queryset=None, required=False
    )
    evidence = forms.CharField(
        label=_("Dokumentasjon"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("F.eks. vedtak, rutinebeskrivelse eller evaluering."),
    )
    evidence_url = forms.URLField(
        label=_("Lenke til dokumentasjon"), required=False, assume_scheme="https"
    )

    def __init__(self, *args: Any, units: Any, goals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["effect_goal"].queryset = goals
        self.fields["date"].initial = timezone.localdate()
