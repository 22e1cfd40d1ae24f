"""Forms for registering for an event and updating a follow-up point."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ActionStatus, Event, EventSession


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
