"""Forms for the goals pages: add a measurement, edit a milestone."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Goal, Measurement, Milestone


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
