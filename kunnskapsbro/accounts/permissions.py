"""Roles and object-level permissions: the one place that decides who may see and change what.

Every page, API endpoint, export and selector asks here. A user's *principal* (their active
role assignments, grouped per partnership, plus the focus areas and OrgUnit subtrees their
scoped roles cover) is read once per request and cached on the user object.

Two kinds of questions:

* ``can_*(user, obj)`` for one object (a page, a PATCH): plain Python on the principal and the
  object's already-loaded fields; at most a query or two for an object's focus areas/units.
* ``visible_*(user, queryset)`` for lists: a single SQL condition added to the queryset (no
  per-row Python), so a list of 100,000 projects is filtered by the database.

Forbidden-to-see answers 404 (``get_visible_or_404``), visible-but-read-only answers 403
(``require``). See docs/security.md, section «Roles and permissions».
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet, Subquery
from django.utils import timezone

from .models import Role

PRINCIPAL_ATTR = "_kb_principal"
ALL = None  # a partnership key meaning "every partnership" (installation-wide assignment)


class Cap(StrEnum):
    """What a role allows inside the partnership (and scope) it is given for."""

    READ_INTERNAL = "read_internal"  # internal records of the partnership
    EDIT_ALL = "edit_all"  # create/edit every project, need, goal, meeting, body
    EDIT_FOCUS_AREA = "edit_focus_area"  # records in the assignment's focus area
    EDIT_UNIT = "edit_unit"  # needs, relevance and projects of the OrgUnit subtree
    EDIT_OWN = "edit_own"  # records the user created or takes part in
    CREATE_PROJECT = "create_project"
    REGISTER_NEED = "register_need"
    PRIORITISE_NEEDS = "prioritise_needs"  # the innovation committee's rank
    ASSESS = "assess"  # the assessment step of the project lifecycle
    MANAGE_ROLES = "manage_roles"  # assign and end roles in the partnership


# The matrix: role → what it allows. docs/security.md shows the same table.
MATRIX: dict[str, frozenset[Cap]] = {
    Role.ADMINISTRATOR: frozenset(Cap),
    Role.COORDINATOR: frozenset(Cap) - {Cap.MANAGE_ROLES},
    Role.FOCUS_AREA_LEADER: frozenset(
        {
            Cap.READ_INTERNAL,
            Cap.EDIT_FOCUS_AREA,
            Cap.EDIT_OWN,
            Cap.CREATE_PROJECT,
            Cap.REGISTER_NEED,
        }
    ),
    Role.COMMITTEE_MEMBER: frozenset(
        {Cap.READ_INTERNAL, Cap.PRIORITISE_NEEDS, Cap.ASSESS, Cap.EDIT_OWN}
    ),
    Role.UNIT_EDITOR: frozenset(
        {Cap.READ_INTERNAL, Cap.EDIT_UNIT, Cap.EDIT_OWN, Cap.CREATE_PROJECT, Cap.REGISTER_NEED}
    ),
    Role.CONTRIBUTOR: frozenset({Cap.EDIT_OWN, Cap.CREATE_PROJECT}),
    Role.VIEWER: frozenset({Cap.READ_INTERNAL}),
}

# Roles that need a scope, and which field of RoleAssignment holds it.
SCOPE_FIELD: dict[str, str] = {
    Role.FOCUS_AREA_LEADER: "focus_area",
    Role.UNIT_EDITOR: "org_unit",
}


@dataclass
class Principal:
    """Who is acting and what their active roles allow; built once per request."""

    user_id: int | None = None
    is_superuser: bool = False
    # partnership id (None = every partnership) → capabilities
    caps: dict[int | None, set[Cap]] = field(default_factory=dict)
    # partnership id (None = every) → focus area ids led / OrgUnit roots edited
    focus_areas: dict[int | None, set[int]] = field(default_factory=dict)
    unit_roots: dict[int | None, set[int]] = field(default_factory=dict)
    roles: list[Any] = field(default_factory=list)  # the active RoleAssignment rows
    _subtree: set[int] | None = None

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None

    def has(self, cap: Cap, partnership_id: int | None) -> bool:
        if self.is_superuser:
            return True
        return cap in self.caps.get(ALL, ()) or (
            partnership_id is not None and cap in self.caps.get(partnership_id, ())
        )

    def has_anywhere(self, cap: Cap) -> bool:
        return self.is_superuser or any(cap in caps for caps in self.caps.values())

    def partnerships_with(self, cap: Cap) -> set[int] | None:
        """The partnerships where ``cap`` holds; None means every partnership."""
        if self.is_superuser or cap in self.caps.get(ALL, ()):
            return None
        return {pid for pid, caps in self.caps.items() if pid is not None and cap in caps}

    def member_of(self) -> set[int] | None:
        """Partnerships where the user has any role; None means every partnership."""
        if self.is_superuser or ALL in self.caps:
            return None
        return {pid for pid in self.caps if pid is not None}

    def led_focus_areas(self, partnership_id: int | None) -> set[int]:
        return self.focus_areas.get(ALL, set()) | self.focus_areas.get(partnership_id, set())

    def unit_subtree(self) -> set[int]:
        """Every OrgUnit under the roots of the user's unit-editor roles (one query a level)."""
        if self._subtree is None:
            from kunnskapsbro.organizations.models import OrgUnit

            roots = set().union(*self.unit_roots.values()) if self.unit_roots else set()
            found, frontier = set(roots), set(roots)
            while frontier:
                children = set(
                    OrgUnit.objects.filter(parent_id__in=frontier).values_list("id", flat=True)
                )
                frontier = children - found
                found |= frontier
            self._subtree = found
        return self._subtree


def _today() -> dt.date:
    return timezone.localdate()


def active_q(today: dt.date | None = None) -> Q:
    """Assignments in force today (valid_from/valid_to inclusive, empty = open)."""
    today = today or _today()
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=today)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    )


def build_principal(user: Any) -> Principal:
    if user is None or not getattr(user, "is_authenticated", False):
        return Principal()
    principal = Principal(user_id=user.pk, is_superuser=bool(getattr(user, "is_superuser", False)))
    if principal.is_superuser:
        return principal
    from .models import RoleAssignment

    rows = list(
        RoleAssignment.objects.filter(active_q(), user_id=user.pk).select_related(
            "partnership", "focus_area", "org_unit", "body"
        )
    )
    principal.roles = rows
    for row in rows:
        key = row.partnership_id
        principal.caps.setdefault(key, set()).update(MATRIX.get(row.role, frozenset()))
        if row.role == Role.FOCUS_AREA_LEADER and row.focus_area_id:
            principal.focus_areas.setdefault(key, set()).add(row.focus_area_id)
        if row.role == Role.UNIT_EDITOR and row.org_unit_id:
            principal.unit_roots.setdefault(key, set()).add(row.org_unit_id)
    return principal


def principal(user: Any) -> Principal:
    """The user's principal, cached on the user object for the rest of the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Principal()
    cached = getattr(user, PRINCIPAL_ATTR, None)
    if cached is None:
        cached = build_principal(user)
        try:
            setattr(user, PRINCIPAL_ATTR, cached)
        except AttributeError:  # pragma: no cover - an object without attributes
            pass
    return cached


def forget(user: Any) -> None:
    """Drop a cached principal (after the user's roles changed in this request)."""
    if user is not None and hasattr(user, PRINCIPAL_ATTR):
        try:
            delattr(user, PRINCIPAL_ATTR)
        except AttributeError:  # pragma: no cover
            pass


def require(allowed: bool) -> None:
    """403 for a record the user may see but not change."""
    if not allowed:
        raise PermissionDenied


# --- who acts in a write service: a user, or the system -----------------------------------


class _System:
    """The trusted actor of code no HTTP request reaches (CLI importers, the demo loader, data
    migrations, the bench generator, tests' set-up). It is not a user: it signs no history row
    and the ``can_*`` functions treat it as anonymous; only ``authorize`` trusts it."""

    is_authenticated = False
    is_anonymous = False
    is_superuser = False
    pk = None

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM: Any = _System()

# Set for the whole of every HTTP request by ``RequestActorMiddleware`` (first in MIDDLEWARE).
_IN_REQUEST: ContextVar[bool] = ContextVar("kunnskapsbro_in_request", default=False)


def in_request() -> bool:
    """Whether the code runs inside an HTTP request (page, API, export)."""
    return _IN_REQUEST.get()


class RequestActorMiddleware:
    """Marks the request so a write service refuses ``SYSTEM``/``None`` as its actor there:
    a view that forgets to pass ``request.user`` is refused, never trusted."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        token = _IN_REQUEST.set(True)
        try:
            return self.get_response(request)
        finally:
            _IN_REQUEST.reset(token)


def is_system(actor: Any) -> bool:
    """``SYSTEM`` (or ``None``, the services' default) outside a request is the trusted system;
    inside a request both are refused (403), whatever the view did."""
    if actor is SYSTEM or actor is None:
        if in_request():
            raise PermissionDenied("A write service was called without the acting user.")
        return True
    return False


def authorize(actor: Any, check: Callable[..., bool], *args: Any) -> None:
    """The write services' gate: ``check(actor, *args)`` must hold unless the actor is the
    system (outside a request). Raises ``PermissionDenied`` (403) otherwise."""
    if is_system(actor):
        return
    if not check(actor, *args):
        raise PermissionDenied


# --- partnerships ------------------------------------------------------------------------


def _hidden_partnerships() -> QuerySet[Any]:
    from kunnskapsbro.partnerships.models import Partnership

    return Partnership.objects.filter(is_public=False).order_by()


def can_view_partnership(user: Any, partnership: Any) -> bool:
    p = principal(user)
    if partnership.is_public:
        return True
    members = p.member_of()
    return members is None or partnership.pk in members


def visible_partnerships(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    p = principal(user)
    members = p.member_of()
    if members is None:
        return queryset
    return queryset.filter(Q(is_public=True) | Q(pk__in=members))


def can_read_internal(user: Any, partnership_id: int | None) -> bool:
    return principal(user).has(Cap.READ_INTERNAL, partnership_id)


def internal_partnerships(user: Any) -> set[int] | None:
    """Partnerships whose internal records the user reads; None means every partnership."""
    return principal(user).partnerships_with(Cap.READ_INTERNAL)


def reads_internal_anywhere(user: Any) -> bool:
    """Whether the user reads internal records of at least one partnership."""
    return principal(user).has_anywhere(Cap.READ_INTERNAL)


def can_manage_roles(user: Any, partnership: Any) -> bool:
    return principal(user).has(Cap.MANAGE_ROLES, getattr(partnership, "pk", partnership))


def can_edit_partnership_content(user: Any, partnership_id: int | None) -> bool:
    """Goals, meetings, bodies and other partnership-wide records (administrator, coordinator)."""
    return principal(user).has(Cap.EDIT_ALL, partnership_id)


# --- the shared registry: organisations and people ------------------------------------------

REGISTRY_CAPS = (Cap.EDIT_ALL, Cap.EDIT_FOCUS_AREA, Cap.EDIT_UNIT, Cap.CREATE_PROJECT)


def can_edit_registry(user: Any) -> bool:
    """Organisations and people are shared by all partnerships: anyone who registers
    projects somewhere may add and correct them (they are partners and participants)."""
    p = principal(user)
    return any(p.has_anywhere(cap) for cap in REGISTRY_CAPS)


def can_edit_person(user: Any, person: Any) -> bool:
    p = principal(user)
    return can_edit_registry(user) or (
        p.authenticated and getattr(person, "user_id", None) == p.user_id
    )


def can_see_contact_details(user: Any, person: Any = None) -> bool:
    """E-mail and phone: readers of internal records, registry editors and the person."""
    p = principal(user)
    if p.has_anywhere(Cap.READ_INTERNAL) or can_edit_registry(user):
        return True
    return person is not None and p.authenticated and getattr(person, "user_id", None) == p.user_id


# --- records with a partnership and a visibility (projects, needs, …) --------------------


def record_visibility_q(
    user: Any,
    *,
    partnership: str = "partnership_id",
    visibility: str | None = "visibility",
    public_value: str = "public",
    own: Q | None = None,
    public_extra: Q | None = None,
) -> Q | None:
    """The SQL condition for "this user may see this record"; None means no restriction.

    A record is seen when it is public in a public partnership (or one the user belongs to),
    when the user reads internal records of its partnership, or when it is the user's own
    (``own``: created by or participated in, given by the caller).
    """
    p = principal(user)
    readers = p.partnerships_with(Cap.READ_INTERNAL)
    if readers is None:
        return None
    members = p.member_of()
    if members is None:  # a role in every partnership: public records of all of them
        public = Q()
    else:
        # "Not in a hidden partnership the user is no member of", rather than "in a public
        # partnership": a NOT IN cannot steer the planner to a partnership index, so a
        # portfolio page still walks its (status, updated_at) index and stops after a page.
        hidden = _hidden_partnerships()
        if members:
            hidden = hidden.exclude(pk__in=sorted(members))
        public = ~Q(**{f"{partnership}__in": Subquery(hidden.values("id"))})
    if visibility is not None:
        public &= Q(**{visibility: public_value})
    if public_extra is not None:
        public &= public_extra
    if not public:  # an empty Q: every record is public to this user
        return None
    condition = public
    if readers:
        condition |= Q(**{f"{partnership}__in": sorted(readers)})
    if own is not None and p.authenticated:
        condition |= own
    return condition


def _filter(queryset: QuerySet[Any], condition: Q | None) -> QuerySet[Any]:
    return queryset if condition is None else queryset.filter(condition)


# --- projects ----------------------------------------------------------------------------


def _project_own_q(user_id: int, prefix: str = "") -> Q:
    from kunnskapsbro.projects.models import ProjectParticipant

    participating = ProjectParticipant.objects.filter(person__user_id=user_id).values("project_id")
    return Q(**{f"{prefix}created_by_id": user_id}) | Q(
        **{f"{prefix}pk__in": Subquery(participating)}
    )


def project_visibility_q(user: Any, prefix: str = "") -> Q | None:
    """The condition on Project (or on a model whose ``prefix`` leads to a project)."""
    p = principal(user)
    own = _project_own_q(p.user_id, prefix) if p.authenticated else None
    return record_visibility_q(
        user,
        partnership=f"{prefix}partnership_id",
        visibility=f"{prefix}visibility",
        own=own,
    )


def visible_projects(user: Any, queryset: QuerySet[Any] | None = None) -> QuerySet[Any]:
    """Projects this user may see: one SQL condition, no per-row Python."""
    if queryset is None:
        from kunnskapsbro.projects.models import Project

        queryset = Project.objects.all()
    return _filter(queryset, project_visibility_q(user))


def is_own_project(user: Any, project: Any) -> bool:
    p = principal(user)
    if not p.authenticated:
        return False
    if project.created_by_id == p.user_id:
        return True
    participants = getattr(project, "_prefetched_objects_cache", {}).get("participants")
    if participants is not None:
        return any(getattr(part.person, "user_id", None) == p.user_id for part in participants)
    return project.participants.filter(person__user_id=p.user_id).exists()


def can_view_project(user: Any, project: Any) -> bool:
    p = principal(user)
    if p.has(Cap.READ_INTERNAL, project.partnership_id):
        return True
    members = p.member_of()
    if project.visibility == "public" and (
        members is None or project.partnership.is_public or project.partnership_id in members
    ):
        return True
    return is_own_project(user, project)


def _ids(related: Any, attr: str = "pk") -> set[int]:
    return {getattr(obj, attr) for obj in related.all()}


def _in_focus_area(p: Principal, project: Any) -> bool:
    led = p.led_focus_areas(project.partnership_id)
    return bool(led) and bool(led & _ids(project.focus_areas))


def _in_unit_subtree(p: Principal, project: Any) -> bool:
    if not p.unit_roots:
        return False
    subtree = p.unit_subtree()
    return bool(subtree & _ids(project.municipal_units))


def can_edit_project(user: Any, project: Any) -> bool:
    p = principal(user)
    pid = project.partnership_id
    if p.has(Cap.EDIT_ALL, pid):
        return True
    if p.has(Cap.EDIT_FOCUS_AREA, pid) and _in_focus_area(p, project):
        return True
    if p.has(Cap.EDIT_UNIT, pid) and _in_unit_subtree(p, project):
        return True
    return p.has(Cap.EDIT_OWN, pid) and is_own_project(user, project)


def can_create_project(user: Any, partnership: Any) -> bool:
    return principal(user).has(Cap.CREATE_PROJECT, getattr(partnership, "pk", partnership))


def creatable_partnerships(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    pids = principal(user).partnerships_with(Cap.CREATE_PROJECT)
    return queryset if pids is None else queryset.filter(pk__in=sorted(pids))


# The assessment decision: leaving "assessment" (go ahead or decline).
ASSESSMENT_STATUS = "assessment"


def can_assess(user: Any, project: Any) -> bool:
    """The assessment step: the innovation committee, coordinator and administrator."""
    return principal(user).has(Cap.ASSESS, project.partnership_id)


def can_transition(user: Any, project: Any, to_status: str | None = None) -> bool:
    """May move the project through its lifecycle (to ``to_status`` if given).

    Leaving «assessment» is the assessment decision (ASSESS); sending a project into
    assessment may be done by its editors and by those who assess.
    """
    if to_status is None:  # any step at all
        return can_edit_project(user, project) or can_assess(user, project)
    if project.status == ASSESSMENT_STATUS and to_status != "withdrawn":
        return can_assess(user, project)
    if to_status == ASSESSMENT_STATUS and can_assess(user, project):
        return True
    return can_edit_project(user, project)


def allowed_transitions(user: Any, project: Any, targets: Iterable[str]) -> list[str]:
    return [target for target in targets if can_transition(user, project, target)]


def can_assess_relevance(user: Any, project: Any, unit: Any | None = None) -> bool:
    """A municipal unit's relevance assessment or outcome: EDIT_ALL, or the unit's editor."""
    p = principal(user)
    if p.has(Cap.EDIT_ALL, project.partnership_id):
        return True
    if not p.has(Cap.EDIT_UNIT, project.partnership_id):
        return False
    if unit is None:
        return bool(p.unit_subtree())
    return unit.pk in p.unit_subtree()


# --- knowledge needs ---------------------------------------------------------------------


def need_visibility_q(user: Any, *, listed_states: Iterable[str], prefix: str = "") -> Q | None:
    """Needs: the public sees public needs once listed; readers see their partnership's."""
    p = principal(user)
    own = Q(**{f"{prefix}created_by_id": p.user_id}) if p.authenticated else None
    return record_visibility_q(
        user,
        partnership=f"{prefix}partnership_id",
        visibility=f"{prefix}visibility",
        own=own,
        public_extra=Q(**{f"{prefix}status__in": list(listed_states)}),
    )


def visible_needs(user: Any, queryset: QuerySet[Any], *, listed_states: Iterable[str]) -> Any:
    return _filter(queryset, need_visibility_q(user, listed_states=listed_states))


def can_register_need(user: Any, partnership: Any) -> bool:
    return principal(user).has(Cap.REGISTER_NEED, getattr(partnership, "pk", partnership))


def can_edit_need(user: Any, need: Any) -> bool:
    p = principal(user)
    pid = need.partnership_id
    if p.has(Cap.EDIT_ALL, pid):
        return True
    if p.has(Cap.EDIT_FOCUS_AREA, pid) and need.focus_area_id in p.led_focus_areas(pid):
        return True
    if p.has(Cap.EDIT_UNIT, pid) and need.unit_id and need.unit_id in p.unit_subtree():
        return True
    return p.has(Cap.EDIT_OWN, pid) and p.authenticated and need.created_by_id == p.user_id


def can_prioritise_needs(user: Any, partnership_id: int | None) -> bool:
    return principal(user).has(Cap.PRIORITISE_NEEDS, partnership_id)


PRIORITISED = "prioritised"


def can_transition_need(user: Any, need: Any, to_status: str | None = None) -> bool:
    """Prioritising is the innovation committee's (and coordinator's); the other steps are for
    the need's editors and the committee."""
    may_prioritise = can_prioritise_needs(user, need.partnership_id)
    if to_status == PRIORITISED:
        return may_prioritise
    return may_prioritise or can_edit_need(user, need)


def match_public_only(user: Any) -> bool:
    """Matching searches one index for every partnership, so results are limited to public
    records unless the user reads internal records of every partnership (superuser or an
    installation-wide role): a reader of one partnership never sees another's internal ones."""
    return principal(user).partnerships_with(Cap.READ_INTERNAL) is not None


# --- goals, indicators, milestones, action plans ------------------------------------------


def can_edit_goals(user: Any, partnership_id: int | None) -> bool:
    """Goals, indicators, milestones and action plans: administrators and coordinators."""
    return principal(user).has(Cap.EDIT_ALL, partnership_id)


def can_measure(user: Any, indicator: Any, partnership_id: int | None) -> bool:
    """A manual indicator is measured by its owner (a person linked to the user) or an editor."""
    p = principal(user)
    owner = getattr(indicator, "owner", None)
    own = p.authenticated and owner is not None and getattr(owner, "user_id", None) == p.user_id
    return own or can_edit_goals(user, partnership_id)


# --- education records, articles, meetings -------------------------------------------------

EDUCATION_CAPS = (Cap.EDIT_ALL, Cap.EDIT_FOCUS_AREA, Cap.EDIT_UNIT)


def can_edit_education(user: Any, partnership_id: int | None) -> bool:
    """Placements, theses, EiT villages, courses and teaching of a partnership: its
    administrators and coordinators, and editors of one of its focus areas or units."""
    p = principal(user)
    return any(p.has(cap, partnership_id) for cap in EDUCATION_CAPS)


def can_edit_article(user: Any, partnership_id: int | None) -> bool:
    """Articles (erfaringsdeling) of a partnership: administrators and coordinators."""
    return can_edit_partnership_content(user, partnership_id)


def can_report_action(user: Any, action_item: Any) -> bool:
    """A follow-up point's status and comment: its owner (a person linked to the user) or
    an editor of the partnership's meetings."""
    p = principal(user)
    owner = getattr(action_item, "owner", None)
    if p.authenticated and owner is not None and getattr(owner, "user_id", None) == p.user_id:
        return True
    return can_edit_partnership_content(user, action_item.meeting.body.partnership_id)


def can_manage_imports(user: Any, partnership: Any) -> bool:
    """Import jobs create and update every project of the partnership that came from the same
    source, and merge duplicates: the right to edit every project (administrator,
    coordinator)."""
    return principal(user).has(Cap.EDIT_ALL, getattr(partnership, "pk", partnership))


# --- the role table, for docs and the account page ----------------------------------------


def capabilities_of(role: str) -> frozenset[Cap]:
    return MATRIX.get(role, frozenset())


def _labels() -> dict[Cap, str]:
    from django.utils.translation import gettext as _

    return {
        Cap.READ_INTERNAL: _("lese interne opplysninger"),
        Cap.EDIT_ALL: _("registrere og endre alt i partnerskapet"),
        Cap.EDIT_FOCUS_AREA: _("endre i eget satsingsområde"),
        Cap.EDIT_UNIT: _("endre for egen enhet med underenheter"),
        Cap.EDIT_OWN: _("endre egne prosjekter"),
        Cap.CREATE_PROJECT: _("registrere prosjekter"),
        Cap.REGISTER_NEED: _("registrere kunnskapsbehov"),
        Cap.PRIORITISE_NEEDS: _("prioritere kunnskapsbehov"),
        Cap.ASSESS: _("vurdere prosjektideer"),
        Cap.MANAGE_ROLES: _("tildele og avslutte roller"),
    }


def capability_labels(role: str) -> list[str]:
    labels = _labels()
    return [labels[cap] for cap in Cap if cap in capabilities_of(role)]
