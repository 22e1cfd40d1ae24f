"""Forms for needs pages: the guided (PICO) need form, status changes, the oppgavebank."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kunnskapsbro.education.models import ThesisLevel
from kunnskapsbro.organizations.models import OrgUnit
from kunnskapsbro.partnerships.models import FocusArea, Partnership

from . import lifecycle
from .models import (
    Assignment,
    AssignmentLevel,
    InterestRole,
    KnowledgeNeed,
    NeedStatus,
)


class NeedForm(forms.ModelForm):
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.all(), label=_("Partnerskap"), empty_label=None
    )

    class Meta:
        model = KnowledgeNeed
        fields = [
            "partnership",
            "title",
            "unit",
            "focus_area",
            "problem",
            "affected",
            "known",
            "wanted",
            "pico_population",
            "pico_intervention",
            "pico_comparison",
            "pico_outcome",
            "urgency",
            "visibility",
        ]
        labels = {
            "title": _("Kort tittel på behovet"),
            "problem": _("Hva er problemet?"),
            "affected": _("Hvem berøres?"),
            "known": _("Hva vet dere allerede?"),
            "wanted": _("Hva ønsker dere å finne ut?"),
        }
        help_texts = {
            "title": _("For eksempel «Nattlig uro blant beboere med demens»."),
            "problem": _("Beskriv situasjonen slik dere opplever den i tjenesten."),
            "affected": _("Brukere, innbyggere, ansatte eller pårørende."),
            "known": _("Hva er prøvd, hva sier erfaring eller forskning dere kjenner til?"),
            "pico_population": _(
                "Hvem gjelder spørsmålet? For eksempel «sykehjemsbeboere med demens»."
            ),
            "pico_intervention": _("Hvilket tiltak eller hvilken endring vil dere vite mer om?"),
            "pico_comparison": _("Sammenlignet med hva? For eksempel «dagens praksis»."),
            "pico_outcome": _("Hva skal bli bedre? For eksempel «mindre uro, bedre søvn»."),
            "visibility": _("Offentlige behov vises i den åpne oppgavebanken når de er publisert."),
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("problem", "affected", "known", "wanted")
        } | {
            name: forms.TextInput()
            for name in ("pico_population", "pico_intervention", "pico_comparison", "pico_outcome")
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(
            organization__kind__in=("municipality", "county")
        ).select_related("organization")
        self.fields["unit"].label = _("Enhet som melder behovet")
        self.fields["focus_area"].queryset = FocusArea.objects.select_related("partnership")
        self.fields["problem"].required = True
        if Partnership.objects.count() == 1:
            self.fields["partnership"].initial = Partnership.objects.first()


class NeedTransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("Ny status"))
    priority_rank = forms.IntegerField(
        label=_("Rangering (1 er høyest)"),
        required=False,
        min_value=1,
        help_text=_("Innovasjonsutvalgets rangering; kreves når behovet prioriteres."),
    )
    comment = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, need: KnowledgeNeed, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [
            (status, lifecycle.ACTION_LABELS.get(status, NeedStatus(status).label))
            for status in lifecycle.allowed_targets(need.status)
        ]


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = [
            "title",
            "description",
            "level",
            "discipline",
            "semester",
            "data_available",
            "contact_person",
            "notification_required",
        ]
        help_texts = {
            "semester": _("Skriv V2027 for våren 2027 eller H2026 for høsten 2026."),
            "notification_required": _(
                "Oppgaver som behandler personopplysninger må meldes til Sikt minst 30 dager "
                "før datainnsamlingen starter."
            ),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "data_available": forms.Textarea(attrs={"rows": 2}),
        }


class AssignmentFilterForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Nivå"), required=False, choices=[("", _("Alle nivåer")), *AssignmentLevel.choices]
    )
    discipline = forms.ChoiceField(label=_("Fagområde"), required=False)
    semester = forms.ChoiceField(label=_("Semester"), required=False)
    focus_area = forms.ModelChoiceField(
        label=_("Fokusområde"),
        required=False,
        queryset=FocusArea.objects.all(),
        empty_label=_("Alle fokusområder"),
    )

    def __init__(self, *args: Any, facets: dict[str, list[str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["discipline"].choices = [("", _("Alle fagområder"))] + [
            (d, d) for d in facets["disciplines"]
        ]
        self.fields["semester"].choices = [("", _("Alle semestre"))] + [
            (s, s) for s in facets["semesters"]
        ]


class InterestForm(forms.Form):
    role = forms.ChoiceField(label=_("Jeg melder interesse som"), choices=InterestRole.choices)
    message = forms.CharField(
        label=_("Melding til kontaktpersonen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ThesisLinkForm(forms.Form):
    title = forms.CharField(label=_("Tittel på oppgaven"), max_length=500)
    student_name = forms.CharField(label=_("Student"), max_length=300)
    level = forms.ChoiceField(label=_("Nivå"), choices=ThesisLevel.choices)
    year = forms.IntegerField(label=_("År"), min_value=1950, max_value=2100)
    nva_url = forms.URLField(
        label=_("Lenke til ferdig oppgave (NVA)"),
        required=False,
        assume_scheme="https",
        help_text=_("Når lenken er fylt inn, regnes oppgaven som levert og behovet som besvart."),
    )


class MatchForm(forms.Form):
    q = forms.CharField(
        label=_("Beskriv behovet eller temaet"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(forms.Form):
    """Link what answers a need: a project (from the matches) or an evidence review."""

    kind = forms.ChoiceField(
        label=_("Type svar"),
        choices=[("project", _("Prosjekt")), ("review", _("Kunnskapsoppsummering"))],
    )
    project = forms.IntegerField(required=False, widget=forms.HiddenInput)
    review_title = forms.CharField(
        label=_("Tittel på kunnskapsoppsummeringen"), required=False, max_length=500
    )
    review_url = forms.URLField(label=_("Lenke"), required=False, assume_scheme="https")
