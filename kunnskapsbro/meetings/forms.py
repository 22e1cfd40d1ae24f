"""Forms for registering for an event and updating a follow-up point."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kunnskapsbro.organizations.models import Person
from kunnskapsbro.projects.models import Project

from .models import ActionStatus, AgendaItem, AgendaItemKind, Event, EventSession, Meeting


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
    due_date = forms.DateField(label=_("Frist"), help_text=_("F.eks. 31.03.2026"))
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
