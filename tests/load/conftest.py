"""The load test starts a real server and wrk; register its marker here (pytest runs with
``--strict-markers``). Select it with ``pytest -m load``, leave it out with ``-m "not load"``."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "load: runs wrk against `kunnskapsbro serve --workers 2` on a fresh database"
    )
