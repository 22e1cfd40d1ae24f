"""Pages for roles: an administrator assigns and ends roles in their partnership; everyone
sees their own roles."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kunnskapsbro.core.forms import attach_service_errors

from . import permissions, role_selectors, role_services
from .role_forms import RoleAssignForm


@login_required
def my_roles(request: HttpRequest) -> HttpResponse:
    """The signed-in user's roles and what each allows."""
    return render(request, "accounts/my_roles.html")


@login_required
@require_http_methods(["GET", "POST"])
def partnership_roles(request: HttpRequest, slug: str) -> HttpResponse:
    """The role holders of a partnership, and the form that adds one (administrators)."""
    partnership = role_selectors.managed_partnership(user=request.user, slug=slug)
    form = RoleAssignForm(request.POST or None, partnership=partnership)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                assignment = role_services.role_assign(
                    actor=request.user, partnership=partnership, **data
                )
            except ValidationError as exc:
                attach_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(user)s er nå %(role)s.")
                    % {"user": _name(assignment.user), "role": assignment.get_role_display()},
                )
                return redirect(reverse("accounts:partnership_roles", kwargs={"slug": slug}))
        status = 422
    show_ended = request.GET.get("avsluttede") == "1"
    return render(
        request,
        "accounts/partnership_roles.html",
        {
            "partnership": partnership,
            "form": form,
            "roles": role_selectors.role_list(partnership=partnership, include_ended=show_ended),
            "show_ended": show_ended,
            "today": permissions._today(),
        },
        status=status,
    )


@login_required
@require_POST
def role_end(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = role_selectors.managed_partnership(user=request.user, slug=slug)
    assignment = role_selectors.role_in(partnership=partnership, pk=pk)
    try:
        role_services.role_end(actor=request.user, assignment=assignment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Rollen «%(role)s» for %(user)s er avsluttet.")
            % {"role": assignment.get_role_display(), "user": _name(assignment.user)},
        )
    return redirect(reverse("accounts:partnership_roles", kwargs={"slug": slug}))


def _name(user: object) -> str:
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full or user.get_username()  # type: ignore[attr-defined]
