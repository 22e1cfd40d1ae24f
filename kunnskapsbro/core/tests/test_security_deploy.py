"""Hardening: `check --deploy` is clean with production settings; CSRF on every form."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.test import Client

ROOT = Path(__file__).resolve().parents[3]


def test_deploy_check_is_clean_with_production_settings(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("KUNNSKAPSBRO_")},
        "KUNNSKAPSBRO_ENV": "production",
        "KUNNSKAPSBRO_DEBUG": "0",
        "KUNNSKAPSBRO_SECRET_KEY": secrets.token_urlsafe(60),
        "KUNNSKAPSBRO_ALLOWED_HOSTS": "kunnskapsbro.example.no",
        "KUNNSKAPSBRO_BEHIND_PROXY": "true",
        "KUNNSKAPSBRO_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "kunnskapsbro.settings",
    }
    env.pop("DATABASE_URL", None)
    env.pop(
        "DJANGO_ALLOW_ASYNC_UNSAFE", None
    )  # set by the browser tests' conftest, not in production
    result = subprocess.run(
        [sys.executable, "-m", "kunnskapsbro.cli", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output


def test_production_refuses_debug(tmp_path: Path) -> None:
    env = {**os.environ, "KUNNSKAPSBRO_ENV": "production", "KUNNSKAPSBRO_DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "-c", "import kunnskapsbro.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0 and "KUNNSKAPSBRO_DEBUG must be off" in result.stderr


def test_security_headers(db: Any) -> None:
    response = Client().get("/konto/logg-inn/")
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


FORM_PAGES = ["/konto/logg-inn/", "/konto/passord/glemt/", "/konto/min-side/", "/prosjekter/"]


def test_every_post_form_carries_a_csrf_token(db: Any, client_as: Any) -> None:
    from kunnskapsbro.tests_support.factories import UserFactory

    client = client_as(UserFactory())
    for path in FORM_PAGES:
        html = client.get(path).content.decode()
        forms = re.findall(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", html, re.S | re.I)
        for form in forms:
            assert 'name="csrfmiddlewaretoken"' in form, (path, form[:200])


def test_post_without_csrf_token_is_refused(db: Any) -> None:
    from kunnskapsbro.tests_support.factories import UserFactory

    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    for path, data in [
        ("/konto/min-side/", {"name": "x", "scope": "read"}),
        ("/konto/logg-ut/", {}),
        ("/konto/passord/glemt/", {"email": "a@example.no"}),
    ]:
        assert client.post(path, data).status_code == 403, path
    assert not user.api_tokens.exists()


def test_every_environment_variable_of_the_settings_is_documented_for_deployment() -> None:
    read = set(
        re.findall(r"\"(KUNNSKAPSBRO_[A-Z_]+)\"", (ROOT / "kunnskapsbro/settings.py").read_text())
    )
    documented = set(re.findall(r"`(KUNNSKAPSBRO_[A-Z_]+)`", (ROOT / "docs/deploy.md").read_text()))
    assert len(read) > 20
    assert read <= documented, sorted(read - documented)
