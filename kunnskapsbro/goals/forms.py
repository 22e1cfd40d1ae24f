"""Forms for the goals pages: goals, indicators, measurements, milestones, action plans and
their activities. The services validate the rows; forms only parse what people type."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import (
    ActionPlan,
    Activity,
    Goal,
    GoalKind,
    GoalScope,
    Indicator,
    Measurement,
    Milestone,
)


class MeasurementForm(forms.ModelForm):
    # Text, so «72,5» and «1 200» can be typed as Norwegians write them.
    value = forms.CharField(label=_("Verdi"), max_length=40)

    class Meta:
        model = Measurement
        fields = ["value", "date", "source", "comment"]
        widgets = {
            "value": forms.TextInput(attrs={"inputmode": "decimal"}),
            "date": forms.DateInput(attrs={"type": "date"}),
            "comment": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        self.fields["source"].help_text = _("Hvor tallet kommer fra, f.eks. en undersøkelse.")

    def clean_value(self) -> Decimal:
        raw = "".join(self.cleaned_data["value"].split()).replace(",", ".")
        try:
            return Decimal(raw)
        except InvalidOperation as exc:
            raise forms.ValidationError(_("Skriv verdien som et tall, f.eks. 72,5.")) from exc

    def _post_clean(self) -> None:
        # The service validates the row (the indicator is not on the form).
        pass


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "goal", "due_date", "status", "evidence", "evidence_url", "achieved_on"]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "achieved_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.filter(
            partnership_id=self.instance.partnership_id
        ).order_by("scope", "order", "id")

    def _post_clean(self) -> None:
        pass


DATE_WIDGET = {"type": "date"}


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")


def parse_norwegian_decimal(raw: str) -> Decimal | None:
    """«72,5» and «1 200» as Norwegians write them; empty is None."""
    text = "".join((raw or "").split()).replace("\u00a0", "").replace(",", ".")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise forms.ValidationError(_("Skriv verdien som et tall, f.eks. 72,5.")) from exc


class NorwegianDecimalField(forms.Field):
    """A decimal typed as text, so decimal comma and spaces are accepted."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return format(value.normalize(), "f").replace(".", ",")
        return value

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, Decimal):
            return value
        return parse_norwegian_decimal(str(value or "")[:40])


SCOPE_REQUIRED = {
    "focus_area": _("Velg fokusområdet målet gjelder."),
    "element": _("Velg det tverrgående elementet målet gjelder."),
    "project": _("Velg prosjektet målet gjelder."),
}


class GoalForm(forms.ModelForm):
    """A new goal: kind, what it is about (scope), title and description."""

    scope = forms.ChoiceField(
        label=_("Gjelder"),
        choices=GoalScope.choices,
        initial=GoalScope.PARTNERSHIP,
        widget=forms.RadioSelect,
        help_text=_("Velg fokusområde, element eller prosjekt under når målet gjelder ett av dem."),
    )

    class Meta:
        model = Goal
        fields = ["kind", "scope", "focus_area", "element", "project", "title", "description"]
        widgets = {"kind": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = GoalKind.choices
        for name, queryset in selectors.scope_choices(partnership_id=partnership_id).items():
            self.fields[name].queryset = queryset
            self.fields[name].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        scope = data.get("scope")
        for name in ("focus_area", "element", "project"):
            if name != scope:
                data[name] = None
            elif data.get(name) is None and name not in self.errors:
                self.add_error(name, SCOPE_REQUIRED[name])
        return data

    def _post_clean(self) -> None:
        pass


class GoalEditForm(forms.ModelForm):
    """Editing a goal: the scope stays (make a new goal to move it)."""

    class Meta:
        model = Goal
        fields = ["kind", "title", "description", "order"]
        widgets = {"kind": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = GoalKind.choices

    def _post_clean(self) -> None:
        pass


class IndicatorForm(forms.ModelForm):
    baseline_value = NorwegianDecimalField(label=_("Utgangsverdi"), required=False)
    target_value = NorwegianDecimalField(label=_("Målverdi"), required=False)

    class Meta:
        model = Indicator
        fields = [
            "name",
            "description",
            "method",
            "computed_kind",
            "partner",
            "unit",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "owner",
            "reporting_period",
        ]
        widgets = {
            "method": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
            "baseline_date": _date_input(),
            "target_date": _date_input(),
        }

    def __init__(self, *args: Any, partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [
            c for c in self.fields["method"].choices if c[0]
        ]  # no empty radio
        self.fields["computed_kind"].help_text = _("Bare for indikatorer systemet beregner.")
        self.fields["partner"].queryset = selectors.partner_choices(partnership_id=partnership_id)
        self.fields["owner"].queryset = selectors.person_choices()
        self.fields["owner"].help_text = _(
            "Personen som registrerer målingene (ser dem under «Mine målinger»)."
        )

    def _post_clean(self) -> None:
        pass


class ActionPlanForm(forms.ModelForm):
    """A handlingsplan: for one focus area or one cross-cutting element."""

    class Meta:
        model = ActionPlan
        fields = [
            "title",
            "focus_area",
            "element",
            "description",
            "status",
            "start_date",
            "end_date",
            "adopted_on",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "start_date": _date_input(),
            "end_date": _date_input(),
            "adopted_on": _date_input(),
        }

    def __init__(self, *args: Any, partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = selectors.scope_choices(partnership_id=partnership_id)
        self.fields["focus_area"].queryset = choices["focus_area"]
        self.fields["element"].queryset = choices["element"]
        self.fields["focus_area"].help_text = _(
            "Velg enten et fokusområde eller et tverrgående element."
        )
        if self.instance.pk:
            # The area or element of an existing plan stays.
            del self.fields["focus_area"]
            del self.fields["element"]

    def _post_clean(self) -> None:
        pass


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["title", "description", "responsible", "due_date", "status", "goal", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "due_date": _date_input()}

    def __init__(self, *args: Any, partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = selectors.person_choices()
        self.fields["goal"].queryset = selectors.goal_choices(partnership_id=partnership_id)

    def _post_clean(self) -> None:
        pass
