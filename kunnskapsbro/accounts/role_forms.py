"""The form an administrator uses to give someone a role in their partnership."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Role


class RoleAssignForm(forms.Form):
    user = forms.CharField(
        label=_("Bruker"),
        max_length=254,
        help_text=_("Brukernavn eller e-postadresse."),
    )
    role = forms.ChoiceField(label=_("Rolle"), choices=Role.choices)
    focus_area = forms.ModelChoiceField(
        label=_("Satsingsområde"),
        queryset=None,
        required=False,
        help_text=_("Påkrevd for satsingsområdeleder."),
    )
    org_unit = forms.ModelChoiceField(
        label=_("Enhet"),
        queryset=None,
        required=False,
        help_text=_("Påkrevd for enhetsredaktør; gjelder også underenhetene."),
    )
    body = forms.ModelChoiceField(
        label=_("Organ"),
        queryset=None,
        required=False,
        help_text=_("Valgfritt for medlem av innovasjonsutvalg."),
    )
    valid_from = forms.DateField(
        label=_("Gyldig fra"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_to = forms.DateField(
        label=_("Gyldig til og med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from kunnskapsbro.organizations.models import OrgUnit

        self.fields["focus_area"].queryset = partnership.focus_areas.order_by("order", "name")
        self.fields["body"].queryset = partnership.bodies.order_by("kind", "name")
        party_ids = partnership.party_links.values("organization_id")
        self.fields["org_unit"].queryset = (
            OrgUnit.objects.filter(
                Q(organization_id__in=party_ids) | Q(organization__parent_id__in=party_ids)
            )
            .select_related("organization")
            .order_by("organization__name", "name")
        )
        self.fields["org_unit"].label_from_instance = lambda u: f"{u.name} ({u.organization})"

    def clean_user(self) -> Any:
        value = self.cleaned_data["user"].strip()
        users = get_user_model().objects.filter(is_active=True)
        found = users.filter(username=value).first() or (
            users.filter(email__iexact=value).first() if "@" in value else None
        )
        if found is None:
            raise forms.ValidationError(
                _("Fant ingen aktiv bruker med brukernavn eller e-post «%(v)s».") % {"v": value}
            )
        return found
