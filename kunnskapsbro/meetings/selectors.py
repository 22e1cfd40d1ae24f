"""Reads for governance meetings, follow-up points, the annual cycle and events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kunnskapsbro.organizations.models import Person
from kunnskapsbro.partnerships.models import GovernanceBody, Membership

from .models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    CaseReference,
    Deadline,
    Decision,
    Event,
    EventSession,
    Meeting,
    MeetingStatus,
    Registration,
    RegistrationStatus,
)


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def _meeting_visibility_q(user: Any, prefix: str = "") -> Q | None:
    """The SQL condition "this user may see the meeting" on Meeting, or on a model whose
    ``prefix`` leads to its meeting (``meeting__``); None means no restriction."""
    from kunnskapsbro.accounts import permissions

    return permissions.record_visibility_q(
        user,
        partnership=f"{prefix}body__partnership_id",
        visibility=f"{prefix}is_public",
        public_value=True,
    )


def _visible(queryset: QuerySet[Any], condition: Q | None) -> QuerySet[Any]:
    return queryset if condition is None else queryset.filter(condition)


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    """Readers of a partnership (roles) see all its meetings; everyone sees meetings marked
    public of public partnerships (``accounts.permissions``; one SQL condition)."""
    return _visible(Meeting.objects.all(), _meeting_visibility_q(user))


def agenda_items_visible_to(user: Any) -> QuerySet[AgendaItem]:
    """Cases of the meetings this user may see (one SQL condition)."""
    return _visible(AgendaItem.objects.all(), _meeting_visibility_q(user, "meeting__"))


def decisions_visible_to(user: Any) -> QuerySet[Decision]:
    """Decisions in cases of the meetings this user may see (one SQL condition)."""
    return _visible(Decision.objects.all(), _meeting_visibility_q(user, "agenda_item__meeting__"))


def _action_item_visibility_q(user: Any) -> Q | None:
    """The SQL condition "this user may see the follow-up point" on ActionItem; None means
    no restriction.

    Follow-up points are internal records (who does what by when), whatever the meeting's
    visibility: readers of the internal records of the meeting's partnership
    (``accounts.permissions``) and the point's owner (the person linked to the user) see them,
    nobody else.
    """
    from kunnskapsbro.accounts import permissions

    readers = permissions.internal_partnerships(user)
    if readers is None:
        return None
    condition = Q(meeting__body__partnership_id__in=sorted(readers))
    if _signed_in(user):
        condition |= Q(owner__user_id=user.pk)
    return condition


def action_items_visible_to(user: Any) -> QuerySet[ActionItem]:
    """Follow-up points of partnerships whose internal records this user reads, and the
    user's own (they report on them): one SQL condition, no per-row checks."""
    return _visible(ActionItem.objects.all(), _action_item_visibility_q(user))


def action_item_list(
    *, user: Any, owner_id: int | None = None, open_only: bool = True
) -> QuerySet[ActionItem]:
    """The follow-up points this user may see, earliest due first (the API's list)."""
    queryset = action_items_visible_to(user).select_related("owner")
    if owner_id:
        queryset = queryset.filter(owner_id=owner_id)
    if open_only:
        queryset = queryset.exclude(status=ActionStatus.DONE)
    return queryset.order_by("due_date", "id")


def reference_targets_visible_to(user: Any, model: type[Any]) -> QuerySet[Any]:
    """The projects, needs or goals (``model``, one of ``services.REFERENCE_TARGETS``) a case
    may refer to for this user: those they may see, through the owning app's selector."""
    from kunnskapsbro.goals.selectors import goal_visible_to
    from kunnskapsbro.needs.selectors import need_visible_to
    from kunnskapsbro.projects.selectors import project_visible_to

    visible_to = {
        "projects.project": project_visible_to,
        "needs.knowledgeneed": need_visible_to,
        "goals.goal": goal_visible_to,
    }[model._meta.label_lower]
    return visible_to(user)


def _visible_partnerships(user: Any) -> QuerySet[Any]:
    from kunnskapsbro.accounts import permissions
    from kunnskapsbro.partnerships.models import Partnership

    return permissions.visible_partnerships(user, Partnership.objects.all())


def bodies_visible_to(user: Any) -> QuerySet[GovernanceBody]:
    """Bodies of the partnerships this user may see."""
    return GovernanceBody.objects.filter(partnership__in=_visible_partnerships(user))


def body_list(*, user: Any, partnership_id: int | None = None) -> QuerySet[GovernanceBody]:
    """Governance bodies with their partnership and the number of meetings the user may see."""
    visible = Q(meetings__in=meetings_visible_to(user))
    queryset = (
        bodies_visible_to(user)
        .select_related("partnership", "focus_area")
        .annotate(meeting_count=Count("meetings", filter=visible, distinct=True))
    )
    if partnership_id:
        queryset = queryset.filter(partnership_id=partnership_id)
    return queryset.order_by("partnership__name", "kind", "name", "id")


def body_detail(*, user: Any, pk: int) -> GovernanceBody:
    """A body with members (who chairs, who represents whom, terms); 404 if hidden."""
    try:
        return (
            body_list(user=user)
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.select_related("person", "represents").order_by(
                        "role", "person__last_name"
                    ),
                )
            )
            .get(pk=pk)
        )
    except GovernanceBody.DoesNotExist as exc:
        raise Http404("body not found") from exc


def meeting_list(
    *, user: Any, body_id: int | None = None, partnership_id: int | None = None
) -> QuerySet[Meeting]:
    queryset = (
        meetings_visible_to(user)
        .select_related("body__partnership")
        .annotate(item_count=Count("agenda_items", distinct=True))
    )
    if body_id:
        queryset = queryset.filter(body_id=body_id)
    if partnership_id:
        queryset = queryset.filter(body__partnership_id=partnership_id)
    return queryset.order_by("-starts_at", "-id")


def meeting_full(queryset: QuerySet[Meeting], *, user: Any) -> QuerySet[Meeting]:
    """Everything a meeting page, its minutes and the API show, in a fixed number of queries.

    ``meeting.action_items`` holds only the follow-up points ``user`` may see (internal:
    ``action_items_visible_to``), so no page or API answer shows more by forgetting a check.
    """
    return queryset.select_related("body__partnership").prefetch_related(
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.prefetch_related(
                "projects",
                Prefetch(
                    "references", queryset=CaseReference.objects.select_related("content_type")
                ),
                Prefetch("decisions", queryset=Decision.objects.order_by("decided_on", "id")),
                "documents",
            ).order_by("order", "number"),
        ),
        Prefetch(
            "attendances",
            queryset=Attendance.objects.select_related("person", "represents"),
        ),
        Prefetch(
            "action_items",
            queryset=action_items_visible_to(user)
            .select_related("owner", "agenda_item")
            .order_by("due_date", "id"),
        ),
        "documents",
    )


def meeting_detail(*, user: Any, pk: int) -> Meeting:
    try:
        return meeting_full(meetings_visible_to(user), user=user).get(pk=pk)
    except Meeting.DoesNotExist as exc:
        raise Http404("meeting not found") from exc


def action_items_for_person(
    *, person: Person, open_only: bool = True, user: Any = None
) -> QuerySet[ActionItem]:
    """A person's follow-up points, earliest due first; open ones until they are done.

    Follow-up points are internal: with ``user``, only the person themselves and readers of
    the internal records of the meeting's partnership see them (``user=None``: trusted caller).
    """
    queryset = ActionItem.objects.filter(owner=person).select_related(
        "meeting__body__partnership", "agenda_item"
    )
    if user is not None:
        queryset = _internal_only(queryset, user, person, "meeting__body__partnership_id")
    if open_only:
        queryset = queryset.exclude(status=ActionStatus.DONE)
    return queryset.order_by("due_date", "id")


def action_items_open(*, partnership_id: int | None = None) -> QuerySet[ActionItem]:
    """Every open follow-up point (for dashboards), earliest due first."""
    queryset = ActionItem.objects.exclude(status=ActionStatus.DONE).select_related(
        "owner", "meeting__body"
    )
    if partnership_id:
        queryset = queryset.filter(meeting__body__partnership_id=partnership_id)
    return queryset.order_by("due_date", "id")


def person_for_user(user: Any) -> Person | None:
    if not _signed_in(user):
        return None
    return Person.objects.filter(user=user).first()


@dataclass
class CycleMonth:
    month: int
    first_day: dt.date
    meetings: list[Meeting] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


def annual_cycle(*, user: Any, year: int, partnership_id: int | None = None) -> list[CycleMonth]:
    """The årshjul: for each month of ``year``, its meetings, events and recurring deadlines.

    Three queries whatever the size of the year.
    """
    months = [CycleMonth(month=m, first_day=dt.date(year, m, 1)) for m in range(1, 13)]
    tz = timezone.get_current_timezone()
    start = dt.datetime(year, 1, 1, tzinfo=tz)
    end = dt.datetime(year + 1, 1, 1, tzinfo=tz)
    meetings = meetings_visible_to(user).filter(starts_at__gte=start, starts_at__lt=end)
    events = events_visible_to(user).filter(starts_at__gte=start, starts_at__lt=end)
    deadlines = Deadline.objects.select_related("partnership")
    if partnership_id:
        meetings = meetings.filter(body__partnership_id=partnership_id)
        events = events.filter(partnership_id=partnership_id)
        deadlines = deadlines.filter(partnership_id=partnership_id)
    deadlines = deadlines.filter(partnership__in=_visible_partnerships(user))
    for meeting in meetings.select_related("body").order_by("starts_at"):
        months[timezone.localtime(meeting.starts_at).month - 1].meetings.append(meeting)
    for event in events.order_by("starts_at"):
        months[timezone.localtime(event.starts_at).month - 1].events.append(event)
    for deadline in deadlines.order_by("month", "day"):
        months[deadline.month - 1].deadlines.append(deadline)
    return months


# --- events -----------------------------------------------------------------------------------


def events_visible_to(user: Any) -> QuerySet[Event]:
    """Public events of public partnerships for everyone; internal ones for the partnership's
    readers (``accounts.permissions``)."""
    from kunnskapsbro.accounts import permissions

    condition = permissions.record_visibility_q(
        user, partnership="partnership_id", visibility="is_public", public_value=True
    )
    queryset = Event.objects.all()
    return queryset if condition is None else queryset.filter(condition)


def event_list(
    *, user: Any, upcoming: bool | None = None, partnership_id: int | None = None
) -> QuerySet[Event]:
    confirmed = Q(registrations__status=RegistrationStatus.CONFIRMED)
    queryset = (
        events_visible_to(user)
        .select_related("partnership")
        .annotate(confirmed_count=Count("registrations", filter=confirmed, distinct=True))
    )
    if partnership_id:
        queryset = queryset.filter(partnership_id=partnership_id)
    now = timezone.now()
    if upcoming is True:
        return queryset.filter(starts_at__gte=now).order_by("starts_at", "id")
    if upcoming is False:
        return queryset.filter(starts_at__lt=now).order_by("-starts_at", "-id")
    return queryset.order_by("-starts_at", "-id")


def event_detail(*, user: Any, slug: str) -> Event:
    """An event with its programme and registration figures; 404 if hidden."""
    confirmed = Q(registrations__status=RegistrationStatus.CONFIRMED)
    try:
        return (
            event_list(user=user)
            .annotate(
                waitlisted_count=Count(
                    "registrations",
                    filter=Q(registrations__status=RegistrationStatus.WAITLISTED),
                    distinct=True,
                )
            )
            .prefetch_related(
                Prefetch(
                    "sessions",
                    queryset=EventSession.objects.annotate(
                        confirmed_count=Count("registrations", filter=confirmed)
                    ).order_by("starts_at", "parallel_group", "title"),
                )
            )
            .get(slug=slug)
        )
    except Event.DoesNotExist as exc:
        raise Http404("event not found") from exc


def event_participants(*, event: Event) -> QuerySet[Registration]:
    """Confirmed participants with their person and organisation (who has met whom)."""
    return (
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .select_related("person", "organization")
        .order_by("name")
    )


def _internal_only(queryset: QuerySet[Any], user: Any, person: Person, field: str) -> Any:
    """Rows of partnerships whose internal records ``user`` reads (all of them for the person
    themselves): attendance, follow-up points and who-met-whom are internal."""
    from kunnskapsbro.accounts import permissions

    if _signed_in(user) and person.user_id == user.pk:
        return queryset
    readable = permissions.internal_partnerships(user)
    if readable is None:
        return queryset
    return queryset.filter(**{f"{field}__in": sorted(readable)})


def person_met(*, person: Person, user: Any = None) -> list[tuple[Person, int]]:
    """People this person has met at meetings and events, with how many times (most first).

    With ``user``, only meetings and events of partnerships whose internal records the user
    reads count (``user=None``: trusted caller)."""
    attended = Attendance.objects.filter(person=person).exclude(status="absent")
    registered = Registration.objects.filter(person=person, status=RegistrationStatus.CONFIRMED)
    if user is not None:
        attended = _internal_only(attended, user, person, "meeting__body__partnership_id")
        registered = _internal_only(registered, user, person, "event__partnership_id")
    meeting_ids = attended.values("meeting_id")
    event_ids = registered.values("event_id")
    counts: dict[int, int] = {}
    for other_id in (
        Attendance.objects.filter(meeting_id__in=meeting_ids)
        .exclude(status="absent")
        .exclude(person=person)
        .values_list("person_id", flat=True)
    ):
        counts[other_id] = counts.get(other_id, 0) + 1
    for other_id in (
        Registration.objects.filter(event_id__in=event_ids, status=RegistrationStatus.CONFIRMED)
        .exclude(person=person)
        .exclude(person__isnull=True)
        .values_list("person_id", flat=True)
    ):
        counts[other_id] = counts.get(other_id, 0) + 1
    people = Person.objects.in_bulk(list(counts))
    return sorted(
        ((people[pk], n) for pk, n in counts.items() if pk in people),
        key=lambda pair: (-pair[1], pair[0].last_name, pair[0].first_name),
    )


def calendar_for_body(*, user: Any, body: GovernanceBody) -> QuerySet[Meeting]:
    return (
        meetings_visible_to(user)
        .filter(body=body)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("body")
        .order_by("starts_at")
    )


def calendar_for_person(*, user: Any, person: Person) -> dict[str, Any]:
    """What goes in a person's calendar feed: the meetings of their bodies (and those they
    attended), their registered events and, for signed-in callers, their follow-up deadlines."""
    bodies = Membership.objects.filter(person=person).values("body_id")
    meetings = (
        meetings_visible_to(user)
        .filter(Q(body_id__in=bodies) | Q(attendances__person=person))
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("body")
        .distinct()
        .order_by("starts_at")
    )
    events = (
        events_visible_to(user)
        .filter(registrations__person=person, registrations__status=RegistrationStatus.CONFIRMED)
        .distinct()
        .order_by("starts_at")
    )
    actions = (
        action_items_for_person(person=person, user=user)
        if _signed_in(user)
        else ActionItem.objects.none()
    )
    return {"meetings": meetings, "events": events, "action_items": actions}


# --- a registrant's own page (cancel without an account) --------------------------------------

REGISTRATION_SALT = "kunnskapsbro.meetings.registration"


def registration_token(registration: Registration) -> str:
    """A signed, unguessable key to a registration, for the registrant's own page."""
    from django.core import signing

    return signing.dumps([registration.pk, registration.email], salt=REGISTRATION_SALT)


def registration_for_token(*, event: Event, token: str) -> Registration:
    """The registration behind a key from ``registration_token``; 404 if forged or foreign."""
    from django.core import signing

    try:
        pk, email = signing.loads(token, salt=REGISTRATION_SALT)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise Http404("bad registration key") from exc
    registration = (
        Registration.objects.select_related("event")
        .prefetch_related("sessions")
        .filter(pk=pk, event=event, email=email)
        .first()
    )
    if registration is None:
        raise Http404("registration not found")
    return registration


def waitlist_place(registration: Registration) -> int | None:
    """Where a waitlisted registration stands now (1 = next in line), gaps left by others
    who cancelled closed up; None when it is not on the waiting list."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id,
        status=RegistrationStatus.WAITLISTED,
        waitlist_position__lt=registration.waitlist_position or 0,
    ).count()
    return ahead + 1


def event_registrations(*, event: Event) -> QuerySet[Registration]:
    """Every registration of an event for its organisers: confirmed first, then the waiting
    list in order, then those who cancelled."""
    from django.db.models import Case, IntegerField, Value, When

    rank = Case(
        When(status=RegistrationStatus.CONFIRMED, then=Value(0)),
        When(status=RegistrationStatus.WAITLISTED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        Registration.objects.filter(event=event)
        .select_related("person", "organization")
        .prefetch_related("sessions")
        .annotate(rank=rank)
        .order_by("rank", "waitlist_position", "created_at", "id")
    )


def registrant_links(
    *, user: Any, email: str, organization_name: str = ""
) -> tuple[Person | None, Any]:
    """The person and organisation a registration belongs to, so that the network of who has
    met whom includes public registrants: the signed-in user's person when the e-mail is
    theirs, else the registered person with that e-mail; the organisation named exactly (name,
    short name or orgnr), else the person's main affiliation."""
    from kunnskapsbro.organizations.selectors import organization_find

    email = email.strip()
    person = person_for_user(user)
    if person is not None and person.email and person.email.lower() != email.lower():
        person = None  # signing someone else up
    if person is None and email:
        person = Person.objects.filter(email__iexact=email).first()
    organization = organization_find(organization_name) if organization_name.strip() else None
    if organization is None and person is not None:
        main = person.affiliations.select_related("organization").first()  # largest share
        organization = main.organization if main else None
    return person, organization


@dataclass
class Encounter:
    first: Any
    second: Any
    meetings: int = 0
    events: int = 0

    @property
    def total(self) -> int:
        return self.meetings + self.events


def organization_encounters(*, user: Any, limit: int = 20) -> list[Encounter]:
    """Which organisations have met which, and how often: two organisations meet when people
    representing them attend the same meeting or take part in the same event. Only meetings
    and events the user may see count. Three queries whatever the number of meetings."""
    from itertools import combinations

    from kunnskapsbro.organizations.models import Organization

    per_meeting: dict[int, set[int]] = {}
    for meeting_id, org_id in (
        Attendance.objects.filter(meeting__in=meetings_visible_to(user), represents__isnull=False)
        .exclude(status="absent")
        .values_list("meeting_id", "represents_id")
    ):
        per_meeting.setdefault(meeting_id, set()).add(org_id)
    per_event: dict[int, set[int]] = {}
    for event_id, org_id in Registration.objects.filter(
        event__in=events_visible_to(user),
        status=RegistrationStatus.CONFIRMED,
        organization__isnull=False,
    ).values_list("event_id", "organization_id"):
        per_event.setdefault(event_id, set()).add(org_id)
    counts: dict[tuple[int, int], list[int]] = {}
    for groups, slot in ((per_meeting, 0), (per_event, 1)):
        for orgs in groups.values():
            for pair in combinations(sorted(orgs), 2):
                counts.setdefault(pair, [0, 0])[slot] += 1
    top = sorted(counts.items(), key=lambda kv: (-(kv[1][0] + kv[1][1]), kv[0]))[:limit]
    names = Organization.objects.in_bulk({pk for pair, _n in top for pk in pair})
    return [
        Encounter(first=names[a], second=names[b], meetings=m, events=e)
        for (a, b), (m, e) in top
        if a in names and b in names
    ]
