"""pytest fixtures: the test OpenID Connect provider as a real process.

``oidc_provider`` starts ``tests.oidc_provider.serve`` on a free 127.0.0.1 port with its own
SQLite database in a temporary directory, waits until its discovery document answers, and
kills it at the end of the session. ``oidc_settings`` points the app's ``OIDC_PROVIDERS`` at it:
"idporten" (requires ``idporten-loa-substantial``) and "feide" (asks for consent), side by side.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Provider:
    def __init__(self, url: str) -> None:
        self.url = url
        self.discovery_url = f"{url}/o/.well-known/openid-configuration"

    def config(self) -> list[dict[str, Any]]:
        return [
            {
                "id": "idporten",
                "name": "ID-porten",
                "discovery_url": self.discovery_url,
                "client_id": "idporten",
                "client_secret": "idporten-hemmelig",
                "scopes": ["openid", "profile"],
                "acr_values": "idporten-loa-substantial",
                "required_acr": ["idporten-loa-substantial", "idporten-loa-high"],
            },
            {
                "id": "feide",
                "name": "Feide",
                "discovery_url": self.discovery_url,
                "client_id": "feide",
                "client_secret": "feide-hemmelig",
                "scopes": ["openid", "profile", "email"],
                "trust_email": True,
                "org_number_claim": "org_number",
                "affiliation_claim": "affiliation",
            },
        ]


@pytest.fixture(scope="session")
def oidc_provider(live_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    port = _free_port()
    workdir = tmp_path_factory.mktemp("oidc-provider")
    env = {
        **os.environ,
        "OP_DB": str(workdir / "op.sqlite3"),
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    log = (workdir / "provider.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve", str(port), live_server.url],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    provider = Provider(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"The test OIDC provider exited ({process.returncode}): "
                    + (workdir / "provider.log").read_text()[-2000:],
                    pytrace=False,
                )
            try:
                if requests.get(provider.discovery_url, timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                pytest.fail("The test OIDC provider did not answer within 60 s", pytrace=False)
            time.sleep(0.3)
        yield provider
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture
def oidc_settings(oidc_provider: Provider, settings: Any) -> Provider:
    settings.OIDC_PROVIDERS = oidc_provider.config()
    return oidc_provider
