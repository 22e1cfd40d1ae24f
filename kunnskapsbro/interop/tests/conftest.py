"""Shared fixtures for the import tests: the real data beside the repository, a partnership."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from kunnskapsbro.interop import services
from kunnskapsbro.interop.models import ImportJob
from kunnskapsbro.tests_support.factories import PartnershipFactory


def shared_data() -> Path:
    """``../shared/data`` beside the repository; missing data is a failure, never a skip."""
    path = Path(settings.BASE_DIR).parent.parent / "shared" / "data"
    if not (path / "README.md").is_file():
        raise RuntimeError(
            f"The shared data folder is missing: expected {path} (a copy of shared/ beside the "
            "repository). The import tests need it."
        )
    return path


DATA = shared_data()
RCN_EU = DATA / "forskningsradet_open-data" / "bevilgningereu" / "dataset.csv"
RCN_APPLICATIONS = DATA / "forskningsradet_open-data" / "soknader2" / "sample.csv"
CORDIS_PROJECTS = DATA / "cordis_h2020_subset_semiconductor" / "project.json"
CORDIS_ORGANIZATIONS = DATA / "cordis_h2020_subset_semiconductor" / "organization.json"
NVA_DIR = DATA / "nva-cristin-service" / "cristin-project" / "src" / "test" / "resources"


@pytest.fixture
def partnership(db: Any) -> Any:
    return PartnershipFactory(slug="trd30", name="TRD3.0")


@pytest.fixture
def run_import(partnership: Any, settings: Any, tmp_path: Path) -> Any:
    """Create, preview and (with commit=True) commit a job; returns the job."""
    settings.MEDIA_ROOT = tmp_path

    def run(
        fmt: str,
        data: bytes,
        *,
        commit: bool = True,
        filename: str = "file",
        actor: Any = None,
        **kwargs: Any,
    ) -> ImportJob:
        job = services.import_job_create(
            fmt=fmt, data=data, filename=filename, partnership=partnership, actor=actor, **kwargs
        )
        job = services.import_job_preview(job=job, actor=actor)
        if commit and job.can_commit:
            job = services.import_job_commit(job=job, actor=actor)
        return job

    return run
