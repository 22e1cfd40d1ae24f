"""Forms for registering and editing organisations and people."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Organization, Person


class OrganizationForm(forms.ModelForm):
    # Wider than the column so «974 767 880» can be typed; the service normalises and checks it.
    orgnr = forms.CharField(label=_("Organisasjonsnummer"), max_length=20, required=False)

    class Meta:
        model = Organization
        fields = [
            "name",
            "name_en",
            "short_name",
            "kind",
            "orgnr",
            "municipality_number",
            "country",
            "ror_id",
            "cristin_id",
            "website",
        ]
        help_texts = {
            "orgnr": _("Ni siffer fra Enhetsregisteret, f.eks. 974 767 880. Tomt for utenlandske."),
            "municipality_number": _("Fire siffer, for kommuner (f.eks. 5001)."),
            "country": _("Landkode med to bokstaver, f.eks. NO."),
        }

    def _post_clean(self) -> None:
        # The service validates the model (orgnr checksum, uniqueness) and names the field.
        pass

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["first_name", "last_name", "email", "phone", "orcid", "expertise"]
        help_texts = {"orcid": _("F.eks. 0000-0002-1825-0097")}
        widgets = {"expertise": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self) -> None:
        pass

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
