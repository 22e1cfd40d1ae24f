"""The project lifecycle (DESIGN.md §4) as an explicit transition table.

    idea → assessment → declined | preparing → submitted → granted | rejected → active → completed
    idea → active                      (a project without an application)
    rejected → preparing               (resubmission after a rejection)
    any open state → withdrawn | terminated

The table is data so pages, API and tests all read the same rules; ``project_transition`` in
services.py is the only code that changes ``Project.status``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .models import ProjectStatus as S

OPEN_STATES: frozenset[str] = frozenset(
    {S.IDEA, S.ASSESSMENT, S.PREPARING, S.SUBMITTED, S.GRANTED, S.ACTIVE}
)
CLOSED_STATES: frozenset[str] = frozenset(
    {S.DECLINED, S.REJECTED, S.COMPLETED, S.WITHDRAWN, S.TERMINATED}
)
# Application states the municipality waits on; used by filters and capacity later.
APPLICATION_STATES: frozenset[str] = frozenset({S.PREPARING, S.SUBMITTED})

_ALWAYS_FROM_OPEN = {S.WITHDRAWN, S.TERMINATED}

TRANSITIONS: dict[str, frozenset[str]] = {
    S.IDEA: frozenset({S.ASSESSMENT, S.ACTIVE} | _ALWAYS_FROM_OPEN),
    S.ASSESSMENT: frozenset({S.DECLINED, S.PREPARING} | _ALWAYS_FROM_OPEN),
    S.PREPARING: frozenset({S.SUBMITTED} | _ALWAYS_FROM_OPEN),
    S.SUBMITTED: frozenset({S.GRANTED, S.REJECTED} | _ALWAYS_FROM_OPEN),
    S.GRANTED: frozenset({S.ACTIVE} | _ALWAYS_FROM_OPEN),
    S.ACTIVE: frozenset({S.COMPLETED} | _ALWAYS_FROM_OPEN),
    S.REJECTED: frozenset({S.PREPARING}),
    S.DECLINED: frozenset(),
    S.COMPLETED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.TERMINATED: frozenset(),
}

# What the button says for each target state (the verb, not the state name).
ACTION_LABELS = {
    S.ASSESSMENT: _("Send til vurdering i kommunen"),
    S.DECLINED: _("Avslå (kommunen deltar ikke)"),
    S.PREPARING: _("Start søknadsarbeid"),
    S.SUBMITTED: _("Registrer at søknaden er sendt"),
    S.GRANTED: _("Registrer innvilgelse"),
    S.REJECTED: _("Registrer avslag fra finansiør"),
    S.ACTIVE: _("Start prosjektet"),
    S.COMPLETED: _("Avslutt prosjektet"),
    S.WITHDRAWN: _("Trekk prosjektet"),
    S.TERMINATED: _("Avbryt prosjektet"),
}

# Transitions whose "why" matters enough that a comment is required.
COMMENT_REQUIRED: frozenset[str] = frozenset({S.DECLINED, S.WITHDRAWN, S.TERMINATED})


def allowed_targets(status: str) -> list[str]:
    """The states a project in ``status`` may move to, in lifecycle order."""
    order = list(S.values)
    return sorted(TRANSITIONS.get(status, frozenset()), key=order.index)


def is_allowed(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())
