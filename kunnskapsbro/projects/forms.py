"""Forms for the portfolio: the filter form (GET) and the project form with its row formsets."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kunnskapsbro.organizations import selectors as org_selectors
from kunnskapsbro.organizations.models import Organization, Person
from kunnskapsbro.partnerships.models import CrossCuttingElement, FocusArea, Partnership

from . import lifecycle
from .models import (
    FundingStatus,
    IdentifierScheme,
    ParticipantRole,
    PartnerRole,
    Project,
    ProjectKind,
    ProjectStatus,
)
from .selectors import SORTS, PortfolioFilters

SDG_CHOICES = [
    (1, _("1 Utrydde fattigdom")),
    (2, _("2 Utrydde sult")),
    (3, _("3 God helse og livskvalitet")),
    (4, _("4 God utdanning")),
    (5, _("5 Likestilling mellom kjønnene")),
    (6, _("6 Rent vann og gode sanitærforhold")),
    (7, _("7 Ren energi for alle")),
    (8, _("8 Anstendig arbeid og økonomisk vekst")),
    (9, _("9 Innovasjon, industri og infrastruktur")),
    (10, _("10 Mindre ulikhet")),
    (11, _("11 Bærekraftige byer og lokalsamfunn")),
    (12, _("12 Ansvarlig forbruk og produksjon")),
    (13, _("13 Stoppe klimaendringene")),
    (14, _("14 Livet i havet")),
    (15, _("15 Livet på land")),
    (16, _("16 Fred, rettferdighet og velfungerende institusjoner")),
    (17, _("17 Samarbeid for å nå målene")),
]

IDENTIFIER_FIELDS = [
    IdentifierScheme.RCN_PROJECT,
    IdentifierScheme.EU_GRANT,
    IdentifierScheme.CRISTIN_PROJECT,
    IdentifierScheme.NVA_PROJECT,
    IdentifierScheme.DOI,
    IdentifierScheme.INTERNAL,
]


class AmountField(forms.DecimalField):
    """Accepts amounts as people type them: «12 000 000», «1 803 281,25», «12000000.50».

    A text input (not type=number) so spaces and decimal commas can be typed at all.
    """

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {}

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            compact = value.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
            compact = compact.removesuffix("kr").removesuffix(",-")
            if "," in compact and "." in compact:
                compact = compact.replace(".", "").replace(",", ".")
            else:
                compact = compact.replace(",", ".")
            value = compact
        return super().to_python(value)


class DsCheckboxMixin:
    """Designsystemet styles checkboxes through the ``ds-input`` class on the input itself."""

    def _style_checkboxes(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field.widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                field.widget.attrs["class"] = "ds-input"


class PortfolioFilterForm(DsCheckboxMixin, forms.Form):
    """The portfolio's filters, read from the URL so a filtered list can be bookmarked."""

    q = forms.CharField(label=_("Søk"), required=False, max_length=200)
    partnership = forms.ChoiceField(label=_("Partnerskap"), required=False)
    status = forms.MultipleChoiceField(
        label=_("Status"),
        required=False,
        choices=ProjectStatus.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    kind = forms.MultipleChoiceField(
        label=_("Type"),
        required=False,
        choices=ProjectKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    focus_area = forms.MultipleChoiceField(
        label=_("Fokusområde"), required=False, widget=forms.CheckboxSelectMultiple
    )
    element = forms.MultipleChoiceField(
        label=_("Tverrgående element"), required=False, widget=forms.CheckboxSelectMultiple
    )
    partner = forms.CharField(
        label=_("Partnerorganisasjon"),
        required=False,
        max_length=300,
        help_text=_("Navn eller organisasjonsnummer"),
    )
    unit = forms.ChoiceField(label=_("Kommunal enhet"), required=False)
    funder = forms.ChoiceField(label=_("Finansieringskilde"), required=False)
    year = forms.TypedChoiceField(label=_("År"), required=False, coerce=int, empty_value=None)
    overdue = forms.BooleanField(
        label=_("Pågående prosjekter med passert sluttdato"), required=False
    )
    sort = forms.ChoiceField(
        label=_("Sorter etter"),
        required=False,
        choices=[
            ("", _("Relevans / sist endret")),
            ("updated", _("Sist endret")),
            ("title", _("Tittel")),
            ("start", _("Startdato (nyeste først)")),
            ("end", _("Sluttdato")),
            ("status", _("Status")),
        ],
    )

    def __init__(self, *args: Any, options: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"].choices = [("", _("Alle partnerskap"))] + options["partnerships"]
        self.fields["focus_area"].choices = options["focus_areas"]
        self.fields["element"].choices = options["elements"]
        self.fields["unit"].choices = [("", _("Alle enheter"))] + options["units"]
        funders = list(options["funders"])
        # Only the biggest funders are offered, but a link (e.g. from the dashboard) may name
        # any funder: keep it as a choice so the filter is not refused.
        wanted = (self.data.get("funder") or "") if self.is_bound else ""
        if wanted.isdigit() and wanted not in {value for value, _label in funders}:
            name = Organization.objects.filter(pk=wanted).values_list("name", flat=True).first()
            if name:
                funders.append((wanted, name))
        self.fields["funder"].choices = [("", _("Alle finansiører"))] + funders
        this_year = timezone.localdate().year
        self.fields["year"].choices = [("", _("Alle år"))] + [
            (year, str(year)) for year in range(this_year + 2, 2009, -1)
        ]
        self._style_checkboxes()

    def clean_partner(self) -> Organization | None:
        value = self.cleaned_data.get("partner", "").strip()
        if not value:
            return None
        organization = org_selectors.organization_find(value)
        if organization is None:
            raise forms.ValidationError(
                _("Fant ingen organisasjon som heter «%(v)s» eller har det organisasjonsnummeret."),
                params={"v": value},
            )
        return organization

    def to_filters(self, *, partnership_ids: dict[str, int]) -> PortfolioFilters:
        # A bad value drops only its own filter (its error is shown), not all the others.
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        partner = data.get("partner")
        return PortfolioFilters(
            q=data.get("q", ""),
            partnership=partnership_ids.get(data.get("partnership") or ""),
            status=list(data.get("status") or []),
            kind=list(data.get("kind") or []),
            focus_area=[int(v) for v in data.get("focus_area") or []],
            element=[int(v) for v in data.get("element") or []],
            partner=[partner.pk] if partner else [],
            unit=[int(data["unit"])] if data.get("unit") else [],
            funder=[int(data["funder"])] if data.get("funder") else [],
            year=data.get("year"),
            overdue=bool(data.get("overdue")),
            sort=data.get("sort") if data.get("sort") in SORTS else "",
        )


class ProjectForm(DsCheckboxMixin, forms.ModelForm):
    """The project's own fields; partners, people and funding come as formsets beside it."""

    keywords_text = forms.CharField(
        label=_("Nøkkelord"),
        required=False,
        help_text=_("Skill med komma, f.eks. «sykehjem, søvn, demens»"),
        max_length=1000,
    )
    sdgs = forms.TypedMultipleChoiceField(
        label=_("Bærekraftsmål"),
        required=False,
        choices=SDG_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    answers_needs = forms.ModelMultipleChoiceField(
        label=_("Kunnskapsbehov prosjektet svarer på"),
        required=False,
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_(
            "Behov fra kommunens enheter som prosjektet skal besvare. Hold Ctrl (Cmd på Mac) "
            "nede for å velge flere."
        ),
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "title_en",
            "acronym",
            "kind",
            "visibility",
            "start_date",
            "end_date",
            "summary",
            "summary_en",
            "popular_summary",
            "popular_summary_en",
            "focus_areas",
            "elements",
            "municipal_units",
            "own_contribution_hours",
            "own_contribution_nok",
            "website",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 5}),
            "summary_en": forms.Textarea(attrs={"rows": 4}),
            "popular_summary": forms.Textarea(attrs={"rows": 4}),
            "popular_summary_en": forms.Textarea(attrs={"rows": 3}),
            "focus_areas": forms.CheckboxSelectMultiple,
            "elements": forms.CheckboxSelectMultiple,
            "municipal_units": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "visibility": _("Offentlige prosjekter vises for alle, også uten innlogging."),
            "municipal_units": _("Hold Ctrl (Cmd på Mac) nede for å velge flere."),
        }

    def __init__(self, *args: Any, partnership: Partnership, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["focus_areas"].queryset = FocusArea.objects.filter(partnership=partnership)
        self.fields["elements"].queryset = CrossCuttingElement.objects.filter(
            partnership=partnership
        )
        self.fields["municipal_units"].queryset = org_selectors.municipal_units()
        self.fields["municipal_units"].label_from_instance = lambda unit: (
            f"{unit.name} ({unit.organization})"
        )
        self.fields["start_date"].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]
        self.fields["end_date"].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]
        for scheme in IDENTIFIER_FIELDS:
            self.fields[f"id_{scheme}"] = forms.CharField(
                label=IdentifierScheme(scheme).label, required=False, max_length=200
            )
        self._style_checkboxes()
        # Needs are linked through the needs app (needs.services.answers_set, called by the view):
        # only needs of the partnership this user may see are offered; links they may not see
        # or choose (another partnership's, an internal one) are kept on save, never shown.
        from kunnskapsbro.needs.selectors import need_answer_choices

        choices = need_answer_choices(
            user=user, kind="project", target=self.instance, partnership=partnership
        )
        self.fields["answers_needs"].queryset = choices.needs
        self.fields["answers_needs"].initial = [need.pk for need in choices.chosen]
        self.needs_kept = choices.kept
        if self.instance.pk:
            self.fields["keywords_text"].initial = ", ".join(self.instance.keywords or [])
            self.fields["sdgs"].initial = self.instance.sdgs
            for identifier in self.instance.identifiers.all():
                if f"id_{identifier.scheme}" in self.fields:
                    self.fields[f"id_{identifier.scheme}"].initial = identifier.value

    def clean_answers_needs(self) -> list[Any]:
        return [*self.cleaned_data.get("answers_needs", []), *self.needs_kept]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Sluttdato kan ikke være før startdato."))
        if self.instance.pk and "answers_needs" in data:
            from kunnskapsbro.needs.selectors import unlink_blockers
            from kunnskapsbro.needs.services import unlink_message

            for need in unlink_blockers(
                kind="project", target=self.instance, keep=data["answers_needs"]
            ):
                self.add_error("answers_needs", unlink_message(need))
        return data

    def _post_clean(self) -> None:
        # Validation of the model happens in the service (full_clean there); here we only
        # want the form's own field checks so the error stays on the right field.
        pass

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in self.Meta.fields
            if name not in {"focus_areas", "elements", "municipal_units"}
        }
        fields["keywords"] = data.get("keywords_text", "")
        fields["sdgs"] = data.get("sdgs") or []
        return fields

    def identifiers(self) -> dict[str, str]:
        return {
            scheme: self.cleaned_data.get(f"id_{scheme}", "").strip()
            for scheme in IDENTIFIER_FIELDS
            if self.cleaned_data.get(f"id_{scheme}", "").strip()
        }


class OrganizationLookupField(forms.CharField):
    """Type a name or an orgnr; suggestions come from the organisation register."""

    def clean(self, value: Any) -> Organization | None:
        value = super().clean(value)
        if not value:
            return None
        organization = org_selectors.organization_find(value)
        if organization is None:
            raise forms.ValidationError(
                _(
                    "Fant ingen registrert organisasjon «%(v)s». Skriv navnet eller "
                    "organisasjonsnummeret og velg fra forslagene."
                ),
                params={"v": value},
            )
        return organization


class PersonLookupField(forms.CharField):
    def clean(self, value: Any) -> Person | None:
        value = super().clean(value)
        if not value:
            return None
        person = org_selectors.person_find(value)
        if person is None:
            raise forms.ValidationError(
                _("Fant ingen registrert person «%(v)s». Velg fra forslagene."), params={"v": value}
            )
        return person


def _lookup_widget(list_id: str, url_name: str) -> forms.TextInput:
    from django.urls import reverse_lazy

    return forms.TextInput(
        attrs={
            "list": list_id,
            "autocomplete": "off",
            "hx-get": reverse_lazy(url_name),
            "hx-trigger": "input changed delay:250ms",
            "hx-target": f"#{list_id}",
            "hx-swap": "innerHTML",
            # Several fields of a form fill one shared list: lookups in a form run one at a
            # time and the newest waiting one goes next, so a slow answer for the field just
            # left cannot arrive after, and overwrite, the suggestions for the field being
            # typed in (aborting it instead would log an htmx error in the console).
            "hx-sync": "closest form:queue last",
        }
    )


class PartnerRowForm(forms.Form):
    organization = OrganizationLookupField(
        label=_("Organisasjon"),
        required=False,
        max_length=300,
        widget=_lookup_widget("org-suggestions", "organizations:suggest"),
    )
    role = forms.ChoiceField(label=_("Rolle"), choices=PartnerRole.choices, initial="partner")
    contribution = AmountField(
        label=_("Bidrag"), required=False, min_value=0, max_digits=16, decimal_places=2
    )
    currency = forms.CharField(label=_("Valuta"), max_length=3, initial="NOK", required=False)


class ParticipantRowForm(forms.Form):
    person = PersonLookupField(
        label=_("Person"),
        required=False,
        max_length=300,
        widget=_lookup_widget("person-suggestions", "organizations:person_suggest"),
    )
    role = forms.ChoiceField(label=_("Rolle"), choices=ParticipantRole.choices)
    organization = OrganizationLookupField(
        label=_("For organisasjon"),
        required=False,
        max_length=300,
        widget=_lookup_widget("org-suggestions", "organizations:suggest"),
    )


class FundingRowForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    funder = OrganizationLookupField(
        label=_("Finansiør"),
        required=False,
        max_length=300,
        widget=_lookup_widget("org-suggestions", "organizations:suggest"),
    )
    programme = forms.CharField(label=_("Program"), required=False, max_length=300)
    grant_id = forms.CharField(label=_("Prosjektnummer"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), choices=FundingStatus.choices, initial=FundingStatus.APPLIED
    )
    amount_applied = AmountField(
        label=_("Søkt beløp"), required=False, min_value=0, max_digits=16, decimal_places=2
    )
    amount_granted = AmountField(
        label=_("Innvilget beløp"), required=False, min_value=0, max_digits=16, decimal_places=2
    )
    currency = forms.CharField(label=_("Valuta"), max_length=3, initial="NOK", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        has_amount = (
            data.get("amount_applied") is not None or data.get("amount_granted") is not None
        )
        if (has_amount or data.get("programme")) and not data.get("funder"):
            self.add_error("funder", _("Oppgi hvem som finansierer."))
        return data


PartnerFormSet = forms.formset_factory(PartnerRowForm, extra=2, max_num=200)
ParticipantFormSet = forms.formset_factory(ParticipantRowForm, extra=2, max_num=200)
FundingFormSet = forms.formset_factory(FundingRowForm, extra=1, max_num=50)


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("Ny status"))
    comment = forms.CharField(
        label=_("Begrunnelse"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Påkrevd ved avslag, trekking og avbrudd."),
        max_length=4000,
    )

    def __init__(
        self, *args: Any, project: Project, allowed: list[str] | None = None, **kwargs: Any
    ) -> None:
        """``allowed``: the steps this user may take (accounts.permissions); default all."""
        super().__init__(*args, **kwargs)
        targets = lifecycle.allowed_targets(project.status)
        self.fields["to"].choices = [
            (status, lifecycle.ACTION_LABELS.get(status, ProjectStatus(status).label))
            for status in targets
            if allowed is None or status in allowed
        ]
