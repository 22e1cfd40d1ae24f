"""Forms for governance (bodies, members, meetings, cases, attendance, follow-up) and events
(announcements, programme sessions, registration). Forms only validate input: every write goes
through ``services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kunnskapsbro.organizations.models import Person
from kunnskapsbro.partnerships.models import (
    BodyKind,
    FocusArea,
    GovernanceBody,
    MembershipRole,
    Partnership,
)
from kunnskapsbro.projects.forms import (
    OrganizationLookupField,
    PersonLookupField,
    _lookup_widget,
)
from kunnskapsbro.projects.models import Project

from .models import (
    ActionStatus,
    AgendaItem,
    AgendaItemKind,
    AttendanceStatus,
    DeadlineKind,
    Event,
    EventKind,
    EventSession,
    Meeting,
    MeetingStatus,
)

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%d.%m.%Y kl. %H.%M"]


def _datetime_field(label: Any, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


def _date_field(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _person_field(label: Any, *, required: bool = True) -> PersonLookupField:
    return PersonLookupField(
        label=label,
        required=required,
        max_length=300,
        help_text=_("Skriv navn eller e-post og velg fra forslagene."),
        widget=_lookup_widget("person-suggestions", "organizations:person_suggest"),
    )


def _org_field(label: Any) -> OrganizationLookupField:
    return OrganizationLookupField(
        label=label,
        required=False,
        max_length=300,
        widget=_lookup_widget("org-suggestions", "organizations:suggest"),
    )


def person_label(person: Person | None) -> str:
    """How a person is shown in a lookup field so that it finds them again."""
    return f"{person.full_name} [{person.slug}]" if person else ""


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    email = forms.EmailField(label=_("E-post"), max_length=254)
    organization_name = forms.CharField(label=_("Organisasjon"), max_length=300, required=False)

    def __init__(self, *args: Any, event: Event, sessions: list[EventSession], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.event = event
        groups: dict[str, list[EventSession]] = {}
        for session in sessions:
            if session.parallel_group:
                groups.setdefault(session.parallel_group, []).append(session)
        self.session_fields: list[str] = []
        for group, members in groups.items():
            name = f"session_{group}"
            self.fields[name] = forms.ChoiceField(
                label=_("Parallellsesjon %(group)s") % {"group": group},
                choices=[(str(s.pk), s.title) for s in members],
                widget=forms.RadioSelect,
                required=False,
                help_text=_("Velg én av sesjonene som går samtidig."),
            )
            self.session_fields.append(name)
        self._sessions = {str(s.pk): s for s in sessions}

    def chosen_sessions(self) -> list[EventSession]:
        return [
            self._sessions[self.cleaned_data[name]]
            for name in self.session_fields
            if self.cleaned_data.get(name) in self._sessions
        ]


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    comment = forms.CharField(
        label=_("Kommentar"), required=False, max_length=2000, widget=forms.TextInput
    )


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Sak"), max_length=300)
    kind = forms.ChoiceField(label=_("Type sak"), choices=AgendaItemKind.choices)
    description = forms.CharField(
        label=_("Saksframstilling"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    projects = forms.ModelMultipleChoiceField(
        label=_("Prosjekter saken gjelder"),
        queryset=Project.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = Project.objects.filter(
            partnership_id=meeting.body.partnership_id
        ).order_by("title")


class DecisionForm(forms.Form):
    agenda_item = forms.ModelChoiceField(label=_("Sak"), queryset=AgendaItem.objects.none())
    text = forms.CharField(label=_("Vedtak"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(meeting=meeting)


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("Oppfølgingspunkt"), max_length=500)
    owner = forms.ModelChoiceField(label=_("Ansvarlig"), queryset=Person.objects.none())
    due_date = forms.DateField(
        label=_("Frist"),
        help_text=_("F.eks. 31.03.2026"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    agenda_item = forms.ModelChoiceField(
        label=_("Sak"), queryset=AgendaItem.objects.none(), required=False
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Owners: the body's members and the meeting's participants.
        self.fields["owner"].queryset = (
            Person.objects.filter(
                Q(memberships__body=meeting.body) | Q(attendances__meeting=meeting)
            )
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(meeting=meeting)


# --- governance bodies and members ------------------------------------------------------------


class BodyForm(forms.Form):
    partnership = forms.ModelChoiceField(
        label=_("Partnerskap"), queryset=Partnership.objects.order_by("name")
    )
    kind = forms.ChoiceField(label=_("Type organ"), choices=BodyKind.choices)
    name = forms.CharField(label=_("Navn"), max_length=200)
    focus_area = forms.ModelChoiceField(
        label=_("Fokusområde"),
        queryset=FocusArea.objects.select_related("partnership").order_by(
            "partnership__name", "name"
        ),
        required=False,
        help_text=_("For innovasjonsutvalg: fokusområdet utvalget har ansvar for."),
    )
    mandate = forms.CharField(
        label=_("Mandat"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, body: GovernanceBody | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if body is not None:
            # The partnership of an existing body does not change.
            del self.fields["partnership"]
            self.fields["focus_area"].queryset = FocusArea.objects.filter(
                partnership_id=body.partnership_id
            ).order_by("name")


class MembershipForm(forms.Form):
    person = _person_field(_("Person"))
    role = forms.ChoiceField(label=_("Rolle"), choices=MembershipRole.choices)
    position_title = forms.CharField(
        label=_("Stilling"),
        required=False,
        max_length=200,
        help_text=_("F.eks. kommunedirektør, dekan"),
    )
    represents = _org_field(_("Representerer"))
    start_date = _date_field(_("Perioden starter"), required=False)
    end_date = _date_field(_("Perioden slutter"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Perioden kan ikke slutte før den begynner."))
        return data


# --- meetings ---------------------------------------------------------------------------------


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=300)
    starts_at = _datetime_field(_("Starter"))
    ends_at = _datetime_field(_("Slutter"), required=False)
    location = forms.CharField(label=_("Sted"), max_length=300, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=MeetingStatus.choices, initial=MeetingStatus.PLANNED
    )
    is_public = forms.BooleanField(
        label=_("Offentlig møte (saksliste og vedtak vises for alle)"), required=False
    )
    minutes = forms.CharField(
        label=_("Referat"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end < start:
            self.add_error("ends_at", _("Sluttidspunktet kan ikke være før starttidspunktet."))
        return data


class AgendaItemEditForm(AgendaItemForm):
    number = forms.CharField(label=_("Saksnummer"), max_length=30)
    order = forms.IntegerField(label=_("Rekkefølge"), min_value=0, max_value=32767)

    field_order = ["number", "title", "kind", "description", "order", "projects"]


class AttendanceForm(forms.Form):
    """One choice per member of the body (and per person already recorded), plus a guest."""

    NOT_RECORDED = ""

    guest = _person_field(_("Legg til gjest eller annen deltaker"), required=False)
    guest_status = forms.ChoiceField(
        label=_("Oppmøte for gjesten"),
        choices=AttendanceStatus.choices,
        initial=AttendanceStatus.GUEST,
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any):
        super().__init__(*args, **kwargs)
        recorded = {a.person_id: a for a in meeting.attendances.all()}
        people: dict[int, Person] = {}
        for membership in meeting.body.memberships.select_related("person").order_by(
            "person__last_name", "person__first_name"
        ):
            people.setdefault(membership.person_id, membership.person)
        for attendance in recorded.values():
            people.setdefault(attendance.person_id, attendance.person)
        self.people = list(people.values())
        self.person_fields: list[str] = []
        choices = [(self.NOT_RECORDED, _("Ikke registrert")), *AttendanceStatus.choices]
        for person in self.people:
            name = f"person_{person.pk}"
            self.fields[name] = forms.ChoiceField(
                label=person.full_name, choices=choices, required=False
            )
            if person.pk in recorded:
                self.initial.setdefault(name, recorded[person.pk].status)
            self.person_fields.append(name)
        self.recorded = recorded

    def entries(self) -> list[tuple[Person, str]]:
        """(person, status) for every changed or new row; '' means leave unrecorded."""
        out = []
        for person, name in zip(self.people, self.person_fields, strict=True):
            status = self.cleaned_data.get(name) or ""
            if status:
                out.append((person, status))
        guest = self.cleaned_data.get("guest")
        if guest is not None:
            out.append((guest, self.cleaned_data.get("guest_status") or AttendanceStatus.GUEST))
        return out


class MeetingDocumentForm(forms.Form):
    title = forms.CharField(label=_("Dokumenttittel"), max_length=300)
    url = forms.URLField(
        label=_("Lenke til dokumentet"), max_length=200, assume_scheme="https", required=False
    )
    file = forms.FileField(label=_("Eller last opp en fil"), required=False)
    agenda_item = forms.ModelChoiceField(
        label=_("Gjelder sak"), queryset=AgendaItem.objects.none(), required=False
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(meeting=meeting)


class ActionItemEditForm(ActionItemForm):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    comment = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


# --- events -----------------------------------------------------------------------------------

RESERVED_EVENT_SLUGS = frozenset({"nytt"})


class EventForm(forms.Form):
    partnership = forms.ModelChoiceField(
        label=_("Partnerskap"), queryset=Partnership.objects.order_by("name")
    )
    kind = forms.ChoiceField(label=_("Type arrangement"), choices=EventKind.choices)
    title = forms.CharField(label=_("Tittel"), max_length=300)
    slug = forms.SlugField(
        label=_("Lenkenavn"),
        max_length=100,
        required=False,
        help_text=_("Brukes i adressen. Tomt gir et lenkenavn laget av tittelen."),
    )
    topic = forms.CharField(
        label=_("Tema"),
        max_length=300,
        required=False,
        help_text=_("Frokostmøter har et tema i stedet for en saksliste."),
    )
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    starts_at = _datetime_field(_("Starter"))
    ends_at = _datetime_field(_("Slutter"), required=False)
    location = forms.CharField(label=_("Sted"), max_length=300, required=False)
    capacity = forms.IntegerField(
        label=_("Antall plasser"),
        min_value=1,
        max_value=100_000,
        required=False,
        help_text=_("Tomt betyr ubegrenset. Når det er fullt, kommer nye på venteliste."),
    )
    registration_open = forms.BooleanField(
        label=_("Åpen for påmelding"), required=False, initial=True
    )
    is_public = forms.BooleanField(label=_("Vis i den åpne portalen"), required=False, initial=True)

    def __init__(self, *args: Any, event: Event | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if event is not None:
            del self.fields["partnership"]
            del self.fields["slug"]

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug", "")
        if slug in RESERVED_EVENT_SLUGS:
            raise forms.ValidationError(_("Lenkenavnet «%(s)s» er reservert."), params={"s": slug})
        return slug

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end < start:
            self.add_error("ends_at", _("Sluttidspunktet kan ikke være før starttidspunktet."))
        return data


class EventSessionForm(forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=300)
    starts_at = _datetime_field(_("Starter"))
    ends_at = _datetime_field(_("Slutter"), required=False)
    room = forms.CharField(label=_("Rom"), max_length=100, required=False)
    speakers = forms.CharField(label=_("Innledere"), max_length=500, required=False)
    parallel_group = forms.CharField(
        label=_("Parallellsesjon"),
        max_length=50,
        required=False,
        help_text=_("Sesjoner med samme verdi går samtidig; deltakerne velger én."),
    )
    capacity = forms.IntegerField(
        label=_("Antall plasser"), min_value=1, max_value=100_000, required=False
    )
    slides_url = forms.URLField(
        label=_("Lysark (lenke)"), max_length=200, required=False, assume_scheme="https"
    )
    recording_url = forms.URLField(
        label=_("Opptak (lenke)"), max_length=200, required=False, assume_scheme="https"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end < start:
            self.add_error("ends_at", _("Sluttidspunktet kan ikke være før starttidspunktet."))
        return data


# --- the annual cycle ---------------------------------------------------------------------------


class DeadlineForm(forms.Form):
    partnership = forms.ModelChoiceField(
        label=_("Partnerskap"), queryset=Partnership.objects.order_by("name")
    )
    title = forms.CharField(label=_("Tittel"), max_length=300)
    kind = forms.ChoiceField(label=_("Type frist"), choices=DeadlineKind.choices)
    month = forms.TypedChoiceField(
        label=_("Måned"),
        coerce=int,
        choices=[
            (1, _("januar")),
            (2, _("februar")),
            (3, _("mars")),
            (4, _("april")),
            (5, _("mai")),
            (6, _("juni")),
            (7, _("juli")),
            (8, _("august")),
            (9, _("september")),
            (10, _("oktober")),
            (11, _("november")),
            (12, _("desember")),
        ],
    )
    day = forms.IntegerField(label=_("Dag"), min_value=1, max_value=31)
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
