"""The scale-out test starts real processes; register its marker here (pytest runs with
``--strict-markers``). Select it with ``pytest -m scaleout``, leave it out with
``-m "not scaleout"``."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "scaleout: starts two web processes and a task worker against one fresh database",
    )
