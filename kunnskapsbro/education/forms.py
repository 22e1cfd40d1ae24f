"""Forms for the education pages: filters, the five record forms and the placement import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kunnskapsbro.organizations import selectors as org_selectors
from kunnskapsbro.organizations.models import Organization, OrgUnit, Person
from kunnskapsbro.partnerships.models import FocusArea, Partnership
from kunnskapsbro.projects.forms import PersonLookupField, _lookup_widget

from .models import (
    ContributionKind,
    Course,
    EitVillage,
    Placement,
    TeachingContribution,
    Thesis,
    ThesisLevel,
    ThesisStatus,
)
from .services import EDUCATION_KINDS, normalize_semester

SEMESTER_HELP = _("Skriv for eksempel «H2026» eller «Høst 2026», «V2027» eller «Vår 2027».")


def person_label(person: Person | None) -> str:
    """How a person is written into a lookup field (``Name [slug]``, found by person_find)."""
    return f"{person.full_name} [{person.slug}]" if person is not None else ""


def _institutions() -> Any:
    return Organization.objects.filter(kind__in=EDUCATION_KINDS).order_by("name")


def _units() -> Any:
    return org_selectors.municipal_units()


def _unit_label(unit: OrgUnit) -> str:
    return f"{unit.name} ({unit.organization})"


class SemesterMixin:
    """Accept ``Høst 2026``, ``h26`` and ``H2026`` and store ``H2026``."""

    def clean_semester(self) -> str:
        value = self.cleaned_data.get("semester", "")  # type: ignore[attr-defined]
        try:
            return normalize_semester(value)
        except ValueError:
            raise forms.ValidationError(
                _("«%(v)s» er ikke et semester. Skriv for eksempel «H2026» eller «Vår 2027»."),
                params={"v": value},
            ) from None


def _needs_field(form: EducationForm, *, kind: str) -> None:
    """The "needs answered" choices: open needs the user may see, of the record's partnership
    (of the partnerships offered, for a new record), and those the record already answers.
    Links the user may not see or choose are kept on save, never shown."""
    from kunnskapsbro.needs.selectors import need_answer_choices

    choices = need_answer_choices(
        user=form.user,
        kind=kind,
        target=form.instance,
        partnership=form.instance.partnership_id if form.instance.pk else form.partnership_choices,
    )
    form.fields["needs"].queryset = choices.needs
    form.fields["needs"].initial = [need.pk for need in choices.chosen]
    form.needs_kept = choices.kept


def _clean_needs(form: EducationForm) -> list[Any]:
    return [*form.cleaned_data.get("needs", []), *form.needs_kept]


class EducationForm(forms.ModelForm):
    """Shared set-up: the partnership (pre-chosen when there is one), municipal units,
    educational institutions and focus areas as choices."""

    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.order_by("name"), label=_("Partnerskap"), empty_label=None
    )

    def __init__(
        self, *args: Any, partnerships: Any = None, user: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user  # who fills in the form: what they may see decides some choices
        self.needs_kept: list[Any] = []
        if partnerships is not None:
            # Only the partnerships whose education records this user may register.
            self.fields["partnership"].queryset = partnerships
        if "unit" in self.fields:
            self.fields["unit"].queryset = _units()
            self.fields["unit"].label_from_instance = _unit_label
        if "institution" in self.fields:
            self.fields["institution"].queryset = _institutions()
        if "focus_area" in self.fields:
            self.fields["focus_area"].queryset = FocusArea.objects.select_related(
                "partnership"
            ).order_by("partnership__name", "name")
        if "semester" in self.fields:
            self.fields["semester"].help_text = SEMESTER_HELP
            self.fields["semester"].validators = []
            self.fields["semester"].max_length = 20
            self.fields["semester"].widget.attrs["maxlength"] = 20
        choices = self.partnership_choices = self.fields["partnership"].queryset
        if not self.instance.pk and choices.count() == 1:
            self.fields["partnership"].initial = choices.first()
        if self.instance.pk:
            # The partnership of an existing record does not change.
            self.fields.pop("partnership")

    def _post_clean(self) -> None:
        # The model is validated in the service (full_clean there), so each error lands on
        # its field once.
        pass

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("partnership", None)
        return data


class PlacementForm(SemesterMixin, EducationForm):
    class Meta:
        model = Placement
        fields = [
            "partnership",
            "unit",
            "programme",
            "institution",
            "semester",
            "student_count",
            "focus_area",
        ]
        help_texts = {"programme": _("For eksempel «Bachelor i sykepleie».")}


class ThesisForm(EducationForm):
    academic_supervisor_text = PersonLookupField(
        label=_("Veileder ved utdanningsinstitusjonen"),
        required=False,
        max_length=300,
        widget=_lookup_widget("person-suggestions", "organizations:person_suggest"),
        help_text=_("Skriv navnet og velg fra forslagene."),
    )
    municipal_supervisor_text = PersonLookupField(
        label=_("Veileder i kommunen"),
        required=False,
        max_length=300,
        widget=_lookup_widget("person-suggestions", "organizations:person_suggest"),
        help_text=_("Skriv navnet og velg fra forslagene."),
    )
    nva_url = forms.URLField(
        label=_("Lenke til ferdig oppgave (NVA)"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Kreves når oppgaven er levert."),
    )
    needs = forms.ModelMultipleChoiceField(
        label=_("Kunnskapsbehov som oppgaven svarer på"),
        required=False,
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (Cmd på Mac) nede for å velge flere."),
    )

    class Meta:
        model = Thesis
        fields = [
            "partnership",
            "title",
            "level",
            "status",
            "student_name",
            "institution",
            "academic_supervisor_text",
            "municipal_supervisor_text",
            "unit",
            "focus_area",
            "discipline",
            "year",
            "summary",
            "data_used",
            "needs",
            "nva_url",
            "visibility",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "data_used": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "data_used": _("Registerdata, intervjuer, journaldata, spørreundersøkelser …"),
            "student_name": _("Navnet vises bare på offentlige oppgaver."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _needs_field(self, kind="thesis")
        self.fields["nva_url"].widget.attrs["inputmode"] = "url"
        if self.instance.pk:
            self.fields["academic_supervisor_text"].initial = person_label(
                self.instance.academic_supervisor
            )
            self.fields["municipal_supervisor_text"].initial = person_label(
                self.instance.municipal_supervisor
            )

    def clean_needs(self) -> list[Any]:
        return _clean_needs(self)

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        data["academic_supervisor"] = data.pop("academic_supervisor_text")
        data["municipal_supervisor"] = data.pop("municipal_supervisor_text")
        data.pop("needs", None)
        return data


class EitVillageForm(SemesterMixin, EducationForm):
    class Meta:
        model = EitVillage
        fields = [
            "partnership",
            "title",
            "code",
            "semester",
            "unit",
            "focus_area",
            "student_count",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"code": _("Emnekoden ved NTNU, for eksempel «TPK4851».")}


class CourseForm(SemesterMixin, EducationForm):
    needs = forms.ModelMultipleChoiceField(
        label=_("Kunnskapsbehov som kurset svarer på"),
        required=False,
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (Cmd på Mac) nede for å velge flere."),
    )

    class Meta:
        model = Course
        fields = [
            "partnership",
            "title",
            "institution",
            "credits",
            "semester",
            "focus_area",
            "description",
            "needs",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _needs_field(self, kind="course")

    def clean_needs(self) -> list[Any]:
        return _clean_needs(self)

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        data.pop("needs", None)
        return data


class ParticipationRowForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=OrgUnit.objects.none(), required=False)
    participant_count = forms.IntegerField(
        label=_("Antall deltakere"), min_value=1, max_value=100_000, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units()
        self.fields["unit"].label_from_instance = _unit_label

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("unit") and not data.get("participant_count"):
            self.add_error("participant_count", _("Skriv hvor mange som deltar fra enheten."))
        if data.get("participant_count") and not data.get("unit"):
            self.add_error("unit", _("Velg enheten deltakerne kommer fra."))
        return data


class BaseParticipationFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[int] = set()
        for form in self.forms:
            unit = form.cleaned_data.get("unit")
            if unit is None:
                continue
            if unit.pk in seen:
                form.add_error("unit", _("Enheten er allerede med i listen."))
            seen.add(unit.pk)

    def participants(self) -> dict[OrgUnit, int]:
        return {
            form.cleaned_data["unit"]: form.cleaned_data["participant_count"]
            for form in self.forms
            if form.cleaned_data.get("unit")
        }


ParticipationFormSet = forms.formset_factory(
    ParticipationRowForm, formset=BaseParticipationFormSet, extra=3, max_num=200
)


class TeachingForm(SemesterMixin, EducationForm):
    person_text = PersonLookupField(
        label=_("Person (ansatt i kommunen)"),
        max_length=300,
        widget=_lookup_widget("person-suggestions", "organizations:person_suggest"),
        help_text=_("Skriv navnet og velg fra forslagene."),
    )

    class Meta:
        model = TeachingContribution
        fields = [
            "partnership",
            "person_text",
            "unit",
            "institution",
            "kind",
            "course_name",
            "semester",
            "hours",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["person_text"].initial = person_label(self.instance.person)

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        data["person"] = data.pop("person_text")
        return data


class PlacementImportForm(forms.Form):
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.order_by("name"), label=_("Partnerskap"), empty_label=None
    )
    file = forms.FileField(
        label=_("CSV-fil fra praksissystemet"),
        help_text=_(
            "Kolonner: Enhet; Studieprogram; Utdanningsinstitusjon eller Organisasjonsnummer; "
            "Semester; Antall studenter; Fokusområde (valgfri). Semikolon eller komma, UTF-8."
        ),
    )

    MAX_BYTES = 5 * 1024 * 1024

    def __init__(self, *args: Any, partnerships: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if partnerships is not None:
            self.fields["partnership"].queryset = partnerships

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Filen er større enn 5 MB."))
        return upload


class FilterForm(forms.Form):
    """The filters of an education list; which fields a list shows is up to its view."""

    q = forms.CharField(label=_("Søk"), required=False, max_length=200)
    partnership = forms.ModelChoiceField(
        label=_("Partnerskap"),
        required=False,
        queryset=Partnership.objects.order_by("name"),
        empty_label=_("Alle partnerskap"),
    )
    year = forms.TypedChoiceField(label=_("År"), required=False, coerce=int, empty_value=None)
    unit = forms.ModelChoiceField(
        label=_("Enhet"),
        required=False,
        queryset=OrgUnit.objects.none(),
        empty_label=_("Alle enheter"),
    )
    focus_area = forms.ModelChoiceField(
        label=_("Fokusområde"),
        required=False,
        queryset=FocusArea.objects.none(),
        empty_label=_("Alle fokusområder"),
    )
    institution = forms.ModelChoiceField(
        label=_("Utdanningsinstitusjon"),
        required=False,
        queryset=Organization.objects.none(),
        empty_label=_("Alle institusjoner"),
    )
    level = forms.ChoiceField(
        label=_("Nivå"), required=False, choices=[("", _("Alle nivåer")), *ThesisLevel.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle statuser")), *ThesisStatus.choices],
    )
    kind = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("Alle typer")), *ContributionKind.choices],
    )

    def __init__(self, *args: Any, years: list[int], show: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Alle år"))] + [(y, str(y)) for y in years]
        self.fields["unit"].queryset = _units()
        self.fields["unit"].label_from_instance = _unit_label
        self.fields["focus_area"].queryset = FocusArea.objects.order_by("name")
        self.fields["institution"].queryset = _institutions()
        for name in list(self.fields):
            if name not in show:
                del self.fields[name]
