"""Fuzz the whole API from its own OpenAPI schema: whatever the input, never a server error.

Reads run anonymously; writes run with a bearer token of a signed-in test user, against a small
portfolio so generated ids sometimes hit real rows. Bounded so it stays a few seconds per
endpoint; raise MAX_EXAMPLES locally to search harder.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis import GenerationConfig  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from kunnskapsbro.wsgi import application  # noqa: E402

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "25"))

# ninja emits OpenAPI 3.1; schemathesis 3.x handles it when told to treat it as 3.0.
# Auth is ours to send (a real token): generated session cookies and bearer values would only
# exercise Django's session middleware, not the API.
schema = schemathesis.from_wsgi(
    "/api/v1/openapi.json",
    application,
    force_schema_version="30",
    generation_config=GenerationConfig(with_security_parameters=False),
)


@pytest.fixture
def fuzz_world(transactional_db: Any) -> dict[str, Any]:
    """A few rows with low ids, and a writer token; search indexing runs for real."""
    from kunnskapsbro.accounts.services import api_token_create
    from kunnskapsbro.tests_support.factories import (
        CrossCuttingElementFactory,
        FocusAreaFactory,
        OrganizationFactory,
        OrgUnitFactory,
        PartnershipFactory,
        PersonFactory,
        ProjectFactory,
        UserFactory,
    )

    partnership = PartnershipFactory(slug="trd30")
    area = FocusAreaFactory(partnership=partnership)
    element = CrossCuttingElementFactory(partnership=partnership)
    unit = OrgUnitFactory()
    OrganizationFactory()
    PersonFactory()
    ProjectFactory(
        partnership=partnership,
        visibility="public",
        focus_areas=[area],
        elements=[element],
        municipal_units=[unit],
    )
    ProjectFactory(partnership=partnership, visibility="internal")
    user = UserFactory(username="fuzzer")
    _, token = api_token_create(user=user, name="schemathesis", scope="write")
    return {"token": token}


_settings = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


@schema.parametrize(method="GET")
@_settings
def test_reads_never_fail_on_the_server(case: Any, fuzz_world: dict[str, Any]) -> None:
    response = case.call_wsgi()
    case.validate_response(response, checks=(not_a_server_error,))


@schema.parametrize(method=["POST", "PATCH"])
@_settings
def test_writes_never_fail_on_the_server(case: Any, fuzz_world: dict[str, Any]) -> None:
    response = case.call_wsgi(headers={"Authorization": f"Bearer {fuzz_world['token']}"})
    case.validate_response(response, checks=(not_a_server_error,))
