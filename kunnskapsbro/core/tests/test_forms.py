"""core.forms: a service's ValidationError lands on the form; a saved form redirects."""

from __future__ import annotations

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from kunnskapsbro.core.forms import save_and_redirect


class NameForm(forms.Form):
    name = forms.CharField(max_length=20)


def _request(method: str, data: dict[str, str] | None = None):
    factory = RequestFactory()
    request = factory.post("/x/", data or {}) if method == "POST" else factory.get("/x/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _never(data):
    raise AssertionError("the service must not be called")


def test_get_and_invalid_form_do_not_call_the_service():
    request = _request("GET")
    assert save_and_redirect(request, NameForm(None), _never, success="Lagret.", to="/") is None
    request = _request("POST", {"name": ""})
    form = NameForm(request.POST)
    assert save_and_redirect(request, form, _never, success="Lagret.", to="/") is None
    assert "name" in form.errors


def test_success_flashes_and_redirects_with_what_the_service_returned():
    request = _request("POST", {"name": "Styret"})
    response = save_and_redirect(
        request,
        NameForm(request.POST),
        lambda data: data["name"].upper(),
        success=lambda saved: f"«{saved}» er lagret.",
        to=lambda saved: f"/organ/{saved}/",
    )
    assert response is not None and response.status_code == 302
    assert response["Location"] == "/organ/STYRET/"
    assert [str(m) for m in get_messages(request)] == ["«STYRET» er lagret."]


def test_service_errors_land_on_the_field_or_the_form():
    def refuse(data):
        raise ValidationError({"name": ["Finnes fra før."], "slug": ["Opptatt."]})

    request = _request("POST", {"name": "Styret"})
    form = NameForm(request.POST)
    assert save_and_redirect(request, form, refuse, success="Lagret.", to="/") is None
    assert form.errors["name"] == ["Finnes fra før."]
    assert form.non_field_errors() == ["Opptatt."]  # the form has no field «slug»

    def refuse_plain(data):
        raise ValidationError("Ikke lov nå.")

    form = NameForm(request.POST)
    assert save_and_redirect(request, form, refuse_plain, success="Lagret.", to="/") is None
    assert form.non_field_errors() == ["Ikke lov nå."]
    assert list(get_messages(request)) == []
