"""{% relevance_panel project user %}: the project page's relevance, capacity and outcomes box.

An inclusion tag so the panel (owned by the relevance feature) reads through the selectors
without the project page's view having to know about it.
"""

from __future__ import annotations

from typing import Any

from django import template

from kunnskapsbro.projects import selectors
from kunnskapsbro.projects.lifecycle import OPEN_STATES

register = template.Library()


@register.inclusion_tag("projects/_relevance_panel.html")
def relevance_panel(project: Any, user: Any) -> dict[str, Any]:
    signed_in = bool(getattr(user, "is_authenticated", False))
    warnings: list[str] = []
    if signed_in and project.status in OPEN_STATES:
        warnings = selectors.capacity_warnings(project=project)
    return {
        "project": project,
        "signed_in": signed_in,
        "assessments": list(selectors.relevance_assessments_for(project=project))
        if signed_in
        else [],
        "outcomes": list(selectors.outcomes_for(project=project)),
        "warnings": warnings,
    }
