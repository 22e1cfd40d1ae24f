"""The life of a knowledge need as an explicit transition table.

    new → prioritised (innovation committee: rank + comment) → published → in_progress
        → answered
    any open state → closed                (no longer relevant, or answered elsewhere)
    published → answered                   (an answer may arrive before anyone starts)

``need_transition`` in services.py is the only code that changes ``KnowledgeNeed.status``,
and it records each step as a ``NeedStatusChange``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .models import NeedStatus as S

OPEN_STATES: frozenset[str] = frozenset({S.NEW, S.PRIORITISED, S.PUBLISHED, S.IN_PROGRESS})
# States in which a need is visible in the oppgavebank and on public pages (if public).
LISTED_STATES: frozenset[str] = frozenset({S.PUBLISHED, S.IN_PROGRESS, S.ANSWERED})

TRANSITIONS: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.PRIORITISED, S.CLOSED}),
    S.PRIORITISED: frozenset({S.PUBLISHED, S.CLOSED}),
    S.PUBLISHED: frozenset({S.IN_PROGRESS, S.ANSWERED, S.CLOSED}),
    S.IN_PROGRESS: frozenset({S.ANSWERED, S.CLOSED}),
    S.ANSWERED: frozenset(),
    S.CLOSED: frozenset(),
}

ACTION_LABELS = {
    S.PRIORITISED: _("Prioriter (innovasjonsutvalget)"),
    S.PUBLISHED: _("Publiser i oppgavebanken"),
    S.IN_PROGRESS: _("Marker som under arbeid"),
    S.ANSWERED: _("Marker som besvart"),
    S.CLOSED: _("Lukk behovet"),
}

# Closing needs a reason; prioritising needs a rank (checked in the service).
COMMENT_REQUIRED: frozenset[str] = frozenset({S.CLOSED})


def allowed_targets(status: str) -> list[str]:
    """The states a need in ``status`` may move to, in lifecycle order."""
    order = list(S.values)
    return sorted(TRANSITIONS.get(status, frozenset()), key=order.index)


def is_allowed(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())
