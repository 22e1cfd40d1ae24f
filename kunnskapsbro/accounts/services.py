"""Writes for accounts: API tokens (only a SHA-256 digest is stored; the token is shown once),
sign-in through OpenID Connect providers, and the privacy services (export, erasure, retention).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiToken, OidcIdentity, TokenScope

TOKEN_PREFIX = "kb_"  # noqa: S105 (a marker for secret scanners, not a secret)
# How many leading characters are kept in clear so a person can tell their tokens apart.
PREFIX_LENGTH = 12


def api_token_digest(token: str) -> str:
    """The SHA-256 hex digest a token is stored and looked up by."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(
    *, user: Any, name: str = "", scope: str = TokenScope.READ
) -> tuple[ApiToken, str]:
    """Issue a bearer token for ``user``; the returned string is the only copy of the secret.

    ``scope`` is ``read`` (GET only) or ``write`` (also changes data)."""
    if user is None or not getattr(user, "is_active", False):
        raise ValidationError({"user": _("API-nøkler kan bare lages for aktive brukere.")})
    if scope not in TokenScope.values:
        raise ValidationError({"scope": _("Velg tilgang «read» (lese) eller «write» (skrive).")})
    if len(name.strip()) > 100:
        raise ValidationError({"name": _("Navnet kan være høyst 100 tegn.")})
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    api_token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=token[:PREFIX_LENGTH],
        digest=api_token_digest(token),
        scope=scope,
    )
    api_token.full_clean()
    api_token._history_user = user
    api_token.save()
    return api_token, token


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Any = None) -> ApiToken:
    """Withdraw a token; it stops working at once. Revoking twice keeps the first time."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        if actor is not None and getattr(actor, "is_authenticated", False):
            token._history_user = actor
        token.save(update_fields=["revoked_at"])
    return token


def api_token_touch(*, token: ApiToken, every_seconds: int = 60) -> None:
    """Record use, at most once a minute, without a history row (last_used_at is excluded)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= every_seconds:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


# --- Sign-in through OpenID Connect ----------------------------------------------------------

# Claims that may carry a national identity number; never read, stored or logged.
FORBIDDEN_CLAIMS = frozenset({"pid", "fnr", "fodselsnummer", "norwegian_nin", "nin"})


def _oidc_username(provider_id: str, subject: str) -> str:
    """A stable username that reveals nothing: provider id and a digest of the subject."""
    digest = hashlib.sha256(f"{provider_id}:{subject}".encode()).hexdigest()[:16]
    return f"{provider_id[:20]}-{digest}"


def _claim_names(claims: dict[str, Any]) -> tuple[str, str]:
    first = str(claims.get("given_name") or "").strip()
    last = str(claims.get("family_name") or "").strip()
    if not (first and last):
        full = str(claims.get("name") or "").strip()
        if full:
            head, _sep, tail = full.rpartition(" ")
            first, last = (head, tail) if head else (full, "")
    return first[:150], last[:150]


@transaction.atomic
def oidc_login(*, provider: Any, claims: dict[str, Any]) -> Any:
    """The user for a validated ID token's claims, creating user and person on first sign-in.

    A returning identity (provider + ``sub``) gets its user. A new one is linked to the person
    with the same e-mail address only when the provider vouches for it (``email_verified`` or a
    provider configured ``trust_email``), and otherwise gets a new user, and a new person when
    the provider gives a name (ID-porten gives none). Affiliation and organisation claims
    (Feide) add an affiliation at an organisation already registered by orgnr. Only the
    provider, the subject, names and e-mail are kept; ``pid`` and the rest of the token never.
    """
    from django.contrib.auth import get_user_model

    from kunnskapsbro.organizations.models import Affiliation, Organization, Person
    from kunnskapsbro.organizations.services import (
        affiliation_create,
        person_create,
        person_update,
    )

    subject = str(claims.get("sub") or "").strip()
    if not subject or len(subject) > 255:
        raise ValidationError({"sub": _("Innloggingstjenesten sendte ingen gyldig identifikator.")})
    email = str(claims.get("email") or "").strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            email = ""
    email_trusted = bool(email) and (provider.trust_email or claims.get("email_verified") is True)
    first_name, last_name = _claim_names(claims)
    now = timezone.now()

    identity = (
        OidcIdentity.objects.select_related("user")
        .filter(provider=provider.id, subject=subject)
        .first()
    )
    if identity is not None:
        user = identity.user
        if not user.is_active:
            raise ValidationError(
                {"user": _("Kontoen er deaktivert. Kontakt administrator for å få den åpnet.")}
            )
        identity.last_login_at = now
        identity.save(update_fields=["last_login_at"])
    else:
        person = None
        if email_trusted:
            person = Person.objects.select_related("user").filter(email__iexact=email).first()
        user = person.user if person is not None and person.user_id else None
        if user is not None and not user.is_active:
            raise ValidationError(
                {"user": _("Kontoen er deaktivert. Kontakt administrator for å få den åpnet.")}
            )
        if user is None:
            user = get_user_model()(
                username=_oidc_username(provider.id, subject),
                email=email if email_trusted else "",
                first_name=first_name,
                last_name=last_name,
            )
            user.set_unusable_password()
            user.save()
        identity = OidcIdentity(provider=provider.id, subject=subject, user=user, last_login_at=now)
        identity._history_user = user
        identity.save()
        if person is None and first_name and last_name:
            person = Person.objects.filter(user=user).first() or person_create(
                first_name=first_name,
                last_name=last_name,
                email=email if email_trusted else "",
                source=f"oidc:{provider.id}"[:30],
            )
        if person is not None and person.user_id is None:
            person_update(person=person, data={"user": user})

    person = Person.objects.filter(user=user).first()
    org_claim = provider.extra.get("org_number_claim")
    if person is not None and org_claim and claims.get(org_claim):
        orgnr = "".join(ch for ch in str(claims[org_claim]) if ch.isdigit())
        organization = Organization.objects.filter(orgnr=orgnr).first() if orgnr else None
        if (
            organization is not None
            and not Affiliation.objects.filter(person=person, organization=organization).exists()
        ):
            title_claim = provider.extra.get("affiliation_claim", "")
            title = claims.get(title_claim, "") if title_claim else ""
            if isinstance(title, list):
                title = ", ".join(str(t) for t in title)
            affiliation_create(person=person, organization=organization, title=str(title)[:200])
    user.last_login = now
    user.save(update_fields=["last_login"])
    return user


# --- Privacy: export, erasure, retention -----------------------------------------------------

# Fields that hold the person's own personal data on rows that point at them (registrations
# copy a name and e-mail); erased with the person. Other content (texts, decisions) stays.
PERSONAL_COPY_FIELDS = ("name", "email", "phone")
SECRET_FIELDS = frozenset({"digest", "password"})


def _row(instance: Any) -> dict[str, Any]:
    """A model row as plain JSON-ready values (foreign keys as ids), secrets left out."""
    data: dict[str, Any] = {"model": instance._meta.label, "id": instance.pk}
    for f in instance._meta.concrete_fields:
        if f.name in SECRET_FIELDS:
            continue
        value = getattr(instance, f.attname)
        if value is not None and not isinstance(value, (str, int, float, bool)):
            value = value.isoformat() if hasattr(value, "isoformat") else str(value)
        data[f.name] = value
    return data


def _is_history_model(model: Any) -> bool:
    return model.__name__.startswith("Historical") and hasattr(model, "history_id")


def _related_rows(instance: Any) -> dict[str, list[Any]]:
    """Every row that points at ``instance``, found through ``_meta`` so new apps are covered."""
    found: dict[str, list[Any]] = {}
    for rel in instance._meta.get_fields(include_hidden=True):
        if not (
            rel.auto_created
            and not rel.concrete
            and (rel.one_to_many or rel.one_to_one or rel.many_to_many)
        ):
            continue
        model = rel.related_model
        if _is_history_model(model) or model._meta.label in {
            "admin.LogEntry",
            "organizations.Person",
        }:
            continue
        if rel.many_to_many:
            rows = list(model.objects.filter(**{rel.field.name: instance}))
        else:
            rows = list(model._default_manager.filter(**{rel.field.name: instance}))
        if rows:
            found.setdefault(model._meta.label, []).extend(rows)
    return found


def _history_rows(instance: Any) -> list[Any]:
    history = getattr(type(instance), "history", None)
    if history is None:
        return []
    return list(history.model.objects.filter(id=instance.pk).order_by("history_date"))


def person_export(person: Any) -> dict[str, Any]:
    """Everything held about ``person`` (and their user account) as JSON-ready data."""
    from django.apps import apps

    user = person.user
    export: dict[str, Any] = {
        "format": "kunnskapsbro-person-export/1",
        "exported_at": timezone.now().isoformat(),
        "person": _row(person),
        "person_history": [_row(h) for h in _history_rows(person)],
        "related": {},
        "related_history": {},
        "user": None,
    }
    for label, rows in _related_rows(person).items():
        export["related"][label] = [_row(r) for r in rows]
        history_rows = [h for r in rows for h in _history_rows(r)]
        if history_rows:
            export["related_history"][label] = [_row(h) for h in history_rows]
    if user is not None:
        user_data = _row(user)
        user_data.pop("password", None)
        export["user"] = {"account": user_data, "related": {}, "changes_made": {}}
        for label, rows in _related_rows(user).items():
            export["user"]["related"][label] = [_row(r) for r in rows]
        # What this user changed, per model: counts (the rows are other people's records).
        for model in apps.get_models():
            if _is_history_model(model) and any(
                f.name == "history_user" for f in model._meta.fields
            ):
                count = model.objects.filter(history_user=user).count()
                if count:
                    export["user"]["changes_made"][model._meta.label] = count
    return export


def _scrub_history(model_with_history: Any, ids: list[Any], values: dict[str, Any]) -> None:
    history = getattr(model_with_history, "history", None)
    if history is None or not ids:
        return
    fields = {f.name for f in history.model._meta.fields}
    update = {k: v for k, v in values.items() if k in fields}
    if update:
        history.model.objects.filter(id__in=ids).update(**update)


@transaction.atomic
def person_erase(*, person: Any, actor: Any) -> Any:
    """Pseudonymise ``person``: «Slettet person NNN», contact details, ORCID and expertise
    cleared, in the person's history rows too; their user account deactivated and scrubbed,
    its tokens, sign-in identities and roles removed. Projects, meetings and every other record
    the person took part in stay, now pointing at the pseudonym, with their history intact."""
    from kunnskapsbro.organizations.models import Person

    if person.first_name == "Slettet" and person.last_name.startswith("person "):
        raise ValidationError({"person": _("Personen er allerede slettet.")})
    pseudonym_last = f"person {person.pk}"
    values = {
        "first_name": "Slettet",
        "last_name": pseudonym_last,
        "slug": f"slettet-person-{person.pk}",
        "email": "",
        "phone": "",
        "orcid": "",
        "cristin_person_id": "",
        "expertise": "",
        "source_id": "",
    }
    fields = {f.name for f in Person._meta.fields}
    values = {k: v for k, v in values.items() if k in fields}
    for name, value in values.items():
        setattr(person, name, value)
    if actor is not None and getattr(actor, "is_authenticated", False):
        person._history_user = actor
    person.save()
    _scrub_history(Person, [person.pk], values)

    pseudonym = f"Slettet person {person.pk}"
    for rows in _related_rows(person).values():
        model = type(rows[0])
        names = {f.name for f in model._meta.concrete_fields}
        update = {}
        if "name" in names:
            update["name"] = pseudonym
        for name in ("email", "phone"):
            if name in names:
                update[name] = ""
        if update:
            ids = [r.pk for r in rows]
            model._default_manager.filter(pk__in=ids).update(**update)
            _scrub_history(model, ids, update)

    user = person.user
    if user is not None:
        user_erase(user=user)
    return person


@transaction.atomic
def user_erase(*, user: Any) -> Any:
    """Deactivate and scrub a user account; its tokens, identities and roles go."""
    from axes.models import AccessAttempt

    old_username = user.get_username()
    AccessAttempt.objects.filter(username=old_username).delete()
    user.api_tokens.all().delete()
    user.oidc_identities.all().delete()
    if hasattr(user, "role_assignments"):
        user.role_assignments.all().delete()
    user.username = f"slettet-{user.pk}"
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()  # also ends every session (the session hash changes)
    user.save()
    return user


def inactive_users(*, days: int, now: Any = None) -> Any:
    """Active accounts nobody has signed in with (or, never signed in, created) for ``days``."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    cutoff = (now or timezone.now()) - timedelta(days=days)
    return (
        get_user_model()
        .objects.filter(is_active=True, is_superuser=False)
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
    )


@transaction.atomic
def purge_inactive(*, days: int, actor: Any = None, now: Any = None) -> list[str]:
    """Erase every account inactive for ``days`` (the person too, if linked); their old
    usernames, for the log."""
    from kunnskapsbro.organizations.models import Person

    if days < 1:
        raise ValidationError({"days": _("Oppbevaringstiden må være minst én dag.")})
    erased = []
    for user in list(inactive_users(days=days, now=now)):
        erased.append(user.get_username())
        person = Person.objects.filter(user=user).first()
        if person is not None:
            person_erase(person=person, actor=actor)
        else:
            user_erase(user=user)
    return erased


# The privacy notice promises that failed sign-in attempts (username, IP address) are kept for
# at most a day. django-axes only clears a username's attempts when that username tries again,
# so ``kunnskapsbro accounts purge-login-attempts`` runs hourly and deletes what is older than
# this; with the hour between runs, nothing is kept longer than a day.
LOGIN_ATTEMPT_RETENTION = timedelta(hours=23)


@transaction.atomic
def login_attempts_purge(
    *, older_than: timedelta = LOGIN_ATTEMPT_RETENTION, now: Any = None
) -> dict[str, int]:
    """Delete django-axes rows (attempts, failure and access logs) older than ``older_than``;
    the number deleted per kind. A lockout older than that ends with its attempts."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    if older_than <= timedelta(0):
        raise ValidationError({"older_than": _("Oppbevaringstiden må være positiv.")})
    cutoff = (now or timezone.now()) - older_than
    deleted = {}
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        _total, per_model = model.objects.filter(attempt_time__lt=cutoff).delete()
        deleted[model._meta.model_name] = per_model.get(model._meta.label, 0)
    return deleted
