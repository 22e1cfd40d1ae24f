"""Account pages: login (local and OpenID Connect), password reset, My page with API keys and
the personal data export, erasure for administrators, and the privacy and accessibility pages."""

from __future__ import annotations

import json
import time
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kunnskapsbro.core.forms import attach_service_errors

from . import oidc
from .models import TokenScope
from .selectors import api_token_list
from .services import api_token_create, api_token_revoke, oidc_login, person_erase, person_export

FLOW_SESSION_KEY = "oidc_flows"
FLOW_MAX_AGE_SECONDS = 600
FLOW_MAX_OPEN = 5


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["providers"] = oidc.providers()
        return context


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _error_page(
    request: HttpRequest, message: str, *, code: str, status: int = 400
) -> HttpResponse:
    return render(
        request,
        "accounts/login_error.html",
        {"message": message, "code": code, "providers": oidc.providers()},
        status=status,
    )


@require_GET
def oidc_start(request: HttpRequest, provider_id: str) -> HttpResponse:
    """Send the browser to the provider with a fresh state, nonce and PKCE challenge."""
    provider = oidc.provider_by_id(provider_id)
    if provider is None:
        raise Http404
    redirect_uri = request.build_absolute_uri(
        reverse("accounts:oidc_callback", kwargs={"provider_id": provider.id})
    )
    try:
        url, flow = oidc.authorization_request(provider, redirect_uri)
    except oidc.OidcError as exc:
        return _error_page(request, exc.message, code=exc.code, status=502)
    flow["next"] = _safe_next(request, request.GET.get("next"))
    now = int(time.time())
    flows = {
        state: f
        for state, f in request.session.get(FLOW_SESSION_KEY, {}).items()
        if now - f.get("created", 0) < FLOW_MAX_AGE_SECONDS
    }
    # A few sign-ins may be open at once (several tabs); the oldest go first.
    for state in sorted(flows, key=lambda s: flows[s]["created"])[
        : max(0, len(flows) - FLOW_MAX_OPEN + 1)
    ]:
        flows.pop(state)
    flows[flow["state"]] = flow
    request.session[FLOW_SESSION_KEY] = flows
    return redirect(url)


@require_GET
def oidc_callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    """Finish a sign-in: check state, exchange the code, validate the ID token, sign in."""
    provider = oidc.provider_by_id(provider_id)
    if provider is None:
        raise Http404
    state = request.GET.get("state", "")
    flows = request.session.get(FLOW_SESSION_KEY, {})
    flow = flows.pop(state, None) if state else None
    request.session[FLOW_SESSION_KEY] = flows  # a state is used once, whatever happens next
    if request.GET.get("error"):
        if request.GET["error"] == "access_denied":
            message = _("Innloggingen ble avbrutt hos %(provider)s. Du er ikke logget inn.")
        else:
            message = _(
                "%(provider)s kunne ikke logge deg inn. Prøv igjen, eller velg en annen måte å logge inn på."
            )
        return _error_page(
            request, message % {"provider": provider.name}, code=request.GET["error"][:50]
        )
    if flow is None or flow.get("provider") != provider.id:
        return _error_page(
            request,
            _(
                "Innloggingen kunne ikke bekreftes (ukjent eller brukt «state»). Start innloggingen på nytt."
            ),
            code="state_mismatch",
        )
    if int(time.time()) - flow.get("created", 0) > FLOW_MAX_AGE_SECONDS:
        return _error_page(request, _("Innloggingen tok for lang tid. Prøv igjen."), code="expired")
    code = request.GET.get("code", "")
    if not code:
        return _error_page(request, _("Innloggingstjenesten sendte ingen kode."), code="no_code")
    try:
        claims = oidc.complete(provider, code=code, flow=flow)
        user = oidc_login(provider=provider, claims=claims)
    except oidc.OidcError as exc:
        status = 502 if exc.code == "provider_unavailable" else 400
        return _error_page(request, exc.message, code=exc.code, status=status)
    except ValidationError as exc:
        return _error_page(request, " ".join(exc.messages), code="account", status=403)
    auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session["login_provider"] = provider.id
    return redirect(flow.get("next") or reverse(settings.LOGIN_REDIRECT_URL))


# --- My page and API keys -------------------------------------------------------------------


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Navn"),
        max_length=100,
        help_text=gettext_lazy("Hva nøkkelen brukes til, for eksempel «rapportskript»."),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Tilgang"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
    )


def _person_of(user: Any) -> Any:
    from kunnskapsbro.organizations.models import Person

    return Person.objects.filter(user=user).first()


@login_required
@require_http_methods(["GET", "POST"])
def my_page(request: HttpRequest) -> HttpResponse:
    """My page: who I am here, my sign-in identities, my API keys, my data."""
    new_secret = None
    status = 200
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            try:
                token, new_secret = api_token_create(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    scope=form.cleaned_data["scope"],
                )
            except ValidationError as exc:
                attach_service_errors(form, exc)
                status = 422
            else:
                form = ApiTokenForm()
        else:
            status = 422
    else:
        form = ApiTokenForm()
    response = render(
        request,
        "accounts/my_page.html",
        {
            "person": _person_of(request.user),
            "identities": request.user.oidc_identities.all(),
            "tokens": api_token_list(user=request.user),
            "form": form,
            "new_secret": new_secret,
            "retention_days": settings.ACCOUNT_RETENTION_DAYS,
        },
        status=status,
    )
    if new_secret:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(api_token_list(user=request.user), pk=pk)
    api_token_revoke(token=token, actor=request.user)
    messages.success(
        request, _("API-nøkkelen %(prefix)s… er trukket tilbake.") % {"prefix": token.prefix}
    )
    return redirect("accounts:my_page")


def _export_response(person: Any) -> HttpResponse:
    data = person_export(person)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="kunnskapsbro-{person.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def my_export(request: HttpRequest) -> HttpResponse:
    person = _person_of(request.user)
    if person is None:
        raise Http404(_("Kontoen din er ikke knyttet til en person."))
    return _export_response(person)


def _require_admin(user: Any) -> None:
    if not (user.is_active and (user.is_staff or user.is_superuser)):
        raise PermissionDenied(_("Bare administratorer kan gjøre dette."))


@login_required
@require_GET
def person_export_view(request: HttpRequest, slug: str) -> HttpResponse:
    from kunnskapsbro.organizations.models import Person

    _require_admin(request.user)
    return _export_response(get_object_or_404(Person, slug=slug))


class EraseForm(forms.Form):
    confirm = forms.CharField(
        label=gettext_lazy("Skriv SLETT for å bekrefte"),
        max_length=10,
        help_text=gettext_lazy("Navn, kontaktopplysninger og kompetanse slettes for godt."),
    )

    def clean_confirm(self) -> str:
        value = self.cleaned_data["confirm"].strip()
        if value != "SLETT":
            raise ValidationError(_("Skriv SLETT med store bokstaver for å bekrefte."))
        return value


@login_required
@require_http_methods(["GET", "POST"])
def person_erase_view(request: HttpRequest, slug: str) -> HttpResponse:
    from kunnskapsbro.organizations.models import Person

    _require_admin(request.user)
    person = get_object_or_404(Person, slug=slug)
    status = 200
    if request.method == "POST":
        form = EraseForm(request.POST)
        if form.is_valid():
            try:
                person_erase(person=person, actor=request.user)
            except ValidationError as exc:
                attach_service_errors(form, exc)
                status = 422
            else:
                messages.success(
                    request,
                    _("Personen er slettet og vises nå som «%(name)s».")
                    % {"name": person.full_name},
                )
                return redirect(person.get_absolute_url())
        else:
            status = 422
    else:
        form = EraseForm()
    return render(
        request, "accounts/person_erase.html", {"person": person, "form": form}, status=status
    )


# --- Password reset (Django's views, our templates) -----------------------------------------

password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset_form.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url="/konto/passord/glemt/sendt/",
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url="/konto/passord/ny/ferdig/",
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


# --- Public information pages ---------------------------------------------------------------


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/privacy.html",
        {
            "retention_days": settings.ACCOUNT_RETENTION_DAYS,
            "retention_years": round(settings.ACCOUNT_RETENTION_DAYS / 365, 1),
            "contact": settings.PRIVACY_CONTACT_EMAIL,
        },
    )


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request, "accounts/accessibility.html", {"contact": settings.ACCESSIBILITY_CONTACT_EMAIL}
    )


def lockout(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """django-axes' lockout response: 429 with a page saying how long to wait."""
    minutes = max(1, round(float(settings.AXES_COOLOFF_TIME) * 60))
    return render(request, "accounts/lockout.html", {"cooloff_minutes": minutes}, status=429)
