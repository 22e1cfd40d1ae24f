"""OpenID Connect: ID-token validation, state handling and claim mapping (no browser)."""

from __future__ import annotations

import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client

from kunnskapsbro.accounts import oidc
from kunnskapsbro.accounts.models import OidcIdentity
from kunnskapsbro.accounts.services import oidc_login
from kunnskapsbro.tests_support.factories import OrganizationFactory, PersonFactory

ISSUER = "https://idporten.example.no"
PROVIDER = oidc.Provider(
    id="idporten",
    name="ID-porten",
    discovery_url=f"{ISSUER}/.well-known/openid-configuration",
    client_id="klient",
    required_acr=("idporten-loa-substantial",),
)


@pytest.fixture(scope="module")
def signing_key() -> Any:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _jwks(key: Any, kid: str = "k1") -> dict[str, Any]:
    public = jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
    return {"keys": [{**public, "kid": kid, "use": "sig", "alg": "RS256"}]}


def _token(key: Any, **overrides: Any) -> str:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": "klient",
        "sub": "abc",
        "iat": now,
        "exp": now + 120,
        "nonce": "n1",
        "acr": "idporten-loa-substantial",
        **overrides,
    }
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "k1"})


def _validate(token: str, keys: dict[str, Any], nonce: str = "n1") -> dict[str, Any]:
    return oidc.validate_id_token(PROVIDER, token, nonce=nonce, issuer=ISSUER, keys=keys)


def test_a_good_token_gives_its_claims(signing_key: Any) -> None:
    assert _validate(_token(signing_key), _jwks(signing_key))["sub"] == "abc"


@pytest.mark.parametrize(
    ("overrides", "nonce", "code"),
    [
        ({"nonce": "tampered"}, "n1", "nonce_mismatch"),
        ({}, "", "nonce_mismatch"),
        ({"acr": "idporten-loa-low"}, "n1", "acr_insufficient"),
        ({"acr": None}, "n1", "acr_insufficient"),
        ({"aud": "someone-else"}, "n1", "invalid_token"),
        ({"iss": "https://evil.example"}, "n1", "invalid_token"),
        ({"exp": int(time.time()) - 3600}, "n1", "expired"),
        ({"aud": ["klient", "other"], "azp": "other"}, "n1", "invalid_token"),
    ],
)
def test_tampered_tokens_are_refused(
    signing_key: Any, overrides: dict, nonce: str, code: str
) -> None:
    with pytest.raises(oidc.OidcError) as exc:
        _validate(_token(signing_key, **overrides), _jwks(signing_key), nonce=nonce)
    assert exc.value.code == code


def test_a_token_signed_by_another_key_is_refused(signing_key: Any) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(oidc.OidcError) as exc:
        _validate(_token(other), _jwks(signing_key))
    assert exc.value.code == "invalid_token"


def test_symmetric_and_unsigned_tokens_are_refused(signing_key: Any) -> None:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": "klient",
        "sub": "x",
        "iat": now,
        "exp": now + 60,
        "nonce": "n1",
    }
    for token in (
        jwt.encode(claims, "klient-hemmelighet-som-er-lang-nok-til-hs256!", algorithm="HS256"),
        jwt.encode(claims, None, algorithm="none"),
    ):
        with pytest.raises(oidc.OidcError) as exc:
            _validate(token, _jwks(signing_key))
        assert exc.value.code == "invalid_token"


def test_pkce_challenge_is_s256_of_the_verifier() -> None:
    # RFC 7636 appendix B
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert oidc.pkce_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_provider_urls_must_be_https_except_loopback() -> None:
    oidc._check_url("https://auth.dataporten.no/.well-known/openid-configuration", "x")
    oidc._check_url("http://127.0.0.1:8080/o", "x")
    with pytest.raises(oidc.OidcError):
        oidc._check_url("http://auth.example.no/", "x")


@pytest.fixture
def configured(settings: Any) -> None:
    settings.OIDC_PROVIDERS = [
        {
            "id": "idporten",
            "name": "ID-porten",
            "discovery_url": PROVIDER.discovery_url,
            "client_id": "k",
        }
    ]


def test_callback_with_unknown_state_is_refused_clearly(db: Any, configured: None) -> None:
    response = Client().get("/konto/oidc/idporten/tilbake/?code=abc&state=forged")
    assert response.status_code == 400
    assert b"state_mismatch" in response.content
    assert "Innloggingen mislyktes" in response.content.decode()


def test_callback_state_of_another_provider_is_refused(db: Any, settings: Any) -> None:
    settings.OIDC_PROVIDERS = [
        {"id": "idporten", "discovery_url": PROVIDER.discovery_url, "client_id": "k"},
        {"id": "feide", "discovery_url": PROVIDER.discovery_url, "client_id": "f"},
    ]
    client = Client()
    session = client.session
    session["oidc_flows"] = {
        "s1": {
            "provider": "feide",
            "state": "s1",
            "nonce": "n",
            "verifier": "v",
            "created": int(time.time()),
        }
    }
    session.save()
    response = client.get("/konto/oidc/idporten/tilbake/?code=abc&state=s1")
    assert response.status_code == 400 and b"state_mismatch" in response.content
    # the state is spent: the right provider cannot use it afterwards either
    assert "s1" not in client.session.get("oidc_flows", {})


def test_provider_error_is_a_clear_page_not_a_500(db: Any, configured: None) -> None:
    response = Client().get("/konto/oidc/idporten/tilbake/?error=access_denied&state=x")
    assert response.status_code == 400
    assert "avbrutt" in response.content.decode()


def test_unknown_provider_is_404(db: Any, configured: None) -> None:
    assert Client().get("/konto/oidc/nope/").status_code == 404


def test_login_page_shows_one_button_per_provider(db: Any, settings: Any) -> None:
    settings.OIDC_PROVIDERS = [
        {
            "id": "idporten",
            "name": "ID-porten",
            "discovery_url": PROVIDER.discovery_url,
            "client_id": "k",
        },
        {"id": "feide", "name": "Feide", "discovery_url": PROVIDER.discovery_url, "client_id": "f"},
    ]
    html = Client().get("/konto/logg-inn/").content.decode()
    assert 'href="/konto/oidc/idporten/"' in html and 'href="/konto/oidc/feide/"' in html
    assert 'name="password"' in html


# --- claim mapping ----------------------------------------------------------------------------


def test_first_login_creates_user_and_person_without_pid(db: Any) -> None:
    claims = {"sub": "s-1", "given_name": "Ola", "family_name": "Nordmann", "pid": "24014021406"}
    user = oidc_login(provider=PROVIDER, claims=claims)
    assert user.person.full_name == "Ola Nordmann"
    assert "24014021406" not in user.username
    assert not user.has_usable_password()
    assert OidcIdentity.objects.get(user=user).subject == "s-1"
    again = oidc_login(provider=PROVIDER, claims=claims)
    assert again == user and OidcIdentity.objects.count() == 1


def test_login_without_a_name_creates_no_person(db: Any) -> None:
    user = oidc_login(provider=PROVIDER, claims={"sub": "only-sub", "pid": "24014021406"})
    assert not hasattr(user, "person") or user.person is None


def test_unverified_email_does_not_take_over_a_person(db: Any) -> None:
    person = PersonFactory(email="kari@example.no")
    user = oidc_login(
        provider=PROVIDER,
        claims={"sub": "x", "email": "kari@example.no", "given_name": "K", "family_name": "N"},
    )
    person.refresh_from_db()
    assert person.user is None and user.person != person


def test_verified_email_links_the_existing_person_and_org_claim_adds_affiliation(db: Any) -> None:
    feide = oidc.Provider(
        id="feide",
        name="Feide",
        discovery_url="https://auth.dataporten.no/.well-known/openid-configuration",
        client_id="f",
        extra={"org_number_claim": "org", "affiliation_claim": "aff"},
    )
    org = OrganizationFactory()
    person = PersonFactory(email="kari@example.no")
    user = oidc_login(
        provider=feide,
        claims={
            "sub": "f-1",
            "email": "Kari@Example.no",
            "email_verified": True,
            "org": org.orgnr,
            "aff": ["faculty"],
        },
    )
    person.refresh_from_db()
    assert person.user == user
    assert person.affiliations.get().organization == org


def test_deactivated_account_cannot_sign_in(db: Any) -> None:
    from django.core.exceptions import ValidationError

    user = oidc_login(provider=PROVIDER, claims={"sub": "gone"})
    user.is_active = False
    user.save()
    with pytest.raises(ValidationError):
        oidc_login(provider=PROVIDER, claims={"sub": "gone"})
