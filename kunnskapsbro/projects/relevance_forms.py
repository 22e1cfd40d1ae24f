"""The relevance and capacity assessment form (the lifecycle's `assessment` step)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Project, Recommendation


class RelevanceForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Enhet som vurderer"), queryset=None)
    relevance = forms.TypedChoiceField(
        label=_("Relevans for enheten"),
        choices=[(n, f"{n}") for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 = lite relevant, 5 = svært relevant."),
    )
    plan_goal = forms.ModelChoiceField(
        label=_("Planmål prosjektet tjener"), queryset=None, required=False
    )
    plan_goal_text = forms.CharField(
        label=_("Annet planmål (fritekst)"), required=False, max_length=500
    )
    staff_hours = forms.DecimalField(
        label=_("Timer fra ansatte"), required=False, min_value=0, max_digits=8, decimal_places=1
    )
    months = forms.IntegerField(label=_("Varighet (måneder)"), required=False, min_value=1)
    students_collecting_data = forms.IntegerField(
        label=_("Studenter som samler inn data"), required=False, min_value=0
    )
    recommendation = forms.ChoiceField(
        label=_("Anbefaling"), choices=Recommendation.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Vilkår / kommentar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Påkrevd når enheten setter vilkår eller ikke vil delta."),
    )
    advance = forms.BooleanField(
        label=_("Flytt prosjektet videre etter vurderingen"),
        required=False,
        initial=True,
        help_text=_("Til «Søknad under arbeid» ved deltakelse, til «Avslått av kommunen» ellers."),
    )

    def __init__(self, *args: Any, project: Project, units: Any, goals: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["plan_goal"].queryset = goals
