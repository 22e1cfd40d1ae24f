"""Pages for governance (bodies, meetings, minutes, follow-up, annual cycle), events and calendars."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kunnskapsbro.organizations.models import Person

from . import ical, selectors, services
from .forms import ActionItemForm, ActionStatusForm, AgendaItemForm, DecisionForm, RegistrationForm
from .models import ActionItem, RegistrationStatus

ICAL_TYPE = "text/calendar; charset=utf-8"


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def body_list(request: HttpRequest) -> HttpResponse:
    bodies = selectors.body_list(user=request.user)
    upcoming = (
        selectors.meeting_list(user=request.user)
        .filter(starts_at__gte=timezone.now())
        .order_by("starts_at")[:10]
    )
    return render(request, "meetings/body_list.html", {"bodies": bodies, "upcoming": upcoming})


def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = selectors.body_detail(user=request.user, pk=pk)
    meetings = selectors.meeting_list(user=request.user, body_id=body.pk)
    return render(request, "meetings/body_detail.html", {"body": body, "meetings": meetings})


EDIT_FORMS = {"case": AgendaItemForm, "decision": DecisionForm, "action": ActionItemForm}


@require_http_methods(["GET", "POST"])
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting; signed-in users add cases, decisions and follow-up points on the same page."""
    meeting = selectors.meeting_detail(user=request.user, pk=pk)
    forms = {}
    status = 200
    if request.user.is_authenticated:
        which = request.POST.get("form", "") if request.method == "POST" else ""
        forms = {
            name: form_class(request.POST if which == name else None, meeting=meeting, prefix=name)
            for name, form_class in EDIT_FORMS.items()
        }
        if which in forms:
            form = forms[which]
            if form.is_valid():
                try:
                    _save_meeting_form(which, form.cleaned_data, meeting, request.user)
                except ValidationError as exc:
                    for field, errors in exc.message_dict.items():
                        for error in errors:
                            form.add_error(field if field in form.fields else None, error)
                else:
                    messages.success(request, _("Lagret."))
                    return redirect(meeting.get_absolute_url())
            status = 400
    elif request.method == "POST":
        return redirect_to_login(request.get_full_path())
    return render(
        request, "meetings/meeting_detail.html", {"meeting": meeting, "forms": forms}, status=status
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
    response = HttpResponse(render_pdf(meeting=meeting), content_type="application/pdf")
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
        {"months": months, "year": year, "previous": year - 1, "next": year + 1},
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
    item = get_object_or_404(ActionItem, pk=pk)
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
        },
    )


@require_http_methods(["GET", "POST"])
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_detail(user=request.user, slug=slug)
    sessions = list(event.sessions.all())
    form = RegistrationForm(request.POST or None, event=event, sessions=sessions)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_create(
                event=event,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                organization_name=form.cleaned_data["organization_name"],
                sessions=form.chosen_sessions(),
                person=selectors.person_for_user(request.user),
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
            else:
                messages.success(request, _("Du er påmeldt «%(t)s».") % {"t": event.title})
            return redirect(event.get_absolute_url())
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
            "participants": selectors.event_participants(event=event)
            if request.user.is_authenticated
            else None,
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
