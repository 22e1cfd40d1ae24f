"""Claims like ID-porten's and Feide's, per test user.

Every user gets ``pid`` (a synthetic national identity number) so the tests can prove it is
never stored; the user ``lav`` signs in on ``idporten-loa-low``, everyone else on
``idporten-loa-substantial``.
"""

from __future__ import annotations

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator

from tests.oidc_provider.constants import TEST_PID


class ClaimsValidator(OAuth2Validator):
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "pid": "openid",
        "acr": "openid",
        "org_number": "openid",
        "affiliation": "openid",
    }

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        user = request.user
        return {
            "given_name": user.first_name,
            "family_name": user.last_name,
            "name": f"{user.first_name} {user.last_name}".strip(),
            "email": user.email,
            "email_verified": True,
            "pid": TEST_PID,
            "acr": "idporten-loa-low" if user.username == "lav" else "idporten-loa-substantial",
            "org_number": "974760673",
            "affiliation": ["employee", "member"],
        }
