"""A small OpenID Connect client: authorization code flow with PKCE, state and nonce.

Providers (ID-porten, Feide, Entra ID, …) come from ``settings.OIDC_PROVIDERS``. The flow:

1. ``authorization_request`` makes a fresh ``state``, ``nonce`` and PKCE ``code_verifier``
   (S256), which the view keeps in the session, and the provider URL to send the browser to.
2. On the callback, the view pops the flow saved under the returned ``state`` (an unknown or
   reused state is refused), ``exchange_code`` trades the code and the verifier for tokens, and
   ``validate_id_token`` checks the signature against the provider's JWKS, the issuer, the
   audience, expiry, the nonce and, where the provider requires it, the ``acr`` level.

Only the validated claims leave this module; nothing here touches the database.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import jwt
import requests
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

# Asymmetric algorithms only: an HS256 token would be "signed" with the client secret.
ALLOWED_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"]
DISCOVERY_CACHE_SECONDS = 3600
CLOCK_SKEW_SECONDS = 60


class OidcError(Exception):
    """A refused sign-in. ``code`` names the reason for the error page and the tests."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Provider:
    id: str
    name: str
    discovery_url: str
    client_id: str
    client_secret: str = ""
    scopes: tuple[str, ...] = ("openid", "profile", "email")
    acr_values: str = ""
    required_acr: tuple[str, ...] = ()
    trust_email: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _check_url(url: str, what: str) -> None:
    """Provider URLs must be HTTPS; plain HTTP only to the loopback address (test providers)."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return
    host = parts.hostname or ""
    loopback = host == "localhost"
    try:
        loopback = loopback or ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    if parts.scheme == "http" and loopback:
        return
    raise OidcError(
        "configuration", _("%(what)s må bruke https: %(url)s") % {"what": what, "url": url}
    )


def providers() -> list[Provider]:
    """The configured providers, in the order the login page shows them."""
    result = []
    for raw in getattr(settings, "OIDC_PROVIDERS", []) or []:
        known = {
            "id",
            "name",
            "discovery_url",
            "client_id",
            "client_secret",
            "scopes",
            "acr_values",
            "required_acr",
            "trust_email",
        }
        result.append(
            Provider(
                id=str(raw["id"]),
                name=str(raw.get("name") or raw["id"]),
                discovery_url=str(raw["discovery_url"]),
                client_id=str(raw["client_id"]),
                client_secret=str(raw.get("client_secret", "")),
                scopes=tuple(raw.get("scopes") or ("openid", "profile", "email")),
                acr_values=str(raw.get("acr_values", "")),
                required_acr=tuple(raw.get("required_acr") or ()),
                trust_email=bool(raw.get("trust_email", False)),
                extra={k: v for k, v in raw.items() if k not in known},
            )
        )
    return result


def provider_by_id(provider_id: str) -> Provider | None:
    return next((p for p in providers() if p.id == provider_id), None)


def _get_json(url: str) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=settings.OIDC_HTTP_TIMEOUT)
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as exc:
        raise OidcError(
            "provider_unavailable",
            _("Innloggingstjenesten svarer ikke akkurat nå. Prøv igjen om litt."),
        ) from exc


def metadata(provider: Provider) -> dict[str, Any]:
    """The provider's discovery document (cached for an hour)."""
    _check_url(provider.discovery_url, "discovery_url")
    key = "oidc-meta:" + hashlib.sha256(provider.discovery_url.encode()).hexdigest()
    meta = cache.get(key)
    if meta is None:
        meta = _get_json(provider.discovery_url)
        for name in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not meta.get(name):
                raise OidcError("configuration", f"discovery document lacks {name}")
            if name != "issuer":
                _check_url(meta[name], name)
        cache.set(key, meta, DISCOVERY_CACHE_SECONDS)
    return meta


def jwks(provider: Provider, *, refresh: bool = False) -> dict[str, Any]:
    """The provider's signing keys; fetched again once when a token names an unknown key."""
    meta = metadata(provider)
    key = "oidc-jwks:" + hashlib.sha256(meta["jwks_uri"].encode()).hexdigest()
    keys = None if refresh else cache.get(key)
    if keys is None:
        keys = _get_json(meta["jwks_uri"])
        cache.set(key, keys, DISCOVERY_CACHE_SECONDS)
    return keys


def pkce_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def authorization_request(provider: Provider, redirect_uri: str) -> tuple[str, dict[str, Any]]:
    """The URL to send the browser to, and the flow to keep in the session under its state."""
    meta = metadata(provider)
    flow = {
        "provider": provider.id,
        "state": secrets.token_urlsafe(32),
        "nonce": secrets.token_urlsafe(32),
        "verifier": secrets.token_urlsafe(64),
        "redirect_uri": redirect_uri,
        "created": int(time.time()),
    }
    params = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": redirect_uri,
        "scope": " ".join(provider.scopes),
        "state": flow["state"],
        "nonce": flow["nonce"],
        "code_challenge": pkce_challenge(flow["verifier"]),
        "code_challenge_method": "S256",
    }
    if provider.acr_values:
        params["acr_values"] = provider.acr_values
    separator = "&" if "?" in meta["authorization_endpoint"] else "?"
    return meta["authorization_endpoint"] + separator + urlencode(params), flow


def exchange_code(provider: Provider, *, code: str, flow: dict[str, Any]) -> dict[str, Any]:
    """Trade the authorization code (and the PKCE verifier) for tokens at the token endpoint."""
    meta = metadata(provider)
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": flow["redirect_uri"],
        "code_verifier": flow["verifier"],
        "client_id": provider.client_id,
    }
    auth = (provider.client_id, provider.client_secret) if provider.client_secret else None
    try:
        response = requests.post(
            meta["token_endpoint"],
            data=data,
            auth=auth,
            timeout=settings.OIDC_HTTP_TIMEOUT,
            headers={"Accept": "application/json"},
        )
    except requests.RequestException as exc:
        raise OidcError(
            "provider_unavailable",
            _("Innloggingstjenesten svarer ikke akkurat nå. Prøv igjen om litt."),
        ) from exc
    if response.status_code != 200:
        raise OidcError("token_refused", _("Innloggingstjenesten godtok ikke innloggingen."))
    try:
        tokens = response.json()
    except ValueError as exc:
        raise OidcError(
            "token_refused", _("Innloggingstjenesten svarte med noe uleselig.")
        ) from exc
    if not tokens.get("id_token"):
        raise OidcError("token_refused", _("Innloggingstjenesten sendte ingen ID-token."))
    return tokens


def validate_id_token(
    provider: Provider,
    id_token: str,
    *,
    nonce: str,
    issuer: str,
    keys: dict[str, Any],
    now: float | None = None,
) -> dict[str, Any]:
    """Check an ID token and return its claims, or raise ``OidcError``.

    Signature (a key from the provider's JWKS, asymmetric algorithms only), ``iss``, ``aud``
    (and ``azp`` when several audiences), ``exp``/``iat``, ``nonce``, and ``acr`` when the
    provider lists required levels.
    """
    try:
        header = jwt.get_unverified_header(id_token)
    except jwt.PyJWTError as exc:
        raise OidcError("invalid_token", _("ID-tokenet kunne ikke leses.")) from exc
    algorithm = header.get("alg")
    if algorithm not in ALLOWED_ALGORITHMS:
        raise OidcError(
            "invalid_token", _("ID-tokenet er signert med en algoritme vi ikke godtar.")
        )
    candidates = [
        k
        for k in keys.get("keys", [])
        if (not header.get("kid") or k.get("kid") == header.get("kid"))
        and k.get("use", "sig") == "sig"
    ]
    if not candidates:
        raise OidcError("unknown_key", _("ID-tokenet er signert med en ukjent nøkkel."))
    last_error: Exception | None = None
    claims: dict[str, Any] | None = None
    for candidate in candidates:
        try:
            key = jwt.PyJWK.from_dict(candidate, algorithm=algorithm).key
            claims = jwt.decode(
                id_token,
                key=key,
                algorithms=[algorithm],
                audience=provider.client_id,
                issuer=issuer,
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
            break
        except jwt.ExpiredSignatureError as exc:
            raise OidcError("expired", _("Innloggingen er utløpt. Prøv igjen.")) from exc
        except (jwt.InvalidAudienceError, jwt.InvalidIssuerError) as exc:
            raise OidcError(
                "invalid_token", _("ID-tokenet er ikke utstedt av eller til rett tjeneste.")
            ) from exc
        except jwt.PyJWTError as exc:
            last_error = exc
    if claims is None:
        raise OidcError("invalid_token", _("ID-tokenets signatur er ugyldig.")) from last_error
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != provider.client_id:
        raise OidcError("invalid_token", _("ID-tokenet er ikke utstedt til denne tjenesten."))
    if not nonce or not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise OidcError(
            "nonce_mismatch", _("Innloggingen kunne ikke bekreftes (nonce). Prøv igjen.")
        )
    if provider.required_acr and claims.get("acr") not in provider.required_acr:
        raise OidcError(
            "acr_insufficient",
            _(
                "%(provider)s bekreftet innloggingen på et for lavt sikkerhetsnivå. Logg inn "
                "med et sikkerhetsnivå som gir tilgang (for eksempel BankID eller MinID med app)."
            )
            % {"provider": provider.name},
        )
    return claims


def complete(provider: Provider, *, code: str, flow: dict[str, Any]) -> dict[str, Any]:
    """Exchange the code and validate the ID token; the claims of a good sign-in."""
    tokens = exchange_code(provider, code=code, flow=flow)
    meta = metadata(provider)
    try:
        header_kid = jwt.get_unverified_header(tokens["id_token"]).get("kid")
    except jwt.PyJWTError as exc:
        raise OidcError("invalid_token", _("ID-tokenet kunne ikke leses.")) from exc
    keys = jwks(provider)
    if header_kid and not any(k.get("kid") == header_kid for k in keys.get("keys", [])):
        keys = jwks(provider, refresh=True)  # the provider rotated its keys
    return validate_id_token(
        provider, tokens["id_token"], nonce=flow["nonce"], issuer=meta["issuer"], keys=keys
    )
