"""The OpenAPI schema is a contract: changes to it must be deliberate.

When this fails because you changed the API on purpose, refresh the snapshot and review the
diff in the same commit:

    UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest kunnskapsbro/tests_support/tests/test_openapi.py
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

SNAPSHOT = Path(__file__).resolve().parent.parent / "openapi_snapshot.json"


def test_openapi_matches_snapshot(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    current = json.dumps(response.json(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("UPDATE_OPENAPI_SNAPSHOT") == "1":
        SNAPSHOT.write_text(current, encoding="utf-8")
    assert SNAPSHOT.exists() and current == SNAPSHOT.read_text(encoding="utf-8"), (
        "The API schema changed. If that is intended, run "
        "`UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest kunnskapsbro/tests_support/tests/test_openapi.py` "
        "and commit kunnskapsbro/tests_support/openapi_snapshot.json with the change."
    )


def test_docs_page_has_no_inline_script_or_style(client):
    """The site's CSP has no 'unsafe-inline': the docs must load everything from files."""
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts
    for attributes, body in scripts:
        # A JSON data block is not executed, so CSP does not apply to it.
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes
        if "src=" in attributes:
            assert not body.strip()
    assert "<style" not in html
    assert " style=" not in html
    assert "cdn" not in html.lower()
    csp = response.get("Content-Security-Policy", "")
    if csp:
        assert "unsafe-inline" not in csp
    for src in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert client.get(src).status_code == 200, src
