"""Pages for knowledge needs, the oppgavebank and matching. Views parse, call a service or
selector and render; htmx requests for lists and matches get only the fragment."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kunnskapsbro.accounts import permissions
from kunnskapsbro.core.forms import attach_service_errors
from kunnskapsbro.projects.selectors import project_detail as project_for_user
from kunnskapsbro.projects.selectors import project_visible_to
from kunnskapsbro.search import matching

from . import lifecycle, selectors, services
from .forms import (
    AnswerForm,
    AssignmentFilterForm,
    AssignmentForm,
    InterestForm,
    MatchForm,
    NeedForm,
    NeedTransitionForm,
    ThesisLinkForm,
)
from .models import Interest, NeedStatus

PAGE_SIZE = 25
MATCH_LIMIT = 5


# --- needs ------------------------------------------------------------------------------


def need_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    filters = selectors.NeedFilters(status=status if status in NeedStatus.values else "")
    page = Paginator(selectors.need_list(user=request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    context = {
        "page": page,
        "status": filters.status,
        "statuses": NeedStatus.choices,
        "can_register": permissions.principal(request.user).has_anywhere(
            permissions.Cap.REGISTER_NEED
        ),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "needs/_need_results.html", context)
    return render(request, "needs/need_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def need_create(request: HttpRequest) -> HttpResponse:
    form = NeedForm(request.POST or None)
    registers = permissions.principal(request.user).has_anywhere(permissions.Cap.REGISTER_NEED)
    permissions.require(registers)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        partnership = data.pop("partnership")
        permissions.require(permissions.can_register_need(request.user, partnership))
        try:
            need = services.need_create(partnership=partnership, actor=request.user, **data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
        else:
            messages.success(
                request, _("Behovet er registrert. Innovasjonsutvalget får det til vurdering.")
            )
            return redirect(need.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    return render(request, "needs/need_form.html", {"form": form}, status=status)


def _need_context(request: HttpRequest, need: Any, **extra: Any) -> dict[str, Any]:
    context: dict[str, Any] = {"need": need, "lifecycle_steps": lifecycle}
    context["can_edit"] = permissions.can_edit_need(request.user, need)
    if permissions.can_transition_need(request.user, need):
        context["transition_form"] = extra.pop("transition_form", None) or NeedTransitionForm(
            need=need
        )
        context["allowed_transitions"] = [
            status
            for status in lifecycle.allowed_targets(need.status)
            if permissions.can_transition_need(request.user, need, status)
        ]
        context["can_add_assignment"] = need.status in (
            NeedStatus.PUBLISHED,
            NeedStatus.IN_PROGRESS,
        )
    context.update(extra)
    return context


def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.need_detail(user=request.user, pk=pk)
    return render(request, "needs/need_detail.html", _need_context(request, need))


@login_required
@require_POST
def need_transition(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.need_detail(user=request.user, pk=pk)
    permissions.require(permissions.can_transition_need(request.user, need))
    form = NeedTransitionForm(request.POST, need=need)
    if form.is_valid():
        to_status = form.cleaned_data["to"]
        permissions.require(permissions.can_transition_need(request.user, need, to_status))
        try:
            services.need_transition(
                need=need,
                to_status=form.cleaned_data["to"],
                actor=request.user,
                comment=form.cleaned_data["comment"],
                priority_rank=form.cleaned_data["priority_rank"],
            )
        except ValidationError as exc:
            attach_service_errors(form, exc)
        else:
            need.refresh_from_db()
            messages.success(
                request, _("Status er endret til «%(s)s».") % {"s": need.get_status_display()}
            )
            return redirect(need.get_absolute_url() + "#status")
    context = _need_context(request, need, transition_form=form)
    return render(request, "needs/need_detail.html", context, status=422)


def _kind_labels() -> list[tuple[str, str]]:
    return [
        ("project", _("Prosjekter")),
        ("person", _("Personer")),
        ("assignment", _("Ledige oppgaver")),
    ]


def need_matches(request: HttpRequest, pk: int) -> HttpResponse:
    """The need's matches: projects, people and open assignments (an htmx fragment)."""
    need = selectors.need_detail(user=request.user, pk=pk)
    public_only = not selectors.can_see_internal(request.user)
    found = matching.match_kinds(
        need.match_text(),
        limit=MATCH_LIMIT,
        public_only=public_only,
        exclude_ids={"assignment": [a.pk for a in need.assignments.all()]},
    )
    groups = [(kind, label, found[kind]) for kind, label in _kind_labels()]
    template = "needs/_matches.html" if request.htmx else "needs/need_matches.html"
    return render(
        request,
        template,
        {
            "need": need,
            "groups": groups,
            "can_edit": permissions.can_edit_need(request.user, need),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assignment_create(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.need_detail(user=request.user, pk=pk)
    permissions.require(permissions.can_edit_need(request.user, need))
    initial = {
        "title": need.title,
        "description": need.problem,
        "contact_person": need.contact_person,
    }
    form = AssignmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.assignment_create(
                need=need, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            attach_service_errors(form, exc)
        else:
            messages.success(request, _("Oppgaven er lagt i oppgavebanken."))
            return redirect(assignment.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    return render(
        request, "needs/assignment_form.html", {"form": form, "need": need}, status=status
    )


# --- the oppgavebank --------------------------------------------------------------------


def assignment_list(request: HttpRequest) -> HttpResponse:
    """The public oppgavebank with filters in the URL."""
    form = AssignmentFilterForm(request.GET or None, facets=selectors.assignment_facets())
    filters = selectors.AssignmentFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.AssignmentFilters(
            level=data["level"] or "",
            discipline=data["discipline"] or "",
            semester=data["semester"] or "",
            focus_area=data["focus_area"].pk if data["focus_area"] else None,
        )
    page = Paginator(
        selectors.assignment_list(user=request.user, filters=filters), PAGE_SIZE
    ).get_page(request.GET.get("side"))
    context = {"form": form, "page": page}
    if request.htmx and not request.htmx.boosted:
        return render(request, "needs/_assignment_results.html", context)
    return render(request, "needs/assignment_list.html", context)


def _assignment_context(request: HttpRequest, assignment: Any, **extra: Any) -> dict[str, Any]:
    context: dict[str, Any] = {
        "assignment": assignment,
        "my_interest": selectors.interest_of(user=request.user, assignment=assignment),
        "can_edit": permissions.can_edit_need(request.user, assignment.need),
    }
    if request.user.is_authenticated:
        context.setdefault("interest_form", InterestForm())
        thesis = assignment.thesis
        context.setdefault(
            "thesis_form",
            ThesisLinkForm(
                initial={
                    "title": thesis.title if thesis else assignment.title,
                    "student_name": thesis.student_name if thesis else "",
                    "level": thesis.level if thesis else assignment.level,
                    "year": thesis.year if thesis else int(assignment.semester[1:]),
                    "nva_url": thesis.nva_url if thesis else "",
                }
            ),
        )
    context.update(extra)
    return context


def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_detail(user=request.user, pk=pk)
    return render(request, "needs/assignment_detail.html", _assignment_context(request, assignment))


@login_required
@require_POST
def interest_create(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_detail(user=request.user, pk=pk)
    form = InterestForm(request.POST)
    if form.is_valid():
        try:
            services.interest_express(
                assignment=assignment,
                user=request.user,
                role=form.cleaned_data["role"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as exc:
            attach_service_errors(form, exc)
        else:
            messages.success(request, _("Interessen din er registrert. Enheten tar kontakt."))
            return redirect(assignment.get_absolute_url())
    context = _assignment_context(request, assignment, interest_form=form)
    return render(request, "needs/assignment_detail.html", context, status=422)


@login_required
@require_POST
def interest_choose(request: HttpRequest, pk: int, interest_id: int) -> HttpResponse:
    assignment = selectors.assignment_detail(user=request.user, pk=pk)
    permissions.require(permissions.can_edit_need(request.user, assignment.need))
    interest = Interest.objects.filter(assignment=assignment, pk=interest_id).first()
    if interest is None:
        messages.error(request, _("Fant ikke interessen."))
        return redirect(assignment.get_absolute_url())
    try:
        services.interest_choose(interest=interest, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Oppgaven er tildelt."))
    return redirect(assignment.get_absolute_url())


@login_required
@require_POST
def thesis_record(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_detail(user=request.user, pk=pk)
    permissions.require(permissions.can_edit_need(request.user, assignment.need))
    form = ThesisLinkForm(request.POST)
    if form.is_valid():
        try:
            services.assignment_record_thesis(
                assignment=assignment, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            attach_service_errors(form, exc)
        else:
            messages.success(request, _("Oppgaven er knyttet til behovet."))
            return redirect(assignment.get_absolute_url())
    context = _assignment_context(request, assignment, thesis_form=form)
    return render(request, "needs/assignment_detail.html", context, status=422)


# --- matching ---------------------------------------------------------------------------


def match_page(request: HttpRequest) -> HttpResponse:
    """Free-text matching: projects, people and open assignments for what the user describes."""
    form = MatchForm(request.GET or None)
    groups: list[Any] = []
    if form.is_valid():
        public_only = not selectors.can_see_internal(request.user)
        found = matching.match_kinds(form.cleaned_data["q"], limit=10, public_only=public_only)
        groups = [(kind, label, found[kind]) for kind, label in _kind_labels()]
    return render(request, "needs/match.html", {"form": form, "groups": groups})


def similar_projects(request: HttpRequest, pk: int) -> HttpResponse:
    """Similar projects for a project page, and who else has worked on it in other partnerships
    (public records only); loaded by htmx so the project page stays fast."""
    project = project_for_user(user=request.user, pk=pk)
    text = "\n".join(
        part
        for part in (project.title, project.title_en, project.summary, project.summary_en)
        if part
    )
    public_only = not selectors.can_see_internal(request.user)
    similar = matching.match(
        text,
        kind="project",
        limit=5,
        public_only=public_only,
        exclude_ids=[project.pk],
        partnership_id=project.partnership_id,
    )
    elsewhere = matching.match(
        text,
        kind="project",
        limit=5,
        public_only=True,
        exclude_ids=[project.pk],
        partnership_id=project.partnership_id,
        other_partnerships=True,
    )
    people = matching.match(
        text,
        kind="person",
        limit=5,
        public_only=True,
        partnership_id=project.partnership_id,
        other_partnerships=True,
    )
    context = {"project": project, "similar": similar, "elsewhere": elsewhere, "people": people}
    template = "needs/_similar_projects.html" if request.htmx else "needs/similar_projects.html"
    return render(request, template, context)


@login_required
@require_POST
def answer_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that a project (picked from the matches) or an evidence review answers the need."""
    need = selectors.need_detail(user=request.user, pk=pk)
    permissions.require(permissions.can_edit_need(request.user, need))
    form = AnswerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        project = None
        if data["kind"] == "project" and data["project"]:
            project = project_visible_to(request.user).filter(pk=data["project"]).first()
        try:
            services.need_answer_add(
                need=need,
                kind=data["kind"],
                actor=request.user,
                project=project,
                review_title=data["review_title"] or "",
                review_url=data["review_url"] or "",
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Svaret er knyttet til behovet."))
    else:
        messages.error(request, _("Svaret kunne ikke lagres: kontroller feltene."))
    return redirect(need.get_absolute_url() + "#svar")
