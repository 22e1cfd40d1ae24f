"""The article form (erfaringsdeling). It validates input; ``services`` writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kunnskapsbro.organizations import selectors as org_selectors
from kunnskapsbro.organizations.models import Person
from kunnskapsbro.partnerships.models import Partnership

from .models import ArticleStatus


def authors_label(people: list[Person]) -> str:
    """Authors as they are typed in the form: «Navn [lenkenavn]; ...»."""
    return "; ".join(f"{p.full_name} [{p.slug}]" for p in people)


class AuthorsField(forms.CharField):
    """Authors separated by semicolons; each a name, e-mail or link name of a registered person."""

    def clean(self, value: Any) -> list[Person]:
        value = super().clean(value)
        people: list[Person] = []
        for part in (value or "").split(";"):
            part = part.strip()
            if not part:
                continue
            person = org_selectors.person_find(part)
            if person is None:
                raise forms.ValidationError(
                    _("Fant ingen registrert person «%(v)s»."), params={"v": part}
                )
            if person not in people:
                people.append(person)
        return people


class ArticleForm(forms.Form):
    partnership = forms.ModelChoiceField(
        label=_("Partnerskap"),
        queryset=Partnership.objects.order_by("name"),
        help_text=_("Partnerskapet som forteller."),
    )
    title = forms.CharField(label=_("Tittel"), max_length=300)
    slug = forms.SlugField(
        label=_("Lenkenavn"),
        max_length=120,
        required=False,
        help_text=_("Brukes i adressen. Tomt gir et lenkenavn laget av tittelen."),
    )
    lead = forms.CharField(
        label=_("Ingress"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    body = forms.CharField(
        label=_("Tekst"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Tom linje gir nytt avsnitt."),
    )
    authors = AuthorsField(
        label=_("Forfattere"),
        required=False,
        max_length=2000,
        help_text=_("Navn eller e-post, skilt med semikolon."),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ArticleStatus.choices, initial=ArticleStatus.DRAFT
    )
    published_on = forms.DateField(
        label=_("Publiseringsdato"),
        required=False,
        help_text=_("Tomt: dagens dato når artikkelen publiseres."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if editing:
            # An article stays with its partnership and keeps its address.
            del self.fields["partnership"]
            del self.fields["slug"]
