"""Pages for governance (bodies, meetings, minutes, follow-up, annual cycle), events and calendars."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kunnskapsbro.accounts import permissions
from kunnskapsbro.core.forms import save_and_redirect
from kunnskapsbro.core.utils import slugify_nb, unique_slug
from kunnskapsbro.organizations.models import Person
from kunnskapsbro.partnerships import services as partnership_services
from kunnskapsbro.partnerships.models import Membership

from . import ical, selectors, services
from .forms import (
    RESERVED_EVENT_SLUGS,
    ActionItemEditForm,
    ActionItemForm,
    ActionStatusForm,
    AgendaItemEditForm,
    AgendaItemForm,
    AttendanceForm,
    BodyForm,
    DeadlineForm,
    DecisionForm,
    EventForm,
    EventSessionForm,
    MeetingDocumentForm,
    MeetingForm,
    MembershipForm,
    RegistrationForm,
    person_label,
)
from .models import (
    AgendaItem,
    Event,
    EventKind,
    EventSession,
    Registration,
    RegistrationStatus,
)

ICAL_TYPE = "text/calendar; charset=utf-8"


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def edits_anywhere(user: Any) -> bool:
    """Whether the user may create bodies, meetings and events in some partnership."""
    return permissions.principal(user).has_anywhere(permissions.Cap.EDIT_ALL)


def can_edit(user: Any, partnership_id: int | None) -> bool:
    """Meetings, bodies, members and events are partnership-wide records (coordinators)."""
    return permissions.can_edit_partnership_content(user, partnership_id)


def require_edit(user: Any, partnership_id: int | None) -> None:
    permissions.require(can_edit(user, partnership_id))


def editable_partnerships(user: Any, queryset: Any) -> Any:
    """The partnerships of ``queryset`` the user may add bodies and events to; 403 if none."""
    ids = permissions.principal(user).partnerships_with(permissions.Cap.EDIT_ALL)
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    permissions.require(queryset.exists())
    return queryset


def body_list(request: HttpRequest) -> HttpResponse:
    bodies = selectors.body_list(user=request.user)
    upcoming = (
        selectors.meeting_list(user=request.user)
        .filter(starts_at__gte=timezone.now())
        .order_by("starts_at")[:10]
    )
    return render(
        request,
        "meetings/body_list.html",
        {"bodies": bodies, "upcoming": upcoming, "can_edit": edits_anywhere(request.user)},
    )


def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = selectors.body_detail(user=request.user, pk=pk)
    meetings = selectors.meeting_list(user=request.user, body_id=body.pk)
    return render(
        request,
        "meetings/body_detail.html",
        {
            "body": body,
            "meetings": meetings,
            "can_edit": can_edit(request.user, body.partnership_id),
        },
    )


EDIT_FORMS = {"case": AgendaItemForm, "decision": DecisionForm, "action": ActionItemForm}


def shows_action_items(user: Any, meeting: Any) -> bool:
    """Follow-up points are internal: their section is for readers of the partnership's
    internal records, and for an owner of some of them (``meeting.action_items`` holds only
    the points the user may see, ``selectors.meeting_full``)."""
    internal = permissions.can_read_internal(user, meeting.body.partnership_id)
    return internal or bool(meeting.action_items.all())


@require_http_methods(["GET", "POST"])
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting; signed-in users add cases, decisions and follow-up points on the same page."""
    meeting = selectors.meeting_detail(user=request.user, pk=pk)
    forms = {}
    status = 200
    editor = can_edit(request.user, meeting.body.partnership_id)
    if request.method == "POST" and request.user.is_authenticated:
        permissions.require(editor)
    if editor:
        which = request.POST.get("form", "") if request.method == "POST" else ""
        forms = {
            name: form_class(request.POST if which == name else None, meeting=meeting, prefix=name)
            for name, form_class in EDIT_FORMS.items()
        }
        if which in forms:
            if response := save_and_redirect(
                request,
                forms[which],
                lambda data: _save_meeting_form(which, data, meeting, request.user),
                success=_("Lagret."),
                to=meeting.get_absolute_url(),
            ):
                return response
            status = 400
    elif request.method == "POST":
        return redirect_to_login(request.get_full_path())
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "forms": forms,
            "can_edit": editor,
            "show_actions": shows_action_items(request.user, meeting),
        },
        status=status,
    )


def _save_meeting_form(which: str, data: dict, meeting: Any, actor: Any) -> None:
    if which == "case":
        services.agenda_item_create(
            meeting=meeting,
            title=data["title"],
            kind=data["kind"],
            description=data["description"],
            projects=list(data["projects"]),
            actor=actor,
        )
    elif which == "decision":
        services.decision_create(agenda_item=data["agenda_item"], text=data["text"], actor=actor)
    else:
        services.action_item_create(
            meeting=meeting,
            title=data["title"],
            owner=data["owner"],
            due_date=data["due_date"],
            agenda_item=data["agenda_item"],
            actor=actor,
        )


def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from .pdf import minutes_pdf as render_pdf

    meeting = selectors.meeting_detail(user=request.user, pk=pk)
    pdf = render_pdf(meeting=meeting, show_actions=shows_action_items(request.user, meeting))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="referat-{meeting.pk}.pdf"'
    return response


def annual_cycle(request: HttpRequest) -> HttpResponse:
    try:
        year = int(request.GET.get("ar", ""))
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    months = selectors.annual_cycle(user=request.user, year=year)
    return render(
        request,
        "meetings/annual_cycle.html",
        {
            "months": months,
            "year": year,
            "previous": year - 1,
            "next": year + 1,
            "can_edit": edits_anywhere(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def deadline_create(request: HttpRequest) -> HttpResponse:
    """A recurring reporting or application deadline in the annual cycle."""
    form = DeadlineForm(request.POST or None)
    form.fields["partnership"].queryset = editable_partnerships(
        request.user, form.fields["partnership"].queryset
    )
    if response := save_and_redirect(
        request,
        form,
        lambda data: services.deadline_create(actor=request.user, **data),
        success=lambda deadline: _("«%(t)s» er lagt inn i årshjulet.") % {"t": deadline.title},
        to=lambda deadline: reverse("meetings:annual_cycle") + f"#m{deadline.month}",
    ):
        return response
    cycle = reverse("meetings:annual_cycle")
    return _form_page(
        request,
        form,
        title=_("Ny frist i årshjulet"),
        crumbs=_governance_crumbs((_("Årshjul"), cycle), (_("Ny frist"), "")),
        submit=_("Legg inn fristen"),
        cancel_url=cycle,
        intro=_("Fristen kommer igjen hvert år på samme dato."),
    )


@login_required
def my_action_items(request: HttpRequest) -> HttpResponse:
    person = selectors.person_for_user(request.user)
    items = selectors.action_items_for_person(person=person) if person else []
    return render(
        request,
        "meetings/my_action_items.html",
        {
            "person": person,
            "items": items,
            "form": ActionStatusForm(),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def action_item_status(request: HttpRequest, pk: int) -> HttpResponse:
    # A point the user may not see answers 404 (not 403), so its existence is not revealed.
    item = get_object_or_404(
        selectors.action_items_visible_to(request.user).select_related("owner", "meeting__body"),
        pk=pk,
    )
    # The owner reports progress on their own points; coordinators on everyone's.
    if item.owner.user_id != request.user.pk:
        require_edit(request.user, item.meeting.body.partnership_id)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        try:
            services.action_item_set_status(
                action_item=item,
                status=form.cleaned_data["status"],
                comment=form.cleaned_data["comment"] or None,
                actor=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("«%(title)s» er satt til %(status)s.")
                % {"title": item.title, "status": item.get_status_display().lower()},
            )
    else:
        messages.error(request, _("Velg en gyldig status."))
    target = request.POST.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = "meetings:my_actions"
    return redirect(target)


def body_ical(request: HttpRequest, pk: int) -> HttpResponse:
    body = selectors.body_detail(user=request.user, pk=pk)
    meetings = selectors.calendar_for_body(user=request.user, body=body)
    feed = ical.body_feed(name=body.name, meetings=meetings, base_url=_base_url(request))
    return HttpResponse(feed, content_type=ICAL_TYPE)


def person_ical(request: HttpRequest, slug: str) -> HttpResponse:
    person = Person.objects.filter(slug=slug).first()
    if person is None:
        raise Http404
    entries = selectors.calendar_for_person(user=request.user, person=person)
    feed = ical.person_feed(name=person.full_name, base_url=_base_url(request), **entries)
    return HttpResponse(feed, content_type=ICAL_TYPE)


def event_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "meetings/event_list.html",
        {
            "upcoming": selectors.event_list(user=request.user, upcoming=True),
            "past": selectors.event_list(user=request.user, upcoming=False)[:30],
            "can_edit": edits_anywhere(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_detail(user=request.user, slug=slug)
    sessions = list(event.sessions.all())
    form = RegistrationForm(request.POST or None, event=event, sessions=sessions)
    if request.method == "POST" and form.is_valid():
        person, organization = selectors.registrant_links(
            user=request.user,
            email=form.cleaned_data["email"],
            organization_name=form.cleaned_data["organization_name"],
        )
        try:
            registration = services.registration_create(
                event=event,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                organization_name=form.cleaned_data["organization_name"],
                sessions=form.chosen_sessions(),
                person=person,
                organization=organization,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                target = field if field in form.fields else None
                if field == "sessions" and form.session_fields:
                    target = form.session_fields[0]
                for error in errors:
                    form.add_error(target, error)
        else:
            if registration.status == RegistrationStatus.WAITLISTED:
                messages.warning(
                    request,
                    _("Arrangementet er fullt. Du står som nummer %(n)s på ventelisten.")
                    % {"n": registration.waitlist_position},
                )
            elif event.kind == EventKind.BREAKFAST:
                messages.success(
                    request,
                    _("Du står på listen over interesserte i «%(t)s».") % {"t": event.title},
                )
            else:
                messages.success(request, _("Du er påmeldt «%(t)s».") % {"t": event.title})
            return redirect(_registration_url(registration))
    editor = can_edit(request.user, event.partnership_id)
    groups: dict[str, list] = {}
    for session in sessions:
        groups.setdefault(session.starts_at.isoformat(), []).append(session)
    return render(
        request,
        "meetings/event_detail.html",
        {
            "event": event,
            "slots": list(groups.values()),
            "form": form,
            # Who is coming is personal data: the organisers and the partnership's readers of
            # internal records see it, not every signed-in user.
            "participants": selectors.event_participants(event=event)
            if editor or permissions.can_read_internal(request.user, event.partnership_id)
            else None,
            "registrations": selectors.event_registrations(event=event) if editor else None,
            "can_edit": editor,
            "is_full": event.capacity is not None and event.confirmed_count >= event.capacity,
            "is_past": event.starts_at < timezone.now(),
        },
        status=400 if form.errors else 200,
    )


def event_ical(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_detail(user=request.user, slug=slug)
    return HttpResponse(
        ical.event_feed(event=event, base_url=_base_url(request)), content_type=ICAL_TYPE
    )


# --- registrants cancel, organisers manage -----------------------------------------------------


def _registration_url(registration: Registration) -> str:
    return reverse(
        "meetings:registration",
        kwargs={
            "slug": registration.event.slug,
            "token": selectors.registration_token(registration),
        },
    )


@require_http_methods(["GET", "POST"])
def registration_detail(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The registrant's own page (the link is the key): status, place in line, cancel."""
    event = selectors.event_detail(user=request.user, slug=slug)
    registration = selectors.registration_for_token(event=event, token=token)
    if request.method == "POST":
        try:
            services.registration_cancel(registration=registration, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Du er meldt av «%(t)s». Plassen din går videre.") % {"t": event.title}
            )
        return redirect(request.path)
    return render(
        request,
        "meetings/registration_detail.html",
        {
            "event": event,
            "registration": registration,
            "place": selectors.waitlist_place(registration),
            "is_past": event.starts_at < timezone.now(),
            "page_url": request.build_absolute_uri(),
        },
    )


@login_required
@require_POST
def registration_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """An organiser cancels someone's registration; the first on the waiting list moves up."""
    event = selectors.event_detail(user=request.user, slug=slug)
    require_edit(request.user, event.partnership_id)
    registration = get_object_or_404(Registration, pk=pk, event=event)
    try:
        services.registration_cancel(registration=registration, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s er meldt av.") % {"name": registration.name})
    return redirect(event.get_absolute_url() + "#h-registrations")


# --- create and edit pages ---------------------------------------------------------------------


def _form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    crumbs: list[tuple[str, str]],
    submit: str,
    cancel_url: str,
    intro: str = "",
    lookups: bool = False,
    multipart: bool = False,
) -> HttpResponse:
    return render(
        request,
        "meetings/form_page.html",
        {
            "form": form,
            "title": title,
            "crumbs": crumbs,
            "submit": submit,
            "cancel_url": cancel_url,
            "intro": intro,
            "lookups": lookups,
            "multipart": multipart,
        },
        status=400 if form.errors else 200,
    )


def _governance_crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Styring og møter"), reverse("meetings:body_list")), *extra]


@login_required
@require_http_methods(["GET", "POST"])
def body_create(request: HttpRequest) -> HttpResponse:
    form = BodyForm(request.POST or None)
    form.fields["partnership"].queryset = editable_partnerships(
        request.user, form.fields["partnership"].queryset
    )
    if response := save_and_redirect(
        request,
        form,
        lambda data: partnership_services.body_create(
            partnership=data["partnership"],
            kind=data["kind"],
            name=data["name"],
            focus_area=data["focus_area"],
            mandate=data["mandate"],
            actor=request.user,
        ),
        success=lambda body: _("«%(name)s» er opprettet.") % {"name": body.name},
        to=lambda body: reverse("meetings:body_detail", kwargs={"pk": body.pk}),
    ):
        return response
    title = _("Nytt styringsorgan")
    return _form_page(
        request,
        form,
        title=title,
        crumbs=_governance_crumbs((title, request.path)),
        submit=_("Opprett organet"),
        cancel_url=reverse("meetings:body_list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    body = selectors.body_detail(user=request.user, pk=pk)
    require_edit(request.user, body.partnership_id)
    initial = {
        "kind": body.kind,
        "name": body.name,
        "focus_area": body.focus_area_id,
        "mandate": body.mandate,
    }
    form = BodyForm(request.POST or None, initial=initial, body=body)
    body_url = reverse("meetings:body_detail", kwargs={"pk": body.pk})
    if response := save_and_redirect(
        request,
        form,
        lambda data: partnership_services.body_update(body=body, data=data, actor=request.user),
        success=_("Lagret."),
        to=body_url,
    ):
        return response
    return _form_page(
        request,
        form,
        title=_("Endre %(name)s") % {"name": body.name},
        crumbs=_governance_crumbs((body.name, body_url), (_("Endre"), request.path)),
        submit=_("Lagre"),
        cancel_url=body_url,
    )


def _membership_form_page(
    request: HttpRequest, form: Any, body: Any, title: str, submit: str
) -> HttpResponse:
    body_url = reverse("meetings:body_detail", kwargs={"pk": body.pk})
    return _form_page(
        request,
        form,
        title=title,
        crumbs=_governance_crumbs((body.name, body_url), (title, request.path)),
        submit=submit,
        cancel_url=body_url + "#h-members",
        intro=_("Hvem sitter i organet, med hvilken rolle, for hvilken part og i hvilken periode."),
        lookups=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_create(request: HttpRequest, pk: int) -> HttpResponse:
    body = selectors.body_detail(user=request.user, pk=pk)
    require_edit(request.user, body.partnership_id)
    form = MembershipForm(request.POST or None)
    if response := save_and_redirect(
        request,
        form,
        lambda data: partnership_services.membership_create(body=body, actor=request.user, **data),
        success=lambda membership: (
            _("%(person)s er lagt til i %(body)s.")
            % {"person": membership.person.full_name, "body": body.name}
        ),
        to=reverse("meetings:body_detail", kwargs={"pk": body.pk}) + "#h-members",
    ):
        return response
    return _membership_form_page(request, form, body, _("Nytt medlem"), _("Legg til medlemmet"))


@login_required
@require_http_methods(["GET", "POST"])
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("person", "represents", "body"), pk=pk
    )
    body = selectors.body_detail(user=request.user, pk=membership.body_id)
    require_edit(request.user, body.partnership_id)
    initial = {
        "person": person_label(membership.person),
        "role": membership.role,
        "position_title": membership.position_title,
        "represents": membership.represents.name if membership.represents else "",
        "start_date": membership.start_date,
        "end_date": membership.end_date,
    }
    form = MembershipForm(request.POST or None, initial=initial)
    form.fields["person"].disabled = True
    if response := save_and_redirect(
        request,
        form,
        lambda data: partnership_services.membership_update(
            membership=membership,
            data={k: v for k, v in data.items() if k != "person"},
            actor=request.user,
        ),
        success=_("Lagret."),
        to=reverse("meetings:body_detail", kwargs={"pk": body.pk}) + "#h-members",
    ):
        return response
    return _membership_form_page(
        request,
        form,
        body,
        _("Endre medlemskap for %(person)s") % {"person": membership.person.full_name},
        _("Lagre"),
    )


def _meeting_data(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": data["title"],
        "starts_at": data["starts_at"],
        "ends_at": data["ends_at"],
        "location": data["location"],
        "status": data["status"],
        "is_public": data["is_public"],
        "minutes": data["minutes"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    body = selectors.body_detail(user=request.user, pk=pk)
    require_edit(request.user, body.partnership_id)
    form = MeetingForm(request.POST or None)
    if response := save_and_redirect(
        request,
        form,
        lambda data: services.meeting_create(body=body, actor=request.user, **_meeting_data(data)),
        success=_("Møtet er opprettet. Legg til saker, vedtak og oppfølging nedenfor."),
        to=lambda meeting: meeting.get_absolute_url(),
    ):
        return response
    title = _("Nytt møte i %(body)s") % {"body": body.name}
    body_url = reverse("meetings:body_detail", kwargs={"pk": body.pk})
    return _form_page(
        request,
        form,
        title=title,
        crumbs=_governance_crumbs((body.name, body_url), (_("Nytt møte"), request.path)),
        submit=_("Opprett møtet"),
        cancel_url=body_url,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_detail(user=request.user, pk=pk)
    require_edit(request.user, meeting.body.partnership_id)
    initial = {
        name: getattr(meeting, name)
        for name in ("title", "starts_at", "ends_at", "location", "status", "is_public", "minutes")
    }
    initial["starts_at"] = timezone.localtime(meeting.starts_at)
    if meeting.ends_at:
        initial["ends_at"] = timezone.localtime(meeting.ends_at)
    form = MeetingForm(request.POST or None, initial=initial)
    if response := save_and_redirect(
        request,
        form,
        lambda data: services.meeting_update(
            meeting=meeting, data=_meeting_data(data), actor=request.user
        ),
        success=_("Lagret."),
        to=meeting.get_absolute_url(),
    ):
        return response
    return _form_page(
        request,
        form,
        title=_("Endre møtet og referatet"),
        crumbs=_meeting_crumbs(meeting, _("Endre")),
        submit=_("Lagre"),
        cancel_url=meeting.get_absolute_url(),
    )


def _meeting_crumbs(meeting: Any, last: str) -> list[tuple[str, str]]:
    return _governance_crumbs(
        (meeting.body.name, reverse("meetings:body_detail", kwargs={"pk": meeting.body_id})),
        (meeting.title, meeting.get_absolute_url()),
        (last, ""),
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_detail(user=request.user, pk=pk)
    require_edit(request.user, meeting.body.partnership_id)
    form = AttendanceForm(request.POST or None, meeting=meeting)

    def save(data: dict[str, Any]) -> None:
        for person, status in form.entries():
            services.attendance_record(
                meeting=meeting, person=person, status=status, actor=request.user
            )

    if response := save_and_redirect(
        request,
        form,
        save,
        success=_("Oppmøtet er lagret."),
        to=meeting.get_absolute_url() + "#h-attendance",
    ):
        return response
    return _form_page(
        request,
        form,
        title=_("Oppmøte: %(title)s") % {"title": meeting.title},
        crumbs=_meeting_crumbs(meeting, _("Oppmøte")),
        submit=_("Lagre oppmøtet"),
        cancel_url=meeting.get_absolute_url(),
        intro=_("Medlemmene av organet står oppført. Gjester legges til én om gangen."),
        lookups=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_detail(user=request.user, pk=pk)
    require_edit(request.user, meeting.body.partnership_id)
    form = MeetingDocumentForm(request.POST or None, request.FILES or None, meeting=meeting)

    def save(data: dict[str, Any]) -> Any:
        extra = {"file": data["file"]} if data.get("file") else {}
        return services.meeting_document_add(
            meeting=meeting,
            title=data["title"],
            url=data["url"] or "",
            agenda_item=data["agenda_item"],
            actor=request.user,
            **extra,
        )

    if response := save_and_redirect(
        request,
        form,
        save,
        success=_("Dokumentet er lagt til."),
        to=meeting.get_absolute_url() + "#h-docs",
    ):
        return response
    return _form_page(
        request,
        form,
        title=_("Legg til dokument"),
        crumbs=_meeting_crumbs(meeting, _("Dokument")),
        submit=_("Legg til dokumentet"),
        cancel_url=meeting.get_absolute_url(),
        multipart=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__body"), pk=pk)
    meeting = selectors.meeting_detail(user=request.user, pk=item.meeting_id)
    require_edit(request.user, meeting.body.partnership_id)
    initial = {
        "number": item.number,
        "title": item.title,
        "kind": item.kind,
        "description": item.description,
        "order": item.order,
        "projects": list(item.projects.values_list("pk", flat=True)),
    }
    form = AgendaItemEditForm(request.POST or None, initial=initial, meeting=meeting)
    if response := save_and_redirect(
        request,
        form,
        lambda data: services.agenda_item_update(
            agenda_item=item,
            data={**data, "projects": list(data["projects"])},
            actor=request.user,
        ),
        success=_("Lagret."),
        to=meeting.get_absolute_url(),
    ):
        return response
    return _form_page(
        request,
        form,
        title=_("Endre sak %(number)s") % {"number": item.number},
        crumbs=_meeting_crumbs(meeting, _("Sak %(number)s") % {"number": item.number}),
        submit=_("Lagre"),
        cancel_url=meeting.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    # Follow-up points are internal: one the user may not see answers 404, not 403.
    item = get_object_or_404(
        selectors.action_items_visible_to(request.user).select_related("owner"), pk=pk
    )
    meeting = selectors.meeting_detail(user=request.user, pk=item.meeting_id)
    require_edit(request.user, meeting.body.partnership_id)
    initial = {
        "title": item.title,
        "owner": item.owner_id,
        "due_date": item.due_date,
        "agenda_item": item.agenda_item_id,
        "status": item.status,
        "comment": item.comment,
    }
    form = ActionItemEditForm(request.POST or None, initial=initial, meeting=meeting)
    if response := save_and_redirect(
        request,
        form,
        lambda data: services.action_item_update(action_item=item, data=data, actor=request.user),
        success=_("Lagret."),
        to=meeting.get_absolute_url() + "#h-actions",
    ):
        return response
    return _form_page(
        request,
        form,
        title=_("Endre oppfølgingspunkt"),
        crumbs=_meeting_crumbs(meeting, _("Oppfølgingspunkt")),
        submit=_("Lagre"),
        cancel_url=meeting.get_absolute_url(),
    )


# --- events ------------------------------------------------------------------------------------


def _event_crumbs(event: Event | None, last: str) -> list[tuple[str, str]]:
    crumbs = [(_("Arrangementer"), reverse("meetings:event_list"))]
    if event is not None:
        crumbs.append((event.title, event.get_absolute_url()))
    crumbs.append((last, ""))
    return crumbs


def _event_data(data: dict[str, Any]) -> dict[str, Any]:
    names = (
        "kind",
        "title",
        "topic",
        "description",
        "starts_at",
        "ends_at",
        "location",
        "capacity",
        "registration_open",
        "is_public",
    )
    return {name: data[name] for name in names}


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    form = EventForm(request.POST or None)
    form.fields["partnership"].queryset = editable_partnerships(
        request.user, form.fields["partnership"].queryset
    )

    def save(data: dict[str, Any]) -> Event:
        slug = data["slug"] or unique_slug(
            Event, data["title"], max_length=100, reserved=RESERVED_EVENT_SLUGS
        )
        return services.event_create(
            partnership=data["partnership"],
            slug=slugify_nb(slug)[:100].strip("-"),
            actor=request.user,
            **_event_data(data),
        )

    if response := save_and_redirect(
        request,
        form,
        save,
        success=lambda event: (
            _("«%(t)s» er opprettet. Legg til programmet nedenfor.") % {"t": event.title}
        ),
        to=lambda event: event.get_absolute_url(),
    ):
        return response
    return _form_page(
        request,
        form,
        title=_("Nytt arrangement"),
        crumbs=_event_crumbs(None, _("Nytt arrangement")),
        submit=_("Opprett arrangementet"),
        cancel_url=reverse("meetings:event_list"),
        intro=_(
            "Frokostmøter har et tema og en liste over hvem som er interessert; konferanser får "
            "et program med sesjoner etterpå."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_detail(user=request.user, slug=slug)
    require_edit(request.user, event.partnership_id)
    initial = {
        name: getattr(event, name)
        for name in (
            "kind",
            "title",
            "topic",
            "description",
            "location",
            "capacity",
            "registration_open",
            "is_public",
        )
    }
    initial["starts_at"] = timezone.localtime(event.starts_at)
    if event.ends_at:
        initial["ends_at"] = timezone.localtime(event.ends_at)
    form = EventForm(request.POST or None, initial=initial, event=event)
    if response := save_and_redirect(
        request,
        form,
        lambda data: services.event_update(event=event, data=_event_data(data), actor=request.user),
        success=_("Lagret."),
        to=event.get_absolute_url(),
    ):
        return response
    return _form_page(
        request,
        form,
        title=_("Endre %(t)s") % {"t": event.title},
        crumbs=_event_crumbs(event, _("Endre")),
        submit=_("Lagre"),
        cancel_url=event.get_absolute_url(),
        intro=_("Flere plasser flytter de første på ventelisten over til påmeldte."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_detail(user=request.user, slug=slug)
    require_edit(request.user, event.partnership_id)
    initial = {"starts_at": timezone.localtime(event.starts_at)}
    form = EventSessionForm(request.POST or None, initial=initial)
    if response := save_and_redirect(
        request,
        form,
        lambda data: services.event_session_create(event=event, actor=request.user, **data),
        success=_("Sesjonen er lagt til i programmet."),
        to=event.get_absolute_url() + "#h-programme",
    ):
        return response
    return _form_page(
        request,
        form,
        title=_("Ny sesjon i programmet"),
        crumbs=_event_crumbs(event, _("Ny sesjon")),
        submit=_("Legg til sesjonen"),
        cancel_url=event.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.event_detail(user=request.user, slug=slug)
    require_edit(request.user, event.partnership_id)
    session = get_object_or_404(EventSession, pk=pk, event=event)
    initial = {
        name: getattr(session, name)
        for name in (
            "title",
            "room",
            "speakers",
            "parallel_group",
            "capacity",
            "slides_url",
            "recording_url",
        )
    }
    initial["starts_at"] = timezone.localtime(session.starts_at)
    if session.ends_at:
        initial["ends_at"] = timezone.localtime(session.ends_at)
    form = EventSessionForm(request.POST or None, initial=initial)
    if response := save_and_redirect(
        request,
        form,
        lambda data: services.event_session_update(session=session, data=data, actor=request.user),
        success=_("Lagret."),
        to=event.get_absolute_url() + "#h-programme",
    ):
        return response
    return _form_page(
        request,
        form,
        title=_("Endre sesjon: %(t)s") % {"t": session.title},
        crumbs=_event_crumbs(event, session.title),
        submit=_("Lagre"),
        cancel_url=event.get_absolute_url(),
        intro=_("Etter arrangementet: legg inn lenker til lysark og opptak her."),
    )
