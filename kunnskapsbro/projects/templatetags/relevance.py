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
    from kunnskapsbro.accounts import permissions

    # Assessments and capacity are internal: readers of the partnership see them; the links
    # to assess and to register outcomes are for those who may write them.
    signed_in = permissions.can_read_internal(user, project.partnership_id)
    may_assess = permissions.can_assess_relevance(user, project)
    warnings: list[str] = []
    if signed_in and project.status in OPEN_STATES:
        warnings = selectors.capacity_warnings(project=project)
    return {
        "project": project,
        "signed_in": signed_in,
        "may_assess": may_assess,
        "assessments": list(selectors.relevance_assessments_for(project=project))
        if signed_in
        else [],
        "outcomes": list(selectors.outcomes_for(project=project)),
        "warnings": warnings,
    }
